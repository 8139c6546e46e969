// The fixtures themselves: recorded strings still match the reference recordings, and the builders do
// what the other tests assume.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as fx from './fixtures.ts';

const REFERENCE = new URL('../../../shared/reference/', import.meta.url);
const read = (name: string): string | undefined => {
  const url = new URL(name, REFERENCE);
  return existsSync(url) ? readFileSync(url, 'utf8') : undefined;
};
const v1 = read('observed-v1.47.5.md');
const v2 = read('observed-v2.10.4.md');
const facts = read('netdata-facts.md');
const prefixed = (text: string) =>
  text
    .split('\n')
    .map((l) => `   | ${l}`)
    .join('\n');

describe('recorded fixtures are verbatim copies of the reference recordings', () => {
  const runsh: [string, string][] = [
    ['V1_CLAIM_SUCCESS_RUNSH', fx.V1_CLAIM_SUCCESS_RUNSH],
    ['V1_CLAIM_403_RUNSH', fx.V1_CLAIM_403_RUNSH],
    ['V1_CLAIM_409_RUNSH', fx.V1_CLAIM_409_RUNSH],
    ['V1_CLAIM_UNREACHABLE_RUNSH', fx.V1_CLAIM_UNREACHABLE_RUNSH],
  ];
  for (const [name, text] of runsh) {
    it(`${name} appears in observed-v1.47.5.md`, { skip: v1 === undefined && 'reference not present' }, () => {
      assert.ok(v1!.includes(prefixed(text)), `${name} differs from the recording`);
    });
  }
  for (const [name, text] of [
    ['V1_LIVE_AGENT_LOG', fx.V1_LIVE_AGENT_LOG],
    ['V1_UNSEEN_AGENT_LOG', fx.V1_UNSEEN_AGENT_LOG],
    ['V1_CLOUD_CONF', fx.V1_CLOUD_CONF],
  ] as const) {
    it(`${name} appears in observed-v1.47.5.md`, { skip: v1 === undefined && 'reference not present' }, () => {
      assert.ok(v1!.includes(text), `${name} differs from the recording`);
    });
  }
  const v2Blocks = [
    ['V2_LOGFMT_LINES', fx.V2_LOGFMT_LINES],
    ['V2_CONNECTED_LOG', fx.V2_CONNECTED_LOG],
    ['V2_NEVER_CONNECTED_LOG', fx.V2_NEVER_CONNECTED_LOG],
    ['V2_CLOUD_REFUSED_LOG', fx.V2_CLOUD_REFUSED_LOG],
    ['V2_CLAIM_REJECTED_LOG', fx.V2_CLAIM_REJECTED_LOG],
  ] as const;
  for (const [name, text] of v2Blocks) {
    it(`${name} appears in observed-v2.10.4.md`, { skip: v2 === undefined && 'reference not present' }, () => {
      assert.ok(v2!.includes(text), `${name} differs from the recording`);
    });
  }
  it('SECCOMP_WARNING_LINES appear in netdata-facts.md', { skip: facts === undefined && 'reference not present' }, () => {
    for (const line of fx.SECCOMP_WARNING_LINES.split('\n')) assert.ok(facts!.includes(`  ${line}\n`), line);
  });
  it('the recorded claim outputs hold what their scenario says', () => {
    assert.equal(fx.V1_CLAIM_403_RUNSH.match(/Failed to claim node/g)?.length, 3);
    assert.equal(fx.V1_CLAIM_409_RUNSH.match(/"already claimed"/g)?.length, 3);
    assert.equal(fx.V1_CLAIM_UNREACHABLE_RUNSH.match(/return code 7/g)?.length, 9);
    assert.ok(fx.V1_CLAIM_SUCCESS_RUNSH.endsWith('it requires a restart to connect to the cloud.'));
  });
});

