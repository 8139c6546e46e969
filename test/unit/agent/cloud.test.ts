// The precedence of CONTRACT §3 when sources disagree: live API or exec > status-netdata.json of this run
// > this run's logs > persisted files. One test per disagreement.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readCloud } from '../../../src/agent/cloud.ts';
import { readOk } from '../../../src/facts/types.ts';
import { GUID, STARTED, V2_CLOUD, agentApi, logLines, logsOk, v2NodeFacts, v3Info } from '../fixtures.ts';

const statusFile = (aclk: string, startedAt: Date, nodeId: string | null = null) =>
  JSON.stringify({
    '@timestamp': new Date(startedAt.getTime() + 60_000).toISOString(),
    version: 27,
    agent: { id: GUID, version: 'v2.10.4', uptime: 60, claim_id: V2_CLOUD.online.claim_id, node_id: nodeId, aclk, status: 'running' },
  });

describe('readCloud: precedence when sources disagree', () => {
  it("the live API beats this run's logs (and the disagreement is kept)", () => {
    const node = v2NodeFacts({
      api: agentApi({ '/api/v3/info': v3Info(V2_CLOUD.online, 'f2c1c47a-e050-42d8-8a5c-d0aa5582b7a4') }),
      logs: logsOk(logLines('Netdata Cloud, ACLK connection status: connection refused')),
    });
    const r = readCloud(node);
    assert.equal(r.online?.value, true);
    assert.match(r.online!.from, /\/api\/v3\/info/);
    assert.ok(
      r.disagreements.some((d) => /logs/.test(d)),
      r.disagreements.join(' | '),
    );
  });

  it('the live API beats status-netdata.json of this run', () => {
    const node = v2NodeFacts({
      container: { startedAt: STARTED },
      api: agentApi({ '/api/v3/info': v3Info(V2_CLOUD.refused, 'f2c1c47a-e050-42d8-8a5c-d0aa5582b7a4') }),
      files: { statusFile: readOk(statusFile('online', STARTED)) },
    });
    const r = readCloud(node);
    assert.equal(r.status?.value, 'offline');
    assert.ok(
      r.disagreements.some((d) => /status/.test(d) && /status-netdata\.json/.test(d)),
      r.disagreements.join(' | '),
    );
  });

  it('status-netdata.json of this run beats the logs when no API answers', () => {
    const node = v2NodeFacts({
      container: { startedAt: STARTED },
      files: { statusFile: readOk(statusFile('online', STARTED)) },
      logs: logsOk(logLines('Netdata Cloud, ACLK connection status: connection refused')),
    });
    const r = readCloud(node);
    assert.equal(r.online?.value, true);
    assert.match(r.online!.from, /status-netdata\.json/);
  });

  it('status-netdata.json of an earlier run is not a source', () => {
    const node = v2NodeFacts({
      container: { startedAt: STARTED },
      files: { statusFile: readOk(statusFile('online', new Date(STARTED.getTime() - 3_600_000))) },
    });
    const r = readCloud(node);
    assert.equal(r.online, undefined);
    assert.equal(r.views.length, 0);
  });

  it("this run's logs fill in when nothing live answers", () => {
    const node = v2NodeFacts({ logs: logsOk(logLines('Netdata Cloud, ACLK connection status: connection refused')) });
    const r = readCloud(node);
    assert.equal(r.online?.value, false);
    assert.match(r.online!.from, /^logs/);
  });

  it('the v3 API beats exec aclk-state json, which beats /api/v1/info', () => {
    const node = v2NodeFacts({
      api: agentApi({
        '/api/v3/info': v3Info(V2_CLOUD.online, 'f2c1c47a-e050-42d8-8a5c-d0aa5582b7a4'),
        '/api/v1/info': { version: 'v2.10.4', uid: GUID, 'agent-claimed': true, 'aclk-available': false },
      }),
      exec: { aclkState: readOk(JSON.stringify({ 'aclk-available': true, 'agent-claimed': true, online: false })) },
    });
    const r = readCloud(node);
    assert.equal(r.online?.value, true);
    assert.equal(r.disagreements.filter((d) => d.startsWith('online:')).length, 2, r.disagreements.join(' | '));
  });

  it('a 404 from an older agent is no source; the next one is used', () => {
    const node = v2NodeFacts({
      api: {
        via: 'exec curl',
        url: 'http://localhost:19999',
        answers: {
          '/api/v3/info': readOk({ status: 404, body: 'Unsupported API version: v3' }),
          '/api/v1/info': readOk({
            status: 200,
            body: JSON.stringify({
              version: 'v1.37.1',
              'cloud-enabled': false,
              'cloud-available': false,
              'agent-claimed': false,
              'aclk-available': false,
            }),
          }),
        },
      },
    });
    const r = readCloud(node);
    assert.equal(r.cloudAvailable?.value, false);
    assert.match(r.apiSource ?? '', /\/api\/v1\/info via exec curl/);
  });
});
