#!/usr/bin/env node
// Writes answers/constructed/**: the answers of states nobody recorded, each derived from the closest RECORDED
// answer by the edits listed here (and in README.md), so that everything except the documented difference stays
// byte-identical to a real agent's output. Run after extract.mjs:
//   node test/testbed/fake-agent/answers/construct.mjs
// Every value changed here comes from netdata-facts.md (or observed-streaming-and-proxy.md's summary table),
// NOT from a recording: these answers are marked "constructed" wherever the fake serves them.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const rec = (p) => readFileSync(path.join(here, 'recorded', p), 'utf8');
const out = path.join(here, 'constructed');

function edit(text, from, to) {
  if (!text.includes(from)) throw new Error(`construct: "${from}" not found`);
  return text.split(from).join(to);
}
function put(dir, files) {
  mkdirSync(path.join(out, dir), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(out, dir, name), text);
}
/** Replaces the line of `key` in a recorded multi-line cloud object. */
function line(text, key, value) {
  const re = new RegExp(`^ "${key}": .*?(,?)$`, 'm');
  if (!re.test(text)) throw new Error(`construct: no "${key}" line`);
  return text.replace(re, (_m, comma) => ` "${key}": ${value}${comma}`);
}
/** Inserts lines after the line of `key`. */
function insertAfter(text, key, lines) {
  const re = new RegExp(`^( "${key}": .*?)(,?)$`, 'm');
  return text.replace(re, (_m, l, comma) => `${l},\n${lines.join(',\n')}${comma}`);
}
function removeLine(text, key) {
  const re = new RegExp(`^ "${key}": .*\\n`, 'm');
  if (!re.test(text)) throw new Error(`construct: no "${key}" line`);
  const t = text.replace(re, '');
  return t.replace(/,\n}$/, '\n}');
}

rmSync(out, { recursive: true, force: true });

