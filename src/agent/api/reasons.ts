// What an agent's "why not connected / why not claimed" string means, so a check can give the right remedy.
// Inputs (facts §2.1, §2.4, §4.4, §5.1; observed-*.md):
//   - ACLK status tokens, v1.41–v2.2: none, disabled, no_cloud_url, invalid_cloud_url, not_claimed,
//     env_endpoint_unreachable, env_response_not_200, env_response_empty, env_response_not_json, env_failed,
//     blocked, no_old_protocol, no_protocol_capability, invalid_env_auth_url, invalid_env_transport_idx,
//     invalid_env_transport_url, invalid_otp, no_lwt_topic, unknown; `banned` when banned.
//   - ACLK sentences, v2.3+: `offline`, `configuration error, no cloud url`, `disconnected, socket error`,
//     socket errors (`connection refused`, `cannot resolve hostname`, `timeout`, …), HTTPS client errors
//     (`proxy negotiation failed`, `/env response code is not 200`, `otp …`, …).
//   - v2 claim failures (`cloud.reason` while `available`, `CLAIM: <reason>` in the log, and the
//     `reload-claiming-state` sentence): `Failed: token is expired, not found, or invalid`, `Failed: agent is
//     already claimed`, `Request failed with error: <libcurl text>` (v2.3+: then `\nproxy: '…',\ninsecure: …`;
//     v2.1–v2.2: ` (proxy is set to '…')`), local key/file errors, `Agent is not claimed yet`.
//   - v1 claim script messages (`Failed to claim node with the following error message:"<msg>"`).

export type ReasonCategory =
  | 'dns' // the Cloud host name does not resolve
  | 'tcp' // no TCP connection (refused, timed out, reset, unreachable)
  | 'tls' // TLS handshake or certificate verification failed (interception, missing CA)
  | 'proxy' // the proxy refused, failed or could not be resolved
  | 'http' // the Cloud answered with an unexpected HTTP code or body
  | 'env' // the ACLK /api/v1/env step failed (status, body, or unusable content)
  | 'otp' // the ACLK challenge/password (OTP) step failed
  | 'mqtt' // the MQTT session failed or was dropped
  | 'websocket' // the WebSocket layer failed
  | 'banned' // Netdata Cloud banned this agent (non-retryable error or permaban)
  | 'blocked' // Netdata Cloud asked the agent to wait before reconnecting
  | 'not-claimed' // the agent is not claimed (nothing failed, nothing was tried)
  | 'token' // the claim token is expired, unknown or invalid
  | 'already-claimed' // the Cloud already has a claim for this identity (cloned identity)
  | 'rooms' // a room id in the claim is invalid
  | 'config' // the agent's own configuration is wrong (no or bad URL, Cloud disabled, bad hostname)
  | 'local' // a problem inside the container (keys, files, memory), or a deliberate local disconnect
  | 'cloud-error' // Netdata Cloud had a server-side problem or asked to disconnect
  | 'unknown';

export const REASON_CATEGORIES: readonly ReasonCategory[] = [
  'dns',
  'tcp',
  'tls',
  'proxy',
  'http',
  'env',
  'otp',
  'mqtt',
  'websocket',
  'banned',
  'blocked',
  'not-claimed',
  'token',
  'already-claimed',
  'rooms',
  'config',
  'local',
  'cloud-error',
  'unknown',
];

export interface ReasonClass {
  category: ReasonCategory;
  /** One short human sentence. */
  explanation: string;
  /** Whether the string is a claim failure or an ACLK (connection) status. */
  phase: 'claim' | 'connection' | 'unknown';
  /** The part of the string that was classified (first line, prefixes removed). */
  core: string;
  /** From a v2.1+ claim transport failure: the proxy setting the claim request used (may hold credentials: redact). */
  proxy?: string;
  /** From a v2.3+ claim transport failure: whether the claim ran with insecure TLS. */
  insecure?: boolean;
  /** An HTTP status code named in the string (`Failed with response code 418`, `(got 503)`). */
  httpCode?: number;
}

interface Rule {
  test: RegExp;
  category: ReasonCategory;
  explanation: string;
}

