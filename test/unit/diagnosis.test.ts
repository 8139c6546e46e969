// Diagnosis (CONTRACT §5, §6): node state from facts, node status rules, and the report, which must always
// validate against schema/report.schema.json and never carry a claim token.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { diagnose, type Diagnosis } from '../../src/diagnosis/diagnose.ts';
import { judgeNode, worst, NODE_STATES } from '../../src/diagnosis/state.ts';
import { inOrder } from '../../src/gather/gather.ts';
import { NODE_CHECKS } from '../../src/checks/index.ts';
import { finding } from '../../src/checks/finding.ts';
import { readFailed, readOk, type GatheredFacts, type NodeFacts } from '../../src/facts/types.ts';
import { listing, node as cloudNodeOf, refused, snapshotOf } from './cloud/snapshot-fixtures.ts';
import {
  GUID,
  NOW,
  TOKEN,
  V1_CLAIM_403_RUNSH,
  V1_CLOUD_CONF,
  V1_LIVE_AGENT_LOG,
  V2_CLAIM_REJECTED_LOG,
  assertNoSecret,
  claimEnv,
  gatheredFacts,
  logLines,
  logfmt,
  logsOk,
  nodeView,
  minutesAgo,
  nodeFacts,
  nodeContext,
  recordedRuns,
  secondsAgo,
  v2NodeFacts,
  V2_CLOUD_CONF,
  V2_CLAIM_ID,
} from './fixtures.ts';

const SCHEMA_URL = new URL('../../schema/report.schema.json', import.meta.url);
const SHARED_SCHEMA_URL = new URL('../../../shared/report.schema.json', import.meta.url);
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_URL, 'utf8')));

export function assertValidReport(doc: unknown): void {
  assert.ok(validate(doc), `report does not match report.schema.json: ${ajv.errorsText(validate.errors)}`);
}

/** Diagnose, then check what every report must satisfy. */
function diag(facts: GatheredFacts, startPeriodMs = 60_000): Diagnosis {
  const d = diagnose(facts, { startPeriodMs, releaseId: '0.1.0-test' });
  assertValidReport(JSON.parse(JSON.stringify(d.report)));
  assertNoSecret(d.report);
  assertNoSecret(d.engineFindings);
  return d;
}
const one = (node: NodeFacts, over: Omit<Parameters<typeof gatheredFacts>[0] & {}, 'nodes'> = {}) =>
  diag(gatheredFacts({ ...over, nodes: [node] })).report.nodes[0]!;

/** A v1 agent that claimed and connected (recorded log lines), env left in place as compose users do. */
const liveV1 = (over: Parameters<typeof nodeFacts>[0] = {}) =>
  nodeFacts({
    ...over,
    container: { env: claimEnv({ NETDATA_CLAIM_URL: 'https://cloud.test:58845' }), ...over.container },
    files: { claimedId: readOk(GUID), cloudConf: readOk(V1_CLOUD_CONF), ...over.files },
    logs: over.logs ?? logsOk(logLines(V1_LIVE_AGENT_LOG)),
  });
const claimFailedV1 = () =>
  nodeFacts({
    container: {
      env: claimEnv(),
      status: 'exited',
      exitCode: 12,
      restartCount: 2,
      restartPolicy: { name: 'on-failure', maximumRetryCount: 2 },
      startedAt: minutesAgo(5),
      finishedAt: minutesAgo(5),
    },
    logs: logsOk(recordedRuns(V1_CLAIM_403_RUNSH)),
  });

