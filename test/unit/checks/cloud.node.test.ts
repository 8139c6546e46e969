// cloud.node (CONTRACT §4, §12): every outcome from a snapshot, each with its stable cause, steps where the fix
// is on the user's host and [] (with the reason in the remedy) where it is in Netdata Cloud; cloudShows and
// inferredCloud for each node's `cloud` object.

import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { CLOUD_NODE_CAUSES, cloudNode, cloudShows, type CloudNodeInput } from '../../../src/checks/cloud-node.ts';
import { inferredCloud as inferredByState } from '../../../src/diagnosis/state.ts';

/** The diagnosis's inferredCloud with this test's argument order: (state, nodeIdKnown, claimed = true). */
const inferredCloud = (state: Parameters<typeof inferredByState>[0], nodeIdKnown: boolean, claimed = true) =>
  inferredByState(state, claimed, nodeIdKnown);
import { NODE_STATES } from '../../../src/diagnosis/state.ts';
import { CloudBadAnswerError, CloudRateLimitedError, CloudUnreachableError } from '../../../src/cloud/client.ts';
import type { CloudSnapshot } from '../../../src/cloud/listing.ts';
import type { Finding } from '../../../src/checks/types.ts';
import { FETCHED, listing, node, refused, snapshotOf, withFailedSpace } from '../cloud/snapshot-fixtures.ts';

const seen = new Set<string>();
const base = (snapshot: CloudSnapshot | undefined, over: Partial<CloudNodeInput> = {}): CloudNodeInput => ({
  containerName: 'netdata',
  tokenConfigured: true,
  snapshot,
  claimed: true,
  agentOnline: true,
  nodeIdCandidates: ['nd-me'],
  machineGuid: 'mg-me',
  hostname: 'web',
  claimRooms: [],
  inStartPeriod: false,
  ...over,
});
const judge = (input: CloudNodeInput): Finding => {
  const f = cloudNode(input);
  seen.add(f.cause!);
  assert.equal(f.id, 'cloud.node');
  assert.equal(f.docs, 'docs/checks/cloud.node.md');
  assert.ok(Array.isArray(f.steps));
  assert.ok(f.cause! in CLOUD_NODE_CAUSES, `${f.cause} is not in CLOUD_NODE_CAUSES`);
  if (f.status === 'pass' || f.status === 'skip') assert.deepEqual(f.steps, []);
  else assert.ok(f.remedy && f.remedy.length > 20, `${f.cause} has no remedy`);
  if (f.status === 'skip') assert.ok(f.summary.length > 10);
  return f;
};
const live = (nodes = [node('nd-me', 'mg-me', 'web')]) => snapshotOf(listing('s1', nodes));

