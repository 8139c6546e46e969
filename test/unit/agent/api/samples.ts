// Answers for the versions and states that were not recorded: the documented samples of
// /work/shared/reference/netdata-facts.md (§3, §4) and observed-streaming-and-proxy.md, assembled as the
// source code writes them (placeholders such as "<uuid>" replaced by ids). Recorded answers are in recorded.ts.

import { RECORDED_META } from './recorded.ts';

type Meta = { nd: string | null; mg: string; version: string; api: number };

/**
 * A whole /api/v3/info (or /api/v2/info) body around a recorded `cloud` object. The observed files give only
 * `agents[0].cloud` (verbatim, kept byte for byte here) and `agents[0].nd`; the envelope follows
 * buffer_json_agents_v2 (mg, nd, nm, now, ai, application, cloud).
 */
export function infoEnvelope(cloud: string, meta: Meta): string {
  const nd = meta.nd === null ? 'null' : JSON.stringify(meta.nd);
  return (
    `{"api":${meta.api},"agents":[{"mg":${JSON.stringify(meta.mg)},"nd":${nd},"nm":"vm","now":1795460400,"ai":0,` +
    `"application":{"package":{"version":${JSON.stringify(meta.version)},"type":"oci","arch":"x86_64","distro":"debian"}},` +
    `"cloud":${cloud},"nodes":{"total":1,"receiving":0,"sending":0,"archived":0}}],"timings":{"prep_ms":0.01}}`
  );
}

export const envelopeFor = (cloud: string, key: keyof typeof RECORDED_META): string => infoEnvelope(cloud, RECORDED_META[key]);

/** A whole /api/v1/info body around the recorded cloud keys (`{ "cloud-enabled": …, … }`, verbatim inside). */
export function infoV1Envelope(keys: string, version: string, uid: string): string {
  const inner = keys.trim().replace(/^\{/, '').replace(/\}$/, '');
  return `{"version":${JSON.stringify(version)},"uid":${JSON.stringify(uid)},"hosts-available":1,"mirrored_hosts":["vm"],${inner},"release-channel":"stable"}`;
}

// ---------------------------------------------------------------------------------------------------------
// /api/v1/info (facts §4.3)

/** facts §4.3 "Example (v1.44-style, trimmed)", with the elision removed. */
export const FACTS_INFO_V1_V144 = String.raw`{"version":"v1.44.3","uid":"6f5b0a2e-1c3d-11ee-9a4f-0242ac120002","hosts-available":1,"cloud-enabled":true,"cloud-available":true,"agent-claimed":true,"aclk-available":false}`;

/** facts §4.3 v1.32.0 key list (aclk-ng-* keys; `aclk-available` = connected). */
export const FACTS_INFO_V1_V132 = String.raw`{"version":"v1.32.0","uid":"0c4b9c3e-51f3-11ec-bf63-0242ac130002","cloud-enabled":true,"cloud-available":true,"aclk-ng-available":true,"aclk-ng-new-cloud-protocol":true,"aclk-legacy-available":false,"aclk-implementation":"Next Generation","agent-claimed":true,"aclk-available":true}`;

/** facts §4.3 v2.x: cloud-enabled and cloud-available hard-coded true; a nightly version string. */
export const FACTS_INFO_V1_V2_NIGHTLY = String.raw`{"version":"v2.5.0-123-nightly","uid":"2eda9733-55d0-4e99-99a9-460619922435","hosts-available":1,"cloud-enabled":true,"cloud-available":true,"agent-claimed":false,"aclk-available":false,"release-channel":"nightly"}`;

/** v1.37–v1.47 with NETDATA_DISABLE_CLOUD=1 (facts §1.5): cloud-enabled false. */
export const FACTS_INFO_V1_DISABLED = String.raw`{"version":"v1.40.1","uid":"9d2a4b1c-0c4e-11ee-a3a7-0242ac120003","cloud-enabled":false,"cloud-available":true,"agent-claimed":false,"aclk-available":false}`;

// ---------------------------------------------------------------------------------------------------------
// agents[0].cloud (facts §4.4, observed-v1.47.5.md summary, observed-streaming-and-proxy.md)

/** facts §4.4 "Example (v2.3+, claimed but cannot reach Cloud)", `3f1c…` kept as written. */
export const FACTS_CLOUD_V23_DNS = String.raw`{"id":0,"status":"offline","since":1724390000,"age":742,"claim_id":"3f1c…",
         "url":"https://app.netdata.cloud","reason":"cannot resolve hostname",
         "next_check":1724390800,"next_in":58}`;

