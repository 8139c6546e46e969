// The remedies as literal steps, with every name filled in from the container's RunSpec. Each builder is
// pure; the checks call them and put the result in Finding.steps (see docs/remedy-steps.md).
//
// Work on a stopped agent's files is done by a throwaway container of the agent's OWN image (by id, so
// nothing is pulled) with the agent's volumes mounted where the agent has them, on `--network none`.

import type { RunMount, RunSpec, Step } from '../facts/types.ts';
import { recreateRunSteps, type RunChange } from './docker-run.ts';
import { recreateComposeSteps } from './compose.ts';
import { shellQuote } from './shell.ts';

export const VARLIB = '/var/lib/netdata';
export const CACHE = '/var/cache/netdata';
export const GUID_FILE = `${VARLIB}/registry/netdata.public.unique.id`;
export const CLOUD_DIR = `${VARLIB}/cloud.d`;
/** Where v2.3.1+ looks for status-netdata.json to bring a missing GUID back (the daemon's cwd is added). */
export const STATUS_FILE_DIRS = [VARLIB, CACHE, '/tmp', '/run', '/var/run'] as const;

/** Recreate with a change: compose containers through their compose file, others from their own run line. */
export function recreateSteps(spec: RunSpec, change: RunChange = {}, options: { stopped?: boolean } = {}): Step[] {
  return spec.compose ? recreateComposeSteps(spec.compose, change, { force: true }) : recreateRunSteps(spec, change, options);
}

/** Set (or fix) environment variables; values of secrets are never written (see isSecretEnv). */
export const setEnvSteps = (spec: RunSpec, env: Record<string, string>, remove: readonly string[] = []): Step[] =>
  recreateSteps(spec, { setEnv: env, removeEnv: remove });

export const startSteps = (spec: RunSpec): Step[] => [{ where: 'host', run: `docker start ${shellQuote(spec.name)}` }];
export const unpauseSteps = (spec: RunSpec): Step[] => [{ where: 'host', run: `docker unpause ${shellQuote(spec.name)}` }];
export const restartSteps = (spec: RunSpec): Step[] => [{ where: 'host', run: `docker restart ${shellQuote(spec.name)}` }];

/**
 * `docker run --rm` of the agent's own image as root, with the agent's volumes and binds mounted where the
 * agent has them (named explicitly rather than `--volumes-from`, so it works after a `--rm` agent is gone).
 */
function helperRun(spec: RunSpec, script: string): string {
  const image = spec.imageId || spec.image;
  const source = (m: RunMount): string => (m.type === 'volume' ? m.name : m.type === 'bind' ? m.source : '');
  const mounts = spec.mounts.flatMap((m) => (m.type === 'tmpfs' ? [] : [`-v ${shellQuote(`${source(m)}:${m.target}`)}`]));
  const run = `--entrypoint sh ${shellQuote(image)} -c ${shellQuote(script)}`;
  return ['docker run --rm --network none --user root', ...mounts, run].join(' ');
}

const covers = (spec: RunSpec, file: string): boolean =>
  spec.mounts.some((m) => m.type !== 'tmpfs' && (file === m.target || file.startsWith(`${m.target.replace(/\/$/, '')}/`)));

