// Remedy steps: shell quoting read back by a real sh, every RunSpec field to its docker run flag (the words
// the CLI would receive, read back by sh), the RunSpec taken from inspect, compose lines, and the recipes.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { RunSpec } from '../../../src/facts/types.ts';
import { runSpecFromInspect } from '../../../src/docker/run-spec.ts';
import { containerFactsFromInspect } from '../../../src/docker/inspect.ts';
import { shellQuote } from '../../../src/remedy/shell.ts';
import { redactDeep } from '../../../src/secrets/redact.ts';
import { applyChange, dockerRunLine, dockerRunSteps, recreateRunSteps } from '../../../src/remedy/docker-run.ts';
import { composeCommand, composeSnippet, recreateComposeSteps } from '../../../src/remedy/compose.ts';
import {
  claimEnvSteps,
  fixOwnerSteps,
  identityFiles,
  identityResetSteps,
  persistenceSteps,
  reclaimSteps,
  recoversGuidFromStatusFile,
  separateVolumeSteps,
  setEnvSteps,
  writableMountSteps,
} from '../../../src/remedy/recipes.ts';

/** What sh makes of a command line: the argv a `docker` command would get (NUL-separated by a shell function). */
function argvOf(line: string, env: Record<string, string> = {}): string[] {
  const script = `docker() { for a in "$@"; do printf '%s\\0' "$a"; done; }\n${line}`;
  const r = spawnSync('sh', ['-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\0').slice(0, -1);
}

/** Whether `words` occur in `argv` next to each other, in order. */
const hasRun = (argv: readonly string[], words: readonly string[]): boolean =>
  argv.some((_, i) => words.every((w, j) => argv[i + j] === w));

const HOSTILE = [
  "it's",
  'two\nlines',
  '$HOME `id` $(id)',
  'back\\slash',
  'ünïcødé ✓ 日本',
  '',
  '-leading',
  '*?[a]',
  '~',
  '"dq"',
  '\ttab',
  '!bang',
];

describe('shellQuote', () => {
  for (const value of HOSTILE) {
    it(`reads back ${JSON.stringify(value)} byte for byte through sh`, () => {
      assert.deepEqual(argvOf(`docker ${shellQuote(value)}`), [value]);
    });
  }
  it('leaves plain words bare', () => {
    assert.equal(shellQuote('/var/lib/netdata'), '/var/lib/netdata');
    assert.equal(shellQuote('a b'), "'a b'");
  });
});

/** A spec with every field set to something not default. */
function fullSpec(): RunSpec {
  return {
    name: 'netdata',
    image: 'netdata/netdata:v2.11.0',
    imageId: 'sha256:abc',
    shortId: '0123456789ab',
    imageDiffed: true,
    env: [
      'PLAIN=va lue',
      'QUOTED=it\'s "x"\n$HOME',
      'BARE',
      'NETDATA_CLAIM_TOKEN=sekret-token-value',
      'NETDATA_CLAIM_PROXY=http://u:pw@proxy.test:3128',
    ],
    labels: { 'my.label': 'a b', empty: '' },
    mounts: [
      { type: 'volume', name: 'netdatalib', target: '/var/lib/netdata', readOnly: false, anonymous: false },
      { type: 'volume', name: 'cachevol', target: '/var/cache/netdata', readOnly: true, anonymous: false, noCopy: true },
      { type: 'bind', source: '/etc/os-release', target: '/host/etc/os-release', readOnly: true },
      { type: 'bind', source: '/proc', target: '/host/proc', readOnly: false, propagation: 'rslave', selinux: 'z' },
      { type: 'tmpfs', target: '/tmp', options: 'size=64m,mode=1777' },
      { type: 'tmpfs', target: '/run', options: '' },
    ],
    ports: [
      { containerPort: '19999', protocol: 'tcp', hostIp: '127.0.0.1', hostPort: '19999' },
      { containerPort: '8125', protocol: 'udp', hostIp: '', hostPort: '8125' },
      { containerPort: '1234', protocol: 'tcp', hostIp: '::1', hostPort: '' },
      { containerPort: '99', protocol: 'tcp', hostIp: '', hostPort: '' },
    ],
    publishAll: true,
    expose: ['7000/tcp'],
    networkMode: 'monitoring',
    networks: [{ name: 'monitoring', aliases: ['nd', 'netdata-alias'], ipv4: '172.30.0.5', ipv6: 'fd00::5' }],
    links: ['/db:/netdata/database'],
    macAddress: '02:42:ac:11:00:02',
    restart: { name: 'on-failure', maximumRetryCount: 3 },
    autoRemove: true,
    capAdd: ['SYS_PTRACE', 'SYS_ADMIN'],
    capDrop: ['MKNOD'],
    securityOpt: ['apparmor=unconfined', 'no-new-privileges'],
    privileged: true,
    hostname: 'my-host',
    domainname: 'example.test',
    user: '201:201',
    workingDir: '/work dir',
    entrypoint: ['/usr/sbin/run.sh', '--flag'],
    cmd: ['arg one', 'arg2'],
    readOnly: true,
    devices: [
      { pathOnHost: '/dev/fuse', pathInContainer: '/dev/fuse', permissions: 'rwm' },
      { pathOnHost: '/dev/sda', pathInContainer: '/dev/xvda', permissions: 'r' },
    ],
    deviceCgroupRules: ['c 1:3 mr'],
    pidMode: 'host',
    ipcMode: 'host',
    utsMode: 'host',
    usernsMode: 'host',
    cgroupParent: '/custom',
    runtime: 'runsc',
    memory: 67108864,
    memoryReservation: 33554432,
    memorySwap: -1,
    memorySwappiness: 10,
    nanoCpus: 1500000000,
    cpuShares: 512,
    cpuPeriod: 100000,
    cpuQuota: 50000,
    cpusetCpus: '0-1',
    cpusetMems: '0',
    blkioWeight: 300,
    pidsLimit: 200,
    oomKillDisable: true,
    oomScoreAdj: -500,
    dns: ['127.0.0.1'],
    dnsSearch: ['example.test'],
    dnsOptions: ['ndots:2'],
    extraHosts: ['a.test:127.0.0.2'],
    logDriver: 'json-file',
    logOptions: { 'max-size': '10m', 'max-file': '3' },
    ulimits: [{ name: 'nofile', soft: 1024, hard: 4096 }],
    shmSize: 134217728,
    sysctls: { 'net.core.somaxconn': '1024' },
    groupAdd: ['999'],
    init: true,
    stopSignal: 'SIGINT',
    stopTimeout: 30,
    healthcheck: {
      test: ['CMD-SHELL', 'curl -s localhost:19999 || exit 1'],
      intervalNs: 30e9,
      timeoutNs: 1_500_000_000,
      startPeriodNs: 60e9,
      retries: 5,
    },
    volumesFrom: ['other:ro'],
    tty: true,
    interactive: true,
  };
}

describe('dockerRunLine: every RunSpec field to its flag', () => {
  const spec = fullSpec();
  const line = dockerRunLine(spec);
  const argv = argvOf(line, { NETDATA_CLAIM_TOKEN: 'from-the-shell', NETDATA_CLAIM_PROXY: 'http://u:pw@proxy.test:3128' });
  const expected: [string, string[]][] = [
    ['head', ['run', '-d']],
    ['name', ['--name', 'netdata']],
    ['env plain', ['-e', 'PLAIN=va lue']],
    ['env hostile', ['-e', 'QUOTED=it\'s "x"\n$HOME']],
    ['env bare', ['-e', 'BARE']],
    ['claim token from the shell', ['-e', 'NETDATA_CLAIM_TOKEN=from-the-shell']],
    ['proxy with a password from the shell', ['-e', 'NETDATA_CLAIM_PROXY=http://u:pw@proxy.test:3128']],
    ['label', ['--label', 'my.label=a b']],
    ['empty label', ['--label', 'empty=']],
    ['named volume', ['-v', 'netdatalib:/var/lib/netdata']],
    ['ro nocopy volume', ['-v', 'cachevol:/var/cache/netdata:ro,nocopy']],
    ['ro bind', ['-v', '/etc/os-release:/host/etc/os-release:ro']],
    ['bind propagation', ['-v', '/proc:/host/proc:rslave,z']],
    ['tmpfs options', ['--tmpfs', '/tmp:size=64m,mode=1777']],
    ['tmpfs', ['--tmpfs', '/run']],
    ['volumes-from', ['--volumes-from', 'other:ro']],
    ['port', ['-p', '127.0.0.1:19999:19999']],
    ['udp port', ['-p', '8125:8125/udp']],
    ['ipv6 random port', ['-p', '[::1]::1234']],
    ['random port', ['-p', '99']],
    ['publish all', ['--publish-all']],
    ['expose', ['--expose', '7000/tcp']],
    ['network', ['--network', 'monitoring']],
    ['alias', ['--network-alias', 'nd']],
    ['alias 2', ['--network-alias', 'netdata-alias']],
    ['ip', ['--ip', '172.30.0.5']],
    ['ip6', ['--ip6', 'fd00::5']],
    ['link', ['--link', 'db:database']],
    ['mac', ['--mac-address', '02:42:ac:11:00:02']],
    ['restart', ['--restart', 'on-failure:3']],
    ['rm', ['--rm']],
    ['privileged', ['--privileged']],
    ['cap-add', ['--cap-add', 'SYS_PTRACE']],
    ['cap-drop', ['--cap-drop', 'MKNOD']],
    ['security-opt', ['--security-opt', 'apparmor=unconfined']],
    ['no-new-privileges', ['--security-opt', 'no-new-privileges']],
    ['hostname', ['--hostname', 'my-host']],
    ['domainname', ['--domainname', 'example.test']],
    ['user', ['--user', '201:201']],
    ['workdir', ['--workdir', '/work dir']],
    ['read-only', ['--read-only']],
    ['device', ['--device', '/dev/fuse:/dev/fuse']],
    ['device perms', ['--device', '/dev/sda:/dev/xvda:r']],
    ['cgroup rule', ['--device-cgroup-rule', 'c 1:3 mr']],
    ['pid', ['--pid', 'host']],
    ['ipc', ['--ipc', 'host']],
    ['uts', ['--uts', 'host']],
    ['userns', ['--userns', 'host']],
    ['cgroup-parent', ['--cgroup-parent', '/custom']],
    ['runtime', ['--runtime', 'runsc']],
    ['memory', ['--memory', '67108864b']],
    ['reservation', ['--memory-reservation', '33554432b']],
    ['swap', ['--memory-swap', '-1']],
    ['swappiness', ['--memory-swappiness', '10']],
    ['cpus', ['--cpus', '1.5']],
    ['cpu-shares', ['--cpu-shares', '512']],
    ['cpu-period', ['--cpu-period', '100000']],
    ['cpu-quota', ['--cpu-quota', '50000']],
    ['cpuset', ['--cpuset-cpus', '0-1']],
    ['mems', ['--cpuset-mems', '0']],
    ['blkio', ['--blkio-weight', '300']],
    ['pids', ['--pids-limit', '200']],
    ['oom-kill-disable', ['--oom-kill-disable']],
    ['oom-score', ['--oom-score-adj', '-500']],
    ['dns', ['--dns', '127.0.0.1']],
    ['dns-search', ['--dns-search', 'example.test']],
    ['dns-option', ['--dns-option', 'ndots:2']],
    ['add-host', ['--add-host', 'a.test:127.0.0.2']],
    ['log driver', ['--log-driver', 'json-file']],
    ['log opt', ['--log-opt', 'max-size=10m']],
    ['log opt 2', ['--log-opt', 'max-file=3']],
    ['ulimit', ['--ulimit', 'nofile=1024:4096']],
    ['shm', ['--shm-size', '134217728b']],
    ['sysctl', ['--sysctl', 'net.core.somaxconn=1024']],
    ['group-add', ['--group-add', '999']],
    ['init', ['--init']],
    ['stop-signal', ['--stop-signal', 'SIGINT']],
    ['stop-timeout', ['--stop-timeout', '30']],
    ['health-cmd', ['--health-cmd', 'curl -s localhost:19999 || exit 1']],
    ['health-interval', ['--health-interval', '30s']],
    ['health-timeout', ['--health-timeout', '1500ms']],
    ['health-start', ['--health-start-period', '60s']],
    ['health-retries', ['--health-retries', '5']],
    ['tty', ['--tty']],
    ['interactive', ['--interactive']],
    ['entrypoint', ['--entrypoint', '/usr/sbin/run.sh']],
    ['image then entrypoint rest then cmd, last', ['netdata/netdata:v2.11.0', '--flag', 'arg one', 'arg2']],
  ];
  for (const [what, words] of expected)
    it(what, () => assert.ok(hasRun(argv, words), `${JSON.stringify(words)} not in ${JSON.stringify(argv)}`));
  it('ends with the image and its arguments', () =>
    assert.deepEqual(argv.slice(-4), ['netdata/netdata:v2.11.0', '--flag', 'arg one', 'arg2']));
  it('never writes a secret value', () => {
    assert.ok(!line.includes('sekret-token-value'));
    assert.ok(!line.includes('u:pw@'));
    assert.match(line, /-e NETDATA_CLAIM_TOKEN="\$NETDATA_CLAIM_TOKEN"/);
  });
  it('a claim token passed as an option (NETDATA_EXTRA_CLAIM_OPTS=-token=…) is written by reference too', () => {
    const withOpts = dockerRunLine({ ...fullSpec(), env: ['NETDATA_EXTRA_CLAIM_OPTS=-insecure -token=opt-sekret-value'] });
    assert.ok(!withOpts.includes('opt-sekret-value'));
    assert.match(withOpts, /-e NETDATA_EXTRA_CLAIM_OPTS="\$NETDATA_EXTRA_CLAIM_OPTS"/);
  });
  it('no --hostname for a container that shares another namespace, no flags for defaults', () => {
    const bare = argvOf(
      dockerRunLine({
        ...fullSpec(),
        env: [],
        labels: {},
        mounts: [],
        ports: [],
        networks: [],
        networkMode: 'default',
        expose: [],
        publishAll: false,
        links: [],
        volumesFrom: [],
        devices: [],
        deviceCgroupRules: [],
        capAdd: [],
        capDrop: [],
        securityOpt: [],
        dns: [],
        dnsSearch: [],
        dnsOptions: [],
        extraHosts: [],
        ulimits: [],
        sysctls: {},
        groupAdd: [],
        logOptions: {},
        restart: { name: 'no', maximumRetryCount: 0 },
      } as RunSpec),
    );
    assert.ok(!bare.includes('--network'));
    assert.ok(!bare.includes('--log-driver'), 'json-file without options is the default');
    assert.ok(!bare.includes('--restart'));
  });
});

describe('dockerRunSteps', () => {
  it('a container on several networks: create, connect each extra one with its aliases and address, start', () => {
    const spec = { ...fullSpec(), networks: [...fullSpec().networks, { name: 'second net', aliases: ['b'], ipv4: '10.9.0.2' }] };
    const steps = dockerRunSteps(spec);
    assert.match(steps[0]!.run, /^docker create /);
    assert.deepEqual(argvOf(steps[1]!.run), ['network', 'connect', '--alias', 'b', '--ip', '10.9.0.2', 'second net', 'netdata']);
    assert.equal(steps[2]!.run, 'docker start netdata');
  });
  it('an inline seccomp profile is written to a file first and named by it', () => {
    const profile = '{"defaultAction":"SCMP_ACT_ALLOW","note":"it\'s"}';
    const steps = dockerRunSteps({ ...fullSpec(), securityOpt: [`seccomp=${profile}`] });
    assert.deepEqual(argvOf(steps[0]!.run.replace(/^printf/, 'docker printf').replace(/ > .*$/, '')), ['printf', '%s\\n', profile]);
    assert.ok(hasRun(argvOf(steps[1]!.run), ['--security-opt', 'seccomp=./netdata.seccomp.json']));
  });
  it('recreate: stop, set aside, run, remove the old one; a --rm container is not renamed', () => {
    const spec = { ...fullSpec(), autoRemove: false };
    const runs = recreateRunSteps(spec).map((s) => s.run);
    assert.equal(runs[0], 'docker stop netdata');
    assert.equal(runs[1], 'docker rename netdata netdata-replaced');
    assert.match(runs[2]!, /^docker run -d/);
    assert.equal(runs.at(-1), 'docker rm netdata-replaced');
    assert.ok(!recreateRunSteps(fullSpec()).some((s) => s.run.includes('rename')));
  });
});

describe('applyChange', () => {
  it('sets, replaces and removes env; replaces the mount at a target; adds and removes security options', () => {
    const changed = applyChange(fullSpec(), {
      setEnv: { PLAIN: 'new', ADDED: 'x' },
      removeEnv: ['BARE'],
      mounts: [{ type: 'volume', name: 'other', target: '/var/lib/netdata', readOnly: false, anonymous: false }],
      removeMounts: ['/tmp'],
      addSecurityOpt: ['seccomp=unconfined'],
      removeSecurityOpt: ['apparmor='],
    });
    assert.ok(changed.env.includes('PLAIN=new') && changed.env.includes('ADDED=x') && !changed.env.includes('BARE'));
    assert.ok(!changed.env.includes('PLAIN=va lue'));
    assert.deepEqual(
      changed.mounts.filter((m) => m.target === '/var/lib/netdata').map((m) => m.type === 'volume' && m.name),
      ['other'],
    );
    assert.ok(!changed.mounts.some((m) => m.target === '/tmp'));
    assert.deepEqual(changed.securityOpt, ['no-new-privileges', 'seccomp=unconfined']);
    assert.equal(fullSpec().env.length, 5, 'the spec itself is untouched');
  });
});

/** `docker inspect` of a container made with many options on Docker 20.10 (trimmed), and its image. */
const IMAGE = {
  Id: 'sha256:9025d6b36300',
  Config: {
    Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'DOCKER_USR=netdata'],
    Entrypoint: ['/usr/sbin/run.sh'],
    Cmd: null,
    ExposedPorts: { '19999/tcp': {} },
    Labels: { 'org.opencontainers.image.version': 'v1.37.1' },
    Healthcheck: { Test: ['CMD-SHELL', '/usr/sbin/health.sh'], Interval: 60e9, Timeout: 10e9, Retries: 3 },
  },
};
const CONTAINER = {
  Id: '8ad8ab26d340964a1f11dd6faad34bd9dcdf3dea97ad4119dac92f1bf0014069',
  Name: '/probe',
  Image: 'sha256:9025d6b36300',
  HostConfig: {
    Binds: ['/tmp:/host-tmp:ro', 'vol:/data'],
    LogConfig: { Type: 'json-file', Config: { 'max-size': '1m' } },
    NetworkMode: 'net',
    PortBindings: { '1234/udp': [{ HostIp: '127.0.0.1', HostPort: '' }], '19999/tcp': [{ HostIp: '127.0.0.1', HostPort: '18999' }] },
    RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
    CapAdd: ['CAP_NET_ADMIN'],
    CapDrop: ['CAP_MKNOD'],
    IpcMode: 'private',
    PidMode: '',
    SecurityOpt: ['no-new-privileges'],
    Tmpfs: { '/run': 'size=1m' },
    ShmSize: 67108864,
    Runtime: 'runc',
    Memory: 67108864,
    MemorySwap: 134217728,
    MemorySwappiness: null,
    PidsLimit: null,
    Ulimits: [{ Name: 'nofile', Hard: 2048, Soft: 1024 }],
    Init: true,
    Mounts: [{ Type: 'tmpfs', Target: '/t2', TmpfsOptions: { SizeBytes: 1000000 } }],
  },
  Config: {
    Hostname: '8ad8ab26d340',
    User: '',
    ExposedPorts: { '1234/udp': {}, '19999/tcp': {}, '5000/tcp': {} },
    Env: ['X=a b', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'DOCKER_USR=netdata'],
    Cmd: ['echo', 'hi'],
    Healthcheck: { Test: ['CMD-SHELL', '/usr/sbin/health.sh'], Interval: 60e9, Timeout: 10e9, Retries: 3 },
    Image: 'ncd-test/netdata:v1',
    Volumes: { '/anon': {} },
    WorkingDir: '',
    Entrypoint: ['/usr/sbin/run.sh'],
    Labels: { 'org.opencontainers.image.version': 'v1.37.1', mine: 'yes' },
    StopSignal: 'SIGINT',
    StopTimeout: 7,
  },
  Mounts: [
    { Type: 'bind', Source: '/tmp', Destination: '/host-tmp', Mode: 'ro', RW: false, Propagation: 'rprivate' },
    {
      Type: 'volume',
      Name: 'vol',
      Source: '/var/lib/docker/volumes/vol/_data',
      Destination: '/data',
      Driver: 'local',
      Mode: 'z',
      RW: true,
    },
    { Type: 'tmpfs', Source: '', Destination: '/t2', Mode: '', RW: true },
    { Type: 'volume', Name: 'b61ff654', Source: '/x', Destination: '/anon', Driver: 'local', Mode: '', RW: true },
  ],
  NetworkSettings: { Networks: { net: { IPAMConfig: { IPv4Address: '172.31.250.10' }, Aliases: ['foo', '8ad8ab26d340'] } } },
};

