// status-netdata.json as a record of runs (v2.3+; src/daemon/status-file.c): how this run and the last one
// ended (exit reasons, the fatal message), crash and restart counts, node ID, machine GUID — and every copy the
// agent may recover its GUID from (/var/lib/netdata, /var/cache/netdata, /tmp, /run, /var/run).
//
// The agent rewrites the file at start, periodically, and as it exits; a record whose run start (`@timestamp`
// minus `uptime`) matches the container's StartedAt is this run's (CONTRACT §3 precedence: above this run's logs,
// below the live API); an older one describes an earlier run. Pure; never throws.

import { DAEMON_STATUSES, type DaemonStatus } from './api/cloud-status.ts';
import { count, idOrNull, isRecord, nonEmpty, prop, rfc3339, text, type JsonObject } from './api/coerce.ts';
import { recognize, type VocabularyCause } from './vocabulary.ts';

/** Where v2.3.1+ agents look for the file, newest mtime wins (agent-vocabulary.md B). */
export const STATUS_FILE_LOCATIONS = [
  '/var/lib/netdata/status-netdata.json',
  '/var/cache/netdata/status-netdata.json',
  '/tmp/status-netdata.json',
  '/run/status-netdata.json',
  '/var/run/status-netdata.json',
] as const;

/** The run that wrote a record counts as the container's current run within this distance of StartedAt. */
export const SAME_RUN_TOLERANCE_MS = 120_000;
const MAX_BYTES = 1024 * 1024;

export interface ExitReason {
  reason: string;
  cause?: VocabularyCause;
  explanation?: string;
  remedy?: string;
}

export interface FatalRecord {
  message?: string;
  function?: string;
  filename?: string;
  line?: number;
  errno?: string;
  thread?: string;
  signalCode?: string;
  faultAddress?: string;
  /** First lines only. */
  stackTrace?: string;
}

export interface RunEnding {
  cause: VocabularyCause;
  explanation: string;
  remedy: string;
  /** What decided it: an exit reason, the fatal message, or a status that was never finalised. */
  from: string;
}

export interface StatusRecord {
  path: string;
  fileVersion?: number;
  writtenAt?: Date;
  uptimeSeconds?: number;
  startedAt?: Date;
  machineGuid?: string;
  machineGuidSince?: Date;
  nodeId?: string | null;
  claimId?: string | null;
  agentVersion?: string;
  /** Sticky: the highest cloud status of that session (agent-vocabulary.md C.5). */
  aclk?: string;
  status?: DaemonStatus;
  exitReasons: ExitReason[];
  fatal?: FatalRecord;
  restarts?: number;
  crashes?: number;
  pid?: number;
  /** How the run ended, when the record says so; undefined for a run still running. */
  ending?: RunEnding;
}

export interface StatusFileInput {
  path: string;
  text: string;
  /** The file's mtime, when known (the agent picks the newest copy by it). */
  mtime?: Date;
}

export interface StatusReading {
  /** Written by the container's current run. */
  thisRun?: StatusRecord;
  /** The newest record of an earlier run. */
  lastRun?: StatusRecord;
  /** Every readable copy, newest first (by mtime, else by @timestamp). */
  records: StatusRecord[];
  /** The machine GUID a v2.3.1+ agent would bring back if its GUID file were deleted now. */
  recoverableGuid?: { guid: string; path: string };
  /** Copies that could not be parsed, with why. */
  errors: { path: string; error: string }[];
}

const bounded = (value: unknown, max: number): string | undefined => {
  const s = text(value, max);
  return s === undefined || s === '' ? undefined : s;
};

// Most telling first: a reason that names a cause beats a plain stop signal.
const EXIT_PRIORITY = [
  'signal-bad-system-call',
  'out-of-memory',
  'already-running',
  'fatal',
  'signal-bus-error',
  'signal-segmentation-fault',
  'signal-floating-point-exception',
  'signal-illegal-instruction',
  'signal-abort',
  'signal-cpu-time-limit-exceeded',
  'signal-file-size-limit-exceeded',
  'shutdown-timeout',
];

function exitReasonsOf(agent: JsonObject): ExitReason[] {
  const raw = Object.hasOwn(agent, 'exit_reason') ? prop(agent, 'exit_reason') : prop(agent, 'ND_exit_reason');
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  return list
    .slice(0, 32)
    .filter((v): v is string => typeof v === 'string' && v.length > 0)
    .map((v) => {
      const reason = v.slice(0, 128);
      const hit = recognize(reason, { as: 'exit-reason' });
      return hit && hit.category === 'status_file'
        ? { reason, cause: hit.cause, explanation: hit.explanation, remedy: hit.remedy }
        : { reason };
    });
}

