// Probe etiquette (CONTRACT §9): one probe per key per interval, with jitter; never waiting in a pass.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ProbeScheduler, probeKey } from '../../../src/network/scheduler.ts';
import { probeResult } from '../fixtures.ts';

describe('ProbeScheduler', () => {
  it('starts a probe, says pending, then serves the result without probing again within the interval', async () => {
    let now = 1_000_000;
    let runs = 0;
    const s = new ProbeScheduler({ intervalMs: 300_000, clock: () => now, random: () => 0.5 });
    const key = probeKey('https://app.netdata.cloud', null, 'c1');
    const probe = async () => {
      runs++;
      return probeResult();
    };
    assert.deepEqual(s.request(key, probe), { state: 'pending' });
    await s.settle(key);
    assert.equal(s.request(key, probe).state, 'done');
    now += 299_000;
    s.request(key, probe);
    assert.equal(runs, 1);
    now += 300_000 * 0.05 + 2_000; // past interval + jitter (0.5 × 10 %)
    s.request(key, probe);
    assert.equal(runs, 2);
  });

  it('keys differ by endpoint, proxy and namespace', () => {
    assert.notEqual(probeKey('u', null, 'a'), probeKey('u', 'http://p:1', 'a'));
    assert.notEqual(probeKey('u', null, 'a'), probeKey('u', null, 'b'));
  });

  it('a failing probe is no result and does not throw', async () => {
    const s = new ProbeScheduler({ intervalMs: 1_000 });
    s.request('k', async () => {
      throw new Error('boom');
    });
    assert.deepEqual(await s.settle('k'), { state: 'unavailable', reason: 'the probe did not finish' });
  });

  it('calls back when a probe finishes, so the node can be judged again', async () => {
    const done: string[] = [];
    const s = new ProbeScheduler({ intervalMs: 1_000, onResult: (k) => done.push(k) });
    s.request('k', async () => probeResult());
    await s.settle('k');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(done, ['k']);
  });
});
