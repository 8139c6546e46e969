// The agent's own view, on fake agents that answer as real v1.47.5 and v2.10.4 agents were recorded
// answering in each Cloud state (test/testbed/fake-agent), inside real containers: every node state,
// aclk.connection, aclk.ban and claim.state with the agent's own reason, and the source precedence.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { assertTestImages, waitForLog } from '../testbed/scenarios.ts';
import {
  assertFakeImages,
  removeFakeResources,
  startFakeAgent,
  type FakeAgent,
  type FakeAgentState,
  type FakeGeneration,
} from '../testbed/fakes.ts';
import { diagnoseTargets, statusOf, type Diagnosed } from './harness.ts';

interface Case {
  gen: FakeGeneration;
  state: FakeAgentState;
  expect: string;
  /** Expected status of a check, by id. */
  checks: Record<string, 'pass' | 'warn' | 'fail' | 'skip'>;
  agent?: FakeAgent;
}

const CASES: Case[] = [
  {
    gen: 'v2',
    state: 'online',
    expect: 'live',
    checks: { 'aclk.connection': 'pass', 'aclk.ban': 'pass', 'claim.state': 'pass', 'network.cloud': 'skip' },
  },
  { gen: 'v2', state: 'offline-never-connected', expect: 'unseen', checks: { 'aclk.connection': 'fail', 'claim.state': 'pass' } },
  { gen: 'v2', state: 'offline-was-connected@socket-error', expect: 'offline', checks: { 'aclk.connection': 'fail' } },
  { gen: 'v2', state: 'offline-was-connected@connection-refused', expect: 'offline', checks: { 'aclk.connection': 'fail' } },
  { gen: 'v2', state: 'banned', expect: 'banned', checks: { 'aclk.ban': 'fail', 'aclk.connection': 'skip' } },
  { gen: 'v2', state: 'blocked-temporarily', expect: 'unseen', checks: { 'aclk.ban': 'warn' } },
  { gen: 'v2', state: 'claim-failed@token', expect: 'claim-failed', checks: { 'claim.state': 'fail', 'aclk.connection': 'skip' } },
  { gen: 'v2', state: 'claim-failed@already-claimed', expect: 'claim-failed', checks: { 'claim.state': 'fail' } },
  { gen: 'v2', state: 'not-claimed', expect: 'not-claimed', checks: { 'claim.config': 'fail' } },
  { gen: 'v1', state: 'online', expect: 'live', checks: { 'aclk.connection': 'pass' } },
  { gen: 'v1', state: 'offline-never-connected', expect: 'unseen', checks: { 'aclk.connection': 'fail' } },
  { gen: 'v1', state: 'banned', expect: 'banned', checks: { 'aclk.ban': 'fail' } },
  { gen: 'v1', state: 'cloud-disabled', expect: 'cloud-disabled', checks: { 'aclk.connection': 'skip' } },
  { gen: 'v1', state: 'claim-failed@token', expect: 'claim-failed', checks: { 'claim.state': 'fail', 'agent.running': 'fail' } },
];

