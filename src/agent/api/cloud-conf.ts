// The agent's claim files, read with src/agent/ini.ts (facts §2.4, §3):
//   /var/lib/netdata/cloud.d/cloud.conf  v1: [global] enabled, cloud base url (+ proxy v1.46+);
//                                         v2: [global] url, proxy, token, rooms, insecure, machine_guid,
//                                             claimed_id, hostname (v2 migrates `cloud base url` → `url` and
//                                             ignores `enabled`); unchanged defaults may be written commented out.
//   /etc/netdata/claim.conf (v2.0+)      [global] url, token, rooms, proxy, insecure.
// The token value is never returned except inside `secrets`, which exists only to feed redaction; `token` says
// only whether one is there and what it looks like. `proxy` is returned verbatim because probes must use it the
// way the agent does; its credentials are in `secrets` too.

import { Buffer } from 'node:buffer';
import { parseIni } from '../ini.ts';
import { MAX_BODY_BYTES, parseError, type ParseError } from './cloud-status.ts';
import { guarded, MAX_ID, MAX_TEXT } from './coerce.ts';

/** What a token looks like, without its value. */
export interface TokenShape {
  /** Characters in the value as written (0 for `token =`). */
  length: number;
  /** Wrapped in literal quotes, which the agent does not strip. */
  quoted: boolean;
  /** Contains whitespace inside the value. */
  whitespace: boolean;
}

export interface CloudConfig {
  readonly kind: 'cloud-config';
  file: 'cloud.conf' | 'claim.conf';
  /**
   * cloud.conf only: 1 when it holds only v1 keys (`enabled`, `cloud base url`), 2 when it holds any v2 key;
   * absent when it holds neither (empty, or only `proxy`, which both write).
   */
  layout?: 1 | 2;
  /** `url`, else v1's `cloud base url` (which v2 migrates to `url`). Verbatim: quotes or spaces are defects. */
  url?: string;
  /** Which key `url` came from. */
  urlKey?: 'url' | 'cloud base url';
  /** v1 `enabled` (v2 ignores it). */
  enabled?: boolean;
  /** `proxy`: `env` (the default), `none`, or a URL (http, socks5 on v2.10+), verbatim. */
  proxy?: string;
  /** `rooms`, split on commas. */
  rooms?: string[];
  /** `insecure` (claim.conf, v2 cloud.conf). */
  insecure?: boolean;
  /** v2 cloud.conf `machine_guid`: the GUID the claim was made with. */
  machineGuid?: string;
  /** v2 cloud.conf `claimed_id`: the claim id; its presence means claimed. */
  claimedId?: string;
  /** v2 cloud.conf `hostname`. */
  hostname?: string;
  /** Present when a `token` key is written (even empty). */
  token?: TokenShape;
  /** Lower-cased keys written under [global], in no particular order. */
  keys: string[];
  /** Values that could not be read, e.g. `insecure = maybe`. Never contains a token. */
  problems: string[];
  /** Values to redact everywhere (the token, proxy and URL credentials). Never show, log or compare these. */
  secrets: string[];
}

const TRUE = new Set(['yes', 'true', 'on', '1']);
const FALSE = new Set(['no', 'false', 'off', '0']);
const V2_KEYS = ['url', 'token', 'rooms', 'insecure', 'machine_guid', 'claimed_id', 'hostname'];

function booleanValue(key: string, value: string | undefined, problems: string[]): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  problems.push(`${key} = ${JSON.stringify(value.slice(0, 40))} is not yes or no`);
  return undefined;
}

const unquote = (value: string): string => (/^(["']).*\1$/s.test(value) && value.length >= 2 ? value.slice(1, -1) : value);

/** user:password in scheme://user:password@host, and the password alone. */
function urlCredentials(value: string | undefined): string[] {
  if (!value) return [];
  const match = /^\s*["']?[a-z][a-z0-9+.-]*:\/\/([^@/\s]+)@/i.exec(value);
  if (!match) return [];
  const userinfo = match[1]!;
  const password = userinfo.includes(':') ? userinfo.slice(userinfo.indexOf(':') + 1) : '';
  return [userinfo, password].filter((s) => s.length > 0);
}

const clip = (value: string | undefined, max = MAX_TEXT): string | undefined => (value === undefined ? undefined : value.slice(0, max));

function readConfig(text: string, file: CloudConfig['file']): CloudConfig | ParseError {
  const source = file;
  if (typeof text !== 'string') return parseError(source, `expected text, got ${text === null ? 'null' : typeof text}`);
  if (text.length > MAX_BODY_BYTES || Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES)
    return parseError(source, `larger than ${MAX_BODY_BYTES} bytes`);
  if (text.includes('\u0000')) return parseError(source, 'binary content (NUL bytes), not an INI file');

  const global = parseIni(text)['global'] ?? {};
  const get = (key: string): string | undefined => (Object.hasOwn(global, key) ? global[key] : undefined);
  const problems: string[] = [];
  const secrets: string[] = [];

  const config: CloudConfig = {
    kind: 'cloud-config',
    file,
    keys: Object.keys(global)
      .slice(0, 256)
      .map((k) => k.slice(0, 128)),
    problems,
    secrets,
  };

  const token = get('token');
  if (token !== undefined) {
    config.token = { length: token.length, quoted: /^(["']).*\1$/s.test(token) && token.length >= 2, whitespace: /\s/.test(token) };
    if (token.length > 0) secrets.push(token);
    const inner = unquote(token).trim();
    if (inner.length > 0 && inner !== token) secrets.push(inner);
  }

  const url = get('url');
  const legacyUrl = get('cloud base url');
  if (url !== undefined) {
    config.url = clip(url);
    config.urlKey = 'url';
  } else if (legacyUrl !== undefined) {
    config.url = clip(legacyUrl);
    config.urlKey = 'cloud base url';
  }
  const proxy = get('proxy');
  if (proxy !== undefined) config.proxy = clip(proxy);
  secrets.push(...urlCredentials(proxy), ...urlCredentials(url), ...urlCredentials(legacyUrl));

  const rooms = get('rooms');
  if (rooms !== undefined)
    config.rooms = rooms
      .split(',')
      .map((r) => r.trim())
      .filter((r) => r.length > 0)
      .slice(0, 256)
      .map((r) => r.slice(0, MAX_ID));
  const insecure = booleanValue('insecure', get('insecure'), problems);
  if (insecure !== undefined) config.insecure = insecure;

  if (file === 'cloud.conf') {
    const enabled = booleanValue('enabled', get('enabled'), problems);
    if (enabled !== undefined) config.enabled = enabled;
    const machineGuid = get('machine_guid')?.trim();
    if (machineGuid) config.machineGuid = machineGuid.slice(0, MAX_ID);
    const claimedId = get('claimed_id')?.trim();
    if (claimedId) config.claimedId = claimedId.slice(0, MAX_ID);
    const hostname = get('hostname')?.trim();
    if (hostname) config.hostname = hostname.slice(0, 256);
    if (V2_KEYS.some((k) => get(k) !== undefined)) config.layout = 2;
    else if (legacyUrl !== undefined || get('enabled') !== undefined) config.layout = 1;
  }
  return config;
}

/** /var/lib/netdata/cloud.d/cloud.conf, v1 or v2 layout. */
export function parseCloudConf(text: string): CloudConfig | ParseError {
  return guarded('cloud.conf', () => readConfig(text, 'cloud.conf'));
}

/** /etc/netdata/claim.conf (v2.0+). */
export function parseClaimConf(text: string): CloudConfig | ParseError {
  return guarded('claim.conf', () => readConfig(text, 'claim.conf'));
}
