// Node history (CONTRACT §14): transitions of state or status, bounded per node, newest first, kept as JSON
// lines in DOCTOR_STATE_DIR across restarts; corrupt lines skipped, a bad directory a clear error.

import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { History, HistoryError, HISTORY_FILE } from '../../../src/history/history.ts';
import type { NodeReport, Report } from '../../../src/diagnosis/diagnose.ts';
import type { NodeState, NodeStatus } from '../../../src/diagnosis/state.ts';
import { reliability } from '../../reliability/record.ts';

function node(name: string, state: NodeState, status: NodeStatus, cause?: string): NodeReport {
  return {
    container: { id: name, name, image: 'netdata/netdata' },
    agent: { version: 'v2.10.4', generation: 2, machineGuid: null, claimId: null, apiSource: null },
    state,
    cloudView: 'x',
    status,
    findings:
      status === 'pass'
        ? []
        : [
            {
              id: 'claim.state',
              status,
              ...(cause ? { cause: cause as `claim.state/${string}` } : {}),
              summary: `why ${state}`,
              evidence: {},
              steps: [],
              docs: '',
            },
          ],
    // Reports from before causes (or hostile ones) may lack them: History must cope.
  } as unknown as NodeReport;
}
const report = (...nodes: NodeReport[]): Report => ({
  status: 'pass',
  serviceId: 'netdata-cloud-doctor',
  releaseId: 't',
  output: '',
  description: '',
  checks: {},
  nodes,
});
/** Alternating live (pass) and offline (fail), one transition per second from 12:00. */
const flip = (h: History, times: number) => {
  for (let i = 0; i < times; i++) {
    h.observe(report(node('a', i % 2 ? 'live' : 'offline', i % 2 ? 'pass' : 'fail')), new Date(at(0).getTime() + i * 1000));
  }
};
const at = (minute: number) => new Date(Date.UTC(2026, 11, 4, 12, minute));

