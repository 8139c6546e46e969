// host.seccomp (CONTRACT §4): fail when this run's logs carry the old-stat-syscalls warning on a writable
// rootfs, v1 image, not yet claimed; or clone3/seccomp errors in State.Error. Warn for the warning on a claimed
// or v2 agent, and for an old engine with the default profile and no warning. Skip when /info is denied and
// there is no log evidence.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hostSeccomp } from '../../../src/checks/host-seccomp.ts';
import { readFailed, readOk } from '../../../src/facts/types.ts';
import {
  CLONE3_STATE_ERROR,
  GUID,
  SECCOMP_WARNING_LINES,
  assertStatus,
  claimEnv,
  engineFacts,
  logLines,
  logsOk,
  nodeFacts,
  runNodeCheck,
  v2NodeFacts,
} from '../fixtures.ts';

const warning = (run: 'current' | 'previous' = 'current') => logsOk(logLines(SECCOMP_WARNING_LINES, { run }));
const oldEngine = engineFacts({
  version: '19.03.15',
  apiVersion: '1.40',
  info: readOk({ securityOptions: ['name=seccomp,profile=default'] }),
});

describe('host.seccomp', () => {
  it('fail: the run.sh warning on a writable rootfs, v1, not claimed: the claim will fail', () => {
    const f = runNodeCheck(hostSeccomp, nodeFacts({ container: { env: claimEnv() }, logs: warning() }), { engine: oldEngine });
    assertStatus(f, 'fail');
    assert.match(f.summary, /the v1 claim will fail/);
    assert.match(f.remedy!, /Docker \(≥ 20\.10\), runc and libseccomp \(≥ 2\.4\.4\)/);
    assert.match(f.remedy!, /seccomp:unconfined/);
    assert.match(f.remedy!, /recreate netdata with the change \(the steps below\)/);
    assert.equal(f.evidence.warning!.source, 'logs: run.sh');
  });

  it('warn: the warning on an already claimed v1 agent', () => {
    const f = runNodeCheck(hostSeccomp, nodeFacts({ logs: warning(), files: { claimedId: readOk(GUID) } }));
    assertStatus(f, 'warn');
    assert.match(f.summary, /already claimed/);
  });

  it('warn: the warning on a v2 agent', () => {
    const f = runNodeCheck(hostSeccomp, v2NodeFacts({ logs: warning() }));
    assertStatus(f, 'warn');
    assert.match(f.summary, /the agent is v2/);
  });

  it('pass: the warning because of --read-only, not seccomp', () => {
    const f = runNodeCheck(hostSeccomp, nodeFacts({ container: { readonlyRootfs: true }, logs: warning() }));
    assertStatus(f, 'pass');
    assert.match(f.summary, /read-only/);
  });

  it('the warning of an earlier run only does not count', () => {
    const f = runNodeCheck(hostSeccomp, nodeFacts({ logs: warning('previous') }));
    assertStatus(f, 'pass');
  });

  it('fail: clone3 in State.Error', () => {
    const f = runNodeCheck(hostSeccomp, nodeFacts({ container: { status: 'created', exitCode: 128, stateError: CLONE3_STATE_ERROR } }));
    assertStatus(f, 'fail');
    assert.match(f.summary, /^the host's seccomp filter blocks clone3: OCI runtime create failed/);
    assert.ok(f.summary.length < 220);
    assert.equal(f.evidence.error!.source, 'inspect State.Error');
  });

  it('fail: clone3 errors in the logs', () => {
    const f = runNodeCheck(hostSeccomp, v2NodeFacts({ logs: logsOk(logLines('pthread_create() failed: Operation not permitted')) }));
    assertStatus(f, 'fail');
    assert.equal(f.evidence.error!.source, 'logs');
  });

  it('warn: old engine with the default seccomp profile and no warning', () => {
    const f = runNodeCheck(hostSeccomp, nodeFacts(), { engine: oldEngine });
    assertStatus(f, 'warn');
    assert.equal(f.summary, 'Docker 19.03.15 with its default seccomp profile is known to break newer agent images');
    assert.deepEqual(f.evidence.securityOptions!.value, ['name=seccomp,profile=default']);
  });

  it('pass: old engine, but this container runs seccomp=unconfined', () => {
    const f = runNodeCheck(hostSeccomp, nodeFacts({ container: { securityOpt: ['seccomp=unconfined'] } }), { engine: oldEngine });
    assertStatus(f, 'pass');
    assert.match(f.summary, /seccomp unconfined for this container/);
  });

  it('pass: old engine whose daemon runs without seccomp', () => {
    const engine = engineFacts({ version: '19.03.15', info: readOk({ securityOptions: ['name=seccomp,profile=unconfined'] }) });
    assertStatus(runNodeCheck(hostSeccomp, nodeFacts(), { engine }), 'pass');
  });

  it('pass: a current engine', () => {
    const f = runNodeCheck(hostSeccomp, nodeFacts());
    assertStatus(f, 'pass');
    assert.equal(f.summary, 'no seccomp problem seen (Docker 27.3.1)');
  });

  it('pass: /info denied but the logs were read and show nothing', () => {
    const engine = engineFacts({ info: readFailed('denied by the engine or socket proxy'), permissions: { info: 'denied' } });
    assertStatus(runNodeCheck(hostSeccomp, nodeFacts(), { engine }), 'pass');
  });

  it('skip: /info read, a current engine, but the logs could not be read (unreadable never means no problem)', () => {
    const f = runNodeCheck(hostSeccomp, nodeFacts({ logs: readFailed('timed out after 10000 ms') }));
    assertStatus(f, 'skip');
    assert.match(f.summary, /^logs timed out after 10000 ms: run\.sh's seccomp warning cannot be seen \(Docker 27\.3\.1/);
  });

  it('warn still wins over unreadable logs: old engine with its default profile', () => {
    assertStatus(
      runNodeCheck(hostSeccomp, nodeFacts({ logs: readFailed('logging driver "journald" cannot be read') }), { engine: oldEngine }),
      'warn',
    );
  });

  it('skip: /info denied and no log evidence', () => {
    const engine = engineFacts({ info: readFailed('denied by the engine or socket proxy'), permissions: { info: 'denied' } });
    const f = runNodeCheck(hostSeccomp, nodeFacts({ logs: readFailed('logging driver "journald" cannot be read') }), { engine });
    assertStatus(f, 'skip');
    assert.equal(f.summary, 'no evidence: /info denied by the engine or socket proxy; logs logging driver "journald" cannot be read');
  });
});
