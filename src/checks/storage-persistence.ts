// storage.persistence: /var/lib/netdata holds the machine GUID and the claim (facts §3). Without a
// persistent, writable mount every recreate is a new node that must claim again (FM01, FM12).

import type { NodeCheck } from './types.ts';
import type { MountFact } from '../facts/types.ts';
import { ev, finding } from './finding.ts';
import { isCompose, recreate } from './remedy.ts';

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
  const evidence = { mounts: ev(c.mounts.map((m) => `${m.type} ${m.name ?? m.source} -> ${m.destination}${m.rw ? '' : ' (ro)'}`), 'inspect Mounts') };
  const service = c.composeService;
  const addVolume = isCompose(c)
    ? `add "netdatalib:${LIB}" under services.${service}.volumes (and netdatalib: under the top-level volumes:)`
    : `add -v netdatalib:${LIB} to docker run`;

  if (!mount) {
    return finding('storage.persistence', 'fail', 'no-volume', `${LIB} is not on a volume: every recreate makes a new node that must claim again`, evidence,
      `${addVolume[0]!.toUpperCase()}${addVolume.slice(1)} (also netdataconfig:${CONFIG} and netdatacache:/var/cache/netdata), then ${recreate(c)}. The node gets a new identity once, then keeps it.`);
  }
  if (mount.type === 'tmpfs') {
    return finding('storage.persistence', 'fail', 'tmpfs', `${LIB} is on a tmpfs: the identity and the claim vanish when the container stops`, evidence,
      `Replace the tmpfs with a named volume: ${addVolume}, then ${recreate(c)}.`);
  }
  if (!mount.rw) {
    return finding('storage.persistence', 'fail', 'read-only', `${LIB} is read-only (${describe(mount)}): the agent cannot save its GUID or claim`, evidence,
      `Remove ":ro" from the ${LIB} mount, make it writable by UID 201 (netdata), then ${recreate(c)}.`);
  }
  if (isAnonymousVolume(mount)) {
    return finding('storage.persistence', 'warn', 'anonymous-volume', `${LIB} is on an anonymous volume: it survives restarts but not "docker compose down" or a new container`, evidence,
      `Use a named volume: ${addVolume}, then ${recreate(c)}.`);
  }
  if (agent.generation === 2 && !mountHolding(c.mounts, CONFIG)) {
    return finding('storage.persistence', 'warn', 'config-not-persistent', `${LIB} is persistent, but ${CONFIG} (claim.conf) is not`, evidence,
      isCompose(c)
        ? `Add "netdataconfig:${CONFIG}" under services.${service}.volumes, then ${recreate(c)}.`
        : `Add -v netdataconfig:${CONFIG} to docker run, then ${recreate(c)}.`);
  }
  return finding('storage.persistence', 'pass', 'ok', `${LIB} is on ${describe(mount)}${mount.destination !== LIB ? ` (at ${mount.destination})` : ''}`, evidence);
};
