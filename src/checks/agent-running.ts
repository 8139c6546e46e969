// agent.running: is the agent container up, and if not, why did it stop (CONTRACT §4; FM13, FM26).

import type { NodeCheck } from './types.ts';
import { ev, finding, formatDuration } from './finding.ts';
import { CLAIM_EXIT_CODES, SHELL_EXIT_CODES, isClaimExitCode } from '../agent/claim-exit-codes.ts';
import { claimScriptOutcome } from '../agent/logs.ts';
import { logs, recreate, start } from './remedy.ts';
import { startSteps, stepsFor, unpauseSteps } from '../remedy/index.ts';
import { claimFailureNote, claimFailureSteps, noSteps, recreateKeepingIdentity, recreateNote } from './steps.ts';
import { claimScriptSteps } from './claim-script.ts';
import { seccompSteps, SECCOMP_STEPS_NOTE } from './host-seccomp.ts';
import { readStatusRecords, type RunEnding, type StatusRecord } from '../agent/status-record.ts';
import type { ContainerFacts, NodeFacts } from '../facts/types.ts';
import { readThem, unreadableEvidence, unreadableLogs } from './log-place.ts';

/** Exit codes of a stop the user asked for: a clean exit, or SIGTERM from `docker stop`. */
const USER_STOP_CODES = new Set([0, 143]);

