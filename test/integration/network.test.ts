// network.cloud and network.websocket on real containers: a fake agent that cannot connect, and a fake
// Netdata Cloud on an --internal network under a `.test` name (or on 127.0.0.1), in each failure mode.
// Probes run inside the agent (docker exec) or, without exec, from the doctor (labelled, at most warn).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertTestImages } from '../testbed/scenarios.ts';
import { assertFakeImages, removeFakeResources, startFakeAgent, startFakeCloud, type FakeAgent, type FakeCloud } from '../testbed/fakes.ts';
import { diagnoseTargets, runCli, statusOf } from './harness.ts';
import { assertValidReport } from './schema.ts';

type Mode = 'normal' | 'strip-upgrade' | 'bad-cert' | 'refuse' | 'unresolvable';

const EXPECT: Record<Mode, { cloud: string; ws: string; cloudText?: RegExp; wsText?: RegExp }> = {
  normal: {
    cloud: 'pass',
    ws: 'pass',
    cloudText: /answers \(HTTP 404\) from the agent's network namespace/,
    wsText: /accepts the WebSocket upgrade \(101\)/,
  },
  'strip-upgrade': { cloud: 'pass', ws: 'warn', wsText: /answered HTTP 400 instead of 101/ },
  'bad-cert': { cloud: 'fail', ws: 'fail', cloudText: /^TLS: the certificate could not be verified/ },
  refuse: { cloud: 'fail', ws: 'fail', cloudText: /^TCP to .*: could not connect/ },
  unresolvable: { cloud: 'fail', ws: 'fail', cloudText: /^DNS: .* does not resolve/ },
};

describe('network probes (fake Netdata Cloud, real containers)', () => {
  const clouds = {} as Record<Mode, FakeCloud>;
  const agents = {} as Record<Mode, FakeAgent>;

  before(async () => {
    await assertTestImages();
    await assertFakeImages();
    for (const mode of Object.keys(EXPECT) as Mode[]) {
      clouds[mode] = await startFakeCloud({ mode, where: 'container' });
      // A claimed agent that never connected: the state in which the path to Cloud is in question.
      agents[mode] = await startFakeAgent({
        generation: 'v2',
        state: 'offline-never-connected',
        network: 'internal',
        cloudUrl: clouds[mode].url,
        trustCaFile: clouds[mode].caFile,
      });
    }
  });
  after(removeFakeResources);

  for (const mode of Object.keys(EXPECT) as Mode[]) {
    test(`${mode}: network.cloud ${EXPECT[mode].cloud}, network.websocket ${EXPECT[mode].ws}`, async () => {
      const d = await diagnoseTargets([agents[mode].name], { cloudUrl: clouds[mode].url, startPeriodMs: 0 });
      const cloud = d.finding(agents[mode].name, 'network.cloud');
      const ws = d.finding(agents[mode].name, 'network.websocket');
      assert.equal(cloud.status, EXPECT[mode].cloud, statusOf(cloud));
      assert.equal(ws.status, EXPECT[mode].ws, statusOf(ws));
      if (EXPECT[mode].cloudText) assert.match(cloud.summary, EXPECT[mode].cloudText!);
      if (EXPECT[mode].wsText) assert.match(ws.summary, EXPECT[mode].wsText!);
      if (cloud.status === 'fail') assert.ok(cloud.remedy && cloud.remedy.length > 20);
    });
  }

  test('the probe really reached the fake Cloud from inside the agent', async () => {
    const seen = (await clouds.normal.requests()).map((r) => `${r.method} ${r.path}`);
    assert.ok(seen.includes('GET /'), seen.join(', '));
    assert.ok(
      seen.some((s) => s === 'GET /mqtt'),
      seen.join(', '),
    );
  });

  test('probe etiquette: a second pass within DOCTOR_PROBE_INTERVAL does not probe again', async () => {
    const before = (await clouds.normal.requests()).length;
    // check runs one process per call, so the interval is per process; within one serve it is per endpoint.
    // Here: one check = one probe of / and one of /mqtt, never more.
    await diagnoseTargets([agents.normal.name], { cloudUrl: clouds.normal.url, startPeriodMs: 0 });
    const added = (await clouds.normal.requests()).slice(before).map((r) => r.path);
    assert.deepEqual(added.sort(), ['/', '/mqtt']);
  });

  test('a live node is not probed', async () => {
    const live = await startFakeAgent({
      generation: 'v2',
      state: 'online',
      network: 'internal',
      cloudUrl: clouds.normal.url,
      trustCaFile: clouds.normal.caFile,
    });
    const before = (await clouds.normal.requests()).length;
    const d = await diagnoseTargets([live.name], { cloudUrl: clouds.normal.url });
    assert.equal(d.finding(live.name, 'network.cloud').status, 'skip');
    assert.equal((await clouds.normal.requests()).length, before);
  });

  test("without exec: probed from the doctor's own namespace, labelled, a failure at most warns", async () => {
    const hostCloud = await startFakeCloud({ mode: 'normal', where: 'host' });
    const refusing = await startFakeCloud({ mode: 'refuse', where: 'host' });
    const agent = await startFakeAgent({ generation: 'v2', state: 'offline-never-connected' });
    const ok = await runCli(['check', agent.name, '--json', '--exec', 'never', '--start-period', '0s'], {
      DOCTOR_CLOUD_URL: hostCloud.url,
      NODE_EXTRA_CA_CERTS: hostCloud.caFile,
    });
    const report = JSON.parse(ok.stdout);
    assertValidReport(report);
    const cloud = report.nodes[0].findings.find((f: { id: string }) => f.id === 'network.cloud');
    assert.equal(cloud.status, 'pass', cloud.summary);
    assert.match(cloud.summary, /doctor's own network namespace/);
    const bad = await runCli(['check', agent.name, '--json', '--exec', 'never', '--start-period', '0s'], {
      DOCTOR_CLOUD_URL: refusing.url,
    });
    const badCloud = JSON.parse(bad.stdout).nodes[0].findings.find((f: { id: string }) => f.id === 'network.cloud');
    assert.equal(badCloud.status, 'warn', badCloud.summary);
    assert.match(badCloud.summary, /not the agent's/);
    await hostCloud.stop();
    await refusing.stop();
  });
});
