// Secrets never leave the doctor (CONTRACT §10): every token value seen is replaced wherever it appears,
// and patterns catch the ones not seen (token= arguments, credentials inside URLs).

export const REDACTED = '[REDACTED]';

const PATTERNS: readonly [RegExp, string][] = [
  // NETDATA_CLAIM_TOKEN=…, -token=…, --claim-token …, token = … (claim.conf / cloud.conf), ?token=… in access logs
  [/((?:NETDATA_CLAIM_TOKEN|claim[-_]token|token)\s*[=:]\s*"?)[\w.~+/=-]{4,}/gi, `$1${REDACTED}`],
  [/(--claim-token\s+)[\w.~+/=-]{4,}/gi, `$1${REDACTED}`],
  // an Authorization header's credentials (the Cloud API token, CONTRACT §12), should one ever be echoed
  [/(\bBearer\s+)[\w.~+/=-]{4,}/gi, `$1${REDACTED}`],
  // scheme://user:password@host
  [/([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, `$1${REDACTED}@`],
  // the UI claim key file's content when shown next to its name
  [/(netdata_random_session_id\W{1,3})[0-9a-f-]{16,}/gi, `$1${REDACTED}`],
];

export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** A deep copy of a JSON-like value with every string redacted. */
export function redactDeep<T>(value: T, secrets: readonly string[] = []): T {
  if (typeof value === 'string') return redactText(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, secrets);
    return out as T;
  }
  return value;
}
