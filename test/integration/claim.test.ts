// claim.config, claim.state and the v1 claim failures of agent.running, on real containers whose claim
// script replays the recorded v1.47.5 outcomes (test/testbed/images/agent-v1-claim).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertTestImages, cleanupOnExit, startScenario, waitForLog, CLAIM_TOKEN, type Scenario } from '../testbed/scenarios.ts';
import { diagnoseTargets, statusOf, type Diagnosed } from './harness.ts';

describe('claiming (v1 entrypoint, real containers)', () => {
  const s: Record<string, Scenario> = {};
  let d: Diagnosed;

  before(async () => {
    await assertTestImages();
    const kinds = [
      'claim-token-no-url',
      'claim-quoted-url',
      'claim-ok',
      'claim-403-restart-loop',
      'claim-409',
      'claim-unreachable',
      'claim-real-debian',
    ] as const;
    const started = await Promise.all(kinds.map((k) => startScenario(k)));
    kinds.forEach((k, i) => (s[k] = started[i]!));
    // The engine copies a container's last lines to its log shortly after the exit: wait for them.
    await Promise.all(
      ['claim-403-restart-loop', 'claim-409', 'claim-unreachable'].map((k) => waitForLog(s[k]!.id, /Failed to claim node/)),
    );
    await waitForLog(s['claim-real-debian']!.id, /cannot be claimed/);
    d = await diagnoseTargets(Object.values(s).map((x) => x.name));
  });
  after(cleanupOnExit);

  test('token without URL on v1: claim.config fails, nothing is claimed', () => {
    const name = s['claim-token-no-url']!.name;
    const f = d.finding(name, 'claim.config');
    assert.equal(f.status, 'fail', statusOf(f));
    assert.match(f.summary, /NETDATA_CLAIM_URL/);
    assert.match(f.remedy ?? '', new RegExp(`-e NETDATA_CLAIM_URL=https://app.netdata.cloud to docker run for ${name}`));
    assert.equal(d.finding(name, 'claim.state').status, 'warn');
  });

  test('URL wrapped in quotes: claim.config fails', () => {
    const f = d.finding(s['claim-quoted-url']!.name, 'claim.config');
    assert.equal(f.status, 'fail', statusOf(f));
    assert.match(f.summary, /claim URL is wrapped in quotes/);
  });

  test('successful claim: claim.state passes with the claimed ID = machine GUID (v1)', () => {
    const name = s['claim-ok']!.name;
    const f = d.finding(name, 'claim.state');
    assert.equal(f.status, 'pass', statusOf(f));
    const node = d.node(name);
    assert.ok(node.agent.claimId, 'claim ID read from cloud.d/claimed_id');
    assert.equal(node.agent.claimId, node.agent.machineGuid);
    assert.equal(d.finding(name, 'claim.config').status, 'pass');
  });

  test('claim 403 under a restart policy: restart loop ends exited 12, state claim-failed', () => {
    const name = s['claim-403-restart-loop']!.name;
    const running = d.finding(name, 'agent.running');
    assert.equal(running.status, 'fail', statusOf(running));
    assert.match(running.summary, /exit 12 \(the claim token is expired, unknown or invalid\)/);
    assert.match(running.summary, /restarted 2 times/);
    const state = d.finding(name, 'claim.state');
    assert.equal(state.status, 'fail', statusOf(state));
    assert.match(state.summary, /token expired\/token not found\/invalid token/);
    assert.equal(d.node(name).state, 'claim-failed');
    assert.equal(d.node(name).status, 'fail');
    assert.equal(d.node(name).cloudView, 'not in the Space');
  });

  test('claim 409: already claimed, exit 13 maps to a cloned identity', () => {
    const name = s['claim-409']!.name;
    const state = d.finding(name, 'claim.state');
    assert.equal(state.status, 'fail', statusOf(state));
    assert.match(state.summary, /already claimed.*exit 13/);
    assert.match(state.remedy ?? '', /netdata\.public\.unique\.id/);
    assert.equal(d.node(name).state, 'claim-failed');
  });

  test('claim URL unreachable: exit 7 with the curl code', () => {
    const name = s['claim-unreachable']!.name;
    const state = d.finding(name, 'claim.state');
    assert.equal(state.status, 'fail', statusOf(state));
    assert.match(state.summary, /Unknown HTTP error message.*exit 7.*curl code 7/);
  });

  test("Debian's real claim script: built without Cloud, exit 3", () => {
    const name = s['claim-real-debian']!.name;
    assert.equal(d.finding(name, 'agent.cloud-support').status, 'fail');
    const running = d.finding(name, 'agent.running');
    assert.match(running.summary, /exit 3 \(the agent was built without Netdata Cloud support\)/);
    assert.equal(d.node(name).state, 'claim-failed');
  });

  test('the claim token appears nowhere in the report', () => {
    assert.ok(!JSON.stringify(d.report).includes(CLAIM_TOKEN));
  });
});
