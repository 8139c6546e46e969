// The test doubles answer as the recordings say (test/testbed/fakes.ts, test/testbed/fake-agent,
// test/testbed/fake-cloud): for every generation and state, what `docker exec curl` and `netdatacli` get inside
// the fake agent's container equals the recorded answer — byte for byte in `recorded` replay, and with this
// container's own ids and times in the default `live` replay; run-time state changes log the status line
// without any container event; the fake Cloud answers 404 on /, 101 on /mqtt, and fails TLS when it should.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { extract } from 'tar-stream';
import {
  FAKE_ANSWERS_DIR,
  FAKE_STATES,
  FAKE_VERSIONS,
  assertFakeImages,
  loadFakeFixture,
  removeFakeResources,
  startFakeAgent,
  startFakeCloud,
  type FakeAgent,
  type FakeAgentState,
  type FakeCloud,
  type FakeFixture,
  type FakeGeneration,
  type FakeIdentity,
} from '../testbed/fakes.ts';
import { docker, execIn, inspect, waitForLog } from '../testbed/scenarios.ts';

const DEFAULT_URL = 'https://app.netdata.cloud';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/** The `cloud` object of an /api/v{2,3}/info body, as text (the fake embeds the recorded text, indented). */
function cloudBlock(body: string): string {
  const lines = body.split('\n');
  const start = lines.findIndex((l) => /^\t*"cloud": \{$/.test(l));
  assert.ok(start >= 0, `no "cloud": { line in\n${body.slice(0, 800)}`);
  const indent = /^\t*/.exec(lines[start]!)![0];
  const end = lines.findIndex((l, i) => i > start && (l === `${indent}}` || l === `${indent}},`));
  return ['{', ...lines.slice(start + 1, end).map((l) => l.slice(indent.length)), '}'].join('\n');
}

/** Ids, URLs, host names and times normalised, so a live answer can be compared with its recording as text. */
function normalise(text: string): string {
  return text
    .replace(UUID, '<uuid>')
    .replace(/https:(?:\\\/\\\/|\/\/)(?!app\.netdata\.cloud)[^"\s]+/g, '<url>')
    .replace(/"(since|age|next_check|next_in)": \d+/g, '"$1": <n>')
    .replace(
      /"(last-connect-time-utc|last-connect-time-puback-utc|last-disconnect-time-utc|next-connection-attempt-utc)":"[^"]*"/g,
      '"$1":"<t>"',
    )
    .replace(/"hostname":"[^"]*"/g, '"hostname":"<host>"')
    .replace(/ hostname "[^"]*"/g, ' hostname "<host>"')
    .replace(
      /^(Last Connection Time|Last Connection Time \+ 3 PUBACKs received|Last Disconnect Time|Next Connection Attempt At): .*$/gm,
      '$1: <t>',
    );
}

/** The recorded cloud object with this container's identity and the answer's own times. */
function expectedCloud(fx: FakeFixture, id: FakeIdentity, actual: Record<string, unknown>): Record<string, unknown> {
  const exp = JSON.parse(fx.cloud) as Record<string, unknown>;
  if (exp.status === 'indirect') {
    exp.claim_id = actual.claim_id; // the parent's, checked separately
    exp.url = actual.url;
  } else {
    if ('claim_id' in exp) exp.claim_id = id.claimId;
    if ('url' in exp && exp.url !== DEFAULT_URL) exp.url = id.url;
  }
  for (const k of ['since', 'age', 'next_check', 'next_in']) if (k in exp) exp[k] = actual[k];
  return exp;
}

function assertTimes(cloud: Record<string, unknown>, startedAt: number): void {
  const now = Math.ceil(Date.now() / 1000);
  assert.equal(typeof cloud.since, 'number');
  assert.ok((cloud.since as number) >= Math.floor(startedAt / 1000) - 5 && (cloud.since as number) <= now, `since ${String(cloud.since)}`);
  assert.ok((cloud.age as number) >= 0 && (cloud.age as number) <= now - (cloud.since as number) + 1, `age ${String(cloud.age)}`);
  if ('next_check' in cloud) {
    assert.ok((cloud.next_check as number) >= (cloud.since as number), 'next_check after since');
    assert.ok((cloud.next_in as number) >= 0, 'next_in >= 0');
  }
}

/** Messages (logfmt `msg="…"`, still escaped as in the recordings) of the fake's log lines. */
function messages(log: string): string[] {
  return log
    .split('\n')
    .map((l) => /msg="(.*)"$/.exec(l)?.[1])
    .filter((m): m is string => m !== undefined);
}

const normMsg = (m: string): string =>
  m
    .replace(/cloud\.test:\d+/g, 'cloud.test:<port>')
    .replace(/port '\d+'/g, "port '<port>'")
    .replace(/port \d+\./g, 'port <port>.');

/** Recorded log messages (`<time> <msg>` lines), without the lines of `netdatacli` runs of the recorder. */
function recordedMessages(fx: FakeFixture): string[] {
  const text = readFileSync(path.join(FAKE_ANSWERS_DIR, fx.dir, 'log.txt'), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => l.slice(l.indexOf(' ') + 1))
    .filter((m) => !m.startsWith('COMMAND: '));
}

/**
 * The recorded daemon-log lines up to where the state was reached: v2 up to the first status line of the state,
 * v1 up to the first connect or /env failure. Left out: the ACLK CONNECTED/DISCONNECTED access lines (the fake
 * writes them to stdout) and, on v1, the two ACLK sync lines whose order varies between real runs (two threads).
 */
function recordedUntilState(gen: FakeGeneration, fx: FakeFixture, statusLine?: string): string[] {
  let msgs = recordedMessages(fx);
  if (gen === 'v2') {
    const end = statusLine ? msgs.indexOf(`Netdata Cloud, ACLK connection status: ${statusLine}`) : -1;
    if (end >= 0) msgs = msgs.slice(0, end + 1);
  } else {
    const end = msgs.findIndex((m) => m === 'Starting 2 query threads.' || m.startsWith('Failed to Get ACLK environment'));
    if (end >= 0) msgs = msgs.slice(0, end + 1);
    msgs = msgs.filter((m) => m !== 'ACLK sync initialization completed' && m !== 'Starting ACLK synchronization thread');
  }
  return msgs.filter((m) => m !== 'ACLK CONNECTED' && m !== 'ACLK DISCONNECTED').map(normMsg);
}

function assertSubsequence(actual: string[], expected: string[], label: string): void {
  let i = 0;
  for (const m of actual) if (i < expected.length && m === expected[i]) i++;
  assert.equal(
    i,
    expected.length,
    `${label}: recorded line ${i + 1} not found in order: ${expected[i]}\n--- fake log messages:\n${actual.join('\n')}`,
  );
}

/** stdout and stderr of a container in their original order (Docker's multiplexed frames). */
async function combinedLogs(id: string): Promise<string> {
  const buf = await docker.getContainer(id).logs({ stdout: true, stderr: true, follow: false });
  const out: Buffer[] = [];
  for (let i = 0; i + 8 <= buf.length; ) {
    const size = buf.readUInt32BE(i + 4);
    out.push(buf.subarray(i + 8, i + 8 + size));
    i += 8 + size;
  }
  return Buffer.concat(out).toString('utf8');
}

/** `ls -l`-like lines (`-rw------- root/root cloud.d/private.pem`) of a container path, via the archive API. */
async function listing(id: string, dir: string): Promise<string[]> {
  const stream = await docker.getContainer(id).getArchive({ path: dir });
  const ex = extract();
  const out: string[] = [];
  const names: Record<number, string> = { 0: 'root', 201: 'netdata' };
  const perm = (type: string, mode: number) =>
    (type === 'directory' ? 'd' : '-') +
    [6, 3, 0]
      .map((sh) => {
        const b = (mode >> sh) & 7;
        return `${b & 4 ? 'r' : '-'}${b & 2 ? 'w' : '-'}${b & 1 ? 'x' : '-'}`;
      })
      .join('');
  await new Promise<void>((resolve, reject) => {
    ex.on('entry', (h, s, next) => {
      out.push(
        `${perm(h.type ?? 'file', h.mode ?? 0)} ${names[h.uid ?? -1] ?? h.uid}/${names[h.gid ?? -1] ?? h.gid} ${h.name.replace(/\/$/, '')}`,
      );
      s.on('end', next);
      s.resume();
    });
    ex.on('finish', resolve);
    ex.on('error', reject);
    stream.pipe(ex);
  });
  return out.sort();
}

async function poolMap<T, R>(items: readonly T[], width: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!);
      }
    }),
  );
  return results;
}

