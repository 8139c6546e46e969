// network.websocket: the ACLK is MQTT over a WebSocket to /mqtt; only 101 Switching Protocols passes.
// Firewalls and proxies that allow HTTPS but strip the Upgrade leave a node Unseen (facts §5.3; FM11).

import type { NodeCheck } from './types.ts';
import { finding } from './finding.ts';
import { judged, probeEvidence, probeOrSkip, ORIGIN_TEXT } from './network-shared.ts';

export const networkWebsocket: NodeCheck = (ctx) => {
  const probe = probeOrSkip('network.websocket', ctx);
  if (!('origin' in probe)) return probe;
  const evidence = probeEvidence(probe, probe.websocket, 'websocket');
  const url = probe.target.mqttUrl;
  if (probe.websocket.ok)
    return finding('network.websocket', 'pass', 'ok', `${url} accepts the WebSocket upgrade (101) ${ORIGIN_TEXT[probe.origin]}`, evidence);
  const f = probe.websocket.failure!;
  if (f.kind === 'no-upgrade' || f.kind === 'http') {
    return judged(
      'network.websocket',
      'upgrade-refused',
      probe,
      'warn',
      `${url}: ${f.detail} (the upgrade is stripped or refused)`,
      evidence,
      'Allow WebSocket upgrades (Connection: Upgrade, Upgrade: websocket) to mqtt.netdata.cloud:443 in the proxy or firewall; SSL inspection often strips them.',
    );
  }
  return judged(
    'network.websocket',
    'no-answer',
    probe,
    'fail',
    `${url}: no answer to the WebSocket upgrade (${f.detail})`,
    evidence,
    'Allow outbound TCP 443 to mqtt.netdata.cloud, including long-lived WebSocket connections.',
  );
};
