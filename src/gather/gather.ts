// One pass of gathering: engine, targets, and for each target the inspect JSON, bounded logs, files
// through the archive API and read-only execs. Every failure becomes a Read with its reason, never a throw.

import type { DockerClient } from '../docker/client.ts';
import { DockerError } from '../docker/errors.ts';
import { containerFactsFromInspect } from '../docker/inspect.ts';
import { dockerTimestamp } from '../docker/log-frames.ts';
import { containerName, selectTargets, type ContainerSummary } from '../docker/targets.ts';
import {
  readFailed,
  readOk,
  type AgentApiFacts,
  type AgentFiles,
  type ContainerFacts,
  type EngineFacts,
  type ExecResults,
  type FileStat,
  type GatheredFacts,
  type LogLine,
  type StatusCopies,
  type NodeFacts,
  type Read,
} from '../facts/types.ts';
import { PATHS } from '../agent/paths.ts';
import { STATUS_FILE_LOCATIONS } from '../agent/status-record.ts';
import { findSelf, type SelfPlace } from './self.ts';
import { readAgentApi } from './agent-api.ts';
import { BuildCache, FileCache, FILES_MAX_AGE_MS } from './cache.ts';
import { ExecGate } from './exec-gate.ts';
import { ImageInspectCache, imageInspectFor } from './image-inspect.ts';

export { WEDGED_RETRY_MS } from './exec-gate.ts';

export interface GatherOptions {
  targets: readonly string[] | 'auto';
  exec: 'auto' | 'never';
  /** DOCTOR_AGENT_URL: used when exactly one agent is diagnosed. */
  agentUrl?: string;
  /** Ask the agent's API (off for tests of the Docker side alone). */
  agentApi?: boolean;
  clock?: () => Date;
  debug?: (msg: string) => void;
}

/** Bounds on what one pass reads from one container. */
export const LIMITS = {
  logBytesPerStream: 2 * 1024 * 1024,
  /**
   * Asked of the engine together with the byte window, so that it sends only the newest lines: without it a
   * chatty agent's whole log since its start crosses the socket (60 MiB took 13.7 s, past the read's 10 s).
   */
  logTailLines: 20_000,
  previousRunTailLines: 300,
  fileBytes: 64 * 1024,
  /** netdata.conf lists every option with its default: larger than the other files. */
  netdataConfBytes: 1024 * 1024,
  execBytes: 64 * 1024,
  nodesInParallel: 8,
};

/**
 * What lasts from one pass to the next, in three named pieces: the exec gate (the engine's exec permission and
 * the wedged-exec rule: exec-gate.ts), the builds learnt per container run and the agent files an interval
 * pass may reuse (cache.ts); plus the archive and /info permissions, learnt once per connection, and where
 * the doctor itself runs. One clock for all of it (`now`, milliseconds), injected by tests.
 */
export class Session {
  readonly exec: ExecGate;
  archive: EngineFacts['permissions']['archive'] = 'unknown';
  info: EngineFacts['permissions']['info'] = 'unknown';
  readonly builds = new BuildCache();
  readonly files: FileCache;
  /** Image inspects by id, for the run specs (bounded). */
  readonly images = new ImageInspectCache();
  /** Where the doctor runs, found on the first pass. */
  self: Promise<SelfPlace> | undefined;
  readonly now: () => number;

  constructor(execMode: 'auto' | 'never', options: { filesMaxAgeMs?: number; now?: () => number } = {}) {
    this.now = options.now ?? Date.now;
    this.exec = new ExecGate(execMode, this.now);
    this.files = new FileCache(options.filesMaxAgeMs ?? FILES_MAX_AGE_MS, this.now);
  }

  snapshot(): EngineFacts['permissions'] {
    return { exec: this.exec.permission, archive: this.archive, info: this.info };
  }
}

const reason = (err: unknown): string => (err instanceof Error ? err.message : String(err));

