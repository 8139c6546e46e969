// agent.running, agent.version and agent.cloud-support on the real Debian agent: running, exited early,
// stopped by the user, paused; the version from exec and from the image label; build info from exec.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertTestImages, cleanupOnExit, startScenario, type Scenario } from '../testbed/scenarios.ts';
import { diagnoseTargets, statusOf, type Diagnosed } from './harness.ts';

describe('agent.running / agent.version / agent.cloud-support (real agent)', () => {
  const s: Record<string, Scenario> = {};
  let d: Diagnosed;
  let noExec: Diagnosed;

  before(async () => {
    await assertTestImages();
    const kinds = ['healthy-unclaimed', 'exits-early', 'stopped-by-user', 'paused'] as const;
    const started = await Promise.all(kinds.map((k) => startScenario(k)));
    kinds.forEach((k, i) => (s[k] = started[i]!));
    const names = Object.values(s).map((x) => x.name);
    d = await diagnoseTargets(names, { startPeriodMs: 60_000 });
    noExec = await diagnoseTargets(names, { exec: 'never', startPeriodMs: 60_000 });
  });
  after(cleanupOnExit);

  test('a running agent passes', () => {
    const f = d.finding(s['healthy-unclaimed']!.name, 'agent.running');
    assert.equal(f.status, 'pass', statusOf(f));
  });

  test('an agent that dies by itself within the start period "exited early"', () => {
    const name = s['exits-early']!.name;
    const f = d.finding(name, 'agent.running');
    assert.equal(f.status, 'fail', statusOf(f));
    assert.match(f.summary, /exited early/);
    assert.equal(d.node(name).state, 'agent-down');
    assert.equal(d.node(name).status, 'fail');
  });

  test('an agent stopped by the user warns, and so does its node', () => {
    const name = s['stopped-by-user']!.name;
    const f = d.finding(name, 'agent.running');
    assert.equal(f.status, 'warn', statusOf(f));
    assert.match(f.remedy ?? '', new RegExp(`docker start ${name}`));
    assert.equal(d.node(name).state, 'agent-down');
    assert.equal(d.node(name).status, 'warn');
  });

  test('a paused agent warns', () => {
    const f = d.finding(s['paused']!.name, 'agent.running');
    assert.equal(f.status, 'warn', statusOf(f));
    assert.match(f.summary, /paused/);
  });

  test('the version comes from `netdata -v` when exec is allowed, from the image label when not', () => {
    const name = s['healthy-unclaimed']!.name;
    const viaExec = d.finding(name, 'agent.version');
    assert.equal(viaExec.status, 'pass', statusOf(viaExec));
    assert.equal((viaExec.evidence.version as { source: string }).source, 'exec: netdata -v');
    assert.equal(d.node(name).agent.version, 'v1.37.1');
    const viaLabel = noExec.finding(name, 'agent.version');
    assert.equal(viaLabel.status, 'pass', statusOf(viaLabel));
    assert.match((viaLabel.evidence.version as { source: string }).source, /image-label/);
  });

  test("Debian's agent is built without Cloud: cloud-support fails from build info, state cloud-disabled", () => {
    const name = s['healthy-unclaimed']!.name;
    const f = d.finding(name, 'agent.cloud-support');
    assert.equal(f.status, 'fail', statusOf(f));
    assert.deepEqual(
      (f.evidence.buildinfo as { value: string[] }).value.map((l) => l.replace(/\s+/g, ' ')),
      ['Netdata Cloud: NO (by user request)', 'ACLK: NO'],
    );
    assert.equal(d.node(name).state, 'cloud-disabled');
  });

  test('without exec the build cannot be read: cloud-support warns and the unclaimed node is not-claimed', () => {
    const name = s['healthy-unclaimed']!.name;
    const f = noExec.finding(name, 'agent.cloud-support');
    assert.equal(f.status, 'warn', statusOf(f));
    assert.equal(noExec.node(name).state, 'not-claimed');
    assert.equal(noExec.node(name).status, 'fail');
    assert.equal(noExec.node(name).cloudView, 'not in the Space');
  });
});