describe("the agent's own view (fake agents in real containers)", () => {
  let d: Diagnosed;
  let parent: FakeAgent;
  let child: FakeAgent;
  let v1Parent: FakeAgent;
  let v1Child: FakeAgent;

  before(async () => {
    await assertTestImages();
    await assertFakeImages();
    // In batches: a fake is a small Node process, but 2 cores start a dozen of them slowly.
    for (let i = 0; i < CASES.length; i += 5) {
      await Promise.all(CASES.slice(i, i + 5).map(async (c) => (c.agent = await startFakeAgent({ generation: c.gen, state: c.state }))));
    }
    parent = await startFakeAgent({ generation: 'v2', state: 'online' });
    child = await startFakeAgent({ generation: 'v2', state: 'indirect', parent });
    // v1: an unclaimed child is indirect only when a connected parent on this engine lists it as streaming.
    const childGuid = randomUUID();
    v1Child = await startFakeAgent({ generation: 'v1', state: 'not-claimed', guid: childGuid });
    v1Parent = await startFakeAgent({
      generation: 'v1',
      state: 'online',
      children: [{ hostname: v1Child.name, guid: childGuid, nodeId: randomUUID(), online: true }],
    });
    // The engine writes an exited container's last log lines shortly after the exit: wait for them.
    const exitedV1 = CASES.find((c) => c.gen === 'v1' && c.state.startsWith('claim-failed'))!.agent!;
    await waitForLog(exitedV1.id, /Failed to claim node/);
    const names = [...CASES.map((c) => c.agent!.name), parent.name, child.name, v1Parent.name, v1Child.name];
    d = await diagnoseTargets(names, { startPeriodMs: 0 });
  });
  after(removeFakeResources);

  for (const c of CASES) {
    test(`${c.gen} ${c.state}: ${c.expect}`, () => {
      const node = d.node(c.agent!.name);
      assert.equal(
        node.state,
        c.expect,
        `${node.state}: ${node.findings
          .filter((f) => f.status !== 'pass')
          .map(statusOf)
          .join(' | ')}`,
      );
      for (const [id, status] of Object.entries(c.checks)) {
        const f = d.finding(c.agent!.name, id as Parameters<Diagnosed['finding']>[1]);
        assert.equal(f.status, status, `${id} ${statusOf(f)}`);
      }
    });
  }

  test("live nodes pass (or warn), every other state fails; Cloud's view is named", () => {
    for (const c of CASES) {
      const node = d.node(c.agent!.name);
      if (c.expect === 'live') assert.notEqual(node.status, 'fail', node.findings.map(statusOf).join(' | '));
      else assert.equal(node.status, 'fail', `${c.gen} ${c.state}`);
    }
    assert.equal(d.node(CASES[0]!.agent!.name).cloudView, 'Live');
    assert.equal(d.node(CASES[1]!.agent!.name).cloudView, 'Unseen');
    assert.equal(d.node(CASES[2]!.agent!.name).cloudView, 'Offline or Stale');
  });

  test("the agent's reason and next attempt are in aclk.connection, with the fitting remedy", () => {
    const unseen = d.finding(CASES[1]!.agent!.name, 'aclk.connection');
    assert.match(unseen.summary, /never connected \(Unseen\): \/env response code is not 200/);
    const refused = d.finding(CASES[3]!.agent!.name, 'aclk.connection');
    assert.match(refused.summary, /offline \(it was connected before\): connection refused/);
    assert.match(refused.remedy ?? '', /443/);
  });

  test("claim.state carries the agent's own claim failure reason, from its API", () => {
    const f = d.finding(CASES[6]!.agent!.name, 'claim.state');
    assert.match(f.summary, /Failed: token is expired, not found, or invalid/);
    assert.match(JSON.stringify(f.evidence), /agent API|netdatacli/);
    assert.match(f.remedy ?? '', /fresh claim token/);
  });

  test('the report names the API source; the v2 banned answer with its duplicate url key is read', () => {
    const node = d.node(CASES[0]!.agent!.name);
    assert.match(node.agent.apiSource ?? '', /exec curl|netdatacli/);
    assert.equal(node.agent.version, 'v2.10.4');
    assert.equal(node.agent.generation, 2);
  });

  test('v2 child streaming to a connected parent: indirect, and not a failure', () => {
    const node = d.node(child.name);
    assert.equal(node.state, 'indirect', node.findings.map(statusOf).join(' | '));
    assert.notEqual(node.status, 'fail');
    assert.equal(d.node(parent.name).state, 'live');
  });

  test('v1 unclaimed child listed online by a connected parent on this engine: indirect', () => {
    assert.equal(d.node(v1Child.name).state, 'indirect', d.node(v1Child.name).findings.map(statusOf).join(' | '));
  });

  test('inside the start period a not-yet-connected agent is a warning ("connecting")', async () => {
    const fresh = await diagnoseTargets([CASES[1]!.agent!.name], { startPeriodMs: 3_600_000 });
    const node = fresh.node(CASES[1]!.agent!.name);
    assert.equal(node.state, 'unseen');
    assert.equal(node.status, 'warn');
    assert.match(fresh.finding(CASES[1]!.agent!.name, 'aclk.connection').summary, /^connecting/);
  });
});
