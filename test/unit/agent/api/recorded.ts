// Recorded answers of real agents, copied byte for byte (mechanically, not retyped) from
// /work/shared/reference/observed-v2.10.4.md and observed-v1.47.5.md. Do not hand-edit the recorded strings.

/** observed-v2.10.4.md "Connected (online)": `/api/v3/info` agents[0].cloud, verbatim. */
export const V2_ONLINE_CLOUD = String.raw`{
 "id": 1,
 "status": "online",
 "since": 1795460387,
 "age": 4,
 "claim_id": "0912a40b-832f-4bbc-bdbe-7e2a7321bc95",
 "url": "https://cloud.test:35673",
 "reason": ""
}`;

/** observed-v2.10.4.md "Connected (online)": `netdatacli aclk-state json`, verbatim. */
export const V2_ONLINE_ACLK_JSON = String.raw`{"aclk-available":true,"aclk-version":2,"protocols-supported":["Protobuf"],"agent-claimed":true,"claimed-id":"0912a40b-832f-4bbc-bdbe-7e2a7321bc95","cloud-url":"https:\/\/cloud.test:35673","aclk_proxy":"none","publish_latency_us":829,"online":true,"used-cloud-protocol":"Protobuf","mqtt-version":5,"received-app-layer-msgs":2,"received-mqtt-pubacks":3,"pending-mqtt-pubacks":0,"reconnect-count":0,"last-connect-time-utc":"2026-11-23 18:59:47","last-connect-time-puback-utc":"2026-11-23 18:59:50","last-disconnect-time-utc":null,"next-connection-attempt-utc":null,"last-backoff-value":null,"banned-by-cloud":false,"node-instances":[{"hostname":"vm","mguid":"47dc708d-cb1d-4f8f-ba5b-6c311cbd5130","claimed_id":"0912a40b-832f-4bbc-bdbe-7e2a7321bc95","node-id":"91632e1f-53d9-4c45-ae79-6315e13aa462","streaming-hops":0,"relationship":"self","streaming-online":true,"alert-sync-status":{"updates":0,"checkpoint-count":0,"alert-count":0,"alert-snapshot-count":0,"alert-version":0}}]}`;

/** observed-v2.10.4.md "Claimed, never connected": `/api/v3/info` agents[0].cloud, verbatim. */
export const V2_UNSEEN_CLOUD = String.raw`{
 "id": 0,
 "status": "offline",
 "since": 1795460393,
 "age": 4,
 "claim_id": "4ca92c49-5b41-4144-8465-ef68f8fb96fa",
 "url": "https://cloud.test:34341",
 "reason": "/env response code is not 200",
 "next_check": 1795460398,
 "next_in": 1
}`;

/** observed-v2.10.4.md "Claimed, never connected": `netdatacli aclk-state json`, verbatim. */
export const V2_UNSEEN_ACLK_JSON = String.raw`{"aclk-available":true,"aclk-version":2,"protocols-supported":["Protobuf"],"agent-claimed":true,"claimed-id":"4ca92c49-5b41-4144-8465-ef68f8fb96fa","cloud-url":"https:\/\/cloud.test:34341","aclk_proxy":"none","publish_latency_us":0,"online":false,"used-cloud-protocol":"Protobuf","mqtt-version":5,"received-app-layer-msgs":0,"received-mqtt-pubacks":0,"pending-mqtt-pubacks":0,"reconnect-count":0,"last-connect-time-utc":null,"last-connect-time-puback-utc":null,"last-disconnect-time-utc":null,"next-connection-attempt-utc":"2026-11-23 18:59:58","last-backoff-value":2.5840001106262207,"banned-by-cloud":false,"node-instances":[{"hostname":"vm","mguid":"d34f7ab6-aaae-43d6-a737-00eb9b1234ce","claimed_id":"4ca92c49-5b41-4144-8465-ef68f8fb96fa","node-id":null,"streaming-hops":0,"relationship":"self","streaming-online":true,"alert-sync-status":{"updates":0,"checkpoint-count":0,"alert-count":0,"alert-snapshot-count":0,"alert-version":0}}]}`;