// ------------------------------------------------------------------------------------------------ v2.10.4
{
  // offline-was-connected@cannot-resolve / @tls-verify: the recorded "whole Cloud refused" answer with the
  // reason string of the other socket/TLS failure (facts §4.4 v2.3+ reason lists).
  const base = 'v2.10.4/cloud-refused-2-connection-refused/';
  for (const [dir, reason] of [
    ['was-connected-cannot-resolve', 'cannot resolve hostname'],
    ['was-connected-tls-verify', 'TLS certificate verification failed'],
  ]) {
    put(`v2.10.4/${dir}`, {
      'cloud.json': line(rec(`${base}cloud.json`), 'reason', JSON.stringify(reason)),
      'nd.json': rec(`${base}nd.json`),
      'aclk-state.json': rec(`${base}aclk-state.json`),
    });
  }
  // blocked-temporarily: the recorded never-connected answer, reason "agent is blocked" (ACLK_STATUS_BLOCKED,
  // facts §4.4/§5.1), next attempt when the Cloud's errorRetryDelaySeconds (600 s here) has passed.
  const u = 'v2.10.4/unseen/';
  let cloud = line(rec(`${u}cloud.json`), 'reason', '"agent is blocked"');
  cloud = line(line(cloud, 'next_check', '1795460993'), 'next_in', '596');
  put('v2.10.4/blocked', {
    'cloud.json': cloud,
    'nd.json': rec(`${u}nd.json`),
    'aclk-state.json': edit(
      rec(`${u}aclk-state.json`),
      '"next-connection-attempt-utc":"2026-11-23 18:59:58"',
      '"next-connection-attempt-utc":"2026-11-23 19:09:53"',
    ),
  });
  // not-claimed / claim-failed@already-claimed / claim-failed@network: the recorded claim-403 answer with the
  // reason of that case (facts §2.4; the network reason text is quoted in observed-v2.10.4.md's notes and
  // observed-streaming-and-proxy.md "proxy-down").
  const c = 'v2.10.4/claim-403/';
  const reasons = {
    'not-claimed': 'Agent is not claimed yet',
    'claim-409': 'Failed: agent is already claimed',
    'claim-network':
      "Request failed with error: Couldn't connect to server\nproxy: 'env',\ninsecure: false,\npublic key file: '/var/lib/netdata/cloud.d/public.pem',\ntrusted key file: 'none'",
  };
  for (const [dir, reason] of Object.entries(reasons)) {
    put(`v2.10.4/${dir}`, {
      'cloud.json': line(rec(`${c}cloud.json`), 'reason', JSON.stringify(reason)),
      'nd.json': rec(`${c}nd.json`),
      'aclk-state.json': rec(`${c}aclk-state.json`),
    });
  }
  // indirect (a child streaming to an online parent): observed-streaming-and-proxy.md gives the shape and key
  // order but no verbatim body. From the recorded unclaimed (claim-403) answer: status indirect, claim_id and url
  // of the PARENT (here the recorded online agent's), reason "offline", nd = the node id the Cloud gave the
  // parent for this child (invented: 5b0e3f57-…); aclk-state: cloud-url = the parent's URL, the own node
  // instance carries the parent's claim id and the node id.
  const parentClaim = '0912a40b-832f-4bbc-bdbe-7e2a7321bc95';
  const parentUrl = 'https://cloud.test:35673';
  const childNode = '5b0e3f57-9c4a-4d2e-8f61-3a7d0c9e4b12';
  let ind = rec(`${c}cloud.json`);
  ind = line(ind, 'status', '"indirect"');
  ind = removeLine(ind, 'url');
  ind = removeLine(ind, 'reason');
  ind = insertAfter(ind, 'age', [` "claim_id": "${parentClaim}"`, ` "url": "${parentUrl}"`, ' "reason": "offline"']);
  let aclk = rec(`${c}aclk-state.json`);
  aclk = edit(aclk, '"cloud-url":"https:\\/\\/app.netdata.cloud"', `"cloud-url":"${parentUrl.replace(/\//g, '\\/')}"`);
  aclk = edit(aclk, '"claimed_id":null,"node-id":null', `"claimed_id":"${parentClaim}","node-id":"${childNode}"`);
  put('v2.10.4/indirect', { 'cloud.json': ind, 'nd.json': JSON.stringify(childNode), 'aclk-state.json': aclk });
}