describe('cloud.node', () => {
  after(() => {
    // Every cause the table documents is reached by a test above.
    assert.deepEqual(
      Object.keys(CLOUD_NODE_CAUSES).filter((c) => !seen.has(c)),
      [],
    );
  });

  it('pass: Cloud shows it Live', () => {
    const f = judge(base(live()));
    assert.equal(f.status, 'pass');
    assert.equal(f.cause, 'cloud.node/ok');
    assert.match(f.summary, /Live/);
  });
  it('skip: no token (the default)', () => assert.equal(judge(base(undefined, { tokenConfigured: false })).cause, 'cloud.node/no-token'));
  it('skip: no listing yet', () => assert.equal(judge(base(undefined)).cause, 'cloud.node/pending'));
  it('skip: the token is refused, with the reason', () => {
    const f = judge(base(refused()));
    assert.equal(f.cause, 'cloud.node/token-refused');
    assert.match(f.summary, /401/);
  });
  it('skip: the API is unreachable, rate-limited or answers nonsense', () => {
    const errored = (error: CloudSnapshot['error']): CloudSnapshot => ({ fetchedAt: FETCHED, error, spaces: [] });
    assert.equal(judge(base(errored(new CloudUnreachableError('/api/v2/spaces', 'ECONNREFUSED', '')))).cause, 'cloud.node/api-unreachable');
    assert.equal(judge(base(errored(new CloudRateLimitedError('/api/v2/spaces', 60_000)))).cause, 'cloud.node/api-rate-limited');
    assert.equal(judge(base(errored(new CloudBadAnswerError('/api/v2/spaces', 'HTML, not JSON')))).cause, 'cloud.node/api-bad-answer');
  });
  it('skip: not found while a Space could not be listed (no "All nodes" room, or a timeout): cannot say absent', () => {
    const f = judge(base(withFailedSpace(snapshotOf(listing('s1', [])), 'no-all-nodes-room')));
    assert.equal(f.cause, 'cloud.node/no-all-nodes-room');
    assert.match(f.summary, /All nodes/);
    assert.equal(judge(base(withFailedSpace(snapshotOf(listing('s1', [])), 'timeout'))).cause, 'cloud.node/api-unreachable');
  });
  it('a Space that failed does not hide a node found in another one', () => {
    assert.equal(judge(base(withFailedSpace(live()))).cause, 'cloud.node/ok');
  });
  it('skip: a Space of DOCTOR_CLOUD_SPACES the token cannot see', async () => {
    const { CloudListingError } = await import('../../../src/cloud/listing.ts');
    const error = new CloudListingError('space-not-visible', 'Space s9 (DOCTOR_CLOUD_SPACES) is not among the 1 Spaces the token can see');
    const snap: CloudSnapshot = { fetchedAt: FETCHED, spaces: [{ ok: false, spaceId: 's9', fetchedAt: FETCHED, error }] };
    assert.equal(judge(base(snap)).cause, 'cloud.node/space-not-visible');
  });
  it('skip: the token sees no Space', () => assert.equal(judge(base({ fetchedAt: FETCHED, spaces: [] })).cause, 'cloud.node/no-spaces'));
  it('skip: not claimed', () => assert.equal(judge(base(live(), { claimed: false })).cause, 'cloud.node/not-claimed'));
  it('skip: nothing to look for', () => {
    assert.equal(judge(base(live(), { nodeIdCandidates: [], machineGuid: undefined })).cause, 'cloud.node/no-identity');
  });
  it('skip: not found and the claim state unknown', () => {
    assert.equal(judge(base(live([]), { claimed: undefined })).cause, 'cloud.node/claim-unknown');
  });

  it('fail: claimed but absent past the start period; steps [] (the fix is in Cloud), the reason in the remedy', () => {
    const f = judge(base(live([node('nd-x', 'mg-x', 'db')])));
    assert.equal(f.status, 'fail');
    assert.equal(f.cause, 'cloud.node/absent');
    assert.deepEqual(f.steps, []);
    assert.match(f.remedy!, /48 hours.*7 days/);
    assert.match(f.remedy!, /outside your hosts/);
  });
  it('warn: absent inside the start period (connecting)', () => {
    const f = judge(base(live([]), { inStartPeriod: true }));
    assert.equal(f.status, 'warn');
    assert.equal(f.cause, 'cloud.node/connecting');
  });
  it('fail: Cloud shows it Offline while the agent has been online past the start period; the step restarts it', () => {
    const f = judge(base(live([node('nd-me', 'mg-me', 'web', 'unreachable')])));
    assert.equal(f.status, 'fail');
    assert.equal(f.cause, 'cloud.node/unreachable-while-agent-online');
    assert.deepEqual(f.steps, [{ where: 'host', run: 'docker restart netdata' }]);
  });
  it('warn: Offline inside the start period', () => {
    assert.equal(judge(base(live([node('nd-me', 'mg-me', 'web', 'unreachable')]), { inStartPeriod: true })).cause, 'cloud.node/connecting');
  });
  it('warn: Offline, and the agent agrees it is offline', () => {
    const f = judge(base(live([node('nd-me', 'mg-me', 'web', 'unreachable')]), { agentOnline: false }));
    assert.equal(f.status, 'warn');
    assert.equal(f.cause, 'cloud.node/offline');
  });
  it('warn: Stale', () => {
    const f = judge(base(live([node('nd-me', 'mg-me', 'web', 'stale')])));
    assert.equal(f.status, 'warn');
    assert.equal(f.cause, 'cloud.node/stale');
  });
  it('warn: ghosts listed with their node IDs and how to remove them', () => {
    const f = judge(
      base(
        live([
          node('nd-me', 'mg-me', 'web'),
          node('nd-ghost1', 'mg-old1', 'web', 'unreachable'),
          node('nd-ghost2', 'mg-old2', 'web', 'unreachable'),
        ]),
      ),
    );
    assert.equal(f.status, 'warn');
    assert.equal(f.cause, 'cloud.node/ghosts');
    assert.match(f.summary, /nd-ghost1, nd-ghost2/);
    assert.match(f.remedy!, /Space settings → Nodes/);
    assert.deepEqual(f.steps, []);
    assert.equal((f.evidence.ghosts!.value as string[]).length, 2);
  });
  it('warn: this GUID under another hostname (a clone on another host)', () => {
    const f = judge(base(live([node('nd-me', 'mg-me', 'elsewhere')])));
    assert.equal(f.cause, 'cloud.node/guid-on-other-host');
    assert.match(f.summary, /elsewhere/);
  });
  it('warn: not in a room of NETDATA_CLAIM_ROOMS', () => {
    const snap = snapshotOf(listing('s1', [node('nd-me', 'mg-me', 'web')], { 'room-a': { name: 'Web', nodeIds: [] } }));
    const f = judge(base(snap, { claimRooms: ['room-a'] }));
    assert.equal(f.cause, 'cloud.node/not-in-claim-rooms');
    assert.match(f.summary, /Web \(room-a\)/);
  });
  it('a fail wins over warnings; the warnings stay in the evidence', () => {
    const f = judge(base(live([node('nd-me', 'mg-me', 'web', 'unreachable'), node('nd-ghost', 'mg-old', 'web', 'unreachable')])));
    assert.equal(f.cause, 'cloud.node/unreachable-while-agent-online');
    assert.ok(f.evidence.ghosts);
  });
});

