// What a container's facts say about the agent inside it: version, generation, claim input, identity.
// Pure interpretation of NodeFacts; the checks share it so that each reads the agent the same way.

import type { NodeFacts, Sourced } from '../facts/types.ts';
import { parseIni, iniValue, type IniSections } from './ini.ts';
import { parseVersion, isChannelName, generationOf, type AgentVersion } from './version.ts';

export interface ClaimInput {
  url?: Sourced<string>;
  token?: Sourced<string>;
  rooms?: Sourced<string>;
  proxy?: Sourced<string>;
  extraOpts?: string;
  /** NETDATA_CLAIM_INSECURE: read by no version (facts §1.3, §2.4). */
  insecureEnv?: string;
}

export interface AgentIdentity {
  version?: Sourced<string>;
  parsed?: AgentVersion;
  /** A moving tag or label such as "nightly" or "latest" when no exact version is known. */
  channel?: string;
  generation: 1 | 2 | null;
  generationSource?: string;
  machineGuid?: Sourced<string>;
  claimId?: Sourced<string>;
  cloudConf?: IniSections;
  claimConf?: IniSections;
  claim: ClaimInput;
  /** Every claim token value seen in this container, for redaction. */
  secrets: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string): boolean => UUID.test(s.trim());

function imageTag(image: string): string | undefined {
  const withoutDigest = image.split('@')[0]!;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return colon < 0 ? undefined : withoutDigest.slice(colon + 1);
}

function detectVersion(node: NodeFacts): { version?: Sourced<string>; channel?: string } {
  const { exec, files, container } = node;
  if (exec.netdataVersion?.ok && parseVersion(exec.netdataVersion.value)) {
    return { version: { value: parseVersion(exec.netdataVersion.value)!.raw, source: 'exec', detail: 'netdata -v' } };
  }
  if (files.statusFile.ok) {
    try {
      const status = JSON.parse(files.statusFile.value) as { agent?: { version?: unknown } };
      const v = typeof status.agent?.version === 'string' ? parseVersion(status.agent.version) : undefined;
      if (v) return { version: { value: v.raw, source: 'status-file', detail: 'status-netdata.json agent.version' } };
    } catch {
      // a broken status file is simply not a source
    }
  }
  const label = container.labels['org.opencontainers.image.version'];
  if (parseVersion(label))
    return { version: { value: parseVersion(label)!.raw, source: 'image-label', detail: 'org.opencontainers.image.version' } };
  const tag = imageTag(container.image);
  if (parseVersion(tag)) return { version: { value: parseVersion(tag)!.raw, source: 'image-tag', detail: container.image } };
  const healthVersion = container.health?.lastOutput ? /"version"\s*:\s*"([^"]+)"/.exec(container.health.lastOutput)?.[1] : undefined;
  if (parseVersion(healthVersion))
    return { version: { value: parseVersion(healthVersion)!.raw, source: 'health-log', detail: 'State.Health.Log (/api/v1/info)' } };
  const channel = isChannelName(label) ? label : isChannelName(tag) ? tag : undefined;
  return channel ? { channel } : {};
}

function tokensInArgs(args: readonly string[]): string[] {
  const found: string[] = [];
  args.forEach((arg, i) => {
    const inline = /^-{1,2}(?:token|claim-token)=(.+)$/.exec(arg);
    if (inline) found.push(inline[1]!);
    else if (/^-{1,2}(?:token|claim-token)$/.test(arg) && args[i + 1]) found.push(args[i + 1]!);
  });
  return found;
}

