import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAclkJson, parseAclkText, type AgentCloudView } from '../../../../src/agent/api/index.ts';
import * as R from './recorded.ts';
import * as S from './samples.ts';
import { assertParseError, assertValidView } from './validate.ts';

const utc = (s: string): Date => new Date(`${s.replace(' ', 'T')}Z`);

function json(text: string): AgentCloudView {
  const view = parseAclkJson(text);
  assertValidView(view);
  return view;
}

function txt(text: string): AgentCloudView {
  const view = parseAclkText(text);
  assertValidView(view);
  return view;
}

describe('parseAclkJson: recorded v2.10.4 answers', () => {
  it('connected', () => {
    assert.deepEqual(json(R.V2_ONLINE_ACLK_JSON), {
      kind: 'cloud-view',
      source: 'aclk-state-json',
      cloudAvailable: true,
      claimed: true,
      claimId: '0912a40b-832f-4bbc-bdbe-7e2a7321bc95',
      online: true,
      banned: false,
      cloudUrl: 'https://cloud.test:35673',
      reconnectCount: 0,
      lastConnectedAt: utc('2026-11-23 18:59:47'),
      aclkProxy: 'none',
      nodeId: '91632e1f-53d9-4c45-ae79-6315e13aa462',
      machineGuid: '47dc708d-cb1d-4f8f-ba5b-6c311cbd5130',
      hostname: 'vm',
    });
  });

  it('claimed, never connected: offline, backoff, next attempt (UTC), node id null', () => {
    const view = json(R.V2_UNSEEN_ACLK_JSON);
    assert.equal(view.claimed, true);
    assert.equal(view.online, false);
    assert.equal(view.nodeId, null);
    assert.equal(view.lastBackoffSeconds, 2.5840001106262207);
    assert.deepEqual(view.nextCheck, utc('2026-11-23 18:59:58'));
    assert.equal(view.lastConnectedAt, undefined);
  });

  it('banned: banned-by-cloud, 60 s backoff', () => {
    const view = json(R.V2_BANNED_ACLK_JSON);
    assert.equal(view.banned, true);
    assert.equal(view.online, false);
    assert.equal(view.lastBackoffSeconds, 60);
    assert.equal(view.claimId, 'de4d5937-8583-4b8f-ab57-520d3408a965');
    assert.equal(view.parentClaimId, undefined, 'self claimed_id equals own: no parent');
  });

  it('was connected, then offline: last connect and disconnect times, node id kept', () => {
    for (const [before, after, meta] of [
      [R.V2_MQTT_GONE_ONLINE_ACLK_JSON, R.V2_MQTT_GONE_OFFLINE_ACLK_JSON, R.RECORDED_META.V2_MQTT_GONE_OFFLINE],
      [R.V2_CLOUD_GONE_ONLINE_ACLK_JSON, R.V2_CLOUD_GONE_OFFLINE_ACLK_JSON, R.RECORDED_META.V2_CLOUD_GONE_OFFLINE],
    ] as const) {
      const up = json(before);
      assert.equal(up.online, true);
      const down = json(after);
      assert.equal(down.online, false);
      assert.equal(down.nodeId, meta.nd);
      assert.ok(down.lastConnectedAt instanceof Date);
      assert.ok(down.lastDisconnectedAt instanceof Date);
      assert.ok(down.nextCheck instanceof Date);
      assert.ok((down.lastBackoffSeconds ?? 0) > 0);
    }
  });

  it('claim rejected: not claimed, claimed-id null, the default cloud URL', () => {
    const view = json(R.V2_CLAIM_403_ACLK_JSON);
    assert.equal(view.claimed, false);
    assert.equal(view.claimId, null);
    assert.equal(view.cloudUrl, 'https://app.netdata.cloud');
    assert.equal(view.nodeId, null);
  });

  it('GET /api/v1/aclk is the same JSON, labelled as such', () => {
    const view = parseAclkJson(R.V2_ONLINE_ACLK_JSON, 'api-v1-aclk');
    assertValidView(view);
    assert.equal(view.source, 'api-v1-aclk');
  });
});

describe('parseAclkJson: recorded v1.47.5 answers', () => {
  it('live', () => {
    const view = json(R.V1_LIVE_ACLK_JSON);
    assert.equal(view.online, true);
    assert.equal(view.claimId, '0b5ed2d9-e879-4663-88fe-b8136ab6573e');
    assert.equal(view.machineGuid, view.claimId, 'v1: claim id = machine GUID');
    assert.equal(view.aclkProxy, undefined, 'no aclk_proxy before v2.7');
  });
  it('unseen', () => {
    const view = json(R.V1_UNSEEN_ACLK_JSON);
    assert.equal(view.online, false);
    assert.equal(view.lastBackoffSeconds, 5.310999870300293);
    assert.deepEqual(view.nextCheck, utc('2026-11-23 19:15:42'));
  });
  it('banned', () => {
    const view = json(R.V1_BANNED_ACLK_JSON);
    assert.equal(view.banned, true);
    assert.equal(view.lastBackoffSeconds, 60);
  });
});