function fatalOf(body: JsonObject): FatalRecord | undefined {
  const f = prop(body, 'fatal');
  if (!isRecord(f)) return undefined;
  const line = count(prop(f, 'line'));
  const fatal: FatalRecord = {};
  const set = <K extends keyof FatalRecord>(key: K, value: FatalRecord[K] | undefined) => {
    if (value !== undefined) fatal[key] = value;
  };
  set('message', bounded(prop(f, 'message'), 1024));
  set('function', bounded(prop(f, 'function'), 256));
  set('filename', bounded(prop(f, 'filename'), 256));
  if (line) fatal.line = line;
  set('errno', bounded(prop(f, 'errno'), 256));
  set('thread', bounded(prop(f, 'thread'), 64));
  set('signalCode', bounded(prop(f, 'signal_code'), 128));
  set('faultAddress', bounded(prop(f, 'fault_address'), 64));
  const stack = bounded(prop(f, 'stack_trace'), 4096);
  if (stack) fatal.stackTrace = stack.split('\n').slice(0, 12).join('\n');
  return Object.keys(fatal).length > 0 ? fatal : undefined;
}

function endingOf(record: StatusRecord): RunEnding | undefined {
  const byPriority = [...record.exitReasons].sort((a, b) => rank(a.reason) - rank(b.reason));
  const top = byPriority.find((r) => r.cause);
  if (top?.reason === 'fatal' || (record.fatal?.message && (!top || top.reason === 'fatal'))) {
    // The fatal message itself may be a known line ("Cannot setup listen port(s)…").
    const message = record.fatal?.message;
    const known = message ? recognize(message) : undefined;
    if (known)
      return { cause: known.cause, explanation: `${known.explanation} (fatal: "${message}")`, remedy: known.remedy, from: 'fatal.message' };
    if (top || message) {
      const where = record.fatal?.function ? ` in ${record.fatal.function}()` : '';
      return {
        cause: 'agent.running/fatal',
        explanation: message ? `The agent stopped on a fatal error: "${message}"${where}.` : 'The agent stopped on a fatal error.',
        remedy: 'Fix what the fatal message says; if it names no cause, upgrade the agent and report it to Netdata with fatal.stack_trace.',
        from: message ? 'fatal.message' : 'exit_reason fatal',
      };
    }
  }
  if (top?.cause) return { cause: top.cause, explanation: top.explanation!, remedy: top.remedy!, from: `exit_reason ${top.reason}` };
  if (record.exitReasons.length > 0) {
    const raw = record.exitReasons.map((r) => r.reason).join(', ');
    return {
      cause: 'agent.running/unrecognized-reason',
      explanation: `The agent recorded exit reasons this doctor does not know: ${raw}.`,
      remedy: "Read the end of the previous run's log.",
      from: 'exit_reason',
    };
  }
  return undefined;
}

const rank = (reason: string): number => {
  const i = EXIT_PRIORITY.indexOf(reason);
  return i < 0 ? EXIT_PRIORITY.length : i;
};

