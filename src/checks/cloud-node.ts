// cloud.node: what Netdata Cloud itself shows for this agent (CONTRACT §4, §12), from the last listing of the
// Cloud API (opt-in, a token). Pure: the caller gives the last snapshot and what the node view knows; this file
// never waits for Cloud. Also what goes into each node's `cloud` object (§5): measured (cloudShows) or inferred.

import type { Cause, EvidenceItem, Finding, FindingStatus, NodeCheck, Step } from './types.ts';
import type { NodeView } from '../view/node-view.ts';
import { docsFor, ev } from './finding.ts';
import type { CloudApiError } from '../cloud/client.ts';
import { CloudListingError, type CloudSnapshot, type SpaceResult } from '../cloud/listing.ts';
import { matchAgent, type CloudMatch, type CloudNodeRef } from '../cloud/match.ts';

export interface CloudNodeInput {
  containerName: string;
  /** A Cloud API token is configured (DOCTOR_CLOUD_TOKEN / _FILE). */
  tokenConfigured: boolean;
  /** The poller's last snapshot; undefined while none has finished. */
  snapshot: CloudSnapshot | undefined;
  /** The agent is claimed (claim ID or the agent's own word); undefined when unknown. */
  claimed: boolean | undefined;
  /** The agent's own ACLK says it is connected. */
  agentOnline: boolean;
  /** Node IDs the agent knows for itself (agents[].nd, node-instances[].node-id, status-netdata.json node_id). */
  nodeIdCandidates: readonly string[];
  machineGuid: string | undefined;
  /** The hostname the agent reports to Cloud. */
  hostname: string | undefined;
  /** Room IDs of NETDATA_CLAIM_ROOMS. */
  claimRooms: readonly string[];
  /** The agent (re)started less than DOCTOR_START_PERIOD ago. */
  inStartPeriod: boolean;
}

type Outcome =
  | 'ok'
  | 'no-token'
  | 'pending'
  | 'token-refused'
  | 'api-rate-limited'
  | 'api-unreachable'
  | 'api-bad-answer'
  | 'no-all-nodes-room'
  | 'space-not-visible'
  | 'no-spaces'
  | 'not-claimed'
  | 'claim-unknown'
  | 'no-identity'
  | 'absent'
  | 'unreachable-while-agent-online'
  | 'offline'
  | 'connecting'
  | 'stale'
  | 'ghosts'
  | 'guid-on-other-host'
  | 'not-in-claim-rooms';

/** Every cause cloud.node can give, with its meaning and general remedy (for src/checks/causes.ts and docs/causes.md). */
export const CLOUD_NODE_CAUSES: Readonly<Record<`cloud.node/${Outcome}`, { meaning: string; remedy: string }>> = {
  'cloud.node/ok': { meaning: 'Netdata Cloud shows the node Live, with no ghosts, clones or missing rooms', remedy: '' },
  'cloud.node/no-token': { meaning: 'no Netdata Cloud API token is configured (the default): what Cloud shows is inferred', remedy: '' },
  'cloud.node/pending': { meaning: 'the first listing of the Cloud API has not finished yet', remedy: '' },
  'cloud.node/token-refused': { meaning: 'the Cloud API refused the token (401: wrong or revoked; 403: scope)', remedy: '' },
  'cloud.node/api-rate-limited': { meaning: 'the Cloud API asked the doctor to slow down (429); it backs off', remedy: '' },
  'cloud.node/api-unreachable': { meaning: 'the Cloud API could not be reached, timed out or had a server error', remedy: '' },
  'cloud.node/api-bad-answer': {
    meaning: 'the Cloud API answered something else than documented (HTML, truncated or huge JSON, another shape)',
    remedy: '',
  },
  'cloud.node/no-all-nodes-room': {
    meaning: 'a Space has no "All nodes" room the token can see, so its nodes cannot be listed',
    remedy: '',
  },
  'cloud.node/space-not-visible': { meaning: 'a Space named in DOCTOR_CLOUD_SPACES is not visible to the token', remedy: '' },
  'cloud.node/no-spaces': { meaning: 'the token sees no Space', remedy: '' },
  'cloud.node/not-claimed': { meaning: 'the agent is not claimed: Cloud has nothing to show (see claim.state)', remedy: '' },
  'cloud.node/claim-unknown': { meaning: 'not found in Cloud, and whether the agent is claimed is unknown', remedy: '' },
  'cloud.node/no-identity': { meaning: 'the agent gave neither a node ID nor a machine GUID to look for', remedy: '' },
  'cloud.node/absent': {
    meaning: 'claimed, but no Space the token sees has a node for it past the start period (deleted by Cloud, or in another Space)',
    remedy: 'look in the other Spaces; if Cloud deleted the node, claim the agent again',
  },
  'cloud.node/unreachable-while-agent-online': {
    meaning: 'the agent says it is connected, but Netdata Cloud shows its node Offline',
    remedy: 'restart the agent; look for another agent with the same machine GUID',
  },
  'cloud.node/offline': {
    meaning: 'Netdata Cloud shows the node Offline, as the agent itself says (see aclk.connection)',
    remedy: "fix the agent's connection",
  },
  'cloud.node/connecting': {
    meaning: 'inside the start period: Cloud does not show the node Live yet',
    remedy: 'wait for the start period to pass',
  },
  'cloud.node/stale': {
    meaning: 'Netdata Cloud shows the node Stale: not connected, a parent still holds its data',
    remedy: 'reconnect the node itself (or its parent)',
  },
  'cloud.node/ghosts': {
    meaning:
      'other nodes in Cloud have this hostname, another machine GUID and are not reachable: identities lost by re-created ' + 'containers',
    remedy: 'remove them in Space settings → Nodes; keep /var/lib/netdata on a volume',
  },
  'cloud.node/guid-on-other-host': {
    meaning: 'Netdata Cloud knows this machine GUID under another hostname: a copy of this identity runs elsewhere',
    remedy: 'give the copy its own identity (remove its netdata.public.unique.id and cloud.d, claim it again)',
  },
  'cloud.node/not-in-claim-rooms': {
    meaning: 'the node is not in a room named by NETDATA_CLAIM_ROOMS',
    remedy: 'add it to the room in Netdata Cloud',
  },
};