describe('node state from facts', () => {
  it('live: claimed, and this run logged "ACLK connection successfully established"', () => {
    const n = one(liveV1());
    assert.equal(n.state, 'live');
    assert.equal(n.cloudView, 'Live');
    assert.equal(n.status, 'pass');
    assert.deepEqual(n.agent, { version: 'v1.47.5', generation: 1, machineGuid: GUID, claimId: GUID, apiSource: null });
  });

  it('live: only "ACLK connection successfully established" in this run (v1 error log)', () => {
    const n = one(liveV1({ logs: logsOk(logLines('2026-11-23T19:15:28.001+00:00 ACLK connection successfully established')) }));
    assert.equal(n.state, 'live');
    assert.equal(n.status, 'pass');
  });

  it('live: the v2 status line "Netdata Cloud, ACLK connection status: connected"', () => {
    const n = one(
      v2NodeFacts({
        files: { cloudConf: readOk(V2_CLOUD_CONF) },
        logs: logsOk(logLines(logfmt('Netdata Cloud, ACLK connection status: connected', { level: 'info' }))),
      }),
    );
    assert.equal(n.state, 'live');
  });

  it('a connection logged in an earlier run only is not live', () => {
    const n = one(liveV1({ logs: logsOk(logLines(V1_LIVE_AGENT_LOG, { run: 'previous' })) }));
    assert.equal(n.state, 'unknown');
  });

  it('unknown (warn): claimed, but no source tells whether it is connected', () => {
    const n = one(liveV1({ logs: readOk([]) }));
    assert.equal(n.state, 'unknown');
    assert.equal(n.status, 'warn');
    assert.equal(n.cloudView, 'unknown: Live, Unseen or Offline');
  });

  it('claim-failed: an exited v1 whose claim failed (recorded 403), not agent-down', () => {
    const d = diag(gatheredFacts({ nodes: [claimFailedV1()] }));
    const n = d.report.nodes[0]!;
    assert.equal(n.state, 'claim-failed');
    assert.equal(n.status, 'fail');
    assert.equal(n.cloudView, 'not in the Space');
    assert.equal(
      d.report.output,
      'netdata: claim-failed — claim failed: "token expired/token not found/invalid token" (exit 12: the claim token is expired, unknown or invalid)',
    );
  });

  it('claim-failed: a running v2 whose claim was rejected (recorded)', () => {
    const n = one(v2NodeFacts({ container: { env: claimEnv() }, logs: logsOk(logLines(V2_CLAIM_REJECTED_LOG)) }));
    assert.equal(n.state, 'claim-failed');
    assert.equal(n.status, 'fail');
  });

  it('not-claimed: running, no claim configured', () => {
    const n = one(nodeFacts());
    assert.equal(n.state, 'not-claimed');
    assert.equal(n.status, 'fail');
    assert.equal(n.cloudView, 'not in the Space');
  });

  it('not-claimed stays fail inside the start period (it is not connecting)', () => {
    assert.equal(one(nodeFacts({ container: { startedAt: secondsAgo(10) } })).status, 'fail');
  });

  it('cloud-disabled: NETDATA_DISABLE_CLOUD=1 on v1.47', () => {
    const n = one(nodeFacts({ container: { env: { NETDATA_DISABLE_CLOUD: '1' } } }));
    assert.equal(n.state, 'cloud-disabled');
    assert.equal(n.status, 'fail');
  });

  it('cloud-disabled: the Debian 1.37.1 build via buildinfo, claimed → Offline or Stale view', () => {
    const n = one(
      liveV1({ exec: { buildinfo: readOk('    Netdata Cloud:              NO (by user request)\n    ACLK:                       NO\n') } }),
    );
    assert.equal(n.state, 'cloud-disabled');
    assert.match(n.cloudView, /^Offline or Stale/);
  });

  it('agent-down (fail): exited 139 after a long run', () => {
    const n = one(nodeFacts({ container: { status: 'exited', exitCode: 139, startedAt: minutesAgo(60), finishedAt: minutesAgo(30) } }));
    assert.equal(n.state, 'agent-down');
    assert.equal(n.status, 'fail');
  });

  it('agent-down (warn): stopped by the user', () => {
    const n = one(liveV1({ container: { status: 'exited', exitCode: 0, finishedAt: minutesAgo(1) } }));
    assert.equal(n.state, 'agent-down');
    assert.equal(n.status, 'warn');
    assert.match(n.cloudView, /^Offline or Stale/);
  });

  it('agent-down (warn): paused', () => {
    const n = one(liveV1({ container: { status: 'paused' } }));
    assert.equal(n.state, 'agent-down');
    assert.equal(n.status, 'warn');
  });

  it('unknown (warn) while a claim is pending inside the start period; claim-failed (fail) once it is over', () => {
    const node = nodeFacts({ container: { env: claimEnv(), startedAt: secondsAgo(20) } });
    const early = one(node);
    assert.equal(early.state, 'unknown');
    assert.equal(early.status, 'warn');
    const late = diag(gatheredFacts({ nodes: [node], at: new Date(NOW.getTime() + 5 * 60_000) })).report.nodes[0]!;
    assert.equal(late.state, 'claim-failed');
    assert.equal(late.status, 'fail');
  });

  it('a longer start period keeps the same node "connecting"', () => {
    const node = nodeFacts({ container: { env: claimEnv(), startedAt: minutesAgo(3) } });
    assert.equal(diag(gatheredFacts({ nodes: [node] }), 60_000).report.nodes[0]!.status, 'fail');
    assert.equal(diag(gatheredFacts({ nodes: [node] }), 5 * 60_000).report.nodes[0]!.status, 'warn');
  });

  it('unknown (warn): claim configured, but neither claimed_id nor logs can be read', () => {
    const n = one(
      nodeFacts({
        container: { env: claimEnv() },
        files: { claimedId: readFailed('the archive API is denied by the engine or socket proxy') },
        logs: readFailed('logging driver "none"'),
      }),
    );
    assert.equal(n.state, 'unknown');
    assert.equal(n.status, 'warn');
  });

  it('v2 claim pending at start, only the "cannot load cloud config" info line: unknown (warn)', () => {
    const n = one(
      v2NodeFacts({
        container: { env: claimEnv(), startedAt: secondsAgo(3) },
        logs: logsOk(
          logLines(
            logfmt("CLAIM: cannot load cloud config '/var/lib/netdata/cloud.d/cloud.conf'. Running with internal defaults.", {
              level: 'info',
            }),
          ),
        ),
      }),
    );
    assert.equal(n.state, 'unknown');
    assert.equal(n.status, 'warn');
  });

  it('archive denied, a claimed v1 that logged its connection: live, not claim-failed', () => {
    const n = one(
      liveV1({
        files: {
          claimedId: readFailed('the archive API is denied by the engine or socket proxy'),
          cloudConf: readFailed('the archive API is denied by the engine or socket proxy'),
        },
      }),
      { engine: { permissions: { archive: 'denied' } } },
    );
    assert.equal(n.state, 'live');
  });

  // A v1 agent writes "ACLK connection successfully established" to its error log (stderr) but "ACLK
  // CONNECTED"/"ACLK DISCONNECTED" to its access log (stdout). gather reads the two streams apart and puts
  // them back in order with Docker's timestamps (inOrder), so the later DISCONNECTED wins.
  it('v1 that connected and then disconnected (access log) is not live', () => {
    const stamped = (text: string, stream: 'stdout' | 'stderr', time: string) => ({ text, stream, run: 'current' as const, time });
    const lines = inOrder([
      stamped('2026-11-23 19:15:28: 7: 201 ACLK CONNECTED', 'stdout', '2026-11-23T19:15:28.002000000Z'),
      stamped('2026-11-23 19:40:02: 7: 201 ACLK DISCONNECTED', 'stdout', '2026-11-23T19:40:02.000000000Z'),
      stamped('2026-11-23T19:15:28.001+00:00 ACLK connection successfully established', 'stderr', '2026-11-23T19:15:28.001000000Z'),
    ]);
    assert.deepEqual(
      lines.map((l) => l.time),
      ['2026-11-23T19:15:28.001000000Z', '2026-11-23T19:15:28.002000000Z', '2026-11-23T19:40:02.000000000Z'],
    );
    const n = one(liveV1({ logs: logsOk(lines) }));
    assert.notEqual(n.state, 'live');
  });
});

