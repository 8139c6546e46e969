// Hostile and broken input from real containers (issue 6): logs with binary garbage, control sequences and
// lines of megabytes; logs of 20 and 64 MiB; env values and labels with quotes, newlines, backslashes and Unicode;
// files read through the archive API that are huge, a directory, a FIFO or a symlink loop. Both with and
// without a TTY. Each time: the pass ends in bounded time and memory, the report follows the schema, no
// token leaks, the human report sends no raw control character to the terminal, and the log-derived
// finding (run.sh's seccomp warning, written after the garbage) is still found.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import {
  assertFakeImages,
  FAKE_CLOUD_URL,
  FAKE_IMAGES,
  LOCAL_DNS,
  removeFakeResources,
  startFakeAgent,
  type FakeAgent,
} from '../testbed/fakes.ts';
import {
  CLAIM_ROOMS,
  CLAIM_TOKEN,
  RUN_ID,
  TEST_LABEL,
  docker,
  execIn,
  inspect,
  waitForAgentApi,
  type ContainerRef,
} from '../testbed/scenarios.ts';
import { assertLocalCloud, diagnoseTargets, REPO, statusOf, UNREACHABLE_CLOUD } from './harness.ts';
import { assertValidReport } from './schema.ts';
import { discoverEngine } from '../../src/docker/engine.ts';
import { DockerodeClient } from '../../src/docker/dockerode-client.ts';
import { LIMITS } from '../../src/gather/gather.ts';
import { PATHS } from '../../src/agent/paths.ts';
import { reliability } from '../reliability/record.ts';

/** "Does not hang" bounds, far above what a pass takes; not speed assertions. */
const PASS_BOUND_MS = 60_000;
/** Peak resident memory of one `check` process (Node + tsx + the pass) reading such a container. */
const RSS_BOUND_MB = 400;

const SECCOMP_WARNING =
  'WARNING: This Docker host appears to not properly support newer stat system calls. This is known to cause issues with Netdata (most notably, nodes running on such hosts **cannot be claimed**).';

// Raw controls a terminal acts on: C0 except newline, DEL, C1, bidi overrides. The human report is piped here,
// so it has no colours either.
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * Written by Node inside the container before run.sh starts the fake agent. stdout: a 3 MiB line that never
 * ends. stderr: invalid UTF-8, NULs, ANSI/OSC sequences, a 3 MiB line, then the seccomp warning, which must
 * survive the 2 MiB window of the newest bytes.
 */
const GARBAGE_SCRIPT = String.raw`
const fs = require('fs');
const MiB = 1024 * 1024;
const write = (fd, data) => { const b = Buffer.isBuffer(data) ? data : Buffer.from(data, 'latin1'); for (let at = 0; at < b.length;) at += fs.writeSync(fd, b, at); };
write(1, 'o\u00ff\u0000'.repeat(MiB));
write(2, '\nstart\n');
write(2, Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x90, 0x28, 0xbc, 0xed, 0xa0, 0x80, 0x0a]));
write(2, 'nul\u0000in\u0000line\u0000\n');
write(2, '\u001b[31mred\u001b[0m \u001b]0;pwned-title\u0007 \u001b[2J\u001b[H\u001b[?1049h cleared \u009b31m c1\n');
write(2, 'e\u001b[1m\u0000\u00c3'.repeat(MiB * 3 / 6) + '\n');
write(2, process.env.SECCOMP_WARNING + '\n');
`;

/** FLOOD_MIB MiB of ordinary 100-byte lines on stderr, then the seccomp warning as the newest line. */
const FLOOD_SCRIPT = String.raw`
const fs = require('fs');
const line = (i) => 'flood line ' + String(i).padStart(7, '0') + ' ' + 'z'.repeat(81) + '\n';
let batch = '';
for (let i = 0; i < Number(process.env.FLOOD_MIB) * 1024 * 1024 / 100; i++) {
  batch += line(i);
  if (batch.length > 1024 * 1024) { fs.writeSync(2, batch); batch = ''; }
}
fs.writeSync(2, batch + process.env.SECCOMP_WARNING + '\n');
`;

