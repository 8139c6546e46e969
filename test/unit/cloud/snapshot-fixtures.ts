// Snapshots for the pure cloud tests, built the way listSpace builds them (indexes included).

import type { CloudNode, CloudSnapshot, SpaceListing, SpaceResult } from '../../../src/cloud/listing.ts';
import { CloudListingError } from '../../../src/cloud/listing.ts';
import { CloudTokenRefusedError, CloudTimeoutError } from '../../../src/cloud/client.ts';

export const FETCHED = '2026-12-04T12:00:00.000Z';

type Rooms = Record<string, { name: string; nodeIds: string[] } | 'not-in-space'>;

export function listing(spaceId: string, nodes: CloudNode[], rooms: Rooms = {}): SpaceListing {
  return {
    spaceId,
    spaceName: `Space ${spaceId}`,
    fetchedAt: FETCHED,
    allNodesRoomId: `all-${spaceId}`,
    nodes,
    dropped: 0,
    rooms: new Map(Object.entries(rooms).map(([id, r]) => [id, r === 'not-in-space' ? r : { name: r.name, nodeIds: new Set(r.nodeIds) }])),
  };
}

export const snapshotOf = (...listings: SpaceListing[]): CloudSnapshot => ({
  fetchedAt: FETCHED,
  spaces: listings.map((l) => ({ ok: true, listing: l })),
});

export const withFailedSpace = (snap: CloudSnapshot, kind: 'timeout' | 'no-all-nodes-room' = 'timeout'): CloudSnapshot => {
  const failed: SpaceResult = {
    ok: false,
    spaceId: 's-bad',
    spaceName: 'Broken',
    fetchedAt: FETCHED,
    error:
      kind === 'timeout'
        ? new CloudTimeoutError('/api/v2/spaces/s-bad/rooms', 10_000)
        : new CloudListingError('no-all-nodes-room', 'Space "Broken" (s-bad) has no "All nodes" room among its 2 rooms the token can see'),
  };
  return { ...snap, spaces: [...snap.spaces, failed] };
};

export const refused = (): CloudSnapshot => ({ fetchedAt: FETCHED, error: new CloudTokenRefusedError('/api/v2/spaces', 401), spaces: [] });

export const node = (nd: string, mg: string, nm: string, state: CloudNode['state'] = 'reachable'): CloudNode => ({
  nd,
  mg,
  nm,
  state,
  v: 'v2.10.3',
});