async function gatherEngine(client: DockerClient, session: Session): Promise<{ engine: EngineFacts; containers: ContainerSummary[] }> {
  const engine: EngineFacts = {
    reachable: false,
    endpoint: client.endpoint,
    info: readFailed('not asked'),
    permissions: session.snapshot(),
  };
  try {
    const version = await client.version();
    engine.reachable = true;
    engine.version = version.version;
    engine.apiVersion = version.apiVersion;
  } catch (err) {
    engine.error = reason(err);
    return { engine, containers: [] };
  }
  const [info, containers] = await Promise.allSettled([client.info(), client.listContainers()]);
  if (info.status === 'fulfilled') {
    engine.info = readOk(info.value);
    session.info = 'allowed';
  } else {
    const denied = info.reason instanceof DockerError && info.reason.kind === 'forbidden';
    if (denied) session.info = 'denied';
    engine.info = readFailed(denied ? 'denied by the engine or socket proxy' : reason(info.reason));
  }
  if (containers.status === 'rejected') {
    engine.reachable = false;
    engine.error = `listing containers failed: ${reason(containers.reason)}`;
    return { engine, containers: [] };
  }
  engine.permissions = session.snapshot();
  return { engine, containers: containers.value };
}

const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z (.*)$/;

/** Lines of one stream, each with Docker's timestamp made sortable (the nanoseconds padded to nine digits). */
export function toLines(text: string, stream: LogLine['stream'], run: LogLine['run']): LogLine[] {
  return text
    .split(/\r?\n/)
    .filter((l) => l.length > 0)
    .map((raw) => {
      const m = STAMP.exec(raw);
      return m ? { stream, run, text: m[3]!, time: `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}Z` } : { stream, run, text: raw };
    });
}

/**
 * The engine stamps a log line when it reads it from the container, and sets StartedAt only after the
 * process runs: a run's first lines can be stamped before its StartedAt (seen here in 2 of 5 starts, by
 * ~1 ms idle; more under load). So this run's lines are taken from a second before StartedAt, but never
 * from before the previous run's end, which a running container's FinishedAt still holds.
 */
export const RUN_START_SLACK_MS = 1_000;

export function currentRunSince(c: Pick<ContainerFacts, 'startedAt' | 'finishedAt'>): Date | undefined {
  if (!c.startedAt) return undefined;
  const slack = new Date(c.startedAt.getTime() - RUN_START_SLACK_MS);
  const previousEnd = c.finishedAt && c.finishedAt < c.startedAt ? c.finishedAt : undefined;
  return previousEnd && previousEnd > slack ? previousEnd : slack;
}

async function gatherLogs(client: DockerClient, c: ContainerFacts, tty: boolean): Promise<Read<LogLine[]>> {
  const runStart = currentRunSince(c);
  if (!runStart) return readOk([]);
  const since = dockerTimestamp(runStart.toISOString());
  try {
    const current = await client.logs(c.id, {
      ...(since ? { since } : {}),
      tail: LIMITS.logTailLines,
      tty,
      timestamps: true,
      maxBytes: LIMITS.logBytesPerStream,
    });
    const lines = [...toLines(current.stdout, 'stdout', 'current'), ...toLines(current.stderr, 'stderr', 'current')];
    // A stopped or restarting container: the run before this one often holds the first failure.
    if (c.status !== 'running' && since) {
      const previous = await client.logs(c.id, {
        until: since,
        tail: LIMITS.previousRunTailLines,
        tty,
        timestamps: true,
        maxBytes: LIMITS.logBytesPerStream,
      });
      lines.unshift(...toLines(previous.stdout, 'stdout', 'previous'), ...toLines(previous.stderr, 'stderr', 'previous'));
    }
    return readOk(inOrder(lines));
  } catch (err) {
    return readFailed(reason(err));
  }
}

/**
 * The logs endpoint gives stdout and stderr apart; their timestamps put them back in the order they were
 * written, so that "the last line wins" means the last line. Without timestamps, each run's stderr (where
 * the entrypoint and the claim script write) goes after its stdout.
 */
export function inOrder(lines: LogLine[]): LogLine[] {
  const runRank = (l: LogLine) => (l.run === 'previous' ? 0 : 1);
  return lines
    .map((l, i) => ({ l, i }))
    .sort(
      (a, b) =>
        runRank(a.l) - runRank(b.l) ||
        (a.l.time && b.l.time
          ? a.l.time < b.l.time
            ? -1
            : a.l.time > b.l.time
              ? 1
              : 0
          : a.l.stream === b.l.stream
            ? 0
            : a.l.stream === 'stdout'
              ? -1
              : 1) ||
        a.i - b.i,
    )
    .map(({ l }) => l);
}