describe('node status rules (CONTRACT §5)', () => {
  it('live nodes take the worst finding, capped at warn', () => {
    const d = diag(gatheredFacts({ nodes: [liveV1({ container: { mounts: [] } })] }));
    const n = d.report.nodes[0]!;
    assert.equal(n.state, 'live');
    assert.equal(n.findings.find((f) => f.id === 'storage.persistence')!.status, 'fail');
    assert.equal(n.status, 'warn');
    assert.equal(d.report.status, 'warn');
    assert.equal(d.report.checks['storage.persistence']![0]!.status, 'fail');
  });

  it('live with only passes is pass', () => {
    const n = one(liveV1());
    assert.ok(
      n.findings.every((f) => f.status === 'pass' || f.status === 'skip'),
      n.findings
        .filter((f) => f.status !== 'pass')
        .map((f) => `${f.id}: ${f.summary}`)
        .join('; '),
    );
    assert.equal(n.status, 'pass');
  });

  it('judgeNode: a pending claim is warn; the same unclaimed node without a claim is not-claimed (fail)', () => {
    const node = nodeFacts({ container: { startedAt: secondsAgo(10) } });
    const withClaim = nodeFacts({ container: { env: claimEnv(), startedAt: secondsAgo(10) } });
    const pending = [finding('claim.state', 'warn', 'pending', 'claim pending', {}, 'wait')];
    const judge = (n: NodeFacts, findings: ReturnType<typeof finding>[]) =>
      judgeNode(nodeView(n, { startPeriodMs: 60_000, now: NOW }), findings);
    assert.deepEqual([judge(withClaim, pending).state, judge(withClaim, pending).status], ['unknown', 'warn']);
    assert.deepEqual([judge(node, []).state, judge(node, []).status], ['not-claimed', 'fail']);
  });

  it('judgeNode: claimed, the agent API says offline with a node ID: offline; warn inside the start period, fail after', () => {
    const info = JSON.stringify({
      version: 'v2.10.4',
      agents: [
        {
          nd: '91632e1f-53d9-4c45-ae79-6315e13aa462',
          cloud: {
            id: 1,
            status: 'offline',
            since: 1795460406,
            age: 3,
            claim_id: V2_CLAIM_ID,
            url: 'https://app.netdata.cloud',
            reason: 'disconnected, socket error',
          },
        },
      ],
    });
    const mk = (startedAt: Date) =>
      v2NodeFacts({
        container: { startedAt },
        files: { cloudConf: readOk(V2_CLOUD_CONF) },
        api: { via: 'network bridge', url: 'http://172.17.0.2:19999', answers: { '/api/v3/info': readOk({ status: 200, body: info }) } },
      });
    const judge = (n: NodeFacts) => judgeNode(nodeView(n, { startPeriodMs: 60_000, now: NOW }), []);
    const early = judge(mk(secondsAgo(20)));
    const late = judge(mk(minutesAgo(20)));
    assert.equal(early.state, 'offline');
    assert.equal(early.status, 'warn');
    assert.equal(late.state, 'offline');
    assert.equal(late.status, 'fail');
    assert.equal(late.cloudView, 'Offline or Stale');
  });

  it('worst()', () => {
    assert.equal(worst([]), 'pass');
    assert.equal(worst(['skip', 'pass']), 'pass');
    assert.equal(worst(['pass', 'warn', 'skip']), 'warn');
    assert.equal(worst(['warn', 'fail', 'pass']), 'fail');
  });

  it("NODE_STATES are the schema's states", () => {
    const schema = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as { $defs: { node: { properties: { state: { enum: string[] } } } } };
    assert.deepEqual([...NODE_STATES].sort(), [...schema.$defs.node.properties.state.enum].sort());
  });
});

