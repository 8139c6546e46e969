// containerFactsFromInspect: a realistic inspect answer, and garbage that must degrade into defaults.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { containerFactsFromInspect, envToRecord } from '../../../src/docker/inspect.ts';

/** Shaped like `docker inspect` of a compose-managed agent on Docker 27 (fields trimmed). */
const INSPECT = {
  Id: '4f2a7c1e9b3d5a6f8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a',
  Created: '2026-11-23T18:00:00.123456789Z',
  Path: '/usr/sbin/run.sh',
  Args: [],
  State: {
    Status: 'exited',
    Running: false,
    Paused: false,
    Restarting: false,
    OOMKilled: false,
    Dead: false,
    Pid: 0,
    ExitCode: 12,
    Error: '',
    StartedAt: '2026-11-23T19:15:38.421937625Z',
    FinishedAt: '2026-11-23T19:15:40.880123456Z',
    Health: {
      Status: 'unhealthy',
      FailingStreak: 0,
      Log: [
        { Start: '2026-11-23T19:14:00Z', End: '2026-11-23T19:14:01Z', ExitCode: 0, Output: '{"version":"v1.47.5"}' },
        { Start: '2026-11-23T19:15:00Z', End: '2026-11-23T19:15:01Z', ExitCode: 1, Output: 'curl: (7) Failed to connect' },
      ],
    },
  },
  Image: 'sha256:9a8b7c6d5e4f',
  Name: '/mon-netdata-1',
  RestartCount: 2,
  HostConfig: {
    NetworkMode: 'mon_default',
    RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 2 },
    SecurityOpt: ['apparmor=unconfined'],
    ReadonlyRootfs: false,
  },
  Mounts: [
    {
      Type: 'volume',
      Name: 'mon_netdatalib',
      Source: '/var/lib/docker/volumes/mon_netdatalib/_data',
      Destination: '/var/lib/netdata',
      Driver: 'local',
      Mode: 'z',
      RW: true,
      Propagation: '',
    },
    { Type: 'bind', Source: '/etc/os-release', Destination: '/host/etc/os-release', Mode: 'ro', RW: false, Propagation: 'rprivate' },
  ],
  Config: {
    Hostname: 'mon-netdata-1',
    Env: ['NETDATA_CLAIM_URL=https://app.netdata.cloud', 'NETDATA_CLAIM_TOKEN=abc=def==', 'EMPTY=', 'NOVALUE', 'PATH=/usr/sbin:/usr/bin'],
    Cmd: null,
    Image: 'netdata/netdata:v1.47.5',
    Entrypoint: ['/usr/sbin/run.sh'],
    Labels: {
      'com.docker.compose.project': 'mon',
      'com.docker.compose.service': 'netdata',
      'org.opencontainers.image.version': 'v1.47.5',
    },
  },
};

