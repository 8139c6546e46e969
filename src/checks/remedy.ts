// Remedy text is filled with the user's real names: the compose service when the container belongs to
// a compose project, else the container name, and the volume that holds /var/lib/netdata.

import type { ContainerFacts } from '../facts/types.ts';

export const isCompose = (c: ContainerFacts): boolean => Boolean(c.composeService);

/** How to apply changed environment or mounts: a container must be recreated, a restart keeps the old config. */
export function recreate(c: ContainerFacts): string {
  return isCompose(c)
    ? `docker compose up -d --force-recreate ${c.composeService}`
    : c.spec
      ? `recreate ${c.name} with the change (the steps below)`
      : `recreate ${c.name} (docker rm -f ${c.name}, then your docker run with the change)`;
}

export function restart(c: ContainerFacts): string {
  return isCompose(c) ? `docker compose restart ${c.composeService}` : `docker restart ${c.name}`;
}

export function start(c: ContainerFacts): string {
  return isCompose(c) ? `docker compose up -d ${c.composeService}` : `docker start ${c.name}`;
}

export function logs(c: ContainerFacts): string {
  return isCompose(c) ? `docker compose logs ${c.composeService}` : `docker logs ${c.name}`;
}

/** Where the user sets an environment variable for this container. */
export function envPlace(c: ContainerFacts, setting: string): string {
  const assignment = setting.includes('=') ? setting : `${setting}=…`;
  return isCompose(c)
    ? `set ${assignment} under services.${c.composeService}.environment in your compose file`
    : `pass -e ${assignment} to docker run for ${c.name}`;
}

export function volumeAt(c: ContainerFacts, destination: string): string | undefined {
  const mount = c.mounts.find((m) => m.destination === destination);
  return mount ? (mount.name ?? mount.source) : undefined;
}
