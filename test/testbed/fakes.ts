// Test doubles on the real engine: a FAKE Netdata Agent in a real container (ncd-test/fake-agent:<generation>,
// built by scripts/testbed-fakes) that answers exactly as the recorded real agents did in a chosen Cloud state,
// and a FAKE Netdata Cloud endpoint (HTTPS with a CA made at run time) on 127.0.0.1 or in a container on the
// per-run --internal network under a `.test` name.
//
// Everything made here carries TEST_LABEL=<RUN_ID> (removeTestResources() of scenarios.ts removes it); agent
// containers run with `--network none` or on the --internal network; claim URLs are `.test` names. CA and keys
// live in a temp directory for this process only and are deleted by removeFakeResources() (or at exit).
//
// What each fake answer is made of, and which ones were invented: test/testbed/fake-agent/answers/README.md.

import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { extract, pack } from 'tar-stream';
import {
  AGENT_PORT,
  CLAIM_ROOMS,
  CLAIM_TOKEN,
  NETDATA_UID,
  RUN_ID,
  TEST_LABEL,
  docker,
  ensureInternalNetwork,
  execIn,
  inspect,
  readLogs,
  removeTestResources,
  waitForState,
  type ContainerRef,
} from './scenarios.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const FAKE_AGENT_DIR = path.join(HERE, 'fake-agent');
export const FAKE_ANSWERS_DIR = path.join(FAKE_AGENT_DIR, 'answers');
const FAKE_CLOUD_SERVER = path.join(HERE, 'fake-cloud', 'server.mjs');

export const FAKE_IMAGES = {
  v2: 'ncd-test/fake-agent:v2',
  v1: 'ncd-test/fake-agent:v1',
  node: 'ncd-test/node:24',
} as const;

/** The versions the generations answer as. */
export const FAKE_VERSIONS = { v2: 'v2.10.4', v1: 'v1.47.5' } as const;

export type FakeGeneration = 'v2' | 'v1';
export type FakeAgentStateName =
  | 'online'
  | 'offline-never-connected'
  | 'unseen' // alias of offline-never-connected
  | 'offline-was-connected'
  | 'banned'
  | 'blocked-temporarily'
  | 'indirect'
  | 'claim-failed'
  | 'not-claimed'
  | 'cloud-disabled'; // v1 only
export type FakeAgentReason =
  | 'socket-error'
  | 'connection-refused'
  | 'cannot-resolve'
  | 'tls-verify'
  | 'claim-removed' // offline-was-connected (claim-removed: v2)
  | 'token'
  | 'network'
  | 'already-claimed'; // claim-failed
/** A state, optionally with its variant: `offline-was-connected@connection-refused`. */
export type FakeAgentState = FakeAgentStateName | `${FakeAgentStateName}@${FakeAgentReason}`;
/** `hang`: a wedged agent, neither the API nor netdatacli ever answers (the test-only controls still do). */
export type FakeAgentHostile =
  | 'slow'
  | 'huge'
  | 'invalid-json'
  | 'wrong-types'
  | 'never-ending'
  | 'redirect'
  | 'reset'
  | 'error-500'
  | 'hang';

/** Every (generation, state) the fake knows, with its default variant spelled out. */
export const FAKE_STATES: Record<FakeGeneration, readonly FakeAgentState[]> = {
  v2: [
    'online',
    'offline-never-connected',
    'offline-was-connected@socket-error',
    'offline-was-connected@connection-refused',
    'offline-was-connected@cannot-resolve',
    'offline-was-connected@tls-verify',
    'banned',
    'blocked-temporarily',
    'indirect',
    'claim-failed@token',
    'claim-failed@network',
    'claim-failed@already-claimed',
    'not-claimed',
    // offline-was-connected@claim-removed joins this list once the shared images carry it; until then start it
    // with sources: 'checkout' (the image's fake does not know it).
  ],
  v1: [
    'online',
    'offline-never-connected',
    'offline-was-connected@socket-error',
    'offline-was-connected@connection-refused',
    'offline-was-connected@cannot-resolve',
    'offline-was-connected@tls-verify',
    'banned',
    'blocked-temporarily',
    'indirect',
    'claim-failed@token',
    'claim-failed@network',
    'claim-failed@already-claimed',
    'not-claimed',
    'cloud-disabled',
  ],
};

/** Upstream DNS of every test container: loopback, where nothing answers (see startFakeAgent). */
export const LOCAL_DNS = ['127.0.0.1'];