async function readFile(
  client: DockerClient,
  session: Session,
  id: string,
  path: string,
  maxBytes = LIMITS.fileBytes,
): Promise<Read<string>> {
  const read = await readStat(client, session, id, path, maxBytes);
  if (!read.ok) return read;
  if (read.value.content === undefined) return readFailed(`${path} is a ${read.value.stat.kind}, not a file`);
  return readOk(read.value.content);
}

async function readStat(
  client: DockerClient,
  session: Session,
  id: string,
  path: string,
  maxBytes: number | false,
): Promise<Read<{ stat: FileStat; content?: string }>> {
  if (session.archive === 'denied') return readFailed('the archive API is denied by the engine or socket proxy');
  try {
    const result = await client.readPath(id, path, maxBytes === false ? 0 : maxBytes);
    session.archive = 'allowed';
    if (!result) return readFailed(`${path} does not exist`, true);
    return readOk(result.content !== undefined ? { stat: result.stat, content: result.content } : { stat: result.stat });
  } catch (err) {
    if (err instanceof DockerError && err.kind === 'forbidden') {
      session.archive = 'denied';
      return readFailed('the archive API is denied by the engine or socket proxy');
    }
    return readFailed(reason(err));
  }
}

async function gatherFiles(client: DockerClient, session: Session, c: ContainerFacts): Promise<AgentFiles> {
  const id = c.id;
  const file = (path: string) => readFile(client, session, id, path);
  // A stopped run's exit is told by the other copies: read them beside the rest rather than after.
  const stopped = c.status !== 'running' || c.restarting;
  const earlyCopies = stopped ? readStatusCopies(client, session, id) : undefined;
  const [machineGuid, claimedId, cloudConf, claimConf, statusFile, script, netdataConf] = await Promise.all([
    file(PATHS.machineGuid),
    file(PATHS.claimedId),
    file(PATHS.cloudConf),
    file(PATHS.claimConf),
    file(PATHS.statusFile),
    readStat(client, session, id, PATHS.claimScript, false),
    readFile(client, session, id, PATHS.netdataConf, LIMITS.netdataConfBytes),
  ]);
  // The other copies tell how a stopped run ended, or stand in for a missing /var/lib/netdata one; a running agent
  // with its own copy needs none of them, which spares four archive calls per container and pass.
  const statusCopies = await (earlyCopies ?? (statusFile.ok ? undefined : readStatusCopies(client, session, id)));
  return {
    machineGuid,
    claimedId,
    cloudConf,
    claimConf,
    statusFile,
    claimScript: script.ok ? readOk(script.value.stat) : script,
    netdataConf,
    ...(statusCopies ? { statusCopies } : {}),
  };
}

/** status-netdata.json's other copies (a v2.3.1+ agent writes and reads them all), each bounded like the other files. */
async function readStatusCopies(client: DockerClient, session: Session, id: string): Promise<Read<StatusCopies>> {
  const others = STATUS_FILE_LOCATIONS.filter((path) => path !== PATHS.statusFile);
  const reads = await Promise.all(others.map(async (path) => ({ path, read: await readFile(client, session, id, path) })));
  const copies: StatusCopies = { copies: [], unreadable: [] };
  for (const { path, read } of reads) {
    if (read.ok) copies.copies.push({ path, text: read.value });
    else if (read.absent !== true) copies.unreadable.push({ path, reason: read.reason });
  }
  // Every read refused alike (the archive API denied): say so once, as for the other files.
  if (copies.copies.length === 0 && copies.unreadable.length === others.length) return readFailed(copies.unreadable[0]!.reason);
  return readOk(copies);
}

/**
 * The build (reused while the container's run is the same) and `netdatacli aclk-state json`, which is
 * skipped when the agent API answered /api/v1/aclk: the same JSON from the same daemon.
 */
