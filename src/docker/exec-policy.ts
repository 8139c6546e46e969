// Exec is read-only by contract (CONTRACT §3): only these commands, never anything that changes state
// (no `reload-claiming-state`, no claim script). Enforced in the adapter, below every caller.

const ALLOWED: readonly RegExp[] = [
  /^netdatacli (aclk-state( json)?|version|ping)$/,
  /^netdata (-v|-V|-W buildinfo)$/,
  /^(cat|stat -c \S+) \/[\w./-]+$/,
  /^getent (hosts|ahosts|ahostsv4|ahostsv6) [\w.-]+$/,
  /^curl -s(S)? (--max-time \d+ )?(--max-filesize \d+ )?(-o \/dev\/null )?(-w \S+ )?https?:\/\/[\w.:[\]-]+(\/[\w./?=&%-]*)?$/,
  // Network probes: a GET of the cloud root or a WebSocket upgrade, with fixed headers only.
  /^curl -sS -o \/dev\/null -w %\{http_code\} --max-time \d+ ((--http1\.1|--noproxy \*) )*(-H (Connection: Upgrade|Upgrade: websocket|Sec-WebSocket-Version: 13|Sec-WebSocket-Key: [A-Za-z0-9+/=]+|Sec-WebSocket-Protocol: mqtt) )*https?:\/\/[\w.:[\]-]+\/(mqtt)?$/,
];

/** Environment an exec may set: only the proxy variables of a network probe. */
export function isAllowedExecEnv(env: readonly string[]): boolean {
  return env.every((e) => /^(https?_proxy|HTTPS?_PROXY|no_proxy|NO_PROXY)=[^\n\r]*$/.test(e));
}

export function isAllowedExec(argv: readonly string[]): boolean {
  if (argv.some((a) => /[\n\r;&|`$<>]/.test(a))) return false;
  const line = argv.join(' ');
  return ALLOWED.some((re) => re.test(line));
}