/** facts §4.4 "Example (v2, not claimed, env claim failed)". */
export const FACTS_CLOUD_V2_AVAILABLE_TOKEN = String.raw`{"id":0,"status":"available","since":1724390000,"age":30,"url":"https://app.netdata.cloud",
         "reason":"Failed: token is expired, not found, or invalid"}`;

/** observed-v1.47.5.md summary row "unclaimed": `available` / `none`, no url, no claim_id (the block itself is empty). */
export const V1_UNCLAIMED_CLOUD = String.raw`{"id":0,"status":"available","since":1795461400,"age":5,"reason":"none"}`;

/** v1.41–v1.47 `unavailable` (built without ACLK) and `disabled` (Cloud disabled), facts §4.4 key order. */
export const V1_UNAVAILABLE_CLOUD = String.raw`{"id":0,"status":"unavailable","since":1795461400,"age":5,"reason":"none"}`;
export const V1_DISABLED_CLOUD = String.raw`{"id":0,"status":"disabled","since":1795461400,"age":5,"reason":"disabled"}`;
export const V1_DISABLED_CLAIMED_CLOUD = String.raw`{"id":0,"status":"disabled","since":1795461400,"age":5,"reason":"disabled","url":"https://app.netdata.cloud","claim_id":"b5803ba8-470d-4056-ba89-079fa06c35e2"}`;

/** v2.0–v2.2: snake_case reasons (facts §4.4), claimed, cannot reach /env. */
export const V20_OFFLINE_SNAKE_CLOUD = String.raw`{"id":0,"status":"offline","since":1735000000,"age":12,"claim_id":"4ca92c49-5b41-4144-8465-ef68f8fb96fa","url":null,"reason":"env_endpoint_unreachable","next_check":1735000020,"next_in":8}`;

/** observed-streaming "indirect: child (v2.10.4, unclaimed, streaming)": the PARENT's claim id and URL. */
export const PARENT_CLAIM_ID = '7e6c4c36-acb4-440f-af22-d9b2b4dc34b1';
export const CHILD_NODE_ID = '3a7f2d10-9c1e-4e0b-8d55-1f2a3b4c5d6e';
export const CHILD_MG = '5b8e1f2a-3c4d-4e5f-9a6b-7c8d9e0f1a2b';
export const V2_INDIRECT_CHILD_CLOUD = `{"id":0,"status":"indirect","since":1795460500,"age":32,"claim_id":"${PARENT_CLAIM_ID}","url":"https://cloud.test:56293","reason":"offline"}`;

/** observed-streaming "v1-indirect: child (v1.47.5)": unclaimed, no url/claim_id, nd null. */
export const V1_INDIRECT_CHILD_CLOUD = String.raw`{"id":0,"status":"available","since":1795461500,"age":40,"reason":"none"}`;

/** observed-streaming "proxy-denies-mqtt": offline with the plain `offline` reason. */
export const V2_PROXY_DENIES_MQTT_CLOUD = String.raw`{"id":0,"status":"offline","since":1795460600,"age":9,"claim_id":"0912a40b-832f-4bbc-bdbe-7e2a7321bc95","url":"https://cloud.test:35673","reason":"offline","next_check":1795460610,"next_in":1}`;

/** observed-streaming "proxy-down, claim through the proxy": the multi-line v2.3+ claim failure. */
export const V2_PROXY_DOWN_CLAIM_CLOUD = String.raw`{"id":0,"status":"available","since":1795460700,"age":20,"url":"https://app.netdata.cloud","reason":"Request failed with error: Couldn't connect to server\nproxy: 'env',\ninsecure: false,\npublic key file: '/var/lib/netdata/cloud.d/public.pem',\ntrusted key file: 'none'"}`;

/** The v2 banned object with two DIFFERENT urls (ACLK URL first, configured URL last): JSON.parse keeps the last. */
export const V2_BANNED_TWO_URLS_CLOUD = String.raw`{"id":0,"status":"banned","since":1795460399,"age":1,"claim_id":"de4d5937-8583-4b8f-ab57-520d3408a965","url":"https://aclk-base.test:1","reason":"Agent is banned from Netdata Cloud","url":"https://configured.test:2"}`;

// ---------------------------------------------------------------------------------------------------------
// aclk-state JSON (facts §4.2)

