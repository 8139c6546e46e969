// DOCTOR_NOTIFY (CONTRACT §13): a comma list of targets, each parsed into what its sender needs, a label for
// metrics (the scheme, never the URL), a display form for logs (scheme and host) and the secrets inside it
// (webhook paths, keys, topics, passwords, query values), which go to redaction and are never echoed.

export const NOTIFY_KINDS = ['webhook', 'slack', 'discord', 'ntfy', 'apprise', 'smtp'] as const;
export type NotifyKind = (typeof NOTIFY_KINDS)[number];

export interface NotifyTarget {
  kind: NotifyKind;
  /** The scheme as written, transport dropped: `https`, `http`, `slack`, `discord`, `ntfy`, `apprise`, `smtp`, `smtps`. */
  label: string;
  /** What the sender talks to: the URL without the `slack+` style prefix (credentials still inside; never log it). */
  url: URL;
  /** `slack://hooks.slack.com`: safe to log, to show and to put in errors. */
  display: string;
  /** Every secret value inside the target, for redaction. */
  secrets: string[];
}

/** Splits DOCTOR_NOTIFY: a comma starts a new target only when a scheme follows, so `to=a@x,b@y` stays whole. */
export function splitTargets(text: string): string[] {
  return text
    .split(/,\s*(?=[a-z][a-z0-9+.-]*:\/\/)/i)
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

const PREFIXED: Record<string, NotifyKind> = { slack: 'slack', discord: 'discord', ntfy: 'ntfy', apprise: 'apprise' };

/** Loopback, RFC 1918, or a single-label name (a service on the doctor's own Docker network). */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === '::1' || host === 'localhost') return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  }
  return /^[a-z0-9_-]+$/.test(host) && !/^\d+$/.test(host);
}

/**
 * The secrets of a URL: user, password, the whole path, the path segments that look like keys (8+ characters
 * with a digit, or 16+), query values. Plain words (`hooks`, `alerts`) are not registered on their own, since
 * redaction replaces a registered value in every log line.
 */
function urlSecrets(url: URL, pathFrom = 0): string[] {
  const out: string[] = [];
  if (url.username) out.push(decodeURIComponent(url.username), url.username);
  if (url.password) out.push(decodeURIComponent(url.password), url.password);
  const segments = url.pathname
    .split('/')
    .filter((s) => s !== '')
    .slice(pathFrom);
  for (const s of segments) if ((s.length >= 8 && /\d/.test(s)) || s.length >= 16) out.push(s, safeDecode(s));
  if (url.pathname.length > 1) out.push(url.pathname);
  for (const [, value] of url.searchParams) out.push(value);
  for (const raw of url.search.slice(1).split('&')) out.push(raw.split('=').slice(1).join('='));
  return [...new Set(out.filter((s) => s.length >= 4))];
}

const safeDecode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

const EMAIL = /^[^\s@<>,]+@[^\s@<>,]+$/;

/**
 * Parses one target. Problems never contain the target's text: only its position, scheme and host.
 * `index` is 1-based, for messages ("target 2").
 */
export function parseTarget(text: string, index: number): { target: NotifyTarget } | { problem: string } {
  const where = `target ${index}`;
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (!schemeMatch) {
    const forms = 'https://…, slack+https://…, ntfy+https://…, smtp://…';
    return { problem: `${where} is not a URL (use ${forms}; see docs/notifications.md)` };
  }
  const scheme = schemeMatch[1]!.toLowerCase();
  const [prefix, transport] = scheme.includes('+') ? (scheme.split('+', 2) as [string, string]) : [undefined, scheme];
  let url: URL;
  try {
    url = new URL(prefix ? text.slice(prefix.length + 1) : text);
  } catch {
    return { problem: `${where} (${scheme}) is not a valid URL` };
  }
  if (url.hostname === '') return { problem: `${where} (${scheme}) has no host` };
  const display = `${prefix ?? transport}://${url.host}`;
  const say = (what: string) => ({ problem: `${where} (${display}): ${what}` });

  if (prefix === undefined && (transport === 'http' || transport === 'https')) {
    return { target: { kind: 'webhook', label: transport, url, display, secrets: urlSecrets(url) } };
  }
  if (prefix === undefined && (transport === 'smtp' || transport === 'smtps')) {
    const from = url.searchParams.get('from') ?? '';
    const to = (url.searchParams.get('to') ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter((a) => a !== '');
    if (!EMAIL.test(from)) return say('needs ?from=address (the sender)');
    if (to.length === 0 || !to.every((a) => EMAIL.test(a))) return say('needs &to=address[,address…] (the recipients)');
    const secrets = [url.username, url.password, safeDecode(url.username), safeDecode(url.password)].filter((s) => s.length >= 4);
    return { target: { kind: 'smtp', label: transport, url, display, secrets: [...new Set(secrets)] } };
  }
  const kind = prefix ? PREFIXED[prefix] : undefined;
  if (!kind || (transport !== 'http' && transport !== 'https')) {
    const known = 'http(s), slack+https, discord+https, ntfy+https, apprise+https, smtp, smtps';
    return { problem: `${where}: unknown scheme "${scheme}" (use ${known})` };
  }
  if (transport === 'http' && !isPrivateHost(url.hostname)) {
    return say(`+http is only for a private or loopback host; use ${prefix}+https`);
  }
  const segments = url.pathname.split('/').filter((s) => s !== '');
  if (kind === 'slack' && !(segments[0] === 'services' && segments.length >= 4)) {
    return say('expects the incoming-webhook URL https://hooks.slack.com/services/T…/B…/…');
  }
  if (kind === 'discord' && !(segments.join('/').startsWith('api/webhooks/') && segments.length >= 4)) {
    return say('expects the webhook URL https://discord.com/api/webhooks/<id>/<token>');
  }
  if (kind === 'ntfy' && segments.length !== 1) return say('expects https://host/<topic>');
  if (kind === 'apprise' && !(segments.length === 2 && segments[0] === 'notify')) return say('expects https://host/notify/<key>');
  // A Slack or Discord path's fixed words are not secrets; the IDs and tokens after them are.
  const fixed = kind === 'slack' ? 1 : kind === 'discord' ? 2 : kind === 'apprise' ? 1 : 0;
  return { target: { kind, label: prefix!, url, display, secrets: urlSecrets(url, fixed) } };
}

export function parseTargets(text: string): { targets: NotifyTarget[]; problems: string[] } {
  const targets: NotifyTarget[] = [];
  const problems: string[] = [];
  splitTargets(text).forEach((part, i) => {
    const parsed = parseTarget(part, i + 1);
    if ('target' in parsed) targets.push(parsed.target);
    else problems.push(parsed.problem);
  });
  return { targets, problems };
}