export const agentRunning: NodeCheck = ({ node, agent, startPeriodMs, startedAgoMs, currentLogs }) => {
  const c = node.container;
  const evidence = {
    status: ev(c.status, 'inspect State.Status'),
    exitCode: ev(c.exitCode, 'inspect State.ExitCode'),
    restartCount: ev(c.restartCount, 'inspect RestartCount'),
    restartPolicy: ev(
      `${c.restartPolicy.name || 'no'}${c.restartPolicy.maximumRetryCount ? `:${c.restartPolicy.maximumRetryCount}` : ''}`,
      'inspect HostConfig.RestartPolicy',
    ),
  };

  if (c.status === 'running' && !c.restarting) {
    const since = Number.isFinite(startedAgoMs) ? ` for ${formatDuration(startedAgoMs)}` : '';
    return finding(
      'agent.running',
      'pass',
      'ok',
      `running${since}${c.restartCount ? ` (restarted ${c.restartCount} times)` : ''}`,
      evidence,
    );
  }
  if (c.status === 'paused') {
    return finding(
      'agent.running',
      'warn',
      'paused',
      'paused: the agent cannot talk to Netdata Cloud while paused',
      evidence,
      `docker unpause ${c.name}`,
      stepsFor(c, unpauseSteps),
    );
  }
  if (c.status === 'created') {
    if (c.stateError) {
      const seccomp = /seccomp|clone3/i.test(c.stateError);
      return finding(
        'agent.running',
        'fail',
        seccomp ? 'seccomp-blocked-start' : 'start-failed',
        `could not start: ${c.stateError}`,
        { ...evidence, error: ev(c.stateError, 'inspect State.Error') },
        seccomp
          ? `See host.seccomp: update Docker, runc and libseccomp on the host.${c.spec ? SECCOMP_STEPS_NOTE : ''}`
          : `Fix the cause above, then ${start(c)}. ${noSteps("the engine's error names the fix, which depends on this host")}`,
        seccomp ? seccompSteps(c) : [],
      );
    }
    return finding('agent.running', 'warn', 'created', 'created but not started yet', evidence, start(c), stepsFor(c, startSteps));
  }

  // This run's exit is explained only by this run's claim attempt, never by an earlier run's.
  const claim = claimScriptOutcome(currentLogs);
  const v1 = agent.generation === 1;
  const loop = c.restarting || c.status === 'restarting';
  const restarts = c.restartCount ? `, restarted ${c.restartCount} times` : '';

  if (c.oomKilled) {
    // Double a limit the container has; without one the host itself ran out, which no container option fixes.
    const limit = c.spec?.memory ?? 0;
    return finding(
      'agent.running',
      'fail',
      'oom-killed',
      `killed by the kernel: out of memory${restarts}`,
      { ...evidence, oomKilled: ev(true, 'inspect State.OOMKilled') },
      limit > 0
        ? `Raise the memory limit of ${c.name} (mem_limit / --memory): the steps recreate it with ${Math.round((2 * limit) / 1048576)} MiB, twice the limit it has.${recreateNote(c)}`
        : `Raise or remove the memory limit of ${c.name} (mem_limit / --memory), then ${start(c)}.${c.spec ? ` ${noSteps('the container has no memory limit: the host ran out of memory')}` : ''}`,
      limit > 0 ? recreateKeepingIdentity(c, { memory: 2 * limit }) : [],
    );
  }
  if (v1 && isClaimExitCode(c.exitCode) && (claim.failure !== undefined || !node.logs.ok)) {
    const meaning = CLAIM_EXIT_CODES[c.exitCode]!;
    return finding(
      'agent.running',
      'fail',
      `claim-failed-${meaning.cause}`,
      `${loop ? 'restart loop' : 'exited'}: the claim script failed with exit ${c.exitCode} (${meaning.meaning}), so the agent never started${restarts}`,
      { ...evidence, ...(claim.failure ? { claimError: ev(claim.failure, 'logs: netdata-claim.sh') } : {}) },
      `The v1 entrypoint runs netdata-claim.sh under set -e: ${meaning.fix}; then ${recreate(c)}. See claim.state.${claimFailureNote(meaning.cause, c)}`,
      claimFailureSteps(meaning.cause, { node, agent }),
    );
  }
  const ended = runEnding(node.files, c);
  if (ended) {
    const { words, ending, record } = ended;
    return finding(
      'agent.running',
      'fail',
      words,
      `${loop ? 'restart loop' : 'exited'} with ${c.exitCode}: ${ending.explanation.replace(/\.$/, '')} (status-netdata.json)${restarts}`,
      {
        ...evidence,
        exitReason: ev(
          record.exitReasons.map((r) => r.reason),
          `file: ${record.path} agent.exit_reason`,
        ),
        ...(record.fatal?.message ? { fatal: ev(record.fatal.message, `file: ${record.path} fatal.message`) } : {}),
      },
      `${ending.remedy[0]!.toUpperCase()}${ending.remedy.slice(1).replace(/\.$/, '')}${words === 'bad-system-call' ? ' (see host.seccomp)' : ''}; ` +
        `then ${start(c)}. ${noSteps("the fix is what the agent's own exit reason above names, which no command here can make for it")}`,
    );
  }
  if (c.exitCode === 126 || c.exitCode === 127) {
    const script = claimScriptSteps({ node, agent });
    return finding(
      'agent.running',
      'fail',
      'claim-script-not-runnable',
      `${loop ? 'restart loop' : 'exited'} with ${c.exitCode}: ${SHELL_EXIT_CODES[c.exitCode]}${restarts}`,
      evidence,
      `See claim.script, then ${recreate(c)}.${script.note}`,
      script.steps,
    );
  }
  if (c.stateError && /seccomp|clone3/i.test(c.stateError)) {
    return finding(
      'agent.running',
      'fail',
      'seccomp-blocked-start',
      `could not start: ${c.stateError}`,
      { ...evidence, error: ev(c.stateError, 'inspect State.Error') },
      `See host.seccomp: update Docker, runc and libseccomp on the host.${c.spec ? SECCOMP_STEPS_NOTE : ''}`,
      seccompSteps(c),
    );
  }
  const unknownCause = noSteps('the logs must first say why it exits; starting it again would only repeat the exit');
  if (loop) {
    return finding(
      'agent.running',
      'fail',
      'restart-loop',
      `restart loop: last exit code ${c.exitCode}${restarts}`,
      evidence,
      `Read why it exits: ${logs(c)}. ${unknownCause}`,
    );
  }
  if (USER_STOP_CODES.has(c.exitCode)) {
    return finding(
      'agent.running',
      'warn',
      'stopped-by-user',
      `stopped (exit ${c.exitCode}), apparently by the user`,
      evidence,
      start(c),
      stepsFor(c, startSteps),
    );
  }
  const lived = c.startedAt && c.finishedAt ? c.finishedAt.getTime() - c.startedAt.getTime() : undefined;
  const elsewhere = lived !== undefined && lived >= 0 && lived < startPeriodMs ? unreadableLogs(node, true) : undefined;
  if (elsewhere) {
    return finding(
      'agent.running',
      'fail',
      'logs-unreadable',
      `exited early with exit ${c.exitCode}; why is not in docker logs (${elsewhere.why}): the lines are in ${elsewhere.where}${restarts}`,
      { ...evidence, ...unreadableEvidence(elsewhere) },
      `${readThem(elsewhere)} Fix what they say, then ${start(c)}. ${noSteps('the cause is in the lines named above, which must be read first')}`,
    );
  }
  if (lived !== undefined && lived >= 0 && lived < startPeriodMs) {
    return finding(
      'agent.running',
      'fail',
      'exited-early',
      `exited early: stopped ${formatDuration(lived)} after start with exit ${c.exitCode}, before it could connect to Netdata Cloud${restarts}`,
      { ...evidence, ranFor: ev(formatDuration(lived), 'inspect State.StartedAt/FinishedAt') },
      `Read why it stopped (${logs(c)}), fix that, then ${start(c)}. ${unknownCause}`,
    );
  }
  return finding(
    'agent.running',
    'fail',
    'exited',
    `${c.status} with exit code ${c.exitCode}${restarts}`,
    evidence,
    `Read why it stopped (${logs(c)}), then ${start(c)}.${c.spec ? ' The steps start it.' : ''}`,
    stepsFor(c, startSteps),
  );
};