/** [major, minor, patch] of "v2.3.1", "2.11.0-nightly", …; undefined when unreadable. */
function versionOf(version: string | undefined): [number, number, number] | undefined {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(version ?? '');
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

/** Whether this agent takes its GUID back from status-netdata.json (v2.3.1+; unknown versions are treated so). */
export function recoversGuidFromStatusFile(version: string | undefined): boolean {
  const v = versionOf(version);
  if (!v) return true;
  const [major, minor, patch] = v;
  return major > 2 || (major === 2 && (minor > 3 || (minor === 3 && patch >= 1)));
}

/** Every file the agent of this version recovers its machine GUID from (agent-vocabulary.md B). */
export function identityFiles(spec: RunSpec, version: string | undefined): string[] {
  const files = [GUID_FILE];
  if (recoversGuidFromStatusFile(version)) {
    const cwd = (spec.workingDir ?? '/').replace(/\/$/, '');
    files.push(...STATUS_FILE_DIRS.map((d) => `${d}/status-netdata.json`), `${cwd}/status-netdata.json`);
  }
  return [...new Set(files)];
}

/**
 * A fresh machine GUID for an agent whose identity is shared or cloned. The agent must be stopped: a running
 * v2 agent writes status-netdata.json again as it exits (observed-v2.11.0.md). The GUID file, every
 * status-netdata.json the version reads it back from, and the contents of cloud.d/ (the claim) are removed;
 * /etc/netdata/claim.conf and the claim environment stay, so the agent claims again as the new node.
 * Files in the container's own layer (not on a volume) cannot be reached while it is stopped, so then the
 * container is recreated, unchanged, which starts it with a clean layer; else it is just started again.
 *
 * @param absent files the doctor has seen do not exist (read through the archive API), so no recreate for them.
 */
export function identityResetSteps(spec: RunSpec, version: string | undefined, options: { absent?: readonly string[] } = {}): Step[] {
  const files = identityFiles(spec, version);
  // cloud.d/ itself stays (0700, the agent's owner); a new one made here would belong to root.
  const script = `rm -f ${files.map(shellQuote).join(' ')} && if [ -d ${CLOUD_DIR} ]; then find ${CLOUD_DIR} -mindepth 1 -delete; fi`;
  const steps: Step[] = [
    { where: 'host', run: `docker stop ${shellQuote(spec.name)}` },
    { where: 'host', run: helperRun(spec, script) },
  ];
  const absent = new Set(options.absent ?? []);
  const inLayer = [...files, CLOUD_DIR].filter((f) => !covers(spec, f) && !absent.has(f));
  // Files of /var/lib/netdata in the layer vanish with it; that is the reset, not a loss. A --rm container
  // is gone once stopped, so it always starts again from its line.
  if (inLayer.length > 0 || spec.autoRemove) steps.push(...recreateSteps(spec, {}, { stopped: true }));
  else steps.push(...startSteps(spec));
  return steps;
}

/** The named volume the persistence remedy creates for /var/lib/netdata. */
export const persistentVolumeName = (spec: RunSpec): string => `${spec.name}-netdata-lib`;

/**
 * Keep /var/lib/netdata across recreations, with the node's identity: stop the agent, copy its current
 * /var/lib/netdata (owners and modes kept) into a new named volume with the agent's own image, then recreate
 * it with that volume mounted. The copy comes first, so the recreated agent has the same machine GUID and
 * claim instead of becoming a new node. Works whether the directory is in the container's layer or on an
 * anonymous volume.
 */
export function persistenceSteps(spec: RunSpec, options: { volume?: string; change?: RunChange } = {}): Step[] {
  const volume = options.volume ?? persistentVolumeName(spec);
  const name = shellQuote(spec.name);
  const mount: RunMount = { type: 'volume', name: volume, target: VARLIB, readOnly: false, anonymous: false };
  // A --rm container is removed as it stops, and a tmpfs is emptied: then the files are copied while it runs.
  // `docker cp` does not see into a tmpfs, so that one is read by tar inside the agent.
  const onTmpfs = spec.mounts.some((m) => m.type === 'tmpfs' && m.target === VARLIB);
  const whileRunning = spec.autoRemove || onTmpfs;
  const source = onTmpfs ? `docker exec ${name} tar -c -f - -C /var/lib netdata` : `docker cp ${shellQuote(`${spec.name}:${VARLIB}`)} -`;
  // The archive's top entry is "netdata/"; extracted onto the volume's root, tar gives it the agent's owner and mode.
  const copy =
    `${source} | docker run --rm -i --network none --user root ` +
    `-v ${shellQuote(`${volume}:/restore/netdata`)} --entrypoint tar ${shellQuote(spec.imageId || spec.image)} -x -p -f - -C /restore`;
  const create: Step = { where: 'host', run: `docker volume create ${shellQuote(volume)}` };
  const stop: Step = { where: 'host', run: `docker stop ${name}` };
  const copyStep: Step = { where: 'host', run: copy };
  const first = whileRunning ? [create, copyStep, stop] : [stop, create, copyStep];
  const change = options.change ?? {};
  return [...first, ...recreateSteps(spec, { ...change, mounts: [...(change.mounts ?? []), mount] }, { stopped: true })];
}

/** Netdata Cloud's own URL, what NETDATA_CLAIM_URL should be unless the person uses another Cloud. */
export const CLOUD_URL = 'https://app.netdata.cloud';

/**
 * Give the container the claim environment: the token by reference ($NETDATA_CLAIM_TOKEN, which the person
 * sets in their shell first), the URL, and the rooms when given. Recreates the container.
 */
export function claimEnvSteps(spec: RunSpec, options: { url?: string; rooms?: string; change?: RunChange } = {}): Step[] {
  const change = options.change ?? {};
  return recreateSteps(spec, { ...change, setEnv: { ...change.setEnv, ...claimEnv(options) } });
}

function claimEnv(options: { url?: string; rooms?: string }): Record<string, string> {
  const env: Record<string, string> = { NETDATA_CLAIM_TOKEN: '', NETDATA_CLAIM_URL: options.url ?? CLOUD_URL };
  if (options.rooms) env.NETDATA_CLAIM_ROOMS = options.rooms;
  return env;
}

/**
 * Claim again while keeping the machine GUID: stop, empty cloud.d/ (the old claim), then recreate with the
 * claim environment so the agent claims at start (v1 run.sh claims when cloud.d/claimed_id is missing; v2
 * claims when no claimed_id is loaded). For a GUID Cloud already knows under another claim (v1 "already
 * claimed"), use identityResetSteps instead.
 */
export function reclaimSteps(spec: RunSpec, options: { url?: string; rooms?: string; change?: RunChange } = {}): Step[] {
  const change = options.change ?? {};
  const env = { ...change.setEnv, ...claimEnv(options) };
  return [
    { where: 'host', run: `docker stop ${shellQuote(spec.name)}` },
    { where: 'host', run: helperRun(spec, `if [ -d ${CLOUD_DIR} ]; then find ${CLOUD_DIR} -mindepth 1 -delete; fi`) },
    ...recreateSteps(spec, { ...change, setEnv: env }, { stopped: true }),
  ];
}

/** A bind mount or volume the agent cannot write: hand it to the image's netdata user, then restart. */
export function fixOwnerSteps(spec: RunSpec, target: string = VARLIB): Step[] {
  return [
    { where: 'host', run: `docker stop ${shellQuote(spec.name)}` },
    { where: 'host', run: helperRun(spec, `chown -R netdata:netdata ${shellQuote(target)}`) },
    ...(spec.autoRemove ? recreateSteps(spec, {}, { stopped: true }) : startSteps(spec)),
  ];
}

/** A mount made read-only (`:ro`) where the agent must write: recreate with it read-write. */
export function writableMountSteps(spec: RunSpec, target: string = VARLIB): Step[] {
  const mount = spec.mounts.find((m) => m.target === target);
  if (!mount || mount.type === 'tmpfs') return [];
  return recreateSteps(spec, { mounts: [{ ...mount, readOnly: false }] });
}

/**
 * Two agents on ONE /var/lib/netdata (one volume or bind for both): this one gets a new, empty named volume
 * of its own and so a new machine GUID at its next start (and claims again with its claim env). For v2.3.1+
 * the status file copy in a /var/cache/netdata it also shares is removed first, or it would bring the shared
 * GUID back; the other agent keeps its own copy in its /var/lib/netdata.
 */
export function separateVolumeSteps(spec: RunSpec, version: string | undefined, options: { volume?: string } = {}): Step[] {
  const volume = options.volume ?? persistentVolumeName(spec);
  const mount: RunMount = { type: 'volume', name: volume, target: VARLIB, readOnly: false, anonymous: false };
  const steps: Step[] = [
    { where: 'host', run: `docker stop ${shellQuote(spec.name)}` },
    { where: 'host', run: `docker volume create ${shellQuote(volume)}` },
  ];
  if (recoversGuidFromStatusFile(version) && covers(spec, `${CACHE}/status-netdata.json`)) {
    steps.push({ where: 'host', run: helperRun(spec, `rm -f ${CACHE}/status-netdata.json`) });
  }
  return [...steps, ...recreateSteps(spec, { mounts: [mount] }, { stopped: true })];
}
