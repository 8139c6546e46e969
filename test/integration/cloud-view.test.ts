// What Netdata Cloud itself shows (CONTRACT §4 cloud.node, §5 cloud, §12), end to end: fake agents on the real
// engine, the fake Cloud API on 127.0.0.1 in each state, `check --json` and the human report; then the bad
// inputs (refused token, hanging API, HTML, truncated, wrong types, no "All nodes" room): cloud.node skips with
// its reason, every other finding stays as it is without a token, and the token is in no output.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { assertFakeImages, removeFakeResources, startFakeAgent, type FakeAgent } from '../testbed/fakes.ts';
import { FakeCloudApi, scenarioSpace, type AgentInCloud, type CloudScenario, type FakeFault } from '../testbed/fake-cloud-api.ts';
import { runCli, type CliResult } from './harness.ts';
import { assertValidReport } from './schema.ts';
import type { NodeReport, Report } from '../../src/diagnosis/diagnose.ts';

const TOKEN = `ncdCloudTok${randomBytes(24).toString('hex')}`;
const ROOM = randomUUID();

/** The identity the agent reports in /api/v3/info (what Cloud would hold for it). */
async function inCloud(agent: FakeAgent): Promise<AgentInCloud> {
  const info = JSON.parse((await agent.api('/api/v3/info')).body) as { agents: { nd: string | null; mg: string; nm: string }[] };
  const a = info.agents[0]!;
  return { nd: a.nd ?? randomUUID(), mg: a.mg, nm: a.nm };
}

const noToken = (r: CliResult) => {
  for (const [what, text] of [
    ['stdout', r.stdout],
    ['stderr', r.stderr],
  ] as const) {
    assert.ok(!text.includes(TOKEN) && !text.includes(TOKEN.slice(10, 30)), `the Cloud token is in ${what}`);
  }
};