/** The default claim URL of fake agents: a `.test` name that never resolves (like scenarios.ts's CLOUD_URL). */
export const FAKE_CLOUD_URL = 'https://cloud.test:9';

export interface FakeChild {
  hostname: string;
  guid: string;
  nodeId?: string;
  online?: boolean;
}

export interface FakeAgentOptions {
  generation: FakeGeneration;
  /** The Cloud state at start (default `online`). Ignored when `script` is given. */
  state?: FakeAgentState;
  /** Run-time state changes, e.g. `online:5s,offline-was-connected` or [{ state, for: '5s' }, { state }]. */
  script?: string | ReadonlyArray<{ state: FakeAgentState; for?: string }>;
  hostile?: FakeAgentHostile;
  /** `recorded`: every answer is the recorded bytes (ids and times of the recording); default `live`. */
  replay?: 'live' | 'recorded';
  /** Container name (default `ncd-fake-<generation>-<state>-<random>`). */
  name?: string;
  /** `none` (default), `internal` (the per-run --internal network of scenarios.ts) or an existing network. */
  network?: 'none' | 'internal' | (string & {});
  /** Network aliases on that network. */
  aliases?: string[];
  /** Extra environment, applied last. */
  env?: Record<string, string>;
  /** Extra container labels (e.g. `netdata-cloud-doctor.enable`, or `org.opencontainers.image.version` for v1). */
  labels?: Record<string, string>;
  /** NETDATA_CLAIM_URL (default FAKE_CLOUD_URL). */
  cloudUrl?: string;
  /** Set NETDATA_CLAIM_URL/TOKEN/ROOMS (default: yes, except for not-claimed, cloud-disabled and indirect). */
  claim?: boolean;
  /** Named volume at /var/lib/netdata (default `<name>-lib`, created and labelled); false: none. */
  volume?: string | false;
  /** Machine GUID to seed into /var/lib/netdata/registry before the first start. */
  guid?: string;
  /** indirect: the parent this child streams to (stream.conf, the parent's claim id and Cloud URL). */
  parent?: FakeAgent;
  /** A parent's streaming children (listed in its node instances, /api/v1/info and /api/v3/nodes). */
  children?: readonly FakeChild[];
  /** A CA (PEM file on this host) to add to the agent's system trust store, for probes from its namespace. */
  trustCaFile?: string;
  restart?: { Name: '' | 'no' | 'always' | 'unless-stopped' | 'on-failure'; MaximumRetryCount?: number };
  /** The API answers 503 this long after start (FAKE_AGENT_INIT_DELAY). */
  initDelay?: string;
  /**
   * `checkout`: copy this checkout's fake sources (test/testbed/fake-agent/*.mjs) over the image's before the start,
   * so the test runs the fake it was written against even while the shared image is older (default `image`, or
   * `checkout` when NCD_FAKE_SOURCES=checkout).
   */
  sources?: 'image' | 'checkout';
  /** HostConfig.LogConfig (default the engine's, json-file): e.g. { Type: 'none', Config: {} }. */
  logConfig?: { Type: string; Config?: Record<string, string> };
  /** Files to put into the container before its first start (absolute paths), e.g. an /etc/netdata/netdata.conf. */
  files?: Record<string, string>;
  /** Modes of those files, by path (default 0644), e.g. 0o755 for a replaced script. */
  fileModes?: Record<string, number>;
  /** Wait for the end state: API up, or exited for a v1 claim failure (default true). */
  wait?: boolean;
  timeoutMs?: number;
}

export interface FakeIdentity {
  state: string;
  fixture: string;
  source: string;
  recorded: boolean;
  replay: 'live' | 'recorded';
  claimId: string | null;
  nodeId: string | null;
  guid: string;
  url: string;
}

export interface FakeAgent extends ContainerRef {
  generation: FakeGeneration;
  state: FakeAgentState;
  /** The named volume at /var/lib/netdata, if any. */
  volume?: string;
  network: string;
  /** The agent API as seen from inside its own namespace. */
  apiBase: string;
  /** `docker exec curl` inside the container: status and raw body. */
  api(pathname: string): Promise<{ status: number; body: string }>;
  /** `docker exec netdatacli …`. */
  cli(...args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }>;
  /** The fake's current state and the identity it reports (test-only control, via exec). */
  identity(): Promise<FakeIdentity>;
  /** Switch the Cloud state now, logged as the real agent logs it (an exec, no container event). */
  setState(state: FakeAgentState): Promise<void>;
  setChildren(children: readonly FakeChild[]): Promise<void>;
  /** Switch FAKE_AGENT_HOSTILE now (`none` ends it). */
  setHostile(mode: FakeAgentHostile | 'none'): Promise<void>;
  logs(): Promise<{ stdout: string; stderr: string }>;
  remove(): Promise<void>;
}

