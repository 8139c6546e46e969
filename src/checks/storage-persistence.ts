// storage.persistence: /var/lib/netdata holds the machine GUID and the claim (facts §3). Without a
// persistent, writable mount every recreate is a new node that must claim again (FM01, FM12).

import type { NodeCheck } from './types.ts';
import type { MountFact } from '../facts/types.ts';
import { ev, finding } from './finding.ts';
import { isCompose, recreate } from './remedy.ts';
import { persistenceSteps, persistentVolumeName, recreateSteps, stepsFor, writableMountSteps } from '../remedy/index.ts';
import { recreateHow, recreateNote } from './steps.ts';

const LIB = '/var/lib/netdata';
const CONFIG = '/etc/netdata';

/** The mount that holds a path: the one at the path itself, else the deepest one above it. */
export function mountHolding(mounts: readonly MountFact[], path: string): MountFact | undefined {
  return mounts
    .filter((m) => path === m.destination || path.startsWith(m.destination.endsWith('/') ? m.destination : `${m.destination}/`))
    .sort((a, b) => b.destination.length - a.destination.length)[0];
}

export const isAnonymousVolume = (m: MountFact): boolean => m.type === 'volume' && /^[0-9a-f]{64}$/.test(m.name ?? '');

const describe = (m: MountFact): string =>
  m.type === 'volume' ? `${isAnonymousVolume(m) ? 'anonymous volume' : `volume ${m.name}`}` : `${m.type} mount ${m.source}`;

export const storagePersistence: NodeCheck = ({ node, agent }) => {
  const c = node.container;
  const mount = mountHolding(c.mounts, LIB);
  const evidence = {
    mounts: ev(
      c.mounts.map((m) => `${m.type} ${m.name ?? m.source} -> ${m.destination}${m.rw ? '' : ' (ro)'}`),
      'inspect Mounts',
    ),
  };
  const service = c.composeService;
  const addVolume = isCompose(c)
    ? `add "netdatalib:${LIB}" under services.${service}.volumes (and netdatalib: under the top-level volumes:)`
    : `add -v netdatalib:${LIB} to docker run`;

  // With a spec the steps move the current files into a named volume, so the node keeps its identity.
  const moved = (what: string): string | undefined =>
    c.spec
      ? `Move ${LIB} to the named volume ${persistentVolumeName(c.spec)} with the steps: they stop ${c.name}, copy its current ${LIB} ` +
        `(${what}) into the new volume with owners and modes, and recreate it ${recreateHow(c)} with the volume mounted ` +
        `(${persistentVolumeName(c.spec)}:${LIB}), ` +
        'so the node keeps its machine GUID and claim.'
      : undefined;
  const persist = stepsFor(c, (s) => persistenceSteps(s));
  if (!mount) {
    return finding(
      'storage.persistence',
      'fail',
      'no-volume',
      `${LIB} is not on a volume: every recreate makes a new node that must claim again`,
      evidence,
      moved("from the container's own layer") ??
        `${addVolume[0]!.toUpperCase()}${addVolume.slice(1)} (also netdataconfig:${CONFIG} and netdatacache:/var/cache/netdata), then ${recreate(c)}. The node gets a new identity once, then keeps it.`,
      persist,
    );
  }
  if (mount.type === 'tmpfs') {
    return finding(
      'storage.persistence',
      'fail',
      'tmpfs',
      `${LIB} is on a tmpfs: the identity and the claim vanish when the container stops`,
      evidence,
      moved('read from the tmpfs while the agent runs') ?? `Replace the tmpfs with a named volume: ${addVolume}, then ${recreate(c)}.`,
      persist,
    );
  }
  if (!mount.rw) {
    return finding(
      'storage.persistence',
      'fail',
      'read-only',
      `${LIB} is read-only (${describe(mount)}): the agent cannot save its GUID or claim`,
      evidence,
      `Remove ":ro" from the ${LIB} mount (the steps recreate it read-write), and make it writable by UID 201 (netdata) if it is not. ` +
        `Then ${recreate(c)}.${recreateNote(c)}`,
      stepsFor(c, (s) => writableMountSteps(s)),
    );
  }
  if (isAnonymousVolume(mount)) {
    return finding(
      'storage.persistence',
      'warn',
      'anonymous-volume',
      `${LIB} is on an anonymous volume: it survives restarts but not "docker compose down" or a new container`,
      evidence,
      moved('from the anonymous volume, which is left as it is') ?? `Use a named volume: ${addVolume}, then ${recreate(c)}.`,
      persist,
    );
  }
  const config = mountHolding(c.mounts, CONFIG);
  if (agent.generation === 2 && (!config || config.type === 'tmpfs')) {
    // An empty named volume is filled with the image's /etc/netdata on its first mount.
    const volume = `${c.name}-netdata-config`;
    const steps = stepsFor(c, (s) =>
      recreateSteps(s, { mounts: [{ type: 'volume', name: volume, target: CONFIG, readOnly: false, anonymous: false }] }),
    );
    return finding(
      'storage.persistence',
      'warn',
      'config-not-persistent',
      `${LIB} is persistent, but ${CONFIG} (claim.conf) is not`,
      evidence,
      c.spec
        ? `Mount a named volume at ${CONFIG}: the steps create ${volume} (Docker fills it with the image's ${CONFIG} on first use; ` +
            `a claim.conf written by hand into the container's layer must be written again).${recreateNote(c)}`
        : isCompose(c)
          ? `Add "netdataconfig:${CONFIG}" under services.${service}.volumes, then ${recreate(c)}.`
          : `Add -v netdataconfig:${CONFIG} to docker run, then ${recreate(c)}.`,
      steps,
    );
  }
  return finding(
    'storage.persistence',
    'pass',
    'ok',
    `${LIB} is on ${describe(mount)}${mount.destination !== LIB ? ` (at ${mount.destination})` : ''}`,
    evidence,
  );
};