// ------------------------------------------------------------------------------------------------ v1.47.5
{
  // offline-was-connected: the recorded v1-live answer, disconnected 5 s later. v1.47 has no readable
  // reasons: a failed /env contact is `env_endpoint_unreachable` (refused, unresolvable, TLS failure alike);
  // a dropped MQTT link with a working /env sets no new status, so the token stays `none` (src/aclk/aclk.c).
  const l = 'v1.47.5/live/';
  const variants = {
    'was-connected-socket-error': 'none',
    'was-connected-connection-refused': 'env_endpoint_unreachable',
    'was-connected-cannot-resolve': 'env_endpoint_unreachable',
    'was-connected-tls-verify': 'env_endpoint_unreachable',
  };
  for (const [dir, reason] of Object.entries(variants)) {
    let cloud = rec(`${l}cloud.json`);
    cloud = line(cloud, 'status', '"offline"');
    cloud = line(line(cloud, 'since', '1795461333'), 'age', '4');
    cloud = insertAfter(cloud, 'age', [` "reason": "${reason}"`, ' "next_check": 1795461339', ' "next_in": 2']);
    let aclk = rec(`${l}aclk-state.json`);
    aclk = edit(aclk, '"online":true', '"online":false');
    aclk = edit(
      aclk,
      '"last-disconnect-time-utc":null,"next-connection-attempt-utc":null,"last-backoff-value":null',
      '"last-disconnect-time-utc":"2026-11-23 19:15:33","next-connection-attempt-utc":"2026-11-23 19:15:39","last-backoff-value":2.0',
    );
    aclk = edit(
      aclk,
      '"alert-sync-status":{"updates":0,"checkpoint-count":0,"alert-count":0,"alert-snapshot-count":0}',
      '"alert-sync-status":{}',
    );
    put(`v1.47.5/${dir}`, {
      'cloud.json': cloud,
      'nd.json': rec(`${l}nd.json`),
      'aclk-state.json': aclk,
      'info-v1-cloud-keys.json': edit(rec(`${l}info-v1-cloud-keys.json`), '"aclk-available": true', '"aclk-available": false'),
      claimed_id: rec(`${l}claimed_id`),
      'cloud.conf': rec(`${l}cloud.conf`),
    });
  }
  // blocked-temporarily: the recorded v1-unseen answer with the v1 token `blocked`, next attempt in 600 s.
  const u = 'v1.47.5/unseen/';
  put('v1.47.5/blocked', {
    'cloud.json': insertAfter(line(rec(`${u}cloud.json`), 'reason', '"blocked"'), 'reason', [
      ' "next_check": 1795461937',
      ' "next_in": 600',
    ]),
    'nd.json': rec(`${u}nd.json`),
    'aclk-state.json': edit(
      rec(`${u}aclk-state.json`),
      '"next-connection-attempt-utc":"2026-11-23 19:15:42"',
      '"next-connection-attempt-utc":"2026-11-23 19:25:37"',
    ),
    'info-v1-cloud-keys.json': rec(`${u}info-v1-cloud-keys.json`),
    claimed_id: rec(`${u}claimed_id`),
    'cloud.conf': rec(`${u}cloud.conf`),
  });
  // unclaimed (not-claimed, and the streaming child "indirect", which v1.47.5 reports the same way):
  // observed-v1.47.5.md / observed-streaming-and-proxy.md give `available` / `none`, no url, no claim_id,
  // agent-claimed false, aclk-available false, cloud-url https://app.netdata.cloud, node-id null; from the
  // recorded unseen answer with those edits.
  let cloud = rec(`${u}cloud.json`);
  cloud = line(cloud, 'status', '"available"');
  cloud = line(cloud, 'reason', '"none"');
  cloud = removeLine(removeLine(cloud, 'claim_id'), 'url');
  let aclk = rec(`${u}aclk-state.json`);
  const guid = '616d4a39-6af6-4ff3-977c-95ef94340101';
  aclk = edit(
    aclk,
    `"agent-claimed":true,"claimed-id":"${guid}","cloud-url":"https:\\/\\/cloud.test:40173"`,
    '"agent-claimed":false,"claimed-id":null,"cloud-url":"https:\\/\\/app.netdata.cloud"',
  );
  aclk = edit(
    aclk,
    '"next-connection-attempt-utc":"2026-11-23 19:15:42","last-backoff-value":5.310999870300293',
    '"next-connection-attempt-utc":null,"last-backoff-value":null',
  );
  aclk = edit(aclk, `"claimed_id":"${guid}","node-id"`, '"claimed_id":null,"node-id"');
  const info = edit(rec(`${u}info-v1-cloud-keys.json`), '"agent-claimed": true', '"agent-claimed": false');
  for (const dir of ['not-claimed', 'indirect'])
    put(`v1.47.5/${dir}`, { 'cloud.json': cloud, 'nd.json': 'null', 'aclk-state.json': aclk, 'info-v1-cloud-keys.json': info });
  // cloud-disabled (NETDATA_DISABLE_CLOUD=1, v1.37-v1.47): status and reason `disabled` (facts §4.4),
  // cloud-enabled false; otherwise as unclaimed.
  put('v1.47.5/cloud-disabled', {
    'cloud.json': line(line(cloud, 'status', '"disabled"'), 'reason', '"disabled"'),
    'nd.json': 'null',
    'aclk-state.json': aclk,
    'info-v1-cloud-keys.json': edit(info, '"cloud-enabled": true', '"cloud-enabled": false'),
  });
}
console.log(`wrote ${out}`);