describe('parseAclkJson: documented shapes', () => {
  it('facts §4.2 master example (placeholders kept)', () => {
    const view = json(S.FACTS_ACLK_JSON_MASTER_OFFLINE);
    assert.equal(view.claimId, '3f1c…');
    assert.equal(view.lastBackoffSeconds, 4.1);
    assert.equal(view.hostname, 'h');
  });

  it('v1.32 Legacy and v1.33 NG', () => {
    const legacy = json(S.FACTS_ACLK_JSON_V132_LEGACY);
    assert.deepEqual(legacy, {
      kind: 'cloud-view',
      source: 'aclk-state-json',
      cloudAvailable: true,
      claimed: true,
      claimId: '0c4b9c3e-51f3-11ec-bf63-0242ac130002',
      online: true,
    });
    const ng = json(S.FACTS_ACLK_JSON_V133_NG);
    assert.equal(ng.claimed, false);
    assert.equal(ng.claimId, null);
  });

  it('indirect child: unclaimed, node id from the parent, the parent claim id apart', () => {
    const view = json(S.V2_INDIRECT_CHILD_ACLK_JSON);
    assert.equal(view.claimed, false);
    assert.equal(view.claimId, null);
    assert.equal(view.nodeId, S.CHILD_NODE_ID);
    assert.equal(view.parentClaimId, S.PARENT_CLAIM_ID);
    assert.equal(view.status, undefined, 'aclk-state cannot tell indirect from available');
  });

  it('parent: children from node instances with relationship child', () => {
    const view = json(S.V2_PARENT_ACLK_JSON);
    assert.equal(view.nodeId, '50e14791-94f3-4cbd-b6d8-853458dafe14');
    assert.match(view.aclkProxy ?? '', /from environment variable 'http_proxy'/);
    assert.deepEqual(view.children, [
      { hostname: 'child', machineGuid: S.CHILD_MG, nodeId: S.CHILD_NODE_ID, claimId: null, claimed: false, online: false, hops: 1 },
    ]);
  });

  it('wrong types are dropped field by field', () => {
    const view = json(
      '{"aclk-available":"yes","agent-claimed":true,"claimed-id":5,"online":1,"banned-by-cloud":null,"cloud-url":"null","reconnect-count":-3,"last-backoff-value":"2.5","next-connection-attempt-utc":"2026-02-31 10:00:00","node-instances":{"relationship":"self"}}',
    );
    assert.deepEqual(view, { kind: 'cloud-view', source: 'aclk-state-json', claimed: true, cloudUrl: null });
  });

  it('errors', () => {
    assertParseError(parseAclkJson(R.V1_LIVE_ACLK_TEXT));
    assertParseError(parseAclkJson('{"version":"v2.10.4"}'));
    assertParseError(parseAclkJson('[{"online":true}]'));
    assertParseError(parseAclkJson(''));
  });
});

describe('parseAclkText: recorded v1.47.5 answers', () => {
  it('live', () => {
    assert.deepEqual(txt(R.V1_LIVE_ACLK_TEXT), {
      kind: 'cloud-view',
      source: 'aclk-state-text',
      cloudAvailable: true,
      claimed: true,
      claimId: '0b5ed2d9-e879-4663-88fe-b8136ab6573e',
      online: true,
      banned: false,
      cloudUrl: 'https://cloud.test:58845',
      reconnectCount: 0,
      lastConnectedAt: utc('2026-11-23 19:15:28'),
      nodeId: 'f2c1c47a-e050-42d8-8a5c-d0aa5582b7a4',
      machineGuid: '0b5ed2d9-e879-4663-88fe-b8136ab6573e',
      hostname: 'vm',
    });
  });

  it('unseen and banned: next attempt and backoff', () => {
    const unseen = txt(R.V1_UNSEEN_ACLK_TEXT);
    assert.equal(unseen.online, false);
    assert.equal(unseen.banned, false);
    assert.equal(unseen.lastBackoffSeconds, 5.311);
    assert.deepEqual(unseen.nextCheck, utc('2026-11-23 19:15:42'));
    const banned = txt(R.V1_BANNED_ACLK_TEXT);
    assert.equal(banned.banned, true);
    assert.equal(banned.lastBackoffSeconds, 60);
  });

  it('text and JSON of the same recorded state agree', () => {
    for (const [t, j] of [
      [R.V1_LIVE_ACLK_TEXT, R.V1_LIVE_ACLK_JSON],
      [R.V1_UNSEEN_ACLK_TEXT, R.V1_UNSEEN_ACLK_JSON],
      [R.V1_BANNED_ACLK_TEXT, R.V1_BANNED_ACLK_JSON],
    ] as const) {
      const a = txt(t);
      const b = json(j);
      for (const key of [
        'cloudAvailable',
        'claimed',
        'claimId',
        'online',
        'banned',
        'cloudUrl',
        'reconnectCount',
        'nextCheck',
        'lastConnectedAt',
      ] as const) {
        assert.deepEqual(a[key], b[key], key);
      }
      assert.ok(Math.abs((a.lastBackoffSeconds ?? 0) - (b.lastBackoffSeconds ?? 0)) < 0.001);
    }
  });
});

