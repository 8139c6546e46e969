// Plain data gathered about the engine and each agent container. Checks read only these types.
// Every value that can come from more than one place carries the place it came from, so a finding
// can say where its evidence came from (CONTRACT §3, "Each finding's evidence names its source").

/** Where a value was read. Ordered roughly by the precedence of CONTRACT §3. */
export type Source =
  | 'agent-api'
  | 'exec'
  | 'status-file'
  | 'logs'
  | 'file'
  | 'inspect'
  | 'engine'
  | 'image-label'
  | 'image-tag'
  | 'health-log'
  | 'inference';

export interface Sourced<T> {
  value: T;
  source: Source;
  /** Human detail: the path, command or field, e.g. "/var/lib/netdata/cloud.d/claimed_id". */
  detail?: string;
}

/** The result of trying to read something that may be missing or forbidden. */
export type Read<T> = { ok: true; value: T } | { ok: false; reason: string; absent?: boolean };

export const readOk = <T>(value: T): Read<T> => ({ ok: true, value });
export const readFailed = <T>(reason: string, absent = false): Read<T> => ({ ok: false, reason, absent });

export interface EngineFacts {
  reachable: boolean;
  /** Why the engine could not be reached or refused, one line. */
  error?: string;
  endpoint: string;
  version?: string;
  apiVersion?: string;
  /** `/info` may be denied behind a socket proxy; that is not an error. */
  info: Read<{ securityOptions: string[]; kernelVersion?: string; operatingSystem?: string }>;
  permissions: {
    exec: 'allowed' | 'denied' | 'disabled' | 'unknown';
    archive: 'allowed' | 'denied' | 'unknown';
    info: 'allowed' | 'denied' | 'unknown';
  };
}

export type ContainerStatus = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface MountFact {
  type: string;
  /** Volume name for volumes, undefined for binds. */
  name?: string;
  source: string;
  destination: string;
  rw: boolean;
}

/**
 * What a `docker run` (or compose) started the container with, as far as inspect shows it: enough to write
 * the container's own `docker run` line again (src/remedy/). Where inspect merges the image's defaults into
 * the container's (env, labels, entrypoint, cmd, user, working dir, healthcheck, stop signal, exposed ports),
 * only what differs from the image is kept; `imageDiffed` says whether the image could be compared.
 */
export interface RunSpec {
  name: string;
  /** Config.Image as the user gave it (a tag may have moved since); `imageId` is what the container runs. */
  image: string;
  imageId: string;
  /** The old container's id prefix: the hostname and network alias Docker made up, which are not the user's. */
  shortId: string;
  imageDiffed: boolean;
  /** Config.Env entries in order ("NAME=value"; "NAME" alone is kept as given). */
  env: string[];
  labels: Record<string, string>;
  mounts: RunMount[];
  /** HostConfig.PortBindings: what was asked for (hostPort '' = a random port). */
  ports: { containerPort: string; protocol: string; hostIp: string; hostPort: string }[];
  publishAll: boolean;
  /** Exposed ports the image does not declare and no -p publishes ("8080/tcp"). */
  expose: string[];
  /** HostConfig.NetworkMode: default, bridge, host, none, container:<id>, or a network's name. */
  networkMode: string;
  /** Every network the container is attached to, with what the user set on it. */
  networks: RunNetwork[];
  links: string[];
  macAddress?: string;
  restart: { name: string; maximumRetryCount: number };
  autoRemove: boolean;
  capAdd: string[];
  capDrop: string[];
  securityOpt: string[];
  privileged: boolean;
  hostname?: string;
  domainname?: string;
  user?: string;
  workingDir?: string;
  /** undefined: the image's; []: cleared (`--entrypoint ''`). */
  entrypoint?: string[];
  /** undefined: the image's. */
  cmd?: string[];
  readOnly: boolean;
  devices: { pathOnHost: string; pathInContainer: string; permissions: string }[];
  deviceCgroupRules: string[];
  pidMode?: string;
  ipcMode?: string;
  utsMode?: string;
  usernsMode?: string;
  cgroupParent?: string;
  runtime?: string;
  /** Bytes; 0 = unlimited. */
  memory: number;
  memoryReservation: number;
  /** Bytes; 0 = the engine's default, -1 = unlimited. */
  memorySwap: number;
  memorySwappiness?: number;
  nanoCpus: number;
  cpuShares: number;
  cpuPeriod: number;
  cpuQuota: number;
  cpusetCpus?: string;
  cpusetMems?: string;
  blkioWeight: number;
  pidsLimit?: number;
  oomKillDisable: boolean;
  oomScoreAdj: number;
  dns: string[];
  dnsSearch: string[];
  dnsOptions: string[];
  extraHosts: string[];
  logDriver?: string;
  logOptions: Record<string, string>;
  ulimits: { name: string; soft: number; hard: number }[];
  /** Bytes; undefined = the engine's default (64 MiB). */
  shmSize?: number;
  sysctls: Record<string, string>;
  groupAdd: string[];
  init: boolean;
  stopSignal?: string;
  stopTimeout?: number;
  /** Only what differs from the image's; `disabled` for --no-healthcheck. */
  healthcheck?: { disabled?: boolean; test?: string[]; intervalNs?: number; timeoutNs?: number; startPeriodNs?: number; retries?: number };
  volumesFrom: string[];
  tty: boolean;
  interactive: boolean;
  /** From the com.docker.compose.* labels, when compose made the container. */
  compose?: { project: string; service: string; workingDir?: string; configFiles: string[] };
}

