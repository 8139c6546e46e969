// Pure: `GET /containers/{id}/json` (+ the image's `GET /images/{id}/json`) → RunSpec, what a `docker run`
// line needs to start the same container again. Values the engine fills in by itself (the id-prefix
// hostname and alias, 64 MiB of shm, the runc runtime, private ipc) and values merged from the image are
// left out, so the rebuilt line says only what the user said. Without the image everything is kept.

import type { RunMount, RunNetwork, RunSpec } from '../facts/types.ts';
import { finite as num, record as obj, string as str, strings, stringRecord, type JsonObject as Json } from '../facts/json.ts';

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

const DEFAULT_SHM = 64 * 1024 * 1024;

/** Binds are "source:target[:options]"; the options say what Mounts does not (nocopy, SELinux relabel). */
function bindOptions(binds: readonly string[], target: string): string[] {
  for (const bind of binds) {
    const parts = bind.split(':');
    // "C:\x:/y" style sources do not occur on Linux engines; the target is the second field.
    if (parts[1] === target) return parts.slice(2).join(':').split(',').filter(Boolean);
  }
  return [];
}

function mountsOf(root: Json, host: Json): RunMount[] {
  const binds = strings(host.Binds);
  const named = new Set<string>();
  for (const b of binds) named.add(b.split(':')[0] ?? '');
  const hostMounts = Array.isArray(host.Mounts) ? host.Mounts.map(obj) : [];
  for (const m of hostMounts) named.add(str(m.Source));
  const mounts: RunMount[] = [];
  for (const raw of Array.isArray(root.Mounts) ? root.Mounts : []) {
    const m = obj(raw);
    const target = str(m.Destination);
    if (!target) continue;
    const readOnly = m.RW === false;
    const options = bindOptions(binds, target);
    if (str(m.Type) === 'volume') {
      const name = str(m.Name);
      if (!name) continue;
      const mount: RunMount = { type: 'volume', name, target, readOnly, anonymous: !named.has(name) };
      const fromMount = hostMounts.find((x) => str(x.Target) === target);
      if (options.includes('nocopy') || obj(fromMount?.VolumeOptions).NoCopy === true) mount.noCopy = true;
      mounts.push(mount);
    } else if (str(m.Type) === 'bind') {
      const mount: RunMount = { type: 'bind', source: str(m.Source), target, readOnly };
      const propagation = str(m.Propagation);
      if (propagation && propagation !== 'rprivate') mount.propagation = propagation;
      const selinux = options.find((o) => o === 'z' || o === 'Z');
      if (selinux) mount.selinux = selinux;
      mounts.push(mount);
    }
  }
  for (const [target, options] of Object.entries(stringRecord(host.Tmpfs))) mounts.push({ type: 'tmpfs', target, options });
  for (const m of hostMounts) {
    if (str(m.Type) !== 'tmpfs' || !str(m.Target)) continue;
    const t = obj(m.TmpfsOptions);
    const options: string[] = [];
    if (num(t.SizeBytes) > 0) options.push(`size=${num(t.SizeBytes)}`);
    if (num(t.Mode) > 0) options.push(`mode=${num(t.Mode).toString(8)}`);
    mounts.push({ type: 'tmpfs', target: str(m.Target), options: options.join(',') });
  }
  return mounts;
}

function networksOf(root: Json, shortId: string): RunNetwork[] {
  return Object.entries(obj(obj(root.NetworkSettings).Networks)).map(([name, raw]) => {
    const n = obj(raw);
    const ipam = obj(n.IPAMConfig);
    // The engine adds the container's id prefix as an alias on user-defined networks; that one is not the user's.
    const network: RunNetwork = { name, aliases: strings(n.Aliases).filter((a) => a !== shortId) };
    if (str(ipam.IPv4Address)) network.ipv4 = str(ipam.IPv4Address);
    if (str(ipam.IPv6Address)) network.ipv6 = str(ipam.IPv6Address);
    return network;
  });
}