describe('cloud.node and node.cloud with the fake Netdata Cloud API', () => {
  const api = new FakeCloudApi(TOKEN);
  let online: FakeAgent;
  let offline: FakeAgent;
  let unclaimed: FakeAgent;
  let onlineId: AgentInCloud;
  let offlineId: AgentInCloud;
  /** The report without a token: what every other finding says, to compare the bad inputs with. */
  let baseline: Report;

  const check = async (names: string[], env: Record<string, string> = {}, json = true) => {
    const r = await runCli(
      ['check', ...(json ? ['--json'] : []), ...names],
      { DOCTOR_CLOUD_TOKEN: TOKEN, DOCTOR_CLOUD_API: api.url, DOCTOR_START_PERIOD: '0s', ...env },
      120_000,
    );
    noToken(r);
    return r;
  };
  const report = (r: CliResult): Report => {
    const doc = JSON.parse(r.stdout) as Report;
    assertValidReport(doc);
    return doc;
  };
  const nodeOf = (doc: Report, agent: FakeAgent): NodeReport => doc.nodes.find((n) => n.container.name === agent.name)!;
  const cloudNode = (n: NodeReport) => n.findings.find((f) => f.id === 'cloud.node')!;
  /** The scenario's Space; the agent is a member of its claim room unless the scenario says it is not. */
  const space = (kind: CloudScenario, who: AgentInCloud) => {
    const s = scenarioSpace(kind, who, { name: 'Main', claimRoomId: ROOM });
    if (kind !== 'not-in-claim-rooms') s.rooms = [...(s.rooms ?? []), { id: ROOM, name: 'Claim room', nodeIds: [who.nd] }];
    return s;
  };

  before(async () => {
    await assertFakeImages();
    await api.start();
    [online, offline, unclaimed] = await Promise.all([
      startFakeAgent({ generation: 'v2', state: 'online', env: { NETDATA_CLAIM_ROOMS: ROOM } }),
      startFakeAgent({ generation: 'v2', state: 'offline-was-connected' }),
      startFakeAgent({ generation: 'v2', state: 'not-claimed' }),
    ]);
    [onlineId, offlineId] = await Promise.all([inCloud(online), inCloud(offline)]);
    baseline = report(await runCli(['check', '--json', online.name], { DOCTOR_START_PERIOD: '0s' }, 120_000));
  });
  after(async () => {
    await api.close();
    await removeFakeResources();
  });

  test('without a token: cloud.node skips (no-token) and what Cloud shows is inferred', () => {
    const n = nodeOf(baseline, online);
    assert.equal(cloudNode(n).cause, 'cloud.node/no-token');
    assert.equal(cloudNode(n).status, 'skip');
    assert.equal(n.cloud.source, 'inferred');
    assert.equal(n.state, 'live');
  });

  test('reachable: pass, the node measured Live with its node ID, Space and time', async () => {
    const main = space('reachable', onlineId);
    api.spaces = [main];
    const r = await check([online.name]);
    const n = nodeOf(report(r), online);
    assert.equal(cloudNode(n).cause, 'cloud.node/ok', cloudNode(n).summary);
    assert.equal(cloudNode(n).status, 'pass');
    assert.notEqual(n.status, 'fail');
    assert.equal(r.code, 0);
    assert.deepEqual(
      { ...n.cloud, fetchedAt: typeof n.cloud.fetchedAt },
      {
        shows: 'Live',
        source: 'cloud-api',
        nodeId: onlineId.nd,
        spaceId: main.id,
        spaceName: 'Main',
        fetchedAt: 'string',
      },
    );
    assert.equal(n.cloudView, 'Live');
  });

  test("the human report says Cloud's view was measured", async () => {
    api.spaces = [space('reachable', onlineId)];
    const r = await check([online.name], {}, false);
    assert.match(r.stdout, /Netdata Cloud shows: Live \(measured by the Cloud API at \d{4}-/);
    assert.match(r.stdout, /cloud\.node/);
  });

  const outcomes: [CloudScenario, string, 'warn' | 'fail', string, 'pass' | 'warn' | 'fail'][] = [
    ['stale', 'cloud.node/stale', 'warn', 'Stale', 'warn'],
    // The agent says connected, Cloud says Offline: the node fails (CONTRACT §5), with cloud.node's cause.
    ['unreachable', 'cloud.node/unreachable-while-agent-online', 'fail', 'Offline', 'fail'],
    ['absent', 'cloud.node/absent', 'fail', 'not in the Space', 'fail'],
    ['ghosts', 'cloud.node/ghosts', 'warn', 'Live', 'warn'],
    ['guid-on-other-host', 'cloud.node/guid-on-other-host', 'warn', 'Live', 'warn'],
    ['not-in-claim-rooms', 'cloud.node/not-in-claim-rooms', 'warn', 'Live', 'warn'],
  ];
  for (const [kind, cause, status, shows, nodeStatus] of outcomes) {
    test(`${kind}: cloud.node ${status} (${cause}), Cloud shows ${shows}, node ${nodeStatus}`, async () => {
      const main = space(kind, onlineId);
      api.spaces = [main];
      const r = await check([online.name]);
      const n = nodeOf(report(r), online);
      const f = cloudNode(n);
      // Ghosts and clones compare hostnames, which only the agent's live API gives (v3 info nm).
      if (kind === 'ghosts' || kind === 'guid-on-other-host') assert.ok(n.agent.apiSource, `the agent's API did not answer: ${f.summary}`);
      assert.equal(f.cause, cause, `${f.summary} ${JSON.stringify(f.evidence)}`);
      assert.equal(f.status, status);
      assert.ok(f.remedy, 'a warn or fail says what to do');
      assert.equal(n.cloud.shows, shows);
      assert.equal(n.cloud.source, 'cloud-api');
      assert.equal(n.state, 'live', "the state stays the agent's own word");
      assert.equal(n.status, nodeStatus);
      assert.equal(r.code, nodeStatus === 'fail' ? 1 : 0);
      if (nodeStatus === 'fail') assert.equal(n.cause, cause, "the failing node names Cloud's answer as its cause");
      if (kind === 'ghosts') {
        const ghosts = main.nodes.filter(
          (g) => (g as { nm: string; mg: string }).nm === onlineId.nm && (g as { mg: string }).mg !== onlineId.mg,
        );
        assert.equal(ghosts.length, 2);
        for (const g of ghosts) assert.ok(f.summary.includes((g as { nd: string }).nd), `ghost ${(g as { nd: string }).nd} listed`);
      }
    });
  }

  test('inside the start period, Cloud not showing the node Live yet: warn connecting, the node does not fail', async () => {
    api.spaces = [space('unreachable', onlineId)];
    const r = await check([online.name], { DOCTOR_START_PERIOD: '1h' });
    const n = nodeOf(report(r), online);
    assert.equal(cloudNode(n).cause, 'cloud.node/connecting', cloudNode(n).summary);
    assert.equal(cloudNode(n).status, 'warn');
    assert.notEqual(n.status, 'fail');
    assert.equal(n.cloud.shows, 'Offline');
  });

  test('an offline agent that Cloud shows Offline: warn offline, the node fails for its own connection', async () => {
    api.spaces = [space('unreachable', offlineId)];
    const n = nodeOf(report(await check([offline.name])), offline);
    assert.equal(cloudNode(n).cause, 'cloud.node/offline', cloudNode(n).summary);
    assert.equal(n.cloud.shows, 'Offline');
    assert.equal(n.status, 'fail');
    assert.equal(n.state, 'offline');
  });

  test('an unclaimed agent: cloud.node skips (not-claimed)', async () => {
    api.spaces = [space('reachable', onlineId)];
    const n = nodeOf(report(await check([unclaimed.name])), unclaimed);
    assert.equal(cloudNode(n).cause, 'cloud.node/not-claimed');
    assert.equal(cloudNode(n).status, 'skip');
  });

  // Bad input: cloud.node skips with the reason; everything else is what it is without a token (asked again
  // now that the agent has settled: its first exec answers can come late).
  test('baseline without a token, the agent settled', async () => {
    baseline = report(await runCli(['check', '--json', online.name], { DOCTOR_START_PERIOD: '0s' }, 120_000));
    assert.equal(cloudNode(nodeOf(baseline, online)).cause, 'cloud.node/no-token');
  });
  const bad: [string, () => void, RegExp][] = [
    [
      'a refused token',
      () => {
        api.spaces = [space('reachable', onlineId)];
      },
      /^cloud\.node\/token-refused$/,
    ],
    [
      'an API that hangs',
      () => {
        api.faults = [{ fault: { kind: 'hang' } }];
      },
      /^cloud\.node\/api-unreachable$/,
    ],
    [
      'an HTML answer',
      () => {
        api.faults = [{ fault: { kind: 'html' } }];
      },
      /^cloud\.node\/api-bad-answer$/,
    ],
    [
      'a truncated answer',
      () => {
        api.faults = [{ path: /\/nodes$/, fault: { kind: 'truncated' } as FakeFault }];
      },
      /^cloud\.node\/api-(bad-answer|unreachable)$/,
    ],
    [
      'JSON cut in the middle',
      () => {
        api.faults = [{ path: /\/nodes$/, fault: { kind: 'cut-json' } }];
      },
      /^cloud\.node\/api-bad-answer$/,
    ],
    [
      'wrongly typed node fields',
      () => {
        api.spaces = [space('wrongly-typed', onlineId)];
      },
      /^cloud\.node\/api-bad-answer$/,
    ],
    [
      'a Space with no "All nodes" room',
      () => {
        api.spaces = [space('no-all-nodes-room', onlineId)];
      },
      /^cloud\.node\/no-all-nodes-room$/,
    ],
  ];
  for (const [what, arrange, cause] of bad) {
    test(`bad input, ${what}: cloud.node skips with the reason, nothing else changes, no token anywhere`, async () => {
      api.spaces = [space('reachable', onlineId)];
      api.faults = [];
      arrange();
      const env: Record<string, string> = what === 'a refused token' ? { DOCTOR_CLOUD_TOKEN: `wrong${TOKEN.slice(5)}x` } : {};
      const r = await check([online.name], env);
      api.faults = [];
      const doc = report(r);
      const n = nodeOf(doc, online);
      const f = cloudNode(n);
      assert.equal(f.status, 'skip', f.summary);
      assert.match(f.cause, cause, f.summary);
      assert.ok(f.summary.length > 0);
      const others = (x: NodeReport) => x.findings.filter((g) => g.id !== 'cloud.node').map((g) => `${g.id} ${g.status} ${g.cause}`);
      assert.deepEqual(others(n), others(nodeOf(baseline, online)));
      assert.equal(n.status, nodeOf(baseline, online).status);
      assert.equal(n.state, nodeOf(baseline, online).state);
      assert.equal(n.cloud.source, 'inferred', 'Cloud could not say: inferred');
      assert.equal(r.code, 0);
      if (what !== 'wrongly typed node fields' && what !== 'a Space with no "All nodes" room') {
        assert.match(r.stderr, /cloud\.unreachable/, 'one cloud.unreachable log line');
      }
      if (what === 'a refused token')
        assert.ok(!r.stderr.includes(`wrong${TOKEN.slice(5)}x`.slice(8, 30)), 'the refused token is redacted too');
    });
  }
});