describe('report (CONTRACT §6)', () => {
  it('engine checks are under componentId "docker", node checks under the container name, time = facts.at', () => {
    const d = diag(gatheredFacts({ nodes: [liveV1({ container: { name: 'nd-main' } })] }));
    for (const id of ['docker.api', 'agent.discovery'] as const) {
      assert.deepEqual(
        d.report.checks[id]!.map((e) => [e.componentId, e.componentType]),
        [['docker', 'docker-engine']],
      );
    }
    for (const id of ['agent.running', 'claim.state', 'storage.persistence'] as const) {
      assert.deepEqual(
        d.report.checks[id]!.map((e) => [e.componentId, e.componentType]),
        [['nd-main', 'netdata-agent']],
      );
    }
    for (const entries of Object.values(d.report.checks)) for (const e of entries) assert.equal(e.time, NOW.toISOString());
    assert.equal(d.report.serviceId, 'netdata-cloud-doctor');
    assert.equal(d.report.releaseId, '0.1.0-test');
  });

  it('every node check appears once per node in findings, in catalogue order', () => {
    const n = one(liveV1());
    assert.equal(n.findings.length, NODE_CHECKS.length);
    assert.deepEqual(
      n.findings.map((f) => f.id),
      NODE_CHECKS.map((check) => check(nodeContext(liveV1())).id),
    );
  });

  it('skip findings stay in nodes[].findings and are absent from checks', () => {
    const d = diag(gatheredFacts({ nodes: [v2NodeFacts({ container: { env: claimEnv() } })] }));
    const skipped = d.report.nodes[0]!.findings.filter((f) => f.status === 'skip').map((f) => f.id);
    assert.ok(skipped.includes('claim.script'), skipped.join(','));
    for (const id of skipped) assert.equal(d.report.checks[id], undefined, `${id} should not be in checks`);
    for (const entries of Object.values(d.report.checks)) for (const e of entries) assert.notEqual(e.status as string, 'skip');
  });

  it('with two nodes each check has one entry per node, and output counts them', () => {
    const second = claimFailedV1();
    second.container = {
      ...second.container,
      id: 'd'.repeat(64),
      name: 'nd-b',
      mounts: [{ type: 'volume', name: 'other', source: '/x', destination: '/var/lib/netdata', rw: true }],
    };
    second.files = { ...second.files, machineGuid: readOk('9d6c7e1a-2b3f-4c5d-8e9f-0a1b2c3d4e5f') };
    const d = diag(gatheredFacts({ nodes: [liveV1(), second] }));
    assert.deepEqual(
      d.report.checks['agent.running']!.map((e) => e.componentId),
      ['netdata', 'nd-b'],
    );
    assert.equal(d.report.status, 'fail');
    assert.match(d.report.output, /^nd-b: claim-failed — claim failed: .* \(2 nodes: 1 fail, 0 warn, 1 pass\)$/);
  });

  it('top-level status is the worst: pass when nothing is wrong', () => {
    assert.equal(diag(gatheredFacts({ nodes: [liveV1()] })).report.status, 'pass');
  });

  it('top-level status: an engine warn makes a passing fleet warn', () => {
    const d = diag(
      gatheredFacts({
        nodes: [liveV1()],
        engine: { permissions: { info: 'denied' }, info: readFailed('denied by the engine or socket proxy') },
      }),
    );
    assert.equal(d.report.nodes[0]!.status, 'pass');
    assert.equal(d.report.status, 'warn');
  });

  it('top-level status: a missing named target fails the report even if the found node passes', () => {
    const d = diag(gatheredFacts({ nodes: [liveV1()], discovery: { mode: 'explicit', missing: ['ghost'], matchedBy: undefined } }));
    assert.equal(d.report.status, 'fail');
    assert.equal(d.report.checks['agent.discovery']![0]!.status, 'fail');
  });

  it("Docker unreachable, no nodes: fail, the output is the engine's problem", () => {
    const d = diag(
      gatheredFacts({
        nodes: [],
        engine: { reachable: false, endpoint: 'unix:///nonexistent', error: 'connect ENOENT /nonexistent' },
        discovery: { requested: [], matchedBy: undefined, unlabelledCandidates: 0 },
      }),
    );
    assert.equal(d.report.status, 'fail');
    assert.deepEqual(d.report.nodes, []);
    assert.equal(d.report.output, 'Docker Engine not reachable at unix:///nonexistent: connect ENOENT /nonexistent');
  });

  it('no agent found: fail with the discovery problem as output', () => {
    const d = diag(gatheredFacts({ nodes: [], discovery: { requested: [], matchedBy: 'none', unlabelledCandidates: 0 } }));
    assert.equal(d.report.status, 'fail');
    assert.equal(d.report.output, 'no Netdata Agent container found on this engine');
  });

  it('the claim token never appears, wherever it was found', () => {
    const everywhere = nodeFacts({
      container: {
        env: claimEnv({
          NETDATA_EXTRA_CLAIM_OPTS: `-insecure -token=${TOKEN}`,
          NETDATA_CLAIM_URL: `https://app.netdata.cloud/?token=${TOKEN}`,
        }),
        argv: ['/usr/sbin/run.sh', `-token=${TOKEN}`],
        status: 'exited',
        exitCode: 12,
      },
      files: {
        claimConf: readOk(`[global]\n token = ${TOKEN}\n`),
        cloudConf: readOk(`[global]\n\ttoken = ${TOKEN}\n\tproxy = http://u:p@proxy:3128\n`),
      },
      logs: logsOk(recordedRuns(V1_CLAIM_403_RUNSH), logLines(`clone3 failed: Operation not permitted token=${TOKEN}`)),
    });
    const d = diag(
      gatheredFacts({
        nodes: [
          everywhere,
          v2NodeFacts({
            container: { id: 'e'.repeat(64), name: 'v2', env: { NETDATA_CLAIM_TOKEN: TOKEN } },
            files: { cloudConf: readOk(V2_CLOUD_CONF) },
          }),
        ],
      }),
    );
    assert.ok(d.secrets.includes(TOKEN));
    assert.ok(!JSON.stringify(d.report).includes(TOKEN));
    assert.ok(!JSON.stringify(d.report).includes('u:p@'));
  });
});

