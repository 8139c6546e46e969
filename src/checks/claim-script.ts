// claim.script: v1 images claim by running /usr/sbin/netdata-claim.sh from run.sh; a missing or broken
// script ends the container with 126/127 (the troubleshooting guide's four script conditions, facts §2.2).

import type { NodeCheck, NodeCheckContext } from './types.ts';
import type { Step } from '../facts/types.ts';
import { recreateKeepingIdentity, recreateNote } from './steps.ts';
import { ev, finding, skip } from './finding.ts';
import { claimScriptExecError } from '../agent/logs.ts';
import { recreate } from './remedy.ts';
import { PATHS } from '../agent/paths.ts';

const CLAIM_SCRIPT_PATH = PATHS.claimScript;

/**
 * A mount over the script (or /usr/sbin, /usr) is removed; else the image is damaged and the agent is recreated
 * from the official image of its own version (netdata/netdata:stable when the version is unknown).
 */
export function claimScriptSteps({ node, agent }: Pick<NodeCheckContext, 'node' | 'agent'>): { steps: Step[]; note: string } {
  const c = node.container;
  if (!c.spec) return { steps: [], note: '' };
  const hiding = c.mounts.filter(
    (m) => CLAIM_SCRIPT_PATH === m.destination || CLAIM_SCRIPT_PATH.startsWith(`${m.destination.replace(/\/$/, '')}/`),
  );
  if (hiding.length > 0) {
    const targets = hiding.map((m) => m.destination);
    return {
      steps: recreateKeepingIdentity(c, { removeMounts: targets }),
      note: ` The steps remove the mount at ${targets.join(', ')}.${recreateNote(c)}`,
    };
  }
  const v = agent.parsed;
  const image = v && !v.nightly ? `netdata/netdata:v${v.major}.${v.minor}.${v.patch}` : 'netdata/netdata:stable';
  return {
    steps: recreateKeepingIdentity(c, { image }),
    note: ` The steps switch ${c.name} to the official image ${image}.${recreateNote(c)}`,
  };
}

export const claimScript: NodeCheck = ({ node, agent }) => {
  const c = node.container;
  if (agent.generation === 2)
    return skip('claim.script', 'v2-no-script', 'v2 agents claim by themselves; their images ship no claim script');
  const read = node.files.claimScript;
  if (!read.ok && !read.absent) return skip('claim.script', 'unreadable', `cannot read ${CLAIM_SCRIPT_PATH}: ${read.reason}`);
  if (agent.generation === null && !read.ok) {
    return skip('claim.script', 'generation-unknown', `agent generation unknown and no ${CLAIM_SCRIPT_PATH}: nothing to judge`);
  }

  let defect: string | undefined;
  let cause = 'script-missing';
  if (!read.ok) defect = 'is missing';
  else if (read.value.kind === 'directory') [defect, cause] = ['is a directory', 'script-is-directory'];
  else if (read.value.kind === 'other') [defect, cause] = ['is not a regular file', 'script-not-regular-file'];
  else if (read.value.kind === 'file' && (read.value.mode & 0o111) === 0) {
    defect = `is not executable (mode ${(read.value.mode & 0o7777).toString(8).padStart(4, '0')})`;
    cause = 'script-not-executable';
  }

  const evidence = {
    path: ev(
      read.ok
        ? {
            kind: read.value.kind,
            mode: (read.value.mode & 0o7777).toString(8).padStart(4, '0'),
            ...(read.value.linkTarget ? { target: read.value.linkTarget } : {}),
          }
        : 'absent',
      'archive: GET /containers/{id}/archive',
    ),
  };
  if (!defect) {
    const link = read.ok && read.value.kind === 'symlink' ? ` (a link to ${read.value.linkTarget ?? 'unknown'}, not followed)` : '';
    return finding('claim.script', 'pass', 'ok', `${CLAIM_SCRIPT_PATH} is present and executable${link}`, evidence);
  }
  const shellError = node.logs.ok ? claimScriptExecError(node.logs.value) : undefined;
  const withShell = shellError ? { ...evidence, entrypoint: ev(`netdata-claim.sh: ${shellError}`, 'logs: run.sh') } : evidence;
  const wouldRun = Boolean(agent.claim.url && agent.claim.token && !agent.claimId);
  const { steps, note } = claimScriptSteps({ node, agent });
  const fix = `${CLAIM_SCRIPT_PATH} ${defect}: the image is damaged or a mount hides the script. Remove any volume or bind mount over /usr/sbin, use the official image, and ${recreate(c)}.${note}`;
  if (wouldRun) {
    return finding(
      'claim.script',
      'fail',
      cause,
      `${CLAIM_SCRIPT_PATH} ${defect}, and a claim is configured: run.sh stops with ${defect === 'is missing' ? 127 : 126}`,
      withShell,
      fix,
      steps,
    );
  }
  return finding(
    'claim.script',
    'warn',
    `${cause}-unused`,
    `${CLAIM_SCRIPT_PATH} ${defect} (no claim configured now, but any claim will fail)`,
    withShell,
    fix,
    steps,
  );
};
