// Builders and recorded inputs for the unit tests. Defaults describe one healthy-looking but unclaimed v1
// agent: a running `netdata/netdata:v1.47.5` container named `netdata` with the named volume `netdatalib`
// at /var/lib/netdata, a readable machine GUID, the claim script in place, no claim configured.
// Every builder takes deep overrides: plain objects merge, arrays/Dates/`Read` values replace, and an
// explicit `undefined` removes a key (e.g. `{ container: { startedAt: undefined } }`).

import assert from 'node:assert/strict';
import { buildViews, type NodeView } from '../../src/view/node-view.ts';
import type { EngineCheck, EngineCheckContext, Finding, NodeCheck, NodeCheckContext } from '../../src/checks/types.ts';
import {
  readFailed,
  readOk,
  type AgentApiFacts,
  type ProbeResult,
  type AgentFiles,
  type ContainerFacts,
  type DiscoveryFacts,
  type EngineFacts,
  type GatheredFacts,
  type LogLine,
  type NodeFacts,
  type Read,
  type RunSpec,
} from '../../src/facts/types.ts';

// ---------------------------------------------------------------------------------------------------
// Fixed values

/** "Now" for every time-dependent rule: checks never read the wall clock. */
export const NOW = new Date('2026-11-23T20:00:00.000Z');
export const minutesAgo = (m: number): Date => new Date(NOW.getTime() - m * 60_000);
export const secondsAgo = (s: number): Date => new Date(NOW.getTime() - s * 1_000);
/** Default StartedAt: ten minutes before NOW, well past the 60 s start period. */
export const STARTED = minutesAgo(10);
export const START_PERIOD_MS = 60_000;

/** A distinctive claim token: no test may ever find it in a finding, a report or an output. */
export const TOKEN = 'SeededClaimToken-q7ZkP9wR2mV4nB8cD1fG3hJ5kL0pQ6sT9uY2xA4zE7iO1rW3yU5tN8mK0jH2gF4dS6aZ9_CAFEBABE';
export const CLAIM_URL = 'https://app.netdata.cloud';
export const ROOM = 'b2c5f1aa-4f0e-4b8e-9b1e-7d3c2a1f0e99';
export const GUID = '3f0c8a52-6a1e-4c1f-9a55-0d2b7e4c9a11';
/** A v2 claim ID (random, differs from the GUID). */
export const V2_CLAIM_ID = '0912a40b-832f-4bbc-bdbe-7e2a7321bc95';
export const CONTAINER_ID = 'c0ffee0123456789abcdef0123456789abcdef0123456789abcdef0123456789';
export const VOLUME = 'netdatalib';
export const ANON_VOLUME = 'f'.repeat(8) + '0123456789abcdef0123456789abcdef0123456789abcdef01234567';
export const V1_IMAGE = 'netdata/netdata:v1.47.5';
export const V2_IMAGE = 'netdata/netdata:v2.10.4';

/** The environment of a configured claim (v1 needs URL and token; rooms as the "Connect Nodes" page gives them). */
export const claimEnv = (extra: Record<string, string | undefined> = {}): Record<string, string | undefined> => ({
  NETDATA_CLAIM_TOKEN: TOKEN,
  NETDATA_CLAIM_URL: CLAIM_URL,
  NETDATA_CLAIM_ROOMS: ROOM,
  ...extra,
});

export const composeLabels = (service: string, project = 'monitoring'): Record<string, string> => ({
  'com.docker.compose.project': project,
  'com.docker.compose.service': service,
  'com.docker.compose.container-number': '1',
});

// ---------------------------------------------------------------------------------------------------
// Deep overrides

export type DeepPartial<T> = T extends Date | readonly unknown[] | Buffer
  ? T
  : T extends { ok: boolean }
    ? T
    : T extends object
      ? { [K in keyof T]?: DeepPartial<T[K]> | undefined }
      : T;

const isPlain = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !Buffer.isBuffer(v);

/** Merge `over` into a copy of `base`. `Read` values (objects with `ok`) replace, never merge. */
export function merge<T>(base: T, over: unknown): T {
  if (over === undefined) return base;
  if (!isPlain(base) || !isPlain(over) || 'ok' in over) return over as T;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) delete out[key];
    else out[key] = key in out ? merge(out[key], value) : value;
  }
  return out as T;
}

// ---------------------------------------------------------------------------------------------------
// Facts builders

export function containerFacts(over?: DeepPartial<ContainerFacts>): ContainerFacts {
  const base: ContainerFacts = {
    id: CONTAINER_ID,
    name: 'netdata',
    image: V1_IMAGE,
    labels: {},
    env: {},
    argv: ['/usr/sbin/run.sh'],
    status: 'running',
    restarting: false,
    exitCode: 0,
    stateError: '',
    oomKilled: false,
    startedAt: STARTED,
    restartCount: 0,
    restartPolicy: { name: 'unless-stopped', maximumRetryCount: 0 },
    mounts: [
      { type: 'volume', name: VOLUME, source: `/var/lib/docker/volumes/${VOLUME}/_data`, destination: '/var/lib/netdata', rw: true },
    ],
    securityOpt: [],
    readonlyRootfs: false,
    networkMode: 'bridge',
    networks: [{ name: 'bridge', ip: '172.17.0.2' }],
    ports: [],
  };
  const merged = merge(base, over);
  // Compose labels imply compose fields, as containerFactsFromInspect derives them.
  const service = merged.labels['com.docker.compose.service'];
  if (service && merged.composeService === undefined) merged.composeService = service;
  const project = merged.labels['com.docker.compose.project'];
  if (project && merged.composeProject === undefined) merged.composeProject = project;
  // Env values given as undefined were removed by merge; drop any left by a spread.
  merged.env = Object.fromEntries(Object.entries(merged.env).filter(([, v]) => v !== undefined)) as Record<string, string>;
  // As gather gives it: the spec the remedy steps are built from ({ spec: undefined }: a container not inspected).
  if (!(over && 'spec' in over)) merged.spec = specFromFacts(merged);
  return merged;
}