interface LogAgent extends ContainerRef {
  tty: boolean;
  kind: 'garbage' | 'flood';
}

/** A fake v2 agent whose entrypoint first writes the hostile log, then execs the image's own run.sh. */
async function startLogAgent(kind: LogAgent['kind'], tty: boolean, floodMib = 0): Promise<LogAgent> {
  const name = `ncd-hostile-${kind}-${tty ? 'tty' : 'notty'}-${randomBytes(3).toString('hex')}`;
  const container = await docker.createContainer({
    name,
    Image: FAKE_IMAGES.v2,
    Entrypoint: ['/bin/bash', '-c', 'node -e "$NCD_LOG_SCRIPT" && exec /usr/sbin/run.sh'],
    Tty: tty,
    Env: [
      'DO_NOT_TRACK=1',
      'FAKE_AGENT_STATE=online',
      `NETDATA_CLAIM_URL=${FAKE_CLOUD_URL}`,
      `NETDATA_CLAIM_TOKEN=${CLAIM_TOKEN}`,
      `NETDATA_CLAIM_ROOMS=${CLAIM_ROOMS}`,
      `NCD_LOG_SCRIPT=${kind === 'garbage' ? GARBAGE_SCRIPT : FLOOD_SCRIPT}`,
      `SECCOMP_WARNING=${SECCOMP_WARNING}`,
      `FLOOD_MIB=${floodMib}`,
    ],
    Labels: { [TEST_LABEL]: RUN_ID },
    HostConfig: { NetworkMode: 'none', Dns: LOCAL_DNS, RestartPolicy: { Name: 'no' } },
  });
  await container.start();
  await waitForAgentApi(container.id, 90_000);
  return { id: container.id, name, tty, kind };
}

interface Measured {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  maxRssMb: number;
}

/** The real binary under /usr/bin/time, for its wall time and peak RSS; killed past the bound. */
function runMeasured(args: readonly string[]): Promise<Measured> {
  const env: Record<string, string> = {
    PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    HOME: process.env.HOME ?? '/root',
    DOCTOR_CLOUD_URL: UNREACHABLE_CLOUD,
    LOG_LEVEL: 'warn',
  };
  assertLocalCloud(env, args);
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn(
      '/usr/bin/time',
      ['-f', 'ncd-maxrss-kb=%M', process.execPath, path.join(REPO, 'bin', 'netdata-cloud-doctor'), ...args],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), PASS_BOUND_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString('utf8');
      const rss = /ncd-maxrss-kb=(\d+)/.exec(stderr);
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: stderr.replace(/ncd-maxrss-kb=\d+\n?/, ''),
        ms: Date.now() - t0,
        maxRssMb: rss ? Number(rss[1]) / 1024 : Number.NaN,
      });
    });
  });
}

/** `check --json` and the human `check` on one container: bounded, schema-valid, safe for a terminal. */
async function checkBoth(
  name: string,
  secrets: readonly string[] = [CLAIM_TOKEN],
): Promise<{ json: Measured; human: Measured; report: { nodes: { findings: { id: string; status: string; summary: string }[] }[] } }> {
  const json = await runMeasured(['check', '--json', name]);
  assert.ok(json.ms < PASS_BOUND_MS, `check --json took ${json.ms} ms`);
  assert.ok([0, 1].includes(json.code ?? -1), `check --json exited ${json.code}: ${json.stderr.slice(-2000)}`);
  assert.ok(json.maxRssMb < RSS_BOUND_MB, `check --json peaked at ${json.maxRssMb.toFixed(0)} MiB`);
  const report = JSON.parse(json.stdout) as { nodes: { findings: { id: string; status: string; summary: string }[] }[] };
  assertValidReport(report);
  const human = await runMeasured(['check', name]);
  assert.ok(human.ms < PASS_BOUND_MS, `check took ${human.ms} ms`);
  assert.ok([0, 1].includes(human.code ?? -1), `check exited ${human.code}: ${human.stderr.slice(-2000)}`);
  const raw = RAW_CONTROL.exec(human.stdout);
  assert.equal(
    raw,
    null,
    `raw control U+${raw?.[0].charCodeAt(0).toString(16).padStart(4, '0')} in the human report near ${JSON.stringify(human.stdout.slice(Math.max(0, (raw?.index ?? 0) - 60), (raw?.index ?? 0) + 20))}`,
  );
  for (const secret of secrets) {
    for (const where of [json.stdout, json.stderr, human.stdout, human.stderr])
      assert.ok(!where.includes(secret), `a claim token was printed: ${JSON.stringify(secret.slice(0, 12))}…`);
  }
  return { json, human, report };
}