describe('parseAclkText: the three generations and the failure outputs', () => {
  it('v1.32/v1.33 NG and Legacy', () => {
    const ng = txt(S.FACTS_ACLK_TEXT_V132_NG);
    assert.deepEqual(ng, {
      kind: 'cloud-view',
      source: 'aclk-state-text',
      cloudAvailable: true,
      claimed: true,
      claimId: '0c4b9c3e-51f3-11ec-bf63-0242ac130002',
      online: true,
    });
    const legacy = txt(S.FACTS_ACLK_TEXT_V132_LEGACY);
    assert.equal(legacy.claimed, false);
    assert.equal(legacy.claimId, null);
  });

  it('built without ACLK', () => {
    assert.deepEqual(txt(S.FACTS_ACLK_TEXT_NO_ACLK), { kind: 'cloud-view', source: 'aclk-state-text', cloudAvailable: false });
  });

  it('v1.34–v2.6 unclaimed, lower-case yes/no, "null" ids in the node instance', () => {
    const view = txt(S.ACLK_TEXT_V144_UNCLAIMED);
    assert.equal(view.cloudAvailable, true);
    assert.equal(view.claimed, false);
    assert.equal(view.claimId, null);
    assert.equal(view.banned, false);
    assert.equal(view.nodeId, null);
    assert.equal(view.parentClaimId, undefined);
  });

  it('v2.7+: ACLK Proxy, banned (docs spell "yes"), times, a child', () => {
    const view = txt(S.ACLK_TEXT_V27_PARENT_OFFLINE);
    assert.equal(view.aclkProxy, 'socks5://socks.internal:1080 (with credentials, from cloud.conf)');
    assert.equal(view.banned, true);
    assert.equal(view.reconnectCount, 3);
    assert.deepEqual(view.lastDisconnectedAt, utc('2026-08-22 09:59:30'));
    assert.equal(view.nodeId, '50e14791-94f3-4cbd-b6d8-853458dafe14');
    assert.deepEqual(view.children, [
      { hostname: 'child', machineGuid: S.CHILD_MG, nodeId: S.CHILD_NODE_ID, claimId: null, claimed: false, online: false, hops: 1 },
    ]);
  });

  it('CRLF line endings and a trailing blank line', () => {
    const view = txt(R.V1_LIVE_ACLK_TEXT.replace(/\n/g, '\r\n') + '\r\n');
    assert.equal(view.nodeId, 'f2c1c47a-e050-42d8-8a5c-d0aa5582b7a4');
  });

  it('node-instance keys never leak into the top level ("Claimed ID" vs "Claimed Id")', () => {
    const view = txt(
      'ACLK Available: Yes\nClaimed: No\nOnline: No\n\n> Node Instance for mGUID: "g" hostname "h"\n\tClaimed ID: p\n\tOnline: Yes\n\tRelationship: self',
    );
    assert.equal(view.claimId, null);
    assert.equal(view.online, false);
    assert.equal(view.parentClaimId, 'p');
  });

  it('agent down, initializing, or not aclk-state output: ParseError', () => {
    assertParseError(parseAclkText(S.ACLK_TEXT_AGENT_DOWN_V23));
    assertParseError(parseAclkText(S.ACLK_TEXT_AGENT_DOWN_V1));
    assertParseError(parseAclkText('Agent is initializing'));
    assertParseError(parseAclkText('netdata v2.10.4'));
    assertParseError(parseAclkText(R.V2_ONLINE_ACLK_JSON));
    assertParseError(parseAclkText('\n\n'));
  });
});