/** The RunSpec runSpecFromInspect would give for these facts (what the checks' steps are built from). */
export function specFromFacts(c: ContainerFacts): RunSpec {
  const labels = c.labels;
  const project = labels['com.docker.compose.project'];
  const service = labels['com.docker.compose.service'];
  return {
    name: c.name,
    image: c.image,
    imageId: `sha256:${'ab'.repeat(32)}`,
    shortId: c.id.slice(0, 12),
    imageDiffed: true,
    env: Object.entries(c.env).map(([k, v]) => `${k}=${v}`),
    labels: {},
    mounts: c.mounts.map((m) =>
      m.type === 'tmpfs'
        ? { type: 'tmpfs' as const, target: m.destination, options: '' }
        : m.type === 'volume'
          ? {
              type: 'volume' as const,
              name: m.name ?? '',
              target: m.destination,
              readOnly: !m.rw,
              anonymous: /^[0-9a-f]{64}$/.test(m.name ?? ''),
            }
          : { type: 'bind' as const, source: m.source, target: m.destination, readOnly: !m.rw },
    ),
    ports: [],
    publishAll: false,
    expose: [],
    networkMode: c.networkMode,
    networks: [],
    links: [],
    restart: c.restartPolicy,
    autoRemove: false,
    capAdd: [],
    capDrop: [],
    securityOpt: c.securityOpt,
    privileged: false,
    readOnly: c.readonlyRootfs,
    devices: [],
    deviceCgroupRules: [],
    memory: 0,
    memoryReservation: 0,
    memorySwap: 0,
    nanoCpus: 0,
    cpuShares: 0,
    cpuPeriod: 0,
    cpuQuota: 0,
    blkioWeight: 0,
    oomKillDisable: false,
    oomScoreAdj: 0,
    dns: [],
    dnsSearch: [],
    dnsOptions: [],
    extraHosts: [],
    logOptions: {},
    ulimits: [],
    sysctls: {},
    groupAdd: [],
    init: false,
    volumesFrom: [],
    tty: false,
    interactive: false,
    ...(project && service
      ? { compose: { project, service, workingDir: '/srv/monitoring', configFiles: ['/srv/monitoring/compose.yaml'] } }
      : {}),
  };
}

export function agentFiles(over?: DeepPartial<AgentFiles>): AgentFiles {
  const base: AgentFiles = {
    machineGuid: readOk(GUID),
    claimedId: readFailed('/var/lib/netdata/cloud.d/claimed_id does not exist', true),
    cloudConf: readFailed('/var/lib/netdata/cloud.d/cloud.conf does not exist', true),
    claimConf: readFailed('/etc/netdata/claim.conf does not exist', true),
    statusFile: readFailed('/var/lib/netdata/status-netdata.json does not exist', true),
    claimScript: readOk({ kind: 'file', mode: 0o100755, size: 13_734 }),
  };
  return merge(base, over);
}

export interface NodeOverrides {
  container?: DeepPartial<ContainerFacts>;
  logs?: Read<LogLine[]>;
  files?: DeepPartial<AgentFiles>;
  exec?: NodeFacts['exec'];
  api?: NodeFacts['api'];
  network?: NodeFacts['network'];
}

export function nodeFacts(over: NodeOverrides = {}): NodeFacts {
  const node: NodeFacts = {
    container: containerFacts(over.container),
    logs: over.logs ?? readOk([]),
    files: agentFiles(over.files),
    exec: over.exec ?? { unavailable: 'exec disabled (DOCTOR_EXEC=never)' },
  };
  if (over.api) node.api = over.api;
  if (over.network) node.network = over.network;
  return node;
}

/** A v2.10.4 agent: no claim script in the image, /etc/netdata persisted too. */
export function v2NodeFacts(over: NodeOverrides = {}): NodeFacts {
  const base: NodeOverrides = {
    container: {
      image: V2_IMAGE,
      argv: ['/usr/sbin/run.sh'],
      mounts: [
        { type: 'volume', name: VOLUME, source: `/var/lib/docker/volumes/${VOLUME}/_data`, destination: '/var/lib/netdata', rw: true },
        {
          type: 'volume',
          name: 'netdataconfig',
          source: '/var/lib/docker/volumes/netdataconfig/_data',
          destination: '/etc/netdata',
          rw: true,
        },
      ],
    },
    files: { claimScript: readFailed('/usr/sbin/netdata-claim.sh does not exist', true) },
  };
  return nodeFacts({
    container: merge(base.container, over.container),
    files: merge(base.files, over.files),
    ...(over.logs ? { logs: over.logs } : {}),
    ...(over.exec ? { exec: over.exec } : {}),
    ...(over.api ? { api: over.api } : {}),
    ...(over.network ? { network: over.network } : {}),
  });
}

/** A v1 agent that claimed successfully (claimed_id = machine GUID, cloud.conf as the script writes it). */
export function claimedV1Files(): DeepPartial<AgentFiles> {
  return { claimedId: readOk(GUID), cloudConf: readOk(V1_CLOUD_CONF) };
}

/** A v2 agent's cloud.conf after a successful claim (tab-indented, token kept, commented defaults). */
export const V2_CLOUD_CONF = `[global]\n\turl = ${CLAIM_URL}\n\ttoken = ${TOKEN}\n\trooms = ${ROOM}\n\t# proxy = env\n\tinsecure = no\n\tmachine_guid = ${GUID}\n\tclaimed_id = ${V2_CLAIM_ID}\n\thostname = netdata\n`;

export function engineFacts(over?: DeepPartial<EngineFacts>): EngineFacts {
  const base: EngineFacts = {
    reachable: true,
    endpoint: 'unix:///var/run/docker.sock',
    version: '27.3.1',
    apiVersion: '1.47',
    info: readOk({
      securityOptions: ['name=apparmor', 'name=seccomp,profile=builtin', 'name=cgroupns'],
      kernelVersion: '6.8.0-49-generic',
      operatingSystem: 'Ubuntu 24.04.1 LTS',
    }),
    permissions: { exec: 'allowed', archive: 'allowed', info: 'allowed' },
  };
  return merge(base, over);
}

