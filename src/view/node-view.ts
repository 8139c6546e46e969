// One view per node, built once per pass from the gathered facts: what the agent is (version, claim input,
// identity), what it says about its Cloud link (merged by the contract's precedence), and the facts every
// check and the probe planner would otherwise derive again each in its own way: whether it runs, how long
// ago it started, whether it is inside its start period, and this run's log lines. Pure.

import type { GatheredFacts, LogLine, NodeFacts } from '../facts/types.ts';
import { describeAgent, claimConfigured, type AgentIdentity } from '../agent/identity.ts';
import { readCloud, streamingParent, type CloudReading } from '../agent/cloud.ts';

export interface NodeView {
  node: NodeFacts;
  agent: AgentIdentity;
  /** What the agent itself says about its Cloud connection. */
  cloud: CloudReading;
  /** The agent process is up: the container runs and is not restarting. */
  running: boolean;
  /** Since the current run started; Infinity when the engine gave no start time. */
  startedAgoMs: number;
  /** Running, and started less than DOCTOR_START_PERIOD ago: not-yet-connected states are "connecting". */
  inStartPeriod: boolean;
  /** Every log line read (this run, and the previous run's tail for a stopped container); [] when unreadable. */
  logs: LogLine[];
  /** This run's lines only. */
  currentLogs: LogLine[];
  /** The name of a connected parent on this engine that lists this (unclaimed) agent as its child. */
  connectedParent?: string;
}

export function buildViews(facts: GatheredFacts, startPeriodMs: number): NodeView[] {
  const now = facts.at.getTime();
  const base = facts.nodes.map((node) => {
    const c = node.container;
    const running = c.status === 'running' && !c.restarting;
    const startedAgoMs = c.startedAt ? now - c.startedAt.getTime() : Infinity;
    const logs = node.logs.ok ? node.logs.value : [];
    return {
      node,
      agent: describeAgent(node),
      cloud: readCloud(node),
      running,
      startedAgoMs,
      inStartPeriod: running && startedAgoMs < startPeriodMs,
      logs,
      currentLogs: logs.filter((l) => l.run === 'current'),
    };
  });
  return base.map((view) => {
    const parent = streamingParent(
      view.agent.machineGuid?.value,
      base.filter((p) => p.node.container.id !== view.node.container.id),
    );
    return parent ? { ...view, connectedParent: parent } : view;
  });
}

/**
 * Whether the path to Netdata Cloud is in question for this node (CONTRACT §9: only nodes that are not live):
 * it runs, is not connected (itself or through a parent), Cloud is not off or banned, and it is claimed or a
 * claim is configured. The states this covers are unseen, offline, claim-failed and unknown.
 */
export function wantsProbe(view: NodeView): boolean {
  const { cloud, agent } = view;
  if (!view.running) return false;
  if (cloud.online?.value || cloud.status?.value === 'indirect') return false;
  if (cloud.cloudEnabled?.value === false || cloud.cloudAvailable?.value === false) return false;
  if (cloud.status?.value === 'disabled' || cloud.status?.value === 'unavailable') return false;
  if (cloud.banned?.value || cloud.status?.value === 'banned') return false;
  const claimed = cloud.claimed?.value ?? (agent.claimId ? true : undefined);
  if (view.connectedParent && !agent.claimId && cloud.claimed?.value !== true) return false;
  const files = view.node.files.claimedId;
  const claimUnknowable = claimed === undefined && !files.ok && files.absent !== true && !view.node.logs.ok;
  return claimed === true || claimConfigured(agent) || claimUnknowable;
}
