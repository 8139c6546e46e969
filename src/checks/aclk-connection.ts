// aclk.connection: is the agent's own link to Netdata Cloud up, and if not, what the agent says and when it
// tries again (CONTRACT §4; facts §4; FM02, FM11, FM16). Unseen vs offline: whether a Cloud node ID is known.

import type { NodeCheck } from './types.ts';
import { ev, finding, formatDuration, skip } from './finding.ts';
import { classifyReason } from '../agent/api/index.ts';
import type { restart } from './remedy.ts';
import { claimFailureNote, claimFailureSteps, noSteps } from './steps.ts';
import { explain, type Explained } from '../agent/vocabulary.ts';

/** More reconnects than this per hour of uptime is flapping (cloned identity, ping timeouts: FM04, FM16). */
const RECONNECTS_PER_HOUR = 4;
const RECONNECTS_MIN = 5;

export const aclkConnection: NodeCheck = ({ node, agent, cloud, running, startedAgoMs, inStartPeriod }) => {
  const c = node.container;
  if (!running) return skip('aclk.connection', 'container-not-running', `the container is ${c.status}`);
  const { online, status, claimed, banned } = cloud;
  if (!online && !status)
    return skip('aclk.connection', 'no-source', `no source: ${node.api?.unavailable ?? 'the agent API gave no Cloud state'}`);
  const evidence: Record<string, ReturnType<typeof ev>> = {};
  for (const [key, field] of Object.entries({
    status,
    online,
    claimed,
    nodeId: cloud.nodeId,
    reason: cloud.reason,
    nextCheck: cloud.nextCheck,
    reconnectCount: cloud.reconnectCount,
  })) {
    if (field) evidence[key] = ev(field.value instanceof Date ? field.value.toISOString() : field.value, field.from);
  }
  if (cloud.disagreements.length) evidence.disagreements = ev(cloud.disagreements, 'precedence of CONTRACT §3');
  // Live sources that did not answer (a wedged agent, a timeout): the verdict then rests on the sources above.
  if (node.api?.unavailable) evidence.agentApi = ev(node.api.unavailable, 'agent API');
  if (node.exec.aclkState && !node.exec.aclkState.ok)
    evidence.aclkState = ev(node.exec.aclkState.reason, 'exec netdatacli aclk-state json');

  if (status?.value === 'indirect')
    return finding('aclk.connection', 'pass', 'ok', 'connected to Netdata Cloud through its parent (indirect)', evidence);
  if (online?.value) {
    const uptimeH = Number.isFinite(startedAgoMs) ? startedAgoMs / 3_600_000 : undefined;
    const reconnects = cloud.reconnectCount?.value;
    if (
      reconnects !== undefined &&
      uptimeH !== undefined &&
      reconnects >= RECONNECTS_MIN &&
      reconnects / Math.max(uptimeH, 1) > RECONNECTS_PER_HOUR
    ) {
      return finding(
        'aclk.connection',
        'warn',
        'flapping',
        `connected, but reconnected ${reconnects} times in ${formatDuration(startedAgoMs)}: flapping`,
        evidence,
        'Frequent reconnects usually mean two agents share one identity (see identity.unique) or an unstable path to mqtt.netdata.cloud:443 (a proxy or firewall timing out idle WebSockets). ' +
          noSteps(
            "identity.unique carries the steps for a shared identity; an unstable path is the network's, outside this host's containers",
          ),
      );
    }
    return finding('aclk.connection', 'pass', 'ok', 'connected to Netdata Cloud', evidence);
  }
  if (
    status?.value === 'disabled' ||
    status?.value === 'unavailable' ||
    cloud.cloudEnabled?.value === false ||
    cloud.cloudAvailable?.value === false
  ) {
    return skip('aclk.connection', 'cloud-disabled', 'Cloud is disabled or not built in (see agent.cloud-support)');
  }
  if (banned?.value || status?.value === 'banned') return skip('aclk.connection', 'banned', 'banned by Netdata Cloud (see aclk.ban)');
  if (claimed?.value === false || status?.value === 'available')
    return skip('aclk.connection', 'not-claimed', 'not claimed (see claim.state)');

  const known = cloud.nodeId?.value ? 'offline' : 'unseen';
  const reason = cloud.reason?.value;
  const why = reason ? classifyReason(reason) : undefined;
  const next = cloud.nextCheck ? `, next attempt ${cloud.nextCheck.value.toISOString()}` : '';
  const summary = `${known === 'offline' ? 'offline (it was connected before)' : 'never connected (Unseen)'}: ${reason ?? 'no reason given'}${why && why.category !== 'unknown' ? ` — ${why.explanation}` : ''}${next}`;
  const said = reason ? explainConnection(reason, status?.value) : undefined;
  if (said?.recognized) evidence.meaning = ev(said.explanation, 'agent vocabulary');
  const cause = connectionCause(reason, why?.category, said);
  // Keyed on the cause: a claim-side cause gets the claim's steps, the network and Netdata Cloud's side get none.
  const steps = claimFailureSteps(cause, { node, agent });
  const remedy = `${remedyFor(why?.category, c, said)}${
    steps.length > 0
      ? claimFailureNote(cause, c)
      : ` ${noSteps(
          why?.category === 'local' || why?.category === 'config'
            ? "the fix depends on the agent's own error above, which no command here can change by itself"
            : "the fix is on the network path to Netdata Cloud or on Netdata Cloud's side, outside this host's containers",
        )}`
  }`;
  if (inStartPeriod)
    return finding('aclk.connection', 'warn', cause, `connecting (within the start period): ${summary}`, evidence, remedy, steps);
  return finding('aclk.connection', 'fail', cause, summary, evidence, remedy, steps);
};