/** facts §4.2 "Example (master, claimed, offline)", assembled from code there; `…` placeholders kept. */
export const FACTS_ACLK_JSON_MASTER_OFFLINE = String.raw`{"aclk-available":true,"aclk-version":2,"protocols-supported":["Protobuf"],"agent-claimed":true,
 "claimed-id":"3f1c…","cloud-url":"https://app.netdata.cloud","aclk_proxy":"none","publish_latency_us":0,
 "online":false,"used-cloud-protocol":"Protobuf","mqtt-version":5,"received-app-layer-msgs":0,
 "received-mqtt-pubacks":0,"pending-mqtt-pubacks":0,"timed-out-mqtt-pubacks-since-start":0,
 "server-receive-maximum":0,"reconnect-count":0,"last-connect-time-utc":null,
 "last-connect-time-puback-utc":null,"last-disconnect-time-utc":null,
 "next-connection-attempt-utc":"2026-08-22 10:00:05","last-backoff-value":4.1,"banned-by-cloud":false,
 "node-instances":[{"hostname":"h","mguid":"…","claimed_id":"…","node-id":null,"streaming-hops":0,
   "relationship":"self","streaming-online":true,"alert-sync-status":{}}]}`;

/** facts §4.2 v1.32 Legacy. */
export const FACTS_ACLK_JSON_V132_LEGACY = String.raw`{"aclk-available":true,"aclk-implementation":"Legacy","agent-claimed":true,"claimed-id":"0c4b9c3e-51f3-11ec-bf63-0242ac130002","online":true}`;

/** facts §4.2 v1.32/v1.33 NG, unclaimed. */
export const FACTS_ACLK_JSON_V133_NG = String.raw`{"aclk-available":true,"aclk-implementation":"Next Generation","new-cloud-protocol-supported":true,"agent-claimed":false,"claimed-id":null,"online":false,"used-cloud-protocol":"New"}`;

/** observed-streaming "indirect: child": unclaimed, cloud-url = the parent's, own node instance with the parent's claim id. */
export const V2_INDIRECT_CHILD_ACLK_JSON = `{"aclk-available":true,"aclk-version":2,"protocols-supported":["Protobuf"],"agent-claimed":false,"claimed-id":null,"cloud-url":"https:\\/\\/cloud.test:56293","aclk_proxy":"none","publish_latency_us":0,"online":false,"used-cloud-protocol":"Protobuf","mqtt-version":5,"received-app-layer-msgs":0,"received-mqtt-pubacks":0,"pending-mqtt-pubacks":0,"reconnect-count":0,"last-connect-time-utc":null,"last-connect-time-puback-utc":null,"last-disconnect-time-utc":null,"next-connection-attempt-utc":null,"last-backoff-value":null,"banned-by-cloud":false,"node-instances":[{"hostname":"child","mguid":"${CHILD_MG}","claimed_id":"${PARENT_CLAIM_ID}","node-id":"${CHILD_NODE_ID}","streaming-hops":0,"relationship":"self","streaming-online":true,"alert-sync-status":{}}]}`;

/** observed-streaming "indirect: parent": online, with the child as a node instance (hops 1, claimed_id null). */
export const V2_PARENT_ACLK_JSON = `{"aclk-available":true,"aclk-version":2,"protocols-supported":["Protobuf"],"agent-claimed":true,"claimed-id":"${PARENT_CLAIM_ID}","cloud-url":"https:\\/\\/cloud.test:56293","aclk_proxy":"http://127.0.0.1:8888 (without credentials, from environment variable 'http_proxy')","publish_latency_us":982,"online":true,"used-cloud-protocol":"Protobuf","mqtt-version":5,"received-app-layer-msgs":2,"received-mqtt-pubacks":2,"pending-mqtt-pubacks":0,"reconnect-count":0,"last-connect-time-utc":"2026-11-23 19:00:14","last-connect-time-puback-utc":null,"last-disconnect-time-utc":null,"next-connection-attempt-utc":null,"last-backoff-value":null,"banned-by-cloud":false,"node-instances":[{"hostname":"parent","mguid":"2641dc58-5550-44a8-bd0e-30e7fff2c15e","claimed_id":"${PARENT_CLAIM_ID}","node-id":"50e14791-94f3-4cbd-b6d8-853458dafe14","streaming-hops":0,"relationship":"self","streaming-online":true,"alert-sync-status":{}},{"hostname":"child","mguid":"${CHILD_MG}","claimed_id":null,"node-id":"${CHILD_NODE_ID}","streaming-hops":1,"relationship":"child","streaming-online":false,"alert-sync-status":{}}]}`;