describe('runSpecFromInspect', () => {
  const spec = runSpecFromInspect(CONTAINER, IMAGE);
  it('keeps only what differs from the image', () => {
    assert.deepEqual(spec.env, ['X=a b']);
    assert.deepEqual(spec.labels, { mine: 'yes' });
    assert.equal(spec.entrypoint, undefined);
    assert.deepEqual(spec.cmd, ['echo', 'hi']);
    assert.equal(spec.healthcheck, undefined);
    assert.deepEqual(spec.expose, ['5000/tcp']);
  });
  it('drops what the engine made up: the id hostname and alias, default shm, private ipc, runc', () => {
    assert.equal(spec.hostname, undefined);
    assert.deepEqual(spec.networks, [{ name: 'net', aliases: ['foo'], ipv4: '172.31.250.10' }]);
    assert.equal(spec.shmSize, undefined);
    assert.equal(spec.ipcMode, undefined);
    assert.equal(spec.runtime, undefined);
    assert.equal(spec.pidsLimit, undefined);
  });
  it('reads mounts: binds, named and anonymous volumes (by name), --tmpfs and --mount tmpfs', () => {
    assert.deepEqual(spec.mounts, [
      { type: 'bind', source: '/tmp', target: '/host-tmp', readOnly: true },
      { type: 'volume', name: 'vol', target: '/data', readOnly: false, anonymous: false },
      { type: 'volume', name: 'b61ff654', target: '/anon', readOnly: false, anonymous: true },
      { type: 'tmpfs', target: '/run', options: 'size=1m' },
      { type: 'tmpfs', target: '/t2', options: 'size=1000000' },
    ]);
  });
  it('reads ports as asked, limits, init, stop settings, image id', () => {
    assert.deepEqual(spec.ports, [
      { containerPort: '1234', protocol: 'udp', hostIp: '127.0.0.1', hostPort: '' },
      { containerPort: '19999', protocol: 'tcp', hostIp: '127.0.0.1', hostPort: '18999' },
    ]);
    assert.equal(spec.memory, 67108864);
    assert.deepEqual(spec.ulimits, [{ name: 'nofile', soft: 1024, hard: 2048 }]);
    assert.equal(spec.init, true);
    assert.equal(spec.stopSignal, 'SIGINT');
    assert.equal(spec.stopTimeout, 7);
    assert.equal(spec.imageId, 'sha256:9025d6b36300');
    assert.equal(spec.image, 'ncd-test/netdata:v1');
  });
  it('without the image keeps everything the container has', () => {
    const all = runSpecFromInspect(CONTAINER);
    assert.equal(all.imageDiffed, false);
    assert.equal(all.env.length, 3);
    assert.deepEqual(all.entrypoint, ['/usr/sbin/run.sh']);
    assert.ok(all.healthcheck?.test);
  });
  it('garbage degrades into an empty spec, never a throw', () => {
    for (const junk of [null, 42, 'x', [], { HostConfig: 'no', Config: [], Mounts: {} }]) {
      const s = runSpecFromInspect(junk, junk);
      assert.deepEqual(s.mounts, []);
      assert.doesNotThrow(() => dockerRunLine(s));
    }
  });
  it('containerFactsFromInspect carries it', () => assert.deepEqual(containerFactsFromInspect(CONTAINER, IMAGE).spec, spec));
  it('reads the compose labels', () => {
    const labelled = {
      ...CONTAINER,
      Config: {
        ...CONTAINER.Config,
        Labels: {
          'com.docker.compose.project': 'mon',
          'com.docker.compose.service': 'netdata',
          'com.docker.compose.project.config_files': '/srv/mon/docker-compose.yml,/srv/mon/override.yml',
          'com.docker.compose.project.working_dir': '/srv/mon',
        },
      },
    };
    assert.deepEqual(runSpecFromInspect(labelled, IMAGE).compose, {
      project: 'mon',
      service: 'netdata',
      configFiles: ['/srv/mon/docker-compose.yml', '/srv/mon/override.yml'],
      workingDir: '/srv/mon',
    });
  });
});

