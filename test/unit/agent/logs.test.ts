// Log patterns over the recorded docker-logs output (observed-v1.47.5.md, observed-v2.10.4.md).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CLONE3_ERROR,
  aclkStateFromLogs,
  claimScriptExecError,
  claimScriptOutcome,
  hasSeccompWarning,
  messageOf,
  v2ClaimFailure,
} from '../../../src/agent/logs.ts';
import {
  CLONE3_STATE_ERROR,
  SECCOMP_WARNING_LINES,
  V1_CLAIM_403_RUNSH,
  V1_CLAIM_409_RUNSH,
  V1_CLAIM_SUCCESS_RUNSH,
  V1_CLAIM_UNREACHABLE_RUNSH,
  V1_LIVE_AGENT_LOG,
  V1_UNSEEN_AGENT_LOG,
  V2_CLAIM_REJECTED_LOG,
  V2_CLOUD_REFUSED_LOG,
  V2_CONNECTED_LOG,
  V2_LOGFMT_LINES,
  V2_NEVER_CONNECTED_LOG,
  logLines,
  logfmt,
  recordedRuns,
} from '../fixtures.ts';

describe('messageOf', () => {
  it('takes msg="…" of a logfmt line and unescapes quotes (recorded)', () => {
    const [first, , third] = V2_LOGFMT_LINES.split('\n');
    assert.equal(messageOf(first!), 'CLAIM: Found a valid claimed_id, setting state to AGENT_CLAIMED');
    assert.equal(messageOf(third!), 'ACLK: HTTPS "GET" request to "cloud.test" finished with HTTP code: 503');
  });
  it('returns the whole line when it is not logfmt', () => {
    assert.equal(messageOf('Token: ****************'), 'Token: ****************');
  });
  it('an escaped backslash stays one backslash', () => {
    assert.equal(messageOf('level=info msg="a\\\\b"'), 'a\\b');
  });
  it('an escaped newline becomes a newline', () => {
    assert.equal(messageOf(logfmt('first\nsecond')), 'first\nsecond');
  });
});

describe('hasSeccompWarning', () => {
  it('finds the recorded run.sh warning', () => assert.equal(hasSeccompWarning(logLines(SECCOMP_WARNING_LINES)), true));
  it('not in ordinary output', () => assert.equal(hasSeccompWarning(recordedRuns(V1_CLAIM_SUCCESS_RUNSH)), false));
});

describe('claimScriptOutcome (v1 netdata-claim.sh)', () => {
  it('success (recorded)', () => {
    assert.deepEqual(claimScriptOutcome(recordedRuns(V1_CLAIM_SUCCESS_RUNSH)), { ran: true, succeeded: true, builtWithoutCloud: false });
  });
  it("403 over three runs (recorded): the last attempt's message", () => {
    const o = claimScriptOutcome(recordedRuns(V1_CLAIM_403_RUNSH));
    assert.equal(o.ran, true);
    assert.equal(o.succeeded, false);
    assert.equal(o.failure, 'token expired/token not found/invalid token');
    assert.equal(o.connectFailure, undefined);
  });
  it('409 (recorded): "already claimed" even though the script printed the write-config lines of a success', () => {
    const o = claimScriptOutcome(recordedRuns(V1_CLAIM_409_RUNSH));
    assert.equal(o.failure, 'already claimed');
    assert.equal(o.succeeded, false);
  });
  it('unreachable (recorded): the connect failure with URL and curl code', () => {
    const o = claimScriptOutcome(recordedRuns(V1_CLAIM_UNREACHABLE_RUNSH));
    assert.equal(o.failure, 'Unknown HTTP error message');
    assert.deepEqual(o.connectFailure, { url: 'https://cloud.test:58581', curlCode: 7 });
  });
  it('the same outcome from the raw lines in recorded order', () => {
    assert.equal(claimScriptOutcome(logLines(V1_CLAIM_403_RUNSH)).failure, 'token expired/token not found/invalid token');
  });
  it('only the last attempt counts: a failure then a success is a success', () => {
    const o = claimScriptOutcome([...logLines(V1_CLAIM_403_RUNSH), ...logLines(V1_CLAIM_SUCCESS_RUNSH)]);
    assert.equal(o.succeeded, true);
    assert.equal(o.failure, undefined);
  });
  it('"Node was successfully claimed." (daemon running) is a success', () => {
    assert.equal(claimScriptOutcome(logLines(['Token: ****', 'Node was successfully claimed.'])).succeeded, true);
  });
  it('no claim output: the script did not run', () => {
    assert.deepEqual(claimScriptOutcome(logLines(V1_LIVE_AGENT_LOG)), { ran: false, succeeded: false, builtWithoutCloud: false });
  });
  it('built with --disable-cloud (the Debian 1.37.1 script exits 3 before "Token:")', () => {
    const o = claimScriptOutcome(logLines('This agent was built with --disable-cloud and cannot be claimed'));
    assert.deepEqual(o, { ran: true, succeeded: false, builtWithoutCloud: true, failure: 'built without Cloud support' });
  });
  it('built without the dependencies for Cloud', () => {
    assert.equal(
      claimScriptOutcome(logLines('This agent was built without the dependencies for Cloud and cannot be claimed')).builtWithoutCloud,
      true,
    );
  });
});

