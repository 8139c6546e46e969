import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseStatusRecord, readStatusRecords, type StatusRecord } from '../../../src/agent/status-record.ts';
import * as S from './api/samples.ts';

/** The v29 sample with its agent and fatal objects changed, written `uptime` seconds after `startedAt`. */
function variant(changes: { agent?: Record<string, unknown>; fatal?: Record<string, unknown>; at?: string }): string {
  const body = JSON.parse(S.STATUS_FILE_V29) as { '@timestamp': string; agent: Record<string, unknown>; fatal: Record<string, unknown> };
  Object.assign(body.agent, changes.agent ?? {});
  Object.assign(body.fatal, changes.fatal ?? {});
  if (changes.at) body['@timestamp'] = changes.at;
  return JSON.stringify(body);
}

const record = (text: string, path = '/var/lib/netdata/status-netdata.json'): StatusRecord => {
  const r = parseStatusRecord({ path, text });
  assert.ok(!('error' in r), JSON.stringify(r));
  return r;
};

describe('parseStatusRecord', () => {
  it('the v29 sample of a running agent: identity, counts, no ending', () => {
    const r = record(S.STATUS_FILE_V29);
    assert.equal(r.machineGuid, '2641dc58-5550-44a8-bd0e-30e7fff2c15e');
    assert.equal(r.nodeId, '50e14791-94f3-4cbd-b6d8-853458dafe14');
    assert.equal(r.claimId, '7e6c4c36-acb4-440f-af22-d9b2b4dc34b1');
    assert.equal(r.restarts, 3);
    assert.equal(r.crashes, 0);
    assert.equal(r.status, 'running');
    assert.equal(r.aclk, 'offline');
    assert.deepEqual(r.startedAt, new Date('2026-11-23T19:00:14.123Z'));
    assert.deepEqual(r.exitReasons, []);
    assert.equal(r.ending, undefined);
    assert.equal(r.fatal, undefined); // every fatal field empty
  });
  it('schema 3 (v2.3.0) with ND_ keys and the zero node id', () => {
    const r = record(S.STATUS_FILE_V3);
    assert.equal(r.nodeId, null);
    assert.equal(r.status, 'running');
    assert.equal(r.fileVersion, 3);
  });
  it('signal-bad-system-call points at seccomp', () => {
    const r = record(variant({ agent: { status: 'exited', exit_reason: ['signal-bad-system-call'], crashes: 4 } }));
    assert.equal(r.ending?.cause, 'host.seccomp/bad-system-call');
    assert.equal(r.crashes, 4);
  });
  it('out-of-memory', () => {
    assert.equal(
      record(variant({ agent: { status: 'exited', exit_reason: ['out-of-memory'] } })).ending?.cause,
      'agent.running/out-of-memory',
    );
  });
  it('fatal with its message, in the explanation', () => {
    const r = record(
      variant({
        agent: { status: 'exited', exit_reason: ['fatal'] },
        fatal: { message: 'Cannot create unique machine id file', function: 'machine_guid_get', line: 120 },
      }),
    );
    assert.equal(r.ending?.cause, 'agent.running/fatal');
    assert.match(r.ending!.explanation, /Cannot create unique machine id file/);
    assert.equal(r.fatal?.line, 120);
  });
  it('already-running with the listen-port fatal message is a port conflict', () => {
    const r = record(
      variant({
        agent: { status: 'exited', exit_reason: ['already-running', 'fatal'] },
        fatal: { message: 'Cannot setup listen port(s). Is Netdata already running?' },
      }),
    );
    assert.equal(r.ending?.cause, 'agent.running/port-in-use');
  });
  it('the most telling of several exit reasons wins; a plain stop is a stop', () => {
    assert.equal(
      record(variant({ agent: { status: 'exited', exit_reason: ['signal-terminate', 'out-of-memory'] } })).ending?.cause,
      'agent.running/out-of-memory',
    );
    assert.equal(
      record(variant({ agent: { status: 'exited', exit_reason: ['signal-terminate'] } })).ending?.cause,
      'agent.running/stopped-by-signal',
    );
  });
  it('an exit reason nobody knows is kept raw as unrecognized-reason', () => {
    const r = record(S.STATUS_FILE_V22_EXITED);
    assert.equal(r.ending?.cause, 'agent.running/unrecognized-reason');
    assert.match(r.ending!.explanation, /signal-sigterm/);
  });
  it('never throws; says why a file is not one', () => {
    for (const text of ['', 'null', '[]', '{"agent": 3}', '{', 'x'.repeat(2_000_000)]) {
      const r = parseStatusRecord({ path: '/p', text });
      assert.ok('error' in r, text.slice(0, 20));
    }
    assert.ok('error' in parseStatusRecord({ path: '/p', text: 42 as unknown as string }));
    const odd = parseStatusRecord({ path: '/p', text: '{"agent":{"exit_reason":"fatal","id":7,"restarts":-1},"fatal":"x"}' });
    assert.ok(!('error' in odd));
    assert.equal(odd.machineGuid, undefined);
    assert.equal(odd.restarts, undefined);
  });
});