export type RunMount =
  /** A named volume, or an anonymous one (kept by its generated name, so its data stays). */
  | { type: 'volume'; name: string; target: string; readOnly: boolean; anonymous: boolean; noCopy?: boolean; subpath?: string }
  | { type: 'bind'; source: string; target: string; readOnly: boolean; propagation?: string; selinux?: string }
  /** options as `--tmpfs` takes them ("size=64m,mode=1777"), or '' */
  | { type: 'tmpfs'; target: string; options: string };

export interface RunNetwork {
  name: string;
  aliases: string[];
  ipv4?: string;
  ipv6?: string;
}

export interface ContainerFacts {
  id: string;
  name: string;
  image: string;
  labels: Record<string, string>;
  composeService?: string;
  composeProject?: string;
  env: Record<string, string>;
  /** Entrypoint and Cmd, for `-token=` style arguments. */
  argv: string[];
  status: ContainerStatus;
  restarting: boolean;
  exitCode: number;
  stateError: string;
  oomKilled: boolean;
  startedAt?: Date;
  finishedAt?: Date;
  restartCount: number;
  restartPolicy: { name: string; maximumRetryCount: number };
  health?: { status: string; lastOutput?: string };
  mounts: MountFact[];
  securityOpt: string[];
  readonlyRootfs: boolean;
  networkMode: string;
  /** Networks the container is attached to, with its address on each. */
  networks: { name: string; ip: string; ipv6?: string }[];
  /** Published ports: container port/protocol → host address and port. */
  ports: { containerPort: number; protocol: string; hostIp: string; hostPort: number }[];
  /** How to start it again (src/remedy/); absent where no inspect was available. */
  spec?: RunSpec;
  /** HostConfig.LogConfig: the log driver and its options (whether `docker logs` can read the agent's lines). */
  logConfig?: { type: string; config: Record<string, string> };
}

export interface LogLine {
  stream: 'stdout' | 'stderr';
  text: string;
  /** Whether the line belongs to the current run (since StartedAt) or an earlier one. */
  run: 'current' | 'previous';
  /** Docker's timestamp of the line, "YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ" (sortable). */
  time?: string;
}

export interface FileStat {
  kind: 'file' | 'directory' | 'symlink' | 'other';
  mode: number;
  size: number;
  linkTarget?: string;
}

