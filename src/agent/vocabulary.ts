// Every word the agent can say about Cloud (reference/agent-vocabulary.json, v1.32 to master), each mapped to
// a cause of CONTRACT §4 in the check where it belongs, with an explanation and a remedy (vocabulary-causes.ts).
//
// `recognize(raw)` takes one string as the agent, its entrypoint or its claim script wrote it (a reason, a log
// line in either log format, a status-file value, a claim script message) and never depends on surrounding
// lines: a v1 `Failed to claim node with the following error message:"already claimed"` is recognised alone.
// Strings with placeholders (<status>, <code>, N) are patterns. Wrappers ("CLAIM: <reason>", "Netdata Cloud,
// ACLK connection status: <status>", …) are recognised by what they wrap. Pure; never throws.

import type { CheckId } from '../facts/check-ids.ts';
import { messageOf } from './logs.ts';
import { VOCABULARY_CAUSES, unrecognizedCause, type KnownCause, type VocabularyCause } from './vocabulary-causes.ts';

export { VOCABULARY_CAUSES, unrecognizedCause, type KnownCause, type VocabularyCause } from './vocabulary-causes.ts';

export type VocabularyCategory =
  | 'cloud_status'
  | 'aclk_reason'
  | 'claim_failure'
  | 'claim_script'
  | 'status_file'
  | 'log_line'
  | 'docker'
  | 'changes_2_10_to_master';

/** Where a string was read, when the caller knows: resolves words that mean different things in different places. */
export type ReadAs =
  | 'cloud-status'
  | 'aclk-reason'
  | 'claim-failure'
  | 'claim-script'
  | 'daemon-status'
  | 'exit-reason'
  | 'crash-cause'
  | 'log';

export interface RecognizeContext {
  as?: ReadAs;
}

export interface Recognition {
  category: VocabularyCategory;
  /** The entry's `string` in agent-vocabulary.json. */
  entry: string;
  cause: VocabularyCause;
  explanation: string;
  remedy: string;
  /** The raw input (bounded). */
  raw: string;
  /** The part that was matched: wrappers and log prefixes removed. */
  core: string;
  /** Values found in the string: an HTTP code, the proxy a claim used, seconds to wait, … */
  values?: Record<string, string>;
}

interface Rule {
  category: VocabularyCategory;
  /** The entry's `string` in agent-vocabulary.json, verbatim. */
  entry: string;
  cause: KnownCause;
  /** Whole-string matches (case-insensitive, trimmed). */
  exact?: readonly string[];
  /** Matches anywhere in the message. */
  pattern?: RegExp;
  /** The context this meaning belongs to; `strict` rules match only when the caller says so. */
  as?: ReadAs;
  strict?: boolean;
  /** A documentation entry (a field, a setting, a behaviour) rather than a string the agent emits: no samples. */
  field?: boolean;
  /** Claim script exit code (v1 script, or the v2 wrapper). */
  code?: number;
  /** The v2 netdata-claim.sh wrapper (its exit codes differ from the v1 script's). */
  script?: 'v2';
  /** A sentence around a reason of another kind: recognised by what it wraps (WRAPPERS). */
  wraps?: true;
  /** Emitted strings that must be recognised as this entry (tests); default: `exact`. */
  samples?: readonly string[];
  /** Refines the cause from the matched text. */
  refine?: (core: string, match: RegExpExecArray | undefined) => { cause?: KnownCause; values?: Record<string, string> } | undefined;
}

const r = (rule: Rule): Rule => rule;

/** A libcurl error text from a v2 claim request → the specific cause. */
function curlCause(text: string): KnownCause {
  const s = text.toLowerCase();
  if (/proxy|407/.test(s)) return 'claim.state/claim-proxy-failed';
  if (/resolve host|could not resolve|couldn't resolve/.test(s)) return 'claim.state/claim-dns-failure';
  if (/ssl|tls|certificate|peer|ca cert|x509/.test(s)) return 'claim.state/claim-tls-failed';
  if (/connect|timeout|timed out|receiving|send failure|reset|unreachable|no route/.test(s)) return 'claim.state/claim-unreachable';
  return 'claim.state/claim-request-failed';
}

/** The detail lines a v2.3+ claim transport failure appends. */
function claimDetails(full: string): Record<string, string> {
  const values: Record<string, string> = {};
  const proxy = /\bproxy: '([^'\n]*)'/.exec(full);
  if (proxy) values['proxy'] = proxy[1]!;
  const insecure = /\binsecure: (true|false)/.exec(full);
  if (insecure) values['insecure'] = insecure[1]!;
  const trusted = /\btrusted key file: '([^'\n]*)'/.exec(full);
  if (trusted) values['trustedKeyFile'] = trusted[1]!;
  return values;
}