/** observed-v2.10.4.md "Banned": `/api/v3/info` agents[0].cloud, verbatim. */
export const V2_BANNED_CLOUD = String.raw`{
 "id": 0,
 "status": "banned",
 "since": 1795460399,
 "age": 1,
 "claim_id": "de4d5937-8583-4b8f-ab57-520d3408a965",
 "url": "https://cloud.test:46337",
 "reason": "Agent is banned from Netdata Cloud",
 "url": "https://cloud.test:46337"
}`;

/** observed-v2.10.4.md "Banned": `netdatacli aclk-state json`, verbatim. */
export const V2_BANNED_ACLK_JSON = String.raw`{"aclk-available":true,"aclk-version":2,"protocols-supported":["Protobuf"],"agent-claimed":true,"claimed-id":"de4d5937-8583-4b8f-ab57-520d3408a965","cloud-url":"https:\/\/cloud.test:46337","aclk_proxy":"none","publish_latency_us":0,"online":false,"used-cloud-protocol":"Protobuf","mqtt-version":5,"received-app-layer-msgs":0,"received-mqtt-pubacks":0,"pending-mqtt-pubacks":0,"reconnect-count":0,"last-connect-time-utc":null,"last-connect-time-puback-utc":null,"last-disconnect-time-utc":null,"next-connection-attempt-utc":"2026-11-23 19:00:59","last-backoff-value":60.0,"banned-by-cloud":true,"node-instances":[{"hostname":"vm","mguid":"477453dc-456b-43d9-be27-d010a4a2ff7d","claimed_id":"de4d5937-8583-4b8f-ab57-520d3408a965","node-id":null,"streaming-hops":0,"relationship":"self","streaming-online":true,"alert-sync-status":{"updates":0,"checkpoint-count":0,"alert-count":0,"alert-snapshot-count":0,"alert-version":0}}]}`;

/** observed-v2.10.4.md "Was connected, then the MQTT endpoint refused (first block online, second after)": `/api/v3/info` agents[0].cloud, verbatim. */
export const V2_MQTT_GONE_ONLINE_CLOUD = String.raw`{
 "id": 1,
 "status": "online",
 "since": 1795460402,
 "age": 4,
 "claim_id": "83222141-5cae-4a3e-8866-feae6eb82699",
 "url": "https://cloud.test:43003",
 "reason": ""
}`;

/** observed-v2.10.4.md "Was connected, then the MQTT endpoint refused (first block online, second after)": `netdatacli aclk-state json`, verbatim. */
export const V2_MQTT_GONE_ONLINE_ACLK_JSON = String.raw`{"aclk-available":true,"aclk-version":2,"protocols-supported":["Protobuf"],"agent-claimed":true,"claimed-id":"83222141-5cae-4a3e-8866-feae6eb82699","cloud-url":"https:\/\/cloud.test:43003","aclk_proxy":"none","publish_latency_us":698,"online":true,"used-cloud-protocol":"Protobuf","mqtt-version":5,"received-app-layer-msgs":2,"received-mqtt-pubacks":2,"pending-mqtt-pubacks":0,"reconnect-count":0,"last-connect-time-utc":"2026-11-23 19:00:02","last-connect-time-puback-utc":null,"last-disconnect-time-utc":null,"next-connection-attempt-utc":null,"last-backoff-value":null,"banned-by-cloud":false,"node-instances":[{"hostname":"vm","mguid":"49a353ec-9669-4356-bb05-7493b62fd6c5","claimed_id":"83222141-5cae-4a3e-8866-feae6eb82699","node-id":"e381aa76-a5c7-42a3-8073-6a962a144df3","streaming-hops":0,"relationship":"self","streaming-online":true,"alert-sync-status":{"updates":0,"checkpoint-count":0,"alert-count":0,"alert-snapshot-count":0,"alert-version":0}}]}`;

