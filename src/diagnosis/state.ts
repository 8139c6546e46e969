// Node state and node status (CONTRACT §5): what Netdata Cloud should be showing for this agent, and
// whether that is a problem. Decided from findings and facts; the most specific evidence wins.

import type { Cause, Finding, FindingStatus } from '../checks/types.ts';
import { claimConfigured } from '../agent/identity.ts';
import type { NodeView } from '../view/node-view.ts';

export const NODE_STATES = [
  'live',
  'indirect',
  'unseen',
  'offline',
  'banned',
  'claim-failed',
  'not-claimed',
  'cloud-disabled',
  'agent-down',
  'unknown',
] as const;
export type NodeState = (typeof NODE_STATES)[number];
export type NodeStatus = 'pass' | 'warn' | 'fail';

export interface StateVerdict {
  state: NodeState;
  /** The cause code of the state (CONTRACT §4): state and status are derived from causes only. */
  cause: Cause;
  /** One line for people: why this state. */
  text: string;
  cloudView: string;
  status: NodeStatus;
}

const RANK: Record<FindingStatus, number> = { skip: 0, pass: 0, warn: 1, fail: 2 };
export const worst = (statuses: readonly FindingStatus[]): NodeStatus => {
  const rank = Math.max(0, ...statuses.map((s) => RANK[s]));
  return rank === 2 ? 'fail' : rank === 1 ? 'warn' : 'pass';
};

interface Decided {
  state: NodeState;
  /** The cause code that explains the state (CONTRACT §4, §8). */
  cause: Cause;
  /** One line for people: why this state. */
  text: string;
  why?: 'no-source' | 'pending';
}

/** Causes of claim.state that are not a failed claim: everything else it fails with is one. */
const CLAIM_NOT_FAILED = new Set<Cause>([
  'claim.state/ok',
  'claim.state/no-source',
  'claim.state/not-configured',
  'claim.state/pending',
  'claim.state/no-reason-in-logs',
]);
export const isClaimFailure = (f: Finding | undefined): boolean =>
  f?.id === 'claim.state' && f.status === 'fail' && !CLAIM_NOT_FAILED.has(f.cause);
/** agent.running causes of a v1 container that stopped because its claim script failed or could not run. */
export const isClaimScriptExit = (f: Finding | undefined): boolean =>
  f?.id === 'agent.running' &&
  f.status === 'fail' &&
  (f.cause.startsWith('agent.running/claim-failed-') || f.cause === 'agent.running/claim-script-not-runnable');

const from = (f: Finding): Pick<Decided, 'cause' | 'text'> => ({ cause: f.cause, text: f.summary });

function decideState({ node, agent, cloud, running, connectedParent }: NodeView, findings: readonly Finding[]): Decided {
  const c = node.container;
  const get = (id: Finding['id']) => findings.find((f) => f.id === id);
  const claimState = get('claim.state');
  const agentRunning = get('agent.running');

  if (!running) {
    // A v1 container that exits because its claim failed never ran the agent (CONTRACT §5).
    if (claimState && isClaimFailure(claimState) && agent.generation !== 2) return { state: 'claim-failed', ...from(claimState) };
    if (agentRunning && isClaimScriptExit(agentRunning)) return { state: 'claim-failed', ...from(agentRunning) };
    return agentRunning
      ? { state: 'agent-down', ...from(agentRunning) }
      : { state: 'agent-down', cause: 'agent.running/exited', text: `container ${c.status}` };
  }
  const cloudSupport = get('agent.cloud-support');
  if (cloudSupport?.status === 'fail') return { state: 'cloud-disabled', ...from(cloudSupport) };
  if (cloud.cloudEnabled?.value === false || cloud.status?.value === 'disabled') {
    return {
      state: 'cloud-disabled',
      cause: 'agent.cloud-support/disabled-by-agent',
      text: `Cloud is disabled (${cloud.cloudEnabled?.from ?? cloud.status?.from})`,
    };
  }
  if (cloud.cloudAvailable?.value === false || cloud.status?.value === 'unavailable') {
    return {
      state: 'cloud-disabled',
      cause: 'agent.cloud-support/built-without-cloud',
      text: `built without Cloud support (${cloud.cloudAvailable?.from ?? cloud.status?.from})`,
    };
  }

  const ban = get('aclk.ban');
  if (cloud.banned?.value || cloud.status?.value === 'banned') {
    return { state: 'banned', cause: 'aclk.ban/banned', text: ban?.status === 'fail' ? ban.summary : 'banned by Netdata Cloud' };
  }
  if (cloud.online?.value) return { state: 'live', cause: 'aclk.connection/ok', text: `connected (${cloud.online.from})` };
  if (cloud.status?.value === 'indirect')
    return { state: 'indirect', cause: 'aclk.connection/ok', text: `connected through its parent (${cloud.status.from})` };
  if (connectedParent && !agent.claimId && cloud.claimed?.value !== true) {
    return {
      state: 'indirect',
      cause: 'aclk.connection/through-parent',
      text: `not claimed itself, streaming to the connected parent ${connectedParent}`,
    };
  }

  const claimed = cloud.claimed?.value ?? (agent.claimId ? true : undefined);
  const connection = get('aclk.connection');
  if (claimed === true) {
    if (cloud.online === undefined) {
      return {
        state: 'unknown',
        cause: 'aclk.connection/no-source',
        text: `claimed; the agent's connection state is unknown (${node.api?.unavailable ?? 'no source'})`,
        why: 'no-source',
      };
    }
    // Connection counters reset on restart; a Cloud node ID survives: it tells "was connected" from "never".
    const state = cloud.nodeId?.value ? 'offline' : 'unseen';
    return connection && connection.status !== 'skip' && connection.status !== 'pass'
      ? { state, ...from(connection) }
      : { state, cause: 'aclk.connection/no-reason-given', text: `claimed, not connected (${cloud.online.from})` };
  }
  if (claimState && isClaimFailure(claimState) && claimConfigured(agent)) return { state: 'claim-failed', ...from(claimState) };
  if (claimState?.cause === 'claim.state/no-reason-in-logs' && claimConfigured(agent))
    return { state: 'claim-failed', ...from(claimState) };
  if (claimState?.status === 'skip' && claimed === undefined) return { state: 'unknown', ...from(claimState), why: 'no-source' };
  if (claimState?.status === 'warn' && claimConfigured(agent)) return { state: 'unknown', ...from(claimState), why: 'pending' };
  return claimState
    ? { state: 'not-claimed', ...from(claimState) }
    : { state: 'not-claimed', cause: 'claim.state/not-configured', text: 'not claimed' };
}

