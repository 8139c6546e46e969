// One normalised view of what an agent says about its Netdata Cloud connection, whichever of its seven
// answers it came from (facts §3, §4; observed-v2.10.4.md, observed-v1.47.5.md). Every parser in this folder
// returns either an AgentCloudView or a ParseError and never throws. A field is present only when the source
// reported it with the expected type; a field the source does not carry, or carried with a wrong type, is
// simply absent (never guessed), so `undefined` always means "this source does not say".

/** Which answer a view was read from. */
export type CloudViewSource =
  | 'api-v3-info' // GET /api/v3/info, agents[0] (v2.0+, never access-gated)
  | 'api-v2-info' // GET /api/v2/info, agents[0] (v1.41+)
  | 'api-v1-info' // GET /api/v1/info (all versions)
  | 'api-v1-aclk' // GET /api/v1/aclk (same JSON as `netdatacli aclk-state json`)
  | 'aclk-state-json' // `netdatacli aclk-state json`
  | 'aclk-state-text' // `netdatacli aclk-state`
  | 'status-file'; // /var/lib/netdata/status-netdata.json (v2.3+)

/**
 * `agents[0].cloud.status` (and `status-netdata.json` `agent.aclk`, v2.4+).
 * v1.41–v1.47: unavailable | available | disabled | banned | offline | online.
 * v2.0+:       online | indirect | available | banned | offline.
 */
export type CloudStatus = 'online' | 'indirect' | 'available' | 'banned' | 'offline' | 'unavailable' | 'disabled';

export const CLOUD_STATUSES: readonly CloudStatus[] = ['online', 'indirect', 'available', 'banned', 'offline', 'unavailable', 'disabled'];

/** `status-netdata.json` `agent.status`: the daemon's own lifecycle state. */
export type DaemonStatus = 'none' | 'initializing' | 'running' | 'exiting' | 'exited';

export const DAEMON_STATUSES: readonly DaemonStatus[] = ['none', 'initializing', 'running', 'exiting', 'exited'];

/** A host streaming into this agent (`node-instances[]` with `relationship` `child`, v1.34+). */
export interface CloudChild {
  hostname?: string;
  /** The child's machine GUID (`mguid`). */
  machineGuid?: string;
  /** The Cloud node id the parent holds for the child; null until the Cloud created the node instance. */
  nodeId: string | null;
  /** `claimed_id` of the node instance: the child's origin claim id, else the parent's; null when none. */
  claimId?: string | null;
  /** `claimId` is set. */
  claimed?: boolean;
  /** `streaming-online` (JSON) / `Streaming Connection Live` (text): the child is streaming now. */
  online?: boolean;
  /** `streaming-hops`: 1 for a direct child. */
  hops?: number;
}

/** The daemon's own record (`status-netdata.json` only). */
export interface DaemonRecord {
  /** `agent.status` (`ND_status` in files with schema < 18). */
  status?: DaemonStatus;
  /** `@timestamp`: when the agent last wrote the file. */
  writtenAt?: Date;
  /** `agent.uptime` in seconds at `writtenAt`. */
  uptimeSeconds?: number;
  /** `writtenAt - uptime`: when the run that wrote the file started (compare with the container's StartedAt). */
  startedAt?: Date;
  /** `agent.restarts`: how many times this agent has restarted (the file's own counter). */
  restarts?: number;
  /** `agent.crashes` (status file v24+). */
  crashes?: number;
  /** `agent.exit_reason`: flags such as `signal-sigterm`, `fatal`; empty while running. */
  exitReason?: string[];
  /** `agent.since` (status file v24+): when the machine GUID was last created or changed, NOT the run's start. */
  machineGuidSince?: Date;
  /** Top-level `version`: the status file's schema number (22 = v2.4.0 added `agent.aclk`). */
  fileVersion?: number;
}

export interface AgentCloudView {
  readonly kind: 'cloud-view';
  source: CloudViewSource;

  /**
   * The status string the agent itself reported: v2/v3 info `cloud.status`, status file `agent.aclk` (v2.4+).
   * Sources without one (/api/v1/info, aclk-state) leave it absent rather than guess: an unclaimed child that
   * streams through a parent is `indirect`, which only the agent can tell.
   */
  status?: CloudStatus;
  /** A status string this code does not know (a newer agent), kept so that it can be shown. */
  unknownStatus?: string;

  /**
   * This agent holds its own claim. /api/v1/info `agent-claimed`, aclk-state `agent-claimed`/`Claimed:`,
   * v2/v3 info: `available` → false, `online`/`offline`/`banned` → true; `indirect` → absent (a child streaming
   * through a parent may or may not be claimed itself); v1 `unavailable`/`disabled` → whether `claim_id` is there.
   * Status file: from `aclk` the same way, else whether `claim_id` is set.
   */
  claimed?: boolean;
  /**
   * This agent's own ACLK link is up now. /api/v1/info `aclk-available` (which means *connected* there, facts
   * §4.3), aclk-state `online`/`Online:`, v2/v3 info and status file: status `online`. `indirect` is false.
   */
  online?: boolean;
  /** Banned by Netdata Cloud (`banned-by-cloud`, `Banned By Cloud:`, status `banned`); the agent retries every 60 s. */
  banned?: boolean;