/** observed-v2.10.4.md "Was connected, then the MQTT endpoint refused (first block online, second after)": `/api/v3/info` agents[0].cloud, verbatim. */
export const V2_MQTT_GONE_OFFLINE_CLOUD = String.raw`{
 "id": 1,
 "status": "offline",
 "since": 1795460406,
 "age": 3,
 "claim_id": "83222141-5cae-4a3e-8866-feae6eb82699",
 "url": "https://cloud.test:43003",
 "reason": "disconnected, socket error",
 "next_check": 1795460410,
 "next_in": 1
}`;

/** observed-v2.10.4.md "Was connected, then the MQTT endpoint refused (first block online, second after)": `netdatacli aclk-state json`, verbatim. */
export const V2_MQTT_GONE_OFFLINE_ACLK_JSON = String.raw`{"aclk-available":true,"aclk-version":2,"protocols-supported":["Protobuf"],"agent-claimed":true,"claimed-id":"83222141-5cae-4a3e-8866-feae6eb82699","cloud-url":"https:\/\/cloud.test:43003","aclk_proxy":"none","publish_latency_us":698,"online":false,"used-cloud-protocol":"Protobuf","mqtt-version":5,"received-app-layer-msgs":2,"received-mqtt-pubacks":2,"pending-mqtt-pubacks":0,"reconnect-count":0,"last-connect-time-utc":"2026-11-23 19:00:02","last-connect-time-puback-utc":null,"last-disconnect-time-utc":"2026-11-23 19:00:06","next-connection-attempt-utc":"2026-11-23 19:00:10","last-backoff-value":2.1840000152587891,"banned-by-cloud":false,"node-instances":[{"hostname":"vm","mguid":"49a353ec-9669-4356-bb05-7493b62fd6c5","claimed_id":"83222141-5cae-4a3e-8866-feae6eb82699","node-id":"e381aa76-a5c7-42a3-8073-6a962a144df3","streaming-hops":0,"relationship":"self","streaming-online":true,"alert-sync-status":{"updates":0,"checkpoint-count":0,"alert-count":0,"alert-snapshot-count":0,"alert-version":0}}]}`;

/** observed-v2.10.4.md "Was connected, then the whole Cloud refused (first block online, second after)": `/api/v3/info` agents[0].cloud, verbatim. */
export const V2_CLOUD_GONE_ONLINE_CLOUD = String.raw`{
 "id": 1,
 "status": "online",
 "since": 1795460414,
 "age": 4,
 "claim_id": "7e6c4c36-acb4-440f-af22-d9b2b4dc34b1",
 "url": "https://cloud.test:56293",
 "reason": ""
}`;

/** observed-v2.10.4.md "Was connected, then the whole Cloud refused (first block online, second after)": `netdatacli aclk-state json`, verbatim. */
export const V2_CLOUD_GONE_ONLINE_ACLK_JSON = String.raw`{"aclk-available":true,"aclk-version":2,"protocols-supported":["Protobuf"],"agent-claimed":true,"claimed-id":"7e6c4c36-acb4-440f-af22-d9b2b4dc34b1","cloud-url":"https:\/\/cloud.test:56293","aclk_proxy":"none","publish_latency_us":982,"online":true,"used-cloud-protocol":"Protobuf","mqtt-version":5,"received-app-layer-msgs":2,"received-mqtt-pubacks":2,"pending-mqtt-pubacks":0,"reconnect-count":0,"last-connect-time-utc":"2026-11-23 19:00:14","last-connect-time-puback-utc":null,"last-disconnect-time-utc":null,"next-connection-attempt-utc":null,"last-backoff-value":null,"banned-by-cloud":false,"node-instances":[{"hostname":"vm","mguid":"2641dc58-5550-44a8-bd0e-30e7fff2c15e","claimed_id":"7e6c4c36-acb4-440f-af22-d9b2b4dc34b1","node-id":"50e14791-94f3-4cbd-b6d8-853458dafe14","streaming-hops":0,"relationship":"self","streaming-online":true,"alert-sync-status":{"updates":0,"checkpoint-count":0,"alert-count":0,"alert-snapshot-count":0,"alert-version":0}}]}`;

