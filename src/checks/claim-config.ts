// claim.config: is the claim input (env, claim.conf) complete and well-formed for this generation?
// FM05, FM07, FM23 and the insecure-option pitfalls of facts §1.3/§2.4.

import type { NodeCheck } from './types.ts';
import type { EvidenceItem } from './types.ts';
import { ev, evSourced, finding } from './finding.ts';
import { iniValue } from '../agent/ini.ts';
import { isUuid } from '../agent/identity.ts';
import { atLeast } from '../agent/version.ts';
import { envPlace, recreate } from './remedy.ts';

interface Problem {
  level: 'fail' | 'warn';
  cause: string;
  text: string;
  fix: string;
}

const QUOTED = /^\s*["']|["']\s*$/;
/** Netdata claim tokens are about 135 characters; far outside this range is a copy/paste accident. */
const TOKEN_LENGTH = { min: 40, max: 512 };

function urlProblem(url: string): { text: string; cause: string } | undefined {
  if (QUOTED.test(url)) return { text: 'is wrapped in quotes (compose list syntax keeps them)', cause: 'url-quoted' };
  if (/\s/.test(url)) return { text: 'contains whitespace or a newline', cause: 'url-whitespace' };
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return { text: `has the scheme ${parsed.protocol} (expected https:)`, cause: 'url-scheme' };
    if (!parsed.hostname) return { text: 'has no host', cause: 'url-malformed' };
  } catch {
    return { text: 'is not a valid URL', cause: 'url-malformed' };
  }
  return undefined;
}

const normalizeUrl = (u: string): string => u.trim().replace(/\/+$/, '').toLowerCase();