// Ordered within each kind: the first match wins, so specific sentences come before the general ones.
const RULES: readonly Rule[] = [
  // ================================================================================== 2. ACLK reasons
  r({ category: 'aclk_reason', entry: 'connected', cause: 'aclk.connection/ok', exact: ['connected'], as: 'aclk-reason' }),
  r({ category: 'aclk_reason', entry: 'offline', cause: 'aclk.connection/not-yet-connected', exact: ['offline'], as: 'aclk-reason' }),
  r({ category: 'aclk_reason', entry: 'disabled', cause: 'aclk.connection/aclk-disabled', exact: ['disabled'], as: 'aclk-reason' }),
  r({
    category: 'aclk_reason',
    entry: 'configuration error, no cloud url',
    cause: 'aclk.connection/no-cloud-url',
    exact: ['configuration error, no cloud url'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'configuration error, invalid cloud url',
    cause: 'aclk.connection/invalid-cloud-url',
    exact: ['configuration error, invalid cloud url'],
  }),
  r({ category: 'aclk_reason', entry: 'agent is blocked', cause: 'aclk.connection/blocked-during-shutdown', exact: ['agent is blocked'] }),
  r({
    category: 'aclk_reason',
    entry: "can't connect, old protocol not supported",
    cause: 'aclk.connection/old-protocol-not-supported',
    exact: ["can't connect, old protocol not supported"],
  }),
  r({
    category: 'aclk_reason',
    entry: "can't connect, protocol capability not supported",
    cause: 'aclk.connection/protocol-capability-not-supported',
    exact: ["can't connect, protocol capability not supported"],
  }),
  r({
    category: 'aclk_reason',
    entry: "can't connect, invalid /env auth url",
    cause: 'aclk.connection/env-invalid-auth-url',
    exact: ["can't connect, invalid /env auth url"],
  }),
  r({
    category: 'aclk_reason',
    entry: "can't connect, invalid /env transport idx",
    cause: 'aclk.connection/env-invalid-transport-idx',
    exact: ["can't connect, invalid /env transport idx"],
  }),
  r({
    category: 'aclk_reason',
    entry: "can't connect, invalid /env transport URL",
    cause: 'aclk.connection/env-invalid-transport-url',
    exact: ["can't connect, invalid /env transport URL"],
  }),
  r({
    category: 'aclk_reason',
    entry: "can't connect, no LWT topic",
    cause: 'aclk.connection/no-lwt-topic',
    exact: ["can't connect, no LWT topic"],
  }),
  r({
    category: 'aclk_reason',
    entry: 'disconnected, due to remote request',
    cause: 'aclk.connection/disconnected-by-cloud',
    exact: ['disconnected, due to remote request'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'disconnected, ping timed out',
    cause: 'aclk.connection/ping-timeout',
    exact: ['disconnected, ping timed out'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'disconnected, to reload config',
    cause: 'aclk.connection/reloading-config',
    exact: ['disconnected, to reload config'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'disconnected, poll() failed',
    cause: 'aclk.connection/poll-failed',
    exact: ['disconnected, poll() failed'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'disconnected, no I/O progress on a ready socket',
    cause: 'aclk.connection/no-io-progress',
    exact: ['disconnected, no I/O progress on a ready socket'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'disconnected, timed out waiting for CONNACK',
    cause: 'aclk.connection/connack-timeout',
    exact: ['disconnected, timed out waiting for CONNACK'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'disconnected, closed by remote end',
    cause: 'aclk.connection/closed-by-remote',
    exact: ['disconnected, closed by remote end'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'disconnected, socket error',
    cause: 'aclk.connection/socket-error',
    exact: ['disconnected, socket error'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'disconnected, MQTT protocol error',
    cause: 'aclk.connection/mqtt-protocol-error',
    exact: ['disconnected, MQTT protocol error'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'disconnected, WebSockets protocol error',
    cause: 'aclk.connection/websocket-protocol-error',
    exact: ['disconnected, WebSockets protocol error'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'disconnected, message too big',
    cause: 'aclk.connection/message-too-big',
    exact: ['disconnected, message too big'],
  }),
  r({ category: 'aclk_reason', entry: 'unknown status', cause: 'aclk.connection/agent-unknown-status', exact: ['unknown status'] }),
  // v1.45-v2.2 tokens
  r({ category: 'aclk_reason', entry: 'none', cause: 'aclk.connection/not-yet-connected', exact: ['none'], as: 'aclk-reason' }),
  r({ category: 'aclk_reason', entry: 'no_cloud_url', cause: 'aclk.connection/no-cloud-url', exact: ['no_cloud_url'] }),
  r({ category: 'aclk_reason', entry: 'invalid_cloud_url', cause: 'aclk.connection/invalid-cloud-url', exact: ['invalid_cloud_url'] }),
  r({ category: 'aclk_reason', entry: 'not_claimed', cause: 'claim.state/not-claimed', exact: ['not_claimed'] }),
  r({
    category: 'aclk_reason',
    entry: 'env_endpoint_unreachable',
    cause: 'aclk.connection/env-unreachable',
    exact: ['env_endpoint_unreachable'],
  }),
  r({ category: 'aclk_reason', entry: 'env_response_not_200', cause: 'aclk.connection/env-rejected', exact: ['env_response_not_200'] }),
  r({ category: 'aclk_reason', entry: 'env_response_empty', cause: 'aclk.connection/env-empty', exact: ['env_response_empty'] }),
  r({ category: 'aclk_reason', entry: 'env_response_not_json', cause: 'aclk.connection/env-not-json', exact: ['env_response_not_json'] }),
  r({ category: 'aclk_reason', entry: 'env_failed', cause: 'aclk.connection/env-failed', exact: ['env_failed'] }),
  r({ category: 'aclk_reason', entry: 'blocked', cause: 'aclk.connection/blocked-during-shutdown', exact: ['blocked'] }),
  r({ category: 'aclk_reason', entry: 'no_old_protocol', cause: 'aclk.connection/old-protocol-not-supported', exact: ['no_old_protocol'] }),
  r({
    category: 'aclk_reason',
    entry: 'no_protocol_capability',
    cause: 'aclk.connection/protocol-capability-not-supported',
    exact: ['no_protocol_capability'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'invalid_env_auth_url',
    cause: 'aclk.connection/env-invalid-auth-url',
    exact: ['invalid_env_auth_url'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'invalid_env_transport_idx',
    cause: 'aclk.connection/env-invalid-transport-idx',
    exact: ['invalid_env_transport_idx'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'invalid_env_transport_url',
    cause: 'aclk.connection/env-invalid-transport-url',
    exact: ['invalid_env_transport_url'],
  }),
  r({ category: 'aclk_reason', entry: 'invalid_otp', cause: 'aclk.connection/otp-failed', exact: ['invalid_otp'] }),
  r({ category: 'aclk_reason', entry: 'no_lwt_topic', cause: 'aclk.connection/no-lwt-topic', exact: ['no_lwt_topic'] }),
  r({ category: 'aclk_reason', entry: 'unknown', cause: 'aclk.connection/agent-unknown-status', exact: ['unknown'] }),
  // ND_SOCK_ERROR strings (v2.3+)
  r({ category: 'aclk_reason', entry: 'no socket error', cause: 'aclk.connection/no-error-recorded', exact: ['no socket error'] }),
  r({ category: 'aclk_reason', entry: 'connection refused', cause: 'aclk.connection/connection-refused', exact: ['connection refused'] }),
  r({
    category: 'aclk_reason',
    entry: 'cannot resolve hostname',
    cause: 'aclk.connection/dns-failure',
    exact: ['cannot resolve hostname'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'cannot create socket',
    cause: 'aclk.connection/cannot-create-socket',
    exact: ['cannot create socket'],
  }),
  r({ category: 'aclk_reason', entry: 'no host in definition', cause: 'aclk.connection/no-host-in-url', exact: ['no host in definition'] }),
  r({ category: 'aclk_reason', entry: 'socket poll() error', cause: 'aclk.connection/socket-poll-error', exact: ['socket poll() error'] }),
  r({ category: 'aclk_reason', entry: 'timeout', cause: 'aclk.connection/connect-timeout', exact: ['timeout'] }),
  r({
    category: 'aclk_reason',
    entry: 'cannot establish SSL connection',
    cause: 'aclk.connection/tls-handshake-failed',
    exact: ['cannot establish SSL connection'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'invalid SSL certification',
    cause: 'aclk.connection/tls-verification-failed',
    exact: ['invalid SSL certification'],
  }),
  r({ category: 'aclk_reason', entry: 'failed to open SSL', cause: 'aclk.connection/tls-library-error', exact: ['failed to open SSL'] }),
  r({ category: 'aclk_reason', entry: 'thread cancelled', cause: 'aclk.connection/shutting-down', exact: ['thread cancelled'] }),
  r({
    category: 'aclk_reason',
    entry: 'no destination available',
    cause: 'aclk.connection/no-destination',
    exact: ['no destination available'],
  }),
  r({ category: 'aclk_reason', entry: 'unknown error', cause: 'aclk.connection/agent-unknown-error', exact: ['unknown error'] }),
  // https_client_resp_t strings (v2.3+)
  r({ category: 'aclk_reason', entry: 'ok', cause: 'aclk.connection/no-error-recorded', exact: ['ok'], as: 'aclk-reason' }),
  r({ category: 'aclk_reason', entry: 'not enough memory', cause: 'aclk.connection/out-of-memory', exact: ['not enough memory'] }),
  r({
    category: 'aclk_reason',
    entry: 'cannot set socket to non-blocking mode',
    cause: 'aclk.connection/socket-setup-failed',
    exact: ['cannot set socket to non-blocking mode'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'proxy negotiation failed',
    cause: 'aclk.connection/proxy-negotiation-failed',
    exact: ['proxy negotiation failed'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'proxy did not return http/200',
    cause: 'aclk.connection/proxy-negotiation-failed',
    exact: ['proxy did not return http/200'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'cannot create SSL ctx',
    cause: 'aclk.connection/tls-library-error',
    exact: ['cannot create SSL ctx'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'cannot set SSL verify paths',
    cause: 'aclk.connection/ca-store-unreadable',
    exact: ['cannot set SSL verify paths'],
  }),
  r({ category: 'aclk_reason', entry: 'cannot create SSL', cause: 'aclk.connection/tls-library-error', exact: ['cannot create SSL'] }),
  r({ category: 'aclk_reason', entry: 'cannot set TLS SNI', cause: 'aclk.connection/tls-library-error', exact: ['cannot set TLS SNI'] }),
  r({
    category: 'aclk_reason',
    entry: 'cannot set TLS hostname/IP verification',
    cause: 'aclk.connection/tls-hostname-setup-failed',
    exact: ['cannot set TLS hostname/IP verification'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'SSL_connect() failed',
    cause: 'aclk.connection/tls-handshake-failed',
    exact: ['SSL_connect() failed'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'cannot start SSL connection',
    cause: 'aclk.connection/tls-handshake-failed',
    exact: ['cannot start SSL connection'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'TLS certificate verification failed',
    cause: 'aclk.connection/tls-verification-failed',
    exact: ['TLS certificate verification failed'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'unknown https client request type',
    cause: 'aclk.connection/agent-internal-error',
    exact: ['unknown https client request type'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'https client failed to write http header',
    cause: 'aclk.connection/https-write-failed',
    exact: ['https client failed to write http header'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'https client failed to write http payload',
    cause: 'aclk.connection/https-write-failed',
    exact: ['https client failed to write http payload'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'https client poll() error',
    cause: 'aclk.connection/socket-poll-error',
    exact: ['https client poll() error'],
  }),
  r({ category: 'aclk_reason', entry: 'https client timeout', cause: 'aclk.connection/https-timeout', exact: ['https client timeout'] }),
  r({
    category: 'aclk_reason',
    entry: 'https client read error',
    cause: 'aclk.connection/https-read-failed',
    exact: ['https client read error'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'https client parsing of response failed',
    cause: 'aclk.connection/https-response-garbled',
    exact: ['https client parsing of response failed'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'agent is not claimed (during /env)',
    cause: 'aclk.connection/claim-removed-by-cloud',
    exact: ['agent is not claimed (during /env)'],
  }),
  r({
    category: 'aclk_reason',
    entry: '/env response code is not 200',
    cause: 'aclk.connection/env-rejected',
    exact: ['/env response code is not 200'],
  }),
  r({ category: 'aclk_reason', entry: '/env response is empty', cause: 'aclk.connection/env-empty', exact: ['/env response is empty'] }),
  r({
    category: 'aclk_reason',
    entry: '/env response is not JSON',
    cause: 'aclk.connection/env-not-json',
    exact: ['/env response is not JSON'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'otp challenge response is not http/200',
    cause: 'aclk.connection/otp-challenge-rejected',
    exact: ['otp challenge response is not http/200'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'otp challenge response is invalid',
    cause: 'aclk.connection/otp-challenge-invalid',
    exact: ['otp challenge response is invalid'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'otp password response is not http/201',
    cause: 'aclk.connection/otp-password-rejected',
    exact: ['otp password response is not http/201'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'otp password response is empty',
    cause: 'aclk.connection/otp-password-empty',
    exact: ['otp password response is empty'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'otp password response is not JSON',
    cause: 'aclk.connection/otp-password-not-json',
    exact: ['otp password response is not JSON'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'agent is not claimed (during otp)',
    cause: 'aclk.connection/claim-lost-during-otp',
    exact: ['agent is not claimed (during otp)'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'otp challenge decryption failed',
    cause: 'aclk.connection/otp-decrypt-failed',
    exact: ['otp challenge decryption failed'],
  }),
  // netdatacli aclk-state (text and JSON)
  r({
    category: 'aclk_reason',
    entry: 'aclk-state text: "Online: Yes|No"',
    cause: 'aclk.connection/offline',
    pattern: /^Online: No$/i,
    samples: ['Online: No'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'aclk-state text: "Banned By Cloud: Yes|No"',
    cause: 'aclk.ban/banned',
    pattern: /^Banned By Cloud: Yes$/i,
    samples: ['Banned By Cloud: Yes'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'aclk-state text: "Claimed: No" / "Claimed: Yes\\nClaimed Id: ..."',
    cause: 'claim.state/not-claimed',
    pattern: /^Claimed: No$/i,
    samples: ['Claimed: No'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'aclk-state text: "ACLK Implementation: Legacy" / "Next Generation"',
    cause: 'agent.version/legacy-aclk',
    pattern: /^ACLK Implementation: Legacy$/i,
    samples: ['ACLK Implementation: Legacy'],
  }),
  r({
    category: 'aclk_reason',
    entry: 'aclk-state text: "ACLK Available: No"',
    cause: 'agent.cloud-support/built-without-aclk',
    pattern: /^ACLK Available: No$/i,
    samples: ['ACLK Available: No'],
  }),
  r({
    category: 'aclk_reason',
    entry:
      'aclk-state json keys: "online", "banned-by-cloud", "agent-claimed", "claimed-id", "cloud-url", "reconnect-count", ' +
      '"next-connection-attempt-utc", "last-backoff-value"',
    cause: 'aclk.connection/offline',
    field: true,
  }),
  r({ category: 'aclk_reason', entry: 'aclk-state json "aclk-available"', cause: 'aclk.connection/offline', field: true }),
  r({
    category: 'aclk_reason',
    entry: 'aclk-state text: "MQTT Messages Dropped Without a PUBACK (since start)" / json "timed-out-mqtt-pubacks-since-start"',
    cause: 'aclk.connection/puback-timeouts',
    pattern: /^MQTT Messages Dropped Without a PUBACK \(since start\): [1-9]\d*$/i,
    samples: ['MQTT Messages Dropped Without a PUBACK (since start): 12'],
  }),

  // ================================================================================== 1. cloud.status and related
  r({ category: 'cloud_status', entry: 'online', cause: 'aclk.connection/ok', exact: ['online'], as: 'cloud-status' }),
  r({ category: 'cloud_status', entry: 'indirect', cause: 'aclk.connection/indirect-via-parent', exact: ['indirect'], as: 'cloud-status' }),
  r({ category: 'cloud_status', entry: 'available', cause: 'claim.state/not-claimed', exact: ['available'], as: 'cloud-status' }),
  r({ category: 'cloud_status', entry: 'banned', cause: 'aclk.ban/banned', exact: ['banned'], as: 'cloud-status' }),
  r({ category: 'cloud_status', entry: 'offline', cause: 'aclk.connection/offline', exact: ['offline'], as: 'cloud-status', strict: true }),
  r({
    category: 'cloud_status',
    entry: 'connecting',
    cause: 'aclk.connection/connecting-awaiting-contexts',
    exact: ['connecting'],
    as: 'cloud-status',
  }),
  r({
    category: 'cloud_status',
    entry: 'unavailable',
    cause: 'agent.cloud-support/built-without-aclk',
    exact: ['unavailable'],
    as: 'cloud-status',
  }),
  r({
    category: 'cloud_status',
    entry: 'disabled',
    cause: 'agent.cloud-support/cloud-disabled',
    exact: ['disabled'],
    as: 'cloud-status',
    strict: true,
  }),
  r({
    category: 'cloud_status',
    entry: 'reason: "Agent is not claimed yet"',
    cause: 'claim.state/no-claim-attempted',
    exact: ['Agent is not claimed yet'],
  }),
  r({
    category: 'cloud_status',
    entry: 'reason: "Agent is banned from Netdata Cloud"',
    cause: 'aclk.ban/banned',
    exact: ['Agent is banned from Netdata Cloud'],
  }),
  r({ category: 'cloud_status', entry: 'reason: "" (empty)', cause: 'aclk.connection/ok', exact: [''], as: 'aclk-reason', strict: true }),
  r({
    category: 'cloud_status',
    entry: 'reason: <aclk_status_to_string()> / "banned"',
    cause: 'aclk.ban/banned',
    exact: ['banned'],
    as: 'aclk-reason',
  }),
  r({
    category: 'cloud_status',
    entry: 'cloud fields: id, status, since, age, url, reason, claim_id, next_check, next_in',
    cause: 'aclk.connection/frequent-reconnects',
    field: true,
  }),
  r({
    category: 'cloud_status',
    entry: '/api/v1/info "cloud-enabled" / "cloud-available"',
    cause: 'agent.cloud-support/cloud-disabled',
    field: true,
  }),
  r({ category: 'cloud_status', entry: '/api/v1/info "agent-claimed"', cause: 'claim.state/not-claimed', field: true }),
  r({ category: 'cloud_status', entry: '/api/v1/info "aclk-available"', cause: 'aclk.connection/offline', field: true }),
  r({
    category: 'cloud_status',
    entry: 'netdatacli reload-claiming-state: "Netdata Agent is claimed to Netdata Cloud and is currently online."',
    cause: 'aclk.connection/ok',
    pattern: /Netdata Agent is claimed to Netdata Cloud and is currently online\./,
    samples: ['Netdata Agent is claimed to Netdata Cloud and is currently online.'],
  }),
  r({
    category: 'cloud_status',
    entry: 'netdatacli reload-claiming-state: "Netdata Agent is claimed to Netdata Cloud, but it is banned."',
    cause: 'aclk.ban/banned',
    pattern: /Netdata Agent is claimed to Netdata Cloud, but it is banned\./,
    samples: ['Netdata Agent is claimed to Netdata Cloud, but it is banned.'],
  }),
  r({
    category: 'cloud_status',
    entry: 'netdatacli reload-claiming-state: "Netdata Agent is not claimed to Netdata Cloud, but it is currently online via parent."',
    cause: 'aclk.connection/indirect-via-parent',
    pattern: /Netdata Agent is not claimed to Netdata Cloud, but it is currently online via parent\./,
    samples: ['Netdata Agent is not claimed to Netdata Cloud, but it is currently online via parent.'],
  }),
  // The two sentences that carry a reason are wrappers (see WRAPPERS); these rules name their entries.
  r({
    category: 'cloud_status',
    entry: 'netdatacli reload-claiming-state: "Netdata Agent is not claimed to Netdata Cloud: <reason>"',
    cause: 'claim.state/claim-failed',
    wraps: true,
    samples: ['Netdata Agent is not claimed to Netdata Cloud: Failed: token is expired, not found, or invalid'],
  }),
  r({
    category: 'cloud_status',
    entry: 'netdatacli reload-claiming-state: "Netdata Agent is claimed to Netdata Cloud, but it is currently offline: <reason>"',
    cause: 'aclk.connection/offline',
    wraps: true,
    samples: ['Netdata Agent is claimed to Netdata Cloud, but it is currently offline: /env response code is not 200'],
  }),

  // ================================================================================== 3. v2 claim failures
  r({
    category: 'claim_failure',
    entry: 'Cannot generate RSA key, EVP_PKEY_CTX_new_id() failed',
    cause: 'claim.state/key-generation-failed',
    exact: ['Cannot generate RSA key, EVP_PKEY_CTX_new_id() failed'],
  }),
  r({
    category: 'claim_failure',
    entry: 'Cannot generate RSA key, EVP_PKEY_keygen_init() failed',
    cause: 'claim.state/key-generation-failed',
    exact: ['Cannot generate RSA key, EVP_PKEY_keygen_init() failed'],
  }),
  r({
    category: 'claim_failure',
    entry: 'Cannot generate RSA key, EVP_PKEY_CTX_set_rsa_keygen_bits() failed',
    cause: 'claim.state/key-generation-failed',
    exact: ['Cannot generate RSA key, EVP_PKEY_CTX_set_rsa_keygen_bits() failed'],
  }),
  r({
    category: 'claim_failure',
    entry: 'Cannot generate RSA key, EVP_PKEY_keygen() failed',
    cause: 'claim.state/key-generation-failed',
    exact: ['Cannot generate RSA key, EVP_PKEY_keygen() failed'],
  }),
  r({
    category: 'claim_failure',
    entry: 'Cannot write private key file: <path>',
    cause: 'claim.state/key-write-failed',
    pattern: /^Cannot write private key file: /,
    samples: ['Cannot write private key file: /var/lib/netdata/cloud.d/private.pem'],
  }),
  r({
    category: 'claim_failure',
    entry: 'Cannot write public key file: <path>',
    cause: 'claim.state/key-write-failed',
    pattern: /^Cannot write public key file: /,
    samples: ['Cannot write public key file: /var/lib/netdata/cloud.d/public.pem'],
  }),
  r({
    category: 'claim_failure',
    entry: "cannot read public key file '<path>'",
    cause: 'claim.state/key-read-failed',
    pattern: /^cannot read public key file '/i,
    samples: ["cannot read public key file '/var/lib/netdata/cloud.d/public.pem'"],
  }),
  r({
    category: 'claim_failure',
    entry: 'Cannot initialize request (curl_easy_init() failed)',
    cause: 'claim.state/claim-request-init-failed',
    exact: ['Cannot initialize request (curl_easy_init() failed)'],
  }),
  r({
    category: 'claim_failure',
    entry: 'Cannot configure request (<CURLOPT> failed: <curl error>)',
    cause: 'claim.state/claim-request-config-failed',
    pattern: /^Cannot configure request \(/,
    samples: ['Cannot configure request (CURLOPT_PROXY failed: Unsupported proxy syntax)'],
  }),
  r({
    category: 'claim_failure',
    entry: 'Cannot append Content-Type header to the claim request',
    cause: 'claim.state/claim-request-init-failed',
    exact: ['Cannot append Content-Type header to the claim request'],
  }),
  r({
    category: 'claim_failure',
    entry:
      "Request failed: response body exceeded <N> bytes\\nproxy: '<p>',\\ninsecure: <bool>,\\npublic key file: '<f>',\\ntrusted key " +
      "file: '<f>'",
    cause: 'claim.state/claim-response-too-large',
    pattern: /^Request failed: response body exceeded (\d+) bytes/,
    samples: [
      "Request failed: response body exceeded 65536 bytes\\nproxy: 'env',\\ninsecure: false,\\npublic key file: " +
        "'/var/lib/netdata/cloud.d/public.pem',\\ntrusted key file: 'none'",
    ],
    refine: (core) => ({ values: claimDetails(core) }),
  }),
  r({
    category: 'claim_failure',
    entry:
      "Request failed with error: <curl_easy_strerror>\\nproxy: '<p>',\\ninsecure: <bool>,\\npublic key file: '<f>',\\ntrusted key " +
      "file: '<f|none>'",
    cause: 'claim.state/claim-request-failed',
    pattern: /^Request failed with error: [^\n]*\nproxy: /,
    samples: [
      "Request failed with error: Couldn't connect to server\\nproxy: 'env',\\ninsecure: false,\\npublic key file: " +
        "'/var/lib/netdata/cloud.d/public.pem',\\ntrusted key file: 'none'",
    ],
    refine: (core) => {
      const values = claimDetails(core);
      const curl = /^Request failed with error: ([^\n]*)/.exec(core)?.[1] ?? '';
      let cause = curlCause(curl);
      // A claim that could not connect through a configured proxy URL most likely failed at the proxy.
      const proxyUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(values['proxy'] ?? '');
      if (cause === 'claim.state/claim-unreachable' && proxyUrl) cause = 'claim.state/claim-proxy-failed';
      return { cause, values: { ...values, error: curl } };
    },
  }),
  r({
    category: 'claim_failure',
    entry: 'Request failed with error: <curl_easy_strerror>',
    cause: 'claim.state/claim-request-failed',
    pattern: /^Request failed with error: (.*)$/,
    samples: ["Request failed with error: Couldn't resolve host name"],
    refine: (core, m) => {
      const old = / \(proxy is set to '([^']*)'\)\s*$/.exec(m?.[1] ?? '');
      const curl = old ? m![1]!.slice(0, old.index) : (m?.[1] ?? '');
      return { cause: curlCause(curl), values: { error: curl, ...(old ? { proxy: old[1]! } : {}) } };
    },
  }),
  r({
    category: 'claim_failure',
    entry: 'Failed to save claiming info to disk',
    cause: 'claim.state/claim-save-failed',
    exact: ['Failed to save claiming info to disk'],
  }),
  r({
    category: 'claim_failure',
    entry: 'Failed: the node id is invalid',
    cause: 'claim.state/node-id-rejected',
    exact: ['Failed: the node id is invalid'],
  }),
  r({
    category: 'claim_failure',
    entry: 'Failed: the node name is invalid',
    cause: 'claim.state/node-name-rejected',
    exact: ['Failed: the node name is invalid'],
  }),
  r({
    category: 'claim_failure',
    entry: 'Failed: one or more room ids are invalid',
    cause: 'claim.state/rooms-rejected',
    exact: ['Failed: one or more room ids are invalid'],
  }),
  r({
    category: 'claim_failure',
    entry: 'Failed: the public key is invalid',
    cause: 'claim.state/public-key-rejected',
    exact: ['Failed: the public key is invalid'],
  }),
  r({
    category: 'claim_failure',
    entry: "Failed with description '<errorMsgKey>'",
    cause: 'claim.state/cloud-validation-error',
    pattern: /^Failed with description '([^']*)'/,
    samples: ["Failed with description 'ErrInvalidRequest'"],
    refine: (_c, m) => ({ values: { key: m?.[1] ?? '' } }),
  }),
  r({
    category: 'claim_failure',
    entry: 'Failed with a response code <code>',
    cause: 'claim.state/unexpected-response',
    pattern: /^Failed with a response code (\d+)/,
    samples: ['Failed with a response code 418'],
    refine: (_c, m) => ({ values: { httpCode: m?.[1] ?? '' } }),
  }),
  r({
    category: 'claim_failure',
    entry: 'Failed with an empty response, code <code>',
    cause: 'claim.state/empty-response',
    pattern: /^Failed with an empty response, code (\d+)/,
    samples: ['Failed with an empty response, code 200'],
    refine: (_c, m) => ({ values: { httpCode: m?.[1] ?? '' } }),
  }),
  r({
    category: 'claim_failure',
    entry: 'Claiming is in progress',
    cause: 'claim.state/claim-in-progress',
    exact: ['Claiming is in progress'],
  }),
  r({
    category: 'claim_failure',
    entry: 'Failed: token is expired, not found, or invalid',
    cause: 'claim.state/token-rejected',
    exact: ['Failed: token is expired, not found, or invalid'],
  }),
  r({
    category: 'claim_failure',
    entry: 'Failed: agent is already claimed',
    cause: 'claim.state/already-claimed',
    exact: ['Failed: agent is already claimed'],
  }),
  r({
    category: 'claim_failure',
    entry: 'Failed: received Internal Server Error',
    cause: 'claim.state/cloud-internal-error',
    exact: ['Failed: received Internal Server Error'],
  }),
  r({
    category: 'claim_failure',
    entry: 'Failed: Netdata Cloud is unavailable',
    cause: 'claim.state/cloud-unavailable',
    exact: ['Failed: Netdata Cloud is unavailable'],
  }),
  r({
    category: 'claim_failure',
    entry: 'Failed: Gateway Timeout',
    cause: 'claim.state/cloud-gateway-timeout',
    exact: ['Failed: Gateway Timeout'],
  }),
  r({
    category: 'claim_failure',
    entry: 'Failed with response code <code>',
    cause: 'claim.state/unexpected-response-code',
    pattern: /^Failed with response code (\d+)/,
    samples: ['Failed with response code 404', 'Failed with response code 407'],
    refine: (_c, m) => ({
      cause: m?.[1] === '407' ? 'claim.state/proxy-auth-required' : 'claim.state/unexpected-response-code',
      values: { httpCode: m?.[1] ?? '' },
    }),
  }),
  r({
    category: 'claim_failure',
    entry: 'claim retry policy: 5 attempts, sleep 300 ms + 100 ms x attempt',
    cause: 'claim.state/claim-retries-exhausted',
    field: true,
  }),
  r({
    category: 'claim_failure',
    entry: '/api/v2/claim text reply "invalid key"',
    cause: 'claim.state/ui-claim-invalid-key',
    exact: ['invalid key'],
    as: 'claim-failure',
  }),
  r({
    category: 'claim_failure',
    entry: '/api/v2/claim text reply "invalid parameters"',
    cause: 'claim.state/ui-claim-invalid-parameters',
    exact: ['invalid parameters'],
    as: 'claim-failure',
  }),
  r({
    category: 'claim_failure',
    entry: '/api/v3/claim json "success"/"message"/"can_be_claimed"/"key_filename"/"cmd"',
    cause: 'claim.state/ui-claim-not-possible',
    field: true,
  }),
  r({
    category: 'claim_failure',
    entry: 'claim sources order: claim.conf -> NETDATA_CLAIM_* env -> cloud.d/token+rooms',
    cause: 'claim.config/claim-env-ignored',
    field: true,
  }),

  // ================================================================================== 4. claim scripts
  r({
    category: 'claim_script',
    entry: 'exit 0: success (HTTP 204) - "Node was successfully claimed."',
    cause: 'claim.state/ok',
    code: 0,
    pattern: /Node was successfully claimed\./,
    samples: ['Node was successfully claimed.'],
  }),
  r({
    category: 'claim_script',
    entry: 'exit 1: "Unknown argument <arg>"',
    cause: 'claim.config/unknown-claim-option',
    code: 1,
    pattern: /^Unknown argument /,
    samples: ['Unknown argument -bogus'],
  }),
  r({
    category: 'claim_script',
    entry: 'exit 1: "wget doesn\'t support SOCKS. Please install curl or disable SOCKS proxy."',
    cause: 'claim.script/wget-no-socks',
    code: 1,
    pattern: /wget doesn't support SOCKS/,
    samples: ["wget doesn't support SOCKS. Please install curl or disable SOCKS proxy."],
  }),
  r({
    category: 'claim_script',
    entry: 'exit 2: "Failed to create claiming working directory <dir>"',
    cause: 'claim.state/claim-dir-not-writable',
    code: 2,
    pattern: /Failed to create claiming working directory/,
    samples: ['Failed to create claiming working directory /var/lib/netdata/cloud.d'],
  }),
  r({
    category: 'claim_script',
    entry: 'exit 2: "No write permission in claiming working directory <dir>"',
    cause: 'claim.state/claim-dir-not-writable',
    code: 2,
    pattern: /No write permission in claiming working directory/,
    samples: ['No write permission in claiming working directory /var/lib/netdata/cloud.d'],
  }),
  r({
    category: 'claim_script',
    entry: 'exit 2: "Failed to generate private/public key pair."',
    cause: 'claim.state/key-generation-failed',
    code: 2,
    pattern: /Failed to generate private\/public key pair\./,
    samples: ['Failed to generate private/public key pair.'],
  }),
  r({
    category: 'claim_script',
    entry: 'exit 2: "Failed to extract public key."',
    cause: 'claim.state/key-read-failed',
    code: 2,
    pattern: /Failed to extract public key\./,
    samples: ['Failed to extract public key.'],
  }),
  r({
    category: 'claim_script',
    entry: 'exit 2: "Claiming failed"',
    cause: 'claim.state/claim-save-failed',
    code: 2,
    exact: ['Claiming failed'],
  }),
  r({
    category: 'claim_script',
    entry: 'exit 3: "I need curl or wget to proceed, but neither is available on this system."',
    cause: 'claim.script/no-http-client',
    code: 3,
    pattern: /I need curl or wget to proceed/,
    samples: ['I need curl or wget to proceed, but neither is available on this system.'],
  }),
  r({
    category: 'claim_script',
    entry: 'exit 3: "I need openssl to proceed, but it is not available on this system."',
    cause: 'claim.script/no-openssl',
    code: 3,
    pattern: /I need openssl to proceed/,
    samples: ['I need openssl to proceed, but it is not available on this system.'],
  }),
  r({
    category: 'claim_script',
    entry: 'exit 3: "This agent was built with --disable-cloud and cannot be claimed"',
    cause: 'agent.cloud-support/built-without-cloud',
    code: 3,
    pattern: /built with --disable-cloud and cannot be claimed/,
    samples: ['This agent was built with --disable-cloud and cannot be claimed'],
  }),
  r({
    category: 'claim_script',
    entry: 'exit 3: "This agent was built without the dependencies for Cloud and cannot be claimed"',
    cause: 'agent.cloud-support/built-without-cloud',
    code: 3,
    pattern: /built without the dependencies for Cloud and cannot be claimed/,
    samples: ['This agent was built without the dependencies for Cloud and cannot be claimed'],
  }),
  r({
    category: 'claim_script',
    entry: 'exit 4: "Failed to connect to <URL_BASE>, return code <curl/wget rc>" + "Connection attempt N failed. Retry in Ns."',
    cause: 'claim.state/claim-unreachable',
    code: 4,
    pattern: /Failed to connect to (\S+), return code (\d+)|Connection attempt \d+ failed\. Retry in \d+s\./,
    samples: ['Failed to connect to https://app.netdata.cloud, return code 7', 'Connection attempt 1 failed. Retry in 1s.'],
    refine: (_c, m) => (m?.[1] ? { values: { url: m[1], curlCode: m[2] ?? '' } } : undefined),
  }),
  r({
    category: 'claim_script',
    entry: 'exit 5: "The claim was successful but the agent could not be notified (<rc>)- it requires a restart to connect to the cloud."',
    cause: 'claim.state/claimed-restart-needed',
    code: 5,
    pattern: /The claim was successful but the agent could not be notified/,
    samples: ['The claim was successful but the agent could not be notified (1)- it requires a restart to connect to the cloud.'],
  }),
  r({
    category: 'claim_script',
    entry: 'exit 6: "This script must be run by the <user> user account"',
    cause: 'claim.script/wrong-user',
    code: 6,
    pattern: /This script must be run by the \S+ user account/,
    samples: ['This script must be run by the netdata user account'],
  }),
  r({
    category: 'claim_script',
    entry: 'exit 7: "Unknown HTTP error message"',
    cause: 'claim.state/claim-unknown-http-error',
    code: 7,
    exact: ['Unknown HTTP error message'],
    as: 'claim-script',
  }),
  r({
    category: 'claim_script',
    entry: 'exit 8: ErrInvalidNodeID -> "invalid node id"',
    cause: 'claim.state/node-id-rejected',
    code: 8,
    exact: ['invalid node id', 'ErrInvalidNodeID'],
  }),
  r({
    category: 'claim_script',
    entry: 'exit 9: ErrInvalidNodeName -> "invalid node name"',
    cause: 'claim.state/node-name-rejected',
    code: 9,
    exact: ['invalid node name', 'ErrInvalidNodeName'],
  }),
  r({
    category: 'claim_script',
    entry: 'exit 10: ErrInvalidRoomID -> "invalid room id"',
    cause: 'claim.state/rooms-rejected',
    code: 10,
    exact: ['invalid room id', 'ErrInvalidRoomID'],
  }),
  r({
    category: 'claim_script',
    entry: 'exit 11: ErrInvalidPublicKey -> "invalid public key"',
    cause: 'claim.state/public-key-rejected',
    code: 11,
    exact: ['invalid public key', 'ErrInvalidPublicKey'],
  }),
  r({
    category: 'claim_script',
    entry: 'exit 12: ErrForbidden -> "token expired/token not found/invalid token"',
    cause: 'claim.state/token-rejected',
    code: 12,
    exact: ['token expired/token not found/invalid token', 'ErrForbidden'],
  }),
  r({
    category: 'claim_script',
    entry: 'exit 13: ErrAlreadyClaimed -> "already claimed"',
    cause: 'claim.state/already-claimed',
    code: 13,
    exact: ['already claimed', 'ErrAlreadyClaimed'],
  }),
  r({
    category: 'claim_script',
    entry: 'exit 14: ErrProcessingClaim -> "processing claiming"',
    cause: 'claim.state/claim-in-progress',
    code: 14,
    exact: ['processing claiming', 'ErrProcessingClaim'],
  }),
  r({
    category: 'claim_script',
    entry: 'exit 15: ErrInternalServerError -> "Internal Server Error"',
    cause: 'claim.state/cloud-internal-error',
    code: 15,
    exact: ['Internal Server Error', 'ErrInternalServerError'],
  }),
  r({
    category: 'claim_script',
    entry: 'exit 16: ErrGatewayTimeout -> "Gateway Timeout"',
    cause: 'claim.state/cloud-gateway-timeout',
    code: 16,
    exact: ['Gateway Timeout', 'ErrGatewayTimeout'],
  }),
  r({
    category: 'claim_script',
    entry: 'exit 17: ErrServiceUnavailable -> "Service Unavailable"',
    cause: 'claim.state/cloud-unavailable',
    code: 17,
    exact: ['Service Unavailable', 'ErrServiceUnavailable'],
  }),
  r({
    category: 'claim_script',
    entry:
      'exit 18: "Unable to generate machine ID." / "netdata.public.unique.id is not readable..." / "Failed to write new machine ' +
      'GUID..."',
    cause: 'claim.state/machine-guid-unreadable',
    code: 18,
    pattern: /Unable to generate machine ID\.|netdata\.public\.unique\.id is not readable|Failed to write new machine GUID/,
    samples: [
      'Unable to generate machine ID.',
      'Failed to write new machine GUID. Please make sure you have rights to write to ' +
        '/var/lib/netdata/registry/netdata.public.unique.id.',
    ],
  }),
  r({
    category: 'claim_script',
    entry: 'printed: "Token: ****************", "Base URL: ", "Id: ", "Rooms: ", "Hostname: ", "Proxy: ", "Netdata user: "',
    cause: 'claim.state/claim-script-ran',
    pattern: /^Token: \*+$/,
    samples: ['Token: ****************'],
  }),
  r({
    category: 'claim_script',
    entry: 'printed: "Failed to claim node with the following error message:\\"<msg>\\""',
    cause: 'claim.state/claim-failed',
    wraps: true,
    samples: ['Failed to claim node with the following error message:"already claimed"'],
  }),
  r({
    category: 'claim_script',
    entry: 'printed: "The cloud may have different credentials already registered for this agent ID ... use -id=$(uuidgen) ..."',
    cause: 'claim.state/already-claimed',
    pattern: /The cloud may have different credentials already registered for this agent ID/,
    samples: [
      'The cloud may have different credentials already registered for this agent ID and it cannot be reclaimed under different ' +
        'credentials for security reasons.',
    ],
  }),
  r({
    category: 'claim_script',
    entry: 'printed: "The agent cloud base url is set to the url provided."',
    cause: 'claim.state/url-set-not-claimed',
    pattern: /The agent cloud base url is set to the url provided\./,
    samples: ['The agent cloud base url is set to the url provided.'],
  }),
  r({
    category: 'claim_script',
    entry: 'printed: "Connection attempt N successful"',
    cause: 'claim.state/claim-request-sent',
    pattern: /^Connection attempt \d+ successful$/,
    samples: ['Connection attempt 1 successful'],
  }),
  r({
    category: 'claim_script',
    entry: 'printed: "Unable to communicate with Netdata daemon, querying config from disk instead."',
    cause: 'claim.state/daemon-not-running-at-claim',
    pattern: /Unable to communicate with Netdata daemon, querying config from disk instead\./,
    samples: ['Unable to communicate with Netdata daemon, querying config from disk instead.'],
  }),
  r({
    category: 'claim_script',
    entry:
      'printed: "You have attempted to claim this node through a proxy - please update your the proxy setting in your netdata.conf ' +
      'to <proxy>."',
    cause: 'claim.config/proxy-not-set-for-aclk',
    pattern: /You have attempted to claim this node through a proxy/,
    samples: [
      'You have attempted to claim this node through a proxy - please update your the proxy setting in your netdata.conf to ' +
        'http://proxy:3128.',
    ],
  }),
  r({
    category: 'claim_script',
    entry:
      'error-key table ErrInvalidNodeID=8 ErrInvalidNodeName=9 ErrInvalidRoomID=10 ErrInvalidPublicKey=11 ErrForbidden=12 ' +
      'ErrAlreadyClaimed=13 ErrProcessingClaim=14 ErrInternalServerError=15 ErrGatewayTimeout=16 ErrServiceUnavailable=17 *=7',
    cause: 'claim.state/claim-failed',
    field: true,
  }),
  r({
    category: 'claim_script',
    entry: 'v2 wrapper: "WARNING: This script is deprecated and will be officially unsupported in the near future. ..."',
    cause: 'claim.script/deprecated-wrapper',
    pattern: /WARNING: This script is deprecated and will be officially unsupported/,
    samples: ['WARNING: This script is deprecated and will be officially unsupported in the near future.'],
  }),
  r({
    category: 'claim_script',
    entry: 'v2 wrapper exit 1: "ERROR: Claim token must be specified"',
    cause: 'claim.config/token-missing',
    code: 1,
    script: 'v2',
    pattern: /ERROR: Claim token must be specified/,
    samples: ['ERROR: Claim token must be specified'],
  }),
  r({
    category: 'claim_script',
    entry: 'v2 wrapper exit 32: "ERROR: Script must be run by a user with write access to <config_dir>."',
    cause: 'claim.script/no-config-write-access',
    code: 32,
    script: 'v2',
    pattern: /ERROR: Script must be run by a user with write access to /,
    samples: ['ERROR: Script must be run by a user with write access to /etc/netdata.'],
  }),
  r({
    category: 'claim_script',
    entry: 'v2 wrapper: "ERROR: Expected templated value not present"',
    cause: 'claim.script/broken-install',
    pattern: /ERROR: Expected templated value not present/,
    samples: ['ERROR: Expected templated value not present'],
  }),
  r({
    category: 'claim_script',
    entry: 'v2 wrapper: "WARNING: -id option is no longer supported. Remove the node ID file instead."',
    cause: 'claim.script/id-option-unsupported',
    pattern: /-id option is no longer supported/,
    samples: ['WARNING: -id option is no longer supported. Remove the node ID file instead.'],
  }),
  r({
    category: 'claim_script',
    entry:
      'v2 wrapper: "-hostname option is no longer supported..." / "-user option is no longer supported." / "Ignoring unrecognized ' +
      'option <opt>"',
    cause: 'claim.script/ignored-option',
    pattern: /-(?:hostname|user) option is no longer supported|Ignoring unrecognized option /,
    samples: [
      'WARNING: -hostname option is no longer supported.',
      'WARNING: -user option is no longer supported.',
      'WARNING: Ignoring unrecognized option -foo',
    ],
  }),
  r({
    category: 'claim_script',
    entry: 'v2 wrapper: other exit codes = exit status of `netdatacli reload-claiming-state` (set -e)',
    cause: 'claim.script/reload-failed',
    script: 'v2',
    field: true,
  }),
  r({
    category: 'claim_script',
    entry: 'v2.0-v2.8 wrapper wrote claim.conf with `echo` (\\n escapes); v2.9+ uses printf',
    cause: 'claim.config/claim-conf-literal-newlines',
    field: true,
  }),
  r({
    category: 'claim_script',
    entry: 'v1 claim id defaults to the machine GUID (ID=$(cat netdata.public.unique.id)); -id=<uuid> overrides',
    cause: 'identity.unique/claim-id-is-machine-guid',
    field: true,
  }),

  // ================================================================================== 5. status-netdata.json
  r({ category: 'status_file', entry: 'status-netdata.json', cause: 'agent.running/status-file-read', field: true }),
  r({
    category: 'status_file',
    entry: 'schema "version": 19 (v2.3.0) ... 28 (v2.10.4) ... 29 (v2.11.0, master)',
    cause: 'agent.running/status-file-read',
    field: true,
  }),
  r({ category: 'status_file', entry: 'agent.id (machine GUID)', cause: 'identity.unique/machine-guid-from-status-file', field: true }),
  r({ category: 'status_file', entry: 'agent.node_id / agent.claim_id', cause: 'aclk.connection/never-connected', field: true }),
  r({ category: 'status_file', entry: 'agent.aclk (cloud status, sticky)', cause: 'aclk.connection/was-online-this-session', field: true }),
  r({
    category: 'status_file',
    entry: 'agent.restarts / agent.crashes / agent.reliability / agent.posts',
    cause: 'agent.running/crash-loop',
    field: true,
  }),
  r({
    category: 'status_file',
    entry: 'agent.status: none',
    cause: 'agent.running/status-unknown',
    exact: ['none'],
    as: 'daemon-status',
    strict: true,
  }),
  r({
    category: 'status_file',
    entry: 'agent.status: initializing',
    cause: 'agent.running/died-initializing',
    exact: ['initializing'],
    as: 'daemon-status',
    strict: true,
  }),
  r({
    category: 'status_file',
    entry: 'agent.status: running',
    cause: 'agent.running/killed-while-running',
    exact: ['running'],
    as: 'daemon-status',
    strict: true,
  }),
  r({
    category: 'status_file',
    entry: 'agent.status: exiting',
    cause: 'agent.running/killed-while-exiting',
    exact: ['exiting'],
    as: 'daemon-status',
    strict: true,
  }),
  r({
    category: 'status_file',
    entry: 'agent.status: exited',
    cause: 'agent.running/exited-cleanly',
    exact: ['exited'],
    as: 'daemon-status',
    strict: true,
  }),
  ...(
    [
      ['signal-bus-error', 'agent.running/crash-bus-error'],
      ['signal-segmentation-fault', 'agent.running/crash-segfault'],
      ['signal-floating-point-exception', 'agent.running/crash-floating-point'],
      ['signal-illegal-instruction', 'agent.running/crash-illegal-instruction'],
      ['signal-abort', 'agent.running/crash-abort'],
      ['signal-bad-system-call', 'host.seccomp/bad-system-call'],
      ['signal-cpu-time-limit-exceeded', 'agent.running/cpu-time-limit'],
      ['signal-file-size-limit-exceeded', 'agent.running/file-size-limit'],
      ['out-of-memory', 'agent.running/out-of-memory'],
      ['already-running', 'agent.running/port-in-use'],
      ['fatal', 'agent.running/fatal'],
      ['api-quit', 'agent.running/stopped-by-api'],
      ['cmd-exit', 'agent.running/stopped-by-command'],
      ['signal-quit', 'agent.running/stopped-by-signal'],
      ['signal-terminate', 'agent.running/stopped-by-signal'],
      ['signal-interrupt', 'agent.running/stopped-by-signal'],
      ['service-stop', 'agent.running/stopped-by-service'],
      ['system-shutdown', 'agent.running/system-shutdown'],
      ['update', 'agent.running/stopped-for-update'],
      ['shutdown-timeout', 'agent.running/shutdown-timeout'],
    ] as const
  ).map(([word, cause]) =>
    r({
      category: 'status_file',
      entry: `agent.exit_reason: ${word}`,
      cause,
      exact: [word],
      as: 'exit-reason',
      strict: ['fatal', 'update'].includes(word),
    }),
  ),
  r({
    category: 'status_file',
    entry:
      'fatal.{line, filename, function, message, errno, thread, thread_id, stack_trace, signal_code, sentry, fault_address, ' +
      'worker_job_id}',
    cause: 'agent.running/fatal',
    field: true,
  }),
  r({
    category: 'status_file',
    entry: 'write location 1: <varlib>/status-netdata.json (/var/lib/netdata)',
    cause: 'agent.running/status-file-read',
    field: true,
  }),
  r({
    category: 'status_file',
    entry: 'fallback locations: <cache dir> (/var/cache/netdata), /tmp, /run, /var/run, "." (daemon cwd)',
    cause: 'identity.unique/stale-status-file-copy',
    field: true,
  }),
  r({ category: 'status_file', entry: 'dedup-netdata.dat', cause: 'agent.running/status-file-read', field: true }),
  r({
    category: 'status_file',
    entry: 'log: "MACHINE_GUID: got previous GUID from daemon status file"',
    cause: 'identity.unique/guid-recovered-from-status-file',
    pattern: /MACHINE_GUID: got previous GUID from daemon status file/,
    samples: ['MACHINE_GUID: got previous GUID from daemon status file'],
  }),
  r({
    category: 'status_file',
    entry: 'log: "MACHINE_GUID: generating a new GUID"',
    cause: 'identity.unique/new-guid-generated',
    pattern: /MACHINE_GUID: generating a new GUID/,
    samples: ['MACHINE_GUID: generating a new GUID'],
  }),
  r({
    category: 'status_file',
    entry: 'log: "MACHINE_GUID: blacklisted machine GUID \'<guid>\' found, generating new one."',
    cause: 'identity.unique/blacklisted-guid-replaced',
    pattern: /MACHINE_GUID: blacklisted machine GUID '[^']*' found/,
    samples: ["MACHINE_GUID: blacklisted machine GUID '8a795b0c-2311-11e6-8563-000c295076a6' found, generating new one."],
  }),
  r({
    category: 'status_file',
    entry: 'log: "Cannot find a status file in any location"',
    cause: 'agent.running/first-start',
    pattern: /Cannot find a status file in any location/,
    samples: ['Cannot find a status file in any location'],
  }),
  r({
    category: 'status_file',
    entry: 'log: "Failed to save status file in any location"',
    cause: 'storage.persistence/status-file-not-writable',
    pattern: /Failed to save status file in any location/,
    samples: ['Failed to save status file in any location'],
  }),
  ...(
    [
      ['no last status', 'agent.running/previous-run-no-status'],
      ['killed hard', 'agent.running/previous-run-killed'],
      ['out of memory', 'agent.running/out-of-memory'],
      ['already running', 'agent.running/port-in-use'],
      ['abnormal power off', 'agent.running/previous-run-power-off'],
      ['disk full', 'agent.running/disk-full'],
      ['deadly signal', 'agent.running/previous-run-crashed'],
      ['killed fatal', 'agent.running/fatal'],
    ] as const
  ).map(([words, cause]) =>
    r({ category: 'status_file', entry: `start-up crash classification cause: "${words}"`, cause, exact: [words], as: 'crash-cause' }),
  ),
  r({
    category: 'status_file',
    entry:
      'identity files (v2.x): registry/netdata.public.unique.id, cloud.d/{cloud.conf,claimed_id,private.pem,public.pem}, ' +
      'status-netdata.json (all copies), claim.conf',
    cause: 'identity.unique/identity-files',
    field: true,
  }),
  r({
    category: 'status_file',
    entry: 'node_instance(host_id, claim_id, node_id) in <cache dir>/netdata-meta.db',
    cause: 'identity.unique/identity-files',
    field: true,
  }),
  r({
    category: 'status_file',
    entry: 'v1.x-v2.3.0: "[registry] netdata unique id file" setting; GUID generated with uuid_generate_time (MAC/time based)',
    cause: 'identity.unique/guid-file-relocated',
    field: true,
  }),

  // ================================================================================== 6. log lines
  r({
    category: 'log_line',
    entry: 'Netdata Cloud, ACLK connection status: <status>',
    cause: 'aclk.connection/offline',
    wraps: true,
    samples: ['Netdata Cloud, ACLK connection status: /env response code is not 200'],
  }),
  r({
    category: 'log_line',
    entry: 'ACLK connection successfully established / ACLK: connection successfully established',
    cause: 'aclk.connection/ok',
    pattern: /ACLK(?::)? connection successfully established/i,
    samples: ['ACLK connection successfully established', 'ACLK: connection successfully established'],
  }),
  r({
    category: 'log_line',
    entry: 'ACLK CONNECTED (access log)',
    cause: 'aclk.connection/ok',
    pattern: /\bACLK CONNECTED\b/,
    samples: ['ACLK CONNECTED'],
  }),
  r({
    category: 'log_line',
    entry: 'Connection Error or Dropped',
    cause: 'aclk.connection/connection-dropped',
    pattern: /Connection Error or Dropped/,
    samples: ['Connection Error or Dropped'],
  }),
  r({
    category: 'log_line',
    entry: 'Going to restart connection due to "<cloud request|ping timeout|reclaim|unknown>"',
    cause: 'aclk.connection/restart-requested',
    pattern: /Going to restart connection due to "([^"]*)"/,
    samples: ['Going to restart connection due to "ping timeout"'],
    refine: (_c, m) => ({
      cause: m?.[1] === 'ping timeout' ? 'aclk.connection/ping-timeout' : 'aclk.connection/restart-requested',
      values: { why: m?.[1] ?? '' },
    }),
  }),
  r({
    category: 'log_line',
    entry: 'ACLK: connection failed',
    cause: 'aclk.connection/mqtt-connect-failed',
    pattern: /^ACLK: connection failed$/,
    samples: ['ACLK: connection failed'],
  }),
  r({
    category: 'log_line',
    entry: 'ACLK: connection attempt failed before the link was established: <status>',
    cause: 'aclk.connection/mqtt-connect-failed',
    wraps: true,
    samples: ['ACLK: connection attempt failed before the link was established: disconnected, timed out waiting for CONNACK'],
  }),
  r({
    category: 'log_line',
    entry: 'ACLK: cloud base URL is empty.',
    cause: 'aclk.connection/no-cloud-url',
    pattern: /ACLK: cloud base URL is empty\./,
    samples: ['ACLK: cloud base URL is empty.'],
  }),
  r({
    category: 'log_line',
    entry: "ACLK: base URL '<url>' cannot be parsed.",
    cause: 'aclk.connection/invalid-cloud-url',
    pattern: /ACLK: base URL '[^']*' cannot be parsed\./,
    samples: ["ACLK: base URL 'htp:/x' cannot be parsed."],
  }),
  r({
    category: 'log_line',
    entry:
      'ACLK: failed to get ACLK environment (agent is not claimed | cannot contact ENV endpoint | ENV response code is not 200 (got ' +
      'N) | ENV response is empty | ENV response is not JSON)',
    cause: 'aclk.connection/env-failed',
    pattern: /ACLK: failed to get ACLK environment \(([^)]*)\)(?: \(got (\d+)\))?/,
    samples: [
      'ACLK: failed to get ACLK environment (agent is not claimed)',
      'ACLK: failed to get ACLK environment (cannot contact ENV endpoint)',
      'ACLK: failed to get ACLK environment (ENV response code is not 200) (got 503)',
      'ACLK: failed to get ACLK environment (ENV response is empty)',
      'ACLK: failed to get ACLK environment (ENV response is not JSON)',
    ],
    refine: (_c, m) => {
      const what = (m?.[1] ?? '').toLowerCase();
      const cause: KnownCause =
        what === 'agent is not claimed'
          ? 'aclk.connection/claim-removed-by-cloud'
          : what === 'cannot contact env endpoint'
            ? 'aclk.connection/env-unreachable'
            : what.startsWith('env response code is not 200')
              ? 'aclk.connection/env-rejected'
              : what === 'env response is empty'
                ? 'aclk.connection/env-empty'
                : what === 'env response is not json'
                  ? 'aclk.connection/env-not-json'
                  : 'aclk.connection/env-failed';
      return { cause, ...(m?.[2] ? { values: { httpCode: m[2] } } : {}) };
    },
  }),
  r({
    category: 'log_line',
    entry: 'Failed to Get ACLK environment (<reason>)',
    cause: 'aclk.connection/env-failed',
    wraps: true,
    samples: ['Failed to Get ACLK environment (env_response_not_200)'],
  }),
  r({
    category: 'log_line',
    entry: 'ACLK: Cloud returned EC="<code>", Msg-Key:"<key>", Msg:"<msg>", BlockRetry:<bool>, Backoff:<N>s',
    cause: 'aclk.connection/cloud-rejected',
    pattern: /Cloud returned EC="([^"]*)", Msg-Key:"([^"]*)", Msg:"([^"]*)", BlockRetry:(true|false)(?:, Backoff:(-?\d+)s)?/,
    samples: [
      'ACLK: Cloud returned EC="ErrNodeBanned", Msg-Key:"ErrNodeBanned", Msg:"this node is banned", BlockRetry:true, Backoff:-1s ' +
        '(-1 unset by cloud)',
      'ACLK: Cloud returned EC="ErrNodeNotFound", Msg-Key:"ErrNodeNotFound", Msg:"node not found", BlockRetry:false, Backoff:30s',
    ],
    refine: (_c, m) => ({
      cause: m?.[4] === 'true' ? 'aclk.ban/banned' : 'aclk.connection/cloud-rejected',
      values: {
        errorCode: m?.[1] ?? '',
        msgKey: m?.[2] ?? '',
        message: m?.[3] ?? '',
        blockRetry: m?.[4] ?? '',
        ...(m?.[5] ? { backoffSeconds: m[5] } : {}),
      },
    }),
  }),
  r({
    category: 'log_line',
    entry: 'Cloud Banned This Agent!',
    cause: 'aclk.ban/banned',
    pattern: /Cloud Banned This Agent!/,
    samples: ['Cloud Banned This Agent!'],
  }),
  r({
    category: 'log_line',
    entry: 'Cloud requested disconnect (EC=<n>, "<desc>")',
    cause: 'aclk.connection/disconnected-by-cloud',
    pattern: /Cloud requested disconnect \(EC=(\d+), "([^"]*)"\)/,
    samples: ['Cloud requested disconnect (EC=3, "maintenance")'],
    refine: (_c, m) => ({ values: { errorCode: m?.[1] ?? '', description: m?.[2] ?? '' } }),
  }),
  r({
    category: 'log_line',
    entry: 'Cloud asks not to reconnect for <N> seconds. We shall honor that request',
    cause: 'aclk.ban/reconnect-delayed',
    pattern: /Cloud asks not to reconnect for (\d+) seconds/,
    samples: ['Cloud asks not to reconnect for 600 seconds. We shall honor that request'],
    refine: (_c, m) => ({ values: { seconds: m?.[1] ?? '' } }),
  }),
  r({
    category: 'log_line',
    entry: 'ACLK: OTP Challenge failed / ACLK: OTP Challenge HTTP code not 200 OK (got N)',
    cause: 'aclk.connection/otp-challenge-rejected',
    pattern: /OTP Challenge (?:failed|HTTP code not 200 OK \(got (\d+)\))/,
    samples: ['ACLK: OTP Challenge failed', 'ACLK: OTP Challenge HTTP code not 200 OK (got 404)'],
    refine: (_c, m) => (m?.[1] ? { values: { httpCode: m[1] } } : undefined),
  }),
  r({
    category: 'log_line',
    entry: 'ACLK: OTP Password HTTP code not 201 Created (got N)',
    cause: 'aclk.connection/otp-password-rejected',
    pattern: /OTP Password HTTP code not 201 Created \(got (\d+)\)/,
    samples: ['ACLK: OTP Password HTTP code not 201 Created (got 401)'],
    refine: (_c, m) => ({ values: { httpCode: m?.[1] ?? '' } }),
  }),
  r({
    category: 'log_line',
    entry: "ACLK: Couldn't decrypt the challenge received",
    cause: 'aclk.connection/otp-decrypt-failed',
    pattern: /Couldn't decrypt the challenge received/,
    samples: ["ACLK: Couldn't decrypt the challenge received"],
  }),
  r({
    category: 'log_line',
    entry: 'ACLK: error connecting TCP socket to "<host>"',
    cause: 'aclk.connection/tcp-connect-failed',
    pattern: /ACLK: error connecting TCP socket to "([^"]*)"/,
    samples: ['ACLK: error connecting TCP socket to "app.netdata.cloud"'],
    refine: (_c, m) => ({ values: { host: m?.[1] ?? '' } }),
  }),
  r({
    category: 'log_line',
    entry: 'ACLK: <scheme>proxy negotiation failed via <proxy>:<port> to <host>:<port>',
    cause: 'aclk.connection/proxy-negotiation-failed',
    pattern: /ACLK: (?:(\S+) )?proxy negotiation failed via (\S+) to (\S+)/,
    samples: [
      'ACLK: HTTP proxy negotiation failed via proxy.lan:3128 to app.netdata.cloud:443',
      'ACLK: proxy negotiation failed via proxy.lan:3128 to app.netdata.cloud:443',
    ],
    refine: (_c, m) => ({ values: { proxy: m?.[2] ?? '', target: m?.[3] ?? '' } }),
  }),
  r({
    category: 'log_line',
    entry: 'ACLK: connecting to <host>:<port> via proxy <proto><proxy>:<port> (with|without credentials) / (no proxy)',
    cause: 'aclk.connection/connect-attempt',
    pattern: /ACLK: connecting to (\S+) (?:via proxy (\S+)|\(no proxy\))/,
    samples: [
      'ACLK: connecting to app.netdata.cloud:443 (no proxy)',
      'ACLK: connecting to app.netdata.cloud:443 via proxy http://proxy.lan:3128 (without credentials)',
    ],
    refine: (_c, m) => ({ values: { target: m?.[1] ?? '', ...(m?.[2] ? { proxy: m[2] } : {}) } }),
  }),
  r({
    category: 'log_line',
    entry: "ACLK: TLS certificate verification failed for host '<host>': <X509 error>",
    cause: 'aclk.connection/tls-verification-failed',
    pattern: /TLS certificate verification failed for host '([^']*)': (.*)$/,
    samples: ["ACLK: TLS certificate verification failed for host 'app.netdata.cloud': self-signed certificate in certificate chain"],
    refine: (_c, m) => ({ values: { host: m?.[1] ?? '', x509: m?.[2] ?? '' } }),
  }),
  r({
    category: 'log_line',
    entry: 'ACLK: Self Signed Certificate Accepted as the agent was configured with ACLK_SSL_ALLOW_SELF_SIGNED',
    cause: 'aclk.connection/insecure-tls-accepted',
    pattern: /Self Signed Certificate Accepted/,
    samples: ['ACLK: Self Signed Certificate Accepted as the agent was configured with ACLK_SSL_ALLOW_SELF_SIGNED'],
  }),
  r({
    category: 'log_line',
    entry: 'Timed out after <N> seconds waiting for CONNACK from MQTT WSS server "<host>", port <p>',
    cause: 'aclk.connection/connack-timeout',
    pattern: /Timed out after \d+ seconds waiting for CONNACK/,
    samples: ['Timed out after 30 seconds waiting for CONNACK from MQTT WSS server "mqtt.netdata.cloud", port 443'],
  }),
  r({
    category: 'log_line',
    entry: 'Wait before attempting to reconnect in <sec> seconds',
    cause: 'aclk.connection/backoff',
    pattern: /Wait before attempting to reconnect in ([\d.]+) seconds/,
    samples: ['Wait before attempting to reconnect in 5.2 seconds'],
  }),
  r({
    category: 'log_line',
    entry: 'CLAIM: Unable to find our claimed_id, setting state to AGENT_UNCLAIMED',
    cause: 'claim.state/not-claimed',
    pattern: /Unable to find our claimed_id, setting state to AGENT_UNCLAIMED/,
    samples: ['CLAIM: Unable to find our claimed_id, setting state to AGENT_UNCLAIMED'],
  }),
  r({
    category: 'log_line',
    entry: 'CLAIM: Found a valid claimed_id, setting state to AGENT_CLAIMED',
    cause: 'claim.state/ok',
    pattern: /Found a valid claimed_id, setting state to AGENT_CLAIMED/,
    samples: ['CLAIM: Found a valid claimed_id, setting state to AGENT_CLAIMED'],
  }),
  r({
    category: 'log_line',
    entry: 'CLAIM: agent was already connected to NC - forcing reconnection under new credentials',
    cause: 'aclk.connection/reconnect-after-reclaim',
    pattern: /agent was already connected to NC - forcing reconnection/,
    samples: ['CLAIM: agent was already connected to NC - forcing reconnection under new credentials'],
  }),
  r({
    category: 'log_line',
    entry: 'CLAIM: Reloading Agent Claiming configuration.',
    cause: 'claim.state/claim-reloaded',
    pattern: /Reloading Agent Claiming configuration\./,
    samples: ['CLAIM: Reloading Agent Claiming configuration.'],
  }),
  r({
    category: 'log_line',
    entry: "CLAIM: cannot load cloud config '<file>'. Running with internal defaults.",
    cause: 'claim.state/cloud-conf-missing',
    pattern: /cannot load cloud config '[^']*'\. Running with internal defaults\./,
    samples: ["CLAIM: cannot load cloud config '/var/lib/netdata/cloud.d/cloud.conf'. Running with internal defaults."],
  }),
  r({
    category: 'log_line',
    entry: "CLAIM: claimed_id '<id>' (loaded from '<src>'), is not a valid UUID.",
    cause: 'claim.state/claimed-id-invalid',
    pattern: /claimed_id '[^']*' \(loaded from '[^']*'\), is not a valid UUID\./,
    samples: ["CLAIM: claimed_id 'xyz' (loaded from '/var/lib/netdata/cloud.d/claimed_id'), is not a valid UUID."],
  }),
  // CLAIM: <failure reason> wraps the category-3 reasons (WRAPPERS); this rule names the entry.
  r({
    category: 'log_line',
    entry: 'CLAIM: <failure reason>',
    cause: 'claim.state/claim-failed',
    wraps: true,
    samples: ['CLAIM: Failed: token is expired, not found, or invalid'],
  }),
  r({
    category: 'log_line',
    entry: 'Cannot setup listen port(s). Is Netdata already running?',
    cause: 'agent.running/port-in-use',
    pattern: /Cannot setup listen port\(s\)\. Is Netdata already running\?/,
    samples: ['Cannot setup listen port(s). Is Netdata already running?'],
  }),
  r({
    category: 'log_line',
    entry:
      '[logs] daemon / collector / access / health / debug = journal|syslog|stdout|stderr|none|<file>; level; facility; logs flood ' +
      'protection period (60s); logs to trigger flood protection (1000)',
    cause: 'aclk.connection/logs-unreadable',
    field: true,
  }),
  r({
    category: 'log_line',
    entry:
      'journal socket probing: <host prefix>/run/systemd/journal.netdata/socket, <prefix>/run/systemd/journal/socket, ' +
      '/run/systemd/journal.netdata/socket, /run/systemd/journal/socket',
    cause: 'aclk.connection/logs-unreadable',
    field: true,
  }),
  r({
    category: 'log_line',
    entry: 'plugins: "NETDATA_LOG_METHOD is not set. Using journal." / "... Using stderr."',
    cause: 'agent.running/plugin-log-method',
    pattern: /NETDATA_LOG_METHOD is not set\. Using (?:journal|stderr)\./,
    samples: ['NETDATA_LOG_METHOD is not set. Using journal.', 'NETDATA_LOG_METHOD is not set. Using stderr.'],
  }),
  r({ category: 'log_line', entry: '[cloud] conversation log = yes -> aclk.log', cause: 'aclk.connection/conversation-log', field: true }),

  // ================================================================================== 7. Docker entrypoint and image
  r({
    category: 'docker',
    entry:
      'WARNING: This Docker host appears to not properly support newer stat system calls. ... nodes running on such hosts **cannot ' +
      'be claimed**',
    cause: 'host.seccomp/old-stat-syscalls',
    pattern: /This Docker host appears to not properly support newer stat system calls/,
    samples: [
      'WARNING: This Docker host appears to not properly support newer stat system calls. This is known to cause issues with ' +
        'Netdata (most notably, nodes running on such hosts **cannot be claimed**).',
    ],
  }),
  r({
    category: 'docker',
    entry:
      'WARNING: For more information, see ' +
      'https://learn.netdata.cloud/docs/agent/claim#known-issues-on-older-hosts-with-seccomp-enabled',
    cause: 'host.seccomp/old-stat-syscalls',
    pattern: /known-issues-on-older-hosts-with-seccomp-enabled/,
    samples: [
      'WARNING: For more information, see ' +
        'https://learn.netdata.cloud/docs/agent/claim#known-issues-on-older-hosts-with-seccomp-enabled',
    ],
  }),
  r({
    category: 'docker',
    entry:
      'run.sh claim step: netdata-claim.sh -token=$NETDATA_CLAIM_TOKEN -url=$NETDATA_CLAIM_URL [-rooms=] [-proxy=] ' +
      '$NETDATA_EXTRA_CLAIM_OPTS -daemon-not-running',
    cause: 'claim.config/claim-runs-once-per-volume',
    field: true,
  }),
  r({
    category: 'docker',
    entry: 'NETDATA_CLAIM_TOKEN / NETDATA_CLAIM_URL / NETDATA_CLAIM_ROOMS / NETDATA_CLAIM_PROXY (v2: read by the agent)',
    cause: 'claim.config/claim-env-ignored',
    field: true,
  }),
  r({
    category: 'docker',
    entry: 'NETDATA_EXTRA_CLAIM_OPTS (v2: only "-insecure" is honoured)',
    cause: 'claim.config/insecure-option-inverted',
    field: true,
  }),
  r({
    category: 'docker',
    entry: 'NETDATA_EXTRA_CLAIM_OPTS appended to netdata-claim.sh (v1 images)',
    cause: 'claim.config/extra-claim-opts-ignored-v132',
    field: true,
  }),
  r({ category: 'docker', entry: 'DO_NOT_TRACK / DISABLE_TELEMETRY', cause: 'agent.running/telemetry-opt-out', field: true }),
  r({
    category: 'docker',
    entry: 'PGID / DOCKER_HOST: "Netdata detected docker.sock" / "Netdata detected balena-engine.sock"',
    cause: 'agent.running/docker-socket-detected',
    pattern: /Netdata detected (?:docker|balena-engine)\.sock/,
    samples: ['Netdata detected docker.sock', 'Netdata detected balena-engine.sock'],
  }),
  r({ category: 'docker', entry: 'NETDATA_LISTENER_PORT (default 19999)', cause: 'agent.running/port-in-use', field: true }),
  r({
    category: 'docker',
    entry: 'NETDATA_EXTRA_DEB_PACKAGES / NETDATA_EXTRA_APK_PACKAGES (deprecated warning)',
    cause: 'agent.running/extra-packages-at-start',
    field: true,
  }),
  r({
    category: 'docker',
    entry: 'WARNING: Entrypoint started as non-root user. This is not officially supported ...',
    cause: 'agent.running/non-root-entrypoint',
    pattern: /Entrypoint started as non-root user/,
    samples: [
      'WARNING: Entrypoint started as non-root user. This is not officially supported and some features may not be ' + 'available.',
    ],
  }),
  r({
    category: 'docker',
    entry: 'Copying stock configuration to /etc/netdata',
    cause: 'storage.persistence/etc-netdata-volume',
    pattern: /^Copying stock configuration to \/etc\/netdata/,
    samples: ['Copying stock configuration to /etc/netdata'],
  }),
  r({
    category: 'docker',
    entry: 'HEALTHCHECK --interval=60s --timeout=10s --retries=3 CMD /usr/sbin/health.sh',
    cause: 'agent.running/healthy-says-nothing-about-cloud',
    field: true,
  }),
  r({
    category: 'docker',
    entry:
      'health.sh: NETDATA_HEALTHCHECK_TARGET (default http://localhost:${NETDATA_LISTENER_PORT:-19999}/api/v1/info; "cli" => ' +
      'netdatacli ping)',
    cause: 'agent.running/healthy-says-nothing-about-cloud',
    field: true,
  }),
  r({
    category: 'docker',
    entry: 'log symlinks: /var/log/netdata/daemon.log and error.log -> /dev/stderr; access/aclk/debug/collector/health.log -> /dev/stdout',
    cause: 'aclk.connection/logs-in-docker-logs',
    field: true,
  }),
  r({
    category: 'docker',
    entry: 'exec /usr/sbin/netdata -u "${DOCKER_USR}" -D -s /host -p ...',
    cause: 'identity.unique/host-prefix',
    field: true,
  }),
  r({ category: 'docker', entry: '/etc/netdata/.container-hostname', cause: 'claim.state/node-name-from-container-hostname', field: true }),

  // ================================================================================== 8. changes v2.10.4 → master
  r({
    category: 'changes_2_10_to_master',
    entry: 'NETDATA_EXTRA_CLAIM_OPTS "-insecure" parsing fixed',
    cause: 'claim.config/insecure-option-inverted',
    field: true,
  }),
  r({
    category: 'changes_2_10_to_master',
    entry: 'HTTPS client hostname/IP verification (X509_VERIFY_PARAM_set1_host / set1_ip_asc) for /env and OTP',
    cause: 'aclk.connection/tls-verification-failed',
    field: true,
  }),
  r({
    category: 'changes_2_10_to_master',
    entry: 'New ACLK status strings: "disconnected, no I/O progress on a ready socket", "disconnected, timed out waiting for CONNACK"',
    cause: 'aclk.connection/no-io-progress',
    field: true,
  }),
  r({ category: 'changes_2_10_to_master', entry: 'status file schema 28 -> 29', cause: 'agent.running/status-file-read', field: true }),
  r({
    category: 'changes_2_10_to_master',
    entry: 'machine GUID publication with lock file <registry>/netdata.public.unique.id.lock + temp file rename',
    cause: 'identity.unique/guid-lock-file',
    field: true,
  }),
  r({
    category: 'changes_2_10_to_master',
    entry: 'private/public key write error checks (write/close verified)',
    cause: 'claim.state/key-write-failed',
    field: true,
  }),
  r({
    category: 'changes_2_10_to_master',
    entry: 'aclk-state: "MQTT Messages Dropped Without a PUBACK (since start)" / "timed-out-mqtt-pubacks-since-start"',
    cause: 'aclk.connection/puback-timeouts',
    field: true,
  }),
  r({
    category: 'changes_2_10_to_master',
    entry: 'Windows claim tool exit codes ND_CLAIM_OK=0, ND_CLAIM_BAD_ARGS=1, ND_CLAIM_INTERNAL=2, ND_CLAIM_WRITE_FAILED=3',
    cause: 'claim.script/windows-claim-tool',
    field: true,
  }),
];

/** Wrappers: a sentence around a reason of another kind; the reason decides the cause. */
const WRAPPERS: readonly { pattern: RegExp; innerAs: ReadAs; entry: string; category: VocabularyCategory; check: CheckId }[] = [
  {
    pattern: /^Netdata Cloud, ACLK connection status:\s*(.*)$/is,
    innerAs: 'aclk-reason',
    entry: 'Netdata Cloud, ACLK connection status: <status>',
    category: 'log_line',
    check: 'aclk.connection',
  },
  {
    pattern: /^ACLK: connection attempt failed before the link was established:\s*(.*)$/is,
    innerAs: 'aclk-reason',
    entry: 'ACLK: connection attempt failed before the link was established: <status>',
    category: 'log_line',
    check: 'aclk.connection',
  },
  {
    pattern: /^Failed to Get ACLK environment \((.*)\)\s*$/is,
    innerAs: 'aclk-reason',
    entry: 'Failed to Get ACLK environment (<reason>)',
    category: 'log_line',
    check: 'aclk.connection',
  },
  {
    pattern: /^Netdata Agent is not claimed to Netdata Cloud:\s*(.*)$/is,
    innerAs: 'claim-failure',
    entry: 'netdatacli reload-claiming-state: "Netdata Agent is not claimed to Netdata Cloud: <reason>"',
    category: 'cloud_status',
    check: 'claim.state',
  },
  {
    pattern: /^Netdata Agent is claimed to Netdata Cloud, but it is currently offline:\s*(.*)$/is,
    innerAs: 'aclk-reason',
    entry: 'netdatacli reload-claiming-state: "Netdata Agent is claimed to Netdata Cloud, but it is currently offline: <reason>"',
    category: 'cloud_status',
    check: 'aclk.connection',
  },
  { pattern: /^CLAIM:\s*(.*)$/is, innerAs: 'claim-failure', entry: 'CLAIM: <failure reason>', category: 'log_line', check: 'claim.state' },
  {
    pattern: /Failed to claim node with the following error message:\s*"?([^"\n]*)"?/i,
    innerAs: 'claim-script',
    entry: 'printed: "Failed to claim node with the following error message:\\"<msg>\\""',
    category: 'claim_script',
    check: 'claim.state',
  },
];

const MAX_RAW = 8192;

/** The message: logfmt `msg="…"` or the v1.3x "date: netdata LEVEL : THREAD : text" prefix removed, literal \n as line breaks. */
function messageFrom(raw: string): string {
  let s = raw.slice(0, MAX_RAW);
  const firstLine = s.split('\n')[0] ?? '';
  if (/\bmsg="/.test(firstLine)) s = messageOf(firstLine);
  s = s.replace(/^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?Z?:? (?:netdata|[\w.-]+) [A-Z]+\s*: [^:]+ : /, '');
  // A docker logs --timestamps prefix.
  s = s.replace(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z /, '');
  s = s.replace(/\\n/g, '\n').replace(/\\"/g, '"');
  return s.trim();
}

const lowerEq = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function build(
  rule: Pick<Rule, 'category' | 'entry'>,
  cause: KnownCause,
  raw: string,
  core: string,
  values?: Record<string, string>,
): Recognition {
  const text = VOCABULARY_CAUSES[cause];
  return {
    category: rule.category,
    entry: rule.entry,
    cause,
    explanation: text.meaning,
    remedy: text.remedy,
    raw: raw.slice(0, 1024),
    core: core.slice(0, 1024),
    ...(values && Object.keys(values).length > 0 ? { values } : {}),
  };
}

function matchRule(rule: Rule, core: string, mode: 'exact' | 'pattern'): Recognition | undefined {
  if (rule.field) return undefined;
  const first = core.split('\n')[0] ?? '';
  let match: RegExpExecArray | undefined;
  if (mode === 'exact') {
    if (!rule.exact?.some((e) => (e === '' ? core.trim() === '' : lowerEq(first, e)))) return undefined;
  } else {
    if (!rule.pattern) return undefined;
    const m = rule.pattern.exec(core) ?? rule.pattern.exec(first);
    if (!m) return undefined;
    match = m;
  }
  const refined = rule.refine?.(core, match);
  return build(rule, refined?.cause ?? rule.cause, core, core, refined?.values);
}

function candidates(ctx?: RecognizeContext): Rule[] {
  const as = ctx?.as;
  const preferred = as ? RULES.filter((x) => x.as === as) : [];
  const rest = RULES.filter((x) => !preferred.includes(x) && (!x.strict || x.as === as));
  return [...preferred, ...rest];
}

function recognizeCore(raw: string, core: string, ctx: RecognizeContext | undefined, depth: number): Recognition | undefined {
  const rules = candidates(ctx);
  // Whole-string reasons first: they are exact and short ("timeout", "offline").
  for (const rule of rules) {
    if (!rule.exact) continue;
    const hit = matchRule(rule, core, 'exact');
    if (hit) return { ...hit, raw: raw.slice(0, 1024) };
  }
  // Sentences that name themselves (including specific CLAIM:/ACLK: lines) before the generic wrappers.
  for (const rule of rules) {
    if (!rule.pattern) continue;
    const hit = matchRule(rule, core, 'pattern');
    if (hit) return { ...hit, raw: raw.slice(0, 1024) };
  }
  if (depth > 2) return undefined;
  for (const w of WRAPPERS) {
    const m = w.pattern.exec(core);
    if (!m) continue;
    const inner = (m[1] ?? '').trim().replace(/^"|"$/g, '');
    const hit = recognizeCore(raw, inner, { as: w.innerAs }, depth + 1);
    if (hit) return hit;
  }
  // ACLK: and CLAIM: prefixes on bare reasons.
  const bare = core.replace(/^(?:ACLK|CLAIM):\s*/, '');
  if (bare !== core) return recognizeCore(raw, bare, ctx, depth + 1);
  return undefined;
}

/** What a string the agent emitted means; undefined when it is not in the vocabulary. Never throws. */
export function recognize(raw: string | null | undefined, ctx?: RecognizeContext): Recognition | undefined {
  try {
    if (typeof raw !== 'string') return undefined;
    const core = messageFrom(raw);
    return recognizeCore(raw, core, ctx, 0);
  } catch {
    return undefined;
  }
}

export interface Explained {
  cause: VocabularyCause;
  explanation: string;
  remedy: string;
  recognized: boolean;
  /** The raw reason, bounded: put it in the finding's evidence. */
  raw: string;
  recognition?: Recognition;
}

/** Like recognize(), but an unknown reason becomes `<check>/unrecognized-reason` with the raw reason kept. */
export function explain(raw: string | null | undefined, check: CheckId, ctx?: RecognizeContext): Explained {
  const hit = recognize(raw, ctx);
  if (hit) return { cause: hit.cause, explanation: hit.explanation, remedy: hit.remedy, recognized: true, raw: hit.raw, recognition: hit };
  const text = typeof raw === 'string' ? raw.slice(0, 1024) : '';
  return {
    cause: unrecognizedCause(check),
    explanation: text ? `the agent said "${text.split('\n')[0]}", which this doctor does not know` : 'the agent gave no reason',
    remedy: "Read the agent's log around this line; report the reason to the netdata-cloud-doctor project so it can be explained.",
    recognized: false,
    raw: text,
  };
}

/**
 * A claim script's exit code, by generation. v1: netdata-claim.sh run by run.sh under `set -e`, so the container
 * exits with it. v2: the wrapper's own codes (1, 32), anything else is `netdatacli reload-claiming-state`'s status.
 * When the script's lines are given, a line that names the failure wins over the code (several messages share one).
 */
/** Claim script lines that say nothing about why a claim failed. */
const INFORMATIONAL: ReadonlySet<string> = new Set([
  'claim.state/claim-script-ran',
  'claim.state/daemon-not-running-at-claim',
  'claim.state/claim-request-sent',
  'claim.script/deprecated-wrapper',
]);

export function recognizeClaimExit(code: number, generation: 'v1' | 'v2', lines: readonly string[] = []): Recognition | undefined {
  try {
    if (!Number.isInteger(code)) return undefined;
    const ofGeneration = (x: Rule) => (generation === 'v2' ? x.script === 'v2' : x.script !== 'v2');
    const byCode = RULES.filter((x) => x.category === 'claim_script' && x.code === code && ofGeneration(x));
    for (let i = lines.length - 1; i >= 0; i--) {
      const hit = recognize(lines[i]);
      const claimWords = hit && (hit.category === 'claim_script' || hit.category === 'claim_failure');
      if (hit && claimWords && !INFORMATIONAL.has(hit.cause)) {
        return hit;
      }
    }
    const rule = byCode[0];
    if (rule) return build(rule, rule.cause, `exit ${code}`, `exit ${code}`, { exitCode: String(code) });
    if (generation === 'v2' && code !== 0) {
      const reload = RULES.find((x) => x.cause === 'claim.script/reload-failed')!;
      return build(reload, reload.cause, `exit ${code}`, `exit ${code}`, { exitCode: String(code) });
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/** The table behind recognize(), for tests and docs: each vocabulary entry with its cause. */
export interface VocabularyEntryCause {
  category: VocabularyCategory;
  entry: string;
  cause: KnownCause;
  field: boolean;
  samples: readonly string[];
  context?: ReadAs;
  code?: number;
  generation?: 'v1' | 'v2';
}

export const VOCABULARY_ENTRIES: readonly VocabularyEntryCause[] = RULES.map((x) => ({
  category: x.category,
  entry: x.entry,
  cause: x.cause,
  field: x.field === true,
  samples: x.samples ?? x.exact ?? [],
  ...(x.as ? { context: x.as } : {}),
  ...(x.code !== undefined ? { code: x.code, generation: x.script === 'v2' ? ('v2' as const) : ('v1' as const) } : {}),
}));

/** The cause of a vocabulary entry by its category and string (agent-vocabulary.json), or undefined. */
export function causeOfEntry(category: VocabularyCategory, entry: string): KnownCause | undefined {
  return RULES.find((x) => x.category === category && x.entry === entry)?.cause;
}

/** docs/causes.md's vocabulary part: per check, each cause with its meaning, remedy and the agent's words that lead to it. */
export function vocabularyCausesMarkdown(): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const byCheck = new Map<string, KnownCause[]>();
  for (const cause of Object.keys(VOCABULARY_CAUSES) as KnownCause[]) {
    const check = cause.slice(0, cause.indexOf('/'));
    (byCheck.get(check) ?? byCheck.set(check, []).get(check)!).push(cause);
  }
  const out: string[] = [];
  for (const [check, causes] of byCheck) {
    out.push(`### ${check}`, '', '| cause | meaning | remedy | the agent says |', '|---|---|---|---|');
    for (const cause of causes) {
      const text = VOCABULARY_CAUSES[cause];
      const words = RULES.filter((x) => x.cause === cause).map((x) => `\`${cell(x.entry)}\``);
      const said = words.join('<br>') || '(from a refinement of a broader entry)';
      out.push(`| \`${cause}\` | ${cell(text.meaning)} | ${cell(text.remedy)} | ${said} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