describe('compose', () => {
  const compose = { project: 'mon', service: 'netdata', configFiles: ['docker-compose.yml'], workingDir: '/srv/my mon' };
  it('the lines for the service: env ($ doubled, secrets by ${NAME}), volumes with an external named volume, security_opt', () => {
    const yaml = composeSnippet(compose, {
      setEnv: { NETDATA_CLAIM_URL: 'https://app.netdata.cloud', ODD: 'a$b"c', NETDATA_CLAIM_TOKEN: 'never' },
      mounts: [{ type: 'volume', name: 'mon-lib', target: '/var/lib/netdata', readOnly: false, anonymous: false }],
      addSecurityOpt: ['seccomp=unconfined'],
    });
    assert.equal(
      yaml,
      [
        'services:',
        '  netdata:',
        '    environment:',
        '      - "NETDATA_CLAIM_URL=https://app.netdata.cloud"',
        '      - "ODD=a$$b\\"c"',
        '      - "NETDATA_CLAIM_TOKEN=${NETDATA_CLAIM_TOKEN}"',
        '    volumes:',
        '      - "mon-lib:/var/lib/netdata"',
        '    security_opt:',
        '      - "seccomp=unconfined"',
        'volumes:',
        '  "mon-lib":',
        '    name: "mon-lib"',
        '    external: true',
      ].join('\n'),
    );
    assert.ok(!yaml.includes('never'));
  });
  it('up: its project and files, from its directory when a file is relative', () => {
    assert.deepEqual(argvOf(composeCommand(compose, ['up', '-d', 'netdata']).replace(/^cd .* && /, '')), [
      'compose',
      '-p',
      'mon',
      '-f',
      'docker-compose.yml',
      'up',
      '-d',
      'netdata',
    ]);
    assert.match(composeCommand(compose, ['up']), /^cd '\/srv\/my mon' && docker compose/);
    assert.doesNotMatch(composeCommand({ ...compose, configFiles: ['/abs/c.yml'] }, ['up']), /^cd/);
  });
  it('a compose container is changed through its file, not a run line', () => {
    const steps = setEnvSteps({ ...fullSpec(), compose }, { A: 'b' });
    assert.deepEqual(
      steps.map((s) => s.where),
      ['compose', 'host'],
    );
    assert.match(steps[1]!.run, /up -d --force-recreate netdata$/);
    assert.deepEqual(
      recreateComposeSteps(compose, {}).map((s) => s.where),
      ['host'],
    );
  });
});