/** observed-v2.10.4.md "Was connected, then the whole Cloud refused (first block online, second after)": `/api/v3/info` agents[0].cloud, verbatim. */
export const V2_CLOUD_GONE_OFFLINE_CLOUD = String.raw`{
 "id": 1,
 "status": "offline",
 "since": 1795460418,
 "age": 4,
 "claim_id": "7e6c4c36-acb4-440f-af22-d9b2b4dc34b1",
 "url": "https://cloud.test:56293",
 "reason": "connection refused"
}`;

/** observed-v2.10.4.md "Was connected, then the whole Cloud refused (first block online, second after)": `netdatacli aclk-state json`, verbatim. */
export const V2_CLOUD_GONE_OFFLINE_ACLK_JSON = String.raw`{"aclk-available":true,"aclk-version":2,"protocols-supported":["Protobuf"],"agent-claimed":true,"claimed-id":"7e6c4c36-acb4-440f-af22-d9b2b4dc34b1","cloud-url":"https:\/\/cloud.test:56293","aclk_proxy":"none","publish_latency_us":982,"online":false,"used-cloud-protocol":"Protobuf","mqtt-version":5,"received-app-layer-msgs":2,"received-mqtt-pubacks":2,"pending-mqtt-pubacks":0,"reconnect-count":0,"last-connect-time-utc":"2026-11-23 19:00:14","last-connect-time-puback-utc":null,"last-disconnect-time-utc":"2026-11-23 19:00:18","next-connection-attempt-utc":"2026-11-23 19:00:22","last-backoff-value":2.0,"banned-by-cloud":false,"node-instances":[{"hostname":"vm","mguid":"2641dc58-5550-44a8-bd0e-30e7fff2c15e","claimed_id":"7e6c4c36-acb4-440f-af22-d9b2b4dc34b1","node-id":"50e14791-94f3-4cbd-b6d8-853458dafe14","streaming-hops":0,"relationship":"self","streaming-online":true,"alert-sync-status":{"updates":0,"checkpoint-count":0,"alert-count":0,"alert-snapshot-count":0,"alert-version":0}}]}`;

/** observed-v2.10.4.md "Claim rejected (403)": `/api/v3/info` agents[0].cloud, verbatim. */
export const V2_CLAIM_403_CLOUD = String.raw`{
 "id": 0,
 "status": "available",
 "since": 1795460410,
 "age": 2,
 "url": "https://app.netdata.cloud",
 "reason": "Failed: token is expired, not found, or invalid"
}`;

/** observed-v2.10.4.md "Claim rejected (403)": `netdatacli aclk-state json`, verbatim. */
export const V2_CLAIM_403_ACLK_JSON = String.raw`{"aclk-available":true,"aclk-version":2,"protocols-supported":["Protobuf"],"agent-claimed":false,"claimed-id":null,"cloud-url":"https:\/\/app.netdata.cloud","aclk_proxy":"none","publish_latency_us":0,"online":false,"used-cloud-protocol":"Protobuf","mqtt-version":5,"received-app-layer-msgs":0,"received-mqtt-pubacks":0,"pending-mqtt-pubacks":0,"reconnect-count":0,"last-connect-time-utc":null,"last-connect-time-puback-utc":null,"last-disconnect-time-utc":null,"next-connection-attempt-utc":null,"last-backoff-value":null,"banned-by-cloud":false,"node-instances":[{"hostname":"vm","mguid":"2eda9733-55d0-4e99-99a9-460619922435","claimed_id":null,"node-id":null,"streaming-hops":0,"relationship":"self","streaming-online":true,"alert-sync-status":{"updates":0,"checkpoint-count":0,"alert-count":0,"alert-snapshot-count":0,"alert-version":0}}]}`;