const ID = 'cloud.node' as const;

const make = (
  status: FindingStatus,
  outcome: Outcome,
  summary: string,
  evidence: Record<string, EvidenceItem>,
  remedy?: string,
  steps: Step[] = [],
): Finding => {
  const f: Finding = { id: ID, status, cause: `cloud.node/${outcome}` as Cause, summary, evidence, steps, docs: docsFor(ID) };
  if (remedy !== undefined) f.remedy = remedy;
  return f;
};

const SHOWS: Record<CloudNodeRef['state'], 'Live' | 'Stale' | 'Offline'> = { reachable: 'Live', stale: 'Stale', unreachable: 'Offline' };

function apiOutcome(err: CloudApiError | CloudListingError): Outcome {
  if (err instanceof CloudListingError) return err.kind;
  switch (err.kind) {
    case 'token-refused':
      return 'token-refused';
    case 'rate-limited':
      return 'api-rate-limited';
    case 'bad-answer':
      return 'api-bad-answer';
    default:
      return 'api-unreachable';
  }
}

const droppedEntries = (snapshot: CloudSnapshot): number => snapshot.spaces.reduce((n, s) => n + (s.ok ? s.listing.dropped : 0), 0);

const failedSpaces = (snapshot: CloudSnapshot) => snapshot.spaces.filter((s): s is Extract<SpaceResult, { ok: false }> => !s.ok);

const nodeList = (nodes: readonly CloudNodeRef[]) =>
  nodes.map((n) => `${n.nd} (${n.nm}, ${SHOWS[n.state]}, ${n.mg}, Space ` + `${n.spaceName})`);