describe('History', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'ncd-history-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('records the first sighting from null, then only changes of state or status, newest first', () => {
    const h = new History();
    assert.equal(h.observe(report(node('a', 'live', 'pass')), at(0)).length, 1);
    assert.equal(h.observe(report(node('a', 'live', 'pass')), at(1)).length, 0, 'no change, no transition');
    assert.equal(h.version, 1);
    h.observe(report(node('a', 'offline', 'warn', 'aclk.connection/refused')), at(2));
    h.observe(report(node('a', 'offline', 'fail', 'aclk.connection/refused')), at(3));
    const list = h.of('a');
    const expected = [
      ['offline', 'offline', 'fail'],
      ['live', 'offline', 'warn'],
      [null, 'live', 'pass'],
    ];
    assert.deepEqual(
      list.map((t) => [t.from, t.to, t.status]),
      expected,
    );
    assert.equal(list[0]!.cause, 'aclk.connection/refused');
    assert.equal(list[0]!.summary, 'why offline');
    assert.equal(list[2]!.cause, undefined, 'no failing finding: no cause');
    assert.equal(list[2]!.summary, 'connected to Netdata Cloud');
    assert.equal(list[0]!.time, at(3).toISOString());
    assert.deepEqual(Object.keys(h.toJSON().nodes), ['a']);
  });

  it('keeps the last 200 per node', () => {
    const h = new History();
    flip(h, 450);
    assert.equal(h.of('a').length, 200);
    assert.equal(h.of('a')[0]!.time, new Date(at(0).getTime() + 449_000).toISOString());
  });

  it('bounds the number of nodes: the one changed longest ago goes first', () => {
    const h = new History({ maxNodes: 3 });
    for (const [i, name] of ['a', 'b', 'c', 'd'].entries()) h.observe(report(node(name, 'live', 'pass')), at(i));
    assert.deepEqual(Object.keys(h.toJSON().nodes), ['b', 'c', 'd']);
  });

  it('persists as JSON lines and reloads after a restart without a new transition', () => {
    const first = new History({ dir });
    first.observe(report(node('a', 'live', 'pass'), node('b', 'unseen', 'fail', 'aclk.connection/refused')), at(0));
    first.observe(report(node('a', 'agent-down', 'warn'), node('b', 'unseen', 'fail')), at(1));
    const lines = readFileSync(path.join(dir, HISTORY_FILE), 'utf8').trim().split('\n');
    assert.equal(lines.length, 3);
    const last = { node: 'a', time: at(1).toISOString(), from: 'live', to: 'agent-down', status: 'warn', summary: 'why agent-down' };
    assert.deepEqual(JSON.parse(lines[2]!), last);
    const second = new History({ dir });
    assert.deepEqual(second.toJSON(), first.toJSON());
    const same = second.observe(report(node('a', 'agent-down', 'warn'), node('b', 'unseen', 'fail')), at(2));
    assert.equal(same.length, 0, 'same states after the restart: nothing new');
  });

  it('skips corrupt and oversized lines with one debug line, keeps the rest, and rewrites the file clean', (t) => {
    const observed = reliability(t, {
      area: 'input',
      tried: 'a history file with invalid JSON, wrong types, an unknown state, a 20 KB line and a truncated last line',
      expected: 'the valid lines load; the others are skipped with one debug line; the file is rewritten with only valid lines',
    });
    const file = path.join(dir, HISTORY_FILE);
    const line = (minute: number, to: string, summary = 's') =>
      JSON.stringify({ node: 'a', time: at(minute).toISOString(), from: null, to, status: 'pass', summary });
    writeFileSync(
      file,
      [
        line(0, 'live'),
        '{not json',
        JSON.stringify({ node: 'a', time: 5, to: 'live' }),
        line(1, 'sleeping'),
        line(2, 'live', 'x'.repeat(20_000)),
        line(3, 'offline'),
        '{"node":"a","ti',
      ].join('\n'),
    );
    const debug: string[] = [];
    const h = new History({ dir, debug: (m) => debug.push(m) });
    assert.deepEqual(
      h.of('a').map((x) => x.to),
      ['offline', 'live'],
    );
    assert.equal(debug.length, 1);
    assert.match(debug[0]!, /skipped 5 corrupt or oversized line/);
    assert.equal(readFileSync(file, 'utf8').trim().split('\n').length, 2, 'compacted on load');
    observed(`loaded ${h.of('a').length} transitions; ${debug[0]}`);
  });

  it('compacts the file when it holds over twice what is retained', () => {
    const h = new History({ dir, perNode: 10 });
    flip(h, 500);
    const lines = readFileSync(path.join(dir, HISTORY_FILE), 'utf8').trim().split('\n');
    assert.ok(lines.length <= 2 * 10 + 100 + 1, `${lines.length} lines`);
    const again = new History({ dir, perNode: 10 });
    assert.deepEqual(again.toJSON(), h.toJSON());
  });

  it('a missing directory or a file it cannot write is a clear HistoryError', (t) => {
    const observed = reliability(t, {
      area: 'config',
      tried: 'DOCTOR_STATE_DIR pointing at a missing directory, at a file, and at a directory whose history file cannot be written',
      expected: 'a HistoryError naming DOCTOR_STATE_DIR and what is wrong (serve exits 1 with it), no crash',
    });
    const errors: string[] = [];
    for (const bad of [path.join(dir, 'missing'), path.join(dir, 'file')]) {
      if (bad.endsWith('file')) writeFileSync(bad, '');
      const named = (err: Error) => err instanceof HistoryError && /DOCTOR_STATE_DIR/.test(err.message) && (errors.push(err.message), true);
      assert.throws(() => new History({ dir: bad }), named);
    }
    // Root may write anywhere: a directory in place of the file makes it unwritable for everyone.
    const inner = mkdtempSync(path.join(dir, 'inner-'));
    mkdirSync(path.join(inner, HISTORY_FILE));
    assert.throws(
      () => new History({ dir: inner }),
      (err: Error) => err instanceof HistoryError && (errors.push(err.message), true),
    );
    observed(errors.join(' | '));
  });

  it('a write failure later keeps the history in memory and warns once', () => {
    const warnings: string[] = [];
    const h = new History({ dir, warn: (m) => warnings.push(m) });
    h.observe(report(node('a', 'live', 'pass')), at(0));
    const file = path.join(dir, HISTORY_FILE);
    rmSync(file);
    mkdirSync(file); // the file's name is now a directory: appends fail, for root too
    h.observe(report(node('a', 'offline', 'fail')), at(1));
    h.observe(report(node('a', 'live', 'pass')), at(2));
    assert.equal(h.of('a').length, 3);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0]!, /keeping it in memory/);
  });
});