export function discoveryFacts(over?: DeepPartial<DiscoveryFacts>): DiscoveryFacts {
  const base: DiscoveryFacts = {
    mode: 'auto',
    requested: ['netdata'],
    missing: [],
    unreadable: [],
    matchedBy: 'image',
    unlabelledCandidates: 1,
  };
  return merge(base, over);
}

export function gatheredFacts(
  over: { engine?: DeepPartial<EngineFacts>; discovery?: DeepPartial<DiscoveryFacts>; nodes?: NodeFacts[]; at?: Date } = {},
): GatheredFacts {
  const nodes = over.nodes ?? [nodeFacts()];
  return {
    engine: engineFacts(over.engine),
    discovery: discoveryFacts({ requested: nodes.map((n) => n.container.name), ...over.discovery }),
    nodes,
    at: over.at ?? NOW,
  };
}

// ---------------------------------------------------------------------------------------------------
// Agent API answers and network probes

/** The agent API as reached over a shared network, answering the given paths with HTTP 200. */
export function agentApi(answers: Record<string, unknown>, via = 'network bridge'): AgentApiFacts {
  return {
    via,
    url: 'http://172.17.0.2:19999',
    answers: Object.fromEntries(
      Object.entries(answers).map(([path, body]) => [
        path,
        readOk({ status: 200, body: typeof body === 'string' ? body : JSON.stringify(body) }),
      ]),
    ),
  };
}

/** `GET /api/v3/info` of a v2.10.4 agent with the given `agents[0].cloud` object and node id (observed-v2.10.4.md). */
export const v3Info = (cloud: Record<string, unknown>, nd: string | null = null) => ({
  version: 'v2.10.4',
  agents: [{ mg: GUID, nd, nm: 'vm', application: { package: { version: 'v2.10.4' } }, cloud }],
});

/** The recorded `agents[0].cloud` objects of observed-v2.10.4.md (ids and times as recorded). */
export const V2_CLOUD = {
  online: {
    id: 1,
    status: 'online',
    since: 1795460387,
    age: 4,
    claim_id: '0912a40b-832f-4bbc-bdbe-7e2a7321bc95',
    url: 'https://cloud.test:35673',
    reason: '',
  },
  neverConnected: {
    id: 0,
    status: 'offline',
    since: 1795460393,
    age: 4,
    claim_id: '4ca92c49-5b41-4144-8465-ef68f8fb96fa',
    url: 'https://cloud.test:34341',
    reason: '/env response code is not 200',
    next_check: 1795460398,
    next_in: 1,
  },
  banned: {
    id: 0,
    status: 'banned',
    since: 1795460399,
    age: 1,
    claim_id: 'de4d5937-8583-4b8f-ab57-520d3408a965',
    url: 'https://cloud.test:46337',
    reason: 'Agent is banned from Netdata Cloud',
  },
  offlineSocket: {
    id: 1,
    status: 'offline',
    since: 1795460406,
    age: 3,
    claim_id: '83222141-5cae-4a3e-8866-feae6eb82699',
    url: 'https://cloud.test:43003',
    reason: 'disconnected, socket error',
    next_check: 1795460410,
    next_in: 1,
  },
  refused: {
    id: 1,
    status: 'offline',
    since: 1795460418,
    age: 4,
    claim_id: '7e6c4c36-acb4-440f-af22-d9b2b4dc34b1',
    url: 'https://cloud.test:56293',
    reason: 'connection refused',
  },
  claimRejected: {
    id: 0,
    status: 'available',
    since: 1795460410,
    age: 2,
    url: 'https://app.netdata.cloud',
    reason: 'Failed: token is expired, not found, or invalid',
  },
} as const;

export function probeResult(over: Partial<ProbeResult> = {}): ProbeResult {
  return {
    origin: 'agent',
    target: {
      url: 'https://app.netdata.cloud',
      host: 'app.netdata.cloud',
      port: 443,
      mqttUrl: 'wss://mqtt.netdata.cloud/mqtt',
      source: 'default',
    },
    proxy: { url: null, source: 'no proxy configured' },
    dns: { ok: true, addresses: ['104.18.24.78'] },
    http: { ok: true, status: 404 },
    websocket: { ok: true, status: 101 },
    at: NOW,
    ...over,
  };
}

// ---------------------------------------------------------------------------------------------------
// Check contexts and runners

export interface ContextOptions {
  /** Other agents diagnosed in the same pass; the node itself is added. */
  others?: NodeFacts[];
  engine?: EngineFacts;
  startPeriodMs?: number;
  now?: Date;
}

export function nodeContext(node: NodeFacts, options: ContextOptions = {}): NodeCheckContext {
  const startPeriodMs = options.startPeriodMs ?? START_PERIOD_MS;
  const now = options.now ?? NOW;
  const fleet = buildViews(
    { engine: options.engine ?? engineFacts(), discovery: discoveryFacts(), nodes: [node, ...(options.others ?? [])], at: now },
    startPeriodMs,
  );
  return { ...fleet[0]!, engine: options.engine ?? engineFacts(), fleet, startPeriodMs, now };
}

/** The node's view as a pass builds it (alone in its fleet). */
export function nodeView(node: NodeFacts, options: ContextOptions = {}): NodeView {
  const { engine: _engine, fleet: _fleet, startPeriodMs: _start, now: _now, ...view } = nodeContext(node, options);
  return view;
}

/** Throws when `secret` appears anywhere in `value` (JSON), with the place it was found. */
export function assertNoSecret(value: unknown, secret = TOKEN): void {
  const json = JSON.stringify(value) ?? '';
  const at = json.indexOf(secret);
  assert.equal(at, -1, `the secret leaked: …${json.slice(Math.max(0, at - 80), at + 20)}…`);
  // Also no recognisable piece of it (a truncated token is still a leak).
  assert.ok(!json.includes(secret.slice(0, 24)), 'a prefix of the secret leaked');
}