/** observed-v1.47.5.md "v1-live": `/api/v1/info` cloud keys, verbatim. */
export const V1_LIVE_INFO_V1_KEYS = String.raw`{
 "cloud-enabled": true,
 "cloud-available": true,
 "agent-claimed": true,
 "aclk-available": true
}`;

/** observed-v1.47.5.md "v1-live": `/api/v2/info` agents[0].cloud, verbatim. */
export const V1_LIVE_CLOUD = String.raw`{
 "id": 1,
 "status": "online",
 "since": 1795461328,
 "age": 2,
 "url": "https://cloud.test:58845",
 "claim_id": "0b5ed2d9-e879-4663-88fe-b8136ab6573e"
}`;

/** observed-v1.47.5.md "v1-live": `netdatacli aclk-state`, verbatim. */
export const V1_LIVE_ACLK_TEXT = String.raw`ACLK Available: Yes
ACLK Version: 2
Protocols Supported: Protobuf
Protocol Used: Protobuf
MQTT Version: 5
Claimed: Yes
Claimed Id: 0b5ed2d9-e879-4663-88fe-b8136ab6573e
Cloud URL: https://cloud.test:58845
Online: Yes
Reconnect count: 0
Banned By Cloud: No
Last Connection Time: 2026-11-23 19:15:28
Last Connection Time + 3 PUBACKs received: 2026-11-23 19:15:29
Received Cloud MQTT Messages: 2
MQTT Messages Confirmed by Remote Broker (PUBACKs): 3

> Node Instance for mGUID: "0b5ed2d9-e879-4663-88fe-b8136ab6573e" hostname "vm"
	Claimed ID: 0b5ed2d9-e879-4663-88fe-b8136ab6573e
	Node ID: f2c1c47a-e050-42d8-8a5c-d0aa5582b7a4
	Streaming Hops: 0
	Relationship: self
	Alert Streaming Status:
		Updates: 0
		Checkpoints: 0
		Alert count: 0
		Alert snapshot count: 0`;

/** observed-v1.47.5.md "v1-live": `netdatacli aclk-state json`, verbatim. */
export const V1_LIVE_ACLK_JSON = String.raw`{"aclk-available":true,"aclk-version":2,"protocols-supported":["Protobuf"],"agent-claimed":true,"claimed-id":"0b5ed2d9-e879-4663-88fe-b8136ab6573e","cloud-url":"https:\/\/cloud.test:58845","online":true,"used-cloud-protocol":"Protobuf","mqtt-version":5,"received-app-layer-msgs":2,"received-mqtt-pubacks":3,"reconnect-count":0,"last-connect-time-utc":"2026-11-23 19:15:28","last-connect-time-puback-utc":"2026-11-23 19:15:29","last-disconnect-time-utc":null,"next-connection-attempt-utc":null,"last-backoff-value":null,"banned-by-cloud":false,"node-instances":[{"hostname":"vm","mguid":"0b5ed2d9-e879-4663-88fe-b8136ab6573e","claimed_id":"0b5ed2d9-e879-4663-88fe-b8136ab6573e","node-id":"f2c1c47a-e050-42d8-8a5c-d0aa5582b7a4","streaming-hops":0,"relationship":"self","streaming-online":true,"alert-sync-status":{"updates":0,"checkpoint-count":0,"alert-count":0,"alert-snapshot-count":0}}]}`;

/** observed-v1.47.5.md "v1-live": cloud.d/cloud.conf, verbatim. */
export const V1_LIVE_CLOUD_CONF = String.raw`[global]
  enabled = yes
  cloud base url = https://cloud.test:58845


`;

/** observed-v1.47.5.md "v1-unseen (env 503)": `/api/v1/info` cloud keys, verbatim. */
export const V1_UNSEEN_INFO_V1_KEYS = String.raw`{
 "cloud-enabled": true,
 "cloud-available": true,
 "agent-claimed": true,
 "aclk-available": false
}`;

