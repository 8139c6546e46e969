// Matching a local agent to a Cloud node (CONTRACT §12): node ID, else machine GUID, never hostname alone;
// ghosts, this GUID under another hostname, claim-room membership.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { matchAgent } from '../../../src/cloud/match.ts';
import { listing, node, snapshotOf, withFailedSpace } from './snapshot-fixtures.ts';

const ME = { nodeIds: ['nd-me'], machineGuid: 'mg-me', hostname: 'web', claimRooms: [] as string[] };

describe('matchAgent', () => {
  it('by node ID first, across Spaces', () => {
    const snap = snapshotOf(listing('s1', [node('nd-x', 'mg-x', 'x')]), listing('s2', [node('ND-ME', 'mg-me', 'web')]));
    const m = matchAgent(snap, ME);
    assert.equal(m.by, 'node-id');
    assert.equal(m.node?.spaceId, 's2');
    assert.equal(m.node?.nd, 'ND-ME');
  });
  it('a node ID wins over a GUID match elsewhere', () => {
    const snap = snapshotOf(
      listing('s1', [node('nd-other', 'mg-me', 'web', 'unreachable')]),
      listing('s2', [node('nd-me', 'mg-me', 'web')]),
    );
    const m = matchAgent(snap, ME);
    assert.equal(m.node?.nd, 'nd-me');
    assert.equal(m.by, 'node-id');
  });
  it('else by machine GUID (an agent that never learnt its node ID)', () => {
    const m = matchAgent(snapshotOf(listing('s1', [node('nd-1', 'MG-ME', 'web', 'unreachable')])), { ...ME, nodeIds: [] });
    assert.equal(m.by, 'machine-guid');
    assert.equal(m.node?.nd, 'nd-1');
  });
  it('never by hostname alone', () => {
    const m = matchAgent(snapshotOf(listing('s1', [node('nd-1', 'mg-1', 'web')])), ME);
    assert.equal(m.node, undefined);
    assert.equal(m.by, undefined);
  });
  it('node ID matched but Cloud holds another GUID: recorded', () => {
    const m = matchAgent(snapshotOf(listing('s1', [node('nd-me', 'mg-old', 'web')])), ME);
    assert.deepEqual(m.guidMismatch, { local: 'mg-me', cloud: 'mg-old' });
  });
  it('ghosts: same hostname, another GUID, not reachable; reachable namesakes and this node are not ghosts', () => {
    const snap = snapshotOf(
      listing('s1', [
        node('nd-me', 'mg-me', 'web'),
        node('nd-g1', 'mg-g1', 'WEB', 'unreachable'),
        node('nd-g2', 'mg-g2', 'web', 'stale'),
        node('nd-live', 'mg-live', 'web', 'reachable'),
        node('nd-other', 'mg-o', 'db', 'unreachable'),
      ]),
    );
    assert.deepEqual(
      matchAgent(snap, ME).ghosts.map((g) => g.nd),
      ['nd-g1', 'nd-g2'],
    );
  });
  it("no ghosts without the agent's own GUID (a namesake could be its own unmatched node)", () => {
    const snap = snapshotOf(listing('s1', [node('nd-g1', 'mg-g1', 'web', 'unreachable')]));
    assert.deepEqual(matchAgent(snap, { ...ME, nodeIds: [], machineGuid: undefined }).ghosts, []);
  });
  it('this GUID under another hostname: a clone on another host', () => {
    const m = matchAgent(snapshotOf(listing('s1', [node('nd-me', 'mg-me', 'other-host')])), ME);
    assert.deepEqual(
      m.guidElsewhere.map((n) => n.nm),
      ['other-host'],
    );
    assert.deepEqual(matchAgent(snapshotOf(listing('s1', [node('nd-me', 'mg-me', 'WEB')])), ME).guidElsewhere, []);
  });
  it('claim rooms: missing membership; a room of another Space; a room not listed yet is not judged', () => {
    const l = listing('s1', [node('nd-me', 'mg-me', 'web')], {
      'room-a': { name: 'Web', nodeIds: ['nd-me'] },
      'room-b': { name: 'DB', nodeIds: [] },
      'room-c': 'not-in-space',
    });
    const m = matchAgent(snapshotOf(l), { ...ME, claimRooms: ['room-a', 'ROOM-B', 'room-c', 'room-unlisted'] });
    assert.deepEqual(m.missingRooms, [
      { id: 'room-b', name: 'DB', reason: 'not-a-member' },
      { id: 'room-c', reason: 'not-in-space' },
    ]);
  });
  it('counts listed and failed Spaces', () => {
    const m = matchAgent(withFailedSpace(snapshotOf(listing('s1', []))), ME);
    assert.equal(m.spacesListed, 1);
    assert.equal(m.spacesFailed, 1);
  });
});
