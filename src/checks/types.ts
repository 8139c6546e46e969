import type { EngineFacts, DiscoveryFacts } from '../facts/types.ts';
import type { NodeView } from '../view/node-view.ts';

import { CHECK_IDS, type CheckId } from '../facts/check-ids.ts';

export { CHECK_IDS, type CheckId };
export type FindingStatus = 'pass' | 'warn' | 'fail' | 'skip';

import type { Step } from '../facts/types.ts';
import type { CloudSnapshot } from '../cloud/listing.ts';

export type { Step };

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
  cause: Cause;
  summary: string;
  evidence: Record<string, EvidenceItem>;
  remedy?: string;
  /** The remedy as literal actions, in order; [] where the fix is outside the user's hosts. */
  steps: Step[];
  docs: string;
}

/** What a node check may look at: the node's view (its facts and what the pass derived once), and the fleet. */
export interface NodeCheckContext extends NodeView {
  engine: EngineFacts;
  /** Every node of this pass, this one included (identity checks compare across them). */
  fleet: readonly NodeView[];
  startPeriodMs: number;
  now: Date;
  /** The Netdata Cloud API (CONTRACT §12): whether a token is configured and its last listing (none yet: undefined). */
  cloudApi?: CloudApiView;
}

/** What a pass knows of the Cloud API: read from the poller at the start of the pass, never waited for. */
export interface CloudApiView {
  configured: boolean;
  snapshot?: CloudSnapshot;
}

export interface EngineCheckContext {
  engine: EngineFacts;
  discovery: DiscoveryFacts;
}

export type NodeCheck = (ctx: NodeCheckContext) => Finding;
export type EngineCheck = (ctx: EngineCheckContext) => Finding;