  /**
   * This agent's own claim id; null when the source says explicitly that there is none.
   * v1: equal to the machine GUID by default; v2: a random UUID. For `indirect` the info APIs report the
   * PARENT's claim id, which goes to `parentClaimId` instead (so identity checks never see a parent's id as own).
   * v2 `offline` uses the same lookup, so a claimed child that streams to a parent may report the parent's id.
   */
  claimId?: string | null;
  /**
   * The claim id of the parent this agent streams to: v2/v3 info `claim_id` when `indirect`; aclk-state's
   * self node instance `claimed_id` when it differs from the agent's own (v2 children).
   */
  parentClaimId?: string;
  /**
   * The Cloud node id of this agent; null = none yet (never connected, or a v1 child). v2/v3 info `agents[0].nd`,
   * aclk-state node instance `relationship: self` `node-id`, status file `agent.node_id`. The zero UUID is null.
   */
  nodeId?: string | null;
  /** Machine GUID: /api/v1/info `uid`, v2/v3 `agents[0].mg`, self node instance `mguid`, status file `agent.id`. */
  machineGuid?: string;
  /** v2/v3 `agents[0].nm`, self node instance `hostname`. */
  hostname?: string;
  /**
   * The Cloud URL the agent uses or will use; null when the agent says "none yet". aclk-state `cloud-url`
   * (`Cloud URL:`). v2/v3 info `url`: the configured URL for `available`/`indirect`/`banned` (the banned object
   * has `url` twice; JSON.parse keeps the last, the configured one), the ACLK base URL for `online`/`offline`
   * (may be null there). v1 info has no `url` while unclaimed.
   */
  cloudUrl?: string | null;
  /**
   * Why the agent is not online, verbatim (classify with `classifyReason`). v1.41–v2.2: snake_case tokens
   * (`env_response_not_200`, `none` when unclaimed, `banned`); v2.3+: sentences (`/env response code is not 200`,
   * `connection refused`, `offline`); `available` carries the claim failure (`Failed: token is expired, …`,
   * multi-line `Request failed with error: …`) or `Agent is not claimed yet`. Absent when empty (online).
   */
  reason?: string;

  /** v2/v3 info `cloud.id`: ACLK connections made since the agent started; 0 = never connected in this run. */
  connectionCount?: number;
  /** v2/v3 info `cloud.since`: the last connect or disconnect (the agent's start when neither happened). */
  since?: Date;
  /** v2/v3 `next_check`, aclk-state `next-connection-attempt-utc` / `Next Connection Attempt At:`. */
  nextCheck?: Date;
  /** v2/v3 `next_in`: seconds until `nextCheck`. */
  nextInSeconds?: number;
  /** aclk-state `reconnect-count` / `Reconnect count:` (v1.34+): connections in this run minus one. */
  reconnectCount?: number;
  /** aclk-state `last-backoff-value` / `Last Backoff:` (v1.34+, only while offline): the current wait. */
  lastBackoffSeconds?: number;
  /** aclk-state `last-connect-time-utc` / `Last Connection Time:` (v1.34+). */
  lastConnectedAt?: Date;
  /** aclk-state `last-disconnect-time-utc` / `Last Disconnect Time:` (v1.34+). */
  lastDisconnectedAt?: Date;

  /** Agent version: /api/v1/info `version`, v2/v3 `application.package.version`, status file `agent.version`. */
  version?: string;
  /**
   * The proxy the ACLK uses (aclk-state v2.7+ `aclk_proxy` / `ACLK Proxy:`): `none`, or e.g.
   * `http://127.0.0.1:3128 (without credentials, from environment variable 'http_proxy')`.
   */
  aclkProxy?: string;
  /** Hosts streaming into this agent that the ACLK knows (aclk-state node instances with relationship child). */
  children?: CloudChild[];
  /**
   * Cloud is enabled by configuration: /api/v1/info `cloud-enabled` (v1: `cloud.conf [global] enabled`,
   * `NETDATA_DISABLE_CLOUD` v1.37–v1.47; hard-coded true on v2), v1.41–v1.47 status `disabled` → false.
   */
  cloudEnabled?: boolean;
  /**
   * The agent was built with Cloud (ACLK) support: /api/v1/info `cloud-available`, aclk-state `aclk-available`
   * (`ACLK Available:`; in aclk-state this key means "built with", in /api/v1/info `aclk-available` means
   * "connected"), v1.41–v1.47 status `unavailable` → false.
   */
  cloudAvailable?: boolean;
  /** status-netdata.json only. */
  daemon?: DaemonRecord;
}

/** What a reported status says about the other fields. `hasClaimId`: the answer carried a claim id. */
export function impliedByStatus(
  status: CloudStatus,
  hasClaimId: boolean,
): Pick<AgentCloudView, 'claimed' | 'online' | 'banned' | 'cloudEnabled' | 'cloudAvailable'> {
  switch (status) {
    case 'online':
      return { claimed: true, online: true, banned: false, cloudAvailable: true };
    case 'offline':
      return { claimed: true, online: false, banned: false, cloudAvailable: true };
    case 'banned':
      return { claimed: true, online: false, banned: true, cloudAvailable: true };
    case 'available':
      return { claimed: false, online: false, banned: false, cloudAvailable: true };
    case 'indirect':
      // Connected through a parent; whether this agent holds a claim of its own is not said.
      return { online: false, banned: false, cloudAvailable: true };
    case 'disabled':
      // v1.41–v1.47: Cloud disabled by configuration; `claim_id` is written only when claimed.
      return { claimed: hasClaimId, online: false, cloudEnabled: false };
    case 'unavailable':
      // v1.41–v1.47: built without ACLK.
      return { claimed: hasClaimId, online: false, cloudAvailable: false };
  }
}

/** What a parser returns when the input is not the answer it parses. Says briefly what was wrong. */
export interface ParseError {
  readonly kind: 'parse-error';
  source: string;
  message: string;
}

export type CloudViewResult = AgentCloudView | ParseError;

export const isParseError = (value: unknown): value is ParseError =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'parse-error';

export const parseError = (source: string, message: string): ParseError => ({ kind: 'parse-error', source, message });

/** Bodies larger than this are refused: no agent answer comes near it. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
