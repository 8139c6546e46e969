import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_BODY_BYTES, parseInfoV1, parseInfoV2V3 } from '../../../../src/agent/api/index.ts';
import * as R from './recorded.ts';
import * as S from './samples.ts';
import { assertParseError, assertValidView } from './validate.ts';

const at = (epochSeconds: number): Date => new Date(epochSeconds * 1000);

function v3(cloud: string, key: keyof typeof R.RECORDED_META) {
  const view = parseInfoV2V3(S.envelopeFor(cloud, key));
  assertValidView(view);
  return view;
}

describe('parseInfoV2V3: recorded v2.10.4 answers (/api/v3/info)', () => {
  it('connected: online, claimed, node id set, empty reason dropped', () => {
    const view = v3(R.V2_ONLINE_CLOUD, 'V2_ONLINE');
    assert.deepEqual(view, {
      kind: 'cloud-view',
      source: 'api-v3-info',
      machineGuid: '47dc708d-cb1d-4f8f-ba5b-6c311cbd5130',
      nodeId: '91632e1f-53d9-4c45-ae79-6315e13aa462',
      hostname: 'vm',
      version: 'v2.10.4',
      status: 'online',
      claimed: true,
      online: true,
      banned: false,
      cloudAvailable: true,
      claimId: '0912a40b-832f-4bbc-bdbe-7e2a7321bc95',
      cloudUrl: 'https://cloud.test:35673',
      connectionCount: 1,
      since: at(1795460387),
    });
  });

  it('claimed, never connected: offline, id 0, nd null, next check', () => {
    const view = v3(R.V2_UNSEEN_CLOUD, 'V2_UNSEEN');
    assert.equal(view.status, 'offline');
    assert.equal(view.claimed, true);
    assert.equal(view.online, false);
    assert.equal(view.nodeId, null);
    assert.equal(view.connectionCount, 0);
    assert.equal(view.claimId, '4ca92c49-5b41-4144-8465-ef68f8fb96fa');
    assert.equal(view.reason, '/env response code is not 200');
    assert.deepEqual(view.nextCheck, at(1795460398));
    assert.equal(view.nextInSeconds, 1);
  });

  it('banned: the duplicate `url` key does not break parsing', () => {
    assert.equal((R.V2_BANNED_CLOUD.match(/"url"/g) ?? []).length, 2, 'fixture keeps the duplicate key');
    const view = v3(R.V2_BANNED_CLOUD, 'V2_BANNED');
    assert.equal(view.status, 'banned');
    assert.equal(view.banned, true);
    assert.equal(view.claimed, true);
    assert.equal(view.online, false);
    assert.equal(view.claimId, 'de4d5937-8583-4b8f-ab57-520d3408a965');
    assert.equal(view.cloudUrl, 'https://cloud.test:46337');
    assert.equal(view.reason, 'Agent is banned from Netdata Cloud');
    assert.equal(view.nodeId, null);
  });

  it('banned with two different urls: the last (configured) one is reported, as JSON.parse keeps it', () => {
    const view = parseInfoV2V3(S.infoEnvelope(S.V2_BANNED_TWO_URLS_CLOUD, R.RECORDED_META.V2_BANNED));
    assertValidView(view);
    assert.equal(view.cloudUrl, 'https://configured.test:2');
  });

  for (const [name, online, offline, reason, nextCheck] of [
    ['MQTT endpoint gone', R.V2_MQTT_GONE_ONLINE_CLOUD, R.V2_MQTT_GONE_OFFLINE_CLOUD, 'disconnected, socket error', 1795460410],
    ['whole Cloud gone', R.V2_CLOUD_GONE_ONLINE_CLOUD, R.V2_CLOUD_GONE_OFFLINE_CLOUD, 'connection refused', undefined],
  ] as const) {
    it(`was connected, ${name}: online first, then offline with the node id kept`, () => {
      const key = name === 'MQTT endpoint gone' ? 'V2_MQTT_GONE' : 'V2_CLOUD_GONE';
      const before = v3(online, `${key}_ONLINE`);
      assert.equal(before.status, 'online');
      assert.equal(before.online, true);
      const after = v3(offline, `${key}_OFFLINE`);
      assert.equal(after.status, 'offline');
      assert.equal(after.online, false);
      assert.equal(after.claimed, true);
      assert.equal(after.connectionCount, 1, 'id 1: it was connected in this run');
      assert.equal(after.nodeId, R.RECORDED_META[`${key}_OFFLINE`].nd);
      assert.equal(after.claimId, before.claimId);
      assert.equal(after.reason, reason);
      assert.deepEqual(after.nextCheck, nextCheck === undefined ? undefined : at(nextCheck));
    });
  }

  it('claim rejected (403): available, not claimed, the default URL and the failure reason', () => {
    const view = v3(R.V2_CLAIM_403_CLOUD, 'V2_CLAIM_403');
    assert.equal(view.status, 'available');
    assert.equal(view.claimed, false);
    assert.equal(view.claimId, null);
    assert.equal(view.online, false);
    assert.equal(view.cloudUrl, 'https://app.netdata.cloud');
    assert.equal(view.reason, 'Failed: token is expired, not found, or invalid');
    assert.equal(view.nodeId, null);
  });
});

