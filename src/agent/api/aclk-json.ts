// `netdatacli aclk-state json` and GET /api/v1/aclk (the same aclk_state_json(), facts §4.2).
//   v1.32 Legacy: aclk-available, aclk-implementation "Legacy", agent-claimed, claimed-id, online.
//   v1.32/v1.33 NG: + new-cloud-protocol-supported, used-cloud-protocol ("New"/"Legacy").
//   v1.34 → master: aclk-available (built with ACLK, NOT "connected" as in /api/v1/info), aclk-version,
//     protocols-supported, agent-claimed, claimed-id, cloud-url, online, used-cloud-protocol, mqtt-version (v1.35+),
//     received-*, reconnect-count, last-connect-time-utc, last-connect-time-puback-utc, last-disconnect-time-utc,
//     next-connection-attempt-utc ("YYYY-MM-DD HH:MM:SS" UTC or null), last-backoff-value, banned-by-cloud,
//     node-instances[{hostname, mguid, claimed_id, node-id, streaming-hops, relationship, streaming-online, …}].
//   v2.7+: aclk_proxy, publish_latency_us, pending-mqtt-pubacks (+ more on master).

import { parseError, type AgentCloudView, type CloudViewResult } from './cloud-status.ts';
import {
  bool,
  count,
  guarded,
  hasAnyKey,
  idOrNull,
  isRecord,
  nonEmpty,
  parseJsonObject,
  prop,
  prune,
  seconds,
  utcDateTime,
} from './coerce.ts';
import { applyNodeInstances, MAX_CHILDREN, type RawNodeInstance } from './node-instances.ts';

export type AclkJsonSource = 'aclk-state-json' | 'api-v1-aclk';

const KNOWN = ['aclk-available', 'agent-claimed', 'online', 'claimed-id', 'banned-by-cloud', 'cloud-url', 'node-instances'] as const;

function cloudUrl(value: unknown): string | null | undefined {
  if (value === null) return null;
  const s = nonEmpty(value);
  if (s === undefined) return typeof value === 'string' ? null : undefined;
  return s.toLowerCase() === 'null' ? null : s;
}

function nodeInstances(value: unknown): RawNodeInstance[] {
  if (!Array.isArray(value)) return [];
  const out: RawNodeInstance[] = [];
  // Bounded: one self plus at most MAX_CHILDREN children are ever used.
  for (const item of value.slice(0, MAX_CHILDREN + 1)) {
    if (!isRecord(item)) continue;
    out.push({
      hostname: nonEmpty(prop(item, 'hostname'), 256),
      machineGuid: idOrNull(prop(item, 'mguid')) ?? undefined,
      claimId: idOrNull(prop(item, 'claimed_id')),
      nodeId: idOrNull(prop(item, 'node-id')),
      hops: count(prop(item, 'streaming-hops')),
      relationship: nonEmpty(prop(item, 'relationship'), 32)?.toLowerCase(),
      online: bool(prop(item, 'streaming-online')),
    });
  }
  return out;
}

export function parseAclkJson(text: string, source: AclkJsonSource = 'aclk-state-json'): CloudViewResult {
  return guarded(source, () => {
    const parsed = parseJsonObject(text, source);
    if ('error' in parsed) return parsed.error;
    const body = parsed.object;
    if (!hasAnyKey(body, KNOWN)) return parseError(source, 'none of the aclk-state keys (aclk-available, agent-claimed, online)');

    const claimed = bool(prop(body, 'agent-claimed'));
    let claimId = idOrNull(prop(body, 'claimed-id'));
    if (claimed === false && claimId === undefined) claimId = null;
    const view: AgentCloudView = {
      kind: 'cloud-view',
      source,
      cloudAvailable: bool(prop(body, 'aclk-available')),
      claimed,
      claimId,
      online: bool(prop(body, 'online')),
      banned: bool(prop(body, 'banned-by-cloud')),
      cloudUrl: cloudUrl(prop(body, 'cloud-url')),
      reconnectCount: count(prop(body, 'reconnect-count')),
      lastBackoffSeconds: seconds(prop(body, 'last-backoff-value')),
      nextCheck: utcDateTime(prop(body, 'next-connection-attempt-utc')),
      lastConnectedAt: utcDateTime(prop(body, 'last-connect-time-utc')),
      lastDisconnectedAt: utcDateTime(prop(body, 'last-disconnect-time-utc')),
      aclkProxy: nonEmpty(prop(body, 'aclk_proxy'), 1024),
    };
    applyNodeInstances(view, nodeInstances(prop(body, 'node-instances')));
    return prune(view);
  });
}
