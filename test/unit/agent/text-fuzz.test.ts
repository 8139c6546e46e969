// Deterministic fuzzing of the parsers that fuzz.test.ts does not cover: the log-line patterns, INI files,
// build info, version strings and image names, Docker's log framing (frames, lines, timestamps), inspect
// answers and events. Real samples are mutated (cut, garbage and control bytes injected, lines duplicated and
// made huge) and random inputs added. No call may throw, each returns in bounded time, results keep their shape.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  aclkStateFromLogs,
  claimScriptExecError,
  claimScriptOutcome,
  hasSeccompWarning,
  messageOf,
  v2ClaimFailure,
} from '../../../src/agent/logs.ts';
import { iniValue, parseIni } from '../../../src/agent/ini.ts';
import { parseBuildinfo } from '../../../src/agent/buildinfo.ts';
import { isChannelName, parseVersion } from '../../../src/agent/version.ts';
import { imageRepository } from '../../../src/agent/image.ts';
import { describeAgent } from '../../../src/agent/identity.ts';
import { readCloud } from '../../../src/agent/cloud.ts';
import { FrameSplitter, LineSplitter, LogCollector, dockerTimestamp } from '../../../src/docker/log-frames.ts';
import { containerFactsFromInspect } from '../../../src/docker/inspect.ts';
import { parseEvent } from '../../../src/docker/events.ts';
import { inOrder, toLines } from '../../../src/gather/gather.ts';
import { readOk, type LogLine } from '../../../src/facts/types.ts';
import {
  SECCOMP_WARNING_LINES,
  V1_CLAIM_403_RUNSH,
  V1_CLAIM_UNREACHABLE_RUNSH,
  V1_CLOUD_CONF,
  V1_LIVE_AGENT_LOG,
  V2_CLAIM_REJECTED_LOG,
  V2_CLOUD_CONF,
  V2_CLOUD_REFUSED_LOG,
  V2_LOGFMT_LINES,
  logLines,
  nodeFacts,
} from '../fixtures.ts';
import { reliability } from '../../reliability/record.ts';
import { Rng } from '../rng.ts';

/** One call: must not throw, must return within the budget; the slowest is reported. */
class Trial {
  cases = 0;
  slowestMs = 0;
  // A hang guard (catastrophic backtracking), not a speed target: speed is measured in bench/.
  constructor(private readonly budgetMs = 5_000) {}
  run<T>(name: string, call: () => T): T {
    this.cases++;
    const start = performance.now();
    let result: T;
    try {
      result = call();
    } catch (error) {
      assert.fail(`${name} threw: ${String(error)}`);
    }
    const ms = performance.now() - start;
    this.slowestMs = Math.max(this.slowestMs, ms);
    assert.ok(ms < this.budgetMs, `${name} took ${ms.toFixed(1)} ms`);
    return result;
  }
  summary(): string {
    return `${this.cases} cases, none threw, slowest call ${this.slowestMs.toFixed(1)} ms`;
  }
}

const GARBAGE = [
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u001b]0;title\u0007',
  '\u001b[2J',
  '\r',
  '\t',
  '\u007f',
  '\u0085',
  '\u009b',
  '\uFEFF',
  '\uFFFD',
  '\uD800',
  '\u202E',
  '😀',
  'é',
  '"',
  "'",
  '\\',
  '\\"',
  '=',
  '[',
  ']',
  '#',
  ';',
  ':',
  'msg="',
  'msg="\\',
  '\n',
  '\r\n',
  ' ',
];