/** Run a node check on a node (and optional fleet), assert the shape every finding shares, and that it leaks no token. */
export function runNodeCheck(check: NodeCheck, node: NodeFacts, options: ContextOptions = {}): Finding {
  const f = check(nodeContext(node, options));
  assertFindingShape(f);
  // Without a spec (a container not inspected) the remedy text alone carries the fix.
  if (node.container.spec) assertStepsOrReason(f);
  assertNoSecret(f);
  return f;
}

export function runEngineCheck(check: EngineCheck, ctx: Partial<EngineCheckContext> = {}): Finding {
  const f = check({ engine: ctx.engine ?? engineFacts(), discovery: ctx.discovery ?? discoveryFacts() });
  assertFindingShape(f);
  assertStepsOrReason(f);
  assertNoSecret(f);
  return f;
}

/**
 * CONTRACT §4: a fail/warn finding carries its fix as steps, or [] with the reason in its remedy ("No steps: …");
 * a pass or skip has none. Steps write the claim token only as $NETDATA_CLAIM_TOKEN.
 */
export function assertStepsOrReason(f: Finding): void {
  if (f.status === 'pass' || f.status === 'skip') {
    assert.deepEqual(f.steps, [], `${f.id} ${f.status} with steps`);
    return;
  }
  const reason = /No steps: [^.]+\./.test(f.remedy ?? '');
  assert.ok(f.steps.length > 0 || reason, `${f.cause}: no steps and no "No steps: <why>." in the remedy: ${f.remedy}`);
  assert.ok(!(f.steps.length > 0 && reason), `${f.cause}: steps, yet the remedy says there are none: ${f.remedy}`);
  for (const step of f.steps) {
    assert.ok(['host', 'agent', 'compose'].includes(step.where), `${f.cause}: step where=${step.where}`);
    assert.ok(step.run.trim().length > 0, `${f.cause}: empty step`);
    if (step.where === 'agent') assert.match(step.run, /^docker exec /, `${f.cause}: an agent step is its docker exec line`);
    assert.ok(
      !/NETDATA_CLAIM_TOKEN=(?!"\$NETDATA_CLAIM_TOKEN"|\$\{NETDATA_CLAIM_TOKEN\})/.test(step.run),
      `${f.cause}: a token value in a step: ${step.run}`,
    );
  }
}

export function assertFindingShape(f: Finding): void {
  assert.ok(f.summary.trim().length > 0, `${f.id}: empty summary`);
  assert.ok(!f.summary.includes('\n'), `${f.id}: summary is not one line: ${f.summary}`);
  assert.equal(f.docs, `docs/checks/${f.id}.md`);
  if (f.status === 'warn' || f.status === 'fail')
    assert.ok(f.remedy && f.remedy.trim().length > 0, `${f.id} ${f.status} without a remedy: ${f.summary}`);
  for (const [key, item] of Object.entries(f.evidence)) {
    assert.equal(typeof item.source, 'string', `${f.id}: evidence ${key} has no source`);
    assert.ok(item.source.length > 0, `${f.id}: evidence ${key} has an empty source`);
  }
}

/** Assert status, with the summary in the message so a failure explains itself. */
export function assertStatus(f: Finding, status: Finding['status']): void {
  assert.equal(f.status, status, `${f.id}: expected ${status}, got ${f.status}: ${f.summary}${f.remedy ? ` | remedy: ${f.remedy}` : ''}`);
}

// ---------------------------------------------------------------------------------------------------
// Log lines

export interface LineOptions {
  stream?: LogLine['stream'];
  run?: LogLine['run'];
}

/** Lines of text as LogLines (stderr, current run unless told otherwise); empty lines dropped, like gather. */
export function logLines(text: string | readonly string[], options: LineOptions = {}): LogLine[] {
  const all = typeof text === 'string' ? text.split(/\r?\n/) : text.flatMap((t) => t.split(/\r?\n/));
  return all.filter((t) => t.length > 0).map((t) => ({ stream: options.stream ?? 'stderr', text: t, run: options.run ?? 'current' }));
}

export const logsOk = (...groups: LogLine[][]): Read<LogLine[]> => readOk(groups.flat());

/** `run.sh` / claim script output: "Connection attempt …" goes to stdout, the rest to stderr (facts §1.6). */
const runshStream = (line: string): LogLine['stream'] => (/^Connection attempt \d/.test(line) ? 'stdout' : 'stderr');

/**
 * A recorded multi-run `run.sh` output as gather delivers it: runs split where the entrypoint starts again,
 * the last run `current` and the earlier ones `previous`, and within each run stdout before stderr.
 */
export function recordedRuns(text: string): LogLine[] {
  const lines = text.split('\n').filter((l) => l.length > 0);
  const runs: string[][] = [];
  lines.forEach((line, i) => {
    const startsRun =
      line.startsWith('Unable to communicate with Netdata daemon') &&
      !lines[i - 1]?.startsWith('Unable to communicate with Netdata daemon');
    if (startsRun || runs.length === 0) runs.push([]);
    runs[runs.length - 1]!.push(line);
  });
  const out: LogLine[] = [];
  runs.forEach((run, i) => {
    const tag: LogLine['run'] = i === runs.length - 1 ? 'current' : 'previous';
    const classified = run.map((t) => ({ stream: runshStream(t), text: t, run: tag }));
    out.push(...classified.filter((l) => l.stream === 'stdout'), ...classified.filter((l) => l.stream === 'stderr'));
  });
  return out;
}

/** One v2 (v1.44+) logfmt line as the agent writes it to stderr. */
export function logfmt(msg: string, options: { level?: string; time?: string; thread?: string } = {}): string {
  const escaped = msg.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  return `time=${options.time ?? '2026-11-23T19:00:11.377Z'} comm=netdata source=daemon level=${options.level ?? 'error'} tid=1${options.thread ? ` thread=${options.thread}` : ''} msg="${escaped}"`;
}