const CLAIMLESS = new Set(['not-claimed', 'cloud-disabled', 'indirect']);
const stateName = (s: string): string => s.split('@')[0]!;

/** Throws a clear message when scripts/testbed-fakes has not built the images yet. */
export async function assertFakeImages(): Promise<void> {
  const missing: string[] = [];
  for (const tag of Object.values(FAKE_IMAGES)) {
    if (
      !(await docker
        .getImage(tag)
        .inspect()
        .catch(() => undefined))
    )
      missing.push(tag);
  }
  if (missing.length > 0) throw new Error(`fake images missing (${missing.join(', ')}): run scripts/testbed and scripts/testbed-fakes`);
}

/** Starts a fake agent container and (by default) waits until it answers, or exited for a v1 claim failure. */
export async function startFakeAgent(opts: FakeAgentOptions): Promise<FakeAgent> {
  const gen = opts.generation;
  const script =
    typeof opts.script === 'string' ? opts.script : opts.script?.map((s) => (s.for ? `${s.state}:${s.for}` : s.state)).join(',');
  const state = (script ? script.split(',')[0]!.split(':')[0]! : (opts.state ?? 'online')) as FakeAgentState;
  const name = opts.name ?? `ncd-fake-${gen}-${stateName(state)}-${randomBytes(3).toString('hex')}`;
  const claim = opts.claim ?? !CLAIMLESS.has(stateName(state));
  const timeoutMs = opts.timeoutMs ?? 60_000;

  const env: Record<string, string> = { DO_NOT_TRACK: '1' };
  if (script) env.FAKE_AGENT_SCRIPT = script;
  else env.FAKE_AGENT_STATE = state;
  if (claim)
    Object.assign(env, {
      NETDATA_CLAIM_URL: opts.cloudUrl ?? FAKE_CLOUD_URL,
      NETDATA_CLAIM_TOKEN: CLAIM_TOKEN,
      NETDATA_CLAIM_ROOMS: CLAIM_ROOMS,
    });
  if (stateName(state) === 'cloud-disabled') env.NETDATA_DISABLE_CLOUD = '1';
  if (stateName(state) === 'claim-failed' && gen === 'v1') env.FAKE_CLAIM_NO_SLEEP = '1';
  if (opts.hostile) env.FAKE_AGENT_HOSTILE = opts.hostile;
  if (opts.replay) env.FAKE_AGENT_REPLAY = opts.replay;
  if (opts.initDelay) env.FAKE_AGENT_INIT_DELAY = opts.initDelay;
  if (opts.children?.length) env.FAKE_AGENT_CHILDREN = childrenJson(opts.children);
  if (opts.parent) {
    const p = await opts.parent.identity();
    env.FAKE_AGENT_PARENT_URL = p.url;
    if (p.claimId) env.FAKE_AGENT_PARENT_CLAIM_ID = p.claimId;
  }
  Object.assign(env, opts.env);

  let volume: string | undefined;
  if (opts.volume !== false) {
    volume = opts.volume ?? `${name}-lib`;
    const existing = await docker
      .getVolume(volume)
      .inspect()
      .catch(() => undefined);
    if (!existing) await docker.createVolume({ Name: volume, Labels: { [TEST_LABEL]: RUN_ID } });
  }
  const network =
    !opts.network || opts.network === 'none' ? 'none' : opts.network === 'internal' ? await ensureInternalNetwork() : opts.network;
  const container = await docker.createContainer({
    name,
    Image: FAKE_IMAGES[gen],
    Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    Labels: { ...opts.labels, [TEST_LABEL]: RUN_ID },
    HostConfig: {
      NetworkMode: network,
      Binds: volume ? [`${volume}:/var/lib/netdata`] : [],
      RestartPolicy: opts.restart ?? { Name: 'no' },
      ...(opts.logConfig ? { LogConfig: { Type: opts.logConfig.Type, Config: opts.logConfig.Config ?? {} } } : {}),
      // Names the network does not know fail at once, here: the engine's DNS never forwards a test's
      // lookup to the host's resolvers.
      Dns: LOCAL_DNS,
    },
    ...(network !== 'none' && opts.aliases?.length
      ? { NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: opts.aliases } } } }
      : {}),
  });

  // Files the real user would have put there before the start.
  const files: TarFile[] = [];
  if (opts.guid) {
    files.push({ name: 'var/lib/netdata/registry', dir: true, mode: 0o770, uid: NETDATA_UID });
    files.push({ name: 'var/lib/netdata/registry/netdata.public.unique.id', body: opts.guid, mode: 0o660, uid: NETDATA_UID });
  }
  if (opts.parent) {
    const apiKey = randomUUID();
    files.push({
      name: 'etc/netdata/stream.conf',
      mode: 0o640,
      uid: 0,
      gid: NETDATA_UID,
      body: `[stream]\n\tenabled = yes\n\tdestination = ${opts.parent.name}:${AGENT_PORT}\n\tapi key = ${apiKey}\n`,
    });
  }
  if ((opts.sources ?? process.env.NCD_FAKE_SOURCES) === 'checkout') {
    for (const f of readdirSync(FAKE_AGENT_DIR).filter((x) => x.endsWith('.mjs'))) {
      files.push({ name: `usr/lib/netdata-fake/${f}`, body: readFileSync(path.join(FAKE_AGENT_DIR, f), 'utf8'), mode: 0o644, uid: 0 });
    }
    // The answers too (under 1 MB): a state added to the checkout has its fixture only here.
    for (const entry of readdirSync(FAKE_ANSWERS_DIR, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())) {
      const file = path.join(entry.parentPath, entry.name);
      files.push({
        name: `usr/lib/netdata-fake/answers/${path.relative(FAKE_ANSWERS_DIR, file)}`,
        body: readFileSync(file, 'utf8'),
        mode: 0o644,
        uid: 0,
      });
    }
  }
  for (const [file, body] of Object.entries(opts.files ?? {})) {
    files.push({ name: file.replace(/^\/+/, ''), body, mode: opts.fileModes?.[file] ?? 0o644, uid: 0, gid: NETDATA_UID });
  }
  if (opts.trustCaFile) {
    const bundle = await readContainerFile(container.id, '/etc/ssl/certs/ca-certificates.crt').catch(() => '');
    files.push({
      name: 'etc/ssl/certs/ca-certificates.crt',
      mode: 0o644,
      uid: 0,
      body: `${bundle}${bundle.endsWith('\n') || bundle === '' ? '' : '\n'}${readFileSync(opts.trustCaFile, 'utf8')}`,
    });
  }
  if (files.length) await container.putArchive(await tarOf(files), { path: '/' });
  await container.start();

  const ref: ContainerRef = { id: container.id, name };
  const agent = makeFakeAgent(ref, gen, state, network, volume, env.NETDATA_LISTENER_PORT);
  if (opts.wait !== false) {
    if (gen === 'v1' && stateName(state) === 'claim-failed' && claim) {
      await waitForState(ref.id, (s) => s.State.Status === 'exited' && !s.State.Restarting, timeoutMs);
    } else {
      await waitForFakeAgent(agent, timeoutMs);
    }
  }
  return agent;
}