const mb = (n: number) => n.toFixed(0);
const s = (ms: number) => (ms / 1000).toFixed(1);

describe('hostile input from real containers', () => {
  before(assertFakeImages);
  after(removeFakeResources);

  // 64 MiB of log since the start took 13.7 s to stream whole, past the logs read's 10 s bound: only the
  // engine's tail keeps it bounded (LIMITS.logTailLines), and the 64 MiB case fails without it.
  const cases = [
    { kind: 'garbage', tty: false, floodMib: 0 },
    { kind: 'garbage', tty: true, floodMib: 0 },
    { kind: 'flood', tty: false, floodMib: 64 },
    { kind: 'flood', tty: true, floodMib: 20 },
  ] as const;
  for (const { kind, tty, floodMib } of cases) {
    {
      const what =
        kind === 'garbage'
          ? 'logs with invalid UTF-8, NULs, ANSI/OSC/C1 sequences and 3 MiB lines (one never ended)'
          : `logs of ${floodMib} MiB (${Math.round((floodMib * 1024 * 1024) / 100).toLocaleString('en')} lines)`;
      test(`${kind} logs${floodMib ? ` (${floodMib} MiB)` : ''}, ${tty ? 'TTY' : 'no TTY'}: bounded pass, valid report, the seccomp warning still found`, async (t) => {
        const observed = reliability(t, {
          area: 'input',
          tried: `an agent container (${tty ? 'TTY' : 'no TTY'}) whose ${what}, then run.sh's seccomp warning`,
          expected: `check ends < ${PASS_BOUND_MS / 1000} s and < ${RSS_BOUND_MB} MiB RSS, report schema-valid, no raw controls printed, host.seccomp still warns`,
        });
        const agent = await startLogAgent(kind, tty, floodMib);
        const t0 = Date.now();
        const d = await diagnoseTargets([agent.name], { exec: 'auto' });
        const passMs = Date.now() - t0;
        assert.ok(passMs < PASS_BOUND_MS, `the pass took ${passMs} ms`);
        assertValidReport(d.report);
        const seccomp = d.finding(agent.name, 'host.seccomp');
        assert.equal(seccomp.status, 'warn', `the warning written after the hostile lines was not found: ${statusOf(seccomp)}`);
        const { json, human, report } = await checkBoth(agent.name);
        const cliSeccomp = report.nodes[0]!.findings.find((f) => f.id === 'host.seccomp');
        assert.equal(cliSeccomp?.status, 'warn');
        const escaped = (human.stdout.match(/\\x[0-9a-f]{2}|\\u[0-9a-f]{4}/g) ?? []).length;
        observed(
          `in-process pass ${s(passMs)} s, state ${d.node(agent.name).state}, host.seccomp ${statusOf(seccomp)}; ` +
            `check --json ${s(json.ms)} s, exit ${json.code}, peak RSS ${mb(json.maxRssMb)} MiB, schema-valid; human check ${s(human.ms)} s, peak RSS ${mb(human.maxRssMb)} MiB, ${human.stdout.length} chars, ${escaped} escaped controls, 0 raw`,
        );
      });
    }
  }

  test('env and labels with quotes, newlines, backslashes, controls and Unicode', async (t) => {
    const observed = reliability(t, {
      area: 'input',
      tried:
        'NETDATA_CLAIM_TOKEN/URL/ROOMS and labels (compose service, agent URL) holding quotes, newlines, backslashes, ANSI escapes, NUL-free controls, Unicode',
      expected: 'report schema-valid, claim.config names the defects, no part of the token printed, no raw control in the human report',
    });
    const token = `"ncdHostile'Tok\\en-0123456789abcdefghij\nklmnopqrstuvwxyz-\u00e9\u00e8\u00ea-\u4e2d\u6587-\u{1F600}\u001b[31m-NEVER-LOG-ME"`;
    const url = 'https://cloud.test:9/"x"\n\u001b]0;pwned\u0007\\path?q=\'\u202e\u00fc';
    const rooms = `"11111111-2222-4333-8444-555555555555",\n'r\\o\u00f6m\u001b[2J'`;
    const labels = {
      'com.docker.compose.project': 'proj"\n\\\u00fc',
      'com.docker.compose.service': 'svc"\u001b[31m\n\u00e9',
      'netdata-cloud-doctor.url': 'http://x.test:9/"\n\u001b[5m',
      'org.opencontainers.image.title': 'Netdata "Agent"\n\u2066',
    };
    const agent: FakeAgent = await startFakeAgent({
      generation: 'v2',
      state: 'online',
      name: `ncd-hostile-env.x_y-${randomBytes(3).toString('hex')}`,
      labels,
      env: { NETDATA_CLAIM_TOKEN: token, NETDATA_CLAIM_URL: url, NETDATA_CLAIM_ROOMS: rooms },
    });
    const env = (await inspect(agent.id)).Config.Env;
    assert.ok(env.includes(`NETDATA_CLAIM_TOKEN=${token}`), 'the engine kept the token as given');
    const t0 = Date.now();
    const d = await diagnoseTargets([agent.name], { exec: 'auto' });
    const passMs = Date.now() - t0;
    assertValidReport(d.report);
    const claim = d.finding(agent.name, 'claim.config');
    assert.equal(claim.status, 'fail', statusOf(claim));
    // Each run of 12+ characters between its quotes, backslashes and newline: a token cut there is caught too.
    const pieces = token.split(/[\n"'\\]/).filter((p) => p.length >= 12);
    const inProcess = JSON.stringify(d.report);
    for (const piece of pieces) assert.ok(!inProcess.includes(piece), `token piece in the report: ${JSON.stringify(piece.slice(0, 12))}`);
    const { json, human } = await checkBoth(agent.name, pieces);
    // The compose service name is in the remedies: its escape and newline must show, escaped.
    const escaped = human.stdout.match(/\\x1b|\\n/g) ?? [];
    assert.ok(escaped.length > 0, `the hostile label never reached the human report, so this proves nothing:\n${human.stdout}`);
    observed(
      `in-process pass ${s(passMs)} s; claim.config ${statusOf(claim)}; check --json ${s(json.ms)} s exit ${json.code}, schema-valid; human report ${human.stdout.split('\n').length} lines with ${escaped.length} escaped controls from the labels, 0 raw; none of ${pieces.length} token pieces in report, stdout or stderr`,
    );
  });

  test('files through the archive API: huge, a directory, a FIFO, a symlink loop', async (t) => {
    const observed = reliability(t, {
      area: 'input',
      tried:
        'cloud.conf and netdata.conf of 1 GiB (sparse), the machine GUID a directory, claim.conf a FIFO, status-netdata.json a symlink to itself, a path through a symlink loop',
      expected: 'each read stops at its byte bound or fails with a reason; the pass is bounded and the report valid',
    });
    const agent = await startFakeAgent({ generation: 'v2', state: 'online' });
    const sabotage = [
      'set -e',
      'truncate -s 1G /var/lib/netdata/cloud.d/cloud.conf',
      'truncate -s 1G /etc/netdata/netdata.conf',
      'rm -rf /var/lib/netdata/registry/netdata.public.unique.id && mkdir -p /var/lib/netdata/registry/netdata.public.unique.id',
      'rm -f /etc/netdata/claim.conf && mkfifo /etc/netdata/claim.conf',
      'rm -f /var/lib/netdata/status-netdata.json && ln -s status-netdata.json /var/lib/netdata/status-netdata.json',
      'mkdir -p /var/lib/netdata/loop && ln -s ../loop /var/lib/netdata/loop/a && rm -f /var/lib/netdata/cloud.d/claimed_id && ln -s /var/lib/netdata/loop/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/claimed_id /var/lib/netdata/cloud.d/claimed_id',
    ].join('; ');
    const r = await execIn(agent.id, ['sh', '-c', sabotage]);
    assert.equal(r.exitCode, 0, r.stderr);
    const t0 = Date.now();
    const d = await diagnoseTargets([agent.name], { exec: 'auto' });
    const passMs = Date.now() - t0;
    assert.ok(passMs < PASS_BOUND_MS, `the pass took ${passMs} ms`);
    assertValidReport(d.report);
    const stillRunning = (await inspect(agent.id)).State.Running;
    const { json } = await checkBoth(agent.name);
    const node = d.node(agent.name);
    assert.equal(node.agent.machineGuid, null, 'a directory was read as a machine GUID');

    // The same reads through the adapter, to see each bound at work.
    const endpoint = discoverEngine({}, () => undefined);
    if ('error' in endpoint) throw new Error(endpoint.error);
    const client = new DockerodeClient(endpoint);
    const loopPath = `/var/lib/netdata/loop/${'a/'.repeat(42)}claimed_id`;
    const reads: [string, number][] = [
      [PATHS.cloudConf, LIMITS.fileBytes],
      [PATHS.netdataConf, LIMITS.netdataConfBytes],
      [PATHS.machineGuid, LIMITS.fileBytes],
      [PATHS.claimConf, LIMITS.fileBytes],
      [PATHS.statusFile, LIMITS.fileBytes],
      [PATHS.claimedId, LIMITS.fileBytes],
      [loopPath, LIMITS.fileBytes],
    ];
    const seen: string[] = [];
    for (const [file, maxBytes] of reads) {
      const r0 = Date.now();
      const result = await client.readPath(agent.id, file, maxBytes).catch((err: Error) => err);
      const ms = Date.now() - r0;
      assert.ok(ms < 15_000, `${file}: ${ms} ms`);
      const short = file === loopPath ? 'loop/a/…/claimed_id' : path.basename(file);
      if (result instanceof Error) seen.push(`${short}: error "${result.message.replace(/^GET \S+: /, '').slice(0, 120)}" in ${ms} ms`);
      else if (!result) seen.push(`${short}: missing`);
      else {
        if (result.content !== undefined)
          assert.ok(Buffer.byteLength(result.content) <= maxBytes, `${file}: ${Buffer.byteLength(result.content)} bytes over ${maxBytes}`);
        seen.push(
          `${short}: ${result.stat.kind}${result.content !== undefined ? `, ${Buffer.byteLength(result.content)} of ${result.stat.size} bytes${result.truncated ? ' (cut)' : ''}` : ''} in ${ms} ms`,
        );
      }
    }
    const huge = await client.readPath(agent.id, PATHS.cloudConf, LIMITS.fileBytes);
    assert.ok(huge?.truncated && huge.content?.length === LIMITS.fileBytes, 'the 1 GiB cloud.conf was not cut at the byte bound');
    observed(
      `in-process pass ${s(passMs)} s, state ${node.state}, machine GUID ${node.agent.machineGuid ?? 'unknown'}, not passing: ${
        node.findings
          .filter((f) => f.status !== 'pass')
          .map(statusOf)
          .join(' | ') || 'none'
      }; ` +
        `check --json ${s(json.ms)} s, peak RSS ${mb(json.maxRssMb)} MiB, schema-valid; agent still running: ${stillRunning}; reads: ${seen.join('; ')}`,
    );
  });
});
