// CloudPoller on a fake clock and fake timers (no real sleeps): one listing per Space per interval whatever
// else happens, back-off on 429/5xx honouring Retry-After, snapshot() never waits, one cloud.unreachable and
// one cloud.recovered per outage, stop() cancels everything.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CloudPoller, type PollerTimers } from '../../../src/cloud/poller.ts';
import {
  CloudRateLimitedError,
  CloudServerError,
  CloudTokenRefusedError,
  CloudUnreachableError,
  type CloudApi,
  type CloudApiError,
  type CloudRoom,
  type CloudSpace,
} from '../../../src/cloud/client.ts';

const MIN = 60_000;

class FakeClock implements PollerTimers {
  ms = Date.parse('2026-12-04T12:00:00Z');
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private next = 1;
  now = () => new Date(this.ms);
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.push({ at: this.ms + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  get pending(): number {
    return this.timers.length;
  }
  /** Moves time forward, firing due timers in order and letting the promises they start settle. */
  async advance(ms: number): Promise<void> {
    const end = this.ms + ms;
    await settle();
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const due = this.timers[0];
      if (!due || due.at > end) break;
      this.timers.shift();
      this.ms = due.at;
      due.fn();
      await settle();
    }
    this.ms = end;
  }
}

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

/** A CloudApi double: two Spaces, counting calls; failures injected per call. */
class FakeApi implements CloudApi {
  calls: string[] = [];
  fail: (() => CloudApiError) | undefined;
  hang = false;
  async spaces(): Promise<CloudSpace[]> {
    this.calls.push('spaces');
    if (this.hang) await new Promise(() => {});
    if (this.fail) throw this.fail();
    return [
      { id: 's1', name: 'One' },
      { id: 's2', name: 'Two' },
    ];
  }
  async rooms(spaceId: string): Promise<CloudRoom[]> {
    this.calls.push(`rooms ${spaceId}`);
    return [{ id: `all-${spaceId}`, name: 'All nodes', untouchable: true }];
  }
  async roomNodes(spaceId: string, roomId: string, each: (node: unknown) => void): Promise<void> {
    this.calls.push(`nodes ${spaceId} ${roomId}`);
    each({ nd: `nd-${spaceId}`, mg: 'mg', nm: 'web', state: 'reachable' });
  }
  listings(spaceId: string): number {
    return this.calls.filter((c) => c === `nodes ${spaceId} all-${spaceId}`).length;
  }
}

const make = (api: FakeApi, clock: FakeClock, extra: Partial<ConstructorParameters<typeof CloudPoller>[0]> = {}) =>
  new CloudPoller({ api, spaces: 'all', intervalMs: 5 * MIN, now: clock.now, timers: clock, random: () => 0.5, ...extra });

describe('CloudPoller', () => {
  it('one listing per Space per interval, none while the interval has not passed, whatever else happens', async () => {
    const clock = new FakeClock();
    const api = new FakeApi();
    const poller = make(api, clock, { claimRoomIds: () => ['room-x'] });
    poller.start();
    poller.start(); // a second start changes nothing
    await clock.advance(0);
    assert.equal(api.listings('s1'), 1);
    assert.equal(api.listings('s2'), 1);
    for (let i = 0; i < 50; i++) {
      poller.snapshot(); // passes and endpoints reading the snapshot never cause a fetch
      await clock.advance(5_000);
    }
    // 250 s < 5 min: still one each
    assert.equal(api.listings('s1'), 1);
    await clock.advance(10 * 60 * MIN);
    // 5 min + 5 % jitter (random 0.5 of 10 %) per cycle: 1 + floor((250 s + 600 min) / 315 s) more
    const expected = 1 + Math.floor((250_000 + 600 * MIN) / (5 * MIN * 1.05));
    assert.equal(api.listings('s1'), expected);
    assert.equal(api.listings('s2'), expected);
    assert.equal(api.calls.filter((c) => c === 'spaces').length, expected);
    poller.stop();
  });

  it('snapshot() answers at once while a fetch hangs, with the last listing', async () => {
    const clock = new FakeClock();
    const api = new FakeApi();
    const poller = make(api, clock);
    assert.equal(poller.snapshot(), undefined);
    poller.start();
    await clock.advance(0);
    const first = poller.snapshot();
    assert.ok(first && first.spaces.length === 2 && first.spaces.every((s) => s.ok));
    api.hang = true;
    await clock.advance(6 * MIN);
    assert.equal(poller.snapshot(), first);
    poller.stop();
  });

  it('429 with Retry-After: the next fetch waits at least that long', async () => {
    const clock = new FakeClock();
    const api = new FakeApi();
    api.fail = () => new CloudRateLimitedError('/api/v2/spaces', 60 * MIN);
    const poller = make(api, clock);
    poller.start();
    await clock.advance(0);
    assert.equal(api.calls.length, 1);
    await clock.advance(59 * MIN);
    assert.equal(api.calls.length, 1);
    api.fail = undefined;
    await clock.advance(4 * MIN); // 60 min + 5 % jitter = 63 min
    assert.equal(api.calls.filter((c) => c === 'spaces').length, 2);
    poller.stop();
  });

  it('5xx backs off exponentially, and back to the interval once it answers', async () => {
    const clock = new FakeClock();
    const api = new FakeApi();
    api.fail = () => new CloudServerError('/api/v2/spaces', 503, undefined);
    const poller = make(api, clock);
    const spacesCalls = () => api.calls.filter((c) => c === 'spaces').length;
    poller.start();
    await clock.advance(0);
    await clock.advance(10.5 * MIN); // 2 × 5 min + 5 % jitter
    assert.equal(spacesCalls(), 2);
    await clock.advance(20 * MIN); // next: 4 × 5 min + jitter = 21 min: not yet
    assert.equal(spacesCalls(), 2);
    await clock.advance(1 * MIN);
    assert.equal(spacesCalls(), 3);
    api.fail = undefined;
    await clock.advance(42 * MIN); // 8 × 5 min + jitter
    assert.equal(spacesCalls(), 4);
    await clock.advance(5.25 * MIN); // back to the interval
    assert.equal(spacesCalls(), 5);
    poller.stop();
  });

  it('one cloud.unreachable per outage and one cloud.recovered; every failed call counted', async () => {
    const clock = new FakeClock();
    const api = new FakeApi();
    const events: string[] = [];
    let errors = 0;
    const poller = make(api, clock, {
      onUnreachable: (e) => events.push(`unreachable ${e.kind}`),
      onRecovered: () => events.push('recovered'),
      onApiError: () => errors++,
    });
    api.fail = () => new CloudUnreachableError('/api/v2/spaces', 'ECONNREFUSED', '');
    poller.start();
    await clock.advance(0);
    await clock.advance(16 * MIN); // three failed fetches
    assert.deepEqual(events, ['unreachable unreachable']);
    assert.equal(errors, 4);
    api.fail = undefined;
    await clock.advance(6 * MIN);
    await clock.advance(6 * MIN);
    assert.deepEqual(events, ['unreachable unreachable', 'recovered']);
    api.fail = () => new CloudTokenRefusedError('/api/v2/spaces', 401);
    await clock.advance(6 * MIN);
    assert.deepEqual(events, ['unreachable unreachable', 'recovered', 'unreachable token-refused']);
    assert.equal(poller.snapshot()?.error?.kind, 'token-refused');
    poller.stop();
  });

  it('stop() cancels the next fetch and ignores one under way', async () => {
    const clock = new FakeClock();
    const api = new FakeApi();
    const poller = make(api, clock);
    poller.start();
    await clock.advance(0);
    poller.stop();
    assert.equal(clock.pending, 0);
    await clock.advance(60 * MIN);
    assert.equal(api.calls.filter((c) => c === 'spaces').length, 1);
    poller.start(); // a stopped poller stays stopped
    await clock.advance(60 * MIN);
    assert.equal(api.calls.filter((c) => c === 'spaces').length, 1);
  });

  it('refreshOnce (check): one fetch, shared with one already under way, no timer left', async () => {
    const clock = new FakeClock();
    const api = new FakeApi();
    const poller = make(api, clock);
    const [a, b] = await Promise.all([poller.refreshOnce(), poller.refreshOnce()]);
    assert.equal(a, b);
    assert.equal(api.calls.filter((c) => c === 'spaces').length, 1);
    assert.equal(clock.pending, 0);
    assert.equal(poller.snapshot(), a);
  });

  it('DOCTOR_CLOUD_SPACES: only those Spaces are listed', async () => {
    const clock = new FakeClock();
    const api = new FakeApi();
    const snap = await make(api, clock, { spaces: ['s2'] }).refreshOnce();
    assert.equal(api.listings('s1'), 0);
    assert.equal(api.listings('s2'), 1);
    assert.equal(snap.spaces.length, 1);
  });
});