export function cloudNode(input: CloudNodeInput): Finding {
  const name = input.containerName;
  if (!input.tokenConfigured) {
    return make(
      'skip',
      'no-token',
      'no Netdata Cloud API token configured (DOCTOR_CLOUD_TOKEN): what Cloud shows is inferred from the ' + 'agent',
      {},
    );
  }
  const snapshot = input.snapshot;
  if (!snapshot) return make('skip', 'pending', 'the first listing of the Netdata Cloud API has not finished yet', {});
  if (snapshot.error) {
    return make('skip', apiOutcome(snapshot.error), `the Netdata Cloud API could not be asked: ${snapshot.error.message}`, {
      api: ev(snapshot.error.kind, `cloud-api ${snapshot.fetchedAt}`),
    });
  }
  if (input.claimed === false)
    return make('skip', 'not-claimed', 'the agent is not claimed: Netdata Cloud has no node for it (see ' + 'claim.state)', {});
  if (input.nodeIdCandidates.length === 0 && !input.machineGuid) {
    return make('skip', 'no-identity', 'the agent gave neither a node ID nor a machine GUID to look for in Netdata Cloud', {});
  }

  const match = matchAgent(snapshot, {
    nodeIds: input.nodeIdCandidates,
    machineGuid: input.machineGuid,
    hostname: input.hostname,
    claimRooms: input.claimRooms,
  });
  const source = `cloud-api ${match.fetchedAt ?? snapshot.fetchedAt}`;
  const evidence: Record<string, EvidenceItem> = {};
  const failed = failedSpaces(snapshot);
  if (failed.length > 0)
    evidence.spacesNotListed = ev(
      failed.map((f) => `${f.spaceName ?? f.spaceId}: ${f.error.message}`),
      `cloud-api ` + `${snapshot.fetchedAt}`,
    );
  if (match.ghosts.length > 0) evidence.ghosts = ev(nodeList(match.ghosts), source);
  if (match.guidElsewhere.length > 0) evidence.guidElsewhere = ev(nodeList(match.guidElsewhere), source);
  if (match.missingRooms.length > 0)
    evidence.missingRooms = ev(
      match.missingRooms.map((r) => `${r.id}${r.name ? ` (${r.name})` : ''}: ` + `${r.reason}`),
      source,
    );

  if (!match.node) return absent(input, snapshot, match, evidence, failed);

  const node = match.node;
  evidence.cloudNode = ev(
    { nd: node.nd, mg: node.mg, nm: node.nm, state: node.state, v: node.v ?? null, space: node.spaceName, by: match.by },
    source,
  );
  if (match.guidMismatch) evidence.guidMismatch = ev(match.guidMismatch, source);
  evidence.agentOnline = ev(input.agentOnline, 'agent');

  const findings: Finding[] = [];
  if (node.state === 'unreachable') {
    if (input.inStartPeriod) {
      findings.push(
        make(
          'warn',
          'connecting',
          'inside the start period: Netdata Cloud shows the node Offline for now',
          evidence,
          'Wait for the start period to pass; the agent is still connecting.',
        ),
      );
    } else if (input.agentOnline) {
      findings.push(
        make(
          'fail',
          'unreachable-while-agent-online',
          'the agent says it is connected, but Netdata Cloud shows its node ' + 'Offline',
          evidence,
          `The agent's own view and Cloud's disagree: its session is stale, or another agent with the same machine GUID took the node ` +
            `over. ` +
            `Restart the agent (docker restart ${name}); if Cloud still shows it Offline, look for another agent with machine GUID ${node.mg}.`,
          [{ where: 'host', run: `docker restart ${name}` }],
        ),
      );
    } else {
      findings.push(
        make(
          'warn',
          'offline',
          'Netdata Cloud shows the node Offline, as the agent itself says',
          evidence,
          'The agent is not connected: the aclk.connection and network findings say why. Cloud deletes an Offline node after 7 days.',
        ),
      );
    }
  } else if (node.state === 'stale') {
    findings.push(
      make(
        'warn',
        'stale',
        'Netdata Cloud shows the node Stale: not connected itself, a parent still holds its data',
        evidence,
        'The node is not connected to Cloud (directly or through a live parent); Cloud still serves its data from a parent. Fix the ' +
          "agent's own " +
          'connection (aclk.connection) or the streaming to its parent. Nothing to change in Cloud.',
      ),
    );
  }
  if (match.guidElsewhere.length > 0) {
    const other = match.guidElsewhere[0]!;
    findings.push(
      make(
        'warn',
        'guid-on-other-host',
        `Netdata Cloud knows this machine GUID under another hostname (${other.nm}): a copy of this identity runs elsewhere`,
        evidence,
        `Two agents with one machine GUID are one node to Cloud: each connection kicks the other offline. The copy reporting ` +
          `${JSON.stringify(other.nm)} ` +
          'runs on a host this doctor cannot see; give it its own identity there (remove its ' +
          '/var/lib/netdata/registry/netdata.public.unique.id and ' +
          'cloud.d, restart and claim it again). If the host was only renamed, this clears once the agent reconnects. Nothing to run on ' +
          'this host.',
      ),
    );
  }
  if (match.ghosts.length > 0) {
    const ids = match.ghosts.map((g) => g.nd);
    const spaces = [...new Set(match.ghosts.map((g) => g.spaceName))].join(', ');
    findings.push(
      make(
        'warn',
        'ghosts',
        `${ids.length} other node${ids.length > 1 ? 's' : ''} in Netdata Cloud with this hostname and another machine GUID, not ` +
          `reachable: ${ids.join(', ')}`,
        evidence,
        `These are identities lost by earlier containers (re-created without a persistent /var/lib/netdata). Remove them in Netdata ` +
          `Cloud: Space ` +
          `${spaces} → Space settings → Nodes, select ${ids.join(', ')}, Remove (Cloud also deletes Offline nodes by itself after 7 days). ` +
          'The removal is done in Netdata Cloud, outside your hosts: no steps here. Keep /var/lib/netdata on a volume so it does not happen ' +
          'again.',
      ),
    );
  }
  if (match.missingRooms.length > 0) {
    const rooms = match.missingRooms.map((r) => (r.name ? `${r.name} (${r.id})` : r.id));
    const notInSpace = match.missingRooms.some((r) => r.reason === 'not-in-space');
    findings.push(
      make(
        'warn',
        'not-in-claim-rooms',
        `the node is not in ${rooms.length > 1 ? 'the rooms' : 'the room'} ` + `NETDATA_CLAIM_ROOMS names: ${rooms.join(', ')}`,
        evidence,
        `NETDATA_CLAIM_ROOMS is applied only when the agent is claimed. Add the node to ${rooms.join(', ')} in Netdata Cloud (Room ` +
          `settings → Nodes)` +
          (notInSpace
            ? `; a room ID that is not in Space ${node.spaceName} belongs to another Space or does not exist: fix ` + `NETDATA_CLAIM_ROOMS`
            : '') +
          '. ' +
          'This is done in Netdata Cloud, outside your hosts: no steps here.',
      ),
    );
  }
  if (findings.length === 0) {
    return make('pass', 'ok', `Netdata Cloud shows the node Live (node ${node.nd} in Space ${node.spaceName})`, evidence);
  }
  // The most severe first; the others stay visible through the evidence they added.
  return findings.find((f) => f.status === 'fail') ?? findings[0]!;
}

