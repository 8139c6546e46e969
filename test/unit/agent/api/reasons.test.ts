import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyReason, REASON_CATEGORIES, type ReasonCategory } from '../../../../src/agent/api/index.ts';
import * as R from './recorded.ts';
import * as S from './samples.ts';

const reasonOf = (cloud: string): string => (JSON.parse(cloud) as { reason: string }).reason;

// [reason as the agent writes it, expected category, expected phase]
const TABLE: readonly [string, ReasonCategory, 'claim' | 'connection' | 'unknown'][] = [
  // v1.41–v2.2 ACLK tokens (facts §4.4)
  ['none', 'not-claimed', 'connection'],
  ['disabled', 'config', 'connection'],
  ['no_cloud_url', 'config', 'connection'],
  ['invalid_cloud_url', 'config', 'connection'],
  ['not_claimed', 'not-claimed', 'connection'],
  ['env_endpoint_unreachable', 'tcp', 'connection'],
  ['env_response_not_200', 'env', 'connection'],
  ['env_response_empty', 'env', 'connection'],
  ['env_response_not_json', 'env', 'connection'],
  ['env_failed', 'env', 'connection'],
  ['blocked', 'blocked', 'connection'],
  ['no_old_protocol', 'env', 'connection'],
  ['no_protocol_capability', 'env', 'connection'],
  ['invalid_env_auth_url', 'env', 'connection'],
  ['invalid_env_transport_idx', 'env', 'connection'],
  ['invalid_env_transport_url', 'env', 'connection'],
  ['invalid_otp', 'otp', 'connection'],
  ['no_lwt_topic', 'mqtt', 'connection'],
  ['unknown', 'unknown', 'connection'],
  ['banned', 'banned', 'connection'],
  // v2.3+ ACLK sentences (facts §4.4, src/aclk/aclk.c, https_client.c, nd-sock.c)
  ['offline', 'unknown', 'connection'],
  ['configuration error, no cloud url', 'config', 'connection'],
  ['configuration error, invalid cloud url', 'config', 'connection'],
  ['agent is blocked', 'blocked', 'connection'],
  ["can't connect, old protocol not supported", 'env', 'connection'],
  ["can't connect, protocol capability not supported", 'env', 'connection'],
  ["can't connect, invalid /env auth url", 'env', 'connection'],
  ["can't connect, invalid /env transport idx", 'env', 'connection'],
  ["can't connect, invalid /env transport URL", 'env', 'connection'],
  ["can't connect, no LWT topic", 'mqtt', 'connection'],
  ['disconnected, due to remote request', 'cloud-error', 'connection'],
  ['disconnected, ping timed out', 'mqtt', 'connection'],
  ['disconnected, to reload config', 'local', 'connection'],
  ['disconnected, poll() failed', 'tcp', 'connection'],
  ['disconnected, no I/O progress on a ready socket', 'tcp', 'connection'],
  ['disconnected, timed out waiting for CONNACK', 'mqtt', 'connection'],
  ['disconnected, closed by remote end', 'tcp', 'connection'],
  ['disconnected, socket error', 'tcp', 'connection'],
  ['disconnected, MQTT protocol error', 'mqtt', 'connection'],
  ['disconnected, WebSockets protocol error', 'websocket', 'connection'],
  ['disconnected, message too big', 'mqtt', 'connection'],
  ['connection refused', 'tcp', 'connection'],
  ['cannot resolve hostname', 'dns', 'connection'],
  ['cannot create socket', 'local', 'connection'],
  ['no host in definition', 'config', 'connection'],
  ['socket poll() error', 'tcp', 'connection'],
  ['timeout', 'tcp', 'connection'],
  ['cannot establish SSL connection', 'tls', 'connection'],
  ['invalid SSL certification', 'tls', 'connection'],
  ['failed to open SSL', 'tls', 'connection'],
  ['no destination available', 'tcp', 'connection'],
  ['proxy negotiation failed', 'proxy', 'connection'],
  ['cannot create SSL ctx', 'local', 'connection'],
  ['cannot set SSL verify paths', 'tls', 'connection'],
  ['SSL_connect() failed', 'tls', 'connection'],
  ['TLS certificate verification failed', 'tls', 'connection'],
  ['https client timeout', 'tcp', 'connection'],
  ['https client read error', 'tcp', 'connection'],
  ['https client failed to write http header', 'tcp', 'connection'],
  ['https client parsing of response failed', 'http', 'connection'],
  ['agent is not claimed (during /env)', 'not-claimed', 'connection'],
  ['/env response code is not 200', 'env', 'connection'],
  ['/env response is empty', 'env', 'connection'],
  ['/env response is not JSON', 'env', 'connection'],
  ['otp challenge response is not http/200', 'otp', 'connection'],
  ['otp challenge response is invalid', 'otp', 'connection'],
  ['otp password response is not http/201', 'otp', 'connection'],
  ['otp password response is empty', 'otp', 'connection'],
  ['otp password response is not JSON', 'otp', 'connection'],
  ['otp challenge decryption failed', 'otp', 'connection'],
  ['Agent is banned from Netdata Cloud', 'banned', 'connection'],
  // v2 claim failures (facts §2.4)
  ['Failed: token is expired, not found, or invalid', 'token', 'claim'],
  ['Failed: agent is already claimed', 'already-claimed', 'claim'],
  ['Claiming is in progress', 'cloud-error', 'claim'],
  ['Failed: received Internal Server Error', 'cloud-error', 'claim'],
  ['Failed: Netdata Cloud is unavailable', 'cloud-error', 'claim'],
  ['Failed: Gateway Timeout', 'cloud-error', 'claim'],
  ['Failed with response code 418', 'http', 'claim'],
  ['Failed: the node id is invalid', 'local', 'claim'],
  ['Failed: the node name is invalid', 'config', 'claim'],
  ['Failed: one or more room ids are invalid', 'rooms', 'claim'],
  ['Failed: the public key is invalid', 'local', 'claim'],
  ["Failed with description 'bad request body'", 'http', 'claim'],
  ['Failed with a response code 422', 'http', 'claim'],
  ['Failed with an empty response, code 422', 'http', 'claim'],
  ["Request failed with error: Couldn't resolve host name", 'dns', 'claim'],
  ["Request failed with error: Couldn't connect to server", 'tcp', 'claim'],
  ['Request failed with error: Timeout was reached', 'tcp', 'claim'],
  ['Request failed with error: SSL peer certificate or SSH remote key was not OK', 'tls', 'claim'],
  ["Request failed with error: Couldn't resolve proxy name (proxy is set to 'http://proxy.invalid:3128')", 'proxy', 'claim'],
  ['Cannot generate RSA key, EVP_PKEY_keygen() failed', 'local', 'claim'],
  ['Cannot write private key file: /var/lib/netdata/cloud.d/private.pem', 'local', 'claim'],
  ['Cannot write public key file: /var/lib/netdata/cloud.d/public.pem', 'local', 'claim'],
  ["cannot read public key file '/var/lib/netdata/cloud.d/public.pem'", 'local', 'claim'],
  ['Failed to save claiming info to disk', 'local', 'claim'],
  ['Cannot initialize request (curl_easy_init() failed)', 'local', 'claim'],
  ['Agent is not claimed yet', 'not-claimed', 'claim'],
  // v1 claim script messages (facts §2.1), bare and wrapped
  ['token expired/token not found/invalid token', 'token', 'claim'],
  ['already claimed', 'already-claimed', 'claim'],
  ['invalid room id', 'rooms', 'claim'],
  ['invalid node id', 'local', 'claim'],
  ['invalid node name', 'config', 'claim'],
  ['invalid public key', 'local', 'claim'],
  ['Unknown HTTP error message', 'http', 'claim'],
  ['processing claiming', 'cloud-error', 'claim'],
  ['Internal Server Error', 'cloud-error', 'claim'],
  ['Service Unavailable', 'cloud-error', 'claim'],
  ['Agent Unique Id Not Readable', 'local', 'claim'],
  ['Failed to claim node with the following error message:"token expired/token not found/invalid token"', 'token', 'claim'],
  ['Failed to claim node with the following error message:"already claimed"', 'already-claimed', 'claim'],
  // log and reload-claiming-state forms
  ['CLAIM: Failed: token is expired, not found, or invalid', 'token', 'claim'],
  ['Netdata Cloud, ACLK connection status: /env response code is not 200', 'env', 'connection'],
  ['Netdata Agent is claimed to Netdata Cloud, but it is currently offline: connection refused', 'tcp', 'connection'],
  ['Netdata Agent is not claimed to Netdata Cloud: Failed: agent is already claimed', 'already-claimed', 'claim'],
  [
    'time=2026-11-23T19:00:11.377Z comm=netdata source=daemon level=error msg="CLAIM: Failed: token is expired, not found, or invalid"',
    'token',
    'claim',
  ],
  ['ACLK: HTTP proxy CONNECT to cloud.test:43687 failed with status 403: HTTP/1.1 403 Access violation', 'proxy', 'connection'],
  ['Cloud asks not to reconnect for 120 seconds. We shall honor that request', 'blocked', 'connection'],
  ['Cloud Banned This Agent!', 'banned', 'connection'],
];