/** Endings in status-netdata.json that name why a run failed (a stop the user asked for is not one). */
const FAILED_ENDINGS: ReadonlySet<string> = new Set([
  'out-of-memory',
  'port-in-use',
  'fatal',
  'crash-bus-error',
  'crash-segfault',
  'crash-floating-point',
  'crash-illegal-instruction',
  'crash-abort',
  'cpu-time-limit',
  'file-size-limit',
  'shutdown-timeout',
  'killed-while-running',
  'killed-while-exiting',
  'died-initializing',
]);

/** Every cause words runEnding() can give agent.running. */
export const RUN_ENDING_CAUSES: readonly string[] = [...FAILED_ENDINGS, 'bad-system-call'];

/**
 * How the stopped or restarting container's last run ended, by the agent's own record (this run's, else the
 * run before it), when that names a failure: the cause words for agent.running, the ending and its record.
 */
export function runEnding(
  files: NodeFacts['files'],
  c: Pick<ContainerFacts, 'startedAt' | 'status'>,
): { words: string; ending: RunEnding; record: StatusRecord } | undefined {
  const inputs = [
    ...(files.statusFile.ok ? [{ path: '/var/lib/netdata/status-netdata.json', text: files.statusFile.value }] : []),
    ...(files.statusCopies?.ok ? files.statusCopies.value.copies : []),
  ];
  if (inputs.length === 0) return undefined;
  const reading = readStatusRecords(inputs, { ...(c.startedAt ? { startedAt: c.startedAt } : {}), running: c.status === 'running' });
  for (const record of [reading.thisRun, reading.lastRun]) {
    const ending = record?.ending;
    if (!record || !ending) continue;
    if (ending.cause === 'host.seccomp/bad-system-call') return { words: 'bad-system-call', ending, record };
    const words = ending.cause.startsWith('agent.running/') ? ending.cause.slice('agent.running/'.length) : undefined;
    if (words && FAILED_ENDINGS.has(words)) return { words, ending, record };
    // A fatal message that is a known line of another check still ended the run on a fatal error.
    if (ending.from === 'fatal.message') return { words: 'fatal', ending, record };
    if (words) return undefined;
  }
  return undefined;
}