/**
 * What the agent's reason means in its vocabulary (src/agent/vocabulary.ts), read as an ACLK reason; when that
 * is known but names no failure of this check, the cloud status beside it may.
 */
export function explainConnection(reason: string, status?: string): Explained {
  const said = explain(reason, 'aclk.connection', { as: 'aclk-reason' });
  // An unknown reason stays unrecognized (its raw words are the evidence); a known one that explains no failure
  // (`connected` beside status offline) gives way to the status.
  if (!said.recognized || ownCause(said) || !status) return said;
  const byStatus = explain(status, 'aclk.connection', { as: 'cloud-status' });
  return ownCause(byStatus) ? { ...byStatus, raw: said.raw } : said;
}

/** The cause words of an explanation when it belongs to aclk.connection, else undefined. */
const ownCause = (said: Explained | undefined): string | undefined =>
  said?.recognized && said.cause.startsWith('aclk.connection/') && !NOT_A_FAILURE.has(said.cause)
    ? said.cause.slice('aclk.connection/'.length)
    : undefined;

/** Words that do not explain a node that is not connected: they fall back to the reason's class. */
const NOT_A_FAILURE: ReadonlySet<string> = new Set(['aclk.connection/ok', 'aclk.connection/indirect-via-parent']);

/** The cause words of a not-connected agent: its vocabulary's, else from the class of the reason it gives. */
export function connectionCause(reason: string | undefined, category: string | undefined, said?: Explained): string {
  if (!reason) return 'no-reason-given';
  return ownCause(said) ?? CONNECTION_CAUSES[category ?? 'unknown'] ?? 'unrecognized-reason';
}

export const CONNECTION_CAUSES: Readonly<Record<string, string>> = {
  dns: 'dns-failed',
  tcp: 'connection-failed',
  tls: 'tls-failed',
  proxy: 'proxy-failed',
  http: 'http-error',
  env: 'env-failed',
  otp: 'otp-failed',
  mqtt: 'mqtt-failed',
  websocket: 'websocket-failed',
  'cloud-error': 'cloud-error',
  local: 'local-error',
  config: 'config-error',
  blocked: 'blocked',
  'not-claimed': 'not-claimed-reported',
  token: 'token-rejected',
  'already-claimed': 'already-claimed',
  rooms: 'room-id-rejected',
  banned: 'banned',
};

/** The vocabulary's remedy for what the agent said, then the one with this container's names for the reason's class. */
function remedyFor(category: string | undefined, c: Parameters<typeof restart>[0], said?: Explained): string {
  const named = remedyByClass(category, c);
  return ownCause(said) ? `${sentence(said!.remedy)} ${named}` : named;
}

const sentence = (text: string): string => `${text[0]!.toUpperCase()}${text.slice(1)}${/[.!]$/.test(text) ? '' : '.'}`;

function remedyByClass(category: string | undefined, c: Parameters<typeof restart>[0]): string {
  switch (category) {
    case 'dns':
      return `The agent cannot resolve Netdata Cloud's names: check the container's DNS (docker exec ${c.name} getent hosts app.netdata.cloud) and --dns settings. See network.cloud.`;
    case 'tcp':
      return 'Outbound HTTPS is blocked: allow app.netdata.cloud, api.netdata.cloud and mqtt.netdata.cloud on TCP 443 in the firewall. See network.cloud.';
    case 'tls':
      return 'TLS to Netdata Cloud fails: an intercepting proxy or an old CA bundle. Exempt *.netdata.cloud from TLS inspection, or update the image. See network.cloud.';
    case 'proxy':
      return "The proxy refuses or fails: check http_proxy (lower case) in the agent's environment, or [cloud] proxy in netdata.conf.";
    case 'websocket':
    case 'mqtt':
      return 'The MQTT-over-WebSocket leg fails: allow WebSocket upgrades to mqtt.netdata.cloud:443 through the firewall or proxy. See network.websocket.';
    case 'env':
    case 'otp':
    case 'http':
      return `Netdata Cloud answered with an error: if it persists, the node's credentials may be stale; re-claim it (remove /var/lib/netdata/cloud.d and restart ${c.name}).`;
    default:
      return `Check the path to Netdata Cloud (see network.cloud and network.websocket) and the agent's log (docker logs ${c.name}).`;
  }
}