describe('classifyReason', () => {
  for (const [reason, category, phase] of TABLE) {
    it(`${JSON.stringify(reason).slice(0, 90)} → ${category}`, () => {
      const c = classifyReason(reason);
      assert.equal(c.category, category);
      assert.equal(c.phase, phase);
      assert.ok(c.explanation.length > 10 && !c.explanation.includes('\n'));
    });
  }

  it('every category is reachable', () => {
    const seen = new Set(TABLE.map(([, c]) => c));
    for (const category of REASON_CATEGORIES) assert.ok(seen.has(category), category);
  });

  it('recorded reasons (v2.10.4 and v1.47.5)', () => {
    assert.equal(classifyReason(reasonOf(R.V2_UNSEEN_CLOUD)).category, 'env');
    assert.equal(classifyReason(reasonOf(R.V2_BANNED_CLOUD)).category, 'banned');
    assert.equal(classifyReason(reasonOf(R.V2_MQTT_GONE_OFFLINE_CLOUD)).category, 'tcp');
    assert.equal(classifyReason(reasonOf(R.V2_CLOUD_GONE_OFFLINE_CLOUD)).category, 'tcp');
    assert.equal(classifyReason(reasonOf(R.V2_CLAIM_403_CLOUD)).category, 'token');
    assert.equal(classifyReason(reasonOf(R.V1_UNSEEN_CLOUD)).category, 'env');
    assert.equal(classifyReason(reasonOf(R.V1_BANNED_CLOUD)).category, 'banned');
  });

  it('v2.3+ multi-line claim failure: first line classified, proxy and insecure extracted', () => {
    const c = classifyReason(reasonOf(S.V2_PROXY_DOWN_CLAIM_CLOUD));
    assert.equal(c.category, 'tcp');
    assert.equal(c.phase, 'claim');
    assert.equal(c.core, "Couldn't connect to server");
    assert.equal(c.proxy, 'env');
    assert.equal(c.insecure, false);
  });

  it('as logged, with literal \\n: the same result', () => {
    const logged =
      "Request failed with error: Couldn't resolve host name\\nproxy: 'none',\\ninsecure: true,\\npublic key file: '/var/lib/netdata/cloud.d/public.pem',\\ntrusted key file: 'none'";
    const c = classifyReason(logged);
    assert.equal(c.category, 'dns');
    assert.equal(c.proxy, 'none');
    assert.equal(c.insecure, true);
  });

  it('a connect failure through an explicit proxy URL is a proxy problem', () => {
    const c = classifyReason(
      "Request failed with error: Couldn't connect to server\nproxy: 'http://127.0.0.1:3128',\ninsecure: false,\npublic key file: 'x',\ntrusted key file: 'none'",
    );
    assert.equal(c.category, 'proxy');
    assert.ok(!c.explanation.includes('127.0.0.1'), 'the proxy (maybe with credentials) is not echoed in the explanation');
  });

  it('v2.1–v2.2 form: the proxy suffix is removed before classifying', () => {
    const c = classifyReason("Request failed with error: Timeout was reached (proxy is set to 'env')");
    assert.equal(c.category, 'tcp');
    assert.equal(c.core, 'Timeout was reached');
    assert.equal(c.proxy, 'env');
  });

  it('HTTP codes named in the text', () => {
    assert.equal(classifyReason('Failed with response code 418').httpCode, 418);
    assert.equal(classifyReason('Failed with an empty response, code 500').httpCode, 500);
    assert.equal(classifyReason('ACLK: OTP Challenge HTTP code not 200 OK (got 409)').httpCode, 409);
  });

  it('empty, whitespace, non-strings and garbage are unknown, never a throw', () => {
    for (const r of [undefined, null, '', '   ', 42, {}, 'qwerty', '\u0000\uD800']) {
      const c = classifyReason(r as string);
      assert.equal(c.category, 'unknown');
    }
    assert.equal(classifyReason('x'.repeat(5_000_000)).category, 'unknown');
  });
});
