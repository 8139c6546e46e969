// The notification rules of CONTRACT §13 on a fake clock: the delay, a restart inside it, recovery, flapping.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FLAP_WINDOW_MS, NotifyPolicy, type NodeVerdict } from '../../../src/notify/policy.ts';

const AFTER = 120_000;
const t0 = Date.parse('2026-12-04T10:00:00Z');
const at = (ms: number) => new Date(t0 + ms);
const verdict = (status: NodeVerdict['status'], state = status === 'fail' ? 'offline' : 'live', node = 'netdata'): NodeVerdict => ({
  node,
  status,
  state,
  cause: status === 'fail' ? 'aclk.connection/ping-timeout' : 'aclk.connection/ok',
  summary: `it is ${state}`,
  remedy: null,
  steps: [],
  cloudShows: status === 'fail' ? 'Offline' : 'Live',
});
const names = (events: { event: string }[]) => events.map((e) => e.event);

describe('notify policy: delay and recovery', () => {
  it('a problem is told once it lasted DOCTOR_NOTIFY_AFTER, at its due time, once; recovery follows', () => {
    const p = new NotifyPolicy(AFTER);
    assert.deepEqual(p.observe([verdict('pass')], at(0)), []);
    assert.equal(p.nextDueAt(), null);
    assert.deepEqual(p.observe([verdict('fail')], at(10_000)), []);
    assert.deepEqual(p.nextDueAt(), at(10_000 + AFTER));
    assert.deepEqual(p.due(at(10_000 + AFTER - 1)), []);
    const told = p.due(at(10_000 + AFTER));
    assert.deepEqual(names(told), ['node.problem']);
    assert.equal(told[0]!.from, 'live');
    assert.deepEqual(told[0]!.since, at(10_000));
    assert.equal(p.nextDueAt(), null);
    assert.deepEqual(p.observe([verdict('fail')], at(400_000)), [], 'told once');
    const back = p.observe([verdict('warn', 'live')], at(500_000));
    assert.deepEqual(names(back), ['node.recovered']);
    assert.equal(back[0]!.from, 'offline');
  });

  it('a restart that recovers within the delay sends nothing, not even a recovery', () => {
    const p = new NotifyPolicy(AFTER);
    p.observe([verdict('pass')], at(0));
    assert.deepEqual(p.observe([verdict('fail', 'agent-down')], at(1_000)), []);
    assert.deepEqual(p.observe([verdict('pass')], at(1_000 + AFTER - 1)), []);
    assert.equal(p.nextDueAt(), null);
    assert.deepEqual(p.due(at(10 * AFTER)), []);
  });

  it('a node first seen failing is told after the delay; a node that disappears is forgotten', () => {
    const p = new NotifyPolicy(AFTER);
    p.observe([verdict('fail', 'unseen')], at(0));
    assert.deepEqual(names(p.observe([verdict('fail', 'unseen')], at(AFTER))), ['node.problem']);
    assert.deepEqual(p.observe([], at(AFTER + 1)), []);
    assert.equal(p.nextDueAt(), null);
  });

  it('nodes are independent', () => {
    const p = new NotifyPolicy(AFTER);
    p.observe([verdict('fail', 'offline', 'a'), verdict('pass', 'live', 'b')], at(0));
    p.observe([verdict('fail', 'offline', 'a'), verdict('fail', 'offline', 'b')], at(60_000));
    const first = p.due(at(AFTER));
    assert.deepEqual(
      first.map((e) => e.verdict.node),
      ['a'],
    );
    assert.deepEqual(p.nextDueAt(), at(60_000 + AFTER));
    assert.deepEqual(
      p.due(at(60_000 + AFTER)).map((e) => e.verdict.node),
      ['b'],
    );
  });
});

describe('notify policy: flapping', () => {
  it('more than 3 problems in 30 minutes: one notice with the count, then nothing until stable for 30 minutes', () => {
    const p = new NotifyPolicy(AFTER);
    p.observe([verdict('pass')], at(0));
    const events: string[] = [];
    let clock = 0;
    for (let i = 0; i < 6; i++) {
      clock += 60_000;
      const down = p.observe([verdict('fail')], at(clock));
      events.push(...names(down));
      if (down.some((e) => e.event === 'node.flapping')) assert.equal(down[0]!.count, 4);
      clock += 30_000;
      events.push(...names(p.observe([verdict('pass')], at(clock))));
    }
    assert.deepEqual(events, ['node.flapping']);
    // Still flapping: a long failure now says nothing until 30 minutes of no change.
    clock += 60_000;
    assert.deepEqual(p.observe([verdict('fail')], at(clock)), []);
    assert.deepEqual(p.due(at(clock + AFTER)), []);
    assert.deepEqual(p.nextDueAt(), at(clock + FLAP_WINDOW_MS));
    const calm = p.due(at(clock + FLAP_WINDOW_MS));
    assert.deepEqual(names(calm), ['node.problem'], 'stable in fail for 30 minutes: a lasting problem');
    assert.deepEqual(names(p.observe([verdict('pass')], at(clock + FLAP_WINDOW_MS + 1))), ['node.recovered']);
  });

  it('a flap that ends passing is closed by one recovery', () => {
    const p = new NotifyPolicy(AFTER);
    p.observe([verdict('pass')], at(0));
    let clock = 0;
    const events: string[] = [];
    for (let i = 0; i < 4; i++) {
      events.push(...names(p.observe([verdict('fail')], at((clock += 10_000)))));
      events.push(...names(p.observe([verdict('pass')], at((clock += 10_000)))));
    }
    assert.deepEqual(events, ['node.flapping']);
    assert.deepEqual(p.due(at(clock + FLAP_WINDOW_MS - 1)), []);
    assert.deepEqual(names(p.due(at(clock + FLAP_WINDOW_MS))), ['node.recovered']);
    assert.equal(p.nextDueAt(), null);
  });

  it('3 problems in 30 minutes are not flapping; problems older than 30 minutes do not count', () => {
    const p = new NotifyPolicy(AFTER);
    p.observe([verdict('pass')], at(0));
    let clock = 0;
    const events: string[] = [];
    for (let i = 0; i < 8; i++) {
      events.push(...names(p.observe([verdict('fail')], at((clock += 10_000)))));
      events.push(...names(p.observe([verdict('pass')], at((clock += 10_000)))));
      if (i % 3 === 2) clock += FLAP_WINDOW_MS;
    }
    assert.deepEqual(events, []);
  });
});