/** One status-netdata.json; a string error when it is not one. Never throws. */
export function parseStatusRecord(input: StatusFileInput): StatusRecord | { error: string } {
  try {
    if (typeof input.text !== 'string') return { error: 'not text' };
    if (input.text.length > MAX_BYTES) return { error: `larger than ${MAX_BYTES} bytes` };
    let body: unknown;
    try {
      body = JSON.parse(input.text);
    } catch {
      return { error: 'not JSON' };
    }
    if (!isRecord(body)) return { error: 'not a JSON object' };
    const agent = prop(body, 'agent');
    if (!isRecord(agent)) return { error: 'no "agent" object' };
    const key = (k: string): unknown => (Object.hasOwn(agent, k) ? prop(agent, k) : prop(agent, `ND_${k}`));

    const record: StatusRecord = { path: input.path, exitReasons: exitReasonsOf(agent) };
    const writtenAt = rfc3339(prop(body, '@timestamp'));
    const uptime = count(prop(agent, 'uptime'));
    const fileVersion = count(prop(body, 'version'));
    if (fileVersion !== undefined) record.fileVersion = fileVersion;
    if (writtenAt) record.writtenAt = writtenAt;
    if (uptime !== undefined) record.uptimeSeconds = uptime;
    if (writtenAt && uptime !== undefined) {
      const started = new Date(writtenAt.getTime() - uptime * 1000);
      if (!Number.isNaN(started.getTime())) record.startedAt = started;
    }
    const guid = idOrNull(prop(agent, 'id'));
    if (guid) record.machineGuid = guid;
    const since = rfc3339(prop(agent, 'since'));
    if (since) record.machineGuidSince = since;
    const nodeId = idOrNull(key('node_id'));
    if (nodeId !== undefined) record.nodeId = nodeId;
    const claimId = idOrNull(key('claim_id'));
    if (claimId !== undefined) record.claimId = claimId;
    const version = nonEmpty(prop(agent, 'version'), 64);
    if (version) record.agentVersion = version;
    const aclk = nonEmpty(prop(agent, 'aclk'), 32)?.toLowerCase();
    if (aclk) record.aclk = aclk;
    const status = nonEmpty(key('status'), 32)?.toLowerCase();
    const known = DAEMON_STATUSES.find((s) => s === status);
    if (known) record.status = known;
    const restarts = count(key('restarts'));
    if (restarts !== undefined) record.restarts = restarts;
    const crashes = count(prop(agent, 'crashes'));
    if (crashes !== undefined) record.crashes = crashes;
    const pid = count(prop(agent, 'pid'));
    if (pid !== undefined) record.pid = pid;
    const fatal = fatalOf(body);
    if (fatal) record.fatal = fatal;
    const ending = endingOf(record);
    if (ending) record.ending = ending;
    return record;
  } catch {
    return { error: 'unreadable' };
  }
}

const isError = (x: StatusRecord | { error: string }): x is { error: string } => 'error' in x;

/**
 * Every copy read from the container, ordered and split into this run's and the last run's record.
 * `container.startedAt` is the current (or, for a stopped container, the last) run's StartedAt.
 */
export function readStatusRecords(files: readonly StatusFileInput[], container: { startedAt?: Date; running: boolean }): StatusReading {
  const reading: StatusReading = { records: [], errors: [] };
  try {
    const withTime: { record: StatusRecord; time: number }[] = [];
    for (const file of files.slice(0, 16)) {
      const parsed = parseStatusRecord(file);
      if (isError(parsed)) {
        reading.errors.push({ path: file.path, error: parsed.error });
        continue;
      }
      withTime.push({ record: parsed, time: file.mtime?.getTime() ?? parsed.writtenAt?.getTime() ?? 0 });
    }
    withTime.sort((a, b) => b.time - a.time);
    reading.records = withTime.map((x) => x.record);

    const start = container.startedAt?.getTime();
    const runStart = (r: StatusRecord) => r.startedAt?.getTime();
    const sameRun = (r: StatusRecord) =>
      start !== undefined && runStart(r) !== undefined && Math.abs(runStart(r)! - start) <= SAME_RUN_TOLERANCE_MS;
    const earlier = (r: StatusRecord) => start !== undefined && runStart(r) !== undefined && runStart(r)! < start - SAME_RUN_TOLERANCE_MS;
    const thisRun = reading.records.find(sameRun);
    if (thisRun) reading.thisRun = thisRun;
    const lastRun = reading.records.filter(earlier).sort((a, b) => (b.writtenAt?.getTime() ?? 0) - (a.writtenAt?.getTime() ?? 0))[0];
    if (lastRun) {
      // A record an earlier run never finalised (still "running") means that run was killed or crashed.
      if (!lastRun.ending && lastRun.status && lastRun.status !== 'exited') {
        const hit = recognize(lastRun.status, { as: 'daemon-status' });
        if (hit)
          lastRun.ending = {
            cause: hit.cause,
            explanation: hit.explanation,
            remedy: hit.remedy,
            from: `status ${lastRun.status} never finalised`,
          };
      }
      reading.lastRun = lastRun;
    }
    // A stopped container's own record that was never finalised: it was killed while running.
    if (thisRun && !container.running && !thisRun.ending && thisRun.status && thisRun.status !== 'exited') {
      const hit = recognize(thisRun.status, { as: 'daemon-status' });
      if (hit)
        thisRun.ending = {
          cause: hit.cause,
          explanation: hit.explanation,
          remedy: hit.remedy,
          from: `status ${thisRun.status} never finalised`,
        };
    }
    const recoverable = reading.records.find((r) => r.machineGuid);
    if (recoverable?.machineGuid) reading.recoverableGuid = { guid: recoverable.machineGuid, path: recoverable.path };
  } catch {
    /* keep what was read */
  }
  return reading;
}
