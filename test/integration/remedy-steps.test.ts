// Remedy steps applied literally, in order, with sh, to real containers on the real engine:
// (a) a container made with many options is rebuilt from inspect and comes back the same;
// (b) a real agent without a volume at /var/lib/netdata gets one and keeps its machine GUID;
// (c) a compose-managed container is changed through its compose file and `up -d`;
// (d) two real agents cloned from one GUID get their own after the identity reset.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import {
  assertTestImages,
  CLAIM_ROOMS,
  CLAIM_TOKEN,
  CLOUD_URL,
  cleanupOnExit,
  docker,
  execIn,
  GUID_FILE,
  IMAGES,
  RUN_ID,
  startScenario,
  TEST_LABEL,
  waitForAgentApi,
  waitForState,
} from '../testbed/scenarios.ts';
import { diagnoseTargets, runCommand, statusOf } from './harness.ts';
import { assertFakeImages, FAKE_VERSIONS, startFakeAgent, waitForFakeAgent, type FakeAgent } from '../testbed/fakes.ts';
import { discoverEngine } from '../../src/docker/engine.ts';
import { DockerodeClient } from '../../src/docker/dockerode-client.ts';
import { runSpecFromInspect } from '../../src/docker/run-spec.ts';
import type { RunSpec } from '../../src/facts/types.ts';
import type { Step } from '../../src/checks/types.ts';
import { recreateRunSteps } from '../../src/remedy/docker-run.ts';
import {
  claimEnvSteps,
  identityFiles,
  identityResetSteps,
  persistenceSteps,
  persistentVolumeName,
  reclaimSteps,
  separateVolumeSteps,
  setEnvSteps,
  startSteps,
  unpauseSteps,
  writableMountSteps,
} from '../../src/remedy/recipes.ts';
import { mergeIntoComposeFile, startComposeAgent } from './compose-merge.ts';

const endpoint = discoverEngine({}, () => undefined);
if ('error' in endpoint) throw new Error(endpoint.error);
const client = new DockerodeClient(endpoint);

/** The spec as the doctor would take it: the container's inspect and its image's. */
async function specOf(name: string): Promise<RunSpec> {
  const raw = (await client.inspect(name)) as { Image: string };
  return runSpecFromInspect(raw, await client.inspectImage(raw.Image));
}

const SECRET = `ncd-steps-secret-${randomBytes(4).toString('hex')}`;

/** Runs the steps literally with sh, in order; `docker compose` is the v1 `docker-compose` on this test host. */
async function apply(steps: readonly Step[], options: { composeFile?: string; token?: string } = {}): Promise<void> {
  for (const step of steps) {
    if (step.where === 'compose') {
      assert.ok(options.composeFile, 'a compose step needs its file');
      await mergeIntoComposeFile(options.composeFile, step.run);
      continue;
    }
    assert.equal(step.where, 'host', `unexpected step ${step.where}`);
    const line = step.run.replace(/\bdocker compose /g, 'docker-compose --ansi never ');
    const r = await runCommand('sh', ['-c', line], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NETDATA_CLAIM_TOKEN: options.token ?? SECRET },
      timeoutMs: 120_000,
    });
    assert.equal(r.code, 0, `step failed (${r.code}): ${step.run}\n${r.stderr.slice(-3000)}`);
  }
}

async function guidOf(name: string): Promise<string> {
  const read = await client.readPath(name, GUID_FILE, 4096);
  assert.ok(read?.content, `no ${GUID_FILE} in ${name}`);
  return read.content.trim();
}

const removeVolume = (name: string) =>
  docker
    .getVolume(name)
    .remove({ force: true })
    .catch(() => undefined);

