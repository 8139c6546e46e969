// Which Cloud node is this local agent (CONTRACT §12)? Pure. By node ID first (any of the agent's
// candidates: /api/v3/info agents[].nd, aclk-state node-instances[].node-id, status-netdata.json node_id),
// else by machine GUID; never by hostname alone. The hostname only finds the company a node keeps: ghosts
// (same hostname, another GUID, not reachable: identities lost by re-created containers) and a clone (this
// GUID reported under another hostname: the same identity running on another host).

import type { CloudNode, CloudSnapshot, SpaceListing } from './listing.ts';

export interface LocalAgentIds {
  /** Node IDs the agent knows for itself (usually one). */
  nodeIds: readonly string[];
  machineGuid?: string | undefined;
  /** The hostname the agent reports to Cloud. */
  hostname?: string | undefined;
  /** Room IDs from NETDATA_CLAIM_ROOMS. */
  claimRooms: readonly string[];
}

export interface CloudNodeRef {
  nd: string;
  mg: string;
  nm: string;
  state: CloudNode['state'];
  spaceId: string;
  spaceName: string;
}

export interface CloudMatch {
  /** The agent's node in Cloud, or undefined when no listed Space has it. */
  node?: CloudNodeRef & { v?: string };
  by?: 'node-id' | 'machine-guid';
  /** The listing the node was found in (its fetchedAt). */
  fetchedAt?: string;
  /** Matched by node ID, but Cloud holds another machine GUID for it. */
  guidMismatch?: { local: string; cloud: string };
  /** Same hostname, another GUID, not reachable, not this agent's node IDs. */
  ghosts: CloudNodeRef[];
  /** Cloud knows this GUID under another hostname than the agent's (a clone on another host, or a renamed host). */
  guidElsewhere: CloudNodeRef[];
  /** Claim rooms the matched node is not in (room IDs with names where Cloud gave one); only rooms whose membership was listed. */
  missingRooms: { id: string; name?: string; reason: 'not-a-member' | 'not-in-space' }[];
  /** Spaces listed (ok) and Spaces that could not be listed. */
  spacesListed: number;
  spacesFailed: number;
}

const ref = (node: CloudNode, listing: SpaceListing): CloudNodeRef => ({
  nd: node.nd,
  mg: node.mg,
  nm: node.nm,
  state: node.state,
  spaceId: listing.spaceId,
  spaceName: listing.spaceName,
});

const lower = (s: string | undefined): string | undefined => (s ? s.trim().toLowerCase() : undefined);

export function matchAgent(snapshot: CloudSnapshot, ids: LocalAgentIds): CloudMatch {
  const listings = snapshot.spaces.flatMap((s) => (s.ok ? [s.listing] : []));
  const nodeIds = ids.nodeIds.map((n) => n.trim().toLowerCase()).filter((n) => n !== '');
  const guid = lower(ids.machineGuid);
  const hostname = lower(ids.hostname);
  const result: CloudMatch = {
    ghosts: [],
    guidElsewhere: [],
    missingRooms: [],
    spacesListed: listings.length,
    spacesFailed: snapshot.spaces.length - listings.length,
  };

  // One scan of each listing finds everything: node-ID match, GUID matches, same-hostname nodes.
  const own = new Set(nodeIds);
  let byId: { node: CloudNode; listing: SpaceListing } | undefined;
  const sameGuid: { node: CloudNode; listing: SpaceListing }[] = [];
  const sameHostname: { node: CloudNode; listing: SpaceListing }[] = [];
  for (const listing of listings) {
    for (const node of listing.nodes) {
      if (!byId && own.size > 0 && own.has(node.nd.toLowerCase())) byId = { node, listing };
      if (guid && node.mg.length === guid.length && node.mg.toLowerCase() === guid) sameGuid.push({ node, listing });
      if (hostname && node.nm.length === hostname.length && node.nm.toLowerCase() === hostname) sameHostname.push({ node, listing });
    }
  }
  // One GUID is one node to Cloud; should a Space hold several, prefer the reachable one.
  const byGuid = sameGuid.find((m) => m.node.state === 'reachable') ?? sameGuid[0];
  const found = byId ? { ...byId, by: 'node-id' as const } : byGuid ? { ...byGuid, by: 'machine-guid' as const } : undefined;

  if (found) {
    const { node, listing } = found;
    result.node = { ...ref(node, listing), ...(node.v ? { v: node.v } : {}) };
    result.by = found.by;
    result.fetchedAt = listing.fetchedAt;
    if (guid && node.mg.toLowerCase() !== guid) result.guidMismatch = { local: ids.machineGuid!, cloud: node.mg };
    for (const roomId of new Set(ids.claimRooms.map((r) => r.trim().toLowerCase()).filter((r) => r !== ''))) {
      const room = listing.rooms.get(roomId);
      if (room === undefined) continue; // membership not listed (yet): not judged
      if (room === 'not-in-space') result.missingRooms.push({ id: roomId, reason: 'not-in-space' });
      else if (!room.nodeIds.has(node.nd.toLowerCase())) result.missingRooms.push({ id: roomId, name: room.name, reason: 'not-a-member' });
    }
  }

  for (const { node, listing } of sameGuid) {
    if (hostname && node.nm.trim().toLowerCase() !== hostname) result.guidElsewhere.push(ref(node, listing));
  }
  // Without the agent's own GUID a same-hostname node could be this agent's own, unmatched node: no ghosts then.
  if (guid) {
    if (result.node) own.add(result.node.nd.toLowerCase());
    for (const { node, listing } of sameHostname) {
      if (own.has(node.nd.toLowerCase()) || node.mg.toLowerCase() === guid || node.state === 'reachable') continue;
      result.ghosts.push(ref(node, listing));
    }
  }
  return result;
}
