// Test-bed scenarios: real Netdata Agent containers in known states, for the integration tests.
//
// Images come from scripts/testbed (run it first; it is idempotent):
//   ncd-test/netdata:v1                       Debian's real netdata 1.37.1 (built WITHOUT Cloud/ACLK) laid out
//                                             like the official v1.47 image; its real netdata-claim.sh exits 3
//   ncd-test/netdata:v1-claim                 the same with a fake claim script replaying the recorded v1.47.5
//                                             outcomes, chosen by FAKE_CLAIM_OUTCOME (success|403|409|unreachable)
//   ncd-test/netdata:v1-script-{missing,directory,not-executable}   a broken /usr/sbin/netdata-claim.sh
//
// Every container, volume and network made here carries the label TEST_LABEL=<RUN_ID>, runs with
// `--network none` (or an `--internal` network) and DO_NOT_TRACK=1, and any claim URL points at
// `https://cloud.test:9` (a reserved name that never resolves): nothing here ever leaves the machine.

import Docker from 'dockerode';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const TEST_LABEL = 'netdata-cloud-doctor.test';
/** One id per test process (override with NCD_TEST_RUN_ID to share one between processes). */
export const RUN_ID = process.env['NCD_TEST_RUN_ID'] ?? `run-${process.pid}-${Date.now().toString(36)}`;

export const IMAGES = {
  base: 'ncd-test/debian-netdata:1.37.1',
  v1: 'ncd-test/netdata:v1',
  v1Claim: 'ncd-test/netdata:v1-claim',
  scriptMissing: 'ncd-test/netdata:v1-script-missing',
  scriptDirectory: 'ncd-test/netdata:v1-script-directory',
  scriptNotExecutable: 'ncd-test/netdata:v1-script-not-executable',
} as const;

/** Claim values used by the scenarios. The token is fake but long, so redaction tests can look for it. */
export const CLOUD_URL = 'https://cloud.test:9';
export const CLAIM_TOKEN = 'ncdTestToken-0123456789abcdefghijklmnopqrstuvwxyz-NEVER-LOG-ME';
export const CLAIM_ROOMS = '11111111-2222-4333-8444-555555555555';
export const NETDATA_UID = 201;
export const AGENT_PORT = 19999;
export const GUID_FILE = '/var/lib/netdata/registry/netdata.public.unique.id';

export const docker = new Docker(); // DOCKER_HOST, else /var/run/docker.sock

export type ScenarioKind =
  | 'healthy-unclaimed' //       named volume, no claim env, running
  | 'claim-token-no-url' //      v1: token without URL, so run.sh never claims; running
  | 'claim-quoted-url' //        URL wrapped in literal quotes (compose list syntax); fake claim succeeds
  | 'claim-ok' //                fake claim success: running, cloud.d/claimed_id = machine GUID
  | 'claim-403-restart-loop' //  fake 403, restart on-failure:2: exited 12 with RestartCount 2
  | 'claim-409' //               fake 409: exited 13, cloud.conf written, no claimed_id
  | 'claim-unreachable' //       fake connection failure: exited 7 after ~6 s of retries
  | 'claim-real-debian' //       Debian's real script (built without Cloud): exited 3
  | 'script-missing' //          with the claim env (opts.claim !== false): exited 127; without: running
  | 'script-directory' //        ... exited 126; without: running
  | 'script-not-executable' //   ... exited 126; without: running
  | 'no-volume' //               nothing mounted at /var/lib/netdata
  | 'anonymous-volume' //        `-v /var/lib/netdata`
  | 'named-volume' //            `-v <name>:/var/lib/netdata`
  | 'bind-mount' //              `-v <host temp dir, owned 201>:/var/lib/netdata`
  | 'readonly-volume' //         `-v <name>:/var/lib/netdata:ro`, the volume seeded by an earlier run
  | 'exits-early' //             the agent dies by itself ~3 s after start (exit 139), no restart policy
  | 'stopped-by-user' //         started, then `docker stop`: exited 0
  | 'shared-identity' //         two running agents on one named volume (same GUID)
  | 'cloned-identity' //         two volumes pre-seeded with the same GUID, two running agents
  | 'seccomp-warning' //         read-only rootfs: run.sh prints the two WARNING lines; running
  | 'paused'; //                 started, then `docker pause`

