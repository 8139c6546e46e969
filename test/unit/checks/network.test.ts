// network.cloud and network.websocket (CONTRACT §4): verdicts from the agent's namespace are authoritative;
// from the doctor's own namespace at most warn and labelled so; skip with no namespace to probe from, while
// pending, or when the node is live.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { networkCloud } from '../../../src/checks/network-cloud.ts';
import { networkWebsocket } from '../../../src/checks/network-websocket.ts';
import { readOk, type NetworkFacts, type ProbeResult } from '../../../src/facts/types.ts';
import { V2_CLOUD, agentApi, assertStatus, nodeFacts, probeResult, runNodeCheck, v3Info } from '../fixtures.ts';

const done = (over: Partial<ProbeResult> = {}): NetworkFacts => ({ state: 'done', result: probeResult(over), pending: false });
const cloudCheck = (network: NetworkFacts | undefined, over: Parameters<typeof nodeFacts>[0] = {}) =>
  runNodeCheck(networkCloud, nodeFacts({ ...over, ...(network ? { network } : {}) }));
const wsCheck = (network: NetworkFacts | undefined, over: Parameters<typeof nodeFacts>[0] = {}) =>
  runNodeCheck(networkWebsocket, nodeFacts({ ...over, ...(network ? { network } : {}) }));
const failed = (kind: NonNullable<ProbeResult['http']['failure']>['kind'], detail: string, status?: number) => ({
  ok: false,
  ...(status ? { status } : {}),
  failure: { kind, detail },
});

describe('network.cloud', () => {
  it("pass: the cloud root answers 404 from the agent's namespace", () => {
    const f = cloudCheck(done());
    assertStatus(f, 'pass');
    assert.equal(f.summary, "https://app.netdata.cloud answers (HTTP 404) from the agent's network namespace (docker exec)");
    assert.deepEqual(f.evidence.dns!.value, ['104.18.24.78']);
  });

  it('fail: DNS, with the container name in the remedy', () => {
    const f = cloudCheck(
      done({
        dns: { ok: false, failure: { kind: 'dns', detail: 'getent: app.netdata.cloud not found' } },
        http: failed('dns', 'could not resolve'),
      }),
      { container: { name: 'nd' } },
    );
    assertStatus(f, 'fail');
    assert.equal(f.summary, 'DNS: app.netdata.cloud does not resolve');
    assert.match(f.remedy!, /docker exec nd getent hosts app\.netdata\.cloud/);
  });

  it('fail: TCP refused names host and port; the proxy is shown without its credentials', () => {
    const f = cloudCheck(
      done({ proxy: { url: 'http://user:pa55@proxy:3128', source: 'env https_proxy' }, http: failed('tcp-refused', 'connection refused') }),
    );
    assertStatus(f, 'fail');
    assert.equal(f.summary, 'TCP to app.netdata.cloud:443: connection refused');
    assert.match(f.remedy!, /check that the proxy http:\/\/proxy:3128 is up/);
    assert.doesNotMatch(f.remedy!, /pa55/);
  });

  it('fail: timeout, TLS verification, TLS handshake, proxy, other', () => {
    assertStatus(cloudCheck(done({ http: failed('timeout', 'no answer in 10 s') })), 'fail');
    assert.match(
      cloudCheck(done({ http: failed('tls-verify', 'self-signed certificate in certificate chain') })).remedy!,
      /intercepts TLS/,
    );
    assert.match(cloudCheck(done({ http: failed('tls-handshake', 'handshake failure') })).summary, /^TLS: handshake failure/);
    assert.match(cloudCheck(done({ http: failed('proxy', 'proxy answered 407') })).summary, /^proxy: proxy answered 407/);
    assert.match(cloudCheck(done({ http: failed('other', 'something odd') })).summary, /^https:\/\/app\.netdata\.cloud: something odd/);
  });

  it('fail: an HTTP answer other than 404 (captive portal, wrong URL)', () => {
    const f = cloudCheck(done({ http: failed('http', 'HTTP 200', 200) }));
    assertStatus(f, 'fail');
    assert.equal(f.summary, "https://app.netdata.cloud/ answered HTTP 200, not Netdata Cloud's 404");
  });

  it('fail: a proxy the agent cannot use for the ACLK', () => {
    const f = cloudCheck(
      done({ proxy: { url: 'socks5://proxy:1080', source: 'netdata.conf [cloud] proxy', unsupported: 'SOCKS5 needs v2.10+' } }),
    );
    assertStatus(f, 'fail');
    assert.match(f.summary, /cannot carry the ACLK: SOCKS5 needs v2\.10\+/);
  });

  it("warn, labelled: the same failure seen only from the doctor's own namespace", () => {
    const f = cloudCheck(done({ origin: 'doctor', http: failed('tcp-refused', 'connection refused') }));
    assertStatus(f, 'warn');
    assert.match(f.summary, /\(from the doctor's own network namespace, not the agent's\)$/);
  });

  it('fail from a namespace the doctor shares with the agent', () => {
    assertStatus(cloudCheck(done({ origin: 'shared', http: failed('dns', 'x') })), 'fail');
  });

  it('skip: the node is live', () => {
    const f = cloudCheck(done(), {
      api: agentApi({ '/api/v3/info': v3Info(V2_CLOUD.online) }),
      files: { cloudConf: readOk('[global]\n\tclaimed_id = 0912a40b-832f-4bbc-bdbe-7e2a7321bc95\n') },
    });
    assertStatus(f, 'skip');
    assert.equal(f.summary, 'the node is live: nothing to probe');
  });

  it('skip: no namespace to probe from (container stopped)', () => {
    const f = cloudCheck(done(), { container: { status: 'exited', exitCode: 1 } });
    assertStatus(f, 'skip');
    assert.equal(f.summary, 'no namespace to probe from: the container is exited');
  });

  it('skip: not probed, pending, unavailable', () => {
    assert.match(cloudCheck(undefined).summary, /^not probed/);
    assert.equal(cloudCheck({ state: 'pending' }).summary, 'pending: the probe is under way');
    const f = cloudCheck({ state: 'unavailable', reason: 'exec denied and the doctor shares no namespace' });
    assertStatus(f, 'skip');
    assert.equal(f.summary, 'exec denied and the doctor shares no namespace');
  });
});

