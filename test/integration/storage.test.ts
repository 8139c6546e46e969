// storage.persistence on real mounts: none, anonymous, named, bind, read-only.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertTestImages, cleanupOnExit, startScenario, type Scenario } from '../testbed/scenarios.ts';
import { diagnoseTargets, statusOf, type Diagnosed } from './harness.ts';

describe('storage.persistence (real containers)', () => {
  const s: Record<string, Scenario> = {};
  let d: Diagnosed;

  before(async () => {
    await assertTestImages();
    const kinds = ['no-volume', 'anonymous-volume', 'named-volume', 'bind-mount', 'readonly-volume'] as const;
    const started = await Promise.all(kinds.map((k) => startScenario(k)));
    kinds.forEach((k, i) => (s[k] = started[i]!));
    d = await diagnoseTargets(Object.values(s).map((x) => x.name));
  });
  after(cleanupOnExit);

  test('no mount at /var/lib/netdata fails, and its steps move the directory into a named volume (steps-proof applies them)', () => {
    const name = s['no-volume']!.name;
    const f = d.finding(name, 'storage.persistence');
    assert.equal(f.status, 'fail', statusOf(f));
    assert.match(f.remedy ?? '', new RegExp(`named volume ${name}-netdata-lib`));
    assert.ok(
      f.steps.some((step) => step.run.includes(`-v ${name}-netdata-lib:/var/lib/netdata`)),
      JSON.stringify(f.steps),
    );
  });

  test('an anonymous volume warns', () => {
    const f = d.finding(s['anonymous-volume']!.name, 'storage.persistence');
    assert.equal(f.status, 'warn', statusOf(f));
    assert.match(f.summary, /anonymous volume/);
  });

  test('a named volume passes and names the volume', () => {
    const f = d.finding(s['named-volume']!.name, 'storage.persistence');
    assert.equal(f.status, 'pass', statusOf(f));
    assert.ok(f.summary.includes(s['named-volume']!.volumes[0]!), f.summary);
  });

  test('a bind mount passes and names the host path', () => {
    const f = d.finding(s['bind-mount']!.name, 'storage.persistence');
    assert.equal(f.status, 'pass', statusOf(f));
    assert.ok(f.summary.includes(s['bind-mount']!.bindDir!), f.summary);
  });

  test('a read-only mount fails', () => {
    const f = d.finding(s['readonly-volume']!.name, 'storage.persistence');
    assert.equal(f.status, 'fail', statusOf(f));
    assert.match(f.summary, /read-only/);
  });
});
