import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseStatusFile } from '../../../../src/agent/api/index.ts';
import * as S from './samples.ts';
import { assertParseError, assertValidView } from './validate.ts';

describe('parseStatusFile', () => {
  it('current schema (v29): identity, cloud status, daemon record and the run start', () => {
    const view = parseStatusFile(S.STATUS_FILE_V29);
    assertValidView(view);
    assert.deepEqual(view, {
      kind: 'cloud-view',
      source: 'status-file',
      version: 'v2.10.4',
      machineGuid: '2641dc58-5550-44a8-bd0e-30e7fff2c15e',
      nodeId: '50e14791-94f3-4cbd-b6d8-853458dafe14',
      claimId: '7e6c4c36-acb4-440f-af22-d9b2b4dc34b1',
      claimed: true,
      status: 'offline',
      online: false,
      banned: false,
      cloudAvailable: true,
      daemon: {
        status: 'running',
        writtenAt: new Date('2026-11-23T19:00:20.123Z'),
        uptimeSeconds: 6,
        startedAt: new Date('2026-11-23T19:00:14.123Z'),
        restarts: 3,
        crashes: 0,
        exitReason: [],
        machineGuidSince: new Date('2026-11-01T08:00:00.000Z'),
        fileVersion: 29,
      },
    });
  });

  it('v22 (agent v2.4): exited, never claimed, null ids', () => {
    const view = parseStatusFile(S.STATUS_FILE_V22_EXITED);
    assertValidView(view);
    assert.equal(view.status, 'available');
    assert.equal(view.claimed, false);
    assert.equal(view.claimId, null);
    assert.equal(view.nodeId, null);
    assert.equal(view.daemon?.status, 'exited');
    assert.deepEqual(view.daemon?.exitReason, ['signal-sigterm']);
    assert.deepEqual(view.daemon?.startedAt, new Date('2025-05-01T09:00:00Z'));
    assert.equal(view.daemon?.machineGuidSince, undefined);
  });

  it('schema 3 (agent v2.3.0): ND_ keys, no aclk, the zero UUID is no node id', () => {
    const view = parseStatusFile(S.STATUS_FILE_V3);
    assertValidView(view);
    assert.equal(view.status, undefined);
    assert.equal(view.online, undefined);
    assert.equal(view.nodeId, null);
    assert.equal(view.claimId, '616d4a39-6af6-4ff3-977c-95ef94340101');
    assert.equal(view.daemon?.status, 'running');
    assert.deepEqual(view.daemon?.writtenAt, new Date('2025-03-20T12:00:00Z'));
  });

  it('timestamps with offsets and without fractions', () => {
    const view = parseStatusFile('{"@timestamp":"2026-01-01T02:00:00+02:00","agent":{"uptime":60,"aclk":"online"}}');
    assertValidView(view);
    assert.deepEqual(view.daemon?.writtenAt, new Date('2026-01-01T00:00:00Z'));
    assert.deepEqual(view.daemon?.startedAt, new Date('2025-12-31T23:59:00Z'));
    assert.equal(view.online, true);
  });

  it('wrong types and unknown values are dropped field by field', () => {
    const view = parseStatusFile(
      '{"@timestamp":12,"version":"29","agent":{"id":[],"version":2,"uptime":-1,"node_id":{},"claim_id":true,"restarts":"3","aclk":"sideways","status":"dancing","exit_reason":"fatal"}}',
    );
    assertValidView(view);
    assert.deepEqual(view, { kind: 'cloud-view', source: 'status-file', unknownStatus: 'sideways', daemon: {} });
  });

  it('errors: no agent object, not JSON, truncated', () => {
    assertParseError(parseStatusFile('{"@timestamp":"2026-01-01T00:00:00Z","version":29}'));
    assertParseError(parseStatusFile('{"agent":[]}'));
    assertParseError(parseStatusFile(S.STATUS_FILE_V29.slice(0, 200)));
    assertParseError(parseStatusFile(''));
  });
});