export const SCENARIO_KINDS: readonly ScenarioKind[] = [
  'healthy-unclaimed',
  'claim-token-no-url',
  'claim-quoted-url',
  'claim-ok',
  'claim-403-restart-loop',
  'claim-409',
  'claim-unreachable',
  'claim-real-debian',
  'script-missing',
  'script-directory',
  'script-not-executable',
  'no-volume',
  'anonymous-volume',
  'named-volume',
  'bind-mount',
  'readonly-volume',
  'exits-early',
  'stopped-by-user',
  'shared-identity',
  'cloned-identity',
  'seccomp-warning',
  'paused',
];

export interface ScenarioOptions {
  /** Container name (default `ncd-<kind>-<random>`); a second container gets `<name>-b`. */
  name?: string;
  /** Extra environment, applied last (so it can override the scenario's own values). */
  env?: Record<string, string>;
  /** Named volume for /var/lib/netdata (created, labelled, if missing) where the scenario mounts one. */
  volume?: string;
  /** script-* kinds: set NETDATA_CLAIM_URL + NETDATA_CLAIM_TOKEN (default true). */
  claim?: boolean;
  /** `none` (default) or a per-run `--internal` bridge network (reachable from this host, not beyond). */
  network?: 'none' | 'internal';
  /** Extra container labels (e.g. `netdata-cloud-doctor.enable`). */
  labels?: Record<string, string>;
  /** Overrides the restart policy the scenario would use. */
  restart?: { Name: '' | 'no' | 'always' | 'unless-stopped' | 'on-failure'; MaximumRetryCount?: number };
  /** How long to wait for the scenario's end state (default 60 s). */
  timeoutMs?: number;
}

export interface ContainerRef {
  id: string;
  name: string;
}

export interface Scenario extends ContainerRef {
  kind: ScenarioKind;
  /** Further containers of the scenario (shared-identity, cloned-identity). */
  peers: ContainerRef[];
  /** Named volumes the scenario mounted, in container order. */
  volumes: string[];
  /** bind-mount: the host directory. */
  bindDir?: string;
  /** cloned-identity: the GUID seeded into both volumes. */
  guid?: string;
}

type Inspect = Docker.ContainerInspectInfo;

// ---------------------------------------------------------------------------------------------------
// Scenarios