// Ordered: the first match wins, so specific phrases come before the general words they contain.
const RULES: readonly Rule[] = [
  {
    test: /token is expired|token expired|token not found|invalid token|errforbidden/,
    category: 'token',
    explanation: 'the claim token was refused as expired, unknown or invalid: copy a current token from the Space',
  },
  {
    test: /already claimed|erralreadyclaimed/,
    category: 'already-claimed',
    explanation: 'Netdata Cloud already holds a claim for this identity, usually a cloned machine GUID or cloud.d',
  },
  {
    test: /room ids? (?:is|are) invalid|invalid room id|errinvalidroomid/,
    category: 'rooms',
    explanation: 'a room id in the claim is not valid for the Space',
  },
  {
    test: /^banned$|is banned|banned by cloud|cloud banned|permaban|errnodebanned/,
    category: 'banned',
    explanation:
      'Netdata Cloud banned this agent; it retries every 60 s but only a restart or reload-claiming-state after the cause is removed helps',
  },
  {
    test: /^blocked$|agent is blocked|not to reconnect/,
    category: 'blocked',
    explanation: 'the agent is holding off reconnecting, as Netdata Cloud asked or while shutting down',
  },
  {
    test: /^none$|^not_claimed$|not claimed/,
    category: 'not-claimed',
    explanation: 'the agent is not claimed: no claim was attempted or none is configured',
  },
  {
    test: /to reload config/,
    category: 'local',
    explanation: 'disconnected on purpose to reload its configuration; it reconnects by itself',
  },
  {
    test: /node id is invalid|invalid node id|errinvalidnodeid/,
    category: 'local',
    explanation: 'the agent sent an invalid node id: its identity files are damaged',
  },
  {
    test: /public key is invalid|invalid public key|errinvalidpublickey|rsa key|private key|public key file|key pair|extract public key/,
    category: 'local',
    explanation: 'the agent could not create, read or send its key pair in cloud.d (permissions or a broken file)',
  },
  {
    test: /save claiming info|claiming working directory|write permission|cannot write/,
    category: 'local',
    explanation: 'the agent cannot write its claim files: /var/lib/netdata is not writable for it',
  },
  {
    test: /unique id|machine guid/,
    category: 'local',
    explanation: 'the agent has no readable machine GUID yet (permissions on /var/lib/netdata, or seccomp on an old host)',
  },
  {
    test: /curl_easy_init|cannot initialize request|not enough memory|out of memory|non-blocking|cannot create socket|cannot create ssl|cannot set tls sni|thread cancelled/,
    category: 'local',
    explanation: 'a local resource failed inside the agent (memory, sockets, TLS library)',
  },
  {
    test: /no_cloud_url|no cloud url|invalid_cloud_url|invalid cloud url|cloud base url|no host in definition|url using bad|illegal format|unsupported protocol|malformed/,
    category: 'config',
    explanation: 'the configured Cloud URL is missing or malformed',
  },
  { test: /^disabled$/, category: 'config', explanation: 'Netdata Cloud is disabled in the agent configuration (or the ACLK was stopped)' },
  {
    test: /node name is invalid|invalid node name|errinvalidnodename/,
    category: 'config',
    explanation: 'the hostname sent with the claim was refused',
  },
  {
    test: /unknown http error/,
    category: 'http',
    explanation:
      'the v1 claim script got no recognised answer: the claim URL was unreachable (see "Failed to connect to …, return code N") or answered with an unknown error',
  },
  {
    test: /internal server error|cloud is unavailable|service unavailable|gateway timeout|claiming is in progress|processing claim|due to remote request/,
    category: 'cloud-error',
    explanation: 'Netdata Cloud had a server-side problem or asked the agent to disconnect; retrying later usually helps',
  },
  {
    test: /proxy/,
    category: 'proxy',
    explanation: 'the proxy failed: it refused the CONNECT, could not be reached or could not be resolved',
  },
  {
    test: /resolve host|resolve hostname|could not resolve|couldn't resolve|name resolution|getaddrinfo|name or service not known/,
    category: 'dns',
    explanation: 'the Cloud host name does not resolve from inside the agent container',
  },
  {
    test: /websocket/,
    category: 'websocket',
    explanation: 'the WebSocket upgrade or stream failed: something between the agent and the Cloud strips or breaks WebSockets',
  },
  {
    test: /mqtt|connack|ping timed out|lwt|message too big/,
    category: 'mqtt',
    explanation: 'the MQTT session with the Cloud broker failed or was dropped',
  },
  {
    test: /otp|challenge/,
    category: 'otp',
    explanation: 'the ACLK authentication (challenge/password) step failed: often a credential or identity conflict',
  },
  {
    test: /env_endpoint_unreachable|cannot contact env/,
    category: 'tcp',
    explanation: 'the Cloud /env endpoint could not be reached (DNS, TCP or TLS failure)',
  },
  {
    test: /\/env|^env_|env response|old protocol|no_old_protocol|protocol capability|no_protocol_capability|invalid_env|transport idx|transport url|auth url/,
    category: 'env',
    explanation: 'the Cloud /api/v1/env step failed: an error answer or one the agent cannot use',
  },
  {
    test: /ssl|tls|certificate|x509|verify paths|handshake/,
    category: 'tls',
    explanation: 'the TLS connection failed: certificate verification (an intercepting proxy or missing CA) or the handshake',
  },
  {
    test: /connection refused|couldn't connect|could not connect|connect failed|connection failed|timed? ?out|timeout|socket|poll|no route|unreachable|closed by remote|no i\/o progress|connection reset|no destination|failure when receiving|send failure|read error|failed to write/,
    category: 'tcp',
    explanation: 'no working TCP connection to the Cloud: refused, timed out or dropped (firewall, egress rules, or the endpoint is down)',
  },
  {
    test: /response code|http code|http error|empty response|with description|server returned nothing|parsing of response|^failed with/,
    category: 'http',
    explanation: 'the Cloud (or something in between) answered with an unexpected HTTP status or body',
  },
  {
    test: /^offline$/,
    category: 'unknown',
    explanation:
      'not connected, with no failure recorded yet (also what a child streaming through a parent, or a failed MQTT connect through a proxy, shows)',
  },
  { test: /^connected$/, category: 'unknown', explanation: 'the agent reports it is connected' },
];