describe('remedy steps applied to real containers', { timeout: 600_000 }, () => {
  const made: { volumes: string[]; dirs: string[]; networks: string[] } = { volumes: [], dirs: [], networks: [] };
  before(assertTestImages);
  after(async () => {
    await cleanupOnExit();
    await Promise.all(made.volumes.map(removeVolume));
    for (const n of made.networks)
      await docker
        .getNetwork(n)
        .remove()
        .catch(() => undefined);
    await Promise.all(made.dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  test('(a) a container with many options, rebuilt from inspect, comes back with the same configuration', async () => {
    const tag = randomBytes(3).toString('hex');
    const name = `ncd-steps-many-${tag}`;
    const netA = `ncd-steps-a-${tag}`;
    const netB = `ncd-steps-b-${tag}`;
    const third = 10 + (randomBytes(1)[0]! % 200);
    for (const [net, subnet] of [
      [netA, `10.213.${third}.0/24`],
      [netB, `10.214.${third}.0/24`],
    ] as const) {
      await docker.createNetwork({ Name: net, Internal: true, IPAM: { Config: [{ Subnet: subnet }] }, Labels: { [TEST_LABEL]: RUN_ID } });
      made.networks.push(net);
    }
    const volume = `${name}-data`;
    made.volumes.push(volume);
    const bindDir = await mkdtemp(path.join(tmpdir(), 'ncd-steps-bind-'));
    made.dirs.push(bindDir);
    const args = [
      'create',
      '--name',
      name,
      '--label',
      `${TEST_LABEL}=${RUN_ID}`,
      '--label',
      'odd=it\'s "quoted" $HOME\nline two ✓',
      '-e',
      'QUOTES=it\'s "x"',
      '-e',
      'NEWLINE=a\nb',
      '-e',
      'DOLLAR=$HOME `id` $(id)',
      '-e',
      'UNICODE=ünï ✓ 日本',
      '-e',
      'EMPTY=',
      '-e',
      `NETDATA_CLAIM_TOKEN=${SECRET}`,
      '-v',
      `${volume}:/data`,
      '-v',
      `${bindDir}:/bind:ro`,
      '-v',
      '/anon',
      '--tmpfs',
      '/scratch:size=1m,mode=1777',
      '--mount',
      'type=tmpfs,target=/t2,tmpfs-size=1000000',
      '--restart',
      'on-failure:2',
      '--cap-add',
      'NET_ADMIN',
      '--cap-drop',
      'MKNOD',
      '--security-opt',
      'no-new-privileges',
      '--security-opt',
      'seccomp=unconfined',
      '--hostname',
      'my-host',
      '--domainname',
      'example.test',
      '--user',
      '1000:1000',
      '--workdir',
      '/tmp',
      '--read-only',
      '-p',
      '127.0.0.1::19999',
      '-p',
      '127.0.0.1:18999:8125/udp',
      '--expose',
      '7000',
      '--network',
      netA,
      '--network-alias',
      'alias-one',
      '--ip',
      `10.213.${third}.9`,
      '--ulimit',
      'nofile=1024:2048',
      '--memory',
      '64m',
      '--cpus',
      '0.5',
      '--pids-limit',
      '100',
      '--shm-size',
      '32m',
      '--log-opt',
      'max-size=1m',
      '--log-opt',
      'max-file=2',
      '--init',
      '--stop-signal',
      'SIGINT',
      '--stop-timeout',
      '7',
      '--health-cmd',
      'test -d /data || exit 1',
      '--health-interval',
      '1500ms',
      '--health-retries',
      '2',
      '--sysctl',
      'net.ipv4.ip_unprivileged_port_start=80',
      '--group-add',
      '44',
      '--dns',
      '127.0.0.1',
      '--dns-search',
      'example.test',
      '--add-host',
      'a.test:127.0.0.2',
      '--device',
      '/dev/null:/dev/xnull:rw',
      '--entrypoint',
      'sleep',
      IMAGES.v1,
      '3600',
    ];
    const created = await runCommand('docker', args, { env: { PATH: process.env.PATH } });
    assert.equal(created.code, 0, created.stderr);
    const connect = await runCommand('docker', ['network', 'connect', '--alias', 'second-alias', netB, name], {
      env: { PATH: process.env.PATH },
    });
    assert.equal(connect.code, 0, connect.stderr);
    await docker.getContainer(name).start();
    await waitForState(name, (s) => s.State.Running);

    const before = await docker.getContainer(name).inspect();
    const spec = await specOf(name);
    for (const m of spec.mounts) if (m.type === 'volume' && m.anonymous) made.volumes.push(m.name); // reused by name now
    const steps = recreateRunSteps(spec);
    assert.ok(!JSON.stringify(steps).includes(SECRET), 'the token is never written into a step');
    await apply(steps);
    const afterInfo = await waitForState(name, (s) => s.State.Running);
    assert.notEqual(afterInfo.Id, before.Id, 'recreated');
    await assert.rejects(docker.getContainer(`${name}-replaced`).inspect(), 'the old container is removed at the end');

    const shortIds = new Set([before.Id.slice(0, 12), afterInfo.Id.slice(0, 12)]);
    const view = (i: Docker.ContainerInspectInfo) => {
      const h = i.HostConfig as Record<string, unknown> & Docker.HostConfig;
      const tmpfs = { ...(h.Tmpfs ?? {}) } as Record<string, string>;
      for (const m of h.Mounts ?? []) if (m.Type === 'tmpfs') tmpfs[m.Target] = `size=${m.TmpfsOptions?.SizeBytes}`;
      return {
        config: {
          // The engine does not keep the order of -e options (seen both ways), and order has no meaning here.
          Env: [...i.Config.Env].sort(),
          Labels: i.Config.Labels,
          Cmd: i.Config.Cmd,
          Entrypoint: i.Config.Entrypoint,
          User: i.Config.User,
          WorkingDir: i.Config.WorkingDir,
          Hostname: i.Config.Hostname,
          Domainname: i.Config.Domainname,
          Healthcheck: i.Config.Healthcheck,
          StopSignal: (i.Config as { StopSignal?: string }).StopSignal,
          StopTimeout: (i.Config as { StopTimeout?: number }).StopTimeout,
          Image: i.Config.Image,
          ExposedPorts: i.Config.ExposedPorts,
        },
        host: {
          PortBindings: h.PortBindings,
          RestartPolicy: h.RestartPolicy,
          CapAdd: h.CapAdd,
          CapDrop: h.CapDrop,
          SecurityOpt: h.SecurityOpt,
          ReadonlyRootfs: h.ReadonlyRootfs,
          Memory: h.Memory,
          MemorySwap: h.MemorySwap,
          NanoCpus: h.NanoCpus,
          PidsLimit: h.PidsLimit,
          Ulimits: h.Ulimits,
          LogConfig: h.LogConfig,
          ShmSize: h.ShmSize,
          Sysctls: h.Sysctls,
          GroupAdd: h.GroupAdd,
          Init: h.Init,
          Dns: h.Dns,
          DnsSearch: h.DnsSearch,
          ExtraHosts: h.ExtraHosts,
          Devices: h.Devices,
          NetworkMode: h.NetworkMode,
          Tmpfs: tmpfs,
        },
        mounts: i.Mounts.filter((m) => m.Type !== 'tmpfs')
          .map((m) => ({ type: m.Type, name: m.Name, source: m.Source, destination: m.Destination, rw: m.RW }))
          .sort((x, y) => x.destination.localeCompare(y.destination)),
        networks: Object.entries(i.NetworkSettings.Networks)
          .map(([n, v]) => ({
            n,
            aliases: (v.Aliases ?? []).filter((a: string) => !shortIds.has(a)),
            ipam: v.IPAMConfig ?? null,
          }))
          .sort((x, y) => x.n.localeCompare(y.n)),
      };
    };
    assert.deepEqual(view(afterInfo), view(before));
    assert.ok(afterInfo.Config.Env.includes(`NETDATA_CLAIM_TOKEN=${SECRET}`), 'the token came from the shell');
  });

  test('(b) persistence: a real agent without a volume gets one and keeps its machine GUID', async () => {
    const scenario = await startScenario('no-volume');
    await waitForAgentApi(scenario.id);
    const guid = await guidOf(scenario.name);
    const first = await diagnoseTargets([scenario.name]);
    assert.notEqual(first.finding(scenario.name, 'storage.persistence').status, 'pass');

    const spec = await specOf(scenario.name);
    made.volumes.push(persistentVolumeName(spec));
    await apply(persistenceSteps(spec));

    const info = await waitForState(scenario.name, (s) => s.State.Running);
    const lib = info.Mounts.find((m) => m.Destination === '/var/lib/netdata');
    assert.equal(lib?.Type, 'volume');
    assert.equal(lib?.Name, persistentVolumeName(spec));
    await waitForAgentApi(info.Id);
    assert.equal(await guidOf(scenario.name), guid, 'the same machine GUID after the recreate');
    const dir = await client.readPath(scenario.name, '/var/lib/netdata', 1);
    assert.equal(dir?.stat.kind, 'directory');
    const again = await diagnoseTargets([scenario.name]);
    const f = again.finding(scenario.name, 'storage.persistence');
    assert.equal(f.status, 'pass', statusOf(f));
  });

  test('(b2) persistence from an anonymous volume: its files move into the named one, the GUID stays', async () => {
    const scenario = await startScenario('anonymous-volume');
    await waitForAgentApi(scenario.id);
    const guid = await guidOf(scenario.name);
    const spec = await specOf(scenario.name);
    const anonymous = spec.mounts.find((m) => m.type === 'volume' && m.anonymous && m.target === '/var/lib/netdata');
    assert.ok(anonymous?.type === 'volume');
    // The steps keep the old anonymous volume (the person's data; `docker rm` without -v); the test removes it.
    made.volumes.push(anonymous.name);
    made.volumes.push(persistentVolumeName(spec));
    await apply(persistenceSteps(spec));
    const info = await waitForState(scenario.name, (s) => s.State.Running);
    assert.equal(info.Mounts.find((m) => m.Destination === '/var/lib/netdata')?.Name, persistentVolumeName(spec));
    await waitForAgentApi(info.Id);
    assert.equal(await guidOf(scenario.name), guid);
  });

  test('(b3) persistence from a tmpfs at /var/lib/netdata: copied while it runs, the GUID stays', async () => {
    const name = `ncd-steps-tmpfs-${randomBytes(3).toString('hex')}`;
    const created = await runCommand(
      'docker',
      [
        'run',
        '-d',
        '--name',
        name,
        '--label',
        `${TEST_LABEL}=${RUN_ID}`,
        '--network',
        'none',
        '--dns',
        '127.0.0.1',
        '-e',
        'DO_NOT_TRACK=1',
        '--tmpfs',
        '/var/lib/netdata:uid=201,gid=201,mode=0770',
        IMAGES.v1,
      ],
      { env: { PATH: process.env.PATH } },
    );
    assert.equal(created.code, 0, created.stderr);
    await waitForAgentApi(name);
    const guid = (await execIn(name, ['cat', GUID_FILE])).stdout.trim();
    assert.match(guid, /^[0-9a-f-]{36}$/);
    const spec = await specOf(name);
    made.volumes.push(persistentVolumeName(spec));
    await apply(persistenceSteps(spec));
    const info = await waitForState(name, (s) => s.State.Running);
    assert.equal(info.Mounts.find((m) => m.Destination === '/var/lib/netdata')?.Name, persistentVolumeName(spec));
    assert.deepEqual(info.HostConfig.Tmpfs ?? {}, {});
    await waitForAgentApi(info.Id);
    assert.equal(await guidOf(name), guid);
  });

  test('(c) compose: the lines go into the service, `up -d` applies them; persistence keeps the GUID there too', async () => {
    const { file, name, compose } = await startComposeAgent('ncdsteps', made.dirs);
    try {
      const spec = await specOf(name);
      assert.equal(spec.compose?.service, 'netdata');
      const envSteps = setEnvSteps(spec, { NETDATA_EXTRA_ODD: 'a $b "c"', NETDATA_CLAIM_TOKEN: SECRET });
      assert.ok(!JSON.stringify(envSteps).includes(SECRET));
      await apply(envSteps, { composeFile: file });
      const withEnv = await waitForState(name, (s) => s.State.Running);
      assert.ok(withEnv.Config.Env.includes('NETDATA_EXTRA_ODD=a $b "c"'), withEnv.Config.Env.join('\n'));
      assert.ok(withEnv.Config.Env.includes(`NETDATA_CLAIM_TOKEN=${SECRET}`), 'compose took the token from the shell');
      await waitForAgentApi(withEnv.Id, 60_000);
      // Taken only now: without a volume, the recreate that set the env made it a new node (what (b) fixes).
      const guid = await guidOf(name);

      const spec2 = await specOf(name);
      made.volumes.push(persistentVolumeName(spec2));
      await apply(persistenceSteps(spec2), { composeFile: file });
      const info = await waitForState(name, (s) => s.State.Running);
      assert.equal(info.Mounts.find((m) => m.Destination === '/var/lib/netdata')?.Name, persistentVolumeName(spec2));
      await waitForAgentApi(info.Id, 60_000);
      assert.equal(await guidOf(name), guid);
      assert.match(await readFile(file, 'utf8'), /external: true/);
    } finally {
      await compose('down', '--timeout', '5');
    }
  });

  test('(e) claim env: a token without URL (v1) gets the URL; claim.config passes and the token came from the shell', async () => {
    const scenario = await startScenario('claim-token-no-url');
    const first = await diagnoseTargets([scenario.name]);
    assert.equal(first.finding(scenario.name, 'claim.config').status, 'fail');
    const steps = claimEnvSteps(await specOf(scenario.name), { url: CLOUD_URL, rooms: CLAIM_ROOMS });
    assert.ok(!JSON.stringify(steps).includes(CLAIM_TOKEN), 'the token is never written into a step');
    await apply(steps, { token: CLAIM_TOKEN });
    const info = await docker.getContainer(scenario.name).inspect();
    assert.ok(info.Config.Env.includes(`NETDATA_CLAIM_TOKEN=${CLAIM_TOKEN}`));
    assert.ok(info.Config.Env.includes(`NETDATA_CLAIM_URL=${CLOUD_URL}`));
    const again = await diagnoseTargets([scenario.name]);
    const f = again.finding(scenario.name, 'claim.config');
    assert.equal(f.status, 'pass', statusOf(f));
  });

  test('(f) claimed with a URL in literal quotes: reclaim with the URL set right; claim.config passes', async () => {
    const scenario = await startScenario('claim-quoted-url');
    const first = await diagnoseTargets([scenario.name]);
    assert.equal(first.finding(scenario.name, 'claim.config').status, 'fail');
    // Only the env set right is not enough: claimed already, the agent keeps the quoted URL (claim.config warns).
    await apply(reclaimSteps(await specOf(scenario.name), { url: CLOUD_URL, rooms: CLAIM_ROOMS }), { token: CLAIM_TOKEN });
    await waitForState(scenario.name, (s) => s.State.Running);
    await waitForAgentApi(scenario.name);
    const again = await diagnoseTargets([scenario.name]);
    const f = again.finding(scenario.name, 'claim.config');
    assert.equal(f.status, 'pass', statusOf(f));
  });

  test('(g) a read-only /var/lib/netdata is mounted read-write again; storage.persistence passes', async () => {
    const scenario = await startScenario('readonly-volume');
    assert.equal((await diagnoseTargets([scenario.name])).finding(scenario.name, 'storage.persistence').status, 'fail');
    await apply(writableMountSteps(await specOf(scenario.name)));
    const info = await waitForState(scenario.name, (s) => s.State.Running);
    assert.equal(info.Mounts.find((m) => m.Destination === '/var/lib/netdata')?.RW, true);
    const f = (await diagnoseTargets([scenario.name])).finding(scenario.name, 'storage.persistence');
    assert.equal(f.status, 'pass', statusOf(f));
  });

  test('(h) a stopped agent: start; agent.running passes', async () => {
    const stopped = await startScenario('stopped-by-user');
    assert.equal((await diagnoseTargets([stopped.name])).finding(stopped.name, 'agent.running').status, 'warn');
    await apply(startSteps(await specOf(stopped.name)));
    await waitForAgentApi(stopped.name);
    const f = (await diagnoseTargets([stopped.name])).finding(stopped.name, 'agent.running');
    assert.equal(f.status, 'pass', statusOf(f));
  });

  test('(h2) a paused agent: unpause; agent.running passes', async () => {
    const paused = await startScenario('paused');
    assert.equal((await diagnoseTargets([paused.name])).finding(paused.name, 'agent.running').status, 'warn');
    await apply(unpauseSteps(await specOf(paused.name)));
    await waitForAgentApi(paused.name);
    const f = (await diagnoseTargets([paused.name])).finding(paused.name, 'agent.running');
    assert.equal(f.status, 'pass', statusOf(f));
  });

  test('(j) two agents on one volume: one gets a volume of its own and a new GUID; identity.unique passes', async () => {
    const scenario = await startScenario('shared-identity');
    const peer = scenario.peers[0]!;
    await Promise.all([waitForAgentApi(scenario.id), waitForAgentApi(peer.id)]);
    assert.equal((await diagnoseTargets([scenario.name, peer.name])).finding(peer.name, 'identity.unique').status, 'fail');
    const shared = await guidOf(scenario.name);
    const spec = await specOf(peer.name);
    made.volumes.push(persistentVolumeName(spec));
    const version = (await docker.getImage(IMAGES.v1).inspect()).Config.Labels?.['org.opencontainers.image.version'];
    await apply(separateVolumeSteps(spec, version));
    const info = await waitForState(peer.name, (s) => s.State.Running);
    await waitForAgentApi(info.Id);
    assert.equal(await guidOf(scenario.name), shared);
    assert.notEqual(await guidOf(peer.name), shared);
    const again = await diagnoseTargets([scenario.name, peer.name]);
    for (const n of [scenario.name, peer.name]) {
      const f = again.finding(n, 'identity.unique');
      assert.equal(f.status, 'pass', statusOf(f));
    }
  });

  test('(d) identity reset: two real agents cloned from one GUID each have their own afterwards', async () => {
    const scenario = await startScenario('cloned-identity');
    const peer = scenario.peers[0]!;
    await Promise.all([waitForAgentApi(scenario.id), waitForAgentApi(peer.id)]);
    const before = await diagnoseTargets([scenario.name, peer.name]);
    assert.equal(before.finding(peer.name, 'identity.unique').status, 'fail');

    const spec = await specOf(peer.name);
    const version = (await docker.getImage(IMAGES.v1).inspect()).Config.Labels?.['org.opencontainers.image.version'];
    await apply(identityResetSteps(spec, version));

    const info = await waitForState(peer.name, (s) => s.State.Running);
    await waitForAgentApi(info.Id);
    const [a, b] = [await guidOf(scenario.name), await guidOf(peer.name)];
    assert.equal(a, scenario.guid);
    assert.notEqual(b, scenario.guid);
    const again = await diagnoseTargets([scenario.name, peer.name]);
    for (const n of [scenario.name, peer.name]) {
      const f = again.finding(n, 'identity.unique');
      assert.equal(f.status, 'pass', statusOf(f));
    }
  });

  describe('(i) identity reset on a fake v2 agent (v2.3.1+: the GUID comes back from status-netdata.json)', () => {
    let agent: FakeAgent;
    let guid: string;
    before(async () => {
      await assertFakeImages();
      agent = await startFakeAgent({ generation: 'v2', state: 'not-claimed' });
      guid = await guidOf(agent.name);
    });

    // The negative control: the old prose's fix, followed literally, does not give a v2.3.1+ agent a new identity.
    test('deleting only the GUID file (the old prose) brings the same GUID back', async () => {
      const spec = await specOf(agent.name);
      const naive = identityResetSteps(spec, 'v2.3.0'); // v2.3.0 did not read the GUID back: only the GUID file goes
      await apply(naive);
      const info = await waitForState(agent.name, (s) => s.State.Running);
      await waitForFakeAgent({ ...agent, id: info.Id });
      assert.equal(await guidOf(agent.name), guid);
    });

    test('the steps for its version remove every copy: a new GUID, and no status file carries the old one', async () => {
      const spec = await specOf(agent.name);
      guid = await guidOf(agent.name); // the GUID now: the test above may have changed it
      await apply(identityResetSteps(spec, FAKE_VERSIONS.v2));
      const info = await waitForState(agent.name, (s) => s.State.Running);
      await waitForFakeAgent({ ...agent, id: info.Id });
      assert.notEqual(await guidOf(agent.name), guid);
      for (const file of identityFiles(spec, FAKE_VERSIONS.v2).slice(1)) {
        const read = await client.readPath(agent.name, file, 1 << 20);
        assert.ok(!read?.content?.includes(guid), `${file} still names ${guid}`);
      }
    });
  });
});