describe('containerFactsFromInspect', () => {
  it('a realistic answer', () => {
    const f = containerFactsFromInspect(INSPECT);
    assert.equal(f.id, INSPECT.Id);
    assert.equal(f.name, 'mon-netdata-1');
    assert.equal(f.image, 'netdata/netdata:v1.47.5');
    assert.equal(f.status, 'exited');
    assert.equal(f.exitCode, 12);
    assert.equal(f.restarting, false);
    assert.equal(f.oomKilled, false);
    assert.equal(f.restartCount, 2);
    assert.deepEqual(f.restartPolicy, { name: 'on-failure', maximumRetryCount: 2 });
    assert.equal(f.startedAt?.toISOString(), '2026-11-23T19:15:38.421Z');
    assert.equal(f.finishedAt?.toISOString(), '2026-11-23T19:15:40.880Z');
    assert.deepEqual(f.env.NETDATA_CLAIM_TOKEN, 'abc=def==');
    assert.equal(f.env.EMPTY, '');
    assert.equal(f.env.NOVALUE, '');
    assert.deepEqual(f.argv, ['/usr/sbin/run.sh']);
    assert.equal(f.composeService, 'netdata');
    assert.equal(f.composeProject, 'mon');
    assert.deepEqual(f.mounts, [
      {
        type: 'volume',
        name: 'mon_netdatalib',
        source: '/var/lib/docker/volumes/mon_netdatalib/_data',
        destination: '/var/lib/netdata',
        rw: true,
      },
      { type: 'bind', source: '/etc/os-release', destination: '/host/etc/os-release', rw: false },
    ]);
    assert.deepEqual(f.securityOpt, ['apparmor=unconfined']);
    assert.equal(f.networkMode, 'mon_default');
    assert.deepEqual(f.health, { status: 'unhealthy', lastOutput: 'curl: (7) Failed to connect' });
  });

  it('Docker\'s "0001-01-01T00:00:00Z" means never', () => {
    const f = containerFactsFromInspect({
      ...INSPECT,
      State: { ...INSPECT.State, Status: 'created', StartedAt: '0001-01-01T00:00:00Z', FinishedAt: '0001-01-01T00:00:00Z' },
    });
    assert.equal(f.startedAt, undefined);
    assert.equal(f.finishedAt, undefined);
    assert.equal(f.status, 'created');
  });

  it('Entrypoint and Cmd are joined', () => {
    const f = containerFactsFromInspect({ Config: { Entrypoint: ['/usr/sbin/run.sh'], Cmd: ['-token=x', 42, null] } });
    assert.deepEqual(f.argv, ['/usr/sbin/run.sh', '-token=x']);
  });

  const garbage: [string, unknown][] = [
    ['{}', {}],
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['a string', 'container'],
    ['an array', [INSPECT]],
    [
      'wrong types everywhere',
      {
        Id: 7,
        Name: ['x'],
        RestartCount: 'two',
        Mounts: 'none',
        State: {
          Status: 'exploded',
          ExitCode: '12',
          Restarting: 'yes',
          OOMKilled: 1,
          StartedAt: 'yesterday',
          FinishedAt: 12,
          Health: { Status: 5, Log: 'x' },
          Error: { a: 1 },
        },
        HostConfig: { RestartPolicy: 5, SecurityOpt: 'seccomp=unconfined', ReadonlyRootfs: 'true', NetworkMode: null },
        Config: { Env: 'A=B', Labels: ['x'], Image: {}, Entrypoint: '/bin/sh', Cmd: 3 },
      },
    ],
    ['nulls', { Id: null, State: null, HostConfig: null, Config: null, Mounts: [null, 3, 'x', { RW: 'no' }] }],
    ['labels with non-string values', { Config: { Labels: { ok: 'yes', n: 1, o: { a: 1 }, z: null } } }],
  ];
  for (const [name, raw] of garbage) {
    it(`does not throw on ${name}, and yields usable defaults`, () => {
      const f = containerFactsFromInspect(raw);
      assert.equal(typeof f.id, 'string');
      assert.equal(typeof f.name, 'string');
      assert.equal(typeof f.image, 'string');
      assert.ok(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'].includes(f.status));
      assert.equal(Number.isFinite(f.exitCode), true);
      assert.equal(Number.isFinite(f.restartCount), true);
      assert.equal(typeof f.restarting, 'boolean');
      assert.equal(typeof f.oomKilled, 'boolean');
      assert.equal(typeof f.readonlyRootfs, 'boolean');
      assert.ok(Array.isArray(f.mounts) && f.mounts.every((m) => typeof m.destination === 'string' && typeof m.rw === 'boolean'));
      assert.ok(Array.isArray(f.securityOpt) && f.securityOpt.every((s) => typeof s === 'string'));
      assert.ok(Object.values(f.labels).every((v) => typeof v === 'string'));
      assert.ok(Object.values(f.env).every((v) => typeof v === 'string'));
      assert.equal(typeof f.restartPolicy.name, 'string');
      assert.equal(typeof f.networkMode, 'string');
      if (f.startedAt) assert.ok(!Number.isNaN(f.startedAt.getTime()));
      if (f.health) assert.equal(typeof f.health.status, 'string');
    });
  }

  it('wrong types fall back to the documented defaults', () => {
    const f = containerFactsFromInspect(garbage[6]![1]);
    assert.equal(f.status, 'exited');
    assert.equal(f.exitCode, 0);
    assert.equal(f.restarting, false);
    assert.equal(f.startedAt, undefined);
    assert.deepEqual(f.restartPolicy, { name: 'no', maximumRetryCount: 0 });
    assert.equal(f.networkMode, 'default');
    assert.equal(f.health, undefined);
    assert.deepEqual(f.labels, {});
  });

  it('a mount without RW is writable (older engines omit it)', () => {
    const f = containerFactsFromInspect({ Mounts: [{ Type: 'volume', Name: 'v', Source: '/s', Destination: '/var/lib/netdata' }] });
    assert.equal(f.mounts[0]!.rw, true);
  });

  it('no Name: the short ID', () => {
    assert.equal(containerFactsFromInspect({ Id: INSPECT.Id }).name, INSPECT.Id.slice(0, 12));
  });
});

describe('envToRecord', () => {
  it('splits at the first "=", keeps empty values, skips "=x"', () => {
    assert.deepEqual({ ...envToRecord(['A=1', 'B=x=y', 'C=', 'D', '=bad', '']) }, { A: '1', B: 'x=y', C: '', D: '' });
  });
  it('a later duplicate wins', () => {
    assert.equal(envToRecord(['A=1', 'A=2']).A, '2');
  });
});