// ---------------------------------------------------------------------------------------------------
// Recorded inputs, copied verbatim from /work/shared/reference (fixtures.test.ts checks they still match).
// run.sh lines are shown in observed-v1.47.5.md with a "   | " prefix; here without it.

/** observed-v1.47.5.md v1-live: run.sh / netdata-claim.sh output of a successful claim (one run). */
export const V1_CLAIM_SUCCESS_RUNSH = String.raw`Unable to communicate with Netdata daemon, querying config from disk instead.
Unable to communicate with Netdata daemon, querying config from disk instead.
Token: ****************
Base URL: https://cloud.test:58845
Id: 0b5ed2d9-e879-4663-88fe-b8136ab6573e
Rooms: <room id>
Hostname: vm
Proxy: 
Netdata user: netdata
Generating private/public key for the first time.
Extracting public key from private key.
writing RSA key
Connection attempt 1 successful
uv_pipe_connect(): no such file or directory
Make sure the netdata service is running.
The claim was successful but the agent could not be notified (0)- it requires a restart to connect to the cloud.`;

/** observed-v1.47.5.md v1-claim-403: three runs, the claim script exits 12 each time. */
export const V1_CLAIM_403_RUNSH = String.raw`Unable to communicate with Netdata daemon, querying config from disk instead.
Unable to communicate with Netdata daemon, querying config from disk instead.
Token: ****************
Base URL: https://cloud.test:53599
Id: 010516c5-270f-484f-9d38-75bfe243cdda
Rooms: <room id>
Hostname: vm
Proxy: 
Netdata user: netdata
Generating private/public key for the first time.
Extracting public key from private key.
writing RSA key
Connection attempt 1 successful
Failed to claim node with the following error message:"token expired/token not found/invalid token"
Unable to communicate with Netdata daemon, querying config from disk instead.
Unable to communicate with Netdata daemon, querying config from disk instead.
Token: ****************
Base URL: https://cloud.test:53599
Id: 010516c5-270f-484f-9d38-75bfe243cdda
Rooms: <room id>
Hostname: vm
Proxy: 
Netdata user: netdata
Connection attempt 1 successful
Failed to claim node with the following error message:"token expired/token not found/invalid token"
Unable to communicate with Netdata daemon, querying config from disk instead.
Unable to communicate with Netdata daemon, querying config from disk instead.
Token: ****************
Base URL: https://cloud.test:53599
Id: 010516c5-270f-484f-9d38-75bfe243cdda
Rooms: <room id>
Hostname: vm
Proxy: 
Netdata user: netdata
Connection attempt 1 successful
Failed to claim node with the following error message:"token expired/token not found/invalid token"`;

/** observed-v1.47.5.md v1-claim-409: three runs, exit 13 ("already claimed"). */
export const V1_CLAIM_409_RUNSH = String.raw`Unable to communicate with Netdata daemon, querying config from disk instead.
Unable to communicate with Netdata daemon, querying config from disk instead.
Token: ****************
Base URL: https://cloud.test:51491
Id: a14265b6-cc56-4c74-940c-7cb9008cace5
Rooms: <room id>
Hostname: vm
Proxy: 
Netdata user: netdata
Generating private/public key for the first time.
Extracting public key from private key.
writing RSA key
Connection attempt 1 successful
uv_pipe_connect(): no such file or directory
Make sure the netdata service is running.
The cloud may have different credentials already registered for this agent ID and it cannot be reclaimed under different credentials for security reasons. If you are unable to connect use -id=$(uuidgen) to overwrite this agent ID with a fresh value if the original credentials cannot be restored.
Failed to claim node with the following error message:"already claimed"
Unable to communicate with Netdata daemon, querying config from disk instead.
Unable to communicate with Netdata daemon, querying config from disk instead.
Token: ****************
Base URL: https://cloud.test:51491
Id: a14265b6-cc56-4c74-940c-7cb9008cace5
Rooms: <room id>
Hostname: vm
Proxy: 
Netdata user: netdata
Connection attempt 1 successful
uv_pipe_connect(): no such file or directory
Make sure the netdata service is running.
The cloud may have different credentials already registered for this agent ID and it cannot be reclaimed under different credentials for security reasons. If you are unable to connect use -id=$(uuidgen) to overwrite this agent ID with a fresh value if the original credentials cannot be restored.
Failed to claim node with the following error message:"already claimed"
Unable to communicate with Netdata daemon, querying config from disk instead.
Unable to communicate with Netdata daemon, querying config from disk instead.
Token: ****************
Base URL: https://cloud.test:51491
Id: a14265b6-cc56-4c74-940c-7cb9008cace5
Rooms: <room id>
Hostname: vm
Proxy: 
Netdata user: netdata
Connection attempt 1 successful
uv_pipe_connect(): no such file or directory
Make sure the netdata service is running.
The cloud may have different credentials already registered for this agent ID and it cannot be reclaimed under different credentials for security reasons. If you are unable to connect use -id=$(uuidgen) to overwrite this agent ID with a fresh value if the original credentials cannot be restored.
Failed to claim node with the following error message:"already claimed"`;

