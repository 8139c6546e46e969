// What to delete (and what to keep) to give an agent a fresh identity, per version (agent-vocabulary.md B).
// Since v2.3.1 the agent recovers a missing machine GUID from the newest status-netdata.json copy, so the GUID
// file alone is not enough: every copy must go, with the agent stopped (it rewrites the file as it exits).
// Pure data for the remedy's steps; the caller stops the container first and maps paths onto volumes.

import { STATUS_FILE_LOCATIONS } from './status-record.ts';
import { atLeast, type AgentVersion } from './version.ts';

export interface IdentityReset {
  /** Paths inside the container to delete, the agent stopped. Directories end with `/`. */
  remove: string[];
  /** Paths that must stay (the claim configuration the agent claims from at its next start). */
  keep: string[];
  /** Optional clean-ups that do no harm. */
  optional: string[];
  /** Why these, one line. */
  why: string;
}

const GUID_FILE = '/var/lib/netdata/registry/netdata.public.unique.id';
const CLOUD_D = '/var/lib/netdata/cloud.d/';

/** The reset for an agent version; an unknown version gets the widest reset (every place any version reads). */
export function identityReset(version: AgentVersion | undefined): IdentityReset {
  const v2 = version === undefined || version.major >= 2 || (version.major === 1 && version.minor >= 99);
  const statusCopies = version === undefined || atLeast(version, 2, 3, 1);
  if (!v2) {
    return {
      remove: [GUID_FILE, CLOUD_D],
      keep: [],
      optional: [],
      why: 'v1 claims with the machine GUID as claim id: a new GUID and no cloud.d make run.sh claim again (with NETDATA_CLAIM_* set)',
    };
  }
  if (!statusCopies) {
    return {
      remove: [GUID_FILE, CLOUD_D],
      keep: ['/etc/netdata/claim.conf'],
      optional: ['/var/cache/netdata/netdata-meta.db', '/var/cache/netdata/netdata-meta.db-wal', '/var/cache/netdata/netdata-meta.db-shm'],
      why:
        'before v2.3.1 the agent does not read its GUID back from status-netdata.json; it claims again from claim.conf or ' +
        'NETDATA_CLAIM_*',
    };
  }
  return {
    remove: [GUID_FILE, `${GUID_FILE}.lock`, CLOUD_D, ...STATUS_FILE_LOCATIONS],
    keep: ['/etc/netdata/claim.conf'],
    optional: ['/var/cache/netdata/netdata-meta.db', '/var/cache/netdata/netdata-meta.db-wal', '/var/cache/netdata/netdata-meta.db-shm'],
    why:
      'since v2.3.1 a missing GUID file is recovered from the newest status-netdata.json copy (/var/lib/netdata, /var/cache/netdata, ' +
      '/tmp, /run, /var/run)',
  };
}