/** Starts one scenario and waits until it reached its documented state. */
export async function startScenario(kind: ScenarioKind, opts: ScenarioOptions = {}): Promise<Scenario> {
  const name = opts.name ?? `ncd-${kind}-${randomBytes(3).toString('hex')}`;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const claimEnv = { NETDATA_CLAIM_URL: CLOUD_URL, NETDATA_CLAIM_TOKEN: CLAIM_TOKEN, NETDATA_CLAIM_ROOMS: CLAIM_ROOMS };
  const base = { kind, peers: [] as ContainerRef[], volumes: [] as string[] };
  const namedVolume = async (suffix = ''): Promise<string> => {
    const volume = suffix === '' && opts.volume !== undefined ? opts.volume : `${name}${suffix}-lib`;
    await ensureVolume(volume);
    base.volumes.push(volume);
    return volume;
  };
  const run = (spec: AgentSpec): Promise<ContainerRef> => runAgent(spec, opts);
  const running = async (ref: ContainerRef): Promise<ContainerRef> => {
    await waitForAgentApi(ref.id, timeoutMs);
    return ref;
  };
  const exited = async (ref: ContainerRef, restarts = 0): Promise<ContainerRef> => {
    await waitForState(ref.id, (s) => s.State.Status === 'exited' && s.RestartCount >= restarts, timeoutMs);
    return ref;
  };

  switch (kind) {
    case 'healthy-unclaimed':
    case 'named-volume': {
      const ref = await running(await run({ name, image: IMAGES.v1, binds: [`${await namedVolume()}:/var/lib/netdata`] }));
      return { ...base, ...ref };
    }
    case 'claim-token-no-url': {
      const env = { NETDATA_CLAIM_TOKEN: CLAIM_TOKEN, NETDATA_CLAIM_ROOMS: CLAIM_ROOMS };
      const ref = await running(await run({ name, image: IMAGES.v1, env, binds: [`${await namedVolume()}:/var/lib/netdata`] }));
      return { ...base, ...ref };
    }
    case 'claim-quoted-url': {
      // `- NETDATA_CLAIM_URL="https://..."` in a compose list keeps the quotes. The real v1 script builds its
      // curl command with eval, which strips them again, so the PUT itself can succeed; the quotes end up in
      // the "Base URL:" line and in cloud.d/cloud.conf. The fake replays that success.
      const env = { ...claimEnv, NETDATA_CLAIM_URL: `"${CLOUD_URL}"`, FAKE_CLAIM_OUTCOME: 'success' };
      const ref = await running(await run({ name, image: IMAGES.v1Claim, env, binds: [`${await namedVolume()}:/var/lib/netdata`] }));
      return { ...base, ...ref };
    }
    case 'claim-ok': {
      const env = { ...claimEnv, FAKE_CLAIM_OUTCOME: 'success' };
      const ref = await running(await run({ name, image: IMAGES.v1Claim, env, binds: [`${await namedVolume()}:/var/lib/netdata`] }));
      return { ...base, ...ref };
    }
    case 'claim-403-restart-loop': {
      const env = { ...claimEnv, FAKE_CLAIM_OUTCOME: '403' };
      const restart = opts.restart ?? { Name: 'on-failure' as const, MaximumRetryCount: 2 };
      const ref = await run({ name, image: IMAGES.v1Claim, env, restart, binds: [`${await namedVolume()}:/var/lib/netdata`] });
      return { ...base, ...(await exited(ref, restart.Name === 'on-failure' ? (restart.MaximumRetryCount ?? 0) : 0)) };
    }
    case 'claim-409':
    case 'claim-unreachable': {
      const env = { ...claimEnv, FAKE_CLAIM_OUTCOME: kind === 'claim-409' ? '409' : 'unreachable' };
      const ref = await run({ name, image: IMAGES.v1Claim, env, binds: [`${await namedVolume()}:/var/lib/netdata`] });
      return { ...base, ...(await exited(ref)) };
    }
    case 'claim-real-debian': {
      const ref = await run({ name, image: IMAGES.v1, env: claimEnv, binds: [`${await namedVolume()}:/var/lib/netdata`] });
      return { ...base, ...(await exited(ref)) };
    }
    case 'script-missing':
    case 'script-directory':
    case 'script-not-executable': {
      const image = {
        'script-missing': IMAGES.scriptMissing,
        'script-directory': IMAGES.scriptDirectory,
        'script-not-executable': IMAGES.scriptNotExecutable,
      }[kind];
      const claim = opts.claim !== false;
      const ref = await run({ name, image, env: claim ? claimEnv : {}, binds: [`${await namedVolume()}:/var/lib/netdata`] });
      return { ...base, ...(claim ? await exited(ref) : await running(ref)) };
    }
    case 'no-volume': {
      return { ...base, ...(await running(await run({ name, image: IMAGES.v1 }))) };
    }
    case 'anonymous-volume': {
      // Same as `docker run -v /var/lib/netdata`; the volume has no label and goes with the container (v: true).
      return { ...base, ...(await running(await run({ name, image: IMAGES.v1, anonymousVolumes: ['/var/lib/netdata'] }))) };
    }
    case 'bind-mount': {
      const bindDir = await makeBindDir();
      const ref = await running(await run({ name, image: IMAGES.v1, binds: [`${bindDir}:/var/lib/netdata`] }));
      return { ...base, ...ref, bindDir };
    }
    case 'readonly-volume': {
      // A fresh, empty volume mounted :ro makes netdata 1.37 exit 1 at once (FATAL "Cannot create directory
      // '/var/lib/netdata/registry'"); seeding it with one short read-write run first gives the more telling
      // case: a running agent whose identity and claim state cannot be written.
      const volume = await namedVolume();
      await seedVolumeWithAgentRun(volume, timeoutMs);
      const ref = await running(await run({ name, image: IMAGES.v1, binds: [`${volume}:/var/lib/netdata:ro`] }));
      return { ...base, ...ref };
    }
    case 'exits-early': {
      // `netdatacli fatal-agent` makes the agent itself fatal() out: no `docker kill`/`stop` event, so it looks
      // exactly like an agent that died on its own (netdata 1.37 then ends with exit code 139).
      const ref = await running(await run({ name, image: IMAGES.v1, binds: [`${await namedVolume()}:/var/lib/netdata`] }));
      const startedAt = Date.parse((await inspect(ref.id)).State.StartedAt);
      await sleep(Math.max(0, startedAt + 3_000 - Date.now()));
      await execIn(ref.id, ['netdatacli', 'fatal-agent']).catch(() => undefined); // the agent dies under the exec
      return { ...base, ...(await exited(ref)) };
    }
    case 'stopped-by-user': {
      const ref = await running(await run({ name, image: IMAGES.v1, binds: [`${await namedVolume()}:/var/lib/netdata`] }));
      await stopCleanly(ref.id, timeoutMs);
      return { ...base, ...(await exited(ref)) };
    }
    case 'paused': {
      const ref = await running(await run({ name, image: IMAGES.v1, binds: [`${await namedVolume()}:/var/lib/netdata`] }));
      await docker.getContainer(ref.id).pause();
      await waitForState(ref.id, (s) => s.State.Paused, timeoutMs);
      return { ...base, ...ref };
    }
    case 'shared-identity': {
      // The second agent starts only once the first one has written the GUID, so both report the same one.
      const volume = await namedVolume();
      const a = await running(await run({ name, image: IMAGES.v1, binds: [`${volume}:/var/lib/netdata`] }));
      const b = await running(await run({ name: `${name}-b`, image: IMAGES.v1, binds: [`${volume}:/var/lib/netdata`] }));
      return { ...base, ...a, peers: [b] };
    }
    case 'cloned-identity': {
      // As when a volume (or VM) is copied: two volumes, one GUID.
      const guid = randomUUID();
      const volumeA = await namedVolume();
      const volumeB = await namedVolume('-b');
      await seedGuid(volumeA, guid, timeoutMs);
      await seedGuid(volumeB, guid, timeoutMs);
      const a = await running(await run({ name, image: IMAGES.v1, binds: [`${volumeA}:/var/lib/netdata`] }));
      const b = await running(await run({ name: `${name}-b`, image: IMAGES.v1, binds: [`${volumeB}:/var/lib/netdata`] }));
      return { ...base, ...a, peers: [b], guid };
    }
    case 'seccomp-warning': {
      // run.sh warns when `/` is not writable for root, which a read-only rootfs reproduces on any host. The
      // tmpfs mounts are where this agent writes: /etc/netdata (run.sh's opt-out touch, then it copies the
      // stock config into the empty mount), the dbengine cache, and /tmp (netdatacli's pipe).
      const ref = await run({
        name,
        image: IMAGES.v1,
        binds: [`${await namedVolume()}:/var/lib/netdata`],
        readOnlyRootfs: true,
        tmpfs: { '/etc/netdata': '', '/var/cache/netdata': `uid=${NETDATA_UID},gid=${NETDATA_UID},mode=0770`, '/tmp': '' },
      });
      await running(ref);
      await waitForLog(ref.id, /WARNING: This Docker host appears to not properly support newer stat system calls/, timeoutMs);
      return { ...base, ...ref };
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Building blocks

interface AgentSpec {
  name: string;
  image: string;
  env?: Record<string, string>;
  binds?: string[];
  anonymousVolumes?: string[];
  restart?: ScenarioOptions['restart'];
  readOnlyRootfs?: boolean;
  tmpfs?: Record<string, string>;
  entrypoint?: string[];
  cmd?: string[];
}

/** Creates and starts one labelled agent container; the scenario's own env/restart yield to opts. */
async function runAgent(spec: AgentSpec, opts: ScenarioOptions): Promise<ContainerRef> {
  const env = { DO_NOT_TRACK: '1', ...spec.env, ...opts.env };
  const restart = opts.restart ?? spec.restart ?? { Name: 'no' as const };
  const container = await docker.createContainer({
    name: spec.name,
    Image: spec.image,
    Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    Labels: { ...opts.labels, [TEST_LABEL]: RUN_ID },
    ...(spec.anonymousVolumes ? { Volumes: Object.fromEntries(spec.anonymousVolumes.map((p) => [p, {}])) } : {}),
    ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
    ...(spec.cmd ? { Cmd: spec.cmd } : {}),
    HostConfig: {
      NetworkMode: opts.network === 'internal' ? await ensureInternalNetwork() : 'none',
      Binds: spec.binds ?? [],
      RestartPolicy: restart,
      ReadonlyRootfs: spec.readOnlyRootfs ?? false,
      ...(spec.tmpfs ? { Tmpfs: spec.tmpfs } : {}),
      // Loopback as the upstream resolver: no lookup of a test ever goes to the host's resolvers.
      Dns: ['127.0.0.1'],
    },
  });
  await container.start();
  return { id: container.id, name: spec.name };
}

async function ensureVolume(name: string): Promise<void> {
  const existing = await docker
    .getVolume(name)
    .inspect()
    .catch(() => undefined);
  if (!existing) await docker.createVolume({ Name: name, Labels: { [TEST_LABEL]: RUN_ID } });
}

let internalNetwork: Promise<string> | undefined;
/** A per-run `--internal` bridge: containers on it reach each other and this host, nothing outside. */
export function ensureInternalNetwork(): Promise<string> {
  internalNetwork ??= (async () => {
    const name = `ncd-test-internal-${RUN_ID}`;
    const found = await docker.listNetworks({ filters: { name: [name] } });
    if (!found.some((n) => n.Name === name)) {
      await docker.createNetwork({ Name: name, Driver: 'bridge', Internal: true, Labels: { [TEST_LABEL]: RUN_ID } });
    }
    return name;
  })();
  return internalNetwork;
}

const bindDirs = new Set<string>();
/** A host directory for /var/lib/netdata, owned by the image's netdata user (201) like the image's own. */
async function makeBindDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ncd-testbed-'));
  bindDirs.add(dir);
  await chown(dir, NETDATA_UID, NETDATA_UID);
  await chmod(dir, 0o770);
  return dir;
}

/** Runs a throw-away labelled container to completion (for seeding volumes); throws on a non-zero exit. */
async function runToCompletion(spec: AgentSpec, timeoutMs: number): Promise<void> {
  const ref = await runAgent(spec, {});
  try {
    const s = await waitForState(ref.id, (i) => i.State.Status === 'exited', timeoutMs);
    if (s.State.ExitCode !== 0) {
      const logs = await readLogs(ref.id);
      throw new Error(`helper ${spec.name} exited ${s.State.ExitCode}: ${logs.stderr || logs.stdout}`);
    }
  } finally {
    await docker
      .getContainer(ref.id)
      .remove({ force: true, v: true })
      .catch(() => undefined);
  }
}

/**
 * Writes GUID into the volume as the agent would have: mounting the volume on /var/lib/netdata first
 * copies the image's content (cloud.d, netdata-owned directory modes) into the empty volume.
 */
async function seedGuid(volume: string, guid: string, timeoutMs: number): Promise<void> {
  const script = `set -e; mkdir -p /var/lib/netdata/registry; printf %s "$GUID" > ${GUID_FILE};
    chown -R netdata:netdata /var/lib/netdata/registry; chmod 0770 /var/lib/netdata/registry; chmod 0660 ${GUID_FILE}`;
  await runToCompletion(
    {
      name: `ncd-seed-${randomBytes(4).toString('hex')}`,
      image: IMAGES.v1,
      entrypoint: ['/bin/sh', '-c', script],
      env: { GUID: guid },
      binds: [`${volume}:/var/lib/netdata`],
    },
    timeoutMs,
  );
}

/** One short read-write run of the real agent on the volume (GUID, dbengine files), then stop it. */
async function seedVolumeWithAgentRun(volume: string, timeoutMs: number): Promise<void> {
  const ref = await runAgent(
    { name: `ncd-seed-${randomBytes(4).toString('hex')}`, image: IMAGES.v1, binds: [`${volume}:/var/lib/netdata`] },
    {},
  );
  try {
    await waitForAgentApi(ref.id, timeoutMs);
    await docker.getContainer(ref.id).stop({ t: 10 });
  } finally {
    await docker
      .getContainer(ref.id)
      .remove({ force: true, v: true })
      .catch(() => undefined);
  }
}

/**
 * `docker stop`, until the agent exits as a stopped agent does (0 or 143). netdata 1.37 sometimes misses a
 * SIGTERM right after it started and is killed after the grace time (137), which is not a user stop.
 */
export async function stopCleanly(id: string, timeoutMs = 60_000, attempts = 3): Promise<void> {
  const container = docker.getContainer(id);
  for (let i = 1; ; i++) {
    await container.stop({ t: 10 }).catch((err: { statusCode?: number }) => {
      if (err.statusCode !== 304) throw err; // 304: already stopped
    });
    const { State } = await inspect(id);
    if (State.ExitCode === 0 || State.ExitCode === 143) return;
    if (i >= attempts) throw new Error(`${id.slice(0, 12)} exited ${State.ExitCode} on docker stop, ${attempts} times`);
    await container.start();
    await waitForAgentApi(id, timeoutMs);
    await sleep(3_000);
  }
}

// ---------------------------------------------------------------------------------------------------
// Waiting and reading

export function inspect(id: string): Promise<Inspect> {
  return docker.getContainer(id).inspect();
}

/** Polls `inspect` until predicate holds; on timeout throws with the last state seen. */
export async function waitForState(id: string, predicate: (info: Inspect) => boolean, timeoutMs = 30_000): Promise<Inspect> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = await inspect(id);
    if (predicate(info)) return info;
    if (Date.now() > deadline) {
      const s = info.State;
      throw new Error(
        `waitForState(${info.Name}): timed out after ${timeoutMs} ms; last state ${s.Status} exit=${s.ExitCode} restarts=${info.RestartCount}`,
      );
    }
    await sleep(200);
  }
}