function healthcheckOf(container: Json, image: Json | undefined): RunSpec['healthcheck'] {
  const mine = obj(container.Healthcheck);
  if (Object.keys(mine).length === 0) return undefined;
  const theirs = obj(image?.Healthcheck);
  const test = strings(mine.Test);
  if (test[0] === 'NONE') return strings(theirs.Test)[0] === 'NONE' || (image && !theirs.Test) ? undefined : { disabled: true };
  const out: NonNullable<RunSpec['healthcheck']> = {};
  if (test.length > 0 && (!image || !sameList(test, strings(theirs.Test)))) out.test = test;
  const field = (key: string): number | undefined => {
    const value = num(mine[key]);
    return value > 0 && (!image || value !== num(theirs[key])) ? value : undefined;
  };
  const interval = field('Interval');
  const timeout = field('Timeout');
  const startPeriod = field('StartPeriod');
  const retries = field('Retries');
  if (interval !== undefined) out.intervalNs = interval;
  if (timeout !== undefined) out.timeoutNs = timeout;
  if (startPeriod !== undefined) out.startPeriodNs = startPeriod;
  if (retries !== undefined) out.retries = retries;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * @param rawContainer the container's inspect
 * @param rawImage the inspect of the image it runs (by id), or undefined when it could not be read: then
 *   every merged value is kept, which is longer but still starts the same container.
 */
export function runSpecFromInspect(rawContainer: unknown, rawImage?: unknown): RunSpec {
  const root = obj(rawContainer);
  const config = obj(root.Config);
  const host = obj(root.HostConfig);
  const image = rawImage === undefined || rawImage === null ? undefined : obj(obj(rawImage).Config);
  const id = str(root.Id);
  const shortId = id.slice(0, 12);
  const differs = (key: string): boolean => !image || str(config[key]) !== str(image[key]);

  const imageEnv = new Set(strings(image?.Env));
  const imageLabels = stringRecord(image?.Labels);
  const labels = Object.fromEntries(Object.entries(stringRecord(config.Labels)).filter(([k, v]) => imageLabels[k] !== v));

  const ports: RunSpec['ports'] = [];
  for (const [key, bindings] of Object.entries(obj(host.PortBindings))) {
    const [containerPort = '', protocol = 'tcp'] = key.split('/');
    for (const b of Array.isArray(bindings) ? bindings : []) {
      ports.push({ containerPort, protocol, hostIp: str(obj(b).HostIp), hostPort: str(obj(b).HostPort) });
    }
  }
  const published = new Set(Object.keys(obj(host.PortBindings)));
  const imagePorts = new Set(Object.keys(obj(image?.ExposedPorts)));
  const expose = Object.keys(obj(config.ExposedPorts)).filter((p) => !published.has(p) && !imagePorts.has(p));

  const spec: RunSpec = {
    name: str(root.Name).replace(/^\//, '') || shortId,
    image: str(config.Image, str(root.Image)),
    imageId: str(root.Image),
    shortId,
    imageDiffed: image !== undefined,
    env: strings(config.Env).filter((e) => !imageEnv.has(e)),
    labels,
    mounts: mountsOf(root, host),
    ports,
    publishAll: host.PublishAllPorts === true,
    expose,
    networkMode: str(host.NetworkMode, 'default') || 'default',
    networks: networksOf(root, shortId),
    links: strings(host.Links),
    restart: { name: str(obj(host.RestartPolicy).Name, 'no') || 'no', maximumRetryCount: num(obj(host.RestartPolicy).MaximumRetryCount) },
    autoRemove: host.AutoRemove === true,
    capAdd: strings(host.CapAdd),
    capDrop: strings(host.CapDrop),
    securityOpt: strings(host.SecurityOpt),
    privileged: host.Privileged === true,
    readOnly: host.ReadonlyRootfs === true,
    devices: (Array.isArray(host.Devices) ? host.Devices : []).map(obj).map((d) => ({
      pathOnHost: str(d.PathOnHost),
      pathInContainer: str(d.PathInContainer),
      permissions: str(d.CgroupPermissions, 'rwm'),
    })),
    deviceCgroupRules: strings(host.DeviceCgroupRules),
    memory: num(host.Memory),
    memoryReservation: num(host.MemoryReservation),
    memorySwap: num(host.MemorySwap),
    nanoCpus: num(host.NanoCpus),
    cpuShares: num(host.CpuShares),
    cpuPeriod: num(host.CpuPeriod),
    cpuQuota: num(host.CpuQuota),
    blkioWeight: num(host.BlkioWeight),
    oomKillDisable: host.OomKillDisable === true,
    oomScoreAdj: num(host.OomScoreAdj),
    dns: strings(host.Dns),
    dnsSearch: strings(host.DnsSearch),
    dnsOptions: strings(host.DnsOptions),
    extraHosts: strings(host.ExtraHosts),
    logOptions: stringRecord(obj(host.LogConfig).Config),
    ulimits: (Array.isArray(host.Ulimits) ? host.Ulimits : [])
      .map(obj)
      .map((u) => ({ name: str(u.Name), soft: num(u.Soft), hard: num(u.Hard) })),
    sysctls: stringRecord(host.Sysctls),
    groupAdd: strings(host.GroupAdd),
    init: host.Init === true,
    volumesFrom: strings(host.VolumesFrom),
    tty: config.Tty === true,
    interactive: config.OpenStdin === true,
  };

  const mac = str(config.MacAddress);
  if (mac) spec.macAddress = mac;
  // The engine names a container's host after its id prefix unless told otherwise; host/container network
  // modes take the other's name and refuse --hostname.
  const hostname = str(config.Hostname);
  const sharesUts = spec.networkMode === 'host' || spec.networkMode.startsWith('container:');
  if (hostname && hostname !== shortId && !sharesUts) spec.hostname = hostname;
  if (str(config.Domainname)) spec.domainname = str(config.Domainname);
  if (str(config.User) && differs('User')) spec.user = str(config.User);
  if (str(config.WorkingDir) && differs('WorkingDir')) spec.workingDir = str(config.WorkingDir);

  const entrypoint = strings(config.Entrypoint);
  const imageEntrypoint = strings(image?.Entrypoint);
  const entrypointChanged = !image || !sameList(entrypoint, imageEntrypoint);
  if (entrypointChanged && (entrypoint.length > 0 || imageEntrypoint.length > 0)) spec.entrypoint = entrypoint;
  const cmd = strings(config.Cmd);
  // A new entrypoint drops the image's Cmd, so the cmd is then the user's whatever it equals.
  if (cmd.length > 0 && (entrypointChanged || !sameList(cmd, strings(image?.Cmd)))) spec.cmd = cmd;

  const modes: [keyof RunSpec, unknown, readonly string[]][] = [
    ['pidMode', host.PidMode, ['']],
    ['ipcMode', host.IpcMode, ['', 'private', 'shareable']],
    ['utsMode', host.UTSMode, ['']],
    ['usernsMode', host.UsernsMode, ['']],
    ['cgroupParent', host.CgroupParent, ['']],
    ['runtime', host.Runtime, ['', 'runc']],
    ['cpusetCpus', host.CpusetCpus, ['']],
    ['cpusetMems', host.CpusetMems, ['']],
  ];
  for (const [key, value, defaults] of modes) {
    if (typeof value === 'string' && !defaults.includes(value)) (spec as unknown as Record<string, unknown>)[key] = value;
  }
  if (typeof host.MemorySwappiness === 'number' && host.MemorySwappiness >= 0) spec.memorySwappiness = host.MemorySwappiness;
  if (typeof host.PidsLimit === 'number' && host.PidsLimit > 0) spec.pidsLimit = host.PidsLimit;
  const logDriver = str(obj(host.LogConfig).Type);
  if (logDriver) spec.logDriver = logDriver;
  if (num(host.ShmSize) > 0 && num(host.ShmSize) !== DEFAULT_SHM) spec.shmSize = num(host.ShmSize);
  if (str(config.StopSignal) && differs('StopSignal')) spec.stopSignal = str(config.StopSignal);
  if (typeof config.StopTimeout === 'number') spec.stopTimeout = config.StopTimeout;
  const healthcheck = healthcheckOf(config, image);
  if (healthcheck) spec.healthcheck = healthcheck;

  const composeLabels = stringRecord(config.Labels);
  const project = composeLabels['com.docker.compose.project'];
  const service = composeLabels['com.docker.compose.service'];
  if (project && service) {
    spec.compose = {
      project,
      service,
      configFiles: (composeLabels['com.docker.compose.project.config_files'] ?? '')
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean),
    };
    const workingDir = composeLabels['com.docker.compose.project.working_dir'];
    if (workingDir) spec.compose.workingDir = workingDir;
  }
  return spec;
}
