// Turning a probe's raw outcome (curl's exit code and HTTP status, or Node's error codes) into the verdict
// classes of CONTRACT §4: DNS, TCP, TLS, proxy, HTTP status, WebSocket upgrade, timeout. Pure.

import type { FailureKind, ProbeStep } from '../facts/types.ts';

/** curl's exit codes (man curl, EXIT CODES) for the failures a cloud probe meets. */
const CURL_CODES: Record<number, { kind: FailureKind; detail: string }> = {
  5: { kind: 'proxy', detail: 'could not resolve the proxy' },
  6: { kind: 'dns', detail: 'could not resolve the host' },
  7: { kind: 'tcp-refused', detail: 'could not connect (refused or unreachable)' },
  28: { kind: 'timeout', detail: 'timed out' },
  35: { kind: 'tls-handshake', detail: 'TLS handshake failed' },
  51: { kind: 'tls-verify', detail: "the server's certificate does not match its name" },
  52: { kind: 'other', detail: 'the server sent nothing' },
  56: { kind: 'other', detail: 'the connection broke while receiving (often a proxy refusing CONNECT)' },
  58: { kind: 'tls-handshake', detail: 'problem with the local client certificate' },
  60: {
    kind: 'tls-verify',
    detail: 'the certificate could not be verified against the trusted CAs (an intercepting proxy, or an old CA bundle)',
  },
  77: { kind: 'tls-verify', detail: 'the CA bundle could not be read' },
  97: { kind: 'proxy', detail: 'the proxy handshake failed' },
};

export function fromCurl(exitCode: number | null, httpCode: number, expected: (status: number) => boolean): ProbeStep {
  if (httpCode > 0) {
    // A WebSocket 101 leaves curl waiting on the switched connection until --max-time: the status is what counts.
    return expected(httpCode)
      ? { ok: true, status: httpCode }
      : { ok: false, status: httpCode, failure: { kind: 'http', detail: `answered HTTP ${httpCode}` } };
  }
  if (exitCode === 0) return { ok: false, failure: { kind: 'other', detail: 'no HTTP answer' } };
  const known = exitCode !== null ? CURL_CODES[exitCode] : undefined;
  return { ok: false, failure: known ?? { kind: 'other', detail: `curl failed with exit code ${exitCode}` } };
}

/** Node's error codes from dns/net/tls/undici. */
export function fromNodeError(err: unknown): ProbeStep['failure'] {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e?.code ?? e?.cause?.code ?? '';
  const message = (e?.cause?.message ?? e?.message ?? String(err)).split('\n')[0]!;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA')
    return { kind: 'dns', detail: `could not resolve the host (${code})` };
  if (code === 'ECONNREFUSED') return { kind: 'tcp-refused', detail: 'connection refused' };
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return { kind: 'tcp-unreachable', detail: `unreachable (${code})` };
  if (
    code === 'ETIMEDOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'ABORT_ERR' ||
    /timeout|aborted/i.test(message)
  )
    return { kind: 'timeout', detail: 'timed out' };
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS_CERT/.test(code))
    return { kind: 'tls-verify', detail: `certificate not trusted (${code})` };
  if (/SSL|TLS|EPROTO/.test(code)) return { kind: 'tls-handshake', detail: `TLS failed (${code})` };
  if (/PROXY/i.test(code) || /proxy/i.test(message)) return { kind: 'proxy', detail: message };
  return { kind: 'other', detail: message };
}
