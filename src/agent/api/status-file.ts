// /var/lib/netdata/status-netdata.json (v2.3+, facts §3; src/daemon/status-file.c):
//   {"@timestamp": RFC 3339, "version": <file schema>, "agent": {"id": <machine GUID>, ["since": RFC 3339, v24+],
//    "ephemeral_id", "version": <agent version>, "uptime": s, "node_id", "claim_id", "restarts", ["crashes"],
//    ["posts", "aclk": <cloud status>, v22+ = agent v2.4+], "profile", "status", "exit_reason", "install_type", …},
//    "host": …, "os": …, "fatal": …}
// Files with schema < 18 name the agent keys `ND_node_id`, `ND_claim_id`, `ND_status`, `ND_exit_reason`,
// `ND_restarts`. A zero or null UUID means "none". The file describes the run that last wrote it, which may be a
// previous run: compare `daemon.startedAt` with the container's StartedAt before trusting it over older evidence.

import {
  CLOUD_STATUSES,
  DAEMON_STATUSES,
  impliedByStatus,
  parseError,
  type AgentCloudView,
  type CloudViewResult,
  type DaemonRecord,
} from './cloud-status.ts';
import { count, guarded, idOrNull, isRecord, nonEmpty, parseJsonObject, prop, prune, rfc3339, type JsonObject } from './coerce.ts';

const SOURCE = 'status-file';

/** The agent key under its current name, else its pre-v18 `ND_` name. */
const agentKey = (agent: JsonObject, key: string): unknown => (Object.hasOwn(agent, key) ? prop(agent, key) : prop(agent, `ND_${key}`));

function exitReasons(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value
    .slice(0, 64)
    .filter((v): v is string => typeof v === 'string' && v.length > 0)
    .map((v) => v.slice(0, 128));
}

export function parseStatusFile(text: string): CloudViewResult {
  return guarded(SOURCE, () => {
    const parsed = parseJsonObject(text, SOURCE);
    if ('error' in parsed) return parsed.error;
    const body = parsed.object;
    const agent = prop(body, 'agent');
    if (!isRecord(agent)) return parseError(SOURCE, 'no "agent" object');

    const writtenAt = rfc3339(prop(body, '@timestamp'));
    const uptime = count(prop(agent, 'uptime'));
    const startedAt = writtenAt && uptime !== undefined ? new Date(writtenAt.getTime() - uptime * 1000) : undefined;
    const rawStatus = nonEmpty(agentKey(agent, 'status'), 32)?.toLowerCase();
    const daemon: DaemonRecord = prune({
      status: DAEMON_STATUSES.find((s) => s === rawStatus),
      writtenAt,
      uptimeSeconds: uptime,
      startedAt: startedAt && !Number.isNaN(startedAt.getTime()) ? startedAt : undefined,
      restarts: count(agentKey(agent, 'restarts')),
      crashes: count(prop(agent, 'crashes')),
      exitReason: exitReasons(agentKey(agent, 'exit_reason')),
      machineGuidSince: rfc3339(prop(agent, 'since')),
      fileVersion: count(prop(body, 'version')),
    });

    const claimId = idOrNull(agentKey(agent, 'claim_id'));
    const rawAclk = nonEmpty(prop(agent, 'aclk'), 64)?.toLowerCase();
    const status = CLOUD_STATUSES.find((s) => s === rawAclk);
    const view: AgentCloudView = {
      kind: 'cloud-view',
      source: SOURCE,
      version: nonEmpty(prop(agent, 'version'), 64),
      machineGuid: idOrNull(prop(agent, 'id')) ?? undefined,
      nodeId: idOrNull(agentKey(agent, 'node_id')),
      claimId,
      status,
      unknownStatus: status ? undefined : rawAclk,
      daemon,
    };
    const implied = status ? impliedByStatus(status, typeof claimId === 'string') : {};
    Object.assign(view, implied);
    // The file records the agent's own claim id (claim_id_get): without a status that says, it is the claim state.
    view.claimed ??= claimId === undefined ? undefined : claimId !== null;
    return prune(view);
  });
}