describe('claimScriptExecError', () => {
  const bash = (what: string) => logLines(`/usr/sbin/run.sh: line 98: /usr/sbin/netdata-claim.sh: ${what}`);
  it("names bash's reason", () => {
    assert.equal(claimScriptExecError(bash('No such file or directory')), 'No such file or directory');
    assert.equal(claimScriptExecError(bash('Permission denied')), 'Permission denied');
    assert.equal(claimScriptExecError(bash('Is a directory')), 'Is a directory');
  });
  it('nothing in the recorded claim outputs', () => {
    assert.equal(claimScriptExecError(recordedRuns(V1_CLAIM_UNREACHABLE_RUNSH)), undefined);
  });
});

describe('v2ClaimFailure', () => {
  it('recorded "Claim rejected (403)": the reason, not the following AGENT_UNCLAIMED line', () => {
    assert.equal(v2ClaimFailure(logLines(V2_CLAIM_REJECTED_LOG)), 'Failed: token is expired, not found, or invalid');
  });
  it('the logfmt form', () => {
    assert.equal(
      v2ClaimFailure(logLines(logfmt('CLAIM: Failed: token is expired, not found, or invalid'))),
      'Failed: token is expired, not found, or invalid',
    );
  });
  it('other reasons of facts §2.4', () => {
    for (const reason of [
      'Failed: agent is already claimed',
      'Claiming is in progress',
      'Failed with response code 418',
      'Request failed with error: Timeout was reached',
      'Cannot write private key file: /var/lib/netdata/cloud.d/private.pem',
      "cannot read public key file '/var/lib/netdata/cloud.d/public.pem'",
    ]) {
      assert.equal(v2ClaimFailure(logLines(logfmt(`CLAIM: ${reason}`))), reason);
    }
  });
  it('no failure in a recorded successful v2 start', () => {
    assert.equal(v2ClaimFailure(logLines(V2_CONNECTED_LOG).filter((l) => !l.text.includes('cannot load cloud config'))), undefined);
  });
  it('"CLAIM: cannot load cloud config … Running with internal defaults." is not a claim failure', () => {
    assert.equal(v2ClaimFailure(logLines(V2_CONNECTED_LOG)), undefined);
  });
});

describe('aclkStateFromLogs', () => {
  it('v1 live (recorded): connected', () => {
    assert.deepEqual(aclkStateFromLogs(logLines(V1_LIVE_AGENT_LOG)), { state: 'connected', line: 'ACLK CONNECTED' });
  });
  it('v1 never connected (recorded): no connection event', () => {
    assert.deepEqual(aclkStateFromLogs(logLines(V1_UNSEEN_AGENT_LOG)), { state: undefined });
  });
  it('v2 connected (recorded)', () => {
    assert.equal(aclkStateFromLogs(logLines(V2_CONNECTED_LOG)).state, 'connected');
  });
  it('v2 never connected (recorded): the status line says why', () => {
    assert.deepEqual(aclkStateFromLogs(logLines(V2_NEVER_CONNECTED_LOG)), {
      state: 'disconnected',
      line: 'Netdata Cloud, ACLK connection status: /env response code is not 200',
    });
  });
  it('v2 was connected, then the Cloud refused (recorded): the last event wins', () => {
    assert.deepEqual(aclkStateFromLogs(logLines(V2_CLOUD_REFUSED_LOG)), {
      state: 'disconnected',
      line: 'Netdata Cloud, ACLK connection status: connection refused',
    });
  });
  it('"ACLK: connection successfully established" (v2.3+) in logfmt', () => {
    assert.equal(aclkStateFromLogs(logLines(logfmt('ACLK: connection successfully established', { level: 'info' }))).state, 'connected');
  });
  it("the access log's ACLK DISCONNECTED after a connection", () => {
    assert.equal(aclkStateFromLogs(logLines(['ACLK CONNECTED', 'ACLK DISCONNECTED'], { stream: 'stdout' })).state, 'disconnected');
  });
});

describe('CLONE3_ERROR', () => {
  it('matches the recorded OCI error and thread creation failures', () => {
    assert.ok(CLONE3_ERROR.test(CLONE3_STATE_ERROR));
    assert.ok(CLONE3_ERROR.test('pthread_create() failed: Operation not permitted'));
  });
  it('does not match ordinary lines', () => {
    assert.ok(!CLONE3_ERROR.test('Connection attempt 1 successful'));
    assert.ok(!CLONE3_ERROR.test(''));
  });
});
