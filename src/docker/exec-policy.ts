// Exec is read-only by contract (CONTRACT §3): only these commands, never anything that changes state
// (no `reload-claiming-state`, no claim script). Enforced in the adapter, below every caller.

const ALLOWED: readonly RegExp[] = [
  /^netdatacli (aclk-state( json)?|version|ping)$/,
  /^netdata (-v|-V|-W buildinfo)$/,
  /^(cat|stat -c \S+) \/[\w./-]+$/,
  /^getent (hosts|ahosts|ahostsv4|ahostsv6) [\w.-]+$/,
  /^curl -s(S)? (--max-time \d+ )?(--max-filesize \d+ )?(-o \/dev\/null )?(-w \S+ )?https?:\/\/[\w.:[\]-]+(\/[\w./?=&%-]*)?$/,
];

export function isAllowedExec(argv: readonly string[]): boolean {
  if (argv.some((a) => /[\n\r;&|`$<>]/.test(a))) return false;
  const line = argv.join(' ');
  return ALLOWED.some((re) => re.test(line));
}
