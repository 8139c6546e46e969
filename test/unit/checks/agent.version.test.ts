// agent.version (CONTRACT §4): fail below v1.32; warn when the version is unknown or a nightly; else pass.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { agentVersion } from '../../../src/checks/agent-version.ts';
import { readOk } from '../../../src/facts/types.ts';
import { assertStatus, composeLabels, nodeFacts, runNodeCheck } from '../fixtures.ts';

const withImage = (image: string, over: Parameters<typeof nodeFacts>[0] = {}) =>
  runNodeCheck(agentVersion, nodeFacts({ ...over, container: { image, ...over.container } }));

describe('agent.version', () => {
  it('pass: v1.47.5 from the image tag, v1 claiming', () => {
    const f = withImage('netdata/netdata:v1.47.5');
    assertStatus(f, 'pass');
    assert.equal(f.summary, 'agent v1.47.5 (v1 claiming)');
    assert.deepEqual(f.evidence.version, { value: 'v1.47.5', source: 'image-tag: netdata/netdata:v1.47.5' });
  });

  it('pass: v2.10.4 from exec, v2 claiming', () => {
    const f = withImage('netdata/netdata:stable', { exec: { netdataVersion: readOk('netdata v2.10.4\n') } });
    assertStatus(f, 'pass');
    assert.equal(f.summary, 'agent v2.10.4 (v2 claiming)');
    assert.equal(f.evidence.version!.source, 'exec: netdata -v');
  });

  it('pass: exactly v1.32.0, the oldest supported', () => {
    assertStatus(withImage('netdata/netdata:v1.32.0'), 'pass');
  });

  it('fail: v1.31.0 is older than v1.32, with a recreate remedy naming the container', () => {
    const f = withImage('netdata/netdata:v1.31.0', { container: { name: 'old-agent' } });
    assertStatus(f, 'fail');
    assert.match(f.summary, /v1\.31\.0 is older than v1\.32/);
    assert.match(f.remedy!, /netdata\/netdata:stable/);
    assert.match(f.remedy!, /recreate old-agent with the change \(the steps below\)/);
  });

  it('fail: v1.22.1 in compose names the service', () => {
    const f = withImage('netdata/netdata:v1.22.1', { container: { labels: composeLabels('agent') } });
    assertStatus(f, 'fail');
    assert.match(f.remedy!, /docker compose up -d --force-recreate agent/);
  });

  it('warn: nightly v2.5.0-123-nightly', () => {
    const f = withImage('netdata/netdata:edge', { exec: { netdataVersion: readOk('netdata v2.5.0-123-nightly') } });
    assertStatus(f, 'warn');
    assert.equal(f.summary, 'agent v2.5.0-123-nightly is a nightly build');
    assert.match(f.remedy!, /netdata\/netdata:stable/);
  });

  it('warn: v1.99.0 (the pre-v2 nightlies)', () => {
    const f = withImage('netdata/netdata:v1.99.0');
    assertStatus(f, 'warn');
    assert.match(f.summary, /v1\.99\.0 is a nightly/);
  });

  it('warn: version unknown, the image names a channel', () => {
    const f = withImage('netdata/netdata:stable');
    assertStatus(f, 'warn');
    assert.equal(f.summary, 'agent version unknown: the image names the channel "stable", not a version');
    assert.match(f.remedy!, /Pin a release tag/);
    assert.equal(f.evidence.exec!.value, 'exec disabled (DOCTOR_EXEC=never)');
  });

  it('warn: version unknown, nothing tells it', () => {
    const f = withImage('registry.example.com/ops/monitoring@sha256:' + 'ab'.repeat(32));
    assertStatus(f, 'warn');
    assert.equal(f.summary, 'agent version unknown: no source told the version');
  });

  it('warn: "nightly" tag without an exec answer is unknown, not a parse error', () => {
    const f = withImage('netdata/netdata:nightly', { exec: { netdataVersion: { ok: false, reason: 'netdata -v exited 127: not found' } } });
    assertStatus(f, 'warn');
    assert.match(f.summary, /channel "nightly"/);
  });
});
