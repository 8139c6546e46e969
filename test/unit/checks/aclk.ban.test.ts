// aclk.ban (CONTRACT §4): fail when banned by Netdata Cloud; warn when temporarily blocked ("Cloud asks not to
// reconnect for N seconds"); skip without a source.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { aclkBan } from '../../../src/checks/aclk-ban.ts';
import { readOk } from '../../../src/facts/types.ts';
import {
  V2_CLOUD,
  V2_CLOUD_CONF,
  agentApi,
  assertStatus,
  composeLabels,
  logLines,
  logfmt,
  logsOk,
  runNodeCheck,
  v2NodeFacts,
  v3Info,
} from '../fixtures.ts';

/** observed-v1.47.5.md v1-banned: the agent's line (quotes escaped as recorded). */
const V1_BANNED_LINE = String.raw`2026-11-23T19:15:39.791+00:00 Cloud returned EC=\"ErrNodeBanned\", Msg-Key:\"ErrNodeBanned\", Msg:\"this node is banned from Netdata Cloud (test endpoint)\", BlockRetry:true, Backoff:-1s (-1 unset by cloud)`;

type Over = Parameters<typeof v2NodeFacts>[0];
const withCloud = (cloud: Record<string, unknown>, over: Over = {}) =>
  runNodeCheck(
    aclkBan,
    v2NodeFacts({ files: { cloudConf: readOk(V2_CLOUD_CONF) }, api: agentApi({ '/api/v3/info': v3Info(cloud) }), ...over }),
  );

describe('aclk.ban', () => {
  it("fail: banned (recorded v2.10.4 answer), with the agent's own log line as evidence", () => {
    const f = withCloud(V2_CLOUD.banned, { logs: logsOk(logLines(V1_BANNED_LINE)) });
    assertStatus(f, 'fail');
    assert.match(f.summary, /^banned by Netdata Cloud/);
    assert.deepEqual(f.evidence.banned, { value: true, source: 'agent API /api/v3/info via network bridge' });
    assert.match(String(f.evidence.log!.value), /BlockRetry:true/);
    assert.match(f.remedy!, /docker exec netdata netdatacli reload-claiming-state/);
  });

  it('fail: the compose service is named in the restart', () => {
    const f = withCloud(V2_CLOUD.banned, { container: { labels: composeLabels('agent') } });
    assert.match(f.remedy!, /docker compose restart agent/);
  });

  it('warn: Cloud asks the agent to back off for a while', () => {
    const f = withCloud(V2_CLOUD.neverConnected, {
      logs: logsOk(logLines(logfmt('ACLK: Cloud asks not to reconnect for 300 seconds', { level: 'info' }))),
    });
    assertStatus(f, 'warn');
    assert.equal(f.summary, 'Netdata Cloud asked the agent not to reconnect for 300 seconds');
    assert.match(f.remedy!, /Do not restart it in a loop/);
  });

  it('a back-off in an earlier run does not count', () => {
    const f = withCloud(V2_CLOUD.online, { logs: logsOk(logLines('Cloud asks not to reconnect for 300 seconds', { run: 'previous' })) });
    assertStatus(f, 'pass');
  });

  it("warn: banned in this run's log, but the agent no longer reports it", () => {
    const f = withCloud(V2_CLOUD.online, { logs: logsOk(logLines(V1_BANNED_LINE)) });
    assertStatus(f, 'warn');
    assert.match(f.summary, /logged a ban in this run, but no longer reports one/);
  });

  it('pass: online, not banned', () => {
    const f = withCloud(V2_CLOUD.online);
    assertStatus(f, 'pass');
    assert.equal(f.summary, 'not banned');
  });

  it("warn: a ban in this run's log and no live source to say it is over", () => {
    const f = runNodeCheck(aclkBan, v2NodeFacts({ logs: logsOk(logLines(V1_BANNED_LINE)) }));
    assertStatus(f, 'warn');
  });

  it('skip: no source, saying why', () => {
    const f = runNodeCheck(aclkBan, v2NodeFacts({ api: { unavailable: 'exec denied and no shared network', answers: {} } }));
    assertStatus(f, 'skip');
    assert.equal(f.summary, 'no source: exec denied and no shared network');
  });

  it('skip: a stopped container without an API', () => {
    const f = runNodeCheck(aclkBan, v2NodeFacts({ container: { status: 'exited', exitCode: 0 } }));
    assertStatus(f, 'skip');
    assert.equal(f.summary, 'no source: the container is exited');
  });
});