/** observed-v1.47.5.md v1-claim-unreachable: three runs, exit 7 after three connection failures each. */
export const V1_CLAIM_UNREACHABLE_RUNSH = String.raw`Unable to communicate with Netdata daemon, querying config from disk instead.
Unable to communicate with Netdata daemon, querying config from disk instead.
Token: ****************
Base URL: https://cloud.test:58581
Id: b1f3d7f8-deb5-4171-976d-be1228f54a6f
Rooms: <room id>
Hostname: vm
Proxy: 
Netdata user: netdata
Generating private/public key for the first time.
Extracting public key from private key.
writing RSA key
Failed to connect to https://cloud.test:58581, return code 7
Connection attempt 1 failed. Retry in 1s.
Failed to connect to https://cloud.test:58581, return code 7
Connection attempt 2 failed. Retry in 2s.
Failed to connect to https://cloud.test:58581, return code 7
Connection attempt 3 failed. Retry in 3s.
grep: /var/lib/netdata/cloud.d/tmpout.txt: No such file or directory
grep: /var/lib/netdata/cloud.d/tmpout.txt: No such file or directory
Failed to claim node with the following error message:"Unknown HTTP error message"
Unable to communicate with Netdata daemon, querying config from disk instead.
Unable to communicate with Netdata daemon, querying config from disk instead.
Token: ****************
Base URL: https://cloud.test:58581
Id: b1f3d7f8-deb5-4171-976d-be1228f54a6f
Rooms: <room id>
Hostname: vm
Proxy: 
Netdata user: netdata
Failed to connect to https://cloud.test:58581, return code 7
Connection attempt 1 failed. Retry in 1s.
Failed to connect to https://cloud.test:58581, return code 7
Connection attempt 2 failed. Retry in 2s.
Failed to connect to https://cloud.test:58581, return code 7
Connection attempt 3 failed. Retry in 3s.
grep: /var/lib/netdata/cloud.d/tmpout.txt: No such file or directory
grep: /var/lib/netdata/cloud.d/tmpout.txt: No such file or directory
Failed to claim node with the following error message:"Unknown HTTP error message"
Unable to communicate with Netdata daemon, querying config from disk instead.
Unable to communicate with Netdata daemon, querying config from disk instead.
Token: ****************
Base URL: https://cloud.test:58581
Id: b1f3d7f8-deb5-4171-976d-be1228f54a6f
Rooms: <room id>
Hostname: vm
Proxy: 
Netdata user: netdata
Failed to connect to https://cloud.test:58581, return code 7
Connection attempt 1 failed. Retry in 1s.
Failed to connect to https://cloud.test:58581, return code 7
Connection attempt 2 failed. Retry in 2s.
Failed to connect to https://cloud.test:58581, return code 7
Connection attempt 3 failed. Retry in 3s.
grep: /var/lib/netdata/cloud.d/tmpout.txt: No such file or directory
grep: /var/lib/netdata/cloud.d/tmpout.txt: No such file or directory
Failed to claim node with the following error message:"Unknown HTTP error message"`;

/** observed-v1.47.5.md v1-live: the agent's CLAIM / ACLK / Cloud lines (connected). */
export const V1_LIVE_AGENT_LOG = String.raw`2026-11-23T19:15:27.814+00:00 ACLK sync initialization completed
2026-11-23T19:15:27.814+00:00 Starting ACLK synchronization thread
2026-11-23T19:15:27.814+00:00 File '/var/lib/netdata/cloud.d/claimed_id' was found. Setting state to AGENT_CLAIMED.
2026-11-23T19:15:27.821+00:00 Waiting for Cloud to be enabled
2026-11-23T19:15:27.863+00:00 HTTPS \"GET\" request to \"cloud.test\" finished with HTTP code: 200
2026-11-23T19:15:27.865+00:00 Getting Cloud /env successful
2026-11-23T19:15:27.902+00:00 HTTPS \"GET\" request to \"cloud.test\" finished with HTTP code: 200
2026-11-23T19:15:27.903+00:00 ACLK_OTP Got Challenge from Cloud
2026-11-23T19:15:27.942+00:00 HTTPS \"POST\" request to \"cloud.test\" finished with HTTP code: 201
2026-11-23T19:15:27.944+00:00 ACLK_OTP Got Password from Cloud
2026-11-23T19:15:27.987+00:00 [mqtt_wss] I: Going to connect using internal MQTT 5 implementation
2026-11-23T19:15:27.987+00:00 [mqtt_wss] W: client_id provided is longer than 23 bytes, server might not allow that [MQTT-3.1.3-5]
2026-11-23T19:15:27.996+00:00 [mqtt_wss] I: ws_client: Websocket Connection Accepted By Server
2026-11-23T19:15:28.001+00:00 [mqtt_wss] I: mqtt_client: MQTT Connection Accepted By Server
2026-11-23T19:15:28.001+00:00 ACLK connection successfully established
2026-11-23T19:15:28.001+00:00 ACLK CONNECTED
2026-11-23T19:15:28.001+00:00 Starting 2 query threads.
2026-11-23T19:15:28.409+00:00 COMMAND: Reopening aclk/cloud state.
2026-11-23T19:15:29.920+00:00 0 nodes loading contexts, 0 replicating data, 1 pending context post processing
2026-11-23T19:15:30.312+00:00 COMMAND: Reopening aclk/cloud state.
2026-11-23T19:15:30.405+00:00 COMMAND: Reopening aclk/cloud state.`;

/** observed-v1.47.5.md v1-unseen: the agent's lines while /env answers 503 (never connected). */
export const V1_UNSEEN_AGENT_LOG = String.raw`2026-11-23T19:15:33.080+00:00 Starting ACLK synchronization thread
2026-11-23T19:15:33.080+00:00 ACLK sync initialization completed
2026-11-23T19:15:33.080+00:00 File '/var/lib/netdata/cloud.d/claimed_id' was found. Setting state to AGENT_CLAIMED.
2026-11-23T19:15:33.089+00:00 Waiting for Cloud to be enabled
2026-11-23T19:15:33.135+00:00 HTTPS \"GET\" request to \"cloud.test\" finished with HTTP code: 503
2026-11-23T19:15:33.136+00:00 The HTTP code not 200 OK (Got 503)
2026-11-23T19:15:33.137+00:00 JSON-C failed to parse the payload of http response of /env endpoint
2026-11-23T19:15:33.137+00:00 Failed to Get ACLK environment (ENV response code is not 200)
2026-11-23T19:15:34.219+00:00 HTTPS \"GET\" request to \"cloud.test\" finished with HTTP code: 503
2026-11-23T19:15:34.220+00:00 The HTTP code not 200 OK (Got 503)
2026-11-23T19:15:34.222+00:00 JSON-C failed to parse the payload of http response of /env endpoint
2026-11-23T19:15:34.222+00:00 Failed to Get ACLK environment (ENV response code is not 200)
2026-11-23T19:15:37.180+00:00 HTTPS \"GET\" request to \"cloud.test\" finished with HTTP code: 503
2026-11-23T19:15:37.182+00:00 The HTTP code not 200 OK (Got 503)
2026-11-23T19:15:37.182+00:00 JSON-C failed to parse the payload of http response of /env endpoint
2026-11-23T19:15:37.182+00:00 Failed to Get ACLK environment (ENV response code is not 200)
2026-11-23T19:15:37.302+00:00 COMMAND: Reopening aclk/cloud state.
2026-11-23T19:15:37.376+00:00 COMMAND: Reopening aclk/cloud state.`;