/** Polls the container's logs (stdout and stderr) until a line matches; returns that line. */
export async function waitForLog(id: string, regex: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { stdout, stderr } = await readLogs(id);
    const line = `${stdout}\n${stderr}`.split('\n').find((l) => regex.test(l));
    if (line !== undefined) return line;
    if (Date.now() > deadline) throw new Error(`waitForLog(${id.slice(0, 12)}): no line matching ${regex} after ${timeoutMs} ms`);
    await sleep(250);
  }
}

/** Waits until the agent answers /api/v1/info inside its own namespace (exec curl; works with --network none). */
export async function waitForAgentApi(id: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = await inspect(id);
    if (info.State.Running && !info.State.Paused) {
      const r = await execIn(id, ['curl', '-sf', '-o', '/dev/null', `http://localhost:${AGENT_PORT}/api/v1/info`]).catch(() => undefined);
      if (r?.exitCode === 0) return;
    } else if (info.State.Status === 'exited' && !info.State.Restarting) {
      const logs = await readLogs(id);
      throw new Error(`${info.Name} exited ${info.State.ExitCode} before its API answered:\n${logs.stderr.slice(-2000)}`);
    }
    if (Date.now() > deadline) throw new Error(`${info.Name}: agent API did not answer within ${timeoutMs} ms`);
    await sleep(250);
  }
}