describe('identity reset', () => {
  it('the files per version (agent-vocabulary.md B)', () => {
    const spec = fullSpec();
    assert.deepEqual(identityFiles(spec, 'v1.37.1'), ['/var/lib/netdata/registry/netdata.public.unique.id']);
    assert.deepEqual(identityFiles(spec, 'v2.3.0'), ['/var/lib/netdata/registry/netdata.public.unique.id']);
    for (const v of ['v2.3.1', 'v2.11.0', '3.0.0-nightly', undefined, 'garbage']) {
      assert.ok(recoversGuidFromStatusFile(v), String(v));
      assert.deepEqual(identityFiles({ ...spec, workingDir: undefined }, v).slice(1), [
        '/var/lib/netdata/status-netdata.json',
        '/var/cache/netdata/status-netdata.json',
        '/tmp/status-netdata.json',
        '/run/status-netdata.json',
        '/var/run/status-netdata.json',
        '/status-netdata.json',
      ]);
    }
  });
  it('v1 with /var/lib/netdata on a volume: stop, clean with the agent image, start; claim.conf untouched', () => {
    const steps = identityResetSteps({ ...fullSpec(), autoRemove: false }, 'v1.37.1').map((s) => s.run);
    assert.equal(steps.length, 3);
    assert.equal(steps[0], 'docker stop netdata');
    const argv = argvOf(steps[1]!);
    assert.ok(hasRun(argv, ['-v', 'netdatalib:/var/lib/netdata']) && hasRun(argv, ['-v', '/proc:/host/proc']));
    assert.ok(hasRun(argv, ['--network', 'none']) && argv.includes('sha256:abc'));
    assert.ok(!argv.some((a) => a.startsWith('/tmp')), "tmpfs mounts are not the helper's");
    assert.match(argv.at(-1)!, /rm -f \/var\/lib\/netdata\/registry\/netdata.public.unique.id/);
    assert.match(argv.at(-1)!, /find \/var\/lib\/netdata\/cloud.d -mindepth 1 -delete/);
    assert.doesNotMatch(steps.join('\n'), /claim\.conf/);
    assert.equal(steps[2], 'docker start netdata');
  });
  it('v2.11 whose status copies may sit in the container layer (/tmp, /run): recreated after the clean', () => {
    const runs = identityResetSteps({ ...fullSpec(), autoRemove: false }, 'v2.11.0').map((s) => s.run);
    assert.equal(runs.filter((r) => r.startsWith('docker stop')).length, 1, 'stopped once');
    assert.match(runs[1]!, /status-netdata.json/);
    assert.ok(runs.some((r) => r.startsWith('docker run -d')));
    const known = ['/tmp', '/run', '/var/run'].map((d) => `${d}/status-netdata.json`).concat('/work dir/status-netdata.json');
    assert.equal(
      identityResetSteps({ ...fullSpec(), autoRemove: false }, 'v2.11.0', { absent: known }).at(-1)!.run,
      'docker start netdata',
    );
  });
});