/** netdata-facts.md §1.3: the v1.34+ run.sh warning (printed when / is not writable). */
export const SECCOMP_WARNING_LINES = String.raw`WARNING: This Docker host appears to not properly support newer stat system calls. This is known to cause issues with Netdata (most notably, nodes running on such hosts **cannot be claimed**).
WARNING: For more information, see https://learn.netdata.cloud/docs/agent/claim#known-issues-on-older-hosts-with-seccomp-enabled`;

/** observed-v2.10.4.md: v2 logfmt lines as docker logs shows them. */
export const V2_LOGFMT_LINES = String.raw`time=2026-11-23T19:03:09.855Z comm=netdata source=daemon level=info tid=1  msg="CLAIM: Found a valid claimed_id, setting state to AGENT_CLAIMED"
time=2026-11-23T19:03:09.860Z comm=netdata source=daemon level=info tid=367 thread=ACLK_MAIN msg="ACLK: connecting to cloud.test:56347 (no proxy)"
time=2026-11-23T19:03:09.906Z comm=netdata source=daemon level=info tid=367 thread=ACLK_MAIN msg="ACLK: HTTPS \"GET\" request to \"cloud.test\" finished with HTTP code: 503"`;

/** observed-v2.10.4.md "Connected (online)": claim, ACLK and Cloud lines. */
export const V2_CONNECTED_LOG = String.raw`2026-11-23T18:59:46.912Z CLAIM: cannot load cloud config '/var/lib/netdata/cloud.d/cloud.conf'. Running with internal defaults.
2026-11-23T18:59:47.392Z Starting ACLK synchronization thread
2026-11-23T18:59:47.392Z Starting ACLK synchronization thread with 6 parallel query threads
2026-11-23T18:59:47.392Z ACLK sync initialization completed
2026-11-23T18:59:47.729Z CLAIM: Found a valid claimed_id, setting state to AGENT_CLAIMED
2026-11-23T18:59:47.732Z ACLK: Starting ACLK query event loop
2026-11-23T18:59:47.732Z ACLK: connecting to cloud.test:35673 (no proxy)
2026-11-23T18:59:47.769Z ACLK: HTTPS \"GET\" request to \"cloud.test\" finished with HTTP code: 200
2026-11-23T18:59:47.771Z ACLK: connecting to cloud.test:35673 (no proxy)
2026-11-23T18:59:47.799Z ACLK: HTTPS \"GET\" request to \"cloud.test\" finished with HTTP code: 200
2026-11-23T18:59:47.801Z ACLK: connecting to cloud.test:35673 (no proxy)
2026-11-23T18:59:47.826Z ACLK: HTTPS \"POST\" request to \"cloud.test\" finished with HTTP code: 201
2026-11-23T18:59:47.827Z ACLK: connecting to cloud.test:43687 (no proxy)
2026-11-23T18:59:47.853Z ACLK: Websocket Connection Accepted By Server
2026-11-23T18:59:47.855Z ACLK: MQTT Connection Accepted By Server
2026-11-23T18:59:47.855Z ACLK: connection successfully established
2026-11-23T18:59:47.855Z Netdata Cloud, ACLK connection status: connected
2026-11-23T18:59:47.855Z ACLK CONNECTED
2026-11-23T18:59:48.117Z COMMAND: Reopening aclk/cloud state.
2026-11-23T18:59:51.938Z COMMAND: Reopening aclk/cloud state.`;

/** observed-v2.10.4.md "Claimed, never connected" (/env 503). */
export const V2_NEVER_CONNECTED_LOG = String.raw`2026-11-23T18:59:53.240Z CLAIM: cannot load cloud config '/var/lib/netdata/cloud.d/cloud.conf'. Running with internal defaults.
2026-11-23T18:59:53.783Z Starting ACLK synchronization thread
2026-11-23T18:59:53.783Z Starting ACLK synchronization thread with 6 parallel query threads
2026-11-23T18:59:53.783Z ACLK sync initialization completed
2026-11-23T18:59:54.056Z CLAIM: Found a valid claimed_id, setting state to AGENT_CLAIMED
2026-11-23T18:59:54.061Z ACLK: Starting ACLK query event loop
2026-11-23T18:59:54.062Z ACLK: connecting to cloud.test:34341 (no proxy)
2026-11-23T18:59:54.119Z ACLK: HTTPS \"GET\" request to \"cloud.test\" finished with HTTP code: 503
2026-11-23T18:59:54.121Z ACLK: failed to get ACLK environment (ENV response code is not 200) (got 503)
2026-11-23T18:59:54.121Z ACLK: JSON-C failed to parse the payload of http response of /env endpoint
2026-11-23T18:59:54.121Z Netdata Cloud, ACLK connection status: /env response code is not 200
2026-11-23T18:59:56.063Z ACLK: connecting to cloud.test:34341 (no proxy)
2026-11-23T18:59:56.090Z ACLK: HTTPS \"GET\" request to \"cloud.test\" finished with HTTP code: 503
2026-11-23T18:59:56.090Z ACLK: failed to get ACLK environment (ENV response code is not 200) (got 503)
2026-11-23T18:59:56.091Z ACLK: JSON-C failed to parse the payload of http response of /env endpoint
2026-11-23T18:59:56.091Z Netdata Cloud, ACLK connection status: /env response code is not 200
2026-11-23T18:59:57.755Z COMMAND: Reopening aclk/cloud state.`;

