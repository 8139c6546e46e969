// Which Docker events re-diagnose, and which log lines a report change produces (CONTRACT §7, §8).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { meaningOf, parseEvent } from '../../../src/docker/events.ts';
import { changes } from '../../../src/watch/changes.ts';
import { diagnose } from '../../../src/diagnosis/diagnose.ts';
import { gatheredFacts, nodeFacts, NOW } from '../fixtures.ts';

describe('Docker events', () => {
  it('parses container and network events with nanosecond time', () => {
    const e = parseEvent({
      Type: 'container',
      Action: 'die',
      Actor: { ID: 'abc', Attributes: { name: 'netdata' } },
      time: 1,
      timeNano: 1795461328123456789,
    });
    assert.equal(e?.containerId, 'abc');
    assert.match(e!.time, /^1795461328\.\d{9}$/);
    const n = parseEvent({ Type: 'network', Action: 'disconnect', Actor: { ID: 'net', Attributes: { container: 'abc' } }, timeNano: 1 });
    assert.equal(n?.containerId, 'abc');
  });
  it('re-diagnoses a node, re-discovers targets, or ignores', () => {
    const m = (Type: string, Action: string) => meaningOf(parseEvent({ Type, Action, Actor: { ID: 'x' }, timeNano: 1 })!);
    assert.equal(m('container', 'die'), 'node');
    assert.equal(m('container', 'health_status: unhealthy'), 'node');
    assert.equal(m('container', 'exec_start: netdata -v'), 'ignore');
    assert.equal(m('container', 'create'), 'reselect');
    assert.equal(m('container', 'rename'), 'reselect');
    assert.equal(m('network', 'connect'), 'node');
    assert.equal(m('image', 'pull'), 'ignore');
    assert.equal(parseEvent(null), undefined);
  });
});

describe('changes between reports', () => {
  const report = (status: 'running' | 'exited') =>
    diagnose(gatheredFacts({ nodes: [nodeFacts({ container: { status, exitCode: status === 'exited' ? 1 : 0, finishedAt: NOW } })] }), {
      startPeriodMs: 0,
      releaseId: 't',
    }).report;
  it('first pass: a node.state from null and every non-pass finding', () => {
    const events = changes(undefined, report('running'));
    assert.equal(events[0]?.event, 'node.state');
    assert.equal((events[0] as { from: unknown }).from, null);
    assert.ok(events.filter((e) => e.event === 'finding').every((e) => (e as { status: string }).status !== 'pass'));
  });
  it('nothing while nothing changes', () => {
    assert.deepEqual(changes(report('running'), report('running')), []);
  });
  it('a state change logs once, with what changed', () => {
    const events = changes(report('running'), report('exited'));
    const state = events.find((e) => e.event === 'node.state') as { from: string; to: string };
    assert.equal(state.to, 'agent-down');
    assert.ok(events.some((e) => e.event === 'finding' && (e as { check: string }).check === 'agent.running'));
  });
});

describe('changes of the engine-level findings', () => {
  const judge = (facts: Parameters<typeof diagnose>[0]) => diagnose(facts, { startPeriodMs: 0, releaseId: 't' });
  const present = judge(gatheredFacts({ discovery: { mode: 'explicit', requested: ['netdata'] } }));
  const missing = judge(gatheredFacts({ discovery: { mode: 'explicit', requested: ['netdata'], missing: ['netdata'] }, nodes: [] }));
  const down = judge(gatheredFacts({ engine: { reachable: false, error: 'GET /version: ENOENT' }, nodes: [] }));
  const engineLines = (events: ReturnType<typeof changes>) =>
    events.filter((e) => e.event === 'finding' && (e as { node: string }).node === 'docker') as {
      check: string;
      status: string;
      summary: string;
      remedy?: string;
    }[];

  it('a named target that disappears: one agent.discovery fail line with its remedy; when it is back, one pass line', () => {
    const gone = engineLines(changes(present.report, missing.report, missing.engineFindings));
    assert.deepEqual(
      gone.map((e) => `${e.check} ${e.status}`),
      ['agent.discovery fail'],
    );
    assert.match(gone[0]!.summary, /not found: netdata/);
    assert.match(gone[0]!.remedy ?? '', /DOCTOR_TARGETS/);
    assert.deepEqual(changes(missing.report, missing.report, missing.engineFindings), []);
    const back = engineLines(changes(missing.report, present.report, present.engineFindings));
    assert.deepEqual(
      back.map((e) => `${e.check} ${e.status}`),
      ['agent.discovery pass'],
    );
    assert.equal(back[0]!.remedy, undefined);
  });

  it('the engine going away is no engine finding news (docker.unreachable tells it); after it, non-pass engine findings are', () => {
    assert.deepEqual(engineLines(changes(present.report, down.report, down.engineFindings)), []);
    assert.deepEqual(engineLines(changes(down.report, present.report, present.engineFindings)), []);
    assert.deepEqual(
      engineLines(changes(down.report, missing.report, missing.engineFindings)).map((e) => `${e.check} ${e.status}`),
      ['agent.discovery fail'],
    );
  });

  it('first pass: only non-pass engine findings', () => {
    assert.deepEqual(engineLines(changes(undefined, present.report, present.engineFindings)), []);
    assert.deepEqual(
      engineLines(changes(undefined, missing.report, missing.engineFindings)).map((e) => e.check),
      ['agent.discovery'],
    );
  });
});
