// Pure conversion of `GET /containers/{id}/json` into ContainerFacts, tolerant of missing fields
// (older engines, Podman) so that a strange answer degrades into defaults, never a crash.

import type { ContainerFacts, ContainerStatus, MountFact } from '../facts/types.ts';
import { runSpecFromInspect } from './run-spec.ts';
import { finite as num, record as obj, string as str, strings } from '../facts/json.ts';

/** Docker writes "0001-01-01T00:00:00Z" for never. */
function date(v: unknown): Date | undefined {
  const s = str(v);
  if (!s || s.startsWith('0001-')) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

const STATUSES = new Set<ContainerStatus>(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']);

export function envToRecord(env: readonly string[]): Record<string, string> {
  const record: Record<string, string> = Object.create(null);
  for (const entry of env) {
    const eq = entry.indexOf('=');
    if (eq > 0) record[entry.slice(0, eq)] = entry.slice(eq + 1);
    else if (eq < 0 && entry) record[entry] = '';
  }
  return record;
}

/** `rawImage`: the inspect of the container's image (by id), so that `spec` keeps only what the user set. */
export function containerFactsFromInspect(raw: unknown, rawImage?: unknown): ContainerFacts {
  const root = obj(raw);
  const config = obj(root.Config);
  const state = obj(root.State);
  const host = obj(root.HostConfig);
  const labels = Object.fromEntries(Object.entries(obj(config.Labels)).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  const statusText = str(state.Status, 'exited') as ContainerStatus;
  const health = obj(state.Health);
  const healthLog = Array.isArray(health.Log) ? health.Log : [];
  const lastHealth = obj(healthLog[healthLog.length - 1]);
  const policy = obj(host.RestartPolicy);
  const mounts: MountFact[] = (Array.isArray(root.Mounts) ? root.Mounts : []).map((m) => {
    const mount = obj(m);
    const fact: MountFact = {
      type: str(mount.Type, 'bind'),
      source: str(mount.Source),
      destination: str(mount.Destination),
      rw: mount.RW !== false,
    };
    if (typeof mount.Name === 'string' && mount.Name) fact.name = mount.Name;
    return fact;
  });
  // `--tmpfs` mounts are only in HostConfig.Tmpfs, not in Mounts (a `--mount type=tmpfs` is in both).
  for (const destination of Object.keys(obj(host.Tmpfs))) {
    if (!mounts.some((m) => m.destination === destination)) mounts.push({ type: 'tmpfs', source: '', destination, rw: true });
  }

  const settings = obj(root.NetworkSettings);
  const networks = Object.entries(obj(settings.Networks)).map(([name, n]) => {
    const net = obj(n);
    const entry: ContainerFacts['networks'][number] = { name, ip: str(net.IPAddress) };
    if (str(net.GlobalIPv6Address)) entry.ipv6 = str(net.GlobalIPv6Address);
    return entry;
  });
  const ports: ContainerFacts['ports'] = [];
  for (const [key, bindings] of Object.entries(obj(settings.Ports))) {
    const [port, protocol = 'tcp'] = key.split('/');
    for (const b of Array.isArray(bindings) ? bindings : []) {
      const binding = obj(b);
      const hostPort = Number(str(binding.HostPort));
      if (Number(port) > 0 && hostPort > 0) ports.push({ containerPort: Number(port), protocol, hostIp: str(binding.HostIp), hostPort });
    }
  }
  const facts: ContainerFacts = {
    id: str(root.Id),
    name: str(root.Name).replace(/^\//, '') || str(root.Id).slice(0, 12),
    image: str(config.Image, str(root.Image)),
    labels,
    env: envToRecord(strings(config.Env)),
    argv: [...strings(config.Entrypoint), ...strings(config.Cmd)],
    status: STATUSES.has(statusText) ? statusText : 'exited',
    restarting: state.Restarting === true,
    exitCode: num(state.ExitCode),
    stateError: str(state.Error),
    oomKilled: state.OOMKilled === true,
    restartCount: num(root.RestartCount),
    restartPolicy: { name: str(policy.Name, 'no') || 'no', maximumRetryCount: num(policy.MaximumRetryCount) },
    mounts,
    securityOpt: strings(host.SecurityOpt),
    readonlyRootfs: host.ReadonlyRootfs === true,
    networkMode: str(host.NetworkMode, 'default'),
    networks,
    ports,
    spec: runSpecFromInspect(raw, rawImage),
  };
  const logConfig = obj(host.LogConfig);
  if (typeof logConfig.Type === 'string' && logConfig.Type) {
    const options = Object.fromEntries(Object.entries(obj(logConfig.Config)).filter(([, v]) => typeof v === 'string')) as Record<
      string,
      string
    >;
    facts.logConfig = { type: logConfig.Type, config: options };
  }
  const started = date(state.StartedAt);
  const finished = date(state.FinishedAt);
  if (started) facts.startedAt = started;
  if (finished) facts.finishedAt = finished;
  if (labels['com.docker.compose.service']) facts.composeService = labels['com.docker.compose.service'];
  if (labels['com.docker.compose.project']) facts.composeProject = labels['com.docker.compose.project'];
  if (typeof health.Status === 'string') {
    facts.health = { status: health.Status };
    if (typeof lastHealth.Output === 'string') facts.health.lastOutput = lastHealth.Output;
  }
  return facts;
}
