// claim.state: is the agent claimed, and if a claim was configured but did not happen, why
// (from persisted files and this run's logs; the agent API adds its own reason later). FM06, FM07, FM13.

import type { NodeCheck } from './types.ts';
import { ev, evSourced, finding, formatDuration, skip } from './finding.ts';
import { claimScriptExecError, claimScriptOutcome, v2ClaimFailure } from '../agent/logs.ts';
import { CLAIM_EXIT_CODES, isClaimExitCode } from '../agent/claim-exit-codes.ts';
import { claimConfigured } from '../agent/identity.ts';
import { classifyReason } from '../agent/api/index.ts';
import { recreate, restart } from './remedy.ts';
import { shellQuote, stepsFor } from '../remedy/index.ts';
import { claimEnvKeepingIdentity, claimFailureNote, claimFailureSteps, noSteps, recreateKeepingIdentity, recreateNote } from './steps.ts';
import { claimScriptSteps } from './claim-script.ts';
import { explain, type Explained } from '../agent/vocabulary.ts';
import { readThem, unreadableEvidence, unreadableLogs } from './log-place.ts';

/** The claim script's message → the exit code it goes with (observed-v1.47.5.md), for the remedy. */
const V1_MESSAGE_CODES: Record<string, number> = {
  'token expired/token not found/invalid token': 12,
  'already claimed': 13,
  'invalid room id': 10,
  'invalid node id': 8,
  'invalid node name': 9,
  'invalid public key': 11,
  'Unknown HTTP error message': 7,
};

/** A claim failure reason in the agent's vocabulary, when it names a claim.state cause. */
export function explainClaimFailure(reason: string): Explained | undefined {
  const said = explain(reason, 'claim.state', { as: 'claim-failure' });
  return said.recognized && said.cause.startsWith('claim.state/') && said.cause !== 'claim.state/ok' ? said : undefined;
}

function v2Fix(reason: string, c: Parameters<typeof recreate>[0]): string {
  const retry = `then retry the claim: docker exec ${c.name} netdatacli reload-claiming-state (or ${restart(c)})`;
  const said = explainClaimFailure(reason);
  const named = v2FixByWords(reason, c, retry);
  if (!said) return named ?? `Fix the cause named above, ${retry}.`;
  // The vocabulary's remedy for these words, then the one with this container's names.
  const remedy = `${said.remedy[0]!.toUpperCase()}${said.remedy.slice(1)}${/[.!]$/.test(said.remedy) ? '' : '.'}`;
  return named ? `${remedy} ${named}` : `${remedy.replace(/\.$/, '')}; ${retry}.`;
}

function v2FixByWords(reason: string, c: Parameters<typeof recreate>[0], retry: string): string | undefined {
  if (/token/i.test(reason))
    return `Copy a fresh claim token from the Space's "Connect Nodes" page into NETDATA_CLAIM_TOKEN, ${recreate(c)}.`;
  if (/already claimed|node id/i.test(reason))
    return `The identity is taken (cloned or reused volume): remove /var/lib/netdata/registry/netdata.public.unique.id and /var/lib/netdata/cloud.d, ${retry}.`;
  if (/room/i.test(reason)) return `Copy NETDATA_CLAIM_ROOMS again from the "Connect Nodes" page, ${recreate(c)}.`;
  if (/Request failed|resolve|connect|timeout|SSL|certificate/i.test(reason))
    return `The claim request did not reach Netdata Cloud: check DNS, firewall (app.netdata.cloud:443) and proxy from the container, ${retry}.`;
  if (/Cannot write|key file/i.test(reason))
    return `The agent cannot write /var/lib/netdata/cloud.d: make the volume writable by UID 201, ${retry}.`;
  return undefined;
}

/** The cause words of a claim failure: its vocabulary's, else from the class of the agent's or the script's reason. */
export function claimFailureCause(reason: string): string {
  const said = explainClaimFailure(reason);
  if (said) return said.cause.slice('claim.state/'.length);
  const { category } = classifyReason(reason);
  return CLAIM_FAILURE_CAUSES[category] ?? 'unrecognized-reason';
}