const STATUS_LINE: Partial<Record<string, string>> = {
  online: 'connected',
  'offline-never-connected': '/env response code is not 200',
  'offline-was-connected@socket-error': 'disconnected, socket error',
  'offline-was-connected@connection-refused': 'connection refused',
  'offline-was-connected@cannot-resolve': 'cannot resolve hostname',
  'offline-was-connected@tls-verify': 'TLS certificate verification failed',
  banned: '/env response code is not 200',
  'blocked-temporarily': 'agent is blocked',
};

// ---------------------------------------------------------------------------------------------------------------

describe('fake agent: every generation and state answers as recorded', () => {
  interface Case {
    gen: FakeGeneration;
    state: FakeAgentState;
    agent?: FakeAgent;
    id?: FakeIdentity;
    startedAt: number;
  }
  const cases: Case[] = [];
  const recordedCases: Case[] = [];
  let parent: FakeAgent;

  before(async () => {
    await assertFakeImages();
    parent = await startFakeAgent({ generation: 'v2', state: 'online', cloudUrl: 'https://cloud.test:35673' });
    for (const gen of ['v2', 'v1'] as const) {
      for (const state of FAKE_STATES[gen]) cases.push({ gen, state, startedAt: 0 });
    }
    await poolMap(cases, 6, async (c) => {
      c.startedAt = Date.now();
      const v1ClaimFailure = c.gen === 'v1' && c.state.startsWith('claim-failed');
      c.agent = await startFakeAgent({ generation: c.gen, state: c.state, ...(c.state === 'indirect' ? { parent } : {}) });
      if (!v1ClaimFailure) c.id = await c.agent.identity();
    });
    // Byte-exact replay of every recorded answer.
    for (const c of cases) {
      if (c.gen === 'v1' && c.state.startsWith('claim-failed')) continue;
      if (loadFakeFixture(c.gen, c.state).recorded) recordedCases.push({ gen: c.gen, state: c.state, startedAt: 0 });
    }
    await poolMap(recordedCases, 6, async (c) => {
      c.agent = await startFakeAgent({ generation: c.gen, state: c.state, replay: 'recorded', volume: false });
    });
  });
  after(removeFakeResources);

  test('the fake reports the fixture the catalogue maps the state to', () => {
    for (const c of cases.filter((x) => x.id)) {
      assert.equal(c.id!.fixture, loadFakeFixture(c.gen, c.state).dir, `${c.gen} ${c.state}`);
      assert.equal(c.id!.recorded, c.id!.fixture.startsWith('recorded/'));
      if (!c.id!.recorded) assert.match(c.id!.source, /not recorded/, `${c.gen} ${c.state}: a constructed answer is marked`);
    }
  });

  test('recorded replay: cloud object, aclk-state (json and text) and v1 info keys are the recorded bytes', async () => {
    for (const c of recordedCases) {
      const fx = loadFakeFixture(c.gen, c.state);
      const label = `${c.gen} ${c.state} (${fx.dir})`;
      const info = await c.agent!.api(c.gen === 'v2' ? '/api/v3/info' : '/api/v2/info');
      assert.equal(info.status, 200, label);
      assert.equal(cloudBlock(info.body), fx.cloud, `${label}: cloud object bytes`);
      const parsed = JSON.parse(info.body) as { agents: Array<{ nd: unknown; cloud: unknown }> };
      assert.deepEqual(parsed.agents[0]!.cloud, JSON.parse(fx.cloud), label);
      assert.deepEqual(parsed.agents[0]!.nd, JSON.parse(fx.nd), `${label}: nd`);
      const aclk = await c.agent!.api('/api/v1/aclk');
      assert.equal(aclk.body, fx.aclkJson, `${label}: /api/v1/aclk bytes`);
      const cliJson = await c.agent!.cli('aclk-state', 'json');
      assert.equal(cliJson.exitCode, 0);
      assert.equal(cliJson.stdout.trimEnd(), fx.aclkJson, `${label}: netdatacli aclk-state json`);
      if (fx.aclkText) assert.equal((await c.agent!.cli('aclk-state')).stdout.trimEnd(), fx.aclkText, `${label}: netdatacli aclk-state`);
      if (fx.infoV1CloudKeys) {
        const v1 = JSON.parse((await c.agent!.api('/api/v1/info')).body) as Record<string, unknown>;
        const keys = JSON.parse(fx.infoV1CloudKeys) as Record<string, unknown>;
        for (const [k, v] of Object.entries(keys)) assert.equal(v1[k], v, `${label}: /api/v1/info ${k}`);
      }
    }
    assert.ok(recordedCases.length >= 9, 'every recorded state is replayed');
  });

  test('banned: the raw cloud object has the key url twice, as recorded', async () => {
    for (const c of cases.filter((x) => x.state === 'banned')) {
      const raw = cloudBlock((await c.agent!.api(c.gen === 'v2' ? '/api/v3/info' : '/api/v2/info')).body);
      const urls = raw.match(/^ "url": /gm) ?? [];
      assert.equal(urls.length, c.gen === 'v2' ? 2 : 1, `${c.gen}: "url" keys in\n${raw}`);
    }
  });

  test("live replay: the recorded answers with this container's own identity and times", async () => {
    for (const c of cases.filter((x) => x.id)) {
      const fx = loadFakeFixture(c.gen, c.state);
      const label = `${c.gen} ${c.state}`;
      const id = c.id!;
      const hostname = (await inspect(c.agent!.id)).Config.Hostname;
      const info = await c.agent!.api(c.gen === 'v2' ? '/api/v3/info' : '/api/v2/info');
      assert.equal(info.status, 200, label);
      const raw = cloudBlock(info.body);
      assert.equal(normalise(raw), normalise(fx.cloud), `${label}: cloud object text (ids and times normalised)`);
      const body = JSON.parse(info.body) as {
        agents: Array<{ mg: string; nd: string | null; cloud: Record<string, unknown>; application: { package: { version: string } } }>;
      };
      const a0 = body.agents[0]!;
      assert.deepEqual(a0.cloud, expectedCloud(fx, id, a0.cloud), label);
      assertTimes(a0.cloud, c.startedAt);
      assert.equal(a0.mg, id.guid, `${label}: mg`);
      assert.equal(a0.application.package.version, FAKE_VERSIONS[c.gen]);
      const recordedNd = JSON.parse(fx.nd) as string | null;
      assert.equal(a0.nd, recordedNd === null ? null : id.nodeId, `${label}: nd`);
      if (recordedNd !== null) assert.match(String(a0.nd), UUID);

      // netdatacli aclk-state json = /api/v1/aclk = the recording with this identity
      const cliJson = (await c.agent!.cli('aclk-state', 'json')).stdout.trimEnd();
      const apiAclk = (await c.agent!.api('/api/v1/aclk')).body;
      assert.equal(normalise(cliJson), normalise(fx.aclkJson), `${label}: aclk-state json text`);
      assert.equal(normalise(apiAclk), normalise(fx.aclkJson), `${label}: /api/v1/aclk text`);
      const aclk = JSON.parse(cliJson) as Record<string, unknown> & { 'node-instances': Array<Record<string, unknown>> };
      const recAclk = JSON.parse(fx.aclkJson) as Record<string, unknown>;
      assert.equal(aclk['claimed-id'], recAclk['claimed-id'] === null ? null : id.claimId, `${label}: claimed-id`);
      assert.equal(
        aclk['cloud-url'],
        recAclk['cloud-url'] === DEFAULT_URL ? DEFAULT_URL : c.state === 'indirect' ? a0.cloud.url : id.url,
        `${label}: cloud-url`,
      );
      assert.equal(aclk['node-instances'][0]!.mguid, id.guid, `${label}: node instance mguid`);
      assert.equal(aclk['node-instances'][0]!.hostname, hostname, `${label}: node instance hostname`);
      for (const k of ['online', 'agent-claimed', 'banned-by-cloud', 'aclk-available', 'reconnect-count'] as const)
        assert.equal(aclk[k], recAclk[k], `${label}: ${k}`);

      // netdatacli aclk-state (text): the recorded v1 texts, else generated in the same layout
      const text = (await c.agent!.cli('aclk-state')).stdout.trimEnd();
      if (fx.aclkText) assert.equal(normalise(text), normalise(fx.aclkText), `${label}: aclk-state text`);
      assert.match(text, new RegExp(`^Online: ${aclk.online ? 'Yes' : 'No'}$`, 'm'), label);
      assert.match(text, new RegExp(`^Claimed: ${aclk['agent-claimed'] ? 'Yes' : 'No'}$`, 'm'), label);
      assert.match(text, new RegExp(`^Banned By Cloud: ${aclk['banned-by-cloud'] ? 'Yes' : 'No'}$`, 'm'), label);

      // /api/v1/info: the recorded cloud keys (v1), the hard-coded v2 ones otherwise
      const v1info = JSON.parse((await c.agent!.api('/api/v1/info')).body) as Record<string, unknown>;
      assert.equal(v1info.version, FAKE_VERSIONS[c.gen]);
      assert.equal(v1info.uid, id.guid);
      const keys = fx.infoV1CloudKeys
        ? (JSON.parse(fx.infoV1CloudKeys) as Record<string, unknown>)
        : { 'cloud-enabled': true, 'cloud-available': true, 'agent-claimed': recAclk['agent-claimed'], 'aclk-available': recAclk.online };
      for (const [k, v] of Object.entries(keys)) assert.equal(v1info[k], v, `${label}: /api/v1/info ${k}`);
    }
  });

  test("indirect: the child reports its parent's claim id and Cloud URL", async () => {
    const p = await parent.identity();
    for (const c of cases.filter((x) => x.state === 'indirect')) {
      const info = JSON.parse((await c.agent!.api(c.gen === 'v2' ? '/api/v3/info' : '/api/v2/info')).body) as {
        agents: Array<{ cloud: Record<string, unknown> }>;
      };
      if (c.gen === 'v2') {
        assert.equal(info.agents[0]!.cloud.status, 'indirect');
        assert.equal(info.agents[0]!.cloud.claim_id, p.claimId);
        assert.equal(info.agents[0]!.cloud.url, p.url);
        assert.equal(info.agents[0]!.cloud.reason, 'offline');
        const stream = await execIn(c.agent!.id, ['cat', '/etc/netdata/stream.conf']);
        assert.match(stream.stdout, new RegExp(`destination = ${parent.name}:19999`));
        await waitForLog(c.agent!.id, new RegExp(`\\[PCLAIMID\\] set parent's claim id to ${p.claimId} \\(was empty\\)`), 5_000);
      } else {
        assert.equal(info.agents[0]!.cloud.status, 'available'); // v1.47 has no indirect status
        assert.equal(info.agents[0]!.cloud.reason, 'none');
      }
    }
  });

  test('files under /var/lib/netdata: a GUID made at first start, cloud.d per state, status-netdata.json (v2)', async () => {
    for (const c of cases.filter((x) => x.id)) {
      const label = `${c.gen} ${c.state}`;
      const cat = async (f: string) => execIn(c.agent!.id, ['cat', f]);
      const guid = await cat('/var/lib/netdata/registry/netdata.public.unique.id');
      assert.equal(guid.stdout, c.id!.guid, label);
      const claimed = await cat('/var/lib/netdata/cloud.d/claimed_id');
      const fx = loadFakeFixture(c.gen, c.state);
      const recordedClaim = (JSON.parse(fx.aclkJson) as Record<string, unknown>)['claimed-id'];
      if (recordedClaim) {
        assert.equal(claimed.stdout, c.id!.claimId, `${label}: cloud.d/claimed_id`);
        if (c.gen === 'v1') {
          assert.equal(c.id!.claimId, c.id!.guid, `${label}: v1 claimed_id = machine GUID`);
          const conf = await cat('/var/lib/netdata/cloud.d/cloud.conf');
          assert.equal(
            conf.stdout,
            `[global]\n  enabled = yes\n  cloud base url = ${c.id!.url}\n\n`,
            `${label}: v1 cloud.conf as recorded`,
          );
        } else {
          assert.notEqual(c.id!.claimId, c.id!.guid, `${label}: v2 claim id is random`);
          assert.match((await cat('/var/lib/netdata/cloud.d/cloud.conf')).stdout, new RegExp(`claimed_id = ${c.id!.claimId}`));
        }
      } else {
        assert.notEqual(claimed.exitCode, 0, `${label}: no claimed_id`);
      }
      if (c.gen === 'v2') {
        const status = JSON.parse((await cat('/var/lib/netdata/status-netdata.json')).stdout) as { agent: Record<string, unknown> };
        assert.equal(status.agent.id, c.id!.guid);
        assert.equal(status.agent.version, FAKE_VERSIONS.v2);
        assert.equal(status.agent.aclk, (JSON.parse(fx.cloud) as { status: string }).status, label);
        assert.equal(status.agent.status, 'running');
      } else {
        assert.notEqual((await cat('/var/lib/netdata/status-netdata.json')).exitCode, 0, 'v1 has no status file');
      }
    }
  });

  test('logs: logfmt lines, the recorded CLAIM/ACLK lines in order, and the v2.3+ status line', async () => {
    let compared = 0;
    for (const c of cases.filter((x) => x.id)) {
      const label = `${c.gen} ${c.state}`;
      const fx = loadFakeFixture(c.gen, c.state);
      const { stdout, stderr } = await c.agent!.logs();
      const zone = c.gen === 'v2' ? 'Z' : '\\+00:00';
      for (const line of stderr.split('\n').filter((l) => l.startsWith('time='))) {
        assert.match(
          line,
          new RegExp(
            `^time=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}${zone} comm=netdata source=daemon level=\\w+ tid=\\d+ (thread=\\S+ |\\s)msg=".*"$`,
          ),
          label,
        );
      }
      const msgs = messages(stderr).map(normMsg);
      const expectedStatus = STATUS_LINE[c.state];
      if (fx.recorded) {
        assertSubsequence(msgs, recordedUntilState(c.gen, fx, expectedStatus), label);
        compared++;
      }
      if (c.gen === 'v2' && expectedStatus)
        assert.ok(msgs.includes(`Netdata Cloud, ACLK connection status: ${expectedStatus}`), `${label}: status line`);
      if (c.gen === 'v1')
        assert.ok(!msgs.some((m) => m.startsWith('Netdata Cloud, ACLK connection status')), `${label}: v1 logs no status line`);
      if (c.state === 'online') assert.match(stdout, /msg="ACLK CONNECTED"/);
      if (c.gen === 'v2' && c.state.startsWith('claim-failed')) {
        const reason = (JSON.parse(fx.cloud) as { reason: string }).reason.replace(/\n/g, '\\n');
        assert.ok(msgs.includes(`CLAIM: ${reason}`), `${label}: CLAIM: <reason>`);
        assert.ok(msgs.includes('CLAIM: Unable to find our claimed_id, setting state to AGENT_UNCLAIMED'));
        if (c.state === 'claim-failed@network') assert.equal(msgs.filter((m) => m === `CLAIM: ${reason}`).length, 5, 'five claim attempts');
      }
    }
    assert.equal(compared, 9, 'every recorded log was compared');
  });

  test("v1 claim failures: the container exits with the claim script's code and its recorded output", async () => {
    const expected = {
      'claim-failed@token': [12, 'claim-403'],
      'claim-failed@network': [7, 'claim-unreachable'],
      'claim-failed@already-claimed': [13, 'claim-409'],
    } as const;
    const failures = cases.filter((x) => x.gen === 'v1' && x.state.startsWith('claim-failed'));
    assert.equal(failures.length, 3);
    for (const c of failures) {
      const [code, dir] = expected[c.state as keyof typeof expected];
      const info = await inspect(c.agent!.id);
      assert.equal(info.State.Status, 'exited');
      assert.equal(info.State.ExitCode, code, c.state);
      await waitForLog(c.agent!.id, /Failed to claim node/, 10_000);
      const norm = (t: string) =>
        t
          .split('\n')
          .filter(Boolean)
          .map((l) =>
            l
              .replace(/https:\/\/cloud\.test:\d+/g, '<url>')
              .replace(/^Id: .*/, 'Id: <id>')
              .replace(/^Rooms: .*/, 'Rooms: <room id>')
              .replace(/^Hostname: .*/, 'Hostname: <host>'),
          );
      const recorded = norm(readFileSync(path.join(FAKE_ANSWERS_DIR, 'recorded/v1.47.5', dir, 'run-log.txt'), 'utf8'));
      const firstRun = recorded.slice(0, recorded.findIndex((l) => l.startsWith('Failed to claim node')) + 1);
      // The claim script writes "Connection attempt …" to stdout, everything else to stderr; the engine may
      // interleave the two streams differently from the recording, so each is compared in its own order.
      const onStdout = (l: string) => l.startsWith('Connection attempt ');
      const { stdout, stderr } = await c.agent!.logs();
      assert.deepEqual(norm(stdout), firstRun.filter(onStdout), `${c.state}: stdout`);
      assert.deepEqual(
        norm(stderr),
        firstRun.filter((l) => !onStdout(l)),
        `${c.state}: stderr`,
      );
      assert.ok(norm(await combinedLogs(c.agent!.id)).length === firstRun.length);
      // cloud.d as recorded (read through the archive API: the container is stopped)
      const recordedListing = readFileSync(path.join(FAKE_ANSWERS_DIR, 'recorded/v1.47.5', dir, 'cloud.d-listing.txt'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => {
          const f = l.split(/\s+/);
          return `${f[0]} ${f[1]} ${f[5]!.replace(/\/$/, '')}`;
        })
        .sort();
      assert.deepEqual(await listing(c.agent!.id, '/var/lib/netdata/cloud.d'), recordedListing, `${c.state}: cloud.d`);
      const ls = await execIn(c.agent!.id, ['true']).catch(() => undefined);
      assert.ok(ls?.exitCode !== 0, 'the agent is not running');
    }
  });

  test('image layout: labels, HEALTHCHECK, claim script (v1 only), netdata -v, buildinfo, netdatacli', async () => {
    for (const gen of ['v2', 'v1'] as const) {
      const c = cases.find((x) => x.gen === gen && x.state === 'online')!;
      const info = await inspect(c.agent!.id);
      const labels = info.Config.Labels;
      assert.equal(labels['org.opencontainers.image.title'], 'Netdata Agent');
      assert.equal(
        labels['org.opencontainers.image.version'],
        gen === 'v2' ? FAKE_VERSIONS.v2 : undefined,
        'v1.47 images have no version label',
      );
      assert.deepEqual(info.Config.Entrypoint, ['/usr/sbin/run.sh']);
      assert.deepEqual(info.Config.Healthcheck?.Test, ['CMD-SHELL', '/usr/sbin/health.sh']);
      assert.equal(info.Config.Healthcheck?.Interval, 60e9);
      // The daemon's row by its command line, not the first row: `docker top` lists by host PID, and once the
      // host's PIDs wrap (pid_max 32768 here) a root health probe or exec can come first.
      const top = await docker.getContainer(c.agent!.id).top();
      const daemon = top.Processes.find((p: string[]) => /\/usr\/sbin\/netdata .*-D/.test(p[top.Titles.indexOf('CMD')] ?? ''));
      assert.ok(daemon, `the daemon is running: ${JSON.stringify(top.Processes)}`);
      assert.equal(daemon[top.Titles.indexOf('UID')], '201', 'the daemon runs as netdata (201)');
      const health = await execIn(c.agent!.id, ['/usr/sbin/health.sh']);
      assert.equal(health.exitCode, 0);
      assert.match(health.stdout, new RegExp(`^\\{\\n\\t"version": "${FAKE_VERSIONS[gen]}"`));
      const script = await execIn(c.agent!.id, ['stat', '-c', '%F %a', '/usr/sbin/netdata-claim.sh']);
      if (gen === 'v2') assert.notEqual(script.exitCode, 0, 'v2 images ship no netdata-claim.sh');
      else assert.equal(script.stdout.trim(), 'regular file 755');
      assert.equal((await execIn(c.agent!.id, ['netdata', '-v'])).stdout, `netdata ${FAKE_VERSIONS[gen]}\n`);
      const bi = (await execIn(c.agent!.id, ['netdata', '-W', 'buildinfo'])).stdout;
      assert.match(bi, /^ {4}Netdata Cloud _+ : YES$/m);
      assert.match(bi, /^ {4}ACLK \(Agent-Cloud Link: MQTT over WebSockets over TLS\) _+ : YES$/m);
      assert.match(bi, new RegExp(`^ {4}Netdata Version _+ : ${FAKE_VERSIONS[gen]}$`, 'm'));
      assert.match(bi, /^ {4}Installation Type _+ : oci$/m);
      assert.deepEqual(await c.agent!.cli('version'), { exitCode: 0, stdout: `netdata ${FAKE_VERSIONS[gen]}\n`, stderr: '' });
      assert.deepEqual(await c.agent!.cli('ping'), { exitCode: 0, stdout: 'pong\n', stderr: '' });
      const illegal = await c.agent!.cli('no-such-command');
      assert.equal(illegal.exitCode, 1);
      const v3 = await c.agent!.api('/api/v3/info');
      if (gen === 'v1') assert.deepEqual(v3, { status: 404, body: 'Unsupported API version: v3' });
    }
  });
});

describe('fake agent: run-time changes and hostile answers', () => {
  after(removeFakeResources);

  test('FAKE_AGENT_SCRIPT switches the Cloud state, logs the status line, and causes no container event', async () => {
    // Listen live from before the start: the engine keeps only its last 256 events for a later `since`
    // query, which a busy engine (a benchmark, other tests) overruns in seconds.
    const events = await docker.getEvents({ filters: { type: ['container'] } });
    let text = '';
    events.on('data', (d: Buffer) => (text += d.toString()));
    const a = await startFakeAgent({ generation: 'v2', script: 'online:3s,offline-was-connected@connection-refused' });
    const before1 = JSON.parse((await a.api('/api/v3/info')).body) as { agents: Array<{ nd: string; cloud: Record<string, unknown> }> };
    assert.equal(before1.agents[0]!.cloud.status, 'online');
    await waitForLog(a.id, /msg="Netdata Cloud, ACLK connection status: connection refused"/, 15_000);
    const after1 = JSON.parse((await a.api('/api/v3/info')).body) as { agents: Array<{ nd: string; cloud: Record<string, unknown> }> };
    assert.equal(after1.agents[0]!.cloud.status, 'offline');
    assert.equal(after1.agents[0]!.cloud.reason, 'connection refused');
    assert.equal(after1.agents[0]!.cloud.id, 1);
    assert.equal(after1.agents[0]!.nd, before1.agents[0]!.nd, 'the node id stays after the disconnect');
    const msgs = messages((await a.logs()).stderr);
    const i = msgs.indexOf('Netdata Cloud, ACLK connection status: connected');
    const j = msgs.indexOf('Netdata Cloud, ACLK connection status: disconnected, socket error');
    const k = msgs.indexOf('Netdata Cloud, ACLK connection status: connection refused');
    assert.ok(i >= 0 && i < j && j < k, 'connected → disconnected, socket error → connection refused');
    assert.match((await a.logs()).stdout, /msg="ACLK DISCONNECTED"/);

    (events as unknown as { destroy(): void }).destroy();
    const actions = text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { Action: string; id?: string; Actor?: { ID?: string } })
      .filter((e) => (e.Actor?.ID ?? e.id) === a.id)
      .map((e) => e.Action)
      .filter((x) => !x.startsWith('exec_'));
    assert.deepEqual([...new Set(actions)].sort(), ['create', 'start'], `container events: ${actions.join(', ')}`);
  });

  test('setState switches at once (v1 too), and the status file follows (v2)', async () => {
    const v2 = await startFakeAgent({ generation: 'v2', state: 'offline-never-connected' });
    await v2.setState('online');
    const c = JSON.parse((await v2.api('/api/v3/info')).body) as { agents: Array<{ nd: string | null; cloud: Record<string, unknown> }> };
    assert.equal(c.agents[0]!.cloud.status, 'online');
    assert.match(String(c.agents[0]!.nd), UUID, 'connected: the Cloud gave a node id');
    const status = JSON.parse((await execIn(v2.id, ['cat', '/var/lib/netdata/status-netdata.json'])).stdout) as {
      agent: Record<string, unknown>;
    };
    assert.equal(status.agent.aclk, 'online');
    const v1 = await startFakeAgent({ generation: 'v1', state: 'online' });
    await v1.setState('banned');
    const b = JSON.parse((await v1.api('/api/v2/info')).body) as { agents: Array<{ cloud: Record<string, unknown> }> };
    assert.equal(b.agents[0]!.cloud.status, 'banned');
    assert.equal(b.agents[0]!.cloud.reason, 'banned');
    await waitForLog(v1.id, /Cloud returned EC=\\"ErrNodeBanned\\"/, 5_000);
  });

  test('a parent lists its streaming children', async () => {
    const childGuid = '3d0c1f52-7a8e-4b6f-9c21-5e4d3a2b1c0f';
    const childNode = '8e7d6c5b-4a39-4281-b0cf-1e2d3c4b5a69';
    const p = await startFakeAgent({
      generation: 'v1',
      state: 'online',
      children: [{ hostname: 'child-1', guid: childGuid, nodeId: childNode }],
    });
    const aclk = JSON.parse((await p.cli('aclk-state', 'json')).stdout) as { 'node-instances': Array<Record<string, unknown>> };
    assert.equal(aclk['node-instances'].length, 2);
    assert.deepEqual(
      { ...aclk['node-instances'][1], 'alert-sync-status': undefined },
      {
        hostname: 'child-1',
        mguid: childGuid,
        claimed_id: null,
        'node-id': childNode,
        'streaming-hops': 1,
        relationship: 'child',
        'streaming-online': true,
        'alert-sync-status': undefined,
      },
    );
    await p.setChildren([{ hostname: 'child-1', guid: childGuid, nodeId: childNode, online: false }]);
    const nodes = JSON.parse((await p.api('/api/v2/nodes')).body) as { nodes: Array<Record<string, unknown>> };
    assert.equal(nodes.nodes[1]!.state, 'stale');
  });

  test('hostile answers: slow, huge, invalid JSON, wrong types, never-ending, redirect, reset, 500', async () => {
    const a = await startFakeAgent({ generation: 'v2', state: 'online', env: { FAKE_AGENT_SLOW_MS: '5000' } });
    const curl = (...args: string[]) => execIn(a.id, ['curl', '-s', ...args]);
    const url = `${a.apiBase}/api/v3/info`;

    await a.setHostile('slow');
    assert.equal((await curl('--max-time', '2', '-o', '/dev/null', url)).exitCode, 28, 'slow: times out');
    assert.equal((await curl('--max-time', '2', '-o', '/dev/null', `${a.apiBase}/`)).exitCode, 0, 'slow: / still answers');

    await a.setHostile('huge');
    const huge = await curl('--max-time', '30', '-o', '/dev/null', '-w', '%{http_code} %{size_download}', url);
    const [code, size] = huge.stdout.split(' ').map(Number);
    assert.equal(code, 200);
    assert.ok(size! >= 50 * 1024 * 1024, `huge: ${size} bytes`);

    await a.setHostile('invalid-json');
    const invalid = await a.api('/api/v3/info');
    assert.equal(invalid.status, 200);
    assert.throws(() => JSON.parse(invalid.body));

    await a.setHostile('wrong-types');
    const wrong = JSON.parse((await a.api('/api/v3/info')).body) as { agents: unknown };
    assert.ok(!Array.isArray(wrong.agents), 'agents is not an array');
    const wrongAclk = JSON.parse((await a.api('/api/v1/aclk')).body) as Record<string, unknown>;
    assert.equal(typeof wrongAclk.online, 'string');

    await a.setHostile('never-ending');
    const endless = await curl('--max-time', '2', '-o', '/dev/null', '-w', '%{size_download}', url);
    assert.equal(endless.exitCode, 28);
    assert.ok(Number(endless.stdout) > 0, 'bytes keep coming');

    await a.setHostile('redirect');
    const redirect = await curl('-o', '/dev/null', '-w', '%{http_code} %{redirect_url}', url);
    assert.equal(redirect.stdout, '302 http://redirected.test:19999/api/v3/info');

    await a.setHostile('reset');
    assert.notEqual((await curl('--max-time', '5', url)).exitCode, 0, 'reset: no answer');

    await a.setHostile('error-500');
    assert.equal((await a.api('/api/v3/info')).status, 500);

    await a.setHostile('none');
    assert.equal((await a.api('/api/v3/info')).status, 200);
  });

  test('FAKE_AGENT_HOSTILE at start; the API answers 503 during FAKE_AGENT_INIT_DELAY', async () => {
    const a = await startFakeAgent({ generation: 'v2', state: 'online', hostile: 'invalid-json' });
    const r = await a.api('/api/v3/info');
    assert.throws(() => JSON.parse(r.body));
    const slow = await startFakeAgent({ generation: 'v2', state: 'online', initDelay: '20s' });
    assert.equal((await slow.api('/api/v1/info')).status, 503);
    assert.equal((await slow.cli('ping')).exitCode, 1, 'v2.10+: ping exits 1 while initialising');
  });
});