describe('parseInfoV2V3: recorded v1.47.5 answers (/api/v2/info)', () => {
  it('live: online without a reason key', () => {
    const view = v3(R.V1_LIVE_CLOUD, 'V1_LIVE');
    assert.equal(view.source, 'api-v2-info');
    assert.equal(view.status, 'online');
    assert.equal(view.online, true);
    assert.equal(view.reason, undefined);
    assert.equal(view.claimId, '0b5ed2d9-e879-4663-88fe-b8136ab6573e');
    assert.equal(view.nodeId, 'f2c1c47a-e050-42d8-8a5c-d0aa5582b7a4');
    assert.equal(view.version, 'v1.47.5');
  });

  it('unseen: offline with the snake_case reason, reason before url', () => {
    const view = v3(R.V1_UNSEEN_CLOUD, 'V1_UNSEEN');
    assert.equal(view.status, 'offline');
    assert.equal(view.reason, 'env_response_not_200');
    assert.equal(view.cloudUrl, 'https://cloud.test:40173');
    assert.equal(view.claimId, '616d4a39-6af6-4ff3-977c-95ef94340101');
    assert.equal(view.nodeId, null);
  });

  it('banned: status and reason both "banned"', () => {
    const view = v3(R.V1_BANNED_CLOUD, 'V1_BANNED');
    assert.equal(view.status, 'banned');
    assert.equal(view.banned, true);
    assert.equal(view.reason, 'banned');
  });

  it('unclaimed: available / none, no url or claim_id keys', () => {
    const view = parseInfoV2V3(S.infoEnvelope(S.V1_UNCLAIMED_CLOUD, { ...R.RECORDED_META.V1_LIVE, nd: null }));
    assertValidView(view);
    assert.equal(view.status, 'available');
    assert.equal(view.claimed, false);
    assert.equal(view.claimId, null);
    assert.equal(view.cloudUrl, undefined);
    assert.equal(view.reason, 'none');
  });
});