async function gatherExec(
  client: DockerClient,
  session: Session,
  c: ContainerFacts,
  api: Promise<AgentApiFacts | undefined>,
): Promise<ExecResults> {
  const closed = session.exec.closed();
  if (closed) return { unavailable: closed };
  if (c.status !== 'running' || c.restarting) {
    const remembered = session.builds.known(c.id);
    return remembered
      ? { netdataVersion: remembered.netdataVersion, buildinfo: remembered.buildinfo }
      : { unavailable: `the container is ${c.status}` };
  }
  const run = (argv: string[]) => session.exec.run(client, c, argv, LIMITS.execBytes);
  const aclk = async (): Promise<Read<string> | undefined> => {
    const answer = (await api)?.answers['/api/v1/aclk'];
    return answer?.ok === true && answer.value.status === 200 ? undefined : run(['netdatacli', 'aclk-state', 'json']);
  };
  const reused = session.builds.reuse(c);
  if (reused) {
    const aclkState = await aclk();
    return { netdataVersion: reused.netdataVersion, buildinfo: reused.buildinfo, ...(aclkState ? { aclkState } : {}) };
  }
  // Sequential: the first answer tells whether exec is permitted at all, sparing a second 403.
  const netdataVersion = await run(['netdata', '-v']);
  const denied = session.exec.closed();
  if (denied) return { unavailable: denied };
  const [buildinfo, aclkState] = await Promise.all([run(['netdata', '-W', 'buildinfo']), aclk()]);
  session.builds.remember(c, netdataVersion, buildinfo);
  // A build does not change while its container exists: an exec that fails now (the container paused
  // during the pass, a wedged exec timed out) does not unlearn what an earlier one said.
  const known = session.builds.known(c.id);
  return {
    netdataVersion: netdataVersion.ok || !known ? netdataVersion : known.netdataVersion,
    buildinfo: buildinfo.ok || !known ? buildinfo : known.buildinfo,
    ...(aclkState ? { aclkState } : {}),
  };
}

interface NodeOptions {
  agentApi: boolean;
  agentUrl?: string;
  /** An interval pass: the files may come from the session (cache.ts); a node pass always reads them. */
  reuseFiles?: boolean;
}

/**
 * The agent files, read (and kept for later interval passes when every read answered) or reused. With a
 * kept copy to judge, the logs are read first: a Cloud/claim line logged after them makes the next pass
 * read again, one logged before them is in the mark the kept copy carries.
 */
async function filesFor(
  client: DockerClient,
  session: Session,
  c: ContainerFacts,
  logs: Promise<Read<LogLine[]>>,
  reuse: boolean,
): Promise<AgentFiles> {
  if (reuse && session.files.has(c.id)) {
    const kept = session.files.reuse(c, await logs);
    if (kept) return kept;
  }
  const readAt = session.now();
  const [files, logsRead] = await Promise.all([gatherFiles(client, session, c), logs]);
  session.files.keep(c, logsRead, files, readAt);
  return files;
}

async function gatherNode(
  client: DockerClient,
  session: Session,
  summary: ContainerSummary,
  options: NodeOptions,
): Promise<NodeFacts | undefined> {
  let inspected: unknown;
  try {
    inspected = await client.inspect(summary.id);
  } catch (err) {
    // Removed between list and inspect: it is simply gone.
    if (err instanceof DockerError && err.kind === 'not-found') return undefined;
    throw err;
  }
  // The image's inspect (one per image id, kept) lets the run spec keep only what the user set. Nothing else
  // reads the spec, so the other reads do not wait for it (a new image's inspect is on a first pass's path).
  const image = imageInspectFor(client, inspected, session.images);
  const facts = containerFactsFromInspect(inspected);
  const tty = (inspected as { Config?: { Tty?: boolean } })?.Config?.Tty === true;
  const logsRead = gatherLogs(client, facts, tty);
  const apiRead = options.agentApi ? gatherApi(client, session, facts, options.agentUrl) : Promise.resolve(undefined);
  const [logs, files, exec, api, rawImage] = await Promise.all([
    logsRead,
    filesFor(client, session, facts, logsRead, options.reuseFiles === true),
    gatherExec(client, session, facts, apiRead),
    apiRead,
    image,
  ]);
  const container = rawImage === undefined ? facts : containerFactsFromInspect(inspected, rawImage);
  return api ? { container, logs, files, exec, api } : { container, logs, files, exec };
}

async function gatherApi(client: DockerClient, session: Session, container: ContainerFacts, agentUrl: string | undefined) {
  session.self ??= findSelf(client);
  // Exec may be tried: it is the contract's last way, and a 403 there only marks exec as denied.
  const self = await session.self;
  // Asked after the await: another node's first exec may have learnt by now that exec is denied.
  return readAgentApi(client, container, {
    self,
    execAllowed: session.exec.open,
    onExecDenied: () => session.exec.deny(),
    ...(agentUrl ? { agentUrl } : {}),
  });
}

/** Run `work` over `items` with at most `limit` in flight, keeping order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Gather one node again and put it in place of its old facts (or drop it when it is gone), keeping the
 * rest of the pass: identity checks still compare against every node.
 */
