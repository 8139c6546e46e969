// The interval pass's reuse of a running container's files (src/gather/cache.ts) on a real container: a
// claimed_id written while the agent runs is not seen by the next interval pass (the files are reused),
// is seen by the node pass an event of that container starts (regatherNode, as serve does), and is seen by
// an interval pass once the files are older than the maximum age.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { discoverEngine } from '../../src/docker/engine.ts';
import { DockerodeClient } from '../../src/docker/dockerode-client.ts';
import { gather, regatherNode, Session } from '../../src/gather/gather.ts';
import { cloudMark } from '../../src/gather/cache.ts';
import type { GatheredFacts, NodeFacts } from '../../src/facts/types.ts';
import { assertTestImages, cleanupOnExit, execIn, startScenario, type Scenario } from '../testbed/scenarios.ts';

const CLAIMED_ID = '0f0e0d0c-0b0a-4909-8807-060504030201';
const CLAIMED_ID_2 = '1a1b1c1d-1e1f-4202-8303-040506070809';

const claimedId = (facts: GatheredFacts, name: string): string => {
  const node = facts.nodes.find((n: NodeFacts) => n.container.name === name);
  assert.ok(node, `no node ${name}`);
  const read = node.files.claimedId;
  return read.ok ? read.value.trim() : `(${read.absent ? 'absent' : read.reason})`;
};

describe('reused files on a real running agent', () => {
  let agent: Scenario;
  let client: DockerodeClient;

  before(async () => {
    await assertTestImages();
    agent = await startScenario('healthy-unclaimed');
    const endpoint = discoverEngine({}, () => undefined);
    if ('error' in endpoint) throw new Error(endpoint.error);
    client = new DockerodeClient(endpoint);
    // A starting 1.37 daemon logs Cloud lines ("This agent doesn't have ACLK", "Reopening aclk/cloud
    // state"), each of which rightly makes the next pass read the files: wait until its last one is out.
    const session = new Session('auto');
    const options = { targets: [agent.name], exec: 'auto' as const, agentApi: false };
    let mark: string | undefined;
    for (let i = 0; i < 30; i++) {
      const facts = await gather(client, options, session);
      const now = cloudMark(facts.nodes[0]!.logs);
      if (now !== undefined && now === mark) break;
      mark = now;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  });
  after(cleanupOnExit);

  const write = async (id: string) => {
    const r = await execIn(agent.id, [
      'sh',
      '-c',
      `mkdir -p /var/lib/netdata/cloud.d && printf '%s\\n' ${id} > /var/lib/netdata/cloud.d/claimed_id`,
    ]);
    assert.equal(r.exitCode, 0, r.stderr);
  };

  test("claimed_id written while running: reused by the next interval pass, read by the event's node pass", async () => {
    const options = { targets: [agent.name], exec: 'auto' as const, agentApi: false };
    const session = new Session('auto');
    const first = await gather(client, options, session);
    assert.equal(claimedId(first, agent.name), '(absent)');
    await write(CLAIMED_ID);
    const interval = await gather(client, options, session);
    assert.equal(claimedId(interval, agent.name), '(absent)', 'an interval pass within the maximum age reuses the files');
    const onEvent = await regatherNode(client, interval, agent.id, session, { agentApi: false });
    assert.equal(claimedId(onEvent, agent.name), CLAIMED_ID, 'the node pass of an event reads them');
    // And what the node pass read is what the next interval pass reuses.
    assert.equal(claimedId(await gather(client, options, session), agent.name), CLAIMED_ID);
  });

  test('past the maximum age an interval pass reads the files again', async () => {
    const options = { targets: [agent.name], exec: 'auto' as const, agentApi: false };
    // 1.5 s × 0.75–1.25 for this container: at most 1.875 s.
    const session = new Session('auto', { filesMaxAgeMs: 1_500 });
    await gather(client, options, session);
    await write(CLAIMED_ID_2);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    assert.equal(claimedId(await gather(client, options, session), agent.name), CLAIMED_ID_2);
  });
});