describe('persistence', () => {
  it('stop, create the volume, copy /var/lib/netdata into it, recreate with it mounted', () => {
    const spec = { ...fullSpec(), autoRemove: false, mounts: [] };
    const runs = persistenceSteps(spec).map((s) => s.run);
    assert.equal(runs[0], 'docker stop netdata');
    assert.equal(runs[1], 'docker volume create netdata-netdata-lib');
    assert.match(runs[2]!, /^docker cp netdata:\/var\/lib\/netdata - \| docker run --rm -i --network none --user root /);
    assert.match(runs[2]!, / -v netdata-netdata-lib:\/restore\/netdata --entrypoint tar sha256:abc -x -p -f - -C \/restore$/);
    assert.equal(runs[3], 'docker rename netdata netdata-replaced');
    assert.ok(hasRun(argvOf(runs[4]!), ['-v', 'netdata-netdata-lib:/var/lib/netdata']));
    assert.equal(runs[5], 'docker rm netdata-replaced');
  });
  it('a --rm container is copied while it runs (stopping removes it), then started from its line', () => {
    const runs = persistenceSteps({ ...fullSpec(), mounts: [] }).map((s) => s.run);
    assert.match(runs[0]!, /^docker volume create/);
    assert.match(runs[1]!, /^docker cp /);
    assert.equal(runs[2], 'docker stop netdata');
    assert.match(runs[3]!, /^docker run -d/);
    assert.equal(runs.length, 4);
  });
});

