// Which containers are agents to diagnose (CONTRACT §3, "Target discovery"). Pure over the container list.

import type { DiscoveryFacts } from '../facts/types.ts';
import { isOfficialImage } from '../agent/image.ts';

export const ENABLE_LABEL = 'netdata-cloud-doctor.enable';
export const URL_LABEL = 'netdata-cloud-doctor.url';
const OCI_TITLE = 'org.opencontainers.image.title';
const COMPOSE_SERVICE = 'com.docker.compose.service';

export interface ContainerSummary {
  id: string;
  names: string[];
  image: string;
  labels: Record<string, string>;
}

const nameOf = (c: ContainerSummary): string => (c.names[0] ?? c.id.slice(0, 12)).replace(/^\//, '');

export interface Selection {
  selected: ContainerSummary[];
  facts: DiscoveryFacts;
}

/** Explicit targets: names, IDs (full or a unique prefix) or compose service names. */
function selectExplicit(all: readonly ContainerSummary[], targets: readonly string[]): Selection {
  const selected: ContainerSummary[] = [];
  const missing: string[] = [];
  for (const target of targets) {
    const byName = all.filter((c) => c.names.some((n) => n.replace(/^\//, '') === target));
    const byId = target.length >= 4 ? all.filter((c) => c.id.startsWith(target.toLowerCase())) : [];
    const byService = all.filter((c) => c.labels[COMPOSE_SERVICE] === target);
    const hits = byName.length ? byName : byId.length === 1 ? byId : byService;
    if (hits.length === 0) missing.push(target);
    for (const hit of hits) if (!selected.includes(hit)) selected.push(hit);
  }
  return { selected, facts: { mode: 'explicit', requested: selected.map(nameOf), missing, unreadable: [], unlabelledCandidates: 0 } };
}

function selectAuto(all: readonly ContainerSummary[]): Selection {
  const optedOut = (c: ContainerSummary) => c.labels[ENABLE_LABEL]?.toLowerCase() === 'false';
  const candidates = all.filter((c) => !optedOut(c));
  const labelled = candidates.filter((c) => c.labels[ENABLE_LABEL]?.toLowerCase() === 'true');
  const byImage = candidates.filter((c) => isOfficialImage(c.image) || c.labels[OCI_TITLE] === 'Netdata Agent');
  const byName = candidates.filter((c) => nameOf(c) === 'netdata');
  const [selected, matchedBy] = labelled.length
    ? [labelled, 'label' as const]
    : byImage.length
      ? [byImage, 'image' as const]
      : byName.length
        ? [byName, 'name' as const]
        : [[], 'none' as const];
  return {
    selected,
    facts: {
      mode: 'auto',
      requested: selected.map(nameOf),
      missing: [],
      unreadable: [],
      matchedBy,
      unlabelledCandidates: labelled.length ? 0 : selected.length,
    },
  };
}

export function selectTargets(all: readonly ContainerSummary[], targets: readonly string[] | 'auto'): Selection {
  return targets === 'auto' ? selectAuto(all) : selectExplicit(all, targets);
}

export { nameOf as containerName };
