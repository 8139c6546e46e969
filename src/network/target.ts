// What to probe and through which proxy, decided as the agent itself would (CONTRACT §9, facts §5.3).
// Pure: the inputs are the agent's identity, its env and its configuration files.

import type { AgentIdentity } from '../agent/identity.ts';
import { iniValue, type IniSections } from '../agent/ini.ts';
import { atLeast } from '../agent/version.ts';

export const DEFAULT_CLOUD_URL = 'https://app.netdata.cloud';
/** Netdata Cloud's MQTT-over-WebSocket host for its public endpoints (allow-list in src/aclk/README.md). */
const PUBLIC_MQTT_HOST = 'mqtt.netdata.cloud';

export interface CloudTarget {
  /** Cloud base URL, e.g. https://app.netdata.cloud */
  url: string;
  host: string;
  port: number;
  /** The WebSocket URL of the MQTT endpoint. */
  mqttUrl: string;
  source: string;
}

export function cloudTarget(agent: AgentIdentity, override: string | undefined): CloudTarget | { error: string } {
  const configured = iniValue(agent.cloudConf, 'global', 'url') ?? iniValue(agent.cloudConf, 'global', 'cloud base url');
  const [raw, source] = override
    ? [override, 'DOCTOR_CLOUD_URL']
    : configured
      ? [configured, 'cloud.d/cloud.conf']
      : agent.claim.url
        ? [agent.claim.url.value, agent.claim.url.detail ?? 'claim URL']
        : [DEFAULT_CLOUD_URL, 'default'];
  let url: URL;
  try {
    url = new URL(raw.trim().replace(/^["']|["']$/g, ''));
  } catch {
    return { error: `the cloud URL ${JSON.stringify(raw)} (${source}) is not a URL` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: `the cloud URL ${raw} (${source}) is not http(s)` };
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const mqttHost = /(^|\.)netdata\.cloud$/.test(url.hostname) ? PUBLIC_MQTT_HOST : url.hostname;
  const wsScheme = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return {
    url: `${url.protocol}//${url.host}`,
    host: url.hostname,
    port,
    mqttUrl: `${wsScheme}//${mqttHost}${url.port ? `:${url.port}` : ''}/mqtt`,
    source,
  };
}

export interface EffectiveProxy {
  /** null: a direct connection. */
  url: string | null;
  source: string;
  /** The agent would not use this proxy for the ACLK (e.g. SOCKS before v2.10). */
  unsupported?: string;
}

const env = (e: Record<string, string>, name: string): string | undefined => (e[name] && e[name]!.trim() !== '' ? e[name] : undefined);

/**
 * The ACLK's proxy: `netdata.conf [cloud] proxy` wins; from v1.46 `cloud.conf proxy` otherwise; default
 * "env", which reads socks_proxy then http_proxy (v1, v2.0-2.2) or http_proxy then https_proxy (v2.3+);
 * lower case only. "none" is direct. SOCKS for the ACLK only from v2.10 (v1 supported socks_proxy).
 */
export function effectiveProxy(
  agent: AgentIdentity,
  containerEnv: Record<string, string>,
  netdataConf: IniSections | undefined,
): EffectiveProxy {
  const v = agent.parsed;
  const fromNetdataConf = iniValue(netdataConf, 'cloud', 'proxy');
  const fromCloudConf = !v || atLeast(v, 1, 46) ? iniValue(agent.cloudConf, 'global', 'proxy') : undefined;
  const [setting, settingSource] = fromNetdataConf
    ? [fromNetdataConf, 'netdata.conf [cloud] proxy']
    : fromCloudConf
      ? [fromCloudConf, 'cloud.d/cloud.conf proxy']
      : ['env', 'default (env)'];
  const value = setting.trim();
  if (value === '' || value.toLowerCase() === 'none') return { url: null, source: `${settingSource} = none` };
  let url: string | undefined;
  let source = settingSource;
  if (value.toLowerCase() === 'env') {
    const v23 = v ? atLeast(v, 2, 3) : true;
    const order = v23 ? ['http_proxy', 'https_proxy'] : ['socks_proxy', 'http_proxy'];
    const name = order.find((n) => env(containerEnv, n));
    if (!name) return { url: null, source: `${settingSource}: no ${order.join(' or ')} set` };
    url = env(containerEnv, name)!;
    source = `${name} (${settingSource})`;
  } else {
    url = value;
  }
  const result: EffectiveProxy = { url, source };
  if (/^socks/i.test(url) && agent.generation === 2 && v && !atLeast(v, 2, 10))
    result.unsupported = `SOCKS proxies are supported by the ACLK only from v2.10 (this agent is ${v.raw})`;
  return result;
}