/** observed-v1.47.5.md "v1-unseen (env 503)": `/api/v2/info` agents[0].cloud, verbatim. */
export const V1_UNSEEN_CLOUD = String.raw`{
 "id": 0,
 "status": "offline",
 "since": 1795461332,
 "age": 5,
 "reason": "env_response_not_200",
 "url": "https://cloud.test:40173",
 "claim_id": "616d4a39-6af6-4ff3-977c-95ef94340101"
}`;

/** observed-v1.47.5.md "v1-unseen (env 503)": `netdatacli aclk-state`, verbatim. */
export const V1_UNSEEN_ACLK_TEXT = String.raw`ACLK Available: Yes
ACLK Version: 2
Protocols Supported: Protobuf
Protocol Used: Protobuf
MQTT Version: 5
Claimed: Yes
Claimed Id: 616d4a39-6af6-4ff3-977c-95ef94340101
Cloud URL: https://cloud.test:40173
Online: No
Reconnect count: 0
Banned By Cloud: No
Next Connection Attempt At: 2026-11-23 19:15:42
Last Backoff: 5.311`;

/** observed-v1.47.5.md "v1-unseen (env 503)": `netdatacli aclk-state json`, verbatim. */
export const V1_UNSEEN_ACLK_JSON = String.raw`{"aclk-available":true,"aclk-version":2,"protocols-supported":["Protobuf"],"agent-claimed":true,"claimed-id":"616d4a39-6af6-4ff3-977c-95ef94340101","cloud-url":"https:\/\/cloud.test:40173","online":false,"used-cloud-protocol":"Protobuf","mqtt-version":5,"received-app-layer-msgs":0,"received-mqtt-pubacks":0,"reconnect-count":0,"last-connect-time-utc":null,"last-connect-time-puback-utc":null,"last-disconnect-time-utc":null,"next-connection-attempt-utc":"2026-11-23 19:15:42","last-backoff-value":5.310999870300293,"banned-by-cloud":false,"node-instances":[{"hostname":"vm","mguid":"616d4a39-6af6-4ff3-977c-95ef94340101","claimed_id":"616d4a39-6af6-4ff3-977c-95ef94340101","node-id":null,"streaming-hops":0,"relationship":"self","streaming-online":true,"alert-sync-status":{}}]}`;

/** observed-v1.47.5.md "v1-unseen (env 503)": cloud.d/cloud.conf, verbatim. */
export const V1_UNSEEN_CLOUD_CONF = String.raw`[global]
  enabled = yes
  cloud base url = https://cloud.test:40173


`;

/** observed-v1.47.5.md "v1-banned (env 403, errorNonRetryable)": `/api/v1/info` cloud keys, verbatim. */
export const V1_BANNED_INFO_V1_KEYS = String.raw`{
 "cloud-enabled": true,
 "cloud-available": true,
 "agent-claimed": true,
 "aclk-available": false
}`;

/** observed-v1.47.5.md "v1-banned (env 403, errorNonRetryable)": `/api/v2/info` agents[0].cloud, verbatim. */
export const V1_BANNED_CLOUD = String.raw`{
 "id": 0,
 "status": "banned",
 "since": 1795461339,
 "age": 1,
 "reason": "banned",
 "url": "https://cloud.test:51869",
 "claim_id": "b5803ba8-470d-4056-ba89-079fa06c35e2"
}`;

/** observed-v1.47.5.md "v1-banned (env 403, errorNonRetryable)": `netdatacli aclk-state`, verbatim. */
export const V1_BANNED_ACLK_TEXT = String.raw`ACLK Available: Yes
ACLK Version: 2
Protocols Supported: Protobuf
Protocol Used: Protobuf
MQTT Version: 5
Claimed: Yes
Claimed Id: b5803ba8-470d-4056-ba89-079fa06c35e2
Cloud URL: https://cloud.test:51869
Online: No
Reconnect count: 0
Banned By Cloud: Yes
Next Connection Attempt At: 2026-11-23 19:16:39
Last Backoff: 60.000`;

