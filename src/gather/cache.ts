// What an interval pass may reuse from an earlier pass instead of asking the engine again, and when it
// must not. Pure rules over facts, so that each invalidation can be tested on its own.
//
// - Build (`netdata -v`, `netdata -W buildinfo`): reused while the container's run is the same (id,
//   StartedAt and image unchanged). A restart, a recreate or another image asks again.
// - The 7 agent files (archive reads): reused by interval (full) passes only, while the run is the same,
//   the container is running, every read succeeded (or the file was absent), no Cloud/claim line was
//   logged since they were read, and they are younger than a bounded age (FILES_MAX_AGE_MS, spread per
//   container so that a fleet does not expire in one pass). Node passes (a Docker event of the container,
//   a Cloud/claim line of a v2.3+ agent, the end of its start period) always read them again.

import type { AgentFiles, ContainerFacts, LogLine, Read } from '../facts/types.ts';
import { CLOUD_STATE_LINE } from '../agent/logs.ts';

/** At most this long (± 25 % by container) between two reads of a running container's files. */
export const FILES_MAX_AGE_MS = 5 * 60_000;

/** The container's current run, or undefined when it is not running (nothing is reused then). */
export function runKey(c: ContainerFacts): string | undefined {
  if (c.status !== 'running' || c.restarting || !c.startedAt) return undefined;
  return `${c.id}|${c.startedAt.toISOString()}|${c.image}`;
}

/**
 * The newest Cloud/claim line of this run (its engine timestamp and text), '' when there is none, undefined
 * when the logs could not be read (then nothing can be said, and nothing is reused).
 */
export function cloudMark(logs: Read<LogLine[]>): string | undefined {
  if (!logs.ok) return undefined;
  for (let i = logs.value.length - 1; i >= 0; i--) {
    const line = logs.value[i]!;
    if (line.run === 'current' && CLOUD_STATE_LINE.test(line.text)) return `${line.time ?? ''} ${line.text}`;
  }
  return '';
}

/** The age limit of one container's files: FILES_MAX_AGE_MS × 0.75–1.25, fixed per container id. */
export function filesMaxAgeMs(id: string, baseMs = FILES_MAX_AGE_MS): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return baseMs * (0.75 + 0.5 * ((h % 1000) / 1000));
}

export interface CachedFiles {
  run: string;
  /** cloudMark() of the logs read before the files. */
  mark: string;
  /** Monotonic time of the read (performance.now()). */
  readAt: number;
  files: AgentFiles;
}

/** Worth keeping: every read answered (a file that does not exist is an answer; a timeout is not). */
export function cacheable(files: AgentFiles): boolean {
  const answered = Object.values(files).every((read: Read<unknown>) => read.ok || read.absent === true);
  return answered && !(files.statusCopies?.ok && files.statusCopies.value.unreadable.length > 0);
}

export type FilesVerdict = { reuse: AgentFiles } | { read: string };

/** Whether an interval pass may reuse `cached` for this container, or why it must read the files again. */
export function reuseFiles(
  cached: CachedFiles | undefined,
  c: ContainerFacts,
  logs: Read<LogLine[]>,
  now: number,
  baseMaxAgeMs = FILES_MAX_AGE_MS,
): FilesVerdict {
  if (!cached) return { read: 'not read yet' };
  const run = runKey(c);
  if (!run) return { read: `the container is ${c.restarting ? 'restarting' : c.status}` };
  if (cached.run !== run) return { read: 'another run of the container (restarted, recreated or another image)' };
  const mark = cloudMark(logs);
  if (mark === undefined) return { read: 'its logs could not be read' };
  if (mark !== cached.mark) return { read: 'a Cloud or claim line was logged since' };
  if (now - cached.readAt >= filesMaxAgeMs(c.id, baseMaxAgeMs)) return { read: 'older than the maximum age' };
  return { reuse: cached.files };
}

export interface CachedBuild {
  run: string;
  netdataVersion: Read<string>;
  buildinfo: Read<string>;
}

/** The build learnt in this run of the container, if any. */
export function reuseBuild(cached: CachedBuild | undefined, c: ContainerFacts): CachedBuild | undefined {
  const run = runKey(c);
  return cached && run && cached.run === run && cached.netdataVersion.ok && cached.buildinfo.ok ? cached : undefined;
}

/** The builds learnt per container (reused while its run is the same). */
export class BuildCache {
  private readonly builds = new Map<string, CachedBuild>();

  /** This run's build, if learnt. */
  reuse(c: ContainerFacts): CachedBuild | undefined {
    return reuseBuild(this.builds.get(c.id), c);
  }

  /** What any run of the container said: a build does not change while its container exists. */
  known(id: string): CachedBuild | undefined {
    return this.builds.get(id);
  }

  remember(c: ContainerFacts, netdataVersion: Read<string>, buildinfo: Read<string>): void {
    const run = runKey(c);
    if (run && netdataVersion.ok && buildinfo.ok) this.builds.set(c.id, { run, netdataVersion, buildinfo });
  }

  /** Forget containers that no longer exist. */
  keepOnly(alive: ReadonlySet<string>): void {
    for (const id of this.builds.keys()) if (!alive.has(id)) this.builds.delete(id);
  }
}

/** The agent files kept per container for interval passes (the rules: reuseFiles). */
export class FileCache {
  private readonly kept = new Map<string, CachedFiles>();

  constructor(
    private readonly maxAgeMs: number,
    private readonly now: () => number,
  ) {}

  /** The kept files, when an interval pass may use them for this container and these logs. */
  reuse(c: ContainerFacts, logs: Read<LogLine[]>): AgentFiles | undefined {
    const cached = this.kept.get(c.id);
    if (!cached) return undefined;
    const verdict = reuseFiles(cached, c, logs, this.now(), this.maxAgeMs);
    return 'reuse' in verdict ? verdict.reuse : undefined;
  }

  /** Keeps files read at `readAt` with the logs read beside them, when both can be trusted later. */
  keep(c: ContainerFacts, logs: Read<LogLine[]>, files: AgentFiles, readAt: number): void {
    const run = runKey(c);
    const mark = cloudMark(logs);
    if (run && mark !== undefined && cacheable(files)) this.kept.set(c.id, { run, mark, readAt, files });
    else this.kept.delete(c.id);
  }

  has(id: string): boolean {
    return this.kept.has(id);
  }

  keepOnly(alive: ReadonlySet<string>): void {
    for (const id of this.kept.keys()) if (!alive.has(id)) this.kept.delete(id);
  }
}
