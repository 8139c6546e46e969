// Which remedy steps (src/remedy/) a finding carries, chosen from its cause, so that the checks pick steps
// the same way and a check whose causes are refined later keeps its step choice keyed on the cause.
// CONTRACT §4: applied literally, in order, the steps make the finding pass; [] only where the fix is
// outside the user's hosts (or cannot be known before the cause is read), and then the remedy says why.

import type { ContainerFacts, Step } from '../facts/types.ts';
import type { NodeCheckContext } from './types.ts';
import {
  CLOUD_URL,
  fixOwnerSteps,
  identityResetSteps,
  persistenceSteps,
  reclaimSteps,
  recreateSteps,
  restartSteps,
  startSteps,
  stepsFor,
  type RunChange,
} from '../remedy/index.ts';
import { mountHolding } from './storage-persistence.ts';
import { PATHS } from '../agent/paths.ts';

/** The sentence a remedy carries when its finding has no steps: `No steps: <why>.` (held by a unit test). */
export const noSteps = (why: string): string => `No steps: ${why}.`;

/** Whether /var/lib/netdata survives a recreate: any volume or bind (an anonymous volume is kept by its name). */
export function libSurvivesRecreate(c: ContainerFacts): boolean {
  const mount = mountHolding(c.mounts, PATHS.lib);
  return Boolean(mount && mount.type !== 'tmpfs');
}

/**
 * Recreate with a change without losing the node: where /var/lib/netdata is in the container's layer or a
 * tmpfs, its files are first copied into a named volume and the recreate mounts it along with the change
 * (else the recreated agent would be a new node with a new machine GUID).
 */
export function recreateKeepingIdentity(c: ContainerFacts, change: RunChange = {}): Step[] {
  return stepsFor(c, (s) => (libSurvivesRecreate(c) ? recreateSteps(s, change) : persistenceSteps(s, { change })));
}

/** The claim env (token by reference, URL, rooms) with any other change, keeping the node's identity. */
export function claimEnvKeepingIdentity(c: ContainerFacts, options: { url?: string; rooms?: string; change?: RunChange } = {}): Step[] {
  const change = options.change ?? {};
  const env: Record<string, string> = { NETDATA_CLAIM_TOKEN: '', NETDATA_CLAIM_URL: options.url ?? CLOUD_URL };
  if (options.rooms) env.NETDATA_CLAIM_ROOMS = options.rooms;
  return recreateKeepingIdentity(c, { ...change, setEnv: { ...change.setEnv, ...env } });
}

/** A reclaim recreates the agent: without a volume at /var/lib/netdata it comes back as a new node; the remedy says so. */
export const reclaimIdentityNote = (c: ContainerFacts): string =>
  c.spec && !libSurvivesRecreate(c)
    ? ' /var/lib/netdata is not on a volume, so the agent claims as a new node (apply the storage.persistence steps first to keep its machine GUID).'
    : '';

/** What the remedy says about the recreate in the steps, so the text agrees with them. */
export const recreateHow = (c: ContainerFacts): string =>
  c.spec?.compose ? 'through its compose file' : 'from its own docker run line (rebuilt from inspect)';

export function recreateNote(c: ContainerFacts): string {
  if (!c.spec) return '';
  const how = recreateHow(c);
  const keep = libSurvivesRecreate(c)
    ? ''
    : ` /var/lib/netdata is not on a volume, so the steps first copy it into the volume ${c.name}-netdata-lib: the node keeps its machine GUID.`;
  return ` The steps recreate ${c.name} ${how}.${keep}`;
}

/** The files the doctor read and found missing, so the identity reset need not recreate for them. */
export function absentIdentityFiles(view: Pick<NodeCheckContext, 'node'>): string[] {
  const files = view.node.files;
  return [
    ...(files.statusFile.ok === false && files.statusFile.absent ? [PATHS.statusFile] : []),
    ...(files.machineGuid.ok === false && files.machineGuid.absent ? [PATHS.machineGuid] : []),
  ];
}

/** A fresh identity for this agent (cloned, leaked or rejected GUID), with every file its version recovers it from. */
export function freshIdentitySteps(view: Pick<NodeCheckContext, 'node' | 'agent'>): Step[] {
  return stepsFor(view.node.container, (s) => identityResetSteps(s, view.agent.version?.value, { absent: absentIdentityFiles(view) }));
}