export const claimConfig: NodeCheck = ({ node, agent }) => {
  const c = node.container;
  const { claim } = agent;
  const problems: Problem[] = [];
  const claimed = Boolean(agent.claimId);
  const claimStateKnown = claimed || (node.files.claimedId.ok === false && node.files.claimedId.absent === true);
  const evidence: Record<string, EvidenceItem> = {
    generation: ev(agent.generation, agent.generationSource ?? 'unknown'),
    token: ev(claim.token ? `present (${claim.token.value.length} characters, redacted)` : 'absent', claim.token ? `${claim.token.source}: ${claim.token.detail}` : 'Config.Env, claim.conf'),
  };
  if (claim.url) evidence.url = evSourced(claim.url);
  if (claim.rooms) evidence.rooms = evSourced(claim.rooms);
  if (agent.claimId) evidence.claimedId = evSourced(agent.claimId);

  if (!claim.token && !claimed) {
    problems.push(claimStateKnown
      ? { level: 'fail', cause: 'token-missing', text: 'no claim token (NETDATA_CLAIM_TOKEN) and the agent is not claimed', fix: `${envPlace(c, 'NETDATA_CLAIM_TOKEN')} (and NETDATA_CLAIM_URL=https://app.netdata.cloud, NETDATA_CLAIM_ROOMS) from the Space's "Connect Nodes" page` }
      : { level: 'warn', cause: 'token-missing-claim-unknown', text: 'no claim token, and whether the agent is claimed could not be read', fix: `If the node is not in your Space, ${envPlace(c, 'NETDATA_CLAIM_TOKEN')}` });
  }
  if (agent.generation === 1 && claim.token && !claim.url && !claimed) {
    problems.push({ level: 'fail', cause: 'url-missing-v1', text: 'v1 images claim only when NETDATA_CLAIM_URL is set too; the token alone does nothing', fix: envPlace(c, 'NETDATA_CLAIM_URL=https://app.netdata.cloud') });
  }
  if (claim.token) {
    const t = claim.token.value;
    if (QUOTED.test(t)) problems.push({ level: 'fail', cause: 'token-quoted', text: 'the claim token is wrapped in quotes', fix: 'remove the quotes around NETDATA_CLAIM_TOKEN (in compose list syntax write - NETDATA_CLAIM_TOKEN=value)' });
    else if (/\s/.test(t)) problems.push({ level: 'fail', cause: 'token-whitespace', text: 'the claim token contains whitespace or a newline', fix: 'copy the token again as one line without spaces' });
    else if (t.length < TOKEN_LENGTH.min || t.length > TOKEN_LENGTH.max) problems.push({ level: 'warn', cause: 'token-length-implausible', text: `the claim token is ${t.length} characters long, implausible for a Netdata claim token`, fix: 'copy the whole token again from the Space\'s "Connect Nodes" page' });
  }
  if (claim.url) {
    const why = urlProblem(claim.url.value);
    if (why) problems.push({ level: 'fail', cause: why.cause, text: `the claim URL ${why.text}`, fix: `set NETDATA_CLAIM_URL=https://app.netdata.cloud exactly (${claim.url.detail})` });
  }
  if (claim.rooms) {
    const bad = claim.rooms.value.split(',').map((r) => r.trim().replace(/^["']|["']$/g, '')).filter((r) => r !== '' && !isUuid(r));
    if (bad.length > 0) problems.push({ level: 'warn', cause: 'room-ids-invalid', text: `room IDs that are not UUIDs: ${bad.join(', ')}`, fix: 'copy NETDATA_CLAIM_ROOMS again from the "Connect Nodes" page (a comma list of room UUIDs)' });
  }
  const extra = claim.extraOpts ?? '';
  const extraInsecure = /(^|\s)-insecure(\s|$)/.test(extra);
  if (agent.generation === 2 && agent.parsed && !atLeast(agent.parsed, 2, 11) && extra.trim() !== '') {
    // v2.0–v2.10 test strstr(..., "-insecure") == 0, inverted (facts §2.4).
    problems.push(extraInsecure
      ? { level: 'warn', cause: 'insecure-inverted-no-effect', text: `NETDATA_EXTRA_CLAIM_OPTS=-insecure has no effect on ${agent.parsed.raw} (inverted check, fixed in v2.11)`, fix: 'remove -insecure; use a trusted certificate instead' }
      : { level: 'warn', cause: 'insecure-inverted-turns-on', text: `NETDATA_EXTRA_CLAIM_OPTS is set without -insecure, which turns insecure mode ON on ${agent.parsed.raw} (inverted check, fixed in v2.11)`, fix: 'remove NETDATA_EXTRA_CLAIM_OPTS, or upgrade to v2.11+' });
  } else if (extraInsecure) {
    problems.push({ level: 'warn', cause: 'insecure-enabled', text: 'insecure claiming is on (NETDATA_EXTRA_CLAIM_OPTS=-insecure): TLS is not verified', fix: 'remove -insecure and trust the right CA instead' });
  }
  const confInsecure = iniValue(agent.claimConf, 'global', 'insecure');
  if (confInsecure && /^(yes|true|1|on)$/i.test(confInsecure)) {
    problems.push({ level: 'warn', cause: 'insecure-in-claim-conf', text: 'claim.conf sets insecure = yes: TLS is not verified', fix: 'set insecure = no in /etc/netdata/claim.conf' });
  }
  if (claim.insecureEnv !== undefined) {
    problems.push({ level: 'warn', cause: 'claim-insecure-no-effect', text: 'NETDATA_CLAIM_INSECURE is set but no Netdata version reads it', fix: 'remove NETDATA_CLAIM_INSECURE (it has no effect)' });
  }
  if (claimed && claim.url && claim.url.source === 'inspect') {
    const persisted = iniValue(agent.cloudConf, 'global', 'url') ?? iniValue(agent.cloudConf, 'global', 'cloud base url');
    if (persisted && normalizeUrl(persisted) !== normalizeUrl(claim.url.value)) {
      evidence.persistedUrl = ev(persisted, 'file: /var/lib/netdata/cloud.d/cloud.conf');
      problems.push({ level: 'warn', cause: 'url-differs-from-claim', text: `NETDATA_CLAIM_URL differs from the URL the agent is already claimed to (${persisted}); the env is ignored while claimed`, fix: 'to move the node, remove /var/lib/netdata/cloud.d (keep the machine GUID) and restart' });
    }
  }
  // v2 reads /etc/netdata/claim.conf before the environment (facts §2.4): env values are then ignored.
  const confToken = iniValue(agent.claimConf, 'global', 'token');
  if (agent.generation !== 1 && confToken && c.env.NETDATA_CLAIM_TOKEN && c.env.NETDATA_CLAIM_TOKEN !== confToken) {
    problems.push({ level: 'warn', cause: 'claim-conf-overrides-env', text: 'NETDATA_CLAIM_TOKEN is ignored: /etc/netdata/claim.conf has its own token and is read first', fix: 'keep one source: remove claim.conf\'s token or the NETDATA_CLAIM_* variables' });
  }
  const persistedToken = iniValue(agent.cloudConf, 'global', 'token');
  if (claimed && claim.token && claim.token.source === 'inspect' && persistedToken && persistedToken !== claim.token.value) {
    problems.push({ level: 'warn', cause: 'token-differs-from-claim', text: 'NETDATA_CLAIM_TOKEN differs from the token the agent claimed with; the env is ignored while claimed', fix: 'to claim into another Space, remove /var/lib/netdata/cloud.d (keep the machine GUID) and restart' });
  }

  const fails = problems.filter((p) => p.level === 'fail');
  const warns = problems.filter((p) => p.level === 'warn');
  const worst = fails[0] ?? warns[0];
  if (!worst) {
    const summary = claimed
      ? 'the agent is claimed; claim settings are consistent'
      : `claim configured${claim.url ? ` for ${claim.url.value}` : ''}, token present${claim.rooms ? `, ${claim.rooms.value.split(',').length} room(s)` : ''}`;
    return finding('claim.config', 'pass', 'ok', summary, evidence);
  }
  const more = problems.length > 1 ? ` (+${problems.length - 1} more)` : '';
  evidence.problems = ev(problems.map((p) => `${p.level}: ${p.text}`), 'claim.config');
  const remedy = `${problems.map((p) => p.fix).join('; ')}; then ${recreate(c)}.`;
  return finding('claim.config', fails.length > 0 ? 'fail' : 'warn', worst.cause, `${worst.text}${more}`, evidence, remedy);
};