// ---------------------------------------------------------------------------------------------------------------

function get(url: string, ca: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca: readFileSync(ca), headers, timeout: 5_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

const WS_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
const WS_HEADERS = {
  Connection: 'Upgrade',
  Upgrade: 'websocket',
  'Sec-WebSocket-Version': '13',
  'Sec-WebSocket-Key': WS_KEY,
  'Sec-WebSocket-Protocol': 'mqtt',
};
const wsAccept = (key: string): string => createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');

describe('fake Netdata Cloud', () => {
  const clouds: FakeCloud[] = [];
  after(async () => {
    await Promise.all(clouds.map((c) => c.stop()));
    await removeFakeResources();
  });
  const start = async (...args: Parameters<typeof startFakeCloud>) => {
    const c = await startFakeCloud(...args);
    clouds.push(c);
    return c;
  };

  test('normal (host): 404 on /, 101 with the RFC 6455 accept key and the mqtt protocol on /mqtt', async () => {
    const c = await start({ mode: 'normal', where: 'host' });
    assert.match(c.url, /^https:\/\/localhost:\d+$/);
    assert.equal((await get(`${c.url}/`, c.caFile)).status, 404);
    const ws = await get(`${c.url}/mqtt`, c.caFile, WS_HEADERS);
    assert.equal(ws.status, 101);
    assert.equal(ws.headers['sec-websocket-accept'], wsAccept(WS_KEY));
    assert.equal(ws.headers['sec-websocket-accept'], 's3pPLMBiTxaQ9kYGzzhZRbK+xOo='); // RFC 6455 §1.3's example
    assert.equal(ws.headers['sec-websocket-protocol'], 'mqtt');
    assert.equal((await get(`${c.url}/mqtt`, c.caFile)).status, 400, 'no upgrade asked: 400');
    // The server records a request once its answer is sent: the client can hold the answer first.
    let seen = await c.requests();
    for (const deadline = Date.now() + 3_000; seen.length < 3 && Date.now() < deadline; seen = await c.requests())
      await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(
      seen.map((r) => [r.method, r.path, r.status]),
      [
        ['GET', '/', 404],
        ['GET', '/mqtt', 101],
        ['GET', '/mqtt', 400],
      ],
    );
  });

  test('strip-upgrade: /mqtt answers 400 (or 200), never 101; / still 404', async () => {
    const c = await start({ mode: 'strip-upgrade', where: 'host' });
    assert.equal((await get(`${c.url}/`, c.caFile)).status, 404);
    assert.equal((await get(`${c.url}/mqtt`, c.caFile, WS_HEADERS)).status, 400);
    const c200 = await start({ mode: 'strip-upgrade-200', where: 'host' });
    assert.equal((await get(`${c200.url}/mqtt`, c200.caFile, WS_HEADERS)).status, 200);
  });

  test('bad-cert and wrong-name fail TLS verification; refuse is refused', async () => {
    const bad = await start({ mode: 'bad-cert', where: 'host' });
    await assert.rejects(get(`${bad.url}/`, bad.caFile), (e: NodeJS.ErrnoException) =>
      /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|unable to verify/i.test(`${e.code} ${e.message}`),
    );
    const wrong = await start({ mode: 'wrong-name', where: 'host' });
    await assert.rejects(get(`${wrong.url}/`, wrong.caFile), (e: NodeJS.ErrnoException) => e.code === 'ERR_TLS_CERT_ALTNAME_INVALID');
    const refuse = await start({ mode: 'refuse', where: 'host' });
    await assert.rejects(get(`${refuse.url}/`, refuse.caFile), (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED');
  });

  test("in a container under a .test name: reachable from an agent's namespace on the internal network", async () => {
    const c = await start({ mode: 'normal', where: 'container' });
    assert.match(c.url, /^https:\/\/cloud-[0-9a-f]+\.test$/);
    const agent = await startFakeAgent({ generation: 'v2', state: 'online', network: 'internal', cloudUrl: c.url, trustCaFile: c.caFile });
    const root = await execIn(agent.id, ['curl', '-sS', '-o', '/dev/null', '-w', '%{http_code}', `${c.url}/`]);
    assert.equal(root.stdout, '404');
    const ws = await execIn(agent.id, [
      'curl',
      '-sS',
      '-i',
      '--max-time',
      '2',
      ...Object.entries(WS_HEADERS).flatMap(([k, v]) => ['-H', `${k}: ${v}`]),
      `${c.url}/mqtt`,
    ]);
    assert.match(ws.stdout, /^HTTP\/1\.1 101 Switching Protocols\r\n/);
    assert.match(ws.stdout, new RegExp(`Sec-WebSocket-Accept: ${wsAccept(WS_KEY).replace(/[+/]/g, '\\$&')}\\r\\n`));
    const strip = await start({ mode: 'strip-upgrade', where: 'container' });
    const stripped = await execIn(agent.id, [
      'curl',
      '-sS',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '--max-time',
      '5',
      ...Object.entries(WS_HEADERS).flatMap(([k, v]) => ['-H', `${k}: ${v}`]),
      `${strip.url}/mqtt`,
    ]);
    assert.equal(stripped.stdout, '400');
    const bad = await start({ mode: 'bad-cert', where: 'container' });
    assert.equal(
      (await execIn(agent.id, ['curl', '-sS', '-o', '/dev/null', `${bad.url}/`])).exitCode,
      60,
      'curl: certificate verification failed',
    );
    const refused = await start({ mode: 'refuse', where: 'container' });
    assert.equal(
      (await execIn(agent.id, ['curl', '-sS', '-o', '/dev/null', '--max-time', '5', `${refused.url}/`])).exitCode,
      7,
      'curl: connection refused',
    );
    const nowhere = await start({ mode: 'unresolvable', where: 'container' });
    const isolated = await startFakeAgent({ generation: 'v2', state: 'online' }); // --network none: no packet leaves
    assert.notEqual((await execIn(isolated.id, ['getent', 'hosts', nowhere.hostname])).exitCode, 0, 'the .test name does not resolve');
  });
});
