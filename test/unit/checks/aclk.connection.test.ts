// aclk.connection (CONTRACT §4): fail for unseen/offline past the start period (with the agent's reason and
// next attempt); warn inside the start period and for frequent reconnects; skip without a source.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { aclkConnection } from '../../../src/checks/aclk-connection.ts';
import { readFailed, readOk } from '../../../src/facts/types.ts';
import {
  V2_CLOUD,
  V2_CLOUD_CONF,
  V2_CONNECTED_LOG,
  agentApi,
  assertStatus,
  logLines,
  logsOk,
  minutesAgo,
  runNodeCheck,
  secondsAgo,
  v2NodeFacts,
  v3Info,
} from '../fixtures.ts';

type Over = Parameters<typeof v2NodeFacts>[0];
const NODE_ID = '91632e1f-53d9-4c45-ae79-6315e13aa462';
const withCloud = (cloud: Record<string, unknown>, nd: string | null = null, over: Over = {}) =>
  runNodeCheck(
    aclkConnection,
    v2NodeFacts({ files: { cloudConf: readOk(V2_CLOUD_CONF) }, api: agentApi({ '/api/v3/info': v3Info(cloud, nd) }), ...over }),
  );

describe('aclk.connection', () => {
  it('pass: online (recorded v2.10.4), evidence names the API path and the way it was reached', () => {
    const f = withCloud(V2_CLOUD.online, NODE_ID);
    assertStatus(f, 'pass');
    assert.equal(f.summary, 'connected to Netdata Cloud');
    assert.deepEqual(f.evidence.online, { value: true, source: 'agent API /api/v3/info via network bridge' });
  });

  it('pass: indirect, through its parent', () => {
    const f = withCloud({ id: 0, status: 'indirect', since: 1, age: 1 });
    assertStatus(f, 'pass');
    assert.match(f.summary, /through its parent/);
  });

  it("pass: online from this run's logs when no API answered", () => {
    const f = runNodeCheck(
      aclkConnection,
      v2NodeFacts({ files: { cloudConf: readOk(V2_CLOUD_CONF) }, logs: logsOk(logLines(V2_CONNECTED_LOG)) }),
    );
    assertStatus(f, 'pass');
    assert.match(f.evidence.online!.source, /^logs: /);
  });

  it("pass from this run's logs while the live sources timed out: the evidence names both timeouts", () => {
    const f = runNodeCheck(
      aclkConnection,
      v2NodeFacts({
        files: { cloudConf: readOk(V2_CLOUD_CONF) },
        logs: logsOk(logLines(V2_CONNECTED_LOG)),
        api: { unavailable: 'agent API not reachable (network bridge: The operation was aborted due to timeout)', answers: {} },
        exec: { aclkState: readFailed('exec netdatacli aclk-state in abc: no answer within 10000 ms') },
      }),
    );
    assertStatus(f, 'pass');
    assert.match(String(f.evidence.agentApi!.value), /aborted due to timeout/);
    assert.equal(f.evidence.agentApi!.source, 'agent API');
    assert.match(String(f.evidence.aclkState!.value), /no answer within 10000 ms/);
    assert.match(f.evidence.online!.source, /^logs: /);
  });

  it('warn: connected but flapping (many reconnects per hour)', () => {
    const aclk = {
      'aclk-available': true,
      'agent-claimed': true,
      'claimed-id': V2_CLOUD.online.claim_id,
      online: true,
      'reconnect-count': 40,
      'banned-by-cloud': false,
      'node-instances': [],
    };
    const f = runNodeCheck(
      aclkConnection,
      v2NodeFacts({
        container: { startedAt: minutesAgo(120) },
        files: { cloudConf: readOk(V2_CLOUD_CONF) },
        exec: { aclkState: readOk(JSON.stringify(aclk)) },
      }),
    );
    assertStatus(f, 'warn');
    assert.match(f.summary, /reconnected 40 times in 2h: flapping/);
    assert.match(f.remedy!, /identity\.unique/);
  });

  it('pass: a few reconnects over a long uptime are not flapping', () => {
    const aclk = { 'aclk-available': true, 'agent-claimed': true, online: true, 'reconnect-count': 6, 'banned-by-cloud': false };
    const f = runNodeCheck(
      aclkConnection,
      v2NodeFacts({
        container: { startedAt: minutesAgo(48 * 60) },
        files: { cloudConf: readOk(V2_CLOUD_CONF) },
        exec: { aclkState: readOk(JSON.stringify(aclk)) },
      }),
    );
    assertStatus(f, 'pass');
  });

  it("fail: never connected (Unseen) past the start period, with the agent's reason, what it means and the next attempt", () => {
    const f = withCloud(V2_CLOUD.neverConnected);
    assertStatus(f, 'fail');
    assert.match(f.summary, /^never connected \(Unseen\): \/env response code is not 200 — the Cloud \/api\/v1\/env step failed/);
    assert.match(f.summary, new RegExp(`next attempt ${new Date(1795460398 * 1000).toISOString().replace(/\./g, '\\.')}`));
    assert.match(f.remedy!, /re-claim it \(remove \/var\/lib\/netdata\/cloud\.d and restart netdata\)/);
  });

  it('fail: offline after it was connected (node id known), TCP remedy', () => {
    const f = withCloud(V2_CLOUD.offlineSocket, NODE_ID);
    assertStatus(f, 'fail');
    assert.match(f.summary, /^offline \(it was connected before\): disconnected, socket error/);
    assert.match(f.remedy!, /allow app\.netdata\.cloud, api\.netdata\.cloud and mqtt\.netdata\.cloud on TCP 443/);
  });

  it('fail: DNS reason gives the DNS remedy with the container name', () => {
    const f = withCloud({ ...V2_CLOUD.refused, reason: 'cannot resolve hostname' }, NODE_ID, { container: { name: 'nd-dns' } });
    assertStatus(f, 'fail');
    assert.match(f.remedy!, /docker exec nd-dns getent hosts app\.netdata\.cloud/);
  });

  it('warn: not connected yet inside the start period ("connecting")', () => {
    const f = withCloud(V2_CLOUD.neverConnected, null, { container: { startedAt: secondsAgo(15) } });
    assertStatus(f, 'warn');
    assert.match(f.summary, /^connecting \(within the start period\): never connected \(Unseen\)/);
  });

  it('skip: the container is not running', () => {
    const f = withCloud(V2_CLOUD.online, NODE_ID, { container: { status: 'exited', exitCode: 0 } });
    assertStatus(f, 'skip');
    assert.equal(f.summary, 'the container is exited');
  });

  it('skip: no source, saying why the API could not be reached', () => {
    const f = runNodeCheck(
      aclkConnection,
      v2NodeFacts({
        api: { unavailable: 'no way to reach the agent API: not on a shared network, no published port, exec denied', answers: {} },
      }),
    );
    assertStatus(f, 'skip');
    assert.match(f.summary, /^no source: no way to reach the agent API/);
  });

  it('skip: banned (see aclk.ban), not claimed (see claim.state)', () => {
    assert.match(withCloud(V2_CLOUD.banned).summary, /see aclk\.ban/);
    assert.match(withCloud(V2_CLOUD.claimRejected).summary, /see claim\.state/);
    assertStatus(withCloud(V2_CLOUD.claimRejected), 'skip');
  });

  it('skip: Cloud disabled (v1.41–v1.47 status "disabled")', () => {
    const f = withCloud({ id: 0, status: 'disabled', since: 1, age: 1, reason: 'disabled' });
    assertStatus(f, 'skip');
    assert.match(f.summary, /agent\.cloud-support/);
  });
});