/** The whole log of a container, stdout and stderr apart (json-file driver, no TTY). */
export async function readLogs(id: string): Promise<{ stdout: string; stderr: string }> {
  const buf = await docker.getContainer(id).logs({ stdout: true, stderr: true, follow: false });
  return demux(buf);
}

/** Runs a command inside a running container (as root) and collects its output and exit code. */
export async function execIn(id: string, cmd: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const exec = await docker.getContainer(id).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', reject);
  });
  const { ExitCode } = await exec.inspect();
  return { exitCode: ExitCode ?? -1, ...demux(Buffer.concat(chunks)) };
}

/** Splits Docker's multiplexed stream format (8-byte frame headers: stream id, 3 zero bytes, BE32 size). */
function demux(buf: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buf.length) {
    const size = buf.readUInt32BE(i + 4);
    const frame = buf.subarray(i + 8, i + 8 + size);
    (buf[i] === 2 ? err : out).push(frame);
    i += 8 + size;
  }
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

// ---------------------------------------------------------------------------------------------------
// Images and clean-up

/** Throws a clear message when scripts/testbed has not built the images yet. */
export async function assertTestImages(): Promise<void> {
  const missing: string[] = [];
  for (const tag of Object.values(IMAGES)) {
    if (
      !(await docker
        .getImage(tag)
        .inspect()
        .catch(() => undefined))
    )
      missing.push(tag);
  }
  if (missing.length > 0) throw new Error(`test images missing (${missing.join(', ')}): run scripts/testbed`);
}

