// agent.running (CONTRACT §4): fail for exited/dead/restart loop/OOM not by the user, for an early exit, and
// for a v1 image whose run's logs show the claim script failed (exit code mapped; 126/127 → claim.script);
// warn for stopped by the user (exit 0/143), paused, starting (created). No skip.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { agentRunning } from '../../../src/checks/agent-running.ts';
import { readFailed } from '../../../src/facts/types.ts';
import {
  V1_CLAIM_403_RUNSH,
  V1_CLAIM_409_RUNSH,
  V1_CLAIM_UNREACHABLE_RUNSH,
  CLONE3_STATE_ERROR,
  assertStatus,
  claimEnv,
  composeLabels,
  logLines,
  logsOk,
  minutesAgo,
  nodeFacts,
  recordedRuns,
  runNodeCheck,
  secondsAgo,
  v2NodeFacts,
  STARTED,
} from '../fixtures.ts';

const run = (over: Parameters<typeof nodeFacts>[0]) => runNodeCheck(agentRunning, nodeFacts(over));
const exited = (exitCode: number, extra: NonNullable<Parameters<typeof nodeFacts>[0]>['container'] = {}) => ({
  status: 'exited' as const,
  exitCode,
  startedAt: minutesAgo(30),
  finishedAt: minutesAgo(20),
  restartPolicy: { name: 'no', maximumRetryCount: 0 },
  env: claimEnv(),
  ...extra,
});