describe('identity reset of a --rm container', () => {
  it('is started again from its line, since stopping removed it', () => {
    const runs = identityResetSteps(fullSpec(), 'v1.37.1').map((s) => s.run);
    assert.equal(runs.length, 3);
    assert.match(runs[2]!, /^docker run -d/);
  });
});

describe('claim, reclaim, owner, writable mount', () => {
  const spec = { ...fullSpec(), autoRemove: false, env: ['NETDATA_CLAIM_TOKEN=old-secret-value'] };
  it('claim env: the token by reference, the URL, the rooms', () => {
    const steps = claimEnvSteps(spec, { rooms: 'room-1' });
    const line = steps.find((s) => s.run.startsWith('docker run'))!.run;
    assert.ok(!JSON.stringify(steps).includes('old-secret-value'));
    const argv = argvOf(line, { NETDATA_CLAIM_TOKEN: 'typed-by-the-person' });
    assert.ok(hasRun(argv, ['-e', 'NETDATA_CLAIM_TOKEN=typed-by-the-person']));
    assert.ok(hasRun(argv, ['-e', 'NETDATA_CLAIM_URL=https://app.netdata.cloud']));
    assert.ok(hasRun(argv, ['-e', 'NETDATA_CLAIM_ROOMS=room-1']));
  });
  it('reclaim: stop, empty cloud.d/ but keep the GUID, recreate with the claim env', () => {
    const runs = reclaimSteps(spec).map((s) => s.run);
    assert.equal(runs[0], 'docker stop netdata');
    assert.match(runs[1]!, /find \/var\/lib\/netdata\/cloud.d -mindepth 1 -delete/);
    assert.doesNotMatch(runs[1]!, /unique\.id/);
    assert.equal(runs[2], 'docker rename netdata netdata-replaced');
  });
  it("owner: chown to the image's netdata user with the agent image, then start", () => {
    const runs = fixOwnerSteps(spec).map((s) => s.run);
    assert.match(argvOf(runs[1]!).at(-1)!, /^chown -R netdata:netdata \/var\/lib\/netdata$/);
    assert.equal(runs[2], 'docker start netdata');
  });
  it('writable mount: the :ro mount comes back read-write, nothing else changes', () => {
    const ro = {
      ...spec,
      mounts: [{ type: 'volume' as const, name: 'lib', target: '/var/lib/netdata', readOnly: true, anonymous: false }],
    };
    const argv = argvOf(writableMountSteps(ro).find((s) => s.run.startsWith('docker run'))!.run);
    assert.ok(hasRun(argv, ['-v', 'lib:/var/lib/netdata']));
    assert.deepEqual(writableMountSteps(ro, '/nowhere'), []);
  });
});