export interface AgentFiles {
  machineGuid: Read<string>;
  claimedId: Read<string>;
  cloudConf: Read<string>;
  claimConf: Read<string>;
  statusFile: Read<string>;
  claimScript: Read<FileStat>;
  /** /etc/netdata/netdata.conf: its [cloud] proxy overrides cloud.conf (facts §5.3). */
  netdataConf?: Read<string>;
  /**
   * The copies of status-netdata.json outside /var/lib/netdata (/var/cache/netdata, /tmp, /run, /var/run):
   * the ones that exist; `unreadable` names copies whose read did not answer. Read only for a container that is
   * not running or whose /var/lib/netdata copy is missing.
   */
  statusCopies?: Read<StatusCopies>;
}

export interface StatusCopies {
  copies: { path: string; text: string }[];
  unreadable: { path: string; reason: string }[];
}

export interface ExecResults {
  /** Why exec could not be used at all (not running, denied, disabled); undefined when it ran. */
  unavailable?: string;
  netdataVersion?: Read<string>;
  buildinfo?: Read<string>;
  /** `netdatacli aclk-state json` (v1.34+; a minimal object on older versions). */
  aclkState?: Read<string>;
}

/** What the agent's HTTP API answered, and through which way of reaching it (CONTRACT §3). */
export interface AgentApiFacts {
  /** How it was reached: "label URL", "shared network namespace", "network <name>", "published port", "exec curl". */
  via?: string;
  url?: string;
  /** Why it could not be reached at all, with each way tried. */
  unavailable?: string;
  /** Raw answers by path (`/api/v3/info`, …), each with its HTTP status. */
  answers: Record<string, Read<{ status: number; body: string }>>;
}

export type FailureKind =
  | 'dns'
  | 'tcp-refused'
  | 'tcp-unreachable'
  | 'timeout'
  | 'tls-verify'
  | 'tls-handshake'
  | 'proxy'
  | 'http'
  | 'no-upgrade'
  | 'other';

export interface ProbeStep {
  ok: boolean;
  /** HTTP status when one was received. */
  status?: number;
  failure?: { kind: FailureKind; detail: string };
}

/** Where a probe ran: inside the agent's namespace (exec), in a namespace the doctor shares with it, or the doctor's own. */
export type ProbeOrigin = 'agent' | 'shared' | 'doctor';

export interface ProbeResult {
  origin: ProbeOrigin;
  target: { url: string; host: string; port: number; mqttUrl: string; source: string };
  proxy: { url: string | null; source: string; unsupported?: string };
  /** Absent when a proxy resolves names for the agent. */
  dns?: ProbeStep & { addresses?: string[] };
  http: ProbeStep;
  websocket: ProbeStep;
  at: Date;
}

export type NetworkFacts =
  | { state: 'done'; result: ProbeResult; pending: boolean }
  | { state: 'pending' }
  | { state: 'unavailable'; reason: string };

export interface NodeFacts {
  container: ContainerFacts;
  logs: Read<LogLine[]>;
  files: AgentFiles;
  exec: ExecResults;
  api?: AgentApiFacts;
  network?: NetworkFacts;
}

export interface GatheredFacts {
  engine: EngineFacts;
  discovery: DiscoveryFacts;
  nodes: NodeFacts[];
  /** When gathering finished; checks judge time-dependent rules against this, never the wall clock. */
  at: Date;
}

export interface DiscoveryFacts {
  mode: 'explicit' | 'auto';
  requested: string[];
  missing: string[];
  /** Targets that exist but could not be inspected, with the reason. */
  unreadable: string[];
  /** How the auto mode found its targets. */
  matchedBy?: 'label' | 'image' | 'name' | 'none';
  /** Auto mode: candidates found when no container is labelled. */
  unlabelledCandidates: number;
}

/** One literal action of a remedy (CONTRACT §4 `steps`). */
export interface Step {
  /** host: a shell command on the Docker host; agent: a whole `docker exec …` line; compose: YAML lines for the service. */
  where: 'host' | 'agent' | 'compose';
  run: string;
}