describe('agent.running', () => {
  it('pass: running, with how long', () => {
    const f = run({});
    assertStatus(f, 'pass');
    assert.equal(f.summary, 'running for 10m');
  });

  it('pass: running after restarts says how many', () => {
    const f = run({ container: { restartCount: 3 } });
    assertStatus(f, 'pass');
    assert.equal(f.summary, 'running for 10m (restarted 3 times)');
  });

  it('pass: running without a start time', () => {
    const f = run({ container: { startedAt: undefined } });
    assertStatus(f, 'pass');
    assert.equal(f.summary, 'running');
  });

  it('warn: paused, with docker unpause <name>', () => {
    const f = run({ container: { status: 'paused', name: 'my-agent' } });
    assertStatus(f, 'warn');
    assert.match(f.summary, /paused/);
    assert.equal(f.remedy, 'docker unpause my-agent');
  });

  it('warn: created, not started yet (starting)', () => {
    const f = run({ container: { status: 'created', startedAt: undefined } });
    assertStatus(f, 'warn');
    assert.match(f.summary, /created but not started/);
    assert.equal(f.remedy, 'docker start netdata');
  });

  it('warn: created in compose names the service', () => {
    const f = run({ container: { status: 'created', labels: composeLabels('agent') } });
    assert.equal(f.remedy, 'docker compose up -d agent');
  });

  it('warn: stopped by the user (exit 0)', () => {
    const f = run({ container: exited(0) });
    assertStatus(f, 'warn');
    assert.equal(f.summary, 'stopped (exit 0), apparently by the user');
    assert.equal(f.remedy, 'docker start netdata');
  });

  it('warn: stopped by docker stop (exit 143)', () => {
    const f = run({ container: exited(143) });
    assertStatus(f, 'warn');
    assert.match(f.summary, /exit 143/);
  });

  it('warn: stopped by the user even when it ran for less than the start period', () => {
    const f = run({ container: exited(0, { startedAt: secondsAgo(20), finishedAt: secondsAgo(10) }) });
    assertStatus(f, 'warn');
  });

  it('fail: OOM-killed, naming the container in the remedy', () => {
    const f = run({ container: exited(137, { oomKilled: true, restartCount: 2, name: 'nd' }) });
    assertStatus(f, 'fail');
    assert.equal(f.summary, 'killed by the kernel: out of memory, restarted 2 times');
    assert.match(f.remedy!, /memory limit of nd/);
    assert.equal(f.evidence.oomKilled!.value, true);
  });

  it('fail: v1 claim failed (recorded 403 run, exit 12): mapped to its meaning', () => {
    const f = run({
      container: exited(12, { restartCount: 2, restartPolicy: { name: 'on-failure', maximumRetryCount: 2 } }),
      logs: logsOk(recordedRuns(V1_CLAIM_403_RUNSH)),
    });
    assertStatus(f, 'fail');
    assert.match(
      f.summary,
      /^exited: the claim script failed with exit 12 \(the claim token is expired, unknown or invalid\), so the agent never started, restarted 2 times$/,
    );
    assert.equal(f.evidence.claimError!.value, 'token expired/token not found/invalid token');
    assert.match(f.remedy!, /NETDATA_CLAIM_TOKEN/);
    assert.match(f.remedy!, /recreate netdata with the change \(the steps below\)/);
  });

  it('fail: v1 claim failed in a restart loop (recorded 409, exit 13), compose service in the remedy', () => {
    const f = run({
      container: { ...exited(13), status: 'restarting', restarting: true, labels: composeLabels('agent') },
      logs: logsOk(recordedRuns(V1_CLAIM_409_RUNSH)),
    });
    assertStatus(f, 'fail');
    assert.match(f.summary, /^restart loop: the claim script failed with exit 13 \(Netdata Cloud says this node is already claimed/);
    assert.match(f.remedy!, /docker compose up -d --force-recreate agent/);
  });

  it('fail: v1 claim failed, unreachable claim URL (recorded, exit 7)', () => {
    const f = run({ container: exited(7), logs: logsOk(recordedRuns(V1_CLAIM_UNREACHABLE_RUNSH)) });
    assertStatus(f, 'fail');
    assert.match(f.summary, /exit 7 \(unknown HTTP error, or the claim URL could not be reached\)/);
    assert.equal(f.evidence.claimError!.value, 'Unknown HTTP error message');
  });

  it('fail: v1 claim exit code with unreadable logs is still read as the claim script failing', () => {
    const f = run({ container: exited(12), logs: readFailed('logging driver "journald" cannot be read') });
    assertStatus(f, 'fail');
    assert.match(f.summary, /claim script failed with exit 12/);
    assert.equal(f.evidence.claimError, undefined);
  });

  it('fail: v1 exit code 1..18 without any claim output is not blamed on the claim script', () => {
    const f = run({ container: exited(2), logs: logsOk(logLines('netdata: some other fatal error')) });
    assertStatus(f, 'fail');
    assert.doesNotMatch(f.summary, /claim script/);
    assert.equal(f.summary, 'exited with exit code 2');
  });

  it("fail: a claim failure only in an earlier run does not explain this run's exit", () => {
    const lines = recordedRuns(V1_CLAIM_403_RUNSH).map((l) => ({ ...l, run: 'previous' as const }));
    const f = run({ container: exited(2), logs: logsOk(lines, logLines('some other error')) });
    assertStatus(f, 'fail');
    assert.doesNotMatch(f.summary, /claim script/);
  });

  it('fail: v2 image exiting 12 is not a claim-script exit (v2 has none)', () => {
    const node = v2NodeFacts({ container: exited(12), logs: logsOk(recordedRuns(V1_CLAIM_403_RUNSH)) });
    const f = runNodeCheck(agentRunning, node);
    assertStatus(f, 'fail');
    assert.doesNotMatch(f.summary, /claim script/);
  });

  it('fail: 127 (claim script not found) points to claim.script', () => {
    const f = run({
      container: exited(127),
      logs: logsOk(logLines('/usr/sbin/run.sh: line 98: /usr/sbin/netdata-claim.sh: No such file or directory')),
    });
    assertStatus(f, 'fail');
    assert.equal(f.summary, 'exited with 127: the claim script was not found');
    assert.match(f.remedy!, /claim\.script/);
  });

  it('fail: 126 in a restart loop (claim script not executable)', () => {
    const f = run({ container: { ...exited(126), status: 'restarting', restarting: true, restartCount: 5 } });
    assertStatus(f, 'fail');
    assert.equal(
      f.summary,
      'restart loop with 126: the claim script exists but cannot be executed (not executable, or a directory), restarted 5 times',
    );
  });

  it('fail: clone3 seccomp error in State.Error', () => {
    const f = run({ container: exited(128, { stateError: CLONE3_STATE_ERROR }) });
    assertStatus(f, 'fail');
    assert.match(f.summary, /could not start: .*clone3/);
    assert.match(f.remedy!, /host\.seccomp/);
    assert.equal(f.evidence.error!.source, 'inspect State.Error');
  });

  // A failed `docker start` (OCI runtime create failed) leaves the container in "created" with ExitCode 128
  // and State.Error set: it is not "starting", it cannot start, and `docker start` (the remedy) fails again.
  it('fail: created with a start error in State.Error is not "starting"', () => {
    const f = run({ container: { status: 'created', exitCode: 128, startedAt: undefined, stateError: CLONE3_STATE_ERROR } });
    assertStatus(f, 'fail');
    assert.match(f.summary, /clone3/);
  });

  it('fail: restart loop for another reason names the last exit code and how to read why', () => {
    const f = run({ container: { status: 'restarting', restarting: true, exitCode: 1, restartCount: 7, startedAt: STARTED } });
    assertStatus(f, 'fail');
    assert.equal(f.summary, 'restart loop: last exit code 1, restarted 7 times');
    assert.match(f.remedy!, /docker logs netdata/);
  });

  it('fail: running but Docker says it is restarting counts as a loop', () => {
    const f = run({ container: { status: 'running', restarting: true, exitCode: 139, restartCount: 1 } });
    assertStatus(f, 'fail');
    assert.match(f.summary, /^restart loop/);
  });

  it('fail: exited early, within the start period', () => {
    const f = run({ container: exited(139, { startedAt: secondsAgo(100), finishedAt: secondsAgo(97) }) });
    assertStatus(f, 'fail');
    assert.match(f.summary, /^exited early: stopped 3s after start with exit 139/);
    assert.equal(f.evidence.ranFor!.value, '3s');
    assert.match(f.remedy!, /docker logs netdata/);
  });

  it('fail: exited after running longer than the start period', () => {
    const f = run({ container: exited(139) });
    assertStatus(f, 'fail');
    assert.equal(f.summary, 'exited with exit code 139');
    assert.match(f.remedy!, /docker start netdata/);
  });

  it('fail: dead', () => {
    const f = run({ container: { status: 'dead', exitCode: 255, startedAt: minutesAgo(60), finishedAt: minutesAgo(50) } });
    assertStatus(f, 'fail');
    assert.equal(f.summary, 'dead with exit code 255');
  });

  it('a longer start period turns a "long" run into an early exit', () => {
    const node = nodeFacts({ container: exited(1, { startedAt: minutesAgo(5), finishedAt: minutesAgo(3) }) });
    assertStatus(runNodeCheck(agentRunning, node), 'fail');
    assert.match(
      runNodeCheck(agentRunning, node, { startPeriodMs: 5 * 60_000 }).summary,
      /^exited early: stopped 2m after start with exit 1/,
    );
    assert.match(runNodeCheck(agentRunning, node).summary, /^exited with exit code 1/);
  });

  it('evidence: status, exit code, restart count and policy with their inspect fields', () => {
    const f = run({
      container: exited(12, { restartPolicy: { name: 'on-failure', maximumRetryCount: 2 } }),
      logs: logsOk(recordedRuns(V1_CLAIM_403_RUNSH)),
    });
    assert.deepEqual(f.evidence.status, { value: 'exited', source: 'inspect State.Status' });
    assert.deepEqual(f.evidence.exitCode, { value: 12, source: 'inspect State.ExitCode' });
    assert.deepEqual(f.evidence.restartPolicy, { value: 'on-failure:2', source: 'inspect HostConfig.RestartPolicy' });
  });
});