export async function regatherNode(
  client: DockerClient,
  previous: GatheredFacts,
  containerId: string,
  session: Session,
  options: Pick<GatherOptions, 'agentApi' | 'agentUrl' | 'clock'> = {},
): Promise<GatheredFacts> {
  const clock = options.clock ?? (() => new Date());
  const others = previous.nodes.filter((n) => n.container.id !== containerId);
  const known = previous.nodes.find((n) => n.container.id === containerId);
  const summary: ContainerSummary = {
    id: containerId,
    names: known ? [known.container.name] : [],
    image: known?.container.image ?? '',
    labels: known?.container.labels ?? {},
  };
  const node = await gatherNode(client, session, summary, {
    agentApi: options.agentApi !== false,
    ...(options.agentUrl && previous.nodes.length <= 1 ? { agentUrl: options.agentUrl } : {}),
  });
  const nodes = node ? previous.nodes.map((n) => (n.container.id === containerId ? node : n)) : others;
  return { ...previous, engine: { ...previous.engine, permissions: session.snapshot() }, nodes, at: clock() };
}

/**
 * After an exit event: the container's new state from one inspect, the rest of its facts kept, so that a
 * verdict can be published at once. What only a running agent could tell (its API, live exec answers,
 * network probes) is dropped; the full node pass that follows refines the rest.
 */
export async function refreshContainer(
  client: DockerClient,
  previous: GatheredFacts,
  containerId: string,
  clock: () => Date = () => new Date(),
): Promise<GatheredFacts> {
  const known = previous.nodes.find((n) => n.container.id === containerId);
  if (!known) return previous;
  let inspected: unknown;
  try {
    inspected = await client.inspect(containerId);
  } catch (err) {
    if (err instanceof DockerError && err.kind === 'not-found')
      return { ...previous, nodes: previous.nodes.filter((n) => n !== known), at: clock() };
    return previous;
  }
  // One inspect, nothing more: the run spec (which needs the image's inspect too) is the known one.
  const fresh = containerFactsFromInspect(inspected);
  const container = known.container.spec ? { ...fresh, spec: known.container.spec } : fresh;
  const running = container.status === 'running' && !container.restarting;
  const node: NodeFacts = running
    ? { ...known, container }
    : {
        container,
        logs: known.logs,
        files: known.files,
        exec:
          known.exec.netdataVersion && known.exec.buildinfo
            ? { netdataVersion: known.exec.netdataVersion, buildinfo: known.exec.buildinfo }
            : { unavailable: `the container is ${container.status}` },
        api: { unavailable: `the container is ${container.status}`, answers: {} },
      };
  return { ...previous, nodes: previous.nodes.map((n) => (n === known ? node : n)), at: clock() };
}

export async function gather(client: DockerClient, options: GatherOptions, session = new Session(options.exec)): Promise<GatheredFacts> {
  const clock = options.clock ?? (() => new Date());
  const { engine, containers } = await gatherEngine(client, session);
  if (!engine.reachable) {
    const requested = options.targets === 'auto' ? [] : [...options.targets];
    return {
      engine,
      discovery: {
        mode: options.targets === 'auto' ? 'auto' : 'explicit',
        requested,
        missing: [],
        unreadable: [],
        unlabelledCandidates: 0,
      },
      nodes: [],
      at: clock(),
    };
  }
  const { selected, facts: discovery } = selectTargets(containers, options.targets);
  const nodes: NodeFacts[] = [];
  const gathered = await mapLimited(selected, LIMITS.nodesInParallel, async (summary) => {
    try {
      return await gatherNode(client, session, summary, {
        agentApi: options.agentApi !== false,
        reuseFiles: true,
        ...(options.agentUrl && selected.length === 1 ? { agentUrl: options.agentUrl } : {}),
      });
    } catch (err) {
      discovery.unreadable.push(`${containerName(summary)}: ${reason(err)}`);
      options.debug?.(`gather ${containerName(summary)}: ${reason(err)}`);
      return undefined;
    }
  });
  for (const node of gathered) if (node) nodes.push(node);
  // Forget the builds of containers that no longer exist.
  const alive = new Set(containers.map((c) => c.id));
  session.builds.keepOnly(alive);
  session.files.keepOnly(alive);
  engine.permissions = session.snapshot();
  return { engine, discovery, nodes, at: clock() };
}