describe("cloudShows (the node's `cloud` object, measured)", () => {
  const ids = { nodeIdCandidates: ['nd-me'], machineGuid: 'mg-me' };
  it('reachable → Live, stale → Stale, unreachable → Offline, with node, Space and time', () => {
    assert.deepEqual(cloudShows(live(), ids), {
      shows: 'Live',
      source: 'cloud-api',
      nodeId: 'nd-me',
      spaceId: 's1',
      spaceName: 'Space ' + 's1',
      fetchedAt: FETCHED,
    });
    assert.equal(cloudShows(live([node('nd-me', 'mg-me', 'web', 'stale')]), ids)?.shows, 'Stale');
    assert.equal(cloudShows(live([node('nd-me', 'mg-me', 'web', 'unreachable')]), ids)?.shows, 'Offline');
  });
  it('Offline and never connected (no node ID known locally) → Unseen', () => {
    const neverConnected = { nodeIdCandidates: [], machineGuid: 'mg-me' };
    assert.equal(cloudShows(live([node('nd-1', 'mg-me', 'web', 'unreachable')]), neverConnected)?.shows, 'Unseen');
  });
  it('no match in every listed Space → "not in the Space"', () => {
    assert.deepEqual(cloudShows(live([]), ids), {
      shows: 'not in the ' + 'Space',
      source: 'cloud-api',
      nodeId: null,
      spaceId: 's1',
      spaceName: 'Space s1',
      fetchedAt: FETCHED,
    });
  });
  it('cannot say (no snapshot, API failed, a Space not listed, nothing to look for) → undefined: use inferredCloud', () => {
    assert.equal(cloudShows(undefined, ids), undefined);
    assert.equal(cloudShows(refused(), ids), undefined);
    assert.equal(cloudShows(withFailedSpace(live([])), ids), undefined);
    assert.equal(cloudShows(live(), { nodeIdCandidates: [], machineGuid: undefined }), undefined);
  });
});

describe('inferredCloud', () => {
  it('maps every node state onto the five shows values', () => {
    const allowed = ['Live', 'Unseen', 'Offline', 'Stale', 'not in the Space'];
    for (const state of NODE_STATES) {
      for (const known of [true, false]) {
        const c = inferredCloud(state, known);
        assert.equal(c.source, 'inferred');
        assert.ok(allowed.includes(c.shows), `${state}: ${c.shows}`);
      }
    }
    assert.equal(inferredCloud('live', false).shows, 'Live');
    assert.equal(inferredCloud('indirect', false).shows, 'Live');
    assert.equal(inferredCloud('unseen', false).shows, 'Unseen');
    assert.equal(inferredCloud('offline', true).shows, 'Offline');
    assert.equal(inferredCloud('not-claimed', true).shows, 'not in the Space');
    assert.equal(inferredCloud('agent-down', true).shows, 'Offline');
    assert.equal(inferredCloud('agent-down', false).shows, 'Unseen');
    assert.equal(inferredCloud('agent-down', true, false).shows, 'not in the Space');
  });
});