describe("steps and the report's redaction", () => {
  it('redaction leaves the secret references in steps intact (they carry no value to hide)', () => {
    const compose = { project: 'mon', service: 'netdata', configFiles: ['/srv/c.yml'] };
    const steps = [...claimEnvSteps({ ...fullSpec(), autoRemove: false }), ...claimEnvSteps({ ...fullSpec(), compose })];
    assert.deepEqual(redactDeep(steps, ['sekret-token-value']), steps);
  });
});

describe('memory and a volume of its own', () => {
  it('memory: the new limit, the swap back to the engine default; compose gets mem_limit', () => {
    const argv = argvOf(dockerRunLine(fullSpec(), { memory: 536870912 }));
    assert.ok(hasRun(argv, ['--memory', '536870912b']));
    assert.ok(!argv.includes('--memory-swap'));
    assert.match(composeSnippet({ project: 'p', service: 's', configFiles: [] }, { memory: 536870912 }), /mem_limit: 536870912/);
  });
  it('a shared /var/lib/netdata: stop, a new volume, (v2.3.1+ with a shared cache: its status copy removed), recreate', () => {
    const spec = { ...fullSpec(), autoRemove: false };
    const v1 = separateVolumeSteps(spec, 'v1.37.1').map((s) => s.run);
    assert.deepEqual(v1.slice(0, 3), [
      'docker stop netdata',
      'docker volume create netdata-netdata-lib',
      'docker rename netdata netdata-replaced',
    ]);
    assert.ok(hasRun(argvOf(v1[3]!), ['-v', 'netdata-netdata-lib:/var/lib/netdata']));
    const v2 = separateVolumeSteps(spec, 'v2.11.0').map((s) => s.run);
    assert.match(argvOf(v2[2]!).at(-1)!, /^rm -f \/var\/cache\/netdata\/status-netdata.json$/);
  });
});

