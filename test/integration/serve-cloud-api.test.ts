// serve with a Cloud API token (CONTRACT §12): one listing per Space per interval, whatever happens between
// (agent state changes, passes, re-judgements), never more; /health and /metrics carry what Cloud shows.
// DOCTOR_CLOUD_INTERVAL cannot go below 1m, so this runs about 70 s: honest time, no hidden override.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { assertFakeImages, freePort, removeFakeResources, startFakeAgent, type FakeAgent } from '../testbed/fakes.ts';
import { FakeCloudApi, makeNode, scenarioSpace, type FakeSpace } from '../testbed/fake-cloud-api.ts';
import { serveEnv, spawnServe, until } from './harness.ts';
import { assertValidReport } from './schema.ts';
import type { Report } from '../../src/diagnosis/diagnose.ts';

const TOKEN = `ncdServeTok${randomBytes(24).toString('hex')}`;
const ROOM = randomUUID();

describe('serve lists Netdata Cloud once per Space per interval', () => {
  const api = new FakeCloudApi(TOKEN);
  let doctor: ChildProcess;
  let agent: FakeAgent;
  let port: number;
  let spaces: FakeSpace[];
  let output = '';
  let firstListingAt = 0;

  const allNodesPath = (s: FakeSpace) => `/api/v3/spaces/${s.id}/rooms/${api.allNodesRoomId(s)}/nodes`;
  /** Listings of each Space's "All nodes" room, then of the agent's claim room (NETDATA_CLAIM_ROOMS). */
  const listings = () => [
    ...spaces.map((s) => api.count(allNodesPath(s))),
    api.count(`/api/v3/spaces/${spaces[0]!.id}/rooms/${ROOM}/nodes`),
  ];
  const health = async (): Promise<Report> => {
    const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(3_000) });
    const doc = (await res.json()) as Report;
    assertValidReport(doc);
    return doc;
  };

  before(async () => {
    await assertFakeImages();
    await api.start();
    agent = await startFakeAgent({ generation: 'v2', state: 'online', env: { NETDATA_CLAIM_ROOMS: ROOM } });
    const info = JSON.parse((await agent.api('/api/v3/info')).body) as { agents: { nd: string; mg: string; nm: string }[] };
    const me = info.agents[0]!;
    const main = scenarioSpace('reachable', me, { name: 'Main' });
    main.rooms = [{ id: ROOM, name: 'Claim room', nodeIds: [me.nd] }];
    spaces = [main, { id: 'second-space', name: 'Second', nodes: [makeNode({ nm: 'elsewhere' })] }];
    api.spaces = spaces;
    port = await freePort();
    doctor = spawnServe(
      serveEnv(port, {
        DOCTOR_TARGETS: agent.name,
        DOCTOR_CLOUD_TOKEN: TOKEN,
        DOCTOR_CLOUD_API: api.url,
        DOCTOR_CLOUD_INTERVAL: '1m',
      }),
    );
    doctor.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    doctor.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await until('the first listing', async () => (listings().every((n) => n >= 1) ? true : undefined), 30_000, 50);
    firstListingAt = Date.now();
  });
  after(async () => {
    doctor?.kill('SIGKILL');
    await api.close();
    await removeFakeResources();
  });

  test('/health shows the node measured Live by the Cloud API, /metrics its Cloud state', async () => {
    const node = await until(
      'a measured node',
      async () => {
        const n = (await health()).nodes[0];
        return n?.cloud.source === 'cloud-api' ? n : undefined;
      },
      20_000,
    );
    assert.equal(node.cloud.shows, 'Live');
    assert.equal(node.cloud.spaceName, 'Main');
    assert.equal(node.findings.find((f) => f.id === 'cloud.node')?.cause, 'cloud.node/ok');
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    assert.match(metrics, new RegExp(`netdata_cloud_doctor_cloud_node_state\\{node="${agent.name}",state="reachable"\\} 1`));
  });

  test('events and passes between listings ask Cloud nothing; the next listing comes after the interval, once', async () => {
    // Agent state changes: each is a pass (and a re-judgement), none may list Cloud again.
    for (const state of [
      'offline-was-connected@connection-refused',
      'online',
      'offline-was-connected@connection-refused',
      'online',
    ] as const) {
      await agent.setState(state);
      await until(
        `state ${state}`,
        async () =>
          (await health()).nodes[0]?.state === state.split('@')[0]!.replace('offline-was-connected', 'offline').replace('online', 'live')
            ? true
            : undefined,
        15_000,
      );
    }
    // Still inside the first interval (1 min; the next listing is 60–66 s after the first ended).
    const elapsed = Date.now() - firstListingAt;
    if (elapsed < 55_000) await sleep(55_000 - elapsed);
    assert.deepEqual(listings(), [1, 1, 1], 'one listing per Space (and claim room) so far');
    assert.equal(api.count('/api/v2/spaces'), 1);
    await until('the second listing', async () => (listings().every((n) => n >= 2) ? true : undefined), 30_000, 100);
    await sleep(2_000);
    assert.deepEqual(listings(), [2, 2, 2], 'exactly one more listing per Space (and claim room) after the interval');
    assert.equal(api.count('/api/v2/spaces'), 2);
    assert.ok(!output.includes(TOKEN), 'the token is in no log line');
  });
});