function absent(
  input: CloudNodeInput,
  snapshot: CloudSnapshot,
  match: CloudMatch,
  evidence: Record<string, EvidenceItem>,
  failed: Extract<SpaceResult, { ok: false }>[],
): Finding {
  evidence.lookedFor = ev({ nodeIds: input.nodeIdCandidates, machineGuid: input.machineGuid ?? null }, 'agent');
  if (failed.length > 0) {
    const first = failed[0]!;
    return make(
      'skip',
      apiOutcome(first.error),
      `not found in the Spaces listed, and ${failed.length} Space${failed.length > 1 ? 's' : ''} could not be listed: ` +
        `${first.error.message}`,
      evidence,
    );
  }
  if (match.spacesListed === 0) return make('skip', 'no-spaces', 'the Netdata Cloud API token sees no Space', evidence);
  // An entry left out for a missing or wrongly typed field may be this node: "absent" cannot be said then.
  const dropped = droppedEntries(snapshot);
  if (dropped > 0) {
    return make(
      'skip',
      'api-bad-answer',
      `not found in the Spaces listed, and the Cloud API listed ${dropped} node${dropped > 1 ? 's' : ''} ` +
        'with missing or wrongly typed fields (left out)',
      { ...evidence, droppedEntries: ev(dropped, `cloud-api ${snapshot.fetchedAt}`) },
    );
  }
  if (input.claimed === undefined) {
    return make(
      'skip',
      'claim-unknown',
      `not in any of the ${match.spacesListed} Spaces the token sees, and whether the agent is ` + `claimed is unknown`,
      evidence,
    );
  }
  if (input.inStartPeriod) {
    return make(
      'warn',
      'connecting',
      'inside the start period: Netdata Cloud has no node for the agent yet',
      evidence,
      'Wait for the start period to pass; a new node appears once the agent has connected.',
    );
  }
  const spaces = snapshot.spaces.flatMap((s) => (s.ok ? [s.listing.spaceName] : []));
  return make(
    'fail',
    'absent',
    `claimed, but no node for it in the ${spaces.length > 1 ? `${spaces.length} Spaces` : 'Space'} the ` +
      `token sees (${spaces.join(', ')})`,
    evidence,
    'Either the node is in a Space this token cannot see (use a token of a member of that Space, or add it to DOCTOR_CLOUD_SPACES), or ' +
      'Netdata Cloud ' +
      'deleted it (it removes Unseen nodes after 48 hours and Offline ones after 7 days); a deleted node\'s agent keeps reporting "agent ' +
      'is not ' +
      'claimed": claim it again with a claim token of the Space (see claim.state). The fix is in Netdata Cloud, outside your hosts: no ' +
      'steps here.',
  );
}