export function describeAgent(node: NodeFacts): AgentIdentity {
  const { env, argv } = node.container;
  const { version, channel } = detectVersion(node);
  const parsed = parseVersion(version?.value);

  let generation: 1 | 2 | null = parsed ? generationOf(parsed) : null;
  let generationSource = version ? `version ${version.value} (${version.source})` : undefined;
  if (generation === null) {
    // v2 images ship no claim script (facts §1.1); its presence means v1.
    if (node.files.claimScript.ok) {
      generation = 1;
      generationSource = '/usr/sbin/netdata-claim.sh present (v2 images have none)';
    } else if (node.files.claimConf.ok) {
      generation = 2;
      generationSource = '/etc/netdata/claim.conf present';
    }
  }

  const cloudConf = node.files.cloudConf.ok ? parseIni(node.files.cloudConf.value) : undefined;
  const claimConf = node.files.claimConf.ok ? parseIni(node.files.claimConf.value) : undefined;

  const claim: ClaimInput = {};
  const fromEnv = (name: string): Sourced<string> | undefined =>
    env[name] !== undefined && env[name] !== '' ? { value: env[name]!, source: 'inspect', detail: `Config.Env ${name}` } : undefined;
  const fromClaimConf = (key: string): Sourced<string> | undefined => {
    const value = iniValue(claimConf, 'global', key);
    return value ? { value, source: 'file', detail: `/etc/netdata/claim.conf ${key}` } : undefined;
  };
  // v2 uses /etc/netdata/claim.conf as a whole when it has a token, else the environment (facts §2.4);
  // v1 only the environment (run.sh).
  const useConf = generation === 2 && Boolean(iniValue(claimConf, 'global', 'token'));
  const pick = (envName: string, confKey: string) => (useConf ? fromClaimConf(confKey) : fromEnv(envName));
  const url = pick('NETDATA_CLAIM_URL', 'url');
  const token = pick('NETDATA_CLAIM_TOKEN', 'token');
  const rooms = pick('NETDATA_CLAIM_ROOMS', 'rooms');
  const proxy = pick('NETDATA_CLAIM_PROXY', 'proxy');
  if (url) claim.url = url;
  if (token) claim.token = token;
  if (rooms) claim.rooms = rooms;
  if (proxy) claim.proxy = proxy;
  if (env.NETDATA_EXTRA_CLAIM_OPTS) claim.extraOpts = env.NETDATA_EXTRA_CLAIM_OPTS;
  if (env.NETDATA_CLAIM_INSECURE !== undefined) claim.insecureEnv = env.NETDATA_CLAIM_INSECURE;

  const secrets = [
    env.NETDATA_CLAIM_TOKEN,
    iniValue(claimConf, 'global', 'token'),
    iniValue(cloudConf, 'global', 'token'),
    ...tokensInArgs(argv),
    ...tokensInArgs((env.NETDATA_EXTRA_CLAIM_OPTS ?? '').split(/\s+/)),
  ].filter((s): s is string => typeof s === 'string' && s.trim().length >= 4);

  const identity: AgentIdentity = { generation, claim, secrets: [...new Set(secrets)] };
  if (version) identity.version = version;
  if (parsed) identity.parsed = parsed;
  if (channel) identity.channel = channel;
  if (generationSource) identity.generationSource = generationSource;
  if (cloudConf) identity.cloudConf = cloudConf;
  if (claimConf) identity.claimConf = claimConf;

  if (node.files.machineGuid.ok && node.files.machineGuid.value.trim()) {
    identity.machineGuid = {
      value: node.files.machineGuid.value.trim(),
      source: 'file',
      detail: '/var/lib/netdata/registry/netdata.public.unique.id',
    };
  }
  const confClaimId = iniValue(cloudConf, 'global', 'claimed_id');
  if (confClaimId && isUuid(confClaimId)) {
    identity.claimId = { value: confClaimId, source: 'file', detail: '/var/lib/netdata/cloud.d/cloud.conf claimed_id' };
  } else if (node.files.claimedId.ok && node.files.claimedId.value.trim()) {
    identity.claimId = { value: node.files.claimedId.value.trim(), source: 'file', detail: '/var/lib/netdata/cloud.d/claimed_id' };
  }
  return identity;
}

/** A claim would be attempted at the next start: v1 needs URL and token (run.sh), v2 a token (URL defaults). */
export function claimConfigured(agent: AgentIdentity): boolean {
  if (!agent.claim.token) return false;
  return agent.generation === 1 ? Boolean(agent.claim.url) : true;
}