/** Text mutations: cuts, injected garbage, lines deleted, duplicated, made huge, whole-text wrappers. */
function* textMutations(text: string, rng: Rng): Generator<string> {
  for (let i = 0; i < text.length; i += 1 + rng.int(9)) yield text.slice(0, i);
  for (let i = 1; i < text.length; i += 1 + rng.int(13)) yield text.slice(i);
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    yield [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n');
    yield [...lines.slice(0, i + 1), lines[i]!, ...lines.slice(i + 1)].join('\n');
    yield [...lines.slice(0, i), lines[i]!.repeat(2_000), ...lines.slice(i + 1)].join('\n');
    yield [...lines.slice(0, i), `${lines[i]!}${rng.pick(GARBAGE).repeat(50_000)}`, ...lines.slice(i + 1)].join('\n');
  }
  for (let n = 0; n < 400; n++) {
    let s = text;
    for (let k = 1 + rng.int(4); k > 0; k--) {
      const at = rng.int(s.length + 1);
      s = s.slice(0, at) + rng.pick(GARBAGE) + s.slice(at);
    }
    yield s;
  }
  yield text.replace(/\n/g, '\r\n');
  yield text.replace(/\n/g, '\r');
  yield text.replace(/\n/g, '\u0000');
  yield text.toUpperCase();
  yield `${text}\n`.repeat(200);
  yield rng.bytes(4096).toString('utf8');
  yield rng.bytes(4096).toString('latin1');
  yield 'msg="'.repeat(100_000);
  yield `msg="${'\\'.repeat(200_001)}`;
  yield `${'x'.repeat(2 * 1024 * 1024)}`;
}

const asLines = (text: string): LogLine[] => logLines(text.split('\n'));

describe('fuzz: agent log patterns (src/agent/logs.ts)', () => {
  it('every pattern over mutated recorded logs, garbage and megabyte lines', (t) => {
    const observed = reliability(t, {
      area: 'input',
      tried: 'log-pattern fuzz: recorded v1/v2 logs mutated (cut, ANSI/NUL/C1 injected, MB lines), random bytes',
      expected: 'no pattern throws, every call under 500 ms, results keep their shape',
    });
    const trial = new Trial();
    const rng = new Rng(0x106);
    const corpus = [
      V1_LIVE_AGENT_LOG,
      V1_CLAIM_403_RUNSH,
      V1_CLAIM_UNREACHABLE_RUNSH,
      V2_CLAIM_REJECTED_LOG,
      V2_CLOUD_REFUSED_LOG,
      V2_LOGFMT_LINES,
      SECCOMP_WARNING_LINES,
    ];
    for (const sample of corpus) {
      for (const text of textMutations(sample, rng)) {
        const lines = asLines(text);
        trial.run('messageOf', () => lines.forEach((l) => assert.equal(typeof messageOf(l.text), 'string')));
        trial.run('hasSeccompWarning', () => assert.equal(typeof hasSeccompWarning(lines), 'boolean'));
        const outcome = trial.run('claimScriptOutcome', () => claimScriptOutcome(lines));
        assert.equal(typeof outcome.ran, 'boolean');
        if (outcome.connectFailure) assert.ok(Number.isInteger(outcome.connectFailure.curlCode));
        const execError = trial.run('claimScriptExecError', () => claimScriptExecError(lines));
        assert.ok(execError === undefined || typeof execError === 'string');
        const reason = trial.run('v2ClaimFailure', () => v2ClaimFailure(lines));
        assert.ok(reason === undefined || typeof reason === 'string');
        const aclk = trial.run('aclkStateFromLogs', () => aclkStateFromLogs(lines));
        assert.ok([undefined, 'connected', 'disconnected'].includes(aclk.state));
      }
    }
    // A window as large as one log read can be (2 MiB per stream): one pass of every pattern.
    const big = asLines(
      Array.from(
        { length: 60_000 },
        (_, i) => `2026-11-23T19:00:00.000Z line ${i} ${'\u001b[1m'.repeat(i % 3)}${rng.bytes(16).toString('utf8')}`,
      ).join('\n'),
    );
    trial.run('all patterns over 60 000 lines', () => [
      hasSeccompWarning(big),
      claimScriptOutcome(big),
      claimScriptExecError(big),
      v2ClaimFailure(big),
      aclkStateFromLogs(big),
    ]);
    assert.ok(trial.cases > 10_000, `${trial.cases} cases`);
    observed(trial.summary());
  });
});

