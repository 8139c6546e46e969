// The engine as the rest of the doctor sees it: a small interface, so that gathering can be tested
// against a fake and the dockerode adapter stays the only place that speaks the Engine API.

import type { ContainerSummary } from './targets.ts';
import type { SplitLogs } from './log-frames.ts';
import type { FileStat } from '../facts/types.ts';
import type { DockerEvent } from './events.ts';

export interface EngineVersion {
  version: string;
  apiVersion: string;
}

export interface EngineInfo {
  securityOptions: string[];
  kernelVersion?: string;
  operatingSystem?: string;
  /** The Docker host's name (`Name`), which notifications show. */
  name?: string;
}

export interface LogQuery {
  /** Docker timestamp "seconds.nanoseconds". */
  since?: string;
  until?: string;
  tail?: number;
  tty?: boolean;
  /** Prefix every line with Docker's RFC 3339 timestamp (to merge stdout and stderr in order). */
  timestamps?: boolean;
  maxBytes: number;
}

export interface PathRead {
  stat: FileStat;
  /** File content up to the byte limit; undefined for directories and links. */
  content?: string;
  truncated: boolean;
}

export interface ExecResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export interface DockerClient {
  readonly endpoint: string;
  version(): Promise<EngineVersion>;
  info(): Promise<EngineInfo>;
  listContainers(): Promise<ContainerSummary[]>;
  inspect(id: string): Promise<unknown>;
  /**
   * `GET /images/{id}/json`: the image's own defaults, so a container's run spec keeps only what differs.
   * Optional while other clients (fakes) catch up; callers treat its absence like a failed read.
   */
  inspectImage?(id: string): Promise<unknown>;
  logs(id: string, query: LogQuery): Promise<SplitLogs>;
  /**
   * Read one path through the archive API; null when it does not exist. `maxBytes` 0 asks for its stat alone
   * (no content), which the engine answers without building an archive.
   */
  readPath(id: string, path: string, maxBytes: number): Promise<PathRead | null>;
  /** Run one allow-listed, read-only command (see exec-policy.ts). */
  exec(
    id: string,
    argv: readonly string[],
    maxBytes: number,
    options?: { env?: readonly string[]; timeoutMs?: number },
  ): Promise<ExecResult>;
  /** The engine's event stream from `since` on; ends when the connection breaks or `signal` aborts. */
  events(options: { since?: string; signal: AbortSignal }): AsyncIterable<DockerEvent>;
  /** New lines of a running container's stderr, until it stops or `signal` aborts. */
  followStderr(id: string, options: { tty: boolean; signal: AbortSignal }): AsyncIterable<string>;
}