/** The claim env the agent has now, reused by a reclaim (the URL only when it is a clean one). */
function currentClaim(view: Pick<NodeCheckContext, 'agent'>): { url: string; rooms?: string } {
  const url = view.agent.claim.url?.value.trim();
  const clean = url && /^https?:\/\/[^\s"']+$/.test(url) ? url : CLOUD_URL;
  const rooms = view.agent.claim.rooms?.value.trim();
  return { url: clean, ...(rooms ? { rooms } : {}) };
}

type ClaimView = Pick<NodeCheckContext, 'node' | 'agent'>;

/** A claim failure's fix: its steps, and what the remedy says about them (only when there are steps to say it of). */
interface ClaimFix {
  steps(view: ClaimView): Step[];
  note(c: ContainerFacts): string;
}

const RECLAIM: ClaimFix = {
  steps: (view) => stepsFor(view.node.container, (s) => reclaimSteps(s, currentClaim(view))),
  note: (c) =>
    ' Put the fresh token in your shell (export NETDATA_CLAIM_TOKEN=…), then run the steps: they stop the agent, empty ' +
    `cloud.d/ (the machine GUID stays) and recreate ${c.name} with the claim environment, so it claims again at start.${reclaimIdentityNote(c)}`,
};
const FRESH_IDENTITY: ClaimFix = {
  steps: (view) => freshIdentitySteps(view),
  note: () =>
    ' The steps give the agent a fresh machine GUID: they stop it, remove the GUID file, every status-netdata.json ' +
    'its version brings the GUID back from and the contents of cloud.d/ (claim.conf and the claim env stay), then start it again.',
};
const FIX_OWNER: ClaimFix = {
  steps: (view) => stepsFor(view.node.container, (s) => fixOwnerSteps(s)),
  note: () => " The steps hand /var/lib/netdata to the netdata user with the agent's own image, then start it.",
};
const RESTART: ClaimFix = {
  steps: ({ node: { container: c } }) => stepsFor(c, (s) => (c.status === 'running' ? restartSteps(s) : startSteps(s))),
  note: () => '',
};

/**
 * The fix for each claim failure, by the cause words claim.state, agent.running and aclk.connection give it (the v1
 * claim script's exit codes and the v2 agent's reasons). A cause not here has no steps: its fix is the network,
 * Netdata Cloud, or the reason the agent names.
 */
const CLAIM_FIXES: Readonly<Record<string, ClaimFix>> = {
  'token-rejected': RECLAIM,
  'public-key-rejected': RECLAIM,
  'node-deleted': RECLAIM,
  'otp-failed': RECLAIM,
  'http-error': RECLAIM,
  'env-failed': RECLAIM,
  'not-claimed-reported': RECLAIM,
  'room-id-rejected': {
    // The right room IDs are only on the Space's page: claim into the Space's default room instead.
    steps: (view) =>
      stepsFor(view.node.container, (s) =>
        reclaimSteps(s, { url: currentClaim(view).url, change: { removeEnv: ['NETDATA_CLAIM_ROOMS'] } }),
      ),
    note: () =>
      ` The steps claim again without NETDATA_CLAIM_ROOMS (into the Space's default room); set the right rooms later from the "Connect Nodes" page.`,
  },
  'already-claimed': FRESH_IDENTITY,
  'node-id-rejected': FRESH_IDENTITY,
  'claim-dir-not-writable': FIX_OWNER,
  'machine-guid-unreadable': FIX_OWNER,
  'unknown-argument': {
    steps: (view) => recreateKeepingIdentity(view.node.container, { removeEnv: ['NETDATA_EXTRA_CLAIM_OPTS'] }),
    note: (c) => ` The steps remove NETDATA_EXTRA_CLAIM_OPTS.${recreateNote(c)}`,
  },
  'built-without-cloud': {
    steps: (view) => recreateKeepingIdentity(view.node.container, { image: 'netdata/netdata:stable' }),
    note: (c) => ` The steps switch to netdata/netdata:stable.${recreateNote(c)}`,
  },
  'agent-cli-not-notified': RESTART,
  'claim-in-progress': RESTART,
};

/** The steps for a claim that failed, by its cause words; [] where the fix is the network or Netdata Cloud. */
export function claimFailureSteps(cause: string, view: ClaimView): Step[] {
  return CLAIM_FIXES[cause]?.steps(view) ?? [];
}

/** Claim failures whose fix is the network path or Netdata Cloud itself. */
const NETWORK_OR_CLOUD = new Set([
  'claim-url-unreachable',
  'unknown-http-error',
  'dns-failed',
  'connection-failed',
  'tls-failed',
  'proxy-failed',
  'cloud-error',
  'cloud-internal-error',
  'cloud-gateway-timeout',
  'cloud-unavailable',
  'banned',
]);

/** What a remedy says about claimFailureSteps' choice; '' where the remedy text already says it all. */
export function claimFailureNote(cause: string, c: ContainerFacts): string {
  if (!c.spec) return '';
  const fix = CLAIM_FIXES[cause];
  if (fix) return fix.note(c);
  return NETWORK_OR_CLOUD.has(cause)
    ? ` ${noSteps("the fix is on the network path to Netdata Cloud or on Netdata Cloud's side, outside this host's containers")}`
    : ` ${noSteps('the fix depends on the reason above, which no command here can change by itself')}`;
}
