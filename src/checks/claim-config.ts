// claim.config: is the claim input (env, claim.conf) complete and well-formed for this generation?
// FM05, FM07, FM23 and the insecure-option pitfalls of facts §1.3/§2.4.

import type { NodeCheck, NodeCheckContext } from './types.ts';
import type { EvidenceItem } from './types.ts';
import { ev, evSourced, finding } from './finding.ts';
import { iniValue } from '../agent/ini.ts';
import { isUuid } from '../agent/identity.ts';
import { atLeast } from '../agent/version.ts';
import { envPlace, recreate } from './remedy.ts';
import { CLOUD_URL, reclaimSteps, restartSteps, shellQuote, stepsFor, type RunChange } from '../remedy/index.ts';
import type { Step } from '../facts/types.ts';
import { claimEnvKeepingIdentity, recreateKeepingIdentity, reclaimIdentityNote, recreateNote } from './steps.ts';

interface Problem {
  level: 'fail' | 'warn';
  cause: string;
  text: string;
  fix: string;
  /** How the steps fix it: an env change; `claim` sets the claim env; `reclaim` empties cloud.d/ first; `claimConf` edits claim.conf. */
  step?: { change?: RunChange; claim?: boolean; reclaim?: boolean; claimConf?: 'insecure-no' };
}