function cloudViewOf(state: NodeState, claimed: boolean): string {
  switch (state) {
    case 'live':
      return 'Live';
    case 'indirect':
      return 'Live (through its parent)';
    case 'unseen':
      return 'Unseen';
    case 'offline':
      return 'Offline or Stale';
    case 'banned':
      return 'Offline or Unseen (banned)';
    case 'claim-failed':
    case 'not-claimed':
      return 'not in the Space';
    case 'cloud-disabled':
    case 'agent-down':
      return claimed ? 'Offline or Stale (or Unseen if it never connected)' : 'not in the Space';
    case 'unknown':
      return claimed ? 'unknown: Live, Unseen or Offline' : 'unknown';
  }
}

/** agent.running causes of a container the user stopped, paused or has not started: a warning, not a failure. */
const USER_STOPS = new Set<Cause>(['agent.running/stopped-by-user', 'agent.running/paused', 'agent.running/created']);

/**
 * What Netdata Cloud shows, inferred from the agent's side (CONTRACT §5) when no Cloud token measures it (§12):
 * a node Cloud has a node ID for is Offline while it is not connected, one it never saw is Unseen.
 */
export function inferredCloud(
  state: NodeState,
  claimed: boolean,
  nodeIdKnown: boolean,
): { shows: 'Live' | 'Unseen' | 'Offline' | 'not in the Space'; source: 'inferred' } {
  const notConnected = nodeIdKnown ? 'Offline' : 'Unseen';
  switch (state) {
    case 'live':
    case 'indirect':
      return { shows: 'Live', source: 'inferred' };
    case 'unseen':
      return { shows: 'Unseen', source: 'inferred' };
    case 'offline':
      return { shows: 'Offline', source: 'inferred' };
    case 'claim-failed':
    case 'not-claimed':
      return { shows: 'not in the Space', source: 'inferred' };
    default:
      return { shows: claimed ? notConnected : 'not in the Space', source: 'inferred' };
  }
}

/**
 * cloud.node causes that mean Netdata Cloud itself, asked through its API, does not show the node Live past the
 * start period (CONTRACT §5): the node does not work as far as the user can see, whatever the agent says.
 */
const CLOUD_DOES_NOT_SHOW_LIVE = new Set<Cause>(['cloud.node/absent', 'cloud.node/unreachable-while-agent-online']);
export const isCloudNotLive = (f: Finding | undefined): boolean =>
  f?.id === 'cloud.node' && f.status === 'fail' && CLOUD_DOES_NOT_SHOW_LIVE.has(f.cause);

export function judgeNode(view: NodeView, findings: readonly Finding[]): StateVerdict {
  const decided = decideState(view, findings);
  const { state, why } = decided;
  let { cause, text } = decided;
  const cloudView = cloudViewOf(state, Boolean(view.agent.claimId));
  const inStartPeriod = view.inStartPeriod;
  const cloudNotLive = findings.find(isCloudNotLive);

  let status: NodeStatus;
  if ((state === 'live' || state === 'indirect') && cloudNotLive) {
    // The agent's side says connected, Cloud's side says otherwise: Cloud's answer is what the user sees.
    status = 'fail';
    cause = cloudNotLive.cause;
    text = cloudNotLive.summary;
  } else if (state === 'live' || state === 'indirect') {
    const w = worst(findings.map((f) => f.status));
    status = w === 'fail' ? 'warn' : w;
  } else if (state === 'unknown' && why === 'no-source') {
    status = 'warn';
  } else if ((state === 'unseen' || state === 'offline' || state === 'unknown') && (inStartPeriod || why === 'pending')) {
    status = 'warn';
  } else if (state === 'agent-down' && USER_STOPS.has(cause)) {
    status = 'warn';
  } else {
    status = 'fail';
  }
  return { state, cause, text, cloudView, status };
}
