// docker.api (CONTRACT §4): fail when the engine cannot be reached; warn for an API older than tested or
// partial permissions; pass otherwise. No skip.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dockerApi, MIN_TESTED_API } from '../../../src/checks/docker-api.ts';
import { assertStatus, engineFacts, runEngineCheck } from '../fixtures.ts';

const run = (engine: Parameters<typeof engineFacts>[0]) => runEngineCheck(dockerApi, { engine: engineFacts(engine) });

describe('docker.api', () => {
  it('pass: reachable with every permission, naming version, API and endpoint', () => {
    const f = run({});
    assertStatus(f, 'pass');
    assert.equal(f.id, 'docker.api');
    assert.match(f.summary, /Docker Engine 27\.3\.1 \(API 1\.47\) reachable at unix:\/\/\/var\/run\/docker\.sock/);
    assert.equal(f.remedy, undefined);
  });

  it('fail: not reachable, with the endpoint and the error', () => {
    const f = run({ reachable: false, endpoint: 'unix:///nonexistent', error: 'connect ENOENT /nonexistent' });
    assertStatus(f, 'fail');
    assert.match(f.summary, /not reachable at unix:\/\/\/nonexistent: connect ENOENT \/nonexistent/);
    assert.match(f.remedy!, /docker\.sock/);
    assert.match(f.remedy!, /group_add|DOCKER_HOST/);
  });

  it('fail: not reachable without an error message still says so', () => {
    const f = run({ reachable: false, error: undefined });
    assertStatus(f, 'fail');
    assert.match(f.summary, /no answer/);
  });

  it('fail: the engine refuses everything (listing containers denied)', () => {
    // gather turns a refused container list into reachable=false with the reason
    const f = run({ reachable: false, error: 'listing containers failed: GET /containers/json: HTTP 403 forbidden' });
    assertStatus(f, 'fail');
    assert.match(f.summary, /HTTP 403/);
  });

  it(`warn: Engine API older than the tested ${MIN_TESTED_API}`, () => {
    const f = run({ version: '19.03.15', apiVersion: '1.40' });
    assertStatus(f, 'warn');
    assert.match(f.summary, /Engine API 1\.40 is older than the tested 1\.41/);
  });

  it('pass: exactly the oldest tested API, and a newer minor with more digits', () => {
    assertStatus(run({ apiVersion: '1.41' }), 'pass');
    assertStatus(run({ apiVersion: '1.100' }), 'pass');
    assertStatus(run({ apiVersion: '2.0' }), 'pass');
  });

  it('warn: /info denied', () => {
    const f = run({ permissions: { info: 'denied' } });
    assertStatus(f, 'warn');
    assert.match(f.summary, /\/info is denied/);
    assert.match(f.remedy!, /socket proxy/);
  });

  it('warn: archive denied', () => {
    const f = run({ permissions: { archive: 'denied' } });
    assertStatus(f, 'warn');
    assert.match(f.summary, /archive API\) is denied/);
  });

  it('warn: exec denied', () => {
    const f = run({ permissions: { exec: 'denied' } });
    assertStatus(f, 'warn');
    assert.match(f.summary, /exec is denied/);
  });

  it('warn: several limits are all named in one line', () => {
    const f = run({ apiVersion: '1.40', permissions: { exec: 'denied', info: 'denied', archive: 'denied' } });
    assertStatus(f, 'warn');
    for (const part of ['1.40', '/info', 'archive', 'exec']) assert.ok(f.summary.includes(part), part);
    assert.ok(!f.summary.includes('  '), 'no double spaces');
  });

  it('warn without an engine version has no double space', () => {
    const f = run({ version: undefined, permissions: { info: 'denied' } });
    assertStatus(f, 'warn');
    assert.ok(!f.summary.includes('  '), f.summary);
  });

  it("pass: exec disabled by DOCTOR_EXEC=never is the user's choice, not a limit", () => {
    assertStatus(run({ permissions: { exec: 'disabled' } }), 'pass');
  });

  it('pass: permissions not probed yet (unknown) are not a limit', () => {
    assertStatus(run({ permissions: { exec: 'unknown', archive: 'unknown', info: 'unknown' } }), 'pass');
  });

  it('evidence names the endpoint and the permissions with their sources', () => {
    const f = run({});
    assert.deepEqual(f.evidence.endpoint, { value: 'unix:///var/run/docker.sock', source: 'engine discovery' });
    assert.deepEqual(f.evidence.permissions!.value as object, { exec: 'allowed', archive: 'allowed', info: 'allowed' });
  });
});