function makeFakeAgent(
  ref: ContainerRef,
  gen: FakeGeneration,
  state: FakeAgentState,
  network: string,
  volume: string | undefined,
  portEnv?: string,
): FakeAgent {
  const port = Number(portEnv ?? AGENT_PORT);
  const apiBase = `http://localhost:${port}`;
  const agent: FakeAgent = {
    ...ref,
    generation: gen,
    state,
    network,
    ...(volume ? { volume } : {}),
    apiBase,
    async api(pathname) {
      const mark = '\n@@HTTP_STATUS@@';
      const r = await execIn(ref.id, ['curl', '-s', '--max-time', '60', '-w', `${mark}%{http_code}`, `${apiBase}${pathname}`]);
      if (r.exitCode !== 0) throw new Error(`curl ${pathname} in ${ref.name} exited ${r.exitCode}: ${r.stderr}`);
      const at = r.stdout.lastIndexOf(mark);
      return { status: Number(r.stdout.slice(at + mark.length)), body: r.stdout.slice(0, at) };
    },
    cli: (...args) => execIn(ref.id, ['netdatacli', ...args]),
    async identity() {
      const r = await execIn(ref.id, ['node', '/usr/lib/netdata-fake/fake-control.mjs', 'state']);
      if (r.exitCode !== 0) throw new Error(`fake-control state in ${ref.name}: ${r.stderr || r.stdout}`);
      return JSON.parse(r.stdout) as FakeIdentity;
    },
    async setState(next) {
      const r = await execIn(ref.id, ['node', '/usr/lib/netdata-fake/fake-control.mjs', 'set-state', next]);
      if (r.exitCode !== 0) throw new Error(`fake-control set-state ${next} in ${ref.name}: ${r.stderr || r.stdout}`);
      agent.state = next;
    },
    async setChildren(children) {
      const r = await execIn(ref.id, ['node', '/usr/lib/netdata-fake/fake-control.mjs', 'set-children', childrenJson(children)]);
      if (r.exitCode !== 0) throw new Error(`fake-control set-children in ${ref.name}: ${r.stderr || r.stdout}`);
    },
    async setHostile(mode) {
      const r = await execIn(ref.id, ['node', '/usr/lib/netdata-fake/fake-control.mjs', 'set-hostile', mode]);
      if (r.exitCode !== 0) throw new Error(`fake-control set-hostile ${mode} in ${ref.name}: ${r.stderr || r.stdout}`);
    },
    logs: () => readLogs(ref.id),
    async remove() {
      await docker
        .getContainer(ref.id)
        .remove({ force: true, v: true })
        .catch(() => undefined);
      if (volume)
        await docker
          .getVolume(volume)
          .remove()
          .catch(() => undefined);
    },
  };
  return agent;
}