const QUOTED = /^\s*["']|["']\s*$/;
/** Netdata claim tokens are about 135 characters; far outside this range is a copy/paste accident. */
const TOKEN_LENGTH = { min: 40, max: 512 };

function urlProblem(url: string): { text: string; cause: string } | undefined {
  if (QUOTED.test(url)) return { text: 'is wrapped in quotes (compose list syntax keeps them)', cause: 'url-quoted' };
  if (/\s/.test(url)) return { text: 'contains whitespace or a newline', cause: 'url-whitespace' };
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
      return { text: `has the scheme ${parsed.protocol} (expected https:)`, cause: 'url-scheme' };
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
    token: ev(
      claim.token ? `present (${claim.token.value.length} characters, redacted)` : 'absent',
      claim.token ? `${claim.token.source}: ${claim.token.detail}` : 'Config.Env, claim.conf',
    ),
  };
  if (claim.url) evidence.url = evSourced(claim.url);
  if (claim.rooms) evidence.rooms = evSourced(claim.rooms);
  if (agent.claimId) evidence.claimedId = evSourced(agent.claimId);

  if (!claim.token && !claimed) {
    problems.push(
      claimStateKnown
        ? {
            level: 'fail',
            cause: 'token-missing',
            text: 'no claim token (NETDATA_CLAIM_TOKEN) and the agent is not claimed',
            fix: `${envPlace(c, 'NETDATA_CLAIM_TOKEN')} (and NETDATA_CLAIM_URL=https://app.netdata.cloud, NETDATA_CLAIM_ROOMS) from the Space's "Connect Nodes" page`,
            step: { claim: true },
          }
        : {
            level: 'warn',
            cause: 'token-missing-claim-unknown',
            text: 'no claim token, and whether the agent is claimed could not be read',
            fix: `If the node is not in your Space, ${envPlace(c, 'NETDATA_CLAIM_TOKEN')}`,
            step: { claim: true },
          },
    );
  }
  if (agent.generation === 1 && claim.token && !claim.url && !claimed) {
    problems.push({
      level: 'fail',
      cause: 'url-missing-v1',
      text: 'v1 images claim only when NETDATA_CLAIM_URL is set too; the token alone does nothing',
      fix: envPlace(c, 'NETDATA_CLAIM_URL=https://app.netdata.cloud'),
      step: { claim: true },
    });
  }
  if (claim.token) {
    const t = claim.token.value;
    if (QUOTED.test(t))
      problems.push({
        level: 'fail',
        cause: 'token-quoted',
        text: 'the claim token is wrapped in quotes',
        fix: 'remove the quotes around NETDATA_CLAIM_TOKEN (in compose list syntax write - NETDATA_CLAIM_TOKEN=value)',
        step: {},
      });
    else if (/\s/.test(t))
      problems.push({
        level: 'fail',
        cause: 'token-whitespace',
        text: 'the claim token contains whitespace or a newline',
        fix: 'copy the token again as one line without spaces',
        step: {},
      });
    else if (t.length < TOKEN_LENGTH.min || t.length > TOKEN_LENGTH.max)
      problems.push({
        level: 'warn',
        cause: 'token-length-implausible',
        text: `the claim token is ${t.length} characters long, implausible for a Netdata claim token`,
        fix: 'copy the whole token again from the Space\'s "Connect Nodes" page',
        step: {},
      });
  }
  if (claim.url) {
    const why = urlProblem(claim.url.value);
    if (why)
      problems.push({
        level: 'fail',
        cause: why.cause,
        text: `the claim URL ${why.text}`,
        fix: `set NETDATA_CLAIM_URL=https://app.netdata.cloud exactly (${claim.url.detail})`,
        step: claimed ? { reclaim: true } : { change: { setEnv: { NETDATA_CLAIM_URL: CLOUD_URL } } },
      });
  }
  if (claim.rooms) {
    const bad = claim.rooms.value
      .split(',')
      .map((r) => r.trim().replace(/^["']|["']$/g, ''))
      .filter((r) => r !== '' && !isUuid(r));
    if (bad.length > 0)
      problems.push({
        level: 'warn',
        cause: 'room-ids-invalid',
        text: `room IDs that are not UUIDs: ${bad.join(', ')}`,
        fix: 'copy NETDATA_CLAIM_ROOMS again from the "Connect Nodes" page (a comma list of room UUIDs)',
        step: { change: validRooms(claim.rooms.value) },
      });
  }
  const extra = claim.extraOpts ?? '';
  const extraInsecure = /(^|\s)-insecure(\s|$)/.test(extra);
  if (agent.generation === 2 && agent.parsed && !atLeast(agent.parsed, 2, 11) && extra.trim() !== '') {
    // v2.0–v2.10 test strstr(..., "-insecure") == 0, inverted (facts §2.4).
    problems.push(
      extraInsecure
        ? {
            level: 'warn',
            cause: 'insecure-inverted-no-effect',
            text: `NETDATA_EXTRA_CLAIM_OPTS=-insecure has no effect on ${agent.parsed.raw} (inverted check, fixed in v2.11)`,
            fix: 'remove -insecure; use a trusted certificate instead',
            step: { change: { removeEnv: ['NETDATA_EXTRA_CLAIM_OPTS'] } },
          }
        : {
            level: 'warn',
            cause: 'insecure-inverted-turns-on',
            text: `NETDATA_EXTRA_CLAIM_OPTS is set without -insecure, which turns insecure mode ON on ${agent.parsed.raw} (inverted check, fixed in v2.11)`,
            fix: 'remove NETDATA_EXTRA_CLAIM_OPTS, or upgrade to v2.11+',
            step: { change: { removeEnv: ['NETDATA_EXTRA_CLAIM_OPTS'] } },
          },
    );
  } else if (extraInsecure) {
    problems.push({
      level: 'warn',
      cause: 'insecure-enabled',
      text: 'insecure claiming is on (NETDATA_EXTRA_CLAIM_OPTS=-insecure): TLS is not verified',
      fix: 'remove -insecure and trust the right CA instead',
      step: { change: withoutInsecure(extra) },
    });
  }
  const confInsecure = iniValue(agent.claimConf, 'global', 'insecure');
  if (confInsecure && /^(yes|true|1|on)$/i.test(confInsecure)) {
    problems.push({
      level: 'warn',
      cause: 'insecure-in-claim-conf',
      text: 'claim.conf sets insecure = yes: TLS is not verified',
      fix: 'set insecure = no in /etc/netdata/claim.conf',
      step: { claimConf: 'insecure-no' },
    });
  }
  if (claim.insecureEnv !== undefined) {
    problems.push({
      level: 'warn',
      cause: 'claim-insecure-no-effect',
      text: 'NETDATA_CLAIM_INSECURE is set but no Netdata version reads it',
      fix: 'remove NETDATA_CLAIM_INSECURE (it has no effect)',
      step: { change: { removeEnv: ['NETDATA_CLAIM_INSECURE'] } },
    });
  }
  if (claimed && claim.url && claim.url.source === 'inspect') {
    const persisted = iniValue(agent.cloudConf, 'global', 'url') ?? iniValue(agent.cloudConf, 'global', 'cloud base url');
    if (persisted && normalizeUrl(persisted) !== normalizeUrl(claim.url.value)) {
      evidence.persistedUrl = ev(persisted, 'file: /var/lib/netdata/cloud.d/cloud.conf');
      problems.push({
        level: 'warn',
        cause: 'url-differs-from-claim',
        text: `NETDATA_CLAIM_URL differs from the URL the agent is already claimed to (${persisted}); the env is ignored while claimed`,
        fix: 'to move the node, remove /var/lib/netdata/cloud.d (keep the machine GUID) and restart',
        step: { reclaim: true },
      });
    }
  }
  // v2 reads /etc/netdata/claim.conf before the environment (facts §2.4): env values are then ignored.
  const confToken = iniValue(agent.claimConf, 'global', 'token');
  if (agent.generation !== 1 && confToken && c.env.NETDATA_CLAIM_TOKEN && c.env.NETDATA_CLAIM_TOKEN !== confToken) {
    problems.push({
      level: 'warn',
      cause: 'claim-conf-overrides-env',
      text: 'NETDATA_CLAIM_TOKEN is ignored: /etc/netdata/claim.conf has its own token and is read first',
      fix: "keep one source: remove claim.conf's token or the NETDATA_CLAIM_* variables (the steps remove the ignored variables; claim.conf stays)",
      step: { change: { removeEnv: ['NETDATA_CLAIM_TOKEN', 'NETDATA_CLAIM_URL', 'NETDATA_CLAIM_ROOMS'] } },
    });
  }
  const persistedToken = iniValue(agent.cloudConf, 'global', 'token');
  if (claimed && claim.token && claim.token.source === 'inspect' && persistedToken && persistedToken !== claim.token.value) {
    problems.push({
      level: 'warn',
      cause: 'token-differs-from-claim',
      text: 'NETDATA_CLAIM_TOKEN differs from the token the agent claimed with; the env is ignored while claimed',
      fix: 'to claim into another Space, remove /var/lib/netdata/cloud.d (keep the machine GUID) and restart',
      step: { reclaim: true },
    });
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
  evidence.problems = ev(
    problems.map((p) => `${p.level}: ${p.text}`),
    'claim.config',
  );
  const { steps, note } = claimConfigSteps(problems, { node, agent });
  const remedy = `${problems.map((p) => p.fix).join('; ')}; then ${recreate(c)}.${note}`;
  return finding('claim.config', fails.length > 0 ? 'fail' : 'warn', worst.cause, `${worst.text}${more}`, evidence, remedy, steps);
};

/** The room IDs that are UUIDs; none left: the variable goes (the claim then lands in the Space's default room). */
function validRooms(rooms: string): RunChange {
  const valid = rooms
    .split(',')
    .map((r) => r.trim().replace(/^["']|["']$/g, ''))
    .filter(isUuid);
  return valid.length > 0 ? { setEnv: { NETDATA_CLAIM_ROOMS: valid.join(',') } } : { removeEnv: ['NETDATA_CLAIM_ROOMS'] };
}

function withoutInsecure(extra: string): RunChange {
  const rest = extra
    .split(/\s+/)
    .filter((w) => w !== '' && w !== '-insecure')
    .join(' ');
  return rest ? { setEnv: { NETDATA_EXTRA_CLAIM_OPTS: rest } } : { removeEnv: ['NETDATA_EXTRA_CLAIM_OPTS'] };
}

/**
 * One set of steps for all the problems found: their env changes merged into one recreate (a reclaim when a
 * claimed agent must claim again, the claim env when it must claim at all), claim.conf edited inside the agent.
 */
function claimConfigSteps(
  problems: readonly Problem[],
  { node, agent }: Pick<NodeCheckContext, 'node' | 'agent'>,
): { steps: Step[]; note: string } {
  const c = node.container;
  if (!c.spec) return { steps: [], note: '' };
  const change: RunChange = { setEnv: {}, removeEnv: [] };
  for (const p of problems) {
    Object.assign(change.setEnv!, p.step?.change?.setEnv);
    change.removeEnv = [...change.removeEnv!, ...(p.step?.change?.removeEnv ?? [])];
  }
  const url = agent.claim.url && !urlProblem(agent.claim.url.value) ? agent.claim.url.value.trim() : CLOUD_URL;
  const roomsChange = problems.find((p) => p.cause === 'room-ids-invalid')?.step?.change;
  const rooms = roomsChange ? roomsChange.setEnv?.NETDATA_CLAIM_ROOMS : agent.claim.rooms?.value.trim() || undefined;
  const claimOptions = { url, ...(rooms ? { rooms } : {}), change };
  const tokenNote =
    c.spec.env.some((e) => e.startsWith('NETDATA_CLAIM_TOKEN=')) || problems.some((p) => p.step?.claim || p.step?.reclaim)
      ? ' The steps write the token as "$NETDATA_CLAIM_TOKEN": set it in your shell first (export NETDATA_CLAIM_TOKEN=…, the token from the Space\'s "Connect Nodes" page, without quotes).'
      : '';
  const confSteps: Step[] = problems.some((p) => p.step?.claimConf === 'insecure-no')
    ? [
        {
          where: 'agent',
          run: `docker exec -u root ${shellQuote(c.name)} sed -i -E ${shellQuote('s/^([[:space:]]*insecure[[:space:]]*=).*/\\1 no/')} /etc/netdata/claim.conf`,
        },
      ]
    : [];
  const envChanged =
    Object.keys(change.setEnv!).length > 0 ||
    change.removeEnv!.length > 0 ||
    problems.some((p) => p.step?.change === undefined && p.step && !p.step.claimConf);
  if (problems.some((p) => p.step?.reclaim)) {
    return {
      steps: [...confSteps, ...stepsFor(c, (s) => reclaimSteps(s, claimOptions))],
      note:
        ` The steps stop ${c.name}, empty cloud.d/ (the machine GUID stays) and recreate it with the claim environment, so it claims again at start.` +
        `${reclaimIdentityNote(c)}${tokenNote}`,
    };
  }
  if (problems.some((p) => p.step?.claim)) {
    return { steps: [...confSteps, ...claimEnvKeepingIdentity(c, claimOptions)], note: `${recreateNote(c)}${tokenNote}` };
  }
  if (envChanged) return { steps: [...confSteps, ...recreateKeepingIdentity(c, change)], note: `${recreateNote(c)}${tokenNote}` };
  return { steps: [...confSteps, ...stepsFor(c, restartSteps)], note: ` The steps edit claim.conf in ${c.name} and restart it.` };
}
