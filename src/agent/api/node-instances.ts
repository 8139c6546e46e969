// The node instances that aclk-state lists (JSON `node-instances[]`, text `> Node Instance for mGUID: …`):
// the agent itself (`relationship` self) and the hosts streaming into it (`child`), v1.34+.

import type { AgentCloudView, CloudChild } from './cloud-status.ts';
import { prune } from './coerce.ts';

/** Children kept per view; a parent with more is summarised by the first ones. */
export const MAX_CHILDREN = 1000;

export interface RawNodeInstance {
  hostname?: string;
  machineGuid?: string;
  claimId?: string | null;
  nodeId?: string | null;
  hops?: number;
  relationship?: string;
  online?: boolean;
}

export function applyNodeInstances(view: AgentCloudView, instances: readonly RawNodeInstance[]): void {
  const self = instances.find((i) => i.relationship === 'self');
  if (self) {
    if (self.nodeId !== undefined) view.nodeId = self.nodeId;
    view.machineGuid ??= self.machineGuid;
    view.hostname ??= self.hostname;
    // The self instance's claimed_id is the parent's when this agent streams to a claimed parent and is not
    // online itself (rrdhost_claim_id_get); it differs from the agent's own claim id (or there is none).
    const own = view.claimId;
    if (
      typeof self.claimId === 'string' &&
      (own === null || (typeof own === 'string' && own.toLowerCase() !== self.claimId.toLowerCase()))
    ) {
      view.parentClaimId = self.claimId;
    }
  }
  const children: CloudChild[] = [];
  for (const i of instances) {
    if (i.relationship !== 'child') continue;
    if (children.length >= MAX_CHILDREN) break;
    children.push(
      prune<CloudChild>({
        hostname: i.hostname,
        machineGuid: i.machineGuid,
        nodeId: i.nodeId ?? null,
        claimId: i.claimId,
        claimed: i.claimId === undefined ? undefined : i.claimId !== null,
        online: i.online,
        hops: i.hops,
      }),
    );
  }
  if (children.length > 0) view.children = children;
}
