// Environment variables and flags → one validated, frozen Config (CONTRACT §2). Flags win over the
// environment; every problem is collected and reported at once, naming the variable and the flag.

import { readFileSync } from 'node:fs';
import type { EngineSettings } from '../docker/engine.ts';
import { parseTargets, type NotifyTarget } from '../notify/targets.ts';

/** Notifications (CONTRACT §13). The targets hold secrets: log only `display`, redact `secrets`. */
export interface NotifyConfig {
  targets: readonly NotifyTarget[];
  afterMs: number;
  publicUrl?: string;
}

/** Opt-in access to the Netdata Cloud API (CONTRACT §12); absent when no token is configured. */
export interface CloudApiConfig {
  /** A secret: never logged, reported or put in an error (describeConfig leaves it out; configSecrets feeds redaction). */
  token: string;
  /** Where the token came from, for messages: `DOCTOR_CLOUD_TOKEN` or the file's path. */
  tokenFrom: string;
  apiUrl: string;
  /** Space IDs to look in; 'all' = every Space the token sees. */
  spaces: readonly string[] | 'all';
  intervalMs: number;
}

export interface Config {
  targets: readonly string[] | 'auto';
  listen: { host: string; port: number };
  intervalMs: number;
  startPeriodMs: number;
  probeIntervalMs: number;
  cloudUrl?: string;
  agentUrl?: string;
  exec: 'auto' | 'never';
  docker: EngineSettings;
  logLevel: string;
  logFormat: 'json' | 'pretty';
  /** DOCTOR_STATE_DIR: where serve keeps its history (CONTRACT §14); in memory only when unset. */
  stateDir?: string;
  /** Always set by loadConfig; optional so hand-built configs (tests) need not say it. */
  notify?: NotifyConfig;
  cloud?: CloudApiConfig;
}

/** Each setting: its environment variable and its flag (`DOCTOR_INTERVAL` = `--interval`). */
export const SETTINGS = {
  targets: { env: 'DOCTOR_TARGETS', flag: 'targets' },
  listen: { env: 'DOCTOR_LISTEN', flag: 'listen' },
  interval: { env: 'DOCTOR_INTERVAL', flag: 'interval' },
  startPeriod: { env: 'DOCTOR_START_PERIOD', flag: 'start-period' },
  probeInterval: { env: 'DOCTOR_PROBE_INTERVAL', flag: 'probe-interval' },
  cloudUrl: { env: 'DOCTOR_CLOUD_URL', flag: 'cloud-url' },
  agentUrl: { env: 'DOCTOR_AGENT_URL', flag: 'agent-url' },
  exec: { env: 'DOCTOR_EXEC', flag: 'exec' },
  dockerHost: { env: 'DOCKER_HOST', flag: 'docker-host' },
  dockerContext: { env: 'DOCKER_CONTEXT', flag: 'docker-context' },
  dockerTlsVerify: { env: 'DOCKER_TLS_VERIFY', flag: 'docker-tls-verify' },
  dockerCertPath: { env: 'DOCKER_CERT_PATH', flag: 'docker-cert-path' },
  logLevel: { env: 'LOG_LEVEL', flag: 'log-level' },
  logFormat: { env: 'LOG_FORMAT', flag: 'log-format' },
  stateDir: { env: 'DOCTOR_STATE_DIR', flag: 'state-dir' },
  notify: { env: 'DOCTOR_NOTIFY', flag: 'notify' },
  notifyAfter: { env: 'DOCTOR_NOTIFY_AFTER', flag: 'notify-after' },
  publicUrl: { env: 'DOCTOR_PUBLIC_URL', flag: 'public-url' },
  cloudToken: { env: 'DOCTOR_CLOUD_TOKEN', flag: 'cloud-token' },
  cloudTokenFile: { env: 'DOCTOR_CLOUD_TOKEN_FILE', flag: 'cloud-token-file' },
  cloudApi: { env: 'DOCTOR_CLOUD_API', flag: 'cloud-api' },
  cloudSpaces: { env: 'DOCTOR_CLOUD_SPACES', flag: 'cloud-spaces' },
  cloudInterval: { env: 'DOCTOR_CLOUD_INTERVAL', flag: 'cloud-interval' },
} as const;

export type SettingName = keyof typeof SETTINGS;
export type Flags = Partial<Record<string, string | boolean | undefined>>;

export class ConfigError extends Error {
  override name = 'ConfigError' as const;
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]);
}

export function parseListen(text: string): { host: string; port: number } | undefined {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s[\]]*)):(\d{1,5})$/.exec(text.trim());
  if (!match) return undefined;
  const port = Number(match[3]);
  if (port < 1 || port > 65_535) return undefined;
  return { host: match[1] ?? (match[2] || '0.0.0.0'), port };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

const isHttpUrl = (text: string): boolean => {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
};