describe('image change, tmpfs persistence', () => {
  it('another image: the run line ends with it; compose gets image:', () => {
    assert.deepEqual(argvOf(dockerRunLine(fullSpec(), { image: 'netdata/netdata:stable' })).slice(-4, -3), ['netdata/netdata:stable']);
    assert.match(
      composeSnippet({ project: 'p', service: 's', configFiles: [] }, { image: 'netdata/netdata:stable' }),
      /^ {4}image: "netdata\/netdata:stable"$/m,
    );
  });
  it('a tmpfs at /var/lib/netdata is copied while the agent runs, and replaced by the volume', () => {
    const spec = { ...fullSpec(), autoRemove: false, mounts: [{ type: 'tmpfs' as const, target: '/var/lib/netdata', options: '' }] };
    const runs = persistenceSteps(spec).map((s) => s.run);
    assert.match(runs[1]!, /^docker exec netdata tar -c -f - -C \/var\/lib netdata \| docker run /);
    assert.equal(runs[2], 'docker stop netdata');
    const argv = argvOf(runs.find((r) => r.startsWith('docker run -d'))!);
    assert.ok(hasRun(argv, ['-v', 'netdata-netdata-lib:/var/lib/netdata']));
    assert.ok(!argv.includes('--tmpfs'));
  });
});
