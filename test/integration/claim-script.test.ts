// claim.script on real images whose /usr/sbin/netdata-claim.sh is missing, a directory or not executable,
// with a claim configured (run.sh exits 126/127) and without (the agent runs; a claim would fail).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertTestImages, cleanupOnExit, startScenario, type Scenario } from '../testbed/scenarios.ts';
import { diagnoseTargets, statusOf, type Diagnosed } from './harness.ts';

const KINDS = ['script-missing', 'script-directory', 'script-not-executable'] as const;
const DEFECT = {
  'script-missing': /is missing/,
  'script-directory': /is a directory/,
  'script-not-executable': /is not executable \(mode 0644\)/,
};
const EXIT = { 'script-missing': 127, 'script-directory': 126, 'script-not-executable': 126 };

describe('claim.script (real containers)', () => {
  const withClaim: Record<string, Scenario> = {};
  const withoutClaim: Record<string, Scenario> = {};
  let healthy: Scenario;
  let d: Diagnosed;

  before(async () => {
    await assertTestImages();
    const started = await Promise.all([
      ...KINDS.map((k) => startScenario(k, { claim: true })),
      ...KINDS.map((k) => startScenario(k, { claim: false })),
      startScenario('healthy-unclaimed'),
    ]);
    KINDS.forEach((k, i) => {
      withClaim[k] = started[i]!;
      withoutClaim[k] = started[i + KINDS.length]!;
    });
    healthy = started[started.length - 1]!;
    d = await diagnoseTargets(started.map((x) => x.name));
  });
  after(cleanupOnExit);

  for (const kind of KINDS) {
    test(`${kind} with a claim configured: fail, and the container exited ${EXIT[kind]}`, () => {
      const name = withClaim[kind]!.name;
      const f = d.finding(name, 'claim.script');
      assert.equal(f.status, 'fail', statusOf(f));
      assert.match(f.summary, DEFECT[kind]);
      const running = d.finding(name, 'agent.running');
      assert.equal(running.status, 'fail', statusOf(running));
      assert.match(running.summary, new RegExp(`with ${EXIT[kind]}`));
      assert.equal(d.node(name).state, 'claim-failed');
      assert.match(d.finding(name, 'claim.state').summary, /could not run netdata-claim\.sh/);
    });

    test(`${kind} without a claim: warn, the agent runs`, () => {
      const name = withoutClaim[kind]!.name;
      const f = d.finding(name, 'claim.script');
      assert.equal(f.status, 'warn', statusOf(f));
      assert.equal(d.finding(name, 'agent.running').status, 'pass');
    });
  }

  test('the intact script passes', () => {
    const f = d.finding(healthy.name, 'claim.script');
    assert.equal(f.status, 'pass', statusOf(f));
  });
});
