// `netdatacli aclk-state` (text), all three generations (facts §4.1):
//   v1.32/v1.33: ACLK Available, ACLK Implementation, New Cloud Protocol Support, Claimed, Claimed Id, Online,
//     Used Cloud Protocol.
//   v1.34 → v2.6: ACLK Available, ACLK Version, Protocols Supported, Protocol Used, MQTT Version (v1.35+),
//     Claimed, Claimed Id, Cloud URL, Online, Reconnect count, Banned By Cloud, Last Connection Time,
//     Last Connection Time + 3 PUBACKs received, Last Disconnect Time, Next Connection Attempt At, Last Backoff,
//     Received Cloud MQTT Messages, …, then `> Node Instance for mGUID: "<guid>" hostname "<host>"` blocks with
//     tab-indented Claimed ID, Node ID, Streaming Hops, Relationship, [Streaming Connection Live], Alert … lines.
//   v2.7+: adds ACLK Proxy and Publish Latency after Cloud URL.
// Yes/No compare case-insensitively (the docs show `yes`, the code prints `Yes`). Times are the container's
// local time (UTC in the official image). When the agent is down netdatacli prints `Cannot connect to '<pipe>'.`
// (v2.3+) or `uv_pipe_connect(): …` and `Make sure the netdata service is running.`: that is a ParseError.

import { parseError, type AgentCloudView, type CloudViewResult } from './cloud-status.ts';
import { checkBody, guarded, idOrNull, prune, utcDateTime, yesNo, MAX_TEXT } from './coerce.ts';
import { applyNodeInstances, MAX_CHILDREN, type RawNodeInstance } from './node-instances.ts';

const SOURCE = 'aclk-state-text';

const NODE_HEADER = /^>\s*Node Instance for mGUID:\s*"([^"]*)"(?:\s*hostname\s*"([^"]*)")?/i;
const AGENT_DOWN = /Cannot connect to '[^']*'|uv_pipe_connect\(\)|Make sure the netdata service is running/i;

function splitKeyValue(line: string): [string, string] | undefined {
  const colon = line.indexOf(':');
  if (colon <= 0) return undefined;
  return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
}

const integer = (v: string | undefined): number | undefined => (v !== undefined && /^\d{1,15}$/.test(v) ? Number(v) : undefined);

function decimal(v: string | undefined): number | undefined {
  if (v === undefined || !/^\d{1,10}(?:\.\d{1,20})?$/.test(v)) return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n <= 1e9 ? n : undefined;
}

function nullableText(v: string | undefined): string | null | undefined {
  if (v === undefined) return undefined;
  const s = v.slice(0, MAX_TEXT).trim();
  return s === '' || s.toLowerCase() === 'null' || s.toLowerCase() === '(null)' ? null : s;
}

export function parseAclkText(text: string): CloudViewResult {
  return guarded(SOURCE, () => {
    const refused = checkBody(text, SOURCE);
    if (refused) return refused;
    const head = text.slice(0, 4096);
    if (AGENT_DOWN.test(head))
      return parseError(SOURCE, `agent not reachable through netdatacli: ${head.trim().split(/\r?\n/)[0]!.slice(0, 200)}`);
    if (/^\s*Agent is initializing/i.test(head)) return parseError(SOURCE, 'agent is initializing');

    const top = new Map<string, string>();
    const instances: RawNodeInstance[] = [];
    let current: RawNodeInstance | undefined;
    for (const raw of text.split(/\r?\n/)) {
      const header = NODE_HEADER.exec(raw.trim());
      if (header) {
        if (instances.length > MAX_CHILDREN) break;
        current = {
          machineGuid: idOrNull(header[1]) ?? undefined,
          hostname: header[2]?.trim().slice(0, 256) || undefined,
        };
        instances.push(current);
        continue;
      }
      const kv = splitKeyValue(raw);
      if (!kv) continue;
      const [key, value] = kv;
      if (!current) {
        top.set(key, value);
        continue;
      }
      switch (key) {
        case 'claimed id':
          current.claimId = idOrNull(value);
          break;
        case 'node id':
          current.nodeId = idOrNull(value);
          break;
        case 'streaming hops':
          current.hops = integer(value);
          break;
        case 'relationship':
          current.relationship = value.toLowerCase().slice(0, 32);
          break;
        case 'streaming connection live':
          current.online = yesNo(value);
          break;
      }
    }

    if (!top.has('aclk available') && !top.has('claimed') && !top.has('online')) {
      return parseError(SOURCE, 'not aclk-state output (no "ACLK Available", "Claimed" or "Online" line)');
    }

    const claimed = yesNo(top.get('claimed'));
    let claimId = top.has('claimed id') ? idOrNull(top.get('claimed id')) : undefined;
    if (claimed === false && claimId === undefined) claimId = null;
    const view: AgentCloudView = {
      kind: 'cloud-view',
      source: SOURCE,
      cloudAvailable: yesNo(top.get('aclk available')),
      claimed,
      claimId,
      online: yesNo(top.get('online')),
      banned: yesNo(top.get('banned by cloud')),
      cloudUrl: nullableText(top.get('cloud url')),
      reconnectCount: integer(top.get('reconnect count')),
      lastBackoffSeconds: decimal(top.get('last backoff')),
      nextCheck: utcDateTime(top.get('next connection attempt at')),
      lastConnectedAt: utcDateTime(top.get('last connection time')),
      lastDisconnectedAt: utcDateTime(top.get('last disconnect time')),
      aclkProxy: top.get('aclk proxy')?.slice(0, 1024) || undefined,
    };
    applyNodeInstances(view, instances);
    return prune(view);
  });
}