// ---------------------------------------------------------------------------------------------------------
// aclk-state text (facts §4.1)

/** facts §4.1 v1.32.0 / v1.33.x ACLK-NG sample (no trailing newline). */
export const FACTS_ACLK_TEXT_V132_NG = `ACLK Available: Yes
ACLK Implementation: Next Generation
New Cloud Protocol Support: Yes
Claimed: Yes
Claimed Id: 0c4b9c3e-51f3-11ec-bf63-0242ac130002
Online: Yes
Used Cloud Protocol: New`;

/** facts §4.1 v1.32 Legacy, unclaimed (no Claimed Id line). */
export const FACTS_ACLK_TEXT_V132_LEGACY = `ACLK Available: Yes
ACLK Implementation: Legacy
Claimed: No
Online: No`;

/** facts §4.1 built without ACLK. */
export const FACTS_ACLK_TEXT_NO_ACLK = `ACLK Available: No`;

/** facts §4.1 v1.34–v2.6, unclaimed (no Claimed Id / Cloud URL lines), lower-case values as in the docs. */
export const ACLK_TEXT_V144_UNCLAIMED = `ACLK Available: yes
ACLK Version: 2
Protocols Supported: Protobuf
Protocol Used: Protobuf
MQTT Version: 5
Claimed: no
Online: no
Reconnect count: 0
Banned By Cloud: no

> Node Instance for mGUID: "2eda9733-55d0-4e99-99a9-460619922435" hostname "vm"
\tClaimed ID: null
\tNode ID: null
\tStreaming Hops: 0
\tRelationship: self`;

/** facts §4.1 v2.7+: ACLK Proxy and Publish Latency; offline with backoff; a parent with a child. */
export const ACLK_TEXT_V27_PARENT_OFFLINE = `ACLK Available: Yes
ACLK Version: 2
Protocols Supported: Protobuf
Protocol Used: Protobuf
MQTT Version: 5
Claimed: Yes
Claimed Id: ${PARENT_CLAIM_ID}
Cloud URL: https://app.netdata.cloud
ACLK Proxy: socks5://socks.internal:1080 (with credentials, from cloud.conf)
Publish Latency: 0us
Online: No
Reconnect count: 3
Banned By Cloud: yes
Last Connection Time: 2026-08-22 09:58:01
Last Connection Time + 3 PUBACKs received: 2026-08-22 09:58:04
Last Disconnect Time: 2026-08-22 09:59:30
Next Connection Attempt At: 2026-08-22 10:00:30
Last Backoff: 60.000

> Node Instance for mGUID: "2641dc58-5550-44a8-bd0e-30e7fff2c15e" hostname "parent"
\tClaimed ID: ${PARENT_CLAIM_ID}
\tNode ID: 50e14791-94f3-4cbd-b6d8-853458dafe14
\tStreaming Hops: 0
\tRelationship: self
\tStreaming Connection Live: true

> Node Instance for mGUID: "${CHILD_MG}" hostname "child"
\tClaimed ID: null
\tNode ID: ${CHILD_NODE_ID}
\tStreaming Hops: 1
\tRelationship: child
\tStreaming Connection Live: false
`;

/** facts §4.1: what netdatacli prints when the agent is down (v2.3+ and older). */
export const ACLK_TEXT_AGENT_DOWN_V23 = `Cannot connect to '/run/netdata/netdata.pipe'.
Make sure the netdata service is running.`;
export const ACLK_TEXT_AGENT_DOWN_V1 = `uv_pipe_connect(): no such file or directory
Make sure the netdata service is running.`;

// ---------------------------------------------------------------------------------------------------------
// status-netdata.json (facts §3; src/daemon/status-file.c). Not recorded: assembled from the writer.

