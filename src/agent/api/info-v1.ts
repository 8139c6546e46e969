// GET /api/v1/info (all versions, facts §4.3). Cloud keys: `cloud-enabled`, `cloud-available` (built with
// ACLK), `agent-claimed`, `aclk-available` — which here means CONNECTED (`aclk_connected` / `aclk_online()`),
// not "supported". v2 hard-codes `cloud-enabled` and `cloud-available` to true. Also `version` (first key) and
// `uid` (machine GUID). The agent answers 503 with a non-JSON body until it is ready: that is a ParseError.

import { parseError, type AgentCloudView, type CloudViewResult } from './cloud-status.ts';
import { bool, guarded, hasAnyKey, idOrNull, nonEmpty, parseJsonObject, prop, prune } from './coerce.ts';

const SOURCE = 'api-v1-info';
const KNOWN = ['version', 'uid', 'cloud-enabled', 'cloud-available', 'agent-claimed', 'aclk-available'] as const;

export function parseInfoV1(text: string): CloudViewResult {
  return guarded(SOURCE, () => {
    const parsed = parseJsonObject(text, SOURCE);
    if ('error' in parsed) return parsed.error;
    const body = parsed.object;
    if (!hasAnyKey(body, KNOWN)) return parseError(SOURCE, 'none of the /api/v1/info keys (version, uid, agent-claimed, aclk-available)');
    const view: AgentCloudView = {
      kind: 'cloud-view',
      source: SOURCE,
      version: nonEmpty(prop(body, 'version'), 64),
      machineGuid: idOrNull(prop(body, 'uid')) ?? undefined,
      cloudEnabled: bool(prop(body, 'cloud-enabled')),
      cloudAvailable: bool(prop(body, 'cloud-available')),
      claimed: bool(prop(body, 'agent-claimed')),
      online: bool(prop(body, 'aclk-available')),
    };
    return prune(view);
  });
}
