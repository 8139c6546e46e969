// One listing of a Space (CONTRACT §12): the nodes of its "All nodes" room, compacted to what matching needs
// ({nd, mg, nm, state, v}), plus the membership of the rooms agents name in NETDATA_CLAIM_ROOMS. The node list
// streams in (nodes-stream.ts) and the rest of each node (labels, hardware, health: kilobytes) is never built, so
// a Space of 10,000 nodes costs ~3 MB of heap between listings, not the 17 MB answer.

import { CloudApiError, type CloudApi, type CloudRoom, type CloudSpace } from './client.ts';

export const CLOUD_NODE_STATES = ['reachable', 'stale', 'unreachable'] as const;
export type CloudNodeState = (typeof CLOUD_NODE_STATES)[number];

/** A Cloud node as matching needs it. */
export interface CloudNode {
  /** Cloud node ID. */
  nd: string;
  /** Machine GUID. */
  mg: string;
  /** Hostname as the agent reported it. */
  nm: string;
  state: CloudNodeState;
  /** Agent version, when Cloud gave one. */
  v?: string;
}

/** Why a Space has no listing although the API answered. */
export class CloudListingError extends Error {
  override name = 'CloudListingError';
  constructor(
    readonly kind: 'no-all-nodes-room' | 'space-not-visible',
    message: string,
  ) {
    super(message);
  }
}

export interface SpaceListing {
  spaceId: string;
  spaceName: string;
  fetchedAt: string;
  allNodesRoomId: string;
  /** No index beside it: a scan of 10,000 compact nodes takes well under a millisecond, an index costs megabytes. */
  nodes: readonly CloudNode[];
  /** Nodes of the answer left out because a field was missing or of the wrong type. */
  dropped: number;
  /** Claim rooms (NETDATA_CLAIM_ROOMS) asked about: room ID → its name and member node IDs; absent from the map = not asked. */
  rooms: ReadonlyMap<string, { name: string; nodeIds: ReadonlySet<string> } | 'not-in-space'>;
}

export type SpaceResult =
  | { ok: true; listing: SpaceListing }
  | { ok: false; spaceId: string; spaceName?: string; fetchedAt: string; error: CloudApiError | CloudListingError };

/** What the doctor last learnt from Netdata Cloud. */
export interface CloudSnapshot {
  /** When this snapshot's fetch finished. */
  fetchedAt: string;
  /** Set when the Space list itself could not be had (token refused, API unreachable): no Space was listed. */
  error?: CloudApiError;
  spaces: readonly SpaceResult[];
}

/** A raw `nodes[]` entry → CloudNode, or undefined when a field needed for matching is missing or mistyped. */
export function compactNode(raw: unknown, versions?: Map<string, string>): CloudNode | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const n = raw as Record<string, unknown>;
  const { nd, mg, nm, state, v } = n;
  if (typeof nd !== 'string' || nd === '' || typeof mg !== 'string' || mg === '' || typeof nm !== 'string') return undefined;
  const known = CLOUD_NODE_STATES.find((s) => s === state);
  if (!known) return undefined;
  if (v !== undefined && v !== null && typeof v !== 'string') return undefined;
  // The state is the shared literal and versions are pooled (thousands of nodes run a handful of versions).
  const node: CloudNode = { nd, mg, nm, state: known };
  if (typeof v === 'string' && v !== '') {
    let pooled = versions?.get(v);
    if (pooled === undefined) {
      pooled = v;
      versions?.set(v, v);
    }
    node.v = pooled;
  }
  return node;
}

/** The "All nodes" room: `untouchable` (documented), else by its name (as Netdata's Terraform provider finds it). */
export function allNodesRoom(rooms: readonly CloudRoom[]): CloudRoom | undefined {
  return rooms.find((r) => r.untouchable) ?? rooms.find((r) => r.name.trim().toLowerCase() === 'all nodes');
}