function childrenJson(children: readonly FakeChild[]): string {
  return JSON.stringify(
    children.map((c) => ({ hostname: c.hostname, mguid: c.guid, nodeId: c.nodeId ?? null, online: c.online !== false })),
  );
}

/** Waits until the fake's pipe and web server answer (works with hostile modes: `/` is never hostile). */
export async function waitForFakeAgent(agent: FakeAgent, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = await inspect(agent.id);
    if (info.State.Running && !info.State.Paused) {
      const r = await execIn(agent.id, ['curl', '-s', '-o', '/dev/null', '--max-time', '2', `${agent.apiBase}/`]).catch(() => undefined);
      if (r?.exitCode === 0) return;
    } else if (info.State.Status === 'exited' && !info.State.Restarting) {
      const logs = await readLogs(agent.id);
      throw new Error(`${info.Name} exited ${info.State.ExitCode} before its API answered:\n${(logs.stderr || logs.stdout).slice(-2000)}`);
    }
    if (Date.now() > deadline) throw new Error(`${info.Name}: fake agent did not answer within ${timeoutMs} ms`);
    await sleep(150);
  }
}

// ------------------------------------------------------------------------------------------------------------------
// Recorded answers (for assertions): the fixture files the fake serves.

export interface FakeFixture {
  dir: string;
  recorded: boolean;
  cloud: string;
  nd: string;
  aclkJson: string;
  aclkText?: string;
  infoV1CloudKeys?: string;
}

/** Which fixture directory (under answers/) a generation and state serve; mirrors CATALOGUE in server.mjs. */
export function fixtureDirOf(gen: FakeGeneration, state: FakeAgentState): string {
  const [name, variant] = state.split('@') as [string, string | undefined];
  const v2: Record<string, string> = {
    online: 'recorded/v2.10.4/online',
    'offline-never-connected': 'recorded/v2.10.4/unseen',
    unseen: 'recorded/v2.10.4/unseen',
    'offline-was-connected@socket-error': 'recorded/v2.10.4/mqtt-refused-2-socket-error',
    'offline-was-connected@connection-refused': 'recorded/v2.10.4/cloud-refused-2-connection-refused',
    'offline-was-connected@cannot-resolve': 'constructed/v2.10.4/was-connected-cannot-resolve',
    'offline-was-connected@tls-verify': 'constructed/v2.10.4/was-connected-tls-verify',
    'offline-was-connected@claim-removed': 'constructed/v2.10.4/was-connected-claim-removed',
    banned: 'recorded/v2.10.4/banned',
    'blocked-temporarily': 'constructed/v2.10.4/blocked',
    indirect: 'constructed/v2.10.4/indirect',
    'claim-failed@token': 'recorded/v2.10.4/claim-403',
    'claim-failed@network': 'constructed/v2.10.4/claim-network',
    'claim-failed@already-claimed': 'constructed/v2.10.4/claim-409',
    'not-claimed': 'constructed/v2.10.4/not-claimed',
  };
  const v1: Record<string, string> = {
    online: 'recorded/v1.47.5/live',
    'offline-never-connected': 'recorded/v1.47.5/unseen',
    unseen: 'recorded/v1.47.5/unseen',
    'offline-was-connected@socket-error': 'constructed/v1.47.5/was-connected-socket-error',
    'offline-was-connected@connection-refused': 'constructed/v1.47.5/was-connected-connection-refused',
    'offline-was-connected@cannot-resolve': 'constructed/v1.47.5/was-connected-cannot-resolve',
    'offline-was-connected@tls-verify': 'constructed/v1.47.5/was-connected-tls-verify',
    banned: 'recorded/v1.47.5/banned',
    'blocked-temporarily': 'constructed/v1.47.5/blocked',
    indirect: 'constructed/v1.47.5/indirect',
    'not-claimed': 'constructed/v1.47.5/not-claimed',
    'cloud-disabled': 'constructed/v1.47.5/cloud-disabled',
  };
  const defaults: Record<string, string> = { 'offline-was-connected': 'socket-error', 'claim-failed': 'token' };
  const key = variant ? `${name}@${variant}` : name in defaults ? `${name}@${defaults[name]}` : name;
  const dir = (gen === 'v2' ? v2 : v1)[key];
  if (!dir) throw new Error(`no fixture for ${gen} ${state}`);
  return dir;
}

