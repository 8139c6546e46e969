// GET /api/v2/info (v1.41+) and GET /api/v3/info (v2.0+): `agents[0]` with `mg` (machine GUID), `nd` (node id
// or null), `nm` (hostname), `application.package.version` and the `cloud` object (facts §4.4):
//   {"id":<connections>, "status", "since", "age", ["claim_id"], ["url"], ["reason"], ["next_check", "next_in"]}
// v1.41–v1.47 status: unavailable|available|disabled|banned|offline|online, snake_case reasons, no `reason` when
// online, no `url`/`claim_id` while unclaimed. v2: online|indirect|available|banned|offline, `reason` "" when
// online, sentences from v2.3. The v2 `banned` object carries `url` twice (ACLK URL, then configured URL):
// JSON.parse keeps the last, which is what we report.

import { CLOUD_STATUSES, impliedByStatus, parseError, type AgentCloudView, type CloudViewResult } from './cloud-status.ts';
import {
  count,
  epochSeconds,
  guarded,
  idOrNull,
  isRecord,
  nonEmpty,
  parseJsonObject,
  prop,
  prune,
  seconds,
  text as asText,
  type JsonObject,
} from './coerce.ts';

export type InfoSource = 'api-v2-info' | 'api-v3-info';

function agentObject(body: JsonObject): JsonObject | undefined {
  const agents = prop(body, 'agents');
  if (Array.isArray(agents) && isRecord(agents[0])) return agents[0];
  // Some callers of buffer_json_agents_v2 write a single `agent` object instead of the `agents` array.
  const agent = prop(body, 'agent');
  return isRecord(agent) ? agent : undefined;
}

function urlOrNull(value: unknown): string | null | undefined {
  if (value === null) return null;
  const s = asText(value);
  if (s === undefined) return undefined;
  return s.trim() === '' ? null : s.trim();
}

export function parseInfoV2V3(text: string, source?: InfoSource): CloudViewResult {
  const fallback: InfoSource = source ?? 'api-v3-info';
  return guarded(fallback, () => {
    const parsed = parseJsonObject(text, fallback);
    if ('error' in parsed) return parsed.error;
    const body = parsed.object;
    const src: InfoSource = source ?? (prop(body, 'api') === 2 ? 'api-v2-info' : 'api-v3-info');
    const agent = agentObject(body);
    if (!agent) return parseError(src, 'no agents[0] object');

    const view: AgentCloudView = {
      kind: 'cloud-view',
      source: src,
      machineGuid: idOrNull(prop(agent, 'mg')) ?? undefined,
      nodeId: idOrNull(prop(agent, 'nd')),
      hostname: nonEmpty(prop(agent, 'nm'), 256),
      version: nonEmpty(prop(prop(prop(agent, 'application'), 'package'), 'version'), 64),
    };

    const cloud = prop(agent, 'cloud');
    if (isRecord(cloud)) {
      const rawStatus = nonEmpty(prop(cloud, 'status'), 64)?.toLowerCase();
      const status = CLOUD_STATUSES.find((s) => s === rawStatus);
      const claimId = idOrNull(prop(cloud, 'claim_id'));
      if (status) {
        view.status = status;
        Object.assign(view, impliedByStatus(status, typeof claimId === 'string'));
        if (status === 'indirect') {
          // The info APIs report the parent's claim id for an indirect child (rrdhost_claim_id_get).
          if (typeof claimId === 'string') view.parentClaimId = claimId;
        } else if (status === 'available') {
          view.claimId = null;
        } else if (claimId !== undefined) {
          view.claimId = claimId;
        } else if (status === 'disabled' || status === 'unavailable') {
          view.claimId = null;
        }
      } else {
        if (rawStatus) view.unknownStatus = rawStatus;
        if (claimId !== undefined) view.claimId = claimId;
      }
      view.cloudUrl = urlOrNull(prop(cloud, 'url'));
      view.reason = nonEmpty(prop(cloud, 'reason'));
      view.connectionCount = count(prop(cloud, 'id'));
      view.since = epochSeconds(prop(cloud, 'since'));
      view.nextCheck = epochSeconds(prop(cloud, 'next_check'));
      view.nextInSeconds = seconds(prop(cloud, 'next_in'));
    }
    return prune(view);
  });
}
