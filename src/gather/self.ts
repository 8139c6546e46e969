// Where the doctor itself runs: on the host, or in a container (whose networks decide which agent
// addresses it can reach, CONTRACT §3). Read once per process.

import { readFileSync } from 'node:fs';
import type { DockerClient } from '../docker/client.ts';
import { containerFactsFromInspect } from '../docker/inspect.ts';
import type { ContainerFacts } from '../facts/types.ts';

export type SelfPlace = { kind: 'host' } | { kind: 'container'; id: string; facts?: ContainerFacts };

/** The container ID in /proc/self/mountinfo (its hostname, hosts and resolv.conf are mounted from it). */
export function ownContainerId(mountinfo: string): string | undefined {
  return /\/(?:docker\/)?containers\/([0-9a-f]{64})\//.exec(mountinfo)?.[1];
}

export function inContainer(): string | undefined {
  try {
    return ownContainerId(readFileSync('/proc/self/mountinfo', 'utf8'));
  } catch {
    return undefined;
  }
}

export async function findSelf(client: DockerClient, containerId = inContainer()): Promise<SelfPlace> {
  if (!containerId) return { kind: 'host' };
  try {
    return { kind: 'container', id: containerId, facts: containerFactsFromInspect(await client.inspect(containerId)) };
  } catch {
    // Another engine, or inspect denied: the doctor is in a container but cannot see which networks it has.
    return { kind: 'container', id: containerId };
  }
}

/**
 * Whether the doctor and this container share one network namespace: both on the host's, or one joined the
 * other's (`network_mode: container:<id or name>`, compose's `service:`). The one rule for reaching the
 * agent's API on 127.0.0.1 and for probing from the namespace they share.
 */
export function sharesNamespace(c: Pick<ContainerFacts, 'id' | 'name' | 'networkMode'>, self: SelfPlace): boolean {
  const selfMode = self.kind === 'container' ? self.facts?.networkMode : 'host';
  if (c.networkMode === 'host' && selfMode === 'host') return true;
  if (self.kind !== 'container') return false;
  const joins = (mode: string | undefined, ...targets: (string | undefined)[]) =>
    targets.some((t) => t !== undefined && mode === `container:${t}`);
  return joins(c.networkMode, self.id, self.facts?.name) || joins(selfMode, c.id, c.name);
}
