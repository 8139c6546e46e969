import type { EngineFacts, DiscoveryFacts, NodeFacts } from '../facts/types.ts';
import type { AgentIdentity } from '../agent/identity.ts';
import type { CloudReading } from '../agent/cloud.ts';

export const CHECK_IDS = [
  'docker.api',
  'agent.discovery',
  'agent.running',
  'agent.version',
  'agent.cloud-support',
  'claim.config',
  'claim.script',
  'claim.state',
  'storage.persistence',
  'identity.unique',
  'host.seccomp',
  'network.cloud',
  'network.websocket',
  'aclk.connection',
  'aclk.ban',
  'cloud.node',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];
export type FindingStatus = 'pass' | 'warn' | 'fail' | 'skip';

/** One literal action of a remedy (CONTRACT §4 `steps`). */
export interface Step {
  /** host: a shell command on the Docker host; agent: a whole `docker exec …` line; compose: YAML lines for the service. */
  where: 'host' | 'agent' | 'compose';
  run: string;
}

/** A stable cause code, `<check id>/<cause>` (CONTRACT §4): `<check id>/ok` for a pass, `<check id>/<why>` for a skip. */
export type Cause = `${CheckId}/${string}`;

export interface EvidenceItem {
  value: unknown;
  source: string;
}

export interface Finding {
  id: CheckId;
  status: FindingStatus;
  /** Node state and status are derived from this, never from summary or remedy text. */
  cause?: Cause;
  summary: string;
  evidence: Record<string, EvidenceItem>;
  remedy?: string;
  /** The remedy as literal actions, in order; [] where the fix is outside the user's hosts. */
  steps?: Step[];
  docs: string;
}

/** What a node check may look at: its own facts, what was derived about the agent, and the fleet. */
export interface NodeCheckContext {
  node: NodeFacts;
  agent: AgentIdentity;
  /** What the agent itself says about its Cloud connection, merged over its sources. */
  cloud: CloudReading;
  engine: EngineFacts;
  /** Every node gathered in this pass, this one included (identity checks compare across them). */
  fleet: readonly { node: NodeFacts; agent: AgentIdentity; cloud: CloudReading }[];
  startPeriodMs: number;
  now: Date;
}

export interface EngineCheckContext {
  engine: EngineFacts;
  discovery: DiscoveryFacts;
}

export type NodeCheck = (ctx: NodeCheckContext) => Finding;
export type EngineCheck = (ctx: EngineCheckContext) => Finding;