/**
 * Removes what this run created: containers (forced, with their anonymous volumes), then volumes, then
 * networks, then bind-mount directories. `allRuns` also sweeps leftovers of earlier runs (any TEST_LABEL).
 */
export async function removeTestResources(options: { allRuns?: boolean } = {}): Promise<void> {
  const label = options.allRuns ? TEST_LABEL : `${TEST_LABEL}=${RUN_ID}`;
  const filters = { label: [label] };
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(ignoreNotFound)));
  const { Volumes: volumes } = await docker.listVolumes({ filters });
  await Promise.all((volumes ?? []).map((v) => docker.getVolume(v.Name).remove().catch(ignoreNotFound)));
  const networks = await docker.listNetworks({ filters });
  await Promise.all(networks.map((n) => docker.getNetwork(n.Id).remove().catch(ignoreNotFound)));
  internalNetwork = undefined;
  await Promise.all([...bindDirs].map((d) => rm(d, { recursive: true, force: true })));
  bindDirs.clear();
}

/** For `after()` in every integration test file: removes this run's resources. */
export async function cleanupOnExit(): Promise<void> {
  await removeTestResources();
}

function ignoreNotFound(e: unknown): void {
  const status = (e as { statusCode?: number }).statusCode;
  if (status !== 404) throw e;
}
