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
export type Read<T> =
  | { ok: true; value: T }
  | { ok: false; reason: string; absent?: boolean };

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

export type FailureKind = 'dns' | 'tcp-refused' | 'tcp-unreachable' | 'timeout' | 'tls-verify' | 'tls-handshake' | 'proxy' | 'http' | 'no-upgrade' | 'other';

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