export const CLAIM_FAILURE_CAUSES: Readonly<Record<string, string>> = {
  token: 'token-rejected',
  'already-claimed': 'already-claimed',
  rooms: 'room-id-rejected',
  banned: 'banned',
  local: 'local-error',
  config: 'config-error',
  http: 'unknown-http-error',
  'cloud-error': 'cloud-error',
  proxy: 'proxy-failed',
  dns: 'dns-failed',
  tcp: 'connection-failed',
  tls: 'tls-failed',
  env: 'http-error',
  otp: 'http-error',
};

export const claimState: NodeCheck = ({ node, agent, cloud, logs: lines, currentLogs: current, startedAgoMs, inStartPeriod }) => {
  const c = node.container;
  const failed = (cause: string, summary: string, evidence: Record<string, ReturnType<typeof ev>>, remedy: string) =>
    finding(
      'claim.state',
      'fail',
      cause,
      summary,
      evidence,
      `${remedy}${claimFailureNote(cause, c)}`,
      claimFailureSteps(cause, { node, agent }),
    );
  // The live agent API outranks files and logs (CONTRACT §3 precedence).
  if (cloud.claimed?.value === true && (cloud.claimId?.value || agent.claimId)) {
    const id = (typeof cloud.claimId?.value === 'string' ? cloud.claimId.value : undefined) ?? agent.claimId!.value;
    return finding('claim.state', 'pass', 'ok', `claimed (claim ID ${id})`, {
      claimed: ev(true, cloud.claimed.from),
      ...(agent.claimId ? { claimId: evSourced(agent.claimId) } : {}),
    });
  }
  const reported = cloud.reason?.value;
  if (cloud.claimed?.value === false && reported && classifyReason(reported).phase === 'claim' && !/not claimed yet/i.test(reported)) {
    return failed(
      claimFailureCause(reported),
      `claim failed: ${reported.split('\n')[0]}`,
      { reason: ev(reported, cloud.reason!.from), claimed: ev(false, cloud.claimed.from) },
      v2Fix(reported, c),
    );
  }
  if (agent.claimId) {
    return finding('claim.state', 'pass', 'ok', `claimed (claim ID ${agent.claimId.value})`, { claimId: evSourced(agent.claimId) });
  }
  // The files may be unreadable (archive denied) while the logs of this run say the agent is claimed.
  const loggedClaimed = current.find((l) => /claimed_id' was found|CLAIM: Found a valid claimed_id/.test(l.text));
  if (loggedClaimed || (agent.generation !== 2 && claimScriptOutcome(current).succeeded)) {
    return finding(
      'claim.state',
      'pass',
      'ok',
      loggedClaimed ? 'claimed (the agent logged its claimed_id in this run)' : 'claimed (the claim script succeeded in this run)',
      {
        claimedId: ev(node.files.claimedId.ok ? 'read' : node.files.claimedId.reason, 'file'),
        log: ev(loggedClaimed?.text ?? 'The claim was successful…', 'logs: this run'),
      },
    );
  }
  const filesKnown = node.files.claimedId.ok || node.files.claimedId.absent === true;
  if (!filesKnown && !node.logs.ok) {
    return skip(
      'claim.state',
      'no-source',
      `no source: ${node.files.claimedId.ok ? '' : node.files.claimedId.reason}; logs: ${node.logs.ok ? '' : node.logs.reason}`,
    );
  }
  const evidence = {
    claimedId: ev(filesKnown ? 'absent' : 'unreadable', 'file: /var/lib/netdata/cloud.d/claimed_id'),
  };
  if (!claimConfigured(agent)) {
    const steps = claimEnvKeepingIdentity(c);
    return finding(
      'claim.state',
      'warn',
      'not-configured',
      'not claimed, and no claim is configured (see claim.config)',
      evidence,
      'Configure a claim (see claim.config); the node is not in any Space until it is claimed.' +
        (steps.length > 0
          ? ` Set the token in your shell (export NETDATA_CLAIM_TOKEN=…, from the Space's "Connect Nodes" page); the steps recreate ${c.name} ` +
            `with NETDATA_CLAIM_TOKEN="$NETDATA_CLAIM_TOKEN" and NETDATA_CLAIM_URL.${recreateNote(c)}`
          : ''),
      steps,
    );
  }

  if (agent.generation !== 2) {
    // Over the whole ordered log: the last attempt wins, whichever run it was in.
    const outcome = claimScriptOutcome(lines);
    if (outcome.failure !== undefined) {
      const code = isClaimExitCode(c.exitCode) && c.status !== 'running' ? c.exitCode : V1_MESSAGE_CODES[outcome.failure];
      const meaning = code !== undefined ? CLAIM_EXIT_CODES[code] : undefined;
      const connect = outcome.connectFailure
        ? ` (could not connect to ${outcome.connectFailure.url}, curl code ${outcome.connectFailure.curlCode})`
        : '';
      return failed(
        meaning?.cause ?? claimFailureCause(outcome.failure),
        `claim failed: "${outcome.failure}"${code !== undefined ? ` (exit ${code}: ${meaning?.meaning})` : ''}${connect}`,
        {
          ...evidence,
          claimError: ev(outcome.failure, 'logs: netdata-claim.sh'),
          ...(code !== undefined ? { exitCode: ev(code, 'inspect State.ExitCode / claim script') } : {}),
        },
        `${meaning ? `${meaning.fix[0]!.toUpperCase()}${meaning.fix.slice(1)}; then` : 'Fix the cause above, then'} ${recreate(c)}. The v1 entrypoint retries the claim at every start until /var/lib/netdata/cloud.d/claimed_id exists.`,
      );
    }
    const execError = claimScriptExecError(lines);
    if (execError) {
      const script = claimScriptSteps({ node, agent });
      return finding(
        'claim.state',
        'fail',
        'claim-script-not-runnable',
        `claim failed: run.sh could not run netdata-claim.sh (${execError})`,
        { ...evidence, claimError: ev(`netdata-claim.sh: ${execError}`, 'logs: run.sh') },
        `See claim.script, then ${recreate(c)}.${script.note}`,
        script.steps,
      );
    }
  }
  if (agent.generation !== 1) {
    const reason = v2ClaimFailure(current.length ? current : lines);
    if (reason) {
      return failed(
        claimFailureCause(reason),
        `claim failed: ${reason.split('\n')[0]}`,
        { ...evidence, claimError: ev(reason, 'logs: CLAIM:') },
        v2Fix(reason, c),
      );
    }
  }
  if (inStartPeriod) {
    return finding(
      'claim.state',
      'warn',
      'pending',
      `claim pending: started ${formatDuration(startedAgoMs)} ago, within the start period`,
      evidence,
      `Wait for the start period to end; follow it with ${c.composeService ? `docker compose logs -f ${c.composeService}` : `docker logs -f ${c.name}`}. ` +
        noSteps('the claim is still under way; nothing is to be changed yet'),
    );
  }
  // The reason would be in lines `docker logs` does not hold: v2's CLAIM: lines are the daemon's, v1's the entrypoint's.
  const elsewhere = unreadableLogs(node, agent.generation === 2);
  if (elsewhere) {
    return finding(
      'claim.state',
      'fail',
      'logs-unreadable',
      `not claimed although a claim is configured; the reason is not in docker logs (${elsewhere.why}): ` +
        `the lines are in ${elsewhere.where}`,
      { ...evidence, ...unreadableEvidence(elsewhere) },
      `${readThem(elsewhere)} ${
        agent.generation === 2
          ? `docker exec ${c.name} netdatacli reload-claiming-state retries the claim and answers with its reason.`
          : `Recreate the container to run the claim again (${recreate(c)}).`
      } ${noSteps('the reason is in the lines named above, which must be read first')}`,
    );
  }
  return finding(
    'claim.state',
    'fail',
    'no-reason-in-logs',
    `not claimed although a claim is configured${node.logs.ok ? ', and the logs name no reason' : ''}`,
    { ...evidence, logs: ev(node.logs.ok ? `${lines.length} lines read` : node.logs.reason, 'logs') },
    agent.generation === 2
      ? `v2 claims once at start: docker exec ${c.name} netdatacli reload-claiming-state shows the reason and retries.`
      : `Recreate the container to run the claim again (${recreate(c)}) and read its log.${recreateNote(c)}`,
    agent.generation === 2
      ? stepsFor(c, () => [{ where: 'agent', run: `docker exec ${shellQuote(c.name)} netdatacli reload-claiming-state` }])
      : recreateKeepingIdentity(c),
  );
};
