// Every cause a vocabulary entry of the agent can lead to (CONTRACT §4 `cause`), with its meaning and remedy.
// The remedy is prose for the person reading the finding; the checks turn it into literal `steps`.
// docs/causes.md can be generated from this table. Pure data.

import type { CheckId } from '../facts/check-ids.ts';

export type VocabularyCause = `${CheckId}/${string}`;

export interface CauseText {
  /** What it means for a node that is not Live, one line. */
  meaning: string;
  /** What to do, one or two sentences. */
  remedy: string;
}

const RECLAIM =
  'stop the container, remove /var/lib/netdata/cloud.d, and start it again with NETDATA_CLAIM_TOKEN (and the rooms) set, ' +
  'so it claims afresh';
const NEW_IDENTITY =
  'stop the container, delete /var/lib/netdata/registry/netdata.public.unique.id, /var/lib/netdata/cloud.d and every ' +
  'status-netdata.json (/var/lib/netdata, /var/cache/netdata, /tmp, /run, /var/run), keep claim.conf, and start it again';
const NETWORK =
  'make https://app.netdata.cloud (TCP 443) reachable from inside the container: DNS, firewall egress, and the proxy if ' +
  'one is required';
const TLS =
  "let the container verify app.netdata.cloud: exempt it from TLS inspection or add the inspecting CA to the container's " +
  'CA store, check the host clock, and check that nothing answers for app.netdata.cloud with another certificate';
const PROXY =
  'check the proxy the agent uses ([cloud] proxy in netdata.conf, or NETDATA_CLAIM_PROXY / https_proxy): its address, ' +
  'that it allows CONNECT to app.netdata.cloud:443, and its credentials';
const ENV_PAYLOAD =
  'something between the agent and Netdata Cloud rewrites the answers (captive portal, TLS-inspecting proxy); ' +
  'let the container reach app.netdata.cloud directly or through a plain CONNECT proxy';
const OPENSSL =
  'the TLS library inside the container is broken or restricted (FIPS policy, missing files): use the official image ' + 'unchanged';
const WAIT = 'nothing to change on this host; it retries by itself. If it lasts, check https://status.netdata.cloud';

const t = (meaning: string, remedy: string): CauseText => ({ meaning, remedy });