describe('fuzz: configuration text (INI), build info, versions, image names', () => {
  it('parseIni, parseBuildinfo, parseVersion, isChannelName, imageRepository', (t) => {
    const observed = reliability(t, {
      area: 'input',
      tried: 'fuzz of INI files, buildinfo output, version strings and image references (mutations and random bytes)',
      expected: 'no parser throws, every call under 500 ms, results keep their shape',
    });
    const trial = new Trial();
    const rng = new Rng(0x1a1);
    const BUILDINFO =
      '    Netdata Cloud ______________ : YES\n    ACLK _______________________ : YES\n    Netdata Cloud:  NO (by user request)\n    ACLK:  NO\n';
    for (const sample of [V2_CLOUD_CONF, V1_CLOUD_CONF, '[cloud]\n\tproxy = env\n[global]\n\tenabled = no\n']) {
      for (const text of textMutations(sample, rng)) {
        const ini = trial.run('parseIni', () => parseIni(text));
        for (const [section, keys] of Object.entries(ini)) {
          assert.equal(typeof section, 'string');
          for (const value of Object.values(keys)) assert.equal(typeof value, 'string');
        }
        // Keys such as __proto__ must not reach the prototype.
        trial.run('iniValue', () => iniValue(ini, '__proto__', 'constructor'));
        assert.equal(({} as Record<string, unknown>).polluted, undefined);
      }
    }
    trial.run('parseIni __proto__', () => parseIni('[__proto__]\npolluted = yes\n[constructor]\nprototype = x\n'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    for (const text of textMutations(BUILDINFO, rng)) {
      const b = trial.run('parseBuildinfo', () => parseBuildinfo(text));
      assert.ok(Array.isArray(b.lines) && [undefined, true, false].includes(b.cloud) && [undefined, true, false].includes(b.aclk));
    }
    for (const sample of [
      'v2.10.4',
      'netdata v1.37.1',
      'v2.5.0-123-nightly',
      'v1.99.0-12-g1234abc-nightly',
      'nightly',
      'netdata/netdata:v1.44.3@sha256:abc',
      'registry.example:5000/netdata/netdata:edge',
    ]) {
      for (const text of textMutations(sample, rng)) {
        const v = trial.run('parseVersion', () => parseVersion(text));
        if (v) assert.ok([v.major, v.minor, v.patch].every((n) => Number.isInteger(n) && n >= 0) && typeof v.nightly === 'boolean');
        assert.equal(typeof trial.run('isChannelName', () => isChannelName(text)), 'boolean');
        assert.equal(typeof trial.run('imageRepository', () => imageRepository(text)), 'string');
      }
    }
    assert.ok(trial.cases > 10_000, `${trial.cases} cases`);
    observed(trial.summary());
  });
});

describe('fuzz: Docker log framing (src/docker/log-frames.ts, toLines)', () => {
  it('random chunks, random and lying frame headers, TTY and multiplexed: bounded bytes, no throw', (t) => {
    const observed = reliability(t, {
      area: 'input',
      tried: 'log-stream fuzz: random bytes, frames with random types and sizes (up to 4 GiB declared), random chunking, TTY and not',
      expected: 'no throw; each stream keeps at most maxBytes; lines come out whole',
    });
    const trial = new Trial(2_000);
    const rng = new Rng(0xf7a);
    let keptMax = 0;
    const frame = (type: number, body: Buffer) => {
      const header = Buffer.alloc(8);
      header[0] = type;
      header.writeUInt32BE(body.length, 4);
      return Buffer.concat([header, body]);
    };
    for (let n = 0; n < 1_500; n++) {
      const tty = rng.pick([true, false, undefined]);
      const maxBytes = rng.pick([1, 7, 64, 1024, 64 * 1024]);
      const parts: Buffer[] = [];
      for (let k = rng.int(30); k > 0; k--) {
        const kind = rng.int(5);
        if (kind === 0) parts.push(rng.bytes(rng.int(300)));
        else if (kind === 1) {
          // A header that lies: a size far larger than what follows.
          const header = Buffer.alloc(8);
          header[0] = rng.int(4);
          header.writeUInt32BE(rng.pick([0xffffffff, 1 << 30, 65_536, 9]), 4);
          parts.push(header, rng.bytes(rng.int(100)));
        } else
          parts.push(
            frame(
              rng.int(3),
              Buffer.from(`2026-11-23T19:00:0${rng.int(10)}.${rng.int(1e9)}Z ${rng.pick(GARBAGE)}line ${k}${rng.int(4) === 0 ? '' : '\n'}`),
            ),
          );
      }
      const stream = Buffer.concat(parts);
      const collector = new LogCollector(maxBytes, tty);
      const splitter = new FrameSplitter(tty);
      for (let at = 0; at < stream.length; ) {
        const size = 1 + rng.int(64);
        const chunk = stream.subarray(at, at + size);
        trial.run('LogCollector.push', () => collector.push(chunk));
        trial.run('FrameSplitter.push', () => splitter.push(chunk));
        at += size;
      }
      const out = trial.run('LogCollector.result', () => collector.result());
      for (const s of [out.stdout, out.stderr]) {
        const kept = Buffer.byteLength(s, 'utf8');
        // Invalid UTF-8 cut at the window's edge may turn into up to 3 bytes of U+FFFD per byte.
        assert.ok(kept <= maxBytes * 3, `kept ${kept} bytes of a ${maxBytes}-byte window`);
        keptMax = Math.max(keptMax, Buffer.from(s, 'utf8').length);
      }
      trial.run('FrameSplitter.flush', () => splitter.flush());
      const lines = trial.run('toLines', () => [
        ...toLines(out.stdout, 'stdout', 'current'),
        ...toLines(out.stderr, 'stderr', rng.pick(['current', 'previous'] as const)),
      ]);
      for (const l of lines)
        assert.ok(!l.text.includes('\n') && (l.time === undefined || /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/.test(l.time)));
      trial.run('inOrder', () => inOrder(lines));
      const splitterLines = new LineSplitter(rng.pick([4, 64, 16 * 1024]));
      trial.run('LineSplitter.push', () => splitterLines.push(stream.toString('utf8')).forEach((l) => assert.ok(!l.includes('\n'))));
    }
    for (let n = 0; n < 2_000; n++) {
      const text = rng.pick([
        '2026-11-23T19:15:38.421937625Z',
        '2026-11-23T19:15:38Z',
        '1970-01-01T00:00:00Z',
        '0001-01-01T00:00:00Z',
        '2026-11-23T19:15:38.421937625+02:00',
      ]);
      const cut = text.slice(0, rng.int(text.length + 1)) + rng.pick(GARBAGE);
      const ts = trial.run('dockerTimestamp', () => dockerTimestamp(rng.int(2) ? text : cut));
      assert.ok(ts === undefined || /^\d+\.\d{9}$/.test(ts), String(ts));
    }
    // One stream of 20 MiB through a 2 MiB window: the window holds, the newest bytes are kept.
    const collector = new LogCollector(2 * 1024 * 1024, false);
    const body = Buffer.alloc(16 * 1024, 'y');
    trial.run('LogCollector 20 MiB', () => {
      for (let i = 0; i < 1_280; i++) collector.push(frame(2, i === 1_279 ? Buffer.from('the last line\n') : body));
    });
    const big = collector.result();
    assert.ok(big.truncated && big.stderr.length <= 2 * 1024 * 1024 && big.stderr.endsWith('the last line\n'));
    observed(
      `${trial.summary()}; a 20 MiB stream kept ${(big.stderr.length / 1024 / 1024).toFixed(2)} MiB with its last line; random streams kept at most ${keptMax} bytes per stream`,
    );
  });
});

describe('fuzz: inspect answers and events (src/docker/inspect.ts, events.ts) into describeAgent/readCloud', () => {
  const INSPECT = {
    Id: 'a'.repeat(64),
    Created: '2026-11-23T18:00:00.123456789Z',
    Path: '/usr/sbin/run.sh',
    Args: ['-token=x'],
    State: {
      Status: 'running',
      Running: true,
      Restarting: false,
      OOMKilled: false,
      ExitCode: 0,
      Error: '',
      StartedAt: '2026-11-23T19:15:38.421937625Z',
      FinishedAt: '0001-01-01T00:00:00Z',
    },
    Name: '/netdata',
    RestartCount: 0,
    Image: 'sha256:9a8b',
    HostConfig: {
      NetworkMode: 'bridge',
      RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 },
      SecurityOpt: ['seccomp=unconfined'],
      ReadonlyRootfs: false,
      PortBindings: { '19999/tcp': [{ HostIp: '', HostPort: '19999' }] },
    },
    Mounts: [
      { Type: 'volume', Name: 'netdatalib', Source: '/var/lib/docker/volumes/netdatalib/_data', Destination: '/var/lib/netdata', RW: true },
    ],
    Config: {
      Hostname: 'h',
      Image: 'netdata/netdata:v2.10.4',
      Tty: false,
      Env: ['NETDATA_CLAIM_TOKEN=tok', 'NETDATA_CLAIM_URL=https://app.netdata.cloud', 'NETDATA_CLAIM_ROOMS=r', 'PATH=/bin'],
      Labels: { 'com.docker.compose.service': 'netdata', 'org.opencontainers.image.version': 'v2.10.4' },
    },
    NetworkSettings: {
      Ports: { '19999/tcp': [{ HostIp: '0.0.0.0', HostPort: '19999' }] },
      Networks: { bridge: { IPAddress: '172.17.0.2', Aliases: null } },
    },
  };
  const SWAPS: unknown[] = [
    null,
    undefined,
    true,
    0,
    -1,
    1e400,
    Number.NaN,
    '',
    'x'.repeat(100_000),
    '\u0000\u001b[31m',
    [],
    {},
    [null],
    { a: 1 },
    ['=', '==', '=x', 'NETDATA_CLAIM_TOKEN', 'K=\nv'],
    '__proto__',
  ];

  function* paths(value: unknown, prefix: string[] = []): Generator<string[]> {
    if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        yield [...prefix, k];
        yield* paths(v, [...prefix, k]);
      }
    }
  }

  it('every field of a realistic inspect swapped to every type; random events', (t) => {
    const observed = reliability(t, {
      area: 'input',
      tried: 'inspect fuzz: every field of an inspect answer set to null, NaN, huge, control chars, wrong types; random events',
      expected: 'no throw from inspect → facts → describeAgent → readCloud; events parsed or dropped',
    });
    const trial = new Trial();
    const rng = new Rng(0x15e);
    for (const path of paths(INSPECT)) {
      for (const swap of SWAPS) {
        const copy = structuredClone(INSPECT) as Record<string, unknown>;
        let parent = copy;
        for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
        parent[path[path.length - 1]!] = swap;
        const container = trial.run('containerFactsFromInspect', () => containerFactsFromInspect(copy));
        assert.equal(typeof container.name, 'string');
        const node = nodeFacts({ container, logs: readOk([]) });
        node.container = container;
        trial.run('describeAgent', () => describeAgent(node));
        trial.run('readCloud', () => readCloud(node));
      }
    }
    for (const raw of [undefined, null, 0, 'x', [], INSPECT.State, { Id: 5, Name: ['x'] }])
      trial.run('containerFactsFromInspect', () => containerFactsFromInspect(raw));
    const event = {
      Type: 'container',
      Action: 'health_status: healthy',
      Actor: { ID: 'a'.repeat(64), Attributes: { name: 'netdata', container: 'b' } },
      time: 1_795_460_387,
      timeNano: 1_795_460_387_123_456_789,
    };
    let parsed = 0;
    let mutatedEvents = 0;
    for (const path of paths(event)) {
      for (const swap of SWAPS) {
        const copy = structuredClone(event) as Record<string, unknown>;
        let parent = copy;
        for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
        parent[path[path.length - 1]!] = swap;
        // As the engine's stream would carry it: through JSON (1e400 becomes Infinity, NaN null).
        const text = JSON.stringify(copy).replace(
          /"timeNano":1e\+?400|"timeNano":null/,
          rng.int(2) ? '"timeNano":1e400' : '"timeNano":-1e400',
        );
        mutatedEvents++;
        const e = trial.run('parseEvent', () => parseEvent(JSON.parse(text)));
        if (e) {
          parsed++;
          assert.ok(typeof e.action === 'string' && /^-?\d+\.\d{9}$|^0$/.test(e.time), JSON.stringify(e));
        }
      }
    }
    for (let n = 0; n < 500; n++)
      trial.run('parseEvent', () =>
        parseEvent({
          Type: rng.pick(['container', 'network', 7]),
          Action: rng.pick(GARBAGE),
          timeNano: rng.pick([1e400, -1e400, 1.5, -3, 2 ** 80]),
        }),
      );
    assert.ok(trial.cases > 2_000, `${trial.cases} cases`);
    observed(`${trial.summary()}; ${parsed} of ${mutatedEvents} mutated events parsed with a valid time, the rest dropped`);
  });
});
