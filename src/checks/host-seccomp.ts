// host.seccomp: old Docker/libseccomp hosts answer EPERM for newer syscalls (statx, faccessat2, clone3),
// which breaks the v1 claim and, on Debian-based images, thread creation (facts §6; FM09, FM10).

import type { NodeCheck } from './types.ts';
import { ev, finding, skip } from './finding.ts';
import { CLONE3_ERROR, hasSeccompWarning } from '../agent/logs.ts';
import { recreate } from './remedy.ts';
import type { ContainerFacts, Step } from '../facts/types.ts';
import { recreateKeepingIdentity, recreateNote } from './steps.ts';
import { runEnding } from './agent-running.ts';
import { unreadableEvidence, unreadableLogs } from './log-place.ts';

/** Docker releases before this shipped a seccomp profile that breaks newer libcs (facts §6 thresholds). */
const FIRST_SAFE_DOCKER = [20, 10];

const dockerBelow = (version: string | undefined, [major, minor]: number[]): boolean => {
  const match = /^(\d+)\.(\d+)/.exec(version ?? '');
  if (!match) return false;
  const [a, b] = [Number(match[1]), Number(match[2])];
  return a < major! || (a === major && b < minor!);
};

const FIX_HOST =
  'Update Docker (≥ 20.10), runc and libseccomp (≥ 2.4.4) on the host. If that is impossible, run the agent with a seccomp profile that allows the call (security_opt: seccomp=<profile.json>), or, as a last resort, security_opt: seccomp:unconfined.';

/** The last resort as steps (the host update cannot be written for every distribution): recreate with seccomp unconfined. */
export const seccompSteps = (c: ContainerFacts): Step[] =>
  recreateKeepingIdentity(c, { removeSecurityOpt: ['seccomp'], addSecurityOpt: ['seccomp=unconfined'] });

export const SECCOMP_STEPS_NOTE =
  ' Until the host is updated, the steps apply the last resort: they recreate the agent with ' +
  'security_opt seccomp=unconfined (undo it after the update).';

export const hostSeccomp: NodeCheck = ({ node, agent, engine, currentLogs: currentRun }) => {
  const c = node.container;
  const unconfined = c.securityOpt.some((o) => /^seccomp[=:]unconfined$/.test(o));
  const evidence = {
    engineVersion: ev(engine.version ?? 'unknown', 'GET /version'),
    securityOpt: ev(c.securityOpt, 'inspect HostConfig.SecurityOpt'),
    readonlyRootfs: ev(c.readonlyRootfs, 'inspect HostConfig.ReadonlyRootfs'),
  };
  const steps = seccompSteps(c);
  const note = c.spec ? `${SECCOMP_STEPS_NOTE}${recreateNote(c)}` : '';
  const clone3 = CLONE3_ERROR.test(c.stateError)
    ? c.stateError
    : node.logs.ok
      ? node.logs.value.find((l) => CLONE3_ERROR.test(l.text))?.text
      : undefined;
  if (clone3) {
    return finding(
      'host.seccomp',
      'fail',
      'clone3-blocked',
      `the host's seccomp filter blocks clone3: ${clone3.slice(0, 160)}`,
      { ...evidence, error: ev(clone3, CLONE3_ERROR.test(c.stateError) ? 'inspect State.Error' : 'logs') },
      `${FIX_HOST} Then ${recreate(c)}.${note}`,
      steps,
    );
  }
  const ended = runEnding(node.files, c);
  if (ended?.words === 'bad-system-call') {
    return finding(
      'host.seccomp',
      'fail',
      'bad-system-call',
      "the agent was killed by SIGSYS: the host's seccomp filter blocked a system call (status-netdata.json)",
      {
        ...evidence,
        exitReason: ev(
          ended.record.exitReasons.map((r) => r.reason),
          `file: ${ended.record.path} agent.exit_reason`,
        ),
      },
      `${FIX_HOST} Then ${recreate(c)}.${SECCOMP_STEPS_NOTE}`,
      seccompSteps(c),
    );
  }
  if (hasSeccompWarning(currentRun)) {
    const withWarning = {
      ...evidence,
      warning: ev('WARNING: This Docker host appears to not properly support newer stat system calls…', 'logs: run.sh'),
    };
    if (c.readonlyRootfs) {
      return finding(
        'host.seccomp',
        'pass',
        'ok',
        'run.sh printed the seccomp warning because the root filesystem is read-only (--read-only), not because of seccomp',
        withWarning,
      );
    }
    if (agent.generation !== 2 && !agent.claimId) {
      return finding(
        'host.seccomp',
        'fail',
        'old-stat-syscalls-block-claim',
        'this host\'s seccomp filter breaks file tests in the container (run.sh warns "cannot be claimed"): the v1 claim will fail',
        withWarning,
        `${FIX_HOST} Then ${recreate(c)}.${note}`,
        steps,
      );
    }
    return finding(
      'host.seccomp',
      'warn',
      'old-stat-syscalls',
      `run.sh warns that this host does not support newer stat system calls (the agent is ${agent.claimId ? 'already claimed' : 'v2'}, so claiming is not blocked)`,
      withWarning,
      `${FIX_HOST}${note}`,
      steps,
    );
  }
  if (!engine.info.ok && !node.logs.ok) {
    return skip('host.seccomp', 'no-evidence', `no evidence: /info ${engine.info.reason}; logs ${node.logs.reason}`);
  }
  const defaultProfile =
    engine.info.ok && engine.info.value.securityOptions.some((o) => /name=seccomp/.test(o) && !/profile=unconfined/.test(o));
  if (dockerBelow(engine.version, FIRST_SAFE_DOCKER) && defaultProfile && !unconfined) {
    return finding(
      'host.seccomp',
      'warn',
      'old-engine-default-profile',
      `Docker ${engine.version} with its default seccomp profile is known to break newer agent images`,
      { ...evidence, securityOptions: ev(engine.info.ok ? engine.info.value.securityOptions : [], 'GET /info SecurityOptions') },
      `${FIX_HOST}${note}`,
      steps,
    );
  }
  if (!node.logs.ok) {
    // The engine is not one known to break agents, but the warning run.sh would print cannot be seen:
    // unreadable logs never mean "no problem" (CONTRACT §3).
    return skip(
      'host.seccomp',
      'logs-unreadable',
      `logs ${node.logs.reason}: run.sh's seccomp warning cannot be seen (Docker ${engine.version ?? 'unknown'} is not a version known to break agents)`,
    );
  }
  // run.sh's warning is the entrypoint's; only a driver that keeps nothing hides it.
  const elsewhere = unreadableLogs(node, false);
  if (elsewhere) {
    return skip(
      'host.seccomp',
      'logs-unreadable',
      `run.sh's seccomp warning cannot be seen: ${elsewhere.why}; the lines are in ${elsewhere.where}`,
      unreadableEvidence(elsewhere),
    );
  }
  return finding(
    'host.seccomp',
    'pass',
    'ok',
    `no seccomp problem seen (Docker ${engine.version ?? 'unknown'}${unconfined ? ', seccomp unconfined for this container' : ''})`,
    evidence,
  );
};
