// Node state and node status (CONTRACT §5): what Netdata Cloud should be showing for this agent, and
// whether that is a problem. Decided from findings and facts; the most specific evidence wins.

import type { Finding, FindingStatus } from '../checks/types.ts';
import type { AgentIdentity } from '../agent/identity.ts';
import { claimConfigured } from '../agent/identity.ts';
import type { NodeFacts } from '../facts/types.ts';
import { streamingParent, type CloudReading } from '../agent/cloud.ts';

export const NODE_STATES = ['live', 'indirect', 'unseen', 'offline', 'banned', 'claim-failed', 'not-claimed', 'cloud-disabled', 'agent-down', 'unknown'] as const;
export type NodeState = (typeof NODE_STATES)[number];
export type NodeStatus = 'pass' | 'warn' | 'fail';

export interface StateVerdict {
  state: NodeState;
  /** One line: why this state. */
  cause: string;
  cloudView: string;
  status: NodeStatus;
}

const RANK: Record<FindingStatus, number> = { skip: 0, pass: 0, warn: 1, fail: 2 };
export const worst = (statuses: readonly FindingStatus[]): NodeStatus => {
  const rank = Math.max(0, ...statuses.map((s) => RANK[s]));
  return rank === 2 ? 'fail' : rank === 1 ? 'warn' : 'pass';
};

interface StateInput {
  node: NodeFacts;
  agent: AgentIdentity;
  cloud: CloudReading;
  fleet: readonly { node: NodeFacts; cloud: CloudReading }[];
  findings: readonly Finding[];
  startPeriodMs: number;
  now: Date;
}

function decideState({ node, agent, cloud, fleet, findings }: StateInput): { state: NodeState; cause: string; why?: 'no-source' | 'pending' } {
  const c = node.container;
  const get = (id: Finding['id']) => findings.find((f) => f.id === id);
  const running = c.status === 'running' && !c.restarting;
  const claimState = get('claim.state');
  const agentRunning = get('agent.running');

  if (!running) {
    // A v1 container that exits because its claim failed never ran the agent (CONTRACT §5).
    if (claimState?.status === 'fail' && /claim failed/.test(claimState.summary) && agent.generation !== 2) {
      return { state: 'claim-failed', cause: claimState.summary };
    }
    if (agentRunning?.status === 'fail' && /claim script/.test(agentRunning.summary)) {
      return { state: 'claim-failed', cause: agentRunning.summary };
    }
    return { state: 'agent-down', cause: agentRunning?.summary ?? `container ${c.status}` };
  }
  const cloudSupport = get('agent.cloud-support');
  if (cloudSupport?.status === 'fail') return { state: 'cloud-disabled', cause: cloudSupport.summary };
  if (cloud.cloudEnabled?.value === false || cloud.status?.value === 'disabled') return { state: 'cloud-disabled', cause: `Cloud is disabled (${cloud.cloudEnabled?.from ?? cloud.status?.from})` };
  if (cloud.cloudAvailable?.value === false || cloud.status?.value === 'unavailable') return { state: 'cloud-disabled', cause: `built without Cloud support (${cloud.cloudAvailable?.from ?? cloud.status?.from})` };

  const ban = get('aclk.ban');
  if (cloud.banned?.value || cloud.status?.value === 'banned') return { state: 'banned', cause: ban?.summary ?? 'banned by Netdata Cloud' };
  if (cloud.online?.value) return { state: 'live', cause: `connected (${cloud.online.from})` };
  if (cloud.status?.value === 'indirect') return { state: 'indirect', cause: `connected through its parent (${cloud.status.from})` };
  const parent = streamingParent(agent.machineGuid?.value, fleet.filter((p) => p.node.container.id !== c.id));
  if (parent && !agent.claimId && cloud.claimed?.value !== true) return { state: 'indirect', cause: `not claimed itself, streaming to the connected parent ${parent}` };

  const claimed = cloud.claimed?.value ?? (agent.claimId ? true : undefined);
  const connection = get('aclk.connection');
  if (claimed === true) {
    if (cloud.online === undefined) return { state: 'unknown', cause: `claimed; the agent's connection state is unknown (${node.api?.unavailable ?? 'no source'})`, why: 'no-source' };
    // Connection counters reset on restart; a Cloud node ID survives: it tells "was connected" from "never".
    const state = cloud.nodeId?.value ? 'offline' : 'unseen';
    return { state, cause: connection?.summary ?? `claimed, not connected (${cloud.online.from})` };
  }
  if (claimState?.status === 'fail' && claimConfigured(agent)) return { state: 'claim-failed', cause: claimState.summary };
  if (claimState?.status === 'skip' && claimed === undefined) return { state: 'unknown', cause: claimState.summary, why: 'no-source' };
  if (claimState?.status === 'warn' && claimConfigured(agent)) return { state: 'unknown', cause: claimState.summary, why: 'pending' };
  return { state: 'not-claimed', cause: claimState?.summary ?? 'not claimed' };
}

function cloudViewOf(state: NodeState, claimed: boolean): string {
  switch (state) {
    case 'live': return 'Live';
    case 'indirect': return 'Live (through its parent)';
    case 'unseen': return 'Unseen';
    case 'offline': return 'Offline or Stale';
    case 'banned': return 'Offline or Unseen (banned)';
    case 'claim-failed':
    case 'not-claimed': return 'not in the Space';
    case 'cloud-disabled':
    case 'agent-down': return claimed ? 'Offline or Stale (or Unseen if it never connected)' : 'not in the Space';
    case 'unknown': return claimed ? 'unknown: Live, Unseen or Offline' : 'unknown';
  }
}

export function judgeNode(input: StateInput): StateVerdict {
  const { state, cause, why } = decideState(input);
  const c = input.node.container;
  const cloudView = cloudViewOf(state, Boolean(input.agent.claimId));
  const startedAgo = c.startedAt ? input.now.getTime() - c.startedAt.getTime() : Infinity;
  const inStartPeriod = c.status === 'running' && startedAgo < input.startPeriodMs;

  let status: NodeStatus;
  if (state === 'live' || state === 'indirect') {
    const w = worst(input.findings.map((f) => f.status));
    status = w === 'fail' ? 'warn' : w;
  } else if (state === 'unknown' && why === 'no-source') {
    status = 'warn';
  } else if ((state === 'unseen' || state === 'offline' || state === 'unknown') && (inStartPeriod || why === 'pending')) {
    status = 'warn';
  } else if (state === 'agent-down' && input.findings.find((f) => f.id === 'agent.running')?.status === 'warn') {
    status = 'warn';
  } else {
    status = 'fail';
  }
  return { state, cause, cloudView, status };
}