describe('schema', () => {
  it('schema/report.schema.json equals ../shared/report.schema.json', {
    skip: !existsSync(SHARED_SCHEMA_URL) && 'no ../shared/report.schema.json here',
  }, () => {
    assert.deepEqual(JSON.parse(readFileSync(SCHEMA_URL, 'utf8')), JSON.parse(readFileSync(SHARED_SCHEMA_URL, 'utf8')));
  });

  it('the validator rejects what it should (not a tautology)', () => {
    const d = diagnose(gatheredFacts({ nodes: [liveV1()] }), { startPeriodMs: 60_000, releaseId: 'x' });
    type Doc = { checks: Record<string, unknown>; nodes: { findings: unknown[] }[]; [key: string]: unknown };
    const good = JSON.parse(JSON.stringify(d.report)) as Doc;
    assert.equal(validate(good), true);
    assert.ok(!validate({ ...good, status: 'skip' }));
    assert.ok(!validate({ ...good, checks: { 'not.a.check': [] } }));
    const skipEntry = {
      ...good,
      checks: {
        ...good.checks,
        'docker.api': [{ componentId: 'docker', componentType: 'docker-engine', status: 'skip', time: NOW.toISOString() }],
      },
    };
    assert.ok(!validate(skipEntry));
    const badTime = {
      ...good,
      checks: {
        ...good.checks,
        'docker.api': [{ componentId: 'docker', componentType: 'docker-engine', status: 'pass', time: 'yesterday' }],
      },
    };
    assert.ok(!validate(badTime));
    const noRemedy: Doc = structuredClone(good);
    noRemedy.nodes[0]!.findings[0] = { id: 'agent.running', status: 'fail', summary: 'x', evidence: {}, docs: 'd' };
    assert.ok(!validate(noRemedy));
  });
});