export const VOCABULARY_CAUSES = {
  // ---------------------------------------------------------------------------------------------- aclk.connection
  'aclk.connection/ok': t(
    'The agent is connected to Netdata Cloud.',
    'Nothing to do on the agent; if the node is still not Live, look at its room and Space in Netdata Cloud.',
  ),
  'aclk.connection/indirect-via-parent': t(
    'The agent reaches Netdata Cloud only through the parent it streams to.',
    'Make sure the parent itself is online in Netdata Cloud; nothing to do on this agent.',
  ),
  'aclk.connection/offline': t(
    'The agent is claimed but not connected to Netdata Cloud.',
    'Read the agent\'s reason (cloud.reason or the "ACLK connection status" log line) and follow its remedy.',
  ),
  'aclk.connection/connecting-awaiting-contexts': t(
    "The link is up but Netdata Cloud has not asked for the node's contexts yet " + '(v2.2.4-v2.3.1).',
    'Wait a minute; if it stays, upgrade the agent.',
  ),
  'aclk.connection/frequent-reconnects': t(
    'The connection counter keeps growing: the agent connects and drops again and again.',
    'Look for a proxy or firewall that closes long-lived WebSocket connections.',
  ),
  'aclk.connection/not-yet-connected': t(
    'No connection attempt has finished yet (or an MQTT-phase failure left the status stale).',
    "Wait for the start period; if it stays, read the ACLK lines in the agent's log.",
  ),
  'aclk.connection/aclk-disabled': t(
    'The ACLK is stopped: the agent is shutting down, or Netdata Cloud is disabled in its configuration.',
    'If the agent is not shutting down, enable Cloud ([global] enabled = yes in cloud.d/cloud.conf, no NETDATA_DISABLE_CLOUD) and ' +
      'restart it.',
  ),
  'aclk.connection/no-cloud-url': t(
    'The agent has no Netdata Cloud URL configured.',
    'Set [global] url = https://app.netdata.cloud in /var/lib/netdata/cloud.d/cloud.conf (or claim again) and restart the agent.',
  ),
  'aclk.connection/invalid-cloud-url': t(
    'The configured Netdata Cloud URL cannot be parsed.',
    'Fix [global] url in /var/lib/netdata/cloud.d/cloud.conf (or NETDATA_CLAIM_URL) to https://app.netdata.cloud and restart the agent.',
  ),
  'aclk.connection/blocked-during-shutdown': t(
    'The reconnect wait was interrupted because the ACLK is stopping; this is not a Cloud ' + 'block.',
    'Nothing to do if the agent was stopping; otherwise restart it.',
  ),
  'aclk.connection/old-protocol-not-supported': t(
    'Netdata Cloud no longer supports the protocol this agent offers.',
    'Upgrade the agent image to a current netdata/netdata release.',
  ),
  'aclk.connection/protocol-capability-not-supported': t(
    'Netdata Cloud asked for a protocol capability this agent does not have.',
    'Upgrade the agent image to a current netdata/netdata release.',
  ),
  'aclk.connection/env-invalid-auth-url': t('The /env answer named an authentication URL the agent cannot use.', ENV_PAYLOAD),
  'aclk.connection/env-invalid-transport-idx': t('The /env answer carried a transport index the agent cannot use.', ENV_PAYLOAD),
  'aclk.connection/env-invalid-transport-url': t('The /env answer carried a transport URL the agent cannot use.', ENV_PAYLOAD),
  'aclk.connection/no-lwt-topic': t('Netdata Cloud did not give the agent its MQTT topics.', WAIT),
  'aclk.connection/disconnected-by-cloud': t(
    'Netdata Cloud asked the agent to disconnect.',
    'The agent reconnects by itself; the log line "Cloud requested disconnect (EC=…)" says why.',
  ),
  'aclk.connection/ping-timeout': t(
    'The MQTT keep-alive timed out: the connection stalled.',
    'Look for a proxy or firewall with a short idle timeout on long-lived WebSocket connections.',
  ),
  'aclk.connection/reloading-config': t(
    'The agent disconnected on purpose to reload its claim.',
    'Nothing to do; it reconnects by itself.',
  ),
  'aclk.connection/poll-failed': t(
    "Waiting on the connection's socket failed inside the agent.",
    'Restart the agent; if it repeats, report it to Netdata with the log.',
  ),
  'aclk.connection/no-io-progress': t(
    'The socket was ready but nothing moved: a half-open connection or a middlebox holding traffic.',
    'Look for a proxy, NAT or firewall that silently drops long-lived connections.',
  ),
  'aclk.connection/connack-timeout': t(
    'The broker was reached but the MQTT handshake got no answer.',
    'Let WebSocket traffic to app.netdata.cloud through unchanged (no filtering or inspection of the upgrade).',
  ),
  'aclk.connection/closed-by-remote': t(
    'Netdata Cloud or a proxy closed the connection.',
    'If it repeats, check for a proxy that kills WebSockets, and that the node was not removed from the Space.',
  ),
  'aclk.connection/socket-error': t('The connection to the broker broke (reset or dropped).', NETWORK),
  'aclk.connection/mqtt-protocol-error': t('The MQTT stream was corrupted, often by a TLS-inspecting proxy.', TLS),
  'aclk.connection/websocket-protocol-error': t(
    'The WebSocket framing was broken, usually by a proxy.',
    'Let WebSocket traffic to app.netdata.cloud through a plain CONNECT proxy or directly.',
  ),
  'aclk.connection/message-too-big': t('A message exceeded the size limit.', 'Upgrade the agent; if it repeats, report it to Netdata.'),
  'aclk.connection/agent-unknown-status': t(
    'The agent reports a status it has no name for.',
    'Upgrade the agent; read the ACLK lines in its log.',
  ),
  'aclk.connection/agent-unknown-error': t(
    "The agent's connection failed with an error it does not classify.",
    "Read the ACLK lines in the agent's log around the failure.",
  ),
  'aclk.connection/agent-internal-error': t("The agent's HTTPS client got a request type it does not know (a bug).", 'Upgrade the agent.'),
  'aclk.connection/no-error-recorded': t('The agent recorded no connection error.', 'Nothing to do; wait for the next attempt.'),
  'aclk.connection/env-unreachable': t('The agent could not reach the Netdata Cloud /env endpoint.', NETWORK),
  'aclk.connection/env-rejected': t(
    'Netdata Cloud (or a proxy) answered /env with an error: the node may have been removed, its claim ' + 'revoked, or it is a clone.',
    'Read the "Cloud returned EC=" log line; if the node was removed from the Space or is a clone, claim it again with a fresh identity.',
  ),
  'aclk.connection/env-empty': t('The /env answer was empty.', ENV_PAYLOAD),
  'aclk.connection/env-not-json': t('The /env answer was not JSON (a captive portal or proxy page).', ENV_PAYLOAD),
  'aclk.connection/env-failed': t('The /env step failed for a reason the agent did not name.', NETWORK),
  'aclk.connection/otp-failed': t(
    "Netdata Cloud did not accept the agent's key or claim id (or the network failed during the " + 'challenge).',
    `If the node was removed or its keys changed: ${RECLAIM}.`,
  ),
  'aclk.connection/connection-refused': t('The TCP connection to Netdata Cloud (or the proxy) was refused.', NETWORK),
  'aclk.connection/dns-failure': t(
    'The Netdata Cloud host name does not resolve inside the container.',
    "Fix DNS inside the container (its resolv.conf, the --dns option, or the network's DNS server).",
  ),
  'aclk.connection/cannot-create-socket': t(
    'The agent could not create a socket (limits or a seccomp profile).',
    "Check the container's ulimits and seccomp profile; see host.seccomp.",
  ),
  'aclk.connection/no-host-in-url': t(
    'The Cloud or proxy URL has no host part.',
    'Fix the Cloud URL ([global] url in cloud.d/cloud.conf) or the proxy setting.',
  ),
  'aclk.connection/socket-poll-error': t("Polling the connection's socket failed.", NETWORK),
  'aclk.connection/connect-timeout': t(
    'Connecting to Netdata Cloud timed out (a firewall dropping packets, no route, or a proxy is ' + 'required).',
    NETWORK,
  ),
  'aclk.connection/tls-handshake-failed': t('The TLS handshake with Netdata Cloud failed.', TLS),
  'aclk.connection/tls-verification-failed': t(
    'The certificate presented for Netdata Cloud was not accepted (TLS inspection, missing ' +
      "CA, wrong clock, or another host's certificate).",
    TLS,
  ),
  'aclk.connection/tls-library-error': t('The agent could not set up TLS.', OPENSSL),
  'aclk.connection/ca-store-unreadable': t(
    'The system CA store inside the container is missing or unreadable.',
    'Use the official image unchanged, or mount a readable CA bundle at /etc/ssl/certs.',
  ),
  'aclk.connection/tls-hostname-setup-failed': t(
    'The agent could not set up host name verification for the Cloud host.',
    'Check the Cloud URL host name; otherwise this is a TLS library problem: use the official image.',
  ),
  'aclk.connection/shutting-down': t(
    'The connection thread was cancelled because the agent is stopping.',
    'Nothing to do if the agent was stopping; otherwise restart it.',
  ),
  'aclk.connection/no-destination': t('None of the addresses for Netdata Cloud could be reached.', NETWORK),
  'aclk.connection/out-of-memory': t(
    'The agent ran out of memory while connecting.',
    'Give the container more memory (or remove its memory limit).',
  ),
  'aclk.connection/socket-setup-failed': t(
    'The agent could not configure its socket.',
    'Restart the agent; if it repeats, report it to Netdata.',
  ),
  'aclk.connection/proxy-negotiation-failed': t('The proxy refused or failed the CONNECT to Netdata Cloud.', PROXY),
  'aclk.connection/https-write-failed': t('The connection dropped while the agent was sending a request.', NETWORK),
  'aclk.connection/https-timeout': t('A request to Netdata Cloud timed out.', NETWORK),
  'aclk.connection/https-read-failed': t('The connection dropped while the agent was reading an answer.', NETWORK),
  'aclk.connection/https-response-garbled': t('The answer was not valid HTTP (a captive portal or proxy in the way).', ENV_PAYLOAD),
  'aclk.connection/claim-removed-by-cloud': t(
    'Netdata Cloud no longer knows this claim: the node was deleted from the Space (Unseen ' +
      'nodes are removed after 48 hours, Offline ones after 7 days).',
    `Claim the node again: ${RECLAIM}.`,
  ),
  'aclk.connection/claim-lost-during-otp': t(
    'The claim disappeared between the /env and the challenge steps.',
    `Claim the node again: ${RECLAIM}.`,
  ),
  'aclk.connection/otp-challenge-rejected': t(
    'Netdata Cloud does not know this claim id (the node was deleted or unclaimed in Cloud).',
    `Claim the node again: ${RECLAIM}.`,
  ),
  'aclk.connection/otp-challenge-invalid': t('The challenge answer could not be used.', ENV_PAYLOAD),
  'aclk.connection/otp-password-rejected': t(
    'Netdata Cloud rejected the challenge answer: private.pem does not match the key it stored ' + '(keys regenerated or copied).',
    `Claim the node again: ${RECLAIM}.`,
  ),
  'aclk.connection/otp-password-empty': t('The password answer was empty.', WAIT),
  'aclk.connection/otp-password-not-json': t('The password answer was not JSON.', ENV_PAYLOAD),
  'aclk.connection/otp-decrypt-failed': t(
    'The agent could not decrypt the challenge: cloud.d/private.pem is missing, damaged or not the ' + 'registered key.',
    `Claim the node again: ${RECLAIM}.`,
  ),
  'aclk.connection/puback-timeouts': t(
    'MQTT messages were dropped without acknowledgement: a lossy link.',
    'Look for packet loss or a proxy buffering the WebSocket stream.',
  ),
  'aclk.connection/never-connected': t(
    'Netdata Cloud never assigned this node a node id: it has never connected.',
    "Read the agent's reason and follow its remedy.",
  ),
  'aclk.connection/was-online-this-session': t(
    'The status file\'s cloud status is sticky: "online" means it was online at some point in ' + 'that session.',
    'Use the live API for the current state.',
  ),
  'aclk.connection/connection-dropped': t(
    'The connection dropped; the next status line names the cause.',
    'Read the following "ACLK connection status" line.',
  ),
  'aclk.connection/restart-requested': t(
    'The agent restarted its connection (Cloud request, ping timeout or reclaim).',
    'Nothing to do unless it repeats; then see ping-timeout.',
  ),
  'aclk.connection/mqtt-connect-failed': t(
    '/env and the challenge succeeded, but the MQTT broker could not be reached (proxy or ' + 'WebSocket filtering).',
    'Let WebSocket traffic to the broker through unchanged, directly or through a plain CONNECT proxy.',
  ),
  'aclk.connection/cloud-rejected': t(
    'Netdata Cloud answered with an error code; the message names why (node deleted, claim revoked, …).',
    'Follow the message; if the node was removed or is a clone, claim it again with a fresh identity.',
  ),
  'aclk.connection/tcp-connect-failed': t('The TCP connection to Netdata Cloud or the proxy failed.', NETWORK),
  'aclk.connection/connect-attempt': t(
    'The agent logs where it connects and through which proxy.',
    'Check that the proxy named is the one you intended.',
  ),
  'aclk.connection/insecure-tls-accepted': t(
    'The agent accepted a self-signed certificate because insecure mode is on.',
    'Turn insecure mode off once the real certificate chain verifies.',
  ),
  'aclk.connection/backoff': t('The agent waits before reconnecting.', 'Nothing to do; it retries by itself.'),
  'aclk.connection/reconnect-after-reclaim': t('The agent reconnects under its new claim.', 'Nothing to do.'),
  'aclk.connection/logs-unreadable': t(
    "The agent's log lines are not in `docker logs` (log driver, or netdata.conf [logs] settings).",
    'Read them where they are, or send the daemon log to stderr again.',
  ),
  'aclk.connection/logs-in-docker-logs': t(
    "In the official image the agent's log files are links to the container's output.",
    'Read the ACLK lines with docker logs.',
  ),
  'aclk.connection/conversation-log': t(
    '[cloud] conversation log writes the ACLK conversation to aclk.log.',
    'Turn it off when done debugging.',
  ),
  // ---------------------------------------------------------------------------------------------- aclk.ban
  'aclk.ban/banned': t(
    'Netdata Cloud banned this agent (often a cloned identity or a revoked claim); retries will not help.',
    `Give the node a fresh identity: ${NEW_IDENTITY}.`,
  ),
  'aclk.ban/reconnect-delayed': t(
    'Netdata Cloud asked the agent not to reconnect for a while.',
    'Nothing to do; the agent reconnects when the time is up.',
  ),
  // ---------------------------------------------------------------------------------------------- claim.state
  'claim.state/ok': t('The agent is claimed.', 'Nothing to do.'),
  'claim.state/not-claimed': t(
    'The agent is not claimed: it has no claimed_id.',
    'Claim it: start it with NETDATA_CLAIM_TOKEN, NETDATA_CLAIM_ROOMS (and NETDATA_CLAIM_URL on v1).',
  ),
  'claim.state/no-claim-attempted': t(
    'No claim was attempted in this session: no claim.conf, NETDATA_CLAIM_TOKEN or cloud.d/token.',
    'Set NETDATA_CLAIM_TOKEN and NETDATA_CLAIM_ROOMS on the container and recreate it.',
  ),
  'claim.state/claim-failed': t("The claim failed; the agent's message names why.", 'Follow the remedy of the message.'),
  'claim.state/key-generation-failed': t('The agent could not generate its RSA key pair.', OPENSSL),
  'claim.state/key-write-failed': t(
    'The agent could not write its key files in cloud.d.',
    'Make /var/lib/netdata writable by the netdata user (UID 201) on a volume with free space.',
  ),
  'claim.state/key-read-failed': t(
    'The agent could not read its key files in cloud.d.',
    'Fix ownership of /var/lib/netdata/cloud.d (netdata, UID 201), or remove it and claim again.',
  ),
  'claim.state/claim-request-init-failed': t(
    'The agent could not set up the claim request (libcurl or memory).',
    'Restart the agent; use the official image unchanged.',
  ),
  'claim.state/claim-request-config-failed': t(
    'libcurl refused an option of the claim request (a proxy scheme it lacks, or a bad proxy ' + 'or CA value).',
    PROXY,
  ),
  'claim.state/claim-response-too-large': t(
    'The claim answer was a large page instead of the Cloud API (a proxy or captive portal).',
    ENV_PAYLOAD,
  ),
  'claim.state/claim-request-failed': t('The claim request did not reach Netdata Cloud.', NETWORK),
  'claim.state/claim-unreachable': t('The claim URL could not be reached (connection refused or timed out).', NETWORK),
  'claim.state/claim-dns-failure': t(
    "The claim URL's host name does not resolve inside the container.",
    "Fix DNS inside the container (its resolv.conf, --dns, or the network's DNS server).",
  ),
  'claim.state/claim-tls-failed': t(
    'The claim request failed TLS verification (TLS inspection, missing CA, or a stale ' +
      'cloud.d/trusted.pem that replaces the CA store).',
    `${TLS}; remove a stale /var/lib/netdata/cloud.d/trusted.pem.`,
  ),
  'claim.state/claim-proxy-failed': t('The claim request failed at the proxy.', PROXY),
  'claim.state/proxy-auth-required': t(
    'The proxy asked for credentials (HTTP 407).',
    'Put the proxy credentials in the proxy URL (NETDATA_CLAIM_PROXY or [cloud] proxy).',
  ),
  'claim.state/claim-save-failed': t(
    'Netdata Cloud accepted the claim but the agent could not save it.',
    `Make /var/lib/netdata writable by the netdata user, then ${RECLAIM}.`,
  ),
  'claim.state/node-id-rejected': t(
    'Netdata Cloud rejected the node (claim) id.',
    'Claim again (v2 picks a new random id each time); on v1 give the node a fresh identity.',
  ),
  'claim.state/node-name-rejected': t(
    'Netdata Cloud rejected the node name.',
    'Give the container a plain host name (--hostname) and claim again.',
  ),
  'claim.state/rooms-rejected': t(
    "A room id in the claim is not valid for the token's Space.",
    'Copy NETDATA_CLAIM_ROOMS again from the Space\'s "Connect Nodes" page.',
  ),
  'claim.state/public-key-rejected': t("Netdata Cloud rejected the agent's public key.", RECLAIM),
  'claim.state/cloud-validation-error': t(
    'Netdata Cloud rejected the claim with a validation error key.',
    'Follow the error key; check the token, rooms and host name.',
  ),
  'claim.state/unexpected-response': t(
    'The claim got an HTTP answer the agent does not expect (a proxy or the wrong URL).',
    'Check NETDATA_CLAIM_URL and the proxy.',
  ),
  'claim.state/empty-response': t('The claim got an empty answer.', 'Check NETDATA_CLAIM_URL and the proxy; retry later.'),
  'claim.state/unexpected-response-code': t(
    'The claim got an unexpected HTTP code (3xx/404: a wrong claim URL; 407: proxy credentials).',
    'Check NETDATA_CLAIM_URL (https://app.netdata.cloud) and the proxy.',
  ),
  'claim.state/claim-in-progress': t(
    'Netdata Cloud is still processing an earlier claim of this node.',
    'Wait a minute and restart the agent.',
  ),
  'claim.state/token-rejected': t(
    'The claim token is expired, unknown or invalid (or belongs to another Cloud URL).',
    'Copy a current token from the Space\'s "Connect Nodes" page into NETDATA_CLAIM_TOKEN and recreate the container.',
  ),
  'claim.state/already-claimed': t(
    'Netdata Cloud already holds a claim for this identity: a cloned or reused machine GUID.',
    `Give the node a fresh identity: ${NEW_IDENTITY}.`,
  ),
  'claim.state/cloud-internal-error': t('Netdata Cloud answered Internal Server Error.', WAIT),
  'claim.state/cloud-unavailable': t('Netdata Cloud (or a proxy) answered Service Unavailable.', WAIT),
  'claim.state/cloud-gateway-timeout': t('Netdata Cloud (or a proxy) answered Gateway Timeout.', WAIT),
  'claim.state/claim-retries-exhausted': t(
    'The agent gave up claiming after its retries; the reason stays until the next restart.',
    'Fix the reason, then restart the agent.',
  ),
  'claim.state/ui-claim-invalid-key': t(
    'The verification key pasted in the UI claim does not match the file.',
    'Read the key file again and retry the claim in the UI.',
  ),
  'claim.state/ui-claim-invalid-parameters': t('The UI claim request was malformed.', 'Retry the claim from the UI.'),
  'claim.state/ui-claim-not-possible': t(
    'The agent says it cannot be claimed from the UI.',
    'If it is banned, give it a fresh identity; otherwise claim it with the token.',
  ),
  'claim.state/claim-dir-not-writable': t(
    'The v1 claim script could not create or write /var/lib/netdata/cloud.d.',
    'Make /var/lib/netdata writable by the netdata user (UID 201).',
  ),
  'claim.state/claimed-restart-needed': t('The claim succeeded but the agent was not told: it needs a restart.', 'Restart the container.'),
  'claim.state/claim-unknown-http-error': t('The v1 claim script got no known answer; usually the claim URL was unreachable.', NETWORK),
  'claim.state/machine-guid-unreadable': t(
    'The machine GUID could not be read or created (registry permissions, or seccomp on an old ' + 'host).',
    'Make /var/lib/netdata writable by the netdata user; see host.seccomp.',
  ),
  'claim.state/claim-script-ran': t(
    'The v1 claim script ran; it prints the URL, id and rooms it used.',
    'Check that Base URL and Id are what you expect.',
  ),
  'claim.state/url-set-not-claimed': t(
    'The v1 claim script only updated the Cloud URL; the node was not (re)claimed.',
    'Claim it with a token.',
  ),
  'claim.state/claim-request-sent': t('The v1 claim script reached the claim URL; the answer decides the result.', 'Read the next lines.'),
  'claim.state/daemon-not-running-at-claim': t(
    'The v1 claim script ran before the agent started, as in every Docker start.',
    'Nothing to do.',
  ),
  'claim.state/cloud-conf-missing': t(
    'cloud.d/cloud.conf is missing; normal on an agent that is not claimed yet.',
    'Nothing to do unless the agent is claimed; then claim it again.',
  ),
  'claim.state/claimed-id-invalid': t('The stored claimed_id is not a valid UUID; the agent treats itself as not claimed.', RECLAIM),
  'claim.state/claim-reloaded': t('The agent reloaded its claim.', 'Nothing to do.'),
  'claim.state/node-name-from-container-hostname': t(
    "The node name shown in Cloud comes from the container's host name.",
    'Set --hostname to the name you want.',
  ),
  // ---------------------------------------------------------------------------------------------- claim.config
  'claim.config/claim-env-ignored': t(
    'The claim settings are read only while the agent has no claimed_id: changing them on a claimed ' + 'agent has no effect.',
    `To claim with new settings: ${RECLAIM}.`,
  ),
  'claim.config/unknown-claim-option': t(
    'The v1 claim script refused an option (from NETDATA_EXTRA_CLAIM_OPTS).',
    'Remove the unsupported option from NETDATA_EXTRA_CLAIM_OPTS and recreate the container.',
  ),
  'claim.config/token-missing': t('The claim was run without a token.', 'Set NETDATA_CLAIM_TOKEN and recreate the container.'),
  'claim.config/proxy-not-set-for-aclk': t(
    "The claim used a proxy that the agent's Cloud link is not configured to use.",
    'Set [cloud] proxy in netdata.conf to the same proxy.',
  ),
  'claim.config/claim-conf-literal-newlines': t(
    'A v2.0-v2.8 claim script wrote claim.conf as one line with literal \\n: the agent ' + 'cannot read it.',
    'Rewrite /etc/netdata/claim.conf with one setting per line, or claim with NETDATA_CLAIM_* variables.',
  ),
  'claim.config/claim-runs-once-per-volume': t(
    'v1 images claim only when cloud.d/claimed_id is absent: a claimed volume skips the claim.',
    `To claim again: ${RECLAIM}.`,
  ),
  'claim.config/insecure-option-inverted': t(
    'NETDATA_EXTRA_CLAIM_OPTS=-insecure was inverted in v2.0-v2.10 (fixed in v2.11.0).',
    'Remove NETDATA_EXTRA_CLAIM_OPTS unless you need insecure mode; on v2.0-v2.10 any other value turns insecure mode on.',
  ),
  'claim.config/extra-claim-opts-ignored-v132': t('v1.32 images ignore NETDATA_EXTRA_CLAIM_OPTS.', 'Upgrade the image, or claim by hand.'),
  // ---------------------------------------------------------------------------------------------- claim.script
  'claim.script/wget-no-socks': t(
    'The v1 claim script has only wget, which cannot use a SOCKS proxy.',
    'Use an HTTP proxy, or an image with curl.',
  ),
  'claim.script/no-http-client': t('The v1 claim script found neither curl nor wget.', 'Use the official image unchanged.'),
  'claim.script/no-openssl': t('The v1 claim script found no openssl.', 'Use the official image unchanged.'),
  'claim.script/wrong-user': t('The v1 claim script ran as the wrong user.', "Do not override the image's user."),
  'claim.script/deprecated-wrapper': t(
    'The v2 netdata-claim.sh is a wrapper that writes claim.conf and asks the agent to reload.',
    'Prefer NETDATA_CLAIM_* variables or claim.conf.',
  ),
  'claim.script/no-config-write-access': t(
    'The v2 claim wrapper cannot write the config directory (exit 32).',
    'Run it as root (docker exec -u 0) or make /etc/netdata writable.',
  ),
  'claim.script/broken-install': t('The v2 claim wrapper is not templated: a broken install.', 'Use the official image unchanged.'),
  'claim.script/id-option-unsupported': t(
    'v2 cannot choose the claim id (-id= is ignored); a fresh identity needs the identity files ' + 'deleted.',
    NEW_IDENTITY,
  ),
  'claim.script/ignored-option': t('The v2 claim wrapper ignored an option it no longer supports.', 'Remove the option.'),
  'claim.script/reload-failed': t(
    'The v2 claim wrapper wrote claim.conf but netdatacli reload-claiming-state failed (the agent is not ' +
      'running or the pipe is unreachable).',
    'Restart the agent: it claims from claim.conf at start.',
  ),
  'claim.script/windows-claim-tool': t("The Windows claim tool's exit codes; not used in containers.", 'Nothing to do in Docker.'),
  // ---------------------------------------------------------------------------------------------- agent.cloud-support
  'agent.cloud-support/built-without-aclk': t('This build cannot connect to Netdata Cloud.', 'Use the official netdata/netdata image.'),
  'agent.cloud-support/built-without-cloud': t(
    'This agent was built without Netdata Cloud support and cannot be claimed.',
    'Use the official netdata/netdata image.',
  ),
  'agent.cloud-support/cloud-disabled': t(
    "Netdata Cloud is disabled in the agent's configuration.",
    'Remove NETDATA_DISABLE_CLOUD and [global] enabled = no from cloud.d/cloud.conf, then restart.',
  ),
  // ---------------------------------------------------------------------------------------------- agent.version
  'agent.version/legacy-aclk': t('A v1.32 agent on the legacy ACLK cannot connect to current Netdata Cloud.', 'Upgrade the agent image.'),
  // ---------------------------------------------------------------------------------------------- agent.running
  'agent.running/status-file-read': t(
    "status-netdata.json records the agent's identity, cloud status and how its last run ended.",
    'Nothing to do.',
  ),
  'agent.running/crash-loop': t(
    'The agent restarts or crashes repeatedly, so the node keeps dropping out of Cloud.',
    'Read exit_reason and fatal.message in status-netdata.json and fix that cause.',
  ),
  'agent.running/status-unknown': t('The status file does not say how the agent is doing.', "Read the agent's log."),
  'agent.running/died-initializing': t(
    'The last run died while starting.',
    "Read fatal.message in status-netdata.json and the end of the previous run's log.",
  ),
  'agent.running/killed-while-running': t(
    'The last run ended without writing its exit: killed or crashed while running.',
    'Look for an OOM kill or docker kill; give the container more memory.',
  ),
  'agent.running/killed-while-exiting': t(
    'The last run was killed while shutting down.',
    'Give docker stop a longer timeout (--stop-timeout 60).',
  ),
  'agent.running/exited-cleanly': t('The last run stopped cleanly.', 'Start the container if it should run.'),
  'agent.running/crash-bus-error': t(
    'The agent crashed with SIGBUS, often an I/O error on its database files.',
    'Check the disk under /var/cache/netdata; remove damaged database files.',
  ),
  'agent.running/crash-segfault': t(
    'The agent crashed (segmentation fault).',
    'Upgrade the agent; report the crash to Netdata with fatal.stack_trace.',
  ),
  'agent.running/crash-floating-point': t(
    'The agent crashed (floating-point exception).',
    'Upgrade the agent; report the crash to Netdata.',
  ),
  'agent.running/crash-illegal-instruction': t(
    'The agent binary uses instructions this CPU does not have.',
    'Use an image built for this CPU architecture.',
  ),
  'agent.running/crash-abort': t('The agent aborted (an assertion or the shutdown watchdog).', 'Upgrade the agent; read fatal.message.'),
  'agent.running/cpu-time-limit': t('The agent hit its CPU time limit (RLIMIT_CPU).', 'Remove the CPU time ulimit from the container.'),
  'agent.running/file-size-limit': t(
    'The agent hit its file size limit (RLIMIT_FSIZE).',
    'Remove the file size ulimit from the container.',
  ),
  'agent.running/out-of-memory': t('The agent ran out of memory.', "Raise or remove the container's memory limit."),
  'agent.running/port-in-use': t(
    'The agent could not listen on its port: another process (often another netdata) holds it.',
    'Stop what listens on port 19999, or set NETDATA_LISTENER_PORT to a free port.',
  ),
  'agent.running/fatal': t('The agent stopped on a fatal error; fatal.message names it.', 'Fix what fatal.message says.'),
  'agent.running/stopped-by-api': t('The agent was stopped through its API.', 'Start it again if it should run.'),
  'agent.running/stopped-by-command': t('The agent was stopped by netdatacli.', 'Start it again if it should run.'),
  'agent.running/stopped-by-signal': t('The agent was stopped by a signal (docker stop).', 'Start it again if it should run.'),
  'agent.running/stopped-by-service': t("The agent's service was stopped.", 'Start it again if it should run.'),
  'agent.running/system-shutdown': t('The agent stopped because the system shut down.', 'Start it again; set a restart policy.'),
  'agent.running/stopped-for-update': t('The agent stopped to update.', 'Start it again if the update did not.'),
  'agent.running/shutdown-timeout': t('The agent hung on exit and was cut off.', 'Give docker stop a longer timeout; upgrade the agent.'),
  'agent.running/first-start': t('No status file was found: a first start, or all copies were deleted.', 'Nothing to do.'),
  'agent.running/previous-run-no-status': t('The previous run left no status.', "Read the previous run's log."),
  'agent.running/previous-run-killed': t(
    'The previous run was killed hard (SIGKILL, OOM or docker kill).',
    'Check for OOM kills; give the container more memory.',
  ),
  'agent.running/previous-run-power-off': t('The previous run ended with the host powering off.', 'Nothing to do on the agent.'),
  'agent.running/disk-full': t(
    'The previous run ended with the disk full.',
    'Free space on the volumes of /var/lib/netdata and /var/cache/netdata.',
  ),
  'agent.running/previous-run-crashed': t(
    'The previous run died of a deadly signal.',
    'Read exit_reason and fatal in status-netdata.json.',
  ),
  'agent.running/plugin-log-method': t('A plugin was started outside the agent.', 'Nothing to do.'),
  'agent.running/telemetry-opt-out': t('Anonymous telemetry settings; unrelated to Cloud.', 'Nothing to do.'),
  'agent.running/docker-socket-detected': t('The Docker socket is mounted for container names; unrelated to Cloud.', 'Nothing to do.'),
  'agent.running/extra-packages-at-start': t(
    'Extra packages are installed at every start, which needs the network.',
    'Build your own image with the packages instead.',
  ),
  'agent.running/non-root-entrypoint': t(
    'The entrypoint runs as a non-root user; writing cloud.d and the registry may fail.',
    'Do not set --user on the container.',
  ),
  'agent.running/healthy-says-nothing-about-cloud': t(
    "Docker's health status does not reflect Cloud: health.sh accepts any HTTP answer.",
    'Use this doctor for Cloud state.',
  ),
  // ---------------------------------------------------------------------------------------------- host.seccomp
  'host.seccomp/old-stat-syscalls': t(
    "This Docker host's seccomp profile blocks newer stat system calls: nodes on it cannot be claimed.",
    'Upgrade Docker and libseccomp on the host, or run the container with --security-opt seccomp=unconfined.',
  ),
  'host.seccomp/bad-system-call': t(
    'The agent was killed by SIGSYS: seccomp blocked a system call (an old Docker or libseccomp).',
    'Upgrade Docker and libseccomp on the host, or run the container with --security-opt seccomp=unconfined.',
  ),
  // ---------------------------------------------------------------------------------------------- identity.unique
  'identity.unique/machine-guid-from-status-file': t(
    'agent.id in status-netdata.json is the machine GUID; v2.3.1+ recreate the GUID ' + 'file from it.',
    NEW_IDENTITY,
  ),
  'identity.unique/guid-recovered-from-status-file': t(
    'The agent brought its machine GUID back from a status-netdata.json copy: ' + 'deleting the GUID file alone did not reset it.',
    NEW_IDENTITY,
  ),
  'identity.unique/stale-status-file-copy': t(
    'A status-netdata.json copy in /var/cache/netdata, /tmp, /run or /var/run can bring back ' + 'an old identity.',
    NEW_IDENTITY,
  ),
  'identity.unique/new-guid-generated': t('The agent generated a new machine GUID: a new identity.', 'Claim it if it is not claimed.'),
  'identity.unique/blacklisted-guid-replaced': t(
    'The agent replaced a known shared machine GUID with a new one.',
    'Claim it if it is not claimed.',
  ),
  'identity.unique/identity-files': t("The files that make up the agent's identity.", NEW_IDENTITY),
  'identity.unique/guid-file-relocated': t(
    'Before v2.3.1 the GUID file path could be moved with [registry] netdata unique id file.',
    'Delete the GUID file at its configured path for a new identity.',
  ),
  'identity.unique/claim-id-is-machine-guid': t(
    'v1 claims with the machine GUID as claim id: clones collide with "already claimed".',
    NEW_IDENTITY,
  ),
  'identity.unique/host-prefix': t("The agent reads the host's files under /host (-s /host).", 'Nothing to do.'),
  'identity.unique/guid-lock-file': t(
    'A netdata.public.unique.id.lock file next to the GUID file is normal since v2.11.0.',
    'Nothing to do.',
  ),
  // ---------------------------------------------------------------------------------------------- storage.persistence
  'storage.persistence/status-file-not-writable': t(
    'The agent could not save its status file anywhere: read-only or full storage.',
    'Mount /var/lib/netdata read-write on a volume with free space.',
  ),
  'storage.persistence/etc-netdata-volume': t('/etc/netdata is a volume; claim.conf may live there.', 'Nothing to do.'),
} as const satisfies Record<VocabularyCause, CauseText>;

export type KnownCause = keyof typeof VOCABULARY_CAUSES;

/** The cause for a reason nobody knows, in the check that met it. */
export const unrecognizedCause = (check: CheckId): VocabularyCause => `${check}/unrecognized-reason`;
