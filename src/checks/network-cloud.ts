// network.cloud: from the agent's side, does Netdata Cloud answer? DNS, TCP, TLS (verification and
// interception), and the HTTP answer of the cloud root, where 404 is healthy (facts §5.3; FM02, FM03, FM08, FM22, FM24).

import type { NodeCheck } from './types.ts';
import { finding } from './finding.ts';
import { judged, probeEvidence, probeOrSkip, ORIGIN_TEXT } from './network-shared.ts';

const ALLOW = 'app.netdata.cloud, api.netdata.cloud and mqtt.netdata.cloud on TCP 443';

export const networkCloud: NodeCheck = (ctx) => {
  const probe = probeOrSkip('network.cloud', ctx);
  if (!('origin' in probe)) return probe;
  const step = probe.dns && !probe.dns.ok ? probe.dns : probe.http;
  const evidence = probeEvidence(probe, step, 'http');
  const host = probe.target.host;
  const c = ctx.node.container;
  if (probe.proxy.unsupported) {
    return judged(
      'network.cloud',
      'proxy-unsupported',
      probe,
      'fail',
      `the agent's proxy cannot carry the ACLK: ${probe.proxy.unsupported}`,
      evidence,
      'Use an HTTP CONNECT proxy in http_proxy, or upgrade the agent to v2.10+ for SOCKS5.',
    );
  }
  if (step.ok)
    return finding(
      'network.cloud',
      'pass',
      'ok',
      `${probe.target.url} answers (HTTP ${step.status}) ${ORIGIN_TEXT[probe.origin]}`,
      evidence,
    );
  const f = step.failure!;
  switch (f.kind) {
    case 'dns':
      return judged(
        'network.cloud',
        'dns-failed',
        probe,
        'fail',
        `DNS: ${host} does not resolve`,
        evidence,
        `Fix name resolution in the container: check --dns / dns: in compose and the host's resolver (docker exec ${c.name} getent hosts ${host}). On an IPv6-only network, Netdata Cloud needs IPv4 (NAT64/DNS64).`,
      );
    case 'tcp-refused':
    case 'tcp-unreachable':
    case 'timeout':
      return judged(
        'network.cloud',
        f.kind === 'timeout' ? 'tcp-timeout' : f.kind,
        probe,
        'fail',
        `TCP to ${host}:${probe.target.port}: ${f.detail}`,
        evidence,
        `Allow outbound ${ALLOW} for this host${probe.proxy.url ? `, and check that the proxy ${probe.proxy.url.replace(/\/\/[^@]*@/, '//')} is up` : ''}.`,
      );
    case 'tls-verify':
      return judged(
        'network.cloud',
        'tls-verify-failed',
        probe,
        'fail',
        `TLS: ${f.detail}`,
        evidence,
        "Something intercepts TLS (an SSL-inspecting proxy or firewall) or the image's CA bundle is too old: exempt *.netdata.cloud from inspection, or use a current image.",
      );
    case 'tls-handshake':
      return judged(
        'network.cloud',
        'tls-handshake-failed',
        probe,
        'fail',
        `TLS: ${f.detail}`,
        evidence,
        'A middlebox breaks the TLS handshake to Netdata Cloud: exempt *.netdata.cloud from TLS inspection.',
      );
    case 'proxy':
      return judged(
        'network.cloud',
        'proxy-failed',
        probe,
        'fail',
        `proxy: ${f.detail}`,
        evidence,
        `Check the proxy the agent uses (${probe.proxy.source}); the ACLK reads only lower-case http_proxy/https_proxy, or [cloud] proxy in netdata.conf.`,
      );
    case 'http':
      return judged(
        'network.cloud',
        'unexpected-http-answer',
        probe,
        'fail',
        `${probe.target.url}/ answered HTTP ${step.status}, not Netdata Cloud's 404`,
        evidence,
        "A proxy, captive portal or wrong URL answers instead of Netdata Cloud: check NETDATA_CLAIM_URL / the cloud URL and the proxy's rules for *.netdata.cloud.",
      );
    default:
      return judged(
        'network.cloud',
        'probe-failed',
        probe,
        'fail',
        `${probe.target.url}: ${f.detail}`,
        evidence,
        `Check the path from ${c.name} to ${ALLOW}.`,
      );
  }
};