/** observed-v2.10.4.md "Was connected, then the whole Cloud refused", second block (after). */
export const V2_CLOUD_REFUSED_LOG = String.raw`2026-11-23T19:00:14.515Z ACLK: Starting ACLK query event loop
2026-11-23T19:00:14.517Z ACLK: connecting to cloud.test:56293 (no proxy)
2026-11-23T19:00:14.579Z ACLK: HTTPS \"GET\" request to \"cloud.test\" finished with HTTP code: 200
2026-11-23T19:00:14.581Z ACLK: connecting to cloud.test:56293 (no proxy)
2026-11-23T19:00:14.637Z ACLK: HTTPS \"GET\" request to \"cloud.test\" finished with HTTP code: 200
2026-11-23T19:00:14.639Z ACLK: connecting to cloud.test:56293 (no proxy)
2026-11-23T19:00:14.678Z ACLK: HTTPS \"POST\" request to \"cloud.test\" finished with HTTP code: 201
2026-11-23T19:00:14.679Z ACLK: connecting to cloud.test:59661 (no proxy)
2026-11-23T19:00:14.717Z ACLK: Websocket Connection Accepted By Server
2026-11-23T19:00:14.719Z ACLK: MQTT Connection Accepted By Server
2026-11-23T19:00:14.719Z ACLK: connection successfully established
2026-11-23T19:00:14.719Z Netdata Cloud, ACLK connection status: connected
2026-11-23T19:00:14.719Z ACLK CONNECTED
2026-11-23T19:00:15.906Z COMMAND: Reopening aclk/cloud state.
2026-11-23T19:00:18.643Z COMMAND: Reopening aclk/cloud state.
2026-11-23T19:00:18.997Z SSL_read error: 1 SSL_ERROR_SSL
2026-11-23T19:00:18.997Z Connection Error or Dropped
2026-11-23T19:00:18.997Z Netdata Cloud, ACLK connection status: disconnected, socket error
2026-11-23T19:00:19.001Z ACLK DISCONNECTED
2026-11-23T19:00:20.988Z ACLK: connecting to cloud.test:56293 (no proxy)
2026-11-23T19:00:20.988Z Failed to connect to '127.0.0.1', port '56293'
2026-11-23T19:00:20.988Z ACLK: error connecting TCP socket to \"cloud.test\"
2026-11-23T19:00:20.988Z ACLK: failed to get ACLK environment (cannot contact ENV endpoint)
2026-11-23T19:00:20.988Z Netdata Cloud, ACLK connection status: connection refused
2026-11-23T19:00:22.408Z COMMAND: Reopening aclk/cloud state.`;

/** observed-v2.10.4.md "Claim rejected (403)". */
export const V2_CLAIM_REJECTED_LOG = String.raw`2026-11-23T19:00:10.618Z CLAIM: cannot load cloud config '/var/lib/netdata/cloud.d/cloud.conf'. Running with internal defaults.
2026-11-23T19:00:11.138Z Starting ACLK synchronization thread
2026-11-23T19:00:11.139Z Starting ACLK synchronization thread with 6 parallel query threads
2026-11-23T19:00:11.139Z ACLK sync initialization completed
2026-11-23T19:00:11.377Z CLAIM: Failed: token is expired, not found, or invalid
2026-11-23T19:00:11.679Z CLAIM: Unable to find our claimed_id, setting state to AGENT_UNCLAIMED
2026-11-23T19:00:12.309Z COMMAND: Reopening aclk/cloud state.`;

/** observed-v1.47.5.md v1-live: cloud.d/cloud.conf written by the claim script. */
export const V1_CLOUD_CONF = String.raw`[global]
  enabled = yes
  cloud base url = https://cloud.test:58845
`;

/**
 * `netdata -W buildinfo` of the Debian-packaged 1.37.1 agent (built with --disable-cloud), in the v1.37
 * layout. The two Cloud lines are as recorded by the testbed (test/testbed/README.md); the rest is context.
 */
export const DEBIAN_1_37_1_BUILDINFO = [
  'Version: netdata v1.37.1',
  "Configure options:  '--build=x86_64-linux-gnu' '--prefix=/usr' '--sysconfdir=/etc' '--localstatedir=/var' '--libexecdir=/usr/libexec' '--disable-cloud' '--with-zlib' '--with-math' '--with-user=netdata'",
  'Install type: unknown',
  'Features:',
  '    dbengine:                   YES',
  '    Native HTTPS:               YES',
  '    Netdata Cloud:              NO (by user request)',
  '    ACLK:                       NO',
  '    TLS Host Verification:      YES',
  '    Machine Learning:           YES',
  '    Stream Compression:         NO',
  'Libraries:',
  '    protobuf:                YES (system)',
  '    JSON-C:                  YES',
  'Plugins:',
  '    apps:                    YES',
  '    EBPF:                    NO',
  '',
].join('\n');

/** The official image's buildinfo Cloud lines, same layout, built with Cloud. */
export const OFFICIAL_BUILDINFO = DEBIAN_1_37_1_BUILDINFO.replace('v1.37.1', 'v1.47.5')
  .replace(" '--disable-cloud'", '')
  .replace('Netdata Cloud:              NO (by user request)', 'Netdata Cloud:              YES')
  .replace('ACLK:                       NO', 'ACLK:                       YES');

/** `docker inspect` State.Error of FM10 (netdata-cloud#359 / containerd#6203). */
export const CLONE3_STATE_ERROR =
  'OCI runtime create failed: container_linux.go:348: starting container process caused: error adding seccomp filter rule for syscall clone3: permission denied: unknown';