/** What a node's `cloud` object says (CONTRACT §5, §12). */
export interface CloudShowsObject {
  shows: 'Live' | 'Unseen' | 'Offline' | 'Stale' | 'not in the Space';
  source: 'cloud-api' | 'inferred';
  nodeId?: string | null;
  spaceId?: string | null;
  spaceName?: string | null;
  fetchedAt?: string | null;
}

/**
 * What Netdata Cloud shows for this agent, measured from the snapshot; undefined when the snapshot cannot say
 * (no snapshot, the API failed, not found while some Space could not be listed): then use the diagnosis's inferredCloud.
 */
export function cloudShows(
  snapshot: CloudSnapshot | undefined,
  ids: {
    nodeIdCandidates: readonly string[];
    machineGuid: string | undefined;
    hostname?: string | undefined;
    /** The agent says it is (or was) connected: then an unreachable node is Offline, never Unseen. */
    agentConnected?: boolean;
  },
): CloudShowsObject | undefined {
  if (!snapshot || snapshot.error || snapshot.spaces.length === 0) return undefined;
  if (ids.nodeIdCandidates.length === 0 && !ids.machineGuid) return undefined;
  const match = matchAgent(snapshot, {
    nodeIds: ids.nodeIdCandidates,
    machineGuid: ids.machineGuid,
    hostname: ids.hostname,
    claimRooms: [],
  });
  if (match.node) {
    // Cloud's API has no Unseen: an Offline node this agent has never connected as (no node ID known locally) is what the UI calls Unseen.
    const neverConnected = ids.nodeIdCandidates.length === 0 && ids.agentConnected !== true;
    const shows = match.node.state === 'unreachable' && neverConnected ? 'Unseen' : SHOWS[match.node.state];
    return {
      shows,
      source: 'cloud-api',
      nodeId: match.node.nd,
      spaceId: match.node.spaceId,
      spaceName: match.node.spaceName,
      fetchedAt: match.fetchedAt ?? snapshot.fetchedAt,
    };
  }
  if (match.spacesFailed > 0 || droppedEntries(snapshot) > 0) return undefined;
  const only = snapshot.spaces.length === 1 && snapshot.spaces[0]!.ok ? snapshot.spaces[0]!.listing : undefined;
  return {
    shows: 'not in the Space',
    source: 'cloud-api',
    nodeId: null,
    spaceId: only?.spaceId ?? null,
    spaceName: only?.spaceName ?? null,
    fetchedAt: snapshot.fetchedAt,
  };
}

/** The identities a view gives to find its node in Cloud: every node ID and hostname the agent's sources report. */
export function cloudIdsOf(view: Pick<NodeView, 'agent' | 'cloud'>): {
  nodeIdCandidates: string[];
  machineGuid: string | undefined;
  hostname: string | undefined;
} {
  const nodeIds = [view.cloud.nodeId?.value, ...view.cloud.views.map((v) => v.view.nodeId)].filter(
    (id): id is string => typeof id === 'string' && id.trim() !== '',
  );
  const hostname = view.cloud.views.map((v) => v.view.hostname).find((h): h is string => typeof h === 'string' && h !== '');
  return { nodeIdCandidates: [...new Set(nodeIds)], machineGuid: view.agent.machineGuid?.value, hostname };
}

/** NETDATA_CLAIM_ROOMS as room IDs (comma separated, as the claim takes them). */
export function claimRoomIdsOf(view: Pick<NodeView, 'agent'>): string[] {
  return (view.agent.claim.rooms?.value ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
}

/** cloud.node as a node check: the pass gives the Cloud API's last listing in the context. */
export const cloudNodeCheck: NodeCheck = (ctx) => {
  const claimed = ctx.cloud.claimed?.value ?? (ctx.agent.claimId ? true : undefined);
  return cloudNode({
    containerName: ctx.node.container.name,
    tokenConfigured: ctx.cloudApi?.configured === true,
    snapshot: ctx.cloudApi?.snapshot,
    claimed,
    agentOnline: ctx.cloud.online?.value === true,
    ...cloudIdsOf(ctx),
    claimRooms: claimRoomIdsOf(ctx),
    inStartPeriod: ctx.inStartPeriod,
  });
};
