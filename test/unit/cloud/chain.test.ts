// The whole chain on loopback: the fake Cloud API in each scenario → CloudClient → CloudPoller.refreshOnce (as
// `check` does) → cloud.node and cloudShows. Every outcome the fake can produce, and no token in any output.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { CloudClient } from '../../../src/cloud/client.ts';
import { CloudPoller } from '../../../src/cloud/poller.ts';
import { cloudNode, cloudShows } from '../../../src/checks/cloud-node.ts';
import { FakeCloudApi, scenarioSpace, type CloudScenario } from '../../testbed/fake-cloud-api.ts';

const TOKEN = 'ndc.CHAIN-token-0123456789abcdef';
const agent = { nd: randomUUID(), mg: randomUUID(), nm: 'web-1' };
const claimRoom = randomUUID();

describe('fake Cloud API → poller → cloud.node', () => {
  const fake = new FakeCloudApi(TOKEN);
  before(() => fake.start());
  after(() => fake.close());

  const judge = async (kind: CloudScenario, token = TOKEN) => {
    fake.spaces = [scenarioSpace(kind, agent, { name: 'Main', claimRoomId: claimRoom })];
    fake.resetCounts();
    const claimRooms = kind === 'not-in-claim-rooms' ? [claimRoom] : [];
    const api = new CloudClient({ apiUrl: fake.url, token });
    const poller = new CloudPoller({ api, spaces: 'all', intervalMs: 300_000, claimRoomIds: () => claimRooms });
    const snapshot = await poller.refreshOnce();
    poller.stop();
    const finding = cloudNode({
      containerName: 'netdata',
      tokenConfigured: true,
      snapshot,
      claimed: true,
      agentOnline: true,
      nodeIdCandidates: [agent.nd],
      machineGuid: agent.mg,
      hostname: agent.nm,
      claimRooms,
      inStartPeriod: false,
    });
    const shows = cloudShows(snapshot, { nodeIdCandidates: [agent.nd], machineGuid: agent.mg });
    const text = JSON.stringify({ finding, shows, snapshot, errors: snapshot.error?.message });
    assert.ok(!text.includes(TOKEN) && !text.includes('CHAIN-token'), text);
    return { finding, shows };
  };

  const cases: [CloudScenario, string, string | undefined][] = [
    ['reachable', 'cloud.node/ok', 'Live'],
    ['stale', 'cloud.node/stale', 'Stale'],
    ['unreachable', 'cloud.node/unreachable-while-agent-online', 'Offline'],
    ['absent', 'cloud.node/absent', 'not in the Space'],
    ['ghosts', 'cloud.node/ghosts', 'Live'],
    ['guid-on-other-host', 'cloud.node/guid-on-other-host', 'Live'],
    ['not-in-claim-rooms', 'cloud.node/not-in-claim-rooms', 'Live'],
    ['no-all-nodes-room', 'cloud.node/no-all-nodes-room', undefined],
    // The agent's own entry is the one with a wrong type: absent cannot be said, so it skips with the reason.
    ['wrongly-typed', 'cloud.node/api-bad-answer', undefined],
  ];
  for (const [kind, cause, shows] of cases) {
    it(`${kind}: ${cause}, shows ${shows ?? '(inferred)'}`, async () => {
      const result = await judge(kind);
      assert.equal(result.finding.cause, cause);
      assert.equal(result.shows?.shows, shows);
      if (shows) assert.equal(result.shows?.spaceName, 'Main');
    });
  }

  it('ghosts: both ghost node IDs listed', async () => {
    const { finding } = await judge('ghosts');
    const nodes = fake.spaces[0]!.nodes as { nm: string; nd: string }[];
    const ghosts = nodes.filter((n) => n.nm === agent.nm && n.nd !== agent.nd);
    assert.equal(ghosts.length, 2);
    for (const g of ghosts) assert.ok(finding.summary.includes(g.nd), finding.summary);
  });

  it('one fetch asks each path once: spaces, rooms, the "All nodes" room, the claim room', async () => {
    await judge('not-in-claim-rooms');
    const space = fake.spaces[0]!;
    assert.equal(fake.count('/api/v2/spaces'), 1);
    assert.equal(fake.count(`/api/v2/spaces/${space.id}/rooms`), 1);
    assert.equal(fake.count(`/api/v3/spaces/${space.id}/rooms/${fake.allNodesRoomId(space)}/nodes`), 1);
    assert.equal(fake.count(`/api/v3/spaces/${space.id}/rooms/${claimRoom}/nodes`), 1);
    assert.equal(fake.count(), 4);
  });

  it("a refused token: cloud.node skips with the reason, the node's cloud stays inferred", async () => {
    const { finding, shows } = await judge('reachable', 'ndc.REVOKED-token-0000');
    assert.equal(finding.status, 'skip');
    assert.equal(finding.cause, 'cloud.node/token-refused');
    assert.equal(shows, undefined);
  });

  it('an API that answers HTML: skip, no crash', async () => {
    fake.faults = [{ fault: { kind: 'html' } }];
    assert.equal((await judge('reachable')).finding.cause, 'cloud.node/api-bad-answer');
    fake.faults = [];
  });
});
