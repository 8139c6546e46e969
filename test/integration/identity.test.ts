// identity.unique across real agents: two on one volume, two cloned from one GUID, one of them stopped.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertTestImages, cleanupOnExit, docker, startScenario, type Scenario } from '../testbed/scenarios.ts';
import { diagnoseTargets, statusOf } from './harness.ts';

describe('identity.unique (real agents)', () => {
  let shared: Scenario;
  let cloned: Scenario;
  let alone: Scenario;

  before(async () => {
    await assertTestImages();
    [shared, cloned, alone] = await Promise.all([
      startScenario('shared-identity'),
      startScenario('cloned-identity'),
      startScenario('healthy-unclaimed'),
    ]);
  });
  after(cleanupOnExit);

  test('two running agents on one volume fail, naming each other and the volume', async () => {
    const b = shared.peers[0]!.name;
    const d = await diagnoseTargets([shared.name, b]);
    for (const [me, other] of [
      [shared.name, b],
      [b, shared.name],
    ] as const) {
      const f = d.finding(me, 'identity.unique');
      assert.equal(f.status, 'fail', statusOf(f));
      assert.ok(f.summary.includes(other), f.summary);
      assert.ok(f.summary.includes(shared.volumes[0]!), f.summary);
    }
  });

  test('two volumes cloned with one GUID fail on the GUID', async () => {
    const b = cloned.peers[0]!.name;
    const d = await diagnoseTargets([cloned.name, b]);
    const f = d.finding(cloned.name, 'identity.unique');
    assert.equal(f.status, 'fail', statusOf(f));
    assert.match(f.summary, new RegExp(`machine GUID ${cloned.guid}`));
    assert.equal(d.node(b).agent.machineGuid, cloned.guid);
  });

  test('an agent with its own identity passes', async () => {
    const d = await diagnoseTargets([alone.name, cloned.name]);
    const f = d.finding(alone.name, 'identity.unique');
    assert.equal(f.status, 'pass', statusOf(f));
  });

  test('a running and a stopped agent sharing the GUID warn', async () => {
    const b = cloned.peers[0]!;
    await docker.getContainer(b.id).stop({ t: 5 });
    const d = await diagnoseTargets([cloned.name, b.name]);
    const f = d.finding(cloned.name, 'identity.unique');
    assert.equal(f.status, 'warn', statusOf(f));
    assert.ok(f.summary.includes(`stopped agent ${b.name}`), f.summary);
  });
});