const CLAIM_HINT =
  /^(?:failed(?::| with| to save claiming)|request failed|claiming is in progress|cannot (?:generate|write|initialize)|cannot read public key|agent is not claimed yet|token expired|already claimed|invalid (?:node id|node name|room id|public key)|unknown http error|internal server error|gateway timeout|service unavailable|processing claiming|agent unique id)/;

/** The classified part: first line, without log prefixes, the v1 script wrapper, or the proxy details. */
function coreOf(reason: string): { core: string; proxy?: string; insecure?: boolean; transport: boolean } {
  let s = reason.slice(0, 4096);
  // Literal "\n" as it appears in logfmt lines counts as a line break.
  s = s.replace(/\\n/g, '\n');
  let proxy: string | undefined;
  let insecure: boolean | undefined;
  const proxyLine = /\nproxy: '([^'\n]*)'/.exec(s);
  if (proxyLine) proxy = proxyLine[1];
  const insecureLine = /\ninsecure: (true|false)/.exec(s);
  if (insecureLine) insecure = insecureLine[1] === 'true';
  let line = (s.split('\n')[0] ?? '').trim();
  const strip = [
    /^.*?\bmsg="/, // a whole logfmt line
    /^CLAIM:\s*/i,
    /^ACLK:\s*/i,
    /^Netdata Cloud, ACLK connection status:\s*/i,
    /^Failed to claim node with the following error message:\s*/i,
    /^Netdata Agent is not claimed to Netdata Cloud:\s*/i,
    /^Netdata Agent is claimed to Netdata Cloud, but it is currently offline:\s*/i,
  ];
  for (const re of strip) line = line.replace(re, '');
  line = line.replace(/"$/, '').replace(/^"/, '').trim();
  const old = / \(proxy is set to '([^']*)'\)\s*$/.exec(line);
  if (old) {
    proxy ??= old[1];
    line = line.slice(0, old.index);
  }
  let transport = false;
  const request = /^Request failed with error:\s*/i.exec(line);
  if (request) {
    transport = true;
    line = line.slice(request[0].length);
  }
  return { core: line.trim(), transport, ...(proxy !== undefined ? { proxy } : {}), ...(insecure !== undefined ? { insecure } : {}) };
}

/** Classifies a reason string; anything unrecognised (or not a string) is `unknown`. Never throws. */
export function classifyReason(reason: string | null | undefined): ReasonClass {
  try {
    if (typeof reason !== 'string' || reason.trim() === '') {
      return { category: 'unknown', explanation: 'no reason given', phase: 'unknown', core: '' };
    }
    const { core, proxy, insecure, transport } = coreOf(reason);
    const lower = core.toLowerCase();
    const rule = RULES.find((r) => r.test.test(lower));
    const code = /(?:response code|code|got)\s+(\d{3})\b/i.exec(core);
    const phase = transport || CLAIM_HINT.test(lower) ? 'claim' : rule || lower ? 'connection' : 'unknown';
    const result: ReasonClass = {
      category: rule?.category ?? 'unknown',
      explanation: rule?.explanation ?? (/unknown/.test(lower) ? 'the agent itself does not know why' : 'an unrecognised reason'),
      phase,
      core: core.slice(0, 512),
    };
    if (proxy !== undefined) result.proxy = proxy;
    if (insecure !== undefined) result.insecure = insecure;
    if (code) result.httpCode = Number(code[1]);
    // A claim request that could not connect through a configured proxy URL most likely failed at the proxy.
    if (transport && result.category === 'tcp' && proxy && /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy)) {
      result.category = 'proxy';
      result.explanation = 'the claim request could not connect through its configured proxy: the proxy is down, unreachable or refusing';
    }
    return result;
  } catch {
    return { category: 'unknown', explanation: 'an unrecognised reason', phase: 'unknown', core: '' };
  }
}
