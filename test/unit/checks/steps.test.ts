// Which steps a finding carries (src/checks/steps.ts): every claim failure cause gets steps or says why not,
// a recreate of an agent without a volume keeps its identity, and the steps agree with the remedy.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CLAIM_EXIT_CODES } from '../../../src/agent/claim-exit-codes.ts';
import { CLAIM_FAILURE_CAUSES } from '../../../src/checks/claim-state.ts';
import { CONNECTION_CAUSES } from '../../../src/checks/aclk-connection.ts';
import { claimFailureNote, claimFailureSteps } from '../../../src/checks/steps.ts';
import { agentVersion } from '../../../src/checks/agent-version.ts';
import { agentRunning } from '../../../src/checks/agent-running.ts';
import { claimConfig } from '../../../src/checks/claim-config.ts';
import { readFailed } from '../../../src/facts/types.ts';
import { containerFacts, nodeContext, nodeFacts, runNodeCheck, claimEnv, v2NodeFacts } from '../fixtures.ts';

const causes = [
  ...new Set([
    ...Object.values(CLAIM_EXIT_CODES).map((m) => m.cause),
    ...Object.values(CLAIM_FAILURE_CAUSES),
    ...Object.values(CONNECTION_CAUSES),
  ]),
];

describe('steps chosen by cause', () => {
  it('every claim-failure and connection cause has steps, or its note says "No steps: <why>."', () => {
    const view = nodeContext(nodeFacts({ container: { env: claimEnv() } }));
    for (const cause of causes) {
      const steps = claimFailureSteps(cause, view);
      const note = claimFailureNote(cause, view.node.container);
      if (steps.length === 0) assert.match(note, /No steps: [^.]+\./, cause);
      else assert.doesNotMatch(note, /No steps/, cause);
    }
  });

  it('a token rejection reclaims with the token by reference; a cloned identity resets every GUID file', () => {
    const view = nodeContext(nodeFacts({ container: { env: claimEnv() } }));
    const reclaim = claimFailureSteps('token-rejected', view)
      .map((s) => s.run)
      .join('\n');
    assert.match(reclaim, /find \/var\/lib\/netdata\/cloud\.d -mindepth 1 -delete/);
    assert.match(reclaim, /-e NETDATA_CLAIM_TOKEN="\$NETDATA_CLAIM_TOKEN"/);
    // v1 keeps its GUID in one file; v2.3.1+ also brings it back from status-netdata.json copies.
    assert.doesNotMatch(
      claimFailureSteps('already-claimed', view)
        .map((s) => s.run)
        .join('\n'),
      /status-netdata\.json/,
    );
    const reset = claimFailureSteps('already-claimed', nodeContext(v2NodeFacts()))
      .map((s) => s.run)
      .join('\n');
    for (const file of [
      '/var/lib/netdata/registry/netdata.public.unique.id',
      '/var/cache/netdata/status-netdata.json',
      '/run/status-netdata.json',
    ]) {
      assert.ok(reset.includes(file), `${file} in ${reset}`);
    }
  });

  it('a recreate of an agent without a volume copies /var/lib/netdata first and mounts it with the change', () => {
    const f = runNodeCheck(agentVersion, nodeFacts({ container: { image: 'netdata/netdata:v1.31.0', mounts: [] } }));
    assert.equal(f.cause, 'agent.version/too-old');
    const runs = f.steps.map((s) => s.run);
    assert.deepEqual(runs.slice(0, 2), ['docker stop netdata', 'docker volume create netdata-netdata-lib']);
    assert.match(runs[2]!, /^docker cp netdata:\/var\/lib\/netdata - \| docker run --rm -i/);
    const run = runs.find((r) => r.startsWith('docker run -d'))!;
    assert.match(run, /-v netdata-netdata-lib:\/var\/lib\/netdata/);
    assert.match(run, /netdata\/netdata:stable$/);
    assert.match(f.remedy!, /the node keeps its machine GUID/);
  });

  it('a claim env for an agent without a volume also keeps its identity', () => {
    const f = runNodeCheck(claimConfig, nodeFacts({ container: { mounts: [] }, files: { claimedId: readFailed('absent', true) } }));
    assert.equal(f.cause, 'claim.config/token-missing');
    const run = f.steps.find((s) => s.run.startsWith('docker run -d'))!.run;
    assert.match(f.steps[2]!.run, /^docker cp netdata:\/var\/lib\/netdata -/);
    assert.match(run, /-v netdata-netdata-lib:\/var\/lib\/netdata/);
    assert.match(run, /-e NETDATA_CLAIM_TOKEN="\$NETDATA_CLAIM_TOKEN"/);
    assert.match(run, /-e NETDATA_CLAIM_URL=https:\/\/app\.netdata\.cloud/);
  });

  it('agent.running: a paused agent is unpaused, a stopped one started, an OOM with a limit gets twice the limit', () => {
    assert.deepEqual(runNodeCheck(agentRunning, nodeFacts({ container: { status: 'paused' } })).steps, [
      { where: 'host', run: 'docker unpause netdata' },
    ]);
    assert.deepEqual(runNodeCheck(agentRunning, nodeFacts({ container: { status: 'exited', exitCode: 0 } })).steps, [
      { where: 'host', run: 'docker start netdata' },
    ]);
    const c = containerFacts({ status: 'exited', exitCode: 137, oomKilled: true });
    c.spec = { ...c.spec!, memory: 256 * 1048576 };
    const f = runNodeCheck(agentRunning, nodeFacts({ container: c }));
    assert.match(f.steps.find((s) => s.run.startsWith('docker run'))!.run, /--memory 536870912b/);
    assert.match(f.remedy!, /512 MiB/);
  });
});