describe('network.websocket', () => {
  it('pass: 101 Switching Protocols', () => {
    const f = wsCheck(done());
    assertStatus(f, 'pass');
    assert.match(f.summary, /^wss:\/\/mqtt\.netdata\.cloud\/mqtt accepts the WebSocket upgrade \(101\)/);
  });

  it('warn: an HTTP answer other than 101 (upgrade stripped)', () => {
    const f = wsCheck(done({ websocket: failed('no-upgrade', 'HTTP 200 without Upgrade', 200) }));
    assertStatus(f, 'warn');
    assert.match(f.summary, /the upgrade is stripped or refused/);
    assert.match(f.remedy!, /Upgrade: websocket/);
  });

  it('warn: an HTTP error to the upgrade', () => {
    assertStatus(wsCheck(done({ websocket: failed('http', 'HTTP 403', 403) })), 'warn');
  });

  it('fail: no answer to the upgrade', () => {
    const f = wsCheck(done({ websocket: failed('timeout', 'no answer in 10 s') }));
    assertStatus(f, 'fail');
    assert.match(f.summary, /no answer to the WebSocket upgrade \(no answer in 10 s\)/);
  });

  it("warn, labelled, from the doctor's own namespace", () => {
    const f = wsCheck(done({ origin: 'doctor', websocket: failed('timeout', 'no answer in 10 s') }));
    assertStatus(f, 'warn');
    assert.match(f.summary, /doctor's own network namespace/);
  });

  it('skip: pending', () => {
    assertStatus(wsCheck({ state: 'pending' }), 'skip');
  });
});