export function loadFakeFixture(gen: FakeGeneration, state: FakeAgentState): FakeFixture {
  const dir = fixtureDirOf(gen, state);
  const read = (f: string): string | undefined => {
    try {
      return readFileSync(path.join(FAKE_ANSWERS_DIR, dir, f), 'utf8');
    } catch {
      return undefined;
    }
  };
  return {
    dir,
    recorded: dir.startsWith('recorded/'),
    cloud: read('cloud.json')!,
    nd: read('nd.json')!,
    aclkJson: read('aclk-state.json')!,
    ...(read('aclk-state.txt') !== undefined ? { aclkText: read('aclk-state.txt')! } : {}),
    ...(read('info-v1-cloud-keys.json') !== undefined ? { infoV1CloudKeys: read('info-v1-cloud-keys.json')! } : {}),
  };
}

// ------------------------------------------------------------------------------------------------------------------
// Fake Netdata Cloud.

export type FakeCloudMode = 'normal' | 'strip-upgrade' | 'strip-upgrade-200' | 'bad-cert' | 'wrong-name' | 'refuse' | 'unresolvable';

export interface FakeCloudOptions {
  mode: FakeCloudMode;
  /** `host`: a process on 127.0.0.1 (URL https://localhost:<port>); `container`: a container on `network`. */
  where: 'host' | 'container';
  /** container: `internal` (default, the per-run --internal network) or an existing network name. */
  network?: 'internal' | (string & {});
  /** container: the `.test` name (network alias) it answers under (default `cloud-<random>.test`). */
  hostname?: string;
  timeoutMs?: number;
}

export interface FakeCloudRequest {
  time: string;
  method: string;
  path: string;
  upgrade: string | null;
  status: number;
  remote: string | null;
}

export interface FakeCloud {
  mode: FakeCloudMode;
  where: 'host' | 'container';
  /** The Cloud URL to give agents and the doctor (`https://localhost:<port>` or `https://<name>.test`). */
  url: string;
  hostname: string;
  port: number;
  /** The CA that signed the certificate (for bad-cert: the CA clients trust, which did NOT sign it). */
  caFile: string;
  network?: string;
  container?: ContainerRef;
  /** What clients asked so far. */
  requests(): Promise<FakeCloudRequest[]>;
  stop(): Promise<void>;
}

interface Pki {
  dir: string;
  caFile: string;
  caKey: string;
  rogueCaFile: string;
  rogueCaKey: string;
}

const execFileP = promisify(execFile);
let pki: Promise<Pki> | undefined;
const tempDirs = new Set<string>();
const children = new Set<ChildProcess>();

async function openssl(args: string[], cwd: string): Promise<void> {
  await execFileP('openssl', args, { cwd });
}