export const STATUS_FILE_V29 = String.raw`{
	"@timestamp":"2026-11-23T19:00:20.123Z",
	"version":29,
	"agent":{
		"id":"2641dc58-5550-44a8-bd0e-30e7fff2c15e",
		"since":"2026-11-01T08:00:00.000Z",
		"ephemeral_id":"8c7a6d5e4f3b2a190817263544536271",
		"version":"v2.10.4",
		"uptime":6,
		"node_id":"50e14791-94f3-4cbd-b6d8-853458dafe14",
		"claim_id":"7e6c4c36-acb4-440f-af22-d9b2b4dc34b1",
		"restarts":3,
		"crashes":0,
		"posts":0,
		"aclk":"offline",
		"profile":["standalone"],
		"status":"running",
		"exit_reason":[],
		"install_type":"oci",
		"db_mode":"dbengine",
		"db_tiers":3,
		"kubernetes":false,
		"sentry_available":false,
		"reliability":0,
		"stack_traces":"none",
		"timings":{"init":2,"exit":0}
	},
	"host":{"id":"a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6","architecture":"x86_64","virtualization":"none","container":"docker","uptime":86400,"boot":{"id":"0f1e2d3c4b5a69788796a5b4c3d2e1f0"},"memory":{},"disk":{"db":{}}},
	"os":{"type":"linux","kernel":"6.8.0","name":"Debian GNU/Linux","version":"13","family":"debian","platform":"debian"},
	"fatal":{"line":0,"filename":"","function":"","message":"","errno":"","thread":"","thread_id":0,"stack_trace":""}
}`;

/** An exited, never-claimed v2.4 agent (status file v22: `aclk` present, no `since`/`crashes`). */
export const STATUS_FILE_V22_EXITED = String.raw`{"@timestamp":"2025-05-01T10:00:00Z","version":22,"agent":{"id":"d34f7ab6-aaae-43d6-a737-00eb9b1234ce","ephemeral_id":"00112233445566778899aabbccddeeff","version":"v2.4.0","uptime":3600,"node_id":null,"claim_id":null,"restarts":0,"posts":0,"aclk":"available","profile":["standalone"],"status":"exited","exit_reason":["signal-sigterm"],"install_type":"oci","timings":{"init":3,"exit":1}}}`;

/** status file schema 3 (agent v2.3.0): ND_-prefixed keys, no `aclk`, zero UUID for "no node id". */
export const STATUS_FILE_V3 = String.raw`{"@timestamp":"2025-03-20T12:00:00.000000Z","version":3,"agent":{"id":"616d4a39-6af6-4ff3-977c-95ef94340101","ephemeral_id":"aabbccddeeff00112233445566778899","version":"v2.3.0","uptime":120,"ND_node_id":"00000000-0000-0000-0000-000000000000","ND_claim_id":"616d4a39-6af6-4ff3-977c-95ef94340101","ND_profile":["standalone"],"ND_status":"running","ND_exit_reason":[],"ND_timings":{"init":4,"exit":0}},"host":{},"os":{},"fatal":{},"dedup":{"@timestamp":"2025-03-20T11:00:00Z","hash":0,"restarts":2}}`;

// ---------------------------------------------------------------------------------------------------------
// cloud.conf / claim.conf (facts §2.4, §3)

export const TOKEN = 'Zq3xVb7NmK2pLt9Ws4Rc8Yd1Hf6Jg5Ua0Ei-Ko_Tn3Sb2Ml7Xv4Pq9Cw6Gz1Fr8Dy5';
export const ROOM_A = '1e3b7a52-8c1d-4f55-9e2a-6b0c3d4e5f60';
export const ROOM_B = 'f0e1d2c3-b4a5-4968-8776-655443322110';

/** v2 cloud.conf as the agent regenerates it after a claim: tab-indented, defaults commented out. */
export const CLOUD_CONF_V2 = `[global]
\turl = https://app.netdata.cloud
\t# proxy = env
\ttoken = ${TOKEN}
\trooms = ${ROOM_A},${ROOM_B}
\t# insecure = no
\tmachine_guid = 2641dc58-5550-44a8-bd0e-30e7fff2c15e
\tclaimed_id = 7e6c4c36-acb4-440f-af22-d9b2b4dc34b1
\thostname = vm
`;

/** facts §2.4 claim.conf example (README), with a real-looking token. */
export const CLAIM_CONF_README = `[global]
   url = https://app.netdata.cloud
   token = ${TOKEN}
   rooms = ${ROOM_A},${ROOM_B}
   proxy = http://username:s3cr3t-pass@myproxy:8080
   insecure = no
`;

/** v1.46+ cloud.conf written by the claim script with a proxy. */
export const CLOUD_CONF_V146_PROXY = `[global]
  enabled = yes
  cloud base url = https://app.netdata.cloud
  proxy = socks5h://proxy.internal:1080
`;
