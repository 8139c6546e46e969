// What the agent says about its Cloud connection, merged over every source by the precedence of
// CONTRACT §3: the live agent API or exec (this run) > status-netdata.json whose start matches this run >
// this run's logs > persisted files. Each field keeps the source it came from, and disagreements are kept
// so a finding can show them. Pure.

import type { NodeFacts } from '../facts/types.ts';
import {
  isParseError,
  parseAclkJson,
  parseInfoV1,
  parseInfoV2V3,
  parseStatusFile,
  type AgentCloudView,
  type CloudChild,
  type CloudStatus,
} from './api/index.ts';
import { aclkStateFromLogs } from './logs.ts';

export interface CloudReading {
  /** Views in precedence order, each labelled with where it came from. */
  views: { view: AgentCloudView; from: string }[];
  status?: Field<CloudStatus>;
  claimed?: Field<boolean>;
  online?: Field<boolean>;
  banned?: Field<boolean>;
  claimId?: Field<string | null>;
  nodeId?: Field<string | null>;
  reason?: Field<string>;
  nextCheck?: Field<Date>;
  reconnectCount?: Field<number>;
  cloudEnabled?: Field<boolean>;
  cloudAvailable?: Field<boolean>;
  cloudUrl?: Field<string | null>;
  children?: Field<CloudChild[]>;
  /** "via network x: /api/v3/info", or undefined when no live source answered. */
  apiSource?: string;
  /** A later (lower-precedence) source said otherwise: "online: api-v3-info says true, logs say false". */
  disagreements: string[];
}

export interface Field<T> {
  value: T;
  from: string;
}

type MergeKey =
  | 'status'
  | 'claimed'
  | 'online'
  | 'banned'
  | 'claimId'
  | 'nodeId'
  | 'reason'
  | 'nextCheck'
  | 'reconnectCount'
  | 'cloudEnabled'
  | 'cloudAvailable'
  | 'cloudUrl'
  | 'children';
const MERGED: readonly MergeKey[] = [
  'status',
  'claimed',
  'online',
  'banned',
  'claimId',
  'nodeId',
  'reason',
  'nextCheck',
  'reconnectCount',
  'cloudEnabled',
  'cloudAvailable',
  'cloudUrl',
  'children',
];
/** Fields whose disagreement is worth showing to a user. */
const COMPARED: readonly MergeKey[] = ['status', 'claimed', 'online', 'banned', 'nodeId'];

/** status-netdata.json counts only when it was written by the container's current run. */
const SAME_RUN_TOLERANCE_MS = 120_000;

function apiViews(node: NodeFacts): { view: AgentCloudView; from: string }[] {
  const out: { view: AgentCloudView; from: string }[] = [];
  const via = node.api?.via ? ` via ${node.api.via}` : '';
  const answer = (path: string) => {
    const a = node.api?.answers[path];
    return a?.ok && a.value.status === 200 ? a.value.body : undefined;
  };
  const add = (path: string, parse: (text: string) => ReturnType<typeof parseInfoV1>) => {
    const body = answer(path);
    if (body === undefined) return;
    const view = parse(body);
    if (!isParseError(view)) out.push({ view, from: `agent API ${path}${via}` });
  };
  add('/api/v3/info', (t) => parseInfoV2V3(t, 'api-v3-info'));
  add('/api/v2/info', (t) => parseInfoV2V3(t, 'api-v2-info'));
  if (node.exec.aclkState?.ok) {
    const view = parseAclkJson(node.exec.aclkState.value, 'aclk-state-json');
    if (!isParseError(view)) out.push({ view, from: 'exec: netdatacli aclk-state json' });
  }
  add('/api/v1/aclk', (t) => parseAclkJson(t, 'api-v1-aclk'));
  add('/api/v1/info', parseInfoV1);
  return out;
}

function statusFileView(node: NodeFacts): { view: AgentCloudView; from: string } | undefined {
  if (!node.files.statusFile.ok) return undefined;
  const view = parseStatusFile(node.files.statusFile.value);
  if (isParseError(view)) return undefined;
  const started = view.daemon?.startedAt?.getTime();
  const containerStart = node.container.startedAt?.getTime();
  const sameRun = started !== undefined && containerStart !== undefined && Math.abs(started - containerStart) <= SAME_RUN_TOLERANCE_MS;
  return sameRun ? { view, from: 'status-netdata.json (this run)' } : undefined;
}

export function readCloud(node: NodeFacts): CloudReading {
  const views = apiViews(node);
  // Name how the API was reached when it was; the exec of netdatacli only when it is the one source.
  const apiSource = (views.find((v) => v.from.startsWith('agent API')) ?? views[0])?.from.replace(/^agent API |^exec: /, '');
  const statusFile = statusFileView(node);
  if (statusFile) views.push(statusFile);

  const reading: CloudReading = { views, disagreements: [] };
  if (apiSource) reading.apiSource = apiSource;
  for (const key of MERGED) {
    const first = views.find(({ view }) => view[key] !== undefined);
    if (!first) continue;
    (reading as unknown as Record<string, Field<unknown>>)[key] = { value: first.view[key], from: first.from };
    if (!COMPARED.includes(key)) continue;
    for (const other of views) {
      const value = other.view[key];
      if (other !== first && value !== undefined && JSON.stringify(value) !== JSON.stringify(first.view[key])) {
        reading.disagreements.push(
          `${key}: ${first.from} says ${JSON.stringify(first.view[key])}, ${other.from} says ${JSON.stringify(value)} (the first wins)`,
        );
      }
    }
  }

  // This run's logs come after the live sources and the status file: they fill in only what nobody said.
  if (reading.online === undefined && node.logs.ok) {
    const logged = aclkStateFromLogs(node.logs.value.filter((l) => l.run === 'current'));
    if (logged.state) reading.online = { value: logged.state === 'connected', from: `logs: "${logged.line}"` };
  } else if (reading.online && node.logs.ok) {
    const logged = aclkStateFromLogs(node.logs.value.filter((l) => l.run === 'current'));
    if (logged.state && (logged.state === 'connected') !== reading.online.value) {
      reading.disagreements.push(
        `online: ${reading.online.from} says ${reading.online.value}, the logs' last line "${logged.line}" says ${logged.state === 'connected'} (the live source wins)`,
      );
    }
  }
  return reading;
}

/** Is this node a child that an online parent on this engine lists as streaming now? (v1 `indirect`). */
export function streamingParent(
  machineGuid: string | undefined,
  fleet: readonly { node: NodeFacts; cloud: CloudReading }[],
): string | undefined {
  if (!machineGuid) return undefined;
  for (const peer of fleet) {
    const children = peer.cloud.children?.value ?? [];
    if (peer.cloud.online?.value && children.some((c) => c.machineGuid?.toLowerCase() === machineGuid.toLowerCase() && c.online))
      return peer.node.container.name;
  }
  return undefined;
}