describe('what the Cloud API shows decides a live node (CONTRACT §5, §12)', () => {
  const judged = (snapshot: ReturnType<typeof snapshotOf> | undefined) => {
    const d = diagnose(gatheredFacts({ nodes: [liveV1()] }), {
      startPeriodMs: 0,
      releaseId: '0.1.0-test',
      cloudApi: { configured: true, ...(snapshot ? { snapshot } : {}) },
    });
    assertValidReport(JSON.parse(JSON.stringify(d.report)));
    return d.report.nodes[0]!;
  };

  it("Cloud shows the live agent Offline: the node fails with cloud.node's cause, the state stays live", () => {
    const n = judged(snapshotOf(listing('s1', [cloudNodeOf('33333333-3333-3333-3333-333333333333', GUID, 'host', 'unreachable')])));
    assert.equal(n.state, 'live');
    assert.equal(n.status, 'fail');
    assert.equal(n.cause, 'cloud.node/unreachable-while-agent-online');
    // This v1 agent reports no node ID of its own, but says it is connected: Offline, not Unseen.
    assert.deepEqual(
      { shows: n.cloud.shows, source: n.cloud.source, nodeId: n.cloud.nodeId },
      { shows: 'Offline', source: 'cloud-api', nodeId: '33333333-3333-3333-3333-333333333333' },
    );
    assert.equal(n.cloudView, 'Offline');
  });

  it('Cloud shows it Live: measured, and the node passes', () => {
    const n = judged(snapshotOf(listing('s1', [cloudNodeOf('33333333-3333-3333-3333-333333333333', GUID, 'host')])));
    assert.equal(n.status, 'pass');
    assert.equal(n.cause, 'aclk.connection/ok');
    assert.equal(n.cloud.source, 'cloud-api');
    assert.equal(n.cloud.shows, 'Live');
  });

  it('no listing yet, or a refused token: cloud.node skips, the node is judged as without a token, Cloud inferred', () => {
    for (const snapshot of [undefined, refused()]) {
      const n = judged(snapshot);
      assert.equal(n.status, 'pass');
      assert.equal(n.cloud.source, 'inferred');
      assert.equal(n.findings.find((f) => f.id === 'cloud.node')?.status, 'skip');
    }
  });
});