/** The test CA (and an untrusted "rogue" CA), made once per test process with the host's openssl. */
function testPki(): Promise<Pki> {
  pki ??= (async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ncd-fake-pki-'));
    tempDirs.add(dir);
    for (const ca of ['ca', 'rogue-ca']) {
      await openssl(
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-days',
          '3',
          '-keyout',
          `${ca}.key`,
          '-out',
          `${ca}.pem`,
          '-subj',
          `/CN=netdata-cloud-doctor test ${ca} ${RUN_ID}`,
          '-addext',
          'basicConstraints=critical,CA:TRUE',
          '-addext',
          'keyUsage=critical,keyCertSign,cRLSign',
        ],
        dir,
      );
    }
    return {
      dir,
      caFile: path.join(dir, 'ca.pem'),
      caKey: path.join(dir, 'ca.key'),
      rogueCaFile: path.join(dir, 'rogue-ca.pem'),
      rogueCaKey: path.join(dir, 'rogue-ca.key'),
    };
  })();
  return pki;
}

/** A server certificate for `names` (DNS names or IPs), signed by the test CA or the rogue one. */
async function serverCert(names: string[], rogue: boolean): Promise<{ cert: string; key: string }> {
  const p = await testPki();
  const id = randomBytes(4).toString('hex');
  const san = names.map((n) => (/^[\d.]+$|:/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
  writeFileSync(path.join(p.dir, `${id}.ext`), `subjectAltName=${san}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`);
  await openssl(
    [
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      `${id}.key`,
      '-out',
      `${id}.csr`,
      '-subj',
      `/CN=${names[0]}`,
    ],
    p.dir,
  );
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      `${id}.csr`,
      '-CA',
      rogue ? p.rogueCaFile : p.caFile,
      '-CAkey',
      rogue ? p.rogueCaKey : p.caKey,
      '-CAcreateserial',
      '-days',
      '2',
      '-out',
      `${id}.pem`,
      '-extfile',
      `${id}.ext`,
    ],
    p.dir,
  );
  return { cert: path.join(p.dir, `${id}.pem`), key: path.join(p.dir, `${id}.key`) };
}

/** A loopback TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Starts a fake Netdata Cloud endpoint; see test/testbed/fake-cloud/server.mjs for what each mode answers. */
export async function startFakeCloud(opts: FakeCloudOptions): Promise<FakeCloud> {
  const p = await testPki();
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const serverMode = opts.mode === 'bad-cert' || opts.mode === 'wrong-name' || opts.mode === 'unresolvable' ? 'normal' : opts.mode;

  if (opts.mode === 'unresolvable') {
    const hostname = `unresolvable-${randomBytes(4).toString('hex')}.test`;
    return {
      mode: opts.mode,
      where: opts.where,
      url: `https://${hostname}`,
      hostname,
      port: 443,
      caFile: p.caFile,
      requests: async () => [],
      stop: async () => {},
    };
  }

  if (opts.where === 'host') {
    const hostname = 'localhost';
    if (opts.mode === 'refuse') {
      const port = await freePort();
      return {
        mode: opts.mode,
        where: 'host',
        url: `https://${hostname}:${port}`,
        hostname,
        port,
        caFile: p.caFile,
        requests: async () => [],
        stop: async () => {},
      };
    }
    const names = opts.mode === 'wrong-name' ? ['wrong-name.test'] : [hostname, '127.0.0.1'];
    const { cert, key } = await serverCert(names, opts.mode === 'bad-cert');
    const child = spawn(
      process.execPath,
      [FAKE_CLOUD_SERVER, '--cert', cert, '--key', key, '--port', '0', '--host', '127.0.0.1', '--mode', serverMode],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.add(child);
    const lines: string[] = [];
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      let buf = '';
      const timer = setTimeout(() => reject(new Error(`fake cloud did not start within ${timeoutMs} ms: ${stderr}`)), timeoutMs);
      child.stdout!.on('data', (d: Buffer) => {
        buf += d.toString();
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          const m = /^FAKE-CLOUD listening (\d+)/.exec(line);
          if (m) {
            clearTimeout(timer);
            resolve(Number(m[1]));
          } else if (line) lines.push(line);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`fake cloud exited ${code}: ${stderr}`));
      });
    });
    return {
      mode: opts.mode,
      where: 'host',
      url: `https://${hostname}:${port}`,
      hostname,
      port,
      caFile: p.caFile,
      requests: async () => lines.map((l) => JSON.parse(l) as FakeCloudRequest),
      stop: async () => {
        children.delete(child);
        if (child.exitCode === null && child.pid) {
          process.kill(child.pid, 'SIGTERM');
          await new Promise((r) => child.once('exit', r));
        }
      },
    };
  }

  // In a container from the Node image, under a .test network alias on the (internal) network.
  const network = !opts.network || opts.network === 'internal' ? await ensureInternalNetwork() : opts.network;
  const hostname = opts.hostname ?? `cloud-${randomBytes(4).toString('hex')}.test`;
  const names = opts.mode === 'wrong-name' ? ['wrong-name.test'] : [hostname, 'localhost', '127.0.0.1'];
  const { cert, key } = await serverCert(names, opts.mode === 'bad-cert');
  const name = `ncd-fake-cloud-${opts.mode}-${randomBytes(3).toString('hex')}`;
  const container = await docker.createContainer({
    name,
    Image: FAKE_IMAGES.node,
    Cmd: [
      'node',
      '/opt/fake-cloud/server.mjs',
      '--cert',
      '/opt/fake-cloud/server.pem',
      '--key',
      '/opt/fake-cloud/server-key.pem',
      '--port',
      '443',
      '--mode',
      serverMode,
    ],
    Labels: { [TEST_LABEL]: RUN_ID },
    HostConfig: { NetworkMode: network, Dns: LOCAL_DNS },
    NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [hostname] } } },
  });
  await container.putArchive(
    await tarOf([
      { name: 'opt/fake-cloud', dir: true, mode: 0o755, uid: 0 },
      { name: 'opt/fake-cloud/server.mjs', body: readFileSync(FAKE_CLOUD_SERVER, 'utf8'), mode: 0o644, uid: 0 },
      { name: 'opt/fake-cloud/server.pem', body: readFileSync(cert, 'utf8'), mode: 0o644, uid: 0 },
      { name: 'opt/fake-cloud/server-key.pem', body: readFileSync(key, 'utf8'), mode: 0o600, uid: 0 },
    ]),
    { path: '/' },
  );
  await container.start();
  const ref = { id: container.id, name };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { stdout, stderr } = await readLogs(ref.id);
    if (/^FAKE-CLOUD listening/m.test(stdout)) break;
    const info = await inspect(ref.id);
    if (!info.State.Running) throw new Error(`fake cloud ${name} exited ${info.State.ExitCode}: ${stderr}`);
    if (Date.now() > deadline) throw new Error(`fake cloud ${name} did not start within ${timeoutMs} ms`);
    await sleep(100);
  }
  return {
    mode: opts.mode,
    where: 'container',
    url: `https://${hostname}`,
    hostname,
    port: 443,
    caFile: p.caFile,
    network,
    container: ref,
    requests: async () =>
      (await readLogs(ref.id)).stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as FakeCloudRequest),
    stop: async () => {
      await docker
        .getContainer(ref.id)
        .remove({ force: true })
        .catch(() => undefined);
    },
  };
}