export function loadConfig(env: NodeJS.ProcessEnv, flags: Flags = {}, positionalTargets: readonly string[] = []): Readonly<Config> {
  const problems: string[] = [];
  const raw = (name: SettingName): { value: string; from: string } | undefined => {
    const { env: variable, flag } = SETTINGS[name];
    const fromFlag = flags[flag];
    if (typeof fromFlag === 'string') return { value: fromFlag, from: `--${flag}` };
    const fromEnv = env[variable];
    return fromEnv !== undefined && fromEnv !== '' ? { value: fromEnv, from: variable } : undefined;
  };
  const bad = (name: SettingName, from: string, value: string, expected: string) => {
    const { env: variable, flag } = SETTINGS[name];
    const where = from.startsWith('--') ? `--${flag}` : `${variable} (--${flag})`;
    problems.push(`${where}: ${JSON.stringify(value)} ${expected}`);
  };

  const duration = (name: SettingName, fallback: string): number => {
    const setting = raw(name);
    const ms = parseDuration(setting?.value ?? fallback);
    if (ms === undefined) {
      bad(name, setting!.from, setting!.value, 'is not a duration (use 500ms, 30s, 5m, 1h)');
      return parseDuration(fallback)!;
    }
    return ms;
  };
  const url = (name: SettingName): string | undefined => {
    const setting = raw(name);
    if (!setting) return undefined;
    if (!isHttpUrl(setting.value.trim())) bad(name, setting.from, setting.value, 'is not an http(s) URL');
    return setting.value.trim();
  };
  const oneOf = <T extends string>(name: SettingName, allowed: readonly T[], fallback: T): T => {
    const setting = raw(name);
    if (!setting) return fallback;
    const value = setting.value.trim().toLowerCase();
    if ((allowed as readonly string[]).includes(value)) return value as T;
    bad(name, setting.from, setting.value, `must be one of ${allowed.join(', ')}`);
    return fallback;
  };

  let targets: Config['targets'] = 'auto';
  const targetSetting = raw('targets');
  if (positionalTargets.length > 0) {
    targets = [...positionalTargets];
  } else if (targetSetting && targetSetting.value.trim().toLowerCase() !== 'auto') {
    const list = targetSetting.value.split(',').map((t) => t.trim());
    if (list.some((t) => t === '' || /\s/.test(t)))
      bad('targets', targetSetting.from, targetSetting.value, 'must be a comma list of container names, IDs or compose services');
    targets = list.filter((t) => t !== '');
  }
  const badTargets = Array.isArray(targets) ? targets.filter((t) => !/^[\w][\w.-]*$/.test(t)) : [];
  if (badTargets.length > 0) {
    const where =
      positionalTargets.length > 0 ? 'check arguments' : targetSetting?.from.startsWith('--') ? '--targets' : 'DOCTOR_TARGETS (--targets)';
    problems.push(`${where}: ${JSON.stringify(badTargets[0])} is not a container name, ID or compose service`);
  }

  const listenSetting = raw('listen');
  let listen = parseListen(listenSetting?.value ?? '0.0.0.0:19998');
  if (!listen) {
    bad('listen', listenSetting!.from, listenSetting!.value, 'must be host:port or [ipv6]:port with a port from 1 to 65535');
    listen = { host: '0.0.0.0', port: 19998 };
  }

  const intervalMs = duration('interval', '30s');
  if (intervalMs < 1_000 && raw('interval')) bad('interval', raw('interval')!.from, raw('interval')!.value, 'must be at least 1s');
  const startPeriodMs = duration('startPeriod', '60s');
  const probeIntervalMs = duration('probeInterval', '5m');

  const tls = raw('dockerTlsVerify');
  let tlsVerify = false;
  if (tls) {
    if (/^(1|true|yes)$/i.test(tls.value)) tlsVerify = true;
    else if (!/^(0|false|no)$/i.test(tls.value)) bad('dockerTlsVerify', tls.from, tls.value, 'must be 1 or 0');
  }
  const docker: EngineSettings = { tlsVerify };
  const host = raw('dockerHost');
  if (host) {
    if (!/^(unix|tcp|http|https|ssh|npipe):\/\/./.test(host.value) && !host.value.startsWith('/'))
      bad('dockerHost', host.from, host.value, 'must be unix:///path, tcp://host:port or ssh://user@host');
    docker.host = host.value;
  }
  const context = raw('dockerContext');
  if (context) docker.context = context.value;
  const certPath = raw('dockerCertPath');
  if (certPath) docker.certPath = certPath.value;

  // Problems name a target by position, scheme and host only: the URL itself may be a secret.
  const notifySetting = raw('notify');
  const parsedNotify = notifySetting ? parseTargets(notifySetting.value) : { targets: [], problems: [] };
  const notifyWhere = notifySetting?.from.startsWith('--') ? '--notify' : 'DOCTOR_NOTIFY (--notify)';
  for (const problem of parsedNotify.problems) problems.push(`${notifyWhere}: ${problem}`);
  const notify: NotifyConfig = { targets: parsedNotify.targets, afterMs: duration('notifyAfter', '2m') };
  const publicUrl = url('publicUrl');
  if (publicUrl) notify.publicUrl = publicUrl;

  const config: Config = {
    notify,
    targets,
    listen,
    intervalMs,
    startPeriodMs,
    probeIntervalMs,
    exec: oneOf('exec', ['auto', 'never'] as const, 'auto'),
    docker,
    logLevel: oneOf('logLevel', LOG_LEVELS, 'info'),
    logFormat: oneOf('logFormat', ['json', 'pretty'] as const, 'json'),
  };
  const cloudUrl = url('cloudUrl');
  const agentUrl = url('agentUrl');
  if (cloudUrl) config.cloudUrl = cloudUrl;
  if (agentUrl) config.agentUrl = agentUrl;
  // Whether it exists and is writable is checked when serve starts (src/history/history.ts): a clear error then.
  const stateDir = raw('stateDir');
  if (stateDir) {
    const invalid = /[\0\n]/.test(stateDir.value) || stateDir.value.trim() === '';
    if (invalid) bad('stateDir', stateDir.from, stateDir.value, 'is not a directory path');
    else config.stateDir = stateDir.value.trim();
  }

  // Netdata Cloud API (§12): every setting is validated even without a token, so a typo shows at once.
  const cloudApi = url('cloudApi') ?? 'https://app.netdata.cloud';
  const cloudIntervalMs = duration('cloudInterval', '5m');
  if (cloudIntervalMs < 60_000 && raw('cloudInterval'))
    bad('cloudInterval', raw('cloudInterval')!.from, raw('cloudInterval')!.value, 'must be at least 1m');
  let spaces: CloudApiConfig['spaces'] = 'all';
  const spacesSetting = raw('cloudSpaces');
  if (spacesSetting) {
    const list = spacesSetting.value.split(',').map((t) => t.trim());
    if (list.some((t) => !/^[\w-]{1,64}$/.test(t)))
      bad('cloudSpaces', spacesSetting.from, spacesSetting.value, 'must be a comma list of Space IDs');
    spaces = [...new Set(list.filter((t) => t !== ''))];
  }
  const token = cloudToken(raw('cloudToken'), raw('cloudTokenFile'), problems);
  if (token)
    config.cloud = { token: token.value, tokenFrom: token.from, apiUrl: cloudApi.replace(/\/+$/, ''), spaces, intervalMs: cloudIntervalMs };

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/** The Cloud API token from DOCTOR_CLOUD_TOKEN or the file DOCTOR_CLOUD_TOKEN_FILE names; problems never quote the token. */
function cloudToken(
  direct: { value: string; from: string } | undefined,
  file: { value: string; from: string } | undefined,
  problems: string[],
): { value: string; from: string } | undefined {
  const where = (name: 'cloudToken' | 'cloudTokenFile', from: string) =>
    from.startsWith('--') ? `--${SETTINGS[name].flag}` : `${SETTINGS[name].env} (--${SETTINGS[name].flag})`;
  if (direct && file) {
    problems.push(`${where('cloudToken', direct.from)} and ${where('cloudTokenFile', file.from)}: set only one of them`);
    return undefined;
  }
  let token: string;
  let from: string;
  let label: string;
  if (direct) {
    token = direct.value;
    from = SETTINGS.cloudToken.env;
    label = where('cloudToken', direct.from);
  } else if (file) {
    label = where('cloudTokenFile', file.from);
    try {
      // A Docker secret or `echo token > file` ends with one newline; that one is not part of the token.
      token = readFileSync(file.value, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      problems.push(`${label}: ${JSON.stringify(file.value)} cannot be read (${code})`);
      return undefined;
    }
    from = file.value;
  } else {
    return undefined;
  }
  if (token === '') {
    problems.push(`${label}: the token is empty`);
    return undefined;
  }
  if (/[\s"']/.test(token) || token.length < 8 || token.length > 4096) {
    problems.push(`${label}: the token (${token.length} characters) contains whitespace or quotes, or has an implausible length`);
    return undefined;
  }
  return { value: token, from };
}

/** Secret values inside the configuration, for the redaction set (logger.addSecrets at startup). */
export function configSecrets(config: Config): string[] {
  return config.cloud ? [config.cloud.token] : [];
}

/** The configuration as it may be logged: no secrets live in it, but DOCKER_HOST may carry credentials. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    targets: config.targets,
    listen: `${config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host}:${config.listen.port}`,
    interval: `${config.intervalMs}ms`,
    startPeriod: `${config.startPeriodMs}ms`,
    probeInterval: `${config.probeIntervalMs}ms`,
    cloudUrl: config.cloudUrl ?? null,
    agentUrl: config.agentUrl ?? null,
    exec: config.exec,
    dockerHost: config.docker.host ?? null,
    logLevel: config.logLevel,
    logFormat: config.logFormat,
    stateDir: config.stateDir ?? null,
    notify: config.notify?.targets.map((t) => t.display) ?? [],
    notifyAfter: config.notify ? `${config.notify.afterMs}ms` : null,
    publicUrl: config.notify?.publicUrl ?? null,
    cloudApi: config.cloud
      ? {
          token: `[REDACTED] (${config.cloud.tokenFrom})`,
          api: config.cloud.apiUrl,
          spaces: config.cloud.spaces,
          interval: `${config.cloud.intervalMs}ms`,
        }
      : null,
  };
}