describe('parseInfoV2V3: documented states of other versions', () => {
  const meta = { nd: null, mg: '6f5b0a2e-1c3d-11ee-9a4f-0242ac120002', version: 'v1.45.0', api: 2 };

  it('v1.41–v1.47 unavailable: built without ACLK', () => {
    const view = parseInfoV2V3(S.infoEnvelope(S.V1_UNAVAILABLE_CLOUD, meta));
    assertValidView(view);
    assert.equal(view.status, 'unavailable');
    assert.equal(view.cloudAvailable, false);
    assert.equal(view.claimed, false);
    assert.equal(view.online, false);
  });

  it('v1.41–v1.47 disabled: claimed follows claim_id', () => {
    const off = parseInfoV2V3(S.infoEnvelope(S.V1_DISABLED_CLOUD, meta));
    assertValidView(off);
    assert.equal(off.cloudEnabled, false);
    assert.equal(off.claimed, false);
    assert.equal(off.claimId, null);
    const claimed = parseInfoV2V3(S.infoEnvelope(S.V1_DISABLED_CLAIMED_CLOUD, meta));
    assertValidView(claimed);
    assert.equal(claimed.claimed, true);
    assert.equal(claimed.claimId, 'b5803ba8-470d-4056-ba89-079fa06c35e2');
  });

  it('v2.0–v2.2: snake_case reason, `url` null while the ACLK has no base URL yet', () => {
    const view = parseInfoV2V3(S.infoEnvelope(S.V20_OFFLINE_SNAKE_CLOUD, { ...meta, version: 'v2.1.0', api: 3 }));
    assertValidView(view);
    assert.equal(view.status, 'offline');
    assert.equal(view.cloudUrl, null);
    assert.equal(view.reason, 'env_endpoint_unreachable');
    assert.equal(view.nextInSeconds, 8);
  });

  it('facts §4.4 examples (v2.3+ offline, v2 available with token failure)', () => {
    const offline = parseInfoV2V3(S.infoEnvelope(S.FACTS_CLOUD_V23_DNS, { ...meta, api: 3 }));
    assertValidView(offline);
    assert.equal(offline.reason, 'cannot resolve hostname');
    assert.equal(offline.claimId, '3f1c…');
    assert.equal(offline.nextInSeconds, 58);
    const available = parseInfoV2V3(S.infoEnvelope(S.FACTS_CLOUD_V2_AVAILABLE_TOKEN, { ...meta, api: 3 }));
    assertValidView(available);
    assert.equal(available.status, 'available');
    assert.equal(available.reason, 'Failed: token is expired, not found, or invalid');
  });

  it('indirect child (v2.10.4): the parent claim id goes to parentClaimId, never claimId', () => {
    const view = parseInfoV2V3(
      S.infoEnvelope(S.V2_INDIRECT_CHILD_CLOUD, { nd: S.CHILD_NODE_ID, mg: S.CHILD_MG, version: 'v2.10.4', api: 3 }),
    );
    assertValidView(view);
    assert.equal(view.status, 'indirect');
    assert.equal(view.claimId, undefined);
    assert.equal(view.claimed, undefined);
    assert.equal(view.parentClaimId, S.PARENT_CLAIM_ID);
    assert.equal(view.online, false);
    assert.equal(view.nodeId, S.CHILD_NODE_ID);
    assert.equal(view.reason, 'offline');
  });

  it('v1 indirect child (v1.47.5): available / none, nd null', () => {
    const view = parseInfoV2V3(S.infoEnvelope(S.V1_INDIRECT_CHILD_CLOUD, { ...meta, version: 'v1.47.5' }));
    assertValidView(view);
    assert.equal(view.status, 'available');
    assert.equal(view.nodeId, null);
  });

  it('proxy cases: `offline` reason, and the multi-line claim failure kept whole', () => {
    const mqtt = parseInfoV2V3(S.infoEnvelope(S.V2_PROXY_DENIES_MQTT_CLOUD, { ...meta, api: 3 }));
    assertValidView(mqtt);
    assert.equal(mqtt.reason, 'offline');
    const down = parseInfoV2V3(S.infoEnvelope(S.V2_PROXY_DOWN_CLAIM_CLOUD, { ...meta, api: 3 }));
    assertValidView(down);
    assert.equal(down.reason?.split('\n').length, 5);
    assert.match(down.reason ?? '', /^Request failed with error: Couldn't connect to server\nproxy: 'env',/);
  });
});

describe('parseInfoV2V3: shape handling', () => {
  const cloud = R.V2_ONLINE_CLOUD;
  it('source: from `api`, or as the caller says', () => {
    assert.equal(
      (parseInfoV2V3(S.infoEnvelope(cloud, { ...R.RECORDED_META.V2_ONLINE, api: 2 })) as { source: string }).source,
      'api-v2-info',
    );
    assert.equal((parseInfoV2V3(S.infoEnvelope(cloud, R.RECORDED_META.V2_ONLINE)) as { source: string }).source, 'api-v3-info');
    assert.equal(
      (parseInfoV2V3(S.infoEnvelope(cloud, R.RECORDED_META.V2_ONLINE), 'api-v2-info') as { source: string }).source,
      'api-v2-info',
    );
  });

  it('nd: null, the zero UUID and "" mean no node id; a missing nd says nothing', () => {
    for (const nd of ['null', '"00000000-0000-0000-0000-000000000000"', '""']) {
      const view = parseInfoV2V3(`{"agents":[{"mg":"m","nd":${nd},"cloud":${cloud}}]}`);
      assertValidView(view);
      assert.equal(view.nodeId, null, nd);
    }
    const view = parseInfoV2V3(`{"agents":[{"mg":"m","cloud":${cloud}}]}`);
    assertValidView(view);
    assert.equal(Object.hasOwn(view, 'nodeId'), false);
  });

  it('a single `agent` object is accepted too', () => {
    const view = parseInfoV2V3(`{"agent":{"mg":"m","nd":null,"cloud":${cloud}}}`);
    assertValidView(view);
    assert.equal(view.status, 'online');
  });

  it('an unknown status is kept apart and implies nothing', () => {
    const view = parseInfoV2V3(`{"agents":[{"cloud":{"id":0,"status":"Quantum","claim_id":"c"}}]}`);
    assertValidView(view);
    assert.equal(view.status, undefined);
    assert.equal(view.unknownStatus, 'quantum');
    assert.equal(view.online, undefined);
    assert.equal(view.claimId, 'c');
  });

  it('wrong types are dropped field by field', () => {
    const view = parseInfoV2V3(
      `{"agents":[{"mg":42,"nd":[],"nm":{},"application":"x","cloud":{"id":-1,"status":"offline","since":"yesterday","claim_id":7,"url":false,"reason":["x"],"next_check":1e400,"next_in":-5}}]}`,
    );
    assertValidView(view);
    assert.deepEqual(view, {
      kind: 'cloud-view',
      source: 'api-v3-info',
      status: 'offline',
      claimed: true,
      online: false,
      banned: false,
      cloudAvailable: true,
    });
  });

  it('errors: not JSON, the cloud object alone, arrays, empty, too large', () => {
    assertParseError(parseInfoV2V3('<html>503 Service Unavailable</html>'));
    assertParseError(parseInfoV2V3(cloud));
    assertParseError(parseInfoV2V3('[]'));
    assertParseError(parseInfoV2V3('{"agents":[]}'));
    assertParseError(parseInfoV2V3(''));
    assertParseError(parseInfoV2V3(' '.repeat(MAX_BODY_BYTES) + '{}'));
    assertParseError(parseInfoV2V3(undefined as unknown as string));
  });
});

describe('parseInfoV1', () => {
  for (const [name, keys, online] of [
    ['v1-live', R.V1_LIVE_INFO_V1_KEYS, true],
    ['v1-unseen', R.V1_UNSEEN_INFO_V1_KEYS, false],
    ['v1-banned', R.V1_BANNED_INFO_V1_KEYS, false],
  ] as const) {
    it(`recorded v1.47.5 ${name}: aclk-available is the connection state`, () => {
      const view = parseInfoV1(S.infoV1Envelope(keys, 'v1.47.5', '0b5ed2d9-e879-4663-88fe-b8136ab6573e'));
      assertValidView(view);
      assert.deepEqual(view, {
        kind: 'cloud-view',
        source: 'api-v1-info',
        version: 'v1.47.5',
        machineGuid: '0b5ed2d9-e879-4663-88fe-b8136ab6573e',
        cloudEnabled: true,
        cloudAvailable: true,
        claimed: true,
        online,
      });
    });
  }

  it('the recorded cloud keys alone parse too', () => {
    const view = parseInfoV1(R.V1_UNSEEN_INFO_V1_KEYS);
    assertValidView(view);
    assert.equal(view.claimed, true);
    assert.equal(view.online, false);
  });

  it('facts samples: v1.44, v1.32 (aclk-ng keys), v2 nightly, Cloud disabled', () => {
    const v144 = parseInfoV1(S.FACTS_INFO_V1_V144);
    assertValidView(v144);
    assert.equal(v144.version, 'v1.44.3');
    assert.equal(v144.online, false);
    const v132 = parseInfoV1(S.FACTS_INFO_V1_V132);
    assertValidView(v132);
    assert.equal(v132.online, true);
    const nightly = parseInfoV1(S.FACTS_INFO_V1_V2_NIGHTLY);
    assertValidView(nightly);
    assert.equal(nightly.version, 'v2.5.0-123-nightly');
    assert.equal(nightly.claimed, false);
    const disabled = parseInfoV1(S.FACTS_INFO_V1_DISABLED);
    assertValidView(disabled);
    assert.equal(disabled.cloudEnabled, false);
  });

  it('wrong types are dropped; unrelated JSON and 503 bodies are errors', () => {
    const view = parseInfoV1('{"version":3,"uid":null,"agent-claimed":"yes","aclk-available":true}');
    assertValidView(view);
    assert.deepEqual(view, { kind: 'cloud-view', source: 'api-v1-info', online: true });
    assertParseError(parseInfoV1('{"hello":"world"}'));
    assertParseError(parseInfoV1('Service Unavailable'));
    assertParseError(parseInfoV1('"v1.47.5"'));
    assertParseError(parseInfoV1('null'));
  });
});