/** Lists one Space: rooms → "All nodes" nodes (→ the claim rooms' nodes). Throws CloudApiError or CloudListingError. */
export async function listSpace(
  api: CloudApi,
  space: CloudSpace,
  claimRoomIds: readonly string[],
  now: () => Date,
  onApiError?: (error: CloudApiError) => void,
): Promise<SpaceListing> {
  const rooms = await api.rooms(space.id);
  const all = allNodesRoom(rooms);
  if (!all) {
    throw new CloudListingError(
      'no-all-nodes-room',
      `Space ${JSON.stringify(space.name)} (${space.id}) has no "All nodes" room among its ${rooms.length} rooms the token can see`,
    );
  }
  const nodes: CloudNode[] = [];
  let dropped = 0;
  const versions = new Map<string, string>();
  // Each raw entry is compacted as it arrives and then garbage: the full list never exists in memory.
  await api.roomNodes(space.id, all.id, (entry) => {
    const node = compactNode(entry, versions);
    if (node) nodes.push(node);
    else dropped++;
  });
  const roomMembership = new Map<string, { name: string; nodeIds: ReadonlySet<string> } | 'not-in-space'>();
  for (const roomId of new Set(claimRoomIds.map((r) => r.toLowerCase()))) {
    const room = rooms.find((r) => r.id.toLowerCase() === roomId);
    if (!room) {
      roomMembership.set(roomId, 'not-in-space');
      continue;
    }
    if (room.id === all.id) {
      roomMembership.set(roomId, { name: room.name, nodeIds: new Set(nodes.map((n) => n.nd.toLowerCase())) });
      continue;
    }
    // A claim room that fails to list leaves its membership unknown (not judged); the Space's listing stands.
    try {
      const ids = new Set<string>();
      await api.roomNodes(space.id, room.id, (entry) => {
        const nd = (entry as { nd?: unknown } | null)?.nd;
        if (typeof nd === 'string' && nd !== '') ids.add(nd.toLowerCase());
      });
      roomMembership.set(roomId, { name: room.name, nodeIds: ids });
    } catch (err) {
      if (!(err instanceof CloudApiError)) throw err;
      onApiError?.(err);
    }
  }
  return {
    spaceId: space.id,
    spaceName: space.name,
    fetchedAt: now().toISOString(),
    allNodesRoomId: all.id,
    nodes,
    dropped,
    rooms: roomMembership,
  };
}

export interface FetchOptions {
  /** Space IDs to look in, or every Space the token sees. */
  spaces: readonly string[] | 'all';
  /** Room IDs from agents' NETDATA_CLAIM_ROOMS, to learn membership. */
  claimRoomIds: readonly string[];
  now: () => Date;
  /** Called once per failed API call (the API-error counter). */
  onApiError?: (error: CloudApiError) => void;
}

/** One full fetch: the Space list, then each Space in turn (one at a time, as the API's etiquette asks). */
export async function fetchSnapshot(api: CloudApi, options: FetchOptions): Promise<CloudSnapshot> {
  const { now } = options;
  let visible: CloudSpace[];
  try {
    visible = await api.spaces();
  } catch (err) {
    if (!(err instanceof CloudApiError)) throw err;
    options.onApiError?.(err);
    return { fetchedAt: now().toISOString(), error: err, spaces: [] };
  }
  const wanted: { id: string; space?: CloudSpace }[] =
    options.spaces === 'all'
      ? visible.map((s) => ({ id: s.id, space: s }))
      : options.spaces.map((id) => ({ id, space: visible.find((s) => s.id.toLowerCase() === id.toLowerCase() || s.slug === id) }));
  const results: SpaceResult[] = [];
  for (const { id, space } of wanted) {
    if (!space) {
      results.push({
        ok: false,
        spaceId: id,
        fetchedAt: now().toISOString(),
        error: new CloudListingError(
          'space-not-visible',
          `Space ${id} (DOCTOR_CLOUD_SPACES) is not among the ${visible.length} Spaces ` + `the token can see`,
        ),
      });
      continue;
    }
    try {
      results.push({ ok: true, listing: await listSpace(api, space, options.claimRoomIds, now, options.onApiError) });
    } catch (err) {
      if (err instanceof CloudApiError) options.onApiError?.(err);
      else if (!(err instanceof CloudListingError)) throw err;
      results.push({ ok: false, spaceId: space.id, spaceName: space.name, fetchedAt: now().toISOString(), error: err });
    }
  }
  return { fetchedAt: now().toISOString(), spaces: results };
}

/** The first API error that stopped every Space from being listed (for cloud.unreachable), or undefined when Cloud answered. */
export function snapshotApiFailure(snapshot: CloudSnapshot): CloudApiError | undefined {
  if (snapshot.error) return snapshot.error;
  if (snapshot.spaces.length === 0 || snapshot.spaces.some((s) => s.ok)) return undefined;
  const apiErrors = snapshot.spaces.flatMap((s) => (!s.ok && s.error instanceof CloudApiError ? [s.error] : []));
  return apiErrors.length === snapshot.spaces.length ? apiErrors[0] : undefined;
}
