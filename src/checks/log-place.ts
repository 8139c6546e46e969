// Where the agent's lines are when `docker logs` cannot hold them (src/agent/log-location.ts), for the
// log-based verdicts: they say where to read instead of "the logs name no reason".

import type { NodeView } from '../view/node-view.ts';
import { agentLogLocation, type LogLocation } from '../agent/log-location.ts';
import { ev } from './finding.ts';
import type { EvidenceItem } from './types.ts';

export type UnreadableLogs = Extract<LogLocation, { readable: false }>;

/**
 * The place of the agent's lines when `docker logs` does not have the ones a verdict needs: the daemon's own
 * lines (`daemonLines`), or only the entrypoint's (run.sh, the v1 claim script), which survive a `[logs]` setting.
 */
export function unreadableLogs(node: NodeView['node'], daemonLines: boolean): UnreadableLogs | undefined {
  const c = node.container;
  const location = agentLogLocation({
    ...(c.logConfig ? { logConfig: c.logConfig } : {}),
    ...(node.files.netdataConf?.ok ? { netdataConf: node.files.netdataConf.value } : {}),
    mounts: c.mounts,
    containerName: c.name,
  });
  if (location.readable) return undefined;
  return daemonLines || !location.entrypointReadable ? location : undefined;
}

/** Evidence and the reading hint of unreadable logs. */
export function unreadableEvidence(where: UnreadableLogs): Record<string, EvidenceItem> {
  return { logsAt: ev(where.where, where.why), ...(where.readWith ? { readWith: ev(where.readWith, 'where the lines are') } : {}) };
}

/** "Read them with …" or "Read them there", one sentence. */
export const readThem = (where: UnreadableLogs): string =>
  where.readWith ? `Read the agent's lines with: ${where.readWith}.` : `Read the agent's lines in ${where.where}.`;
