// The Notifier's own timer (CONTRACT §13: a problem is told when its delay ends, not at the next pass), on
// injected timers and clock, with a sender that records instead of sending.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Notifier, verdictOf } from '../../../src/notify/notifier.ts';
import { parseTargets } from '../../../src/notify/targets.ts';
import type { NotifyMessage } from '../../../src/notify/message.ts';
import type { NodeReport, Report } from '../../../src/diagnosis/diagnose.ts';

const node = (status: NodeReport['status'], state: NodeReport['state']): NodeReport => ({
  container: { id: 'id', name: 'netdata', image: 'netdata/netdata' },
  agent: { version: null, generation: 2, machineGuid: null, claimId: null, apiSource: null },
  state,
  cause: status === 'fail' ? 'aclk.connection/mqtt-failed' : 'aclk.connection/ok',
  cloud: { shows: status === 'fail' ? 'Offline' : 'Live', source: 'inferred' },
  cloudView: status === 'fail' ? 'Offline' : 'Live',
  status,
  findings: [
    { id: 'agent.running', status: 'pass', cause: 'agent.running/ok', summary: 'running', evidence: {}, steps: [], docs: '' },
    ...(status === 'fail'
      ? [
          {
            id: 'aclk.connection' as const,
            status: 'fail' as const,
            cause: 'aclk.connection/mqtt-failed' as const,
            summary: 'ping timed out',
            evidence: {},
            remedy: 'fix it',
            steps: [],
            docs: '',
          },
        ]
      : []),
  ],
});
const report = (n: NodeReport): Report => ({
  status: n.status,
  serviceId: 'netdata-cloud-doctor',
  releaseId: 't',
  output: '',
  description: '',
  checks: {},
  nodes: [n],
});

function harness() {
  let clock = Date.parse('2026-12-04T10:00:00Z');
  const timers: { cb: () => void; at: number; cleared: boolean }[] = [];
  const sent: NotifyMessage[] = [];
  const notifier = new Notifier({
    targets: parseTargets('http://127.0.0.1:9/hook').targets,
    afterMs: 120_000,
    hostName: 'host',
    logger: { emit: () => undefined },
    now: () => new Date(clock),
    timers: {
      setTimeout: (cb, ms) => {
        const t = { cb, at: clock + ms, cleared: false };
        timers.push(t);
        return t;
      },
      clearTimeout: (h) => ((h as { cleared: boolean }).cleared = true),
    },
    send: async (_target, message) => {
      sent.push(message);
    },
  });
  const live = () => timers.filter((t) => !t.cleared);
  /** Moves the clock and fires the timers that are due, as the event loop would. */
  const advance = async (ms: number) => {
    clock += ms;
    for (const t of live()) {
      if (t.at <= clock) {
        t.cleared = true;
        t.cb();
      }
    }
    await notifier.idle();
  };
  return { notifier, sent, live, advance, at: (ms: number) => new Date(clock + ms), now: () => new Date(clock) };
}

describe('Notifier timer', () => {
  it('arms one timer for the end of the delay and tells the problem when it fires, with no pass in between', async () => {
    const h = harness();
    h.notifier.observe(report(node('pass', 'live')), h.now());
    assert.equal(h.live().length, 0, 'nothing pending, no timer');
    h.notifier.observe(report(node('fail', 'offline')), h.now());
    assert.equal(h.live().length, 1);
    await h.advance(119_999);
    assert.equal(h.sent.length, 0);
    await h.advance(1);
    assert.deepEqual(
      h.sent.map((m) => m.event.event),
      ['node.problem'],
    );
    assert.equal(h.sent[0]!.event.cause, 'aclk.connection/mqtt-failed', "the node's cause code");
    assert.equal(h.live().length, 0);
  });

  it('stop() clears the timer; nothing is told afterwards', async () => {
    const h = harness();
    h.notifier.observe(report(node('fail', 'offline')), h.now());
    h.notifier.stop();
    assert.equal(h.live().length, 0);
    h.notifier.observe(report(node('fail', 'offline')), h.now());
    await h.advance(600_000);
    assert.equal(h.sent.length, 0);
  });

  it("verdictOf: the worst finding leads; Cloud's own view when the report has it", () => {
    const n = { ...node('fail', 'offline'), cloud: { shows: 'Stale', source: 'cloud-api' } } as NodeReport;
    const v = verdictOf(n);
    assert.deepEqual([v.cause, v.summary, v.remedy, v.cloudShows], ['aclk.connection/mqtt-failed', 'ping timed out', 'fix it', 'Stale']);
    assert.equal(verdictOf(node('pass', 'live')).cloudShows, 'Live');
  });
});