describe('readStatusRecords', () => {
  const started = new Date('2026-11-23T19:00:14.123Z');
  it('splits this run from the last run, and the last run was killed while running', () => {
    const previous = variant({ at: '2026-11-23T18:00:20.000Z', agent: { status: 'running', uptime: 600 } });
    const reading = readStatusRecords(
      [
        { path: '/var/lib/netdata/status-netdata.json', text: S.STATUS_FILE_V29, mtime: new Date('2026-11-23T19:00:20Z') },
        { path: '/var/cache/netdata/status-netdata.json', text: previous, mtime: new Date('2026-11-23T18:00:20Z') },
      ],
      { startedAt: started, running: true },
    );
    assert.equal(reading.thisRun?.path, '/var/lib/netdata/status-netdata.json');
    assert.equal(reading.lastRun?.path, '/var/cache/netdata/status-netdata.json');
    assert.equal(reading.lastRun?.ending?.cause, 'agent.running/killed-while-running');
    assert.equal(reading.thisRun?.ending, undefined);
    assert.deepEqual(reading.recoverableGuid, {
      guid: '2641dc58-5550-44a8-bd0e-30e7fff2c15e',
      path: '/var/lib/netdata/status-netdata.json',
    });
  });
  it("a crashed run's record of a stopped container is this run's, with its cause", () => {
    const crashed = variant({ agent: { status: 'exited', exit_reason: ['signal-bad-system-call'] } });
    const reading = readStatusRecords([{ path: '/var/lib/netdata/status-netdata.json', text: crashed }], {
      startedAt: started,
      running: false,
    });
    assert.equal(reading.thisRun?.ending?.cause, 'host.seccomp/bad-system-call');
    assert.equal(reading.lastRun, undefined);
  });
  it('the newest copy by mtime is the GUID the agent would bring back', () => {
    const other = variant({ agent: { id: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee' } });
    const reading = readStatusRecords(
      [
        { path: '/var/lib/netdata/status-netdata.json', text: S.STATUS_FILE_V29, mtime: new Date('2026-11-23T10:00:00Z') },
        { path: '/tmp/status-netdata.json', text: other, mtime: new Date('2026-11-23T11:00:00Z') },
        { path: '/run/status-netdata.json', text: 'garbage' },
      ],
      { running: true },
    );
    assert.deepEqual(reading.recoverableGuid, { guid: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', path: '/tmp/status-netdata.json' });
    assert.deepEqual(reading.errors, [{ path: '/run/status-netdata.json', error: 'not JSON' }]);
    assert.equal(reading.thisRun, undefined); // no StartedAt: nothing can be said to be this run's
  });
});