describe('builders', () => {
  it('defaults: a running, unclaimed v1 agent on a named volume', () => {
    const n = fx.nodeFacts();
    assert.equal(n.container.name, 'netdata');
    assert.equal(n.container.status, 'running');
    assert.equal(n.container.image, 'netdata/netdata:v1.47.5');
    assert.deepEqual(
      n.container.mounts.map((m) => [m.name, m.destination, m.rw]),
      [['netdatalib', '/var/lib/netdata', true]],
    );
    assert.deepEqual(n.files.machineGuid, { ok: true, value: fx.GUID });
    assert.equal(n.files.claimedId.ok, false);
    assert.equal(n.files.claimedId.ok === false && n.files.claimedId.absent, true);
    assert.equal(n.container.env.NETDATA_CLAIM_TOKEN, undefined);
  });
  it('deep overrides merge objects, replace arrays and Reads, and remove keys given as undefined', () => {
    const n = fx.nodeFacts({
      container: { env: fx.claimEnv(), restartPolicy: { maximumRetryCount: 2 }, mounts: [], startedAt: undefined },
      files: { claimedId: { ok: true, value: fx.GUID } },
    });
    assert.equal(n.container.env.NETDATA_CLAIM_TOKEN, fx.TOKEN);
    assert.deepEqual(n.container.restartPolicy, { name: 'unless-stopped', maximumRetryCount: 2 });
    assert.deepEqual(n.container.mounts, []);
    assert.equal('startedAt' in n.container, false);
    assert.deepEqual(n.files.claimedId, { ok: true, value: fx.GUID });
    // the defaults are not shared between builds
    assert.deepEqual(fx.nodeFacts().container.env, {});
  });
  it('compose labels fill composeService and composeProject', () => {
    const c = fx.containerFacts({ labels: fx.composeLabels('agent', 'mon') });
    assert.equal(c.composeService, 'agent');
    assert.equal(c.composeProject, 'mon');
  });
  it('recordedRuns splits runs, tags the last one current, and puts stdout before stderr per run', () => {
    const lines = fx.recordedRuns(fx.V1_CLAIM_403_RUNSH);
    assert.equal(lines.filter((l) => l.run === 'current' && l.text.startsWith('Token:')).length, 1);
    assert.equal(lines.filter((l) => l.run === 'previous' && l.text.startsWith('Token:')).length, 2);
    const current = lines.filter((l) => l.run === 'current');
    assert.equal(current[0]!.stream, 'stdout');
    assert.equal(current[0]!.text, 'Connection attempt 1 successful');
    assert.equal(
      current.at(-1)!.text,
      'Failed to claim node with the following error message:"token expired/token not found/invalid token"',
    );
    assert.equal(lines.length, fx.V1_CLAIM_403_RUNSH.split('\n').length);
  });
  it('logfmt escapes like the agent', () => {
    assert.equal(
      fx.logfmt('a "b"\nc', { level: 'info' }),
      'time=2026-11-23T19:00:11.377Z comm=netdata source=daemon level=info tid=1 msg="a \\"b\\"\\nc"',
    );
  });
  it('nodeContext puts the node itself into the fleet', () => {
    const other = fx.nodeFacts({ container: { id: 'b'.repeat(64), name: 'other' } });
    const ctx = fx.nodeContext(fx.nodeFacts(), { others: [other] });
    assert.deepEqual(
      ctx.fleet.map((p) => p.node.container.name),
      ['netdata', 'other'],
    );
    assert.equal(ctx.now, fx.NOW);
    assert.equal(ctx.startPeriodMs, 60_000);
  });
  it('assertNoSecret catches the token anywhere, also a truncated one', () => {
    assert.throws(() => fx.assertNoSecret({ a: [{ b: `x${fx.TOKEN}y` }] }));
    assert.throws(() => fx.assertNoSecret({ a: fx.TOKEN.slice(0, 30) }));
    assert.doesNotThrow(() => fx.assertNoSecret({ a: 'nothing here' }));
  });
});