/** observed-v1.47.5.md "v1-banned (env 403, errorNonRetryable)": `netdatacli aclk-state json`, verbatim. */
export const V1_BANNED_ACLK_JSON = String.raw`{"aclk-available":true,"aclk-version":2,"protocols-supported":["Protobuf"],"agent-claimed":true,"claimed-id":"b5803ba8-470d-4056-ba89-079fa06c35e2","cloud-url":"https:\/\/cloud.test:51869","online":false,"used-cloud-protocol":"Protobuf","mqtt-version":5,"received-app-layer-msgs":0,"received-mqtt-pubacks":0,"reconnect-count":0,"last-connect-time-utc":null,"last-connect-time-puback-utc":null,"last-disconnect-time-utc":null,"next-connection-attempt-utc":"2026-11-23 19:16:39","last-backoff-value":60.0,"banned-by-cloud":true,"node-instances":[{"hostname":"vm","mguid":"b5803ba8-470d-4056-ba89-079fa06c35e2","claimed_id":"b5803ba8-470d-4056-ba89-079fa06c35e2","node-id":null,"streaming-hops":0,"relationship":"self","streaming-online":true,"alert-sync-status":{}}]}`;

/** observed-v1.47.5.md "v1-banned (env 403, errorNonRetryable)": cloud.d/cloud.conf, verbatim. */
export const V1_BANNED_CLOUD_CONF = String.raw`[global]
  enabled = yes
  cloud base url = https://cloud.test:51869


`;

/** Per scenario: agents[0].nd as recorded, the machine GUID (from the recorded node-instances), version, api. */
export const RECORDED_META = {
  V2_ONLINE: { nd: '91632e1f-53d9-4c45-ae79-6315e13aa462', mg: '47dc708d-cb1d-4f8f-ba5b-6c311cbd5130', version: 'v2.10.4', api: 3 },
  V2_UNSEEN: { nd: null, mg: 'd34f7ab6-aaae-43d6-a737-00eb9b1234ce', version: 'v2.10.4', api: 3 },
  V2_BANNED: { nd: null, mg: '477453dc-456b-43d9-be27-d010a4a2ff7d', version: 'v2.10.4', api: 3 },
  V2_MQTT_GONE_ONLINE: {
    nd: 'e381aa76-a5c7-42a3-8073-6a962a144df3',
    mg: '49a353ec-9669-4356-bb05-7493b62fd6c5',
    version: 'v2.10.4',
    api: 3,
  },
  V2_MQTT_GONE_OFFLINE: {
    nd: 'e381aa76-a5c7-42a3-8073-6a962a144df3',
    mg: '49a353ec-9669-4356-bb05-7493b62fd6c5',
    version: 'v2.10.4',
    api: 3,
  },
  V2_CLOUD_GONE_ONLINE: {
    nd: '50e14791-94f3-4cbd-b6d8-853458dafe14',
    mg: '2641dc58-5550-44a8-bd0e-30e7fff2c15e',
    version: 'v2.10.4',
    api: 3,
  },
  V2_CLOUD_GONE_OFFLINE: {
    nd: '50e14791-94f3-4cbd-b6d8-853458dafe14',
    mg: '2641dc58-5550-44a8-bd0e-30e7fff2c15e',
    version: 'v2.10.4',
    api: 3,
  },
  V2_CLAIM_403: { nd: null, mg: '2eda9733-55d0-4e99-99a9-460619922435', version: 'v2.10.4', api: 3 },
  V1_LIVE: { nd: 'f2c1c47a-e050-42d8-8a5c-d0aa5582b7a4', mg: '0b5ed2d9-e879-4663-88fe-b8136ab6573e', version: 'v1.47.5', api: 2 },
  V1_UNSEEN: { nd: null, mg: '616d4a39-6af6-4ff3-977c-95ef94340101', version: 'v1.47.5', api: 2 },
  V1_BANNED: { nd: null, mg: 'b5803ba8-470d-4056-ba89-079fa06c35e2', version: 'v1.47.5', api: 2 },
} as const;