// ------------------------------------------------------------------------------------------------------------------
// Clean-up.

/** removeTestResources() (containers, volumes, networks of this run) plus the fakes' processes and temp files. */
export async function removeFakeResources(): Promise<void> {
  for (const child of children) {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(child.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
    }
  }
  children.clear();
  await removeTestResources();
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
  tempDirs.clear();
  pki = undefined;
}

process.once('exit', () => {
  for (const child of children)
    if (child.exitCode === null && child.pid)
      try {
        process.kill(child.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

// ------------------------------------------------------------------------------------------------------------------
// Small tar helpers (putArchive / getArchive).

interface TarFile {
  name: string;
  body?: string;
  dir?: boolean;
  mode: number;
  uid: number;
  gid?: number;
}

async function tarOf(files: readonly TarFile[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    p.on('end', resolve);
    p.on('error', reject);
  });
  // Missing parent directories are created by the engine (root, 0755); existing ones are left as they are.
  for (const f of files) {
    const gid = f.gid ?? f.uid;
    if (f.dir) p.entry({ name: f.name, type: 'directory', mode: f.mode, uid: f.uid, gid });
    else p.entry({ name: f.name, mode: f.mode, uid: f.uid, gid }, f.body ?? '');
  }
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** One file of a (created or running) container, through the archive API. */
export async function readContainerFile(id: string, file: string): Promise<string> {
  const stream = await docker.getContainer(id).getArchive({ path: file });
  const ex = extract();
  let body = '';
  const done = new Promise<void>((resolve, reject) => {
    ex.on('entry', (_h, s, next) => {
      s.on('data', (c: unknown) => (body += (c as Buffer).toString('utf8')));
      s.on('end', next);
      s.resume();
    });
    ex.on('finish', resolve);
    ex.on('error', reject);
  });
  stream.pipe(ex);
  await done;
  return body;
}
