// The dockerode adapter: the only file that speaks the Engine API. Unversioned paths (any engine ≥ 1.41),
// every call bounded in time, every read bounded in size, errors mapped to DockerError.

// First: defers the parts of dockerode the doctor does not use (see lazy-deps.ts) before dockerode loads.
import './lazy-deps.ts';
import Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import type { DockerClient, EngineInfo, EngineVersion, ExecResult, LogQuery, PathRead } from './client.ts';
import type { ContainerSummary } from './targets.ts';
import type { FileStat } from '../facts/types.ts';
import { DockerError, toDockerError, withTimeout } from './errors.ts';
import { FrameSplitter, LineSplitter, LogCollector, type SplitLogs } from './log-frames.ts';
import { EVENT_FILTERS, parseEvent, type DockerEvent } from './events.ts';
import { isAllowedExec, isAllowedExecEnv } from './exec-policy.ts';
import type { EngineEndpoint } from './engine.ts';

export interface ClientTimeouts {
  /** Ordinary calls: version, list, inspect. */
  callMs: number;
  /** Reading logs, files and exec output. */
  readMs: number;
}

const DEFAULT_TIMEOUTS: ClientTimeouts = { callMs: 5_000, readMs: 10_000 };

/** Errors worth counting: an expected 403 (socket proxy) or 404 (a path that does not exist) is not one. */
const isCounted = (err: unknown): boolean => !(err instanceof DockerError && (err.kind === 'forbidden' || err.kind === 'not-found'));

/** Read a stream to its end or until the byte limit, whichever comes first. */
function drain(stream: Readable, onChunk: (chunk: Buffer) => boolean, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = () => {
      stream.destroy();
      resolve();
    };
    signal.addEventListener('abort', stop, { once: true });
    stream.on('data', (chunk: Buffer) => {
      if (!onChunk(chunk)) stop();
    });
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', reject);
  });
}

// Go's os.FileMode bits, as the engine's path stat carries them (bit 31 needs unsigned arithmetic: `>>> 0`).
const bit = (n: number) => (1 << n) >>> 0;
const GO_MODE = {
  dir: bit(31),
  symlink: bit(27),
  /** ModeType: directory, symlink, named pipe, socket, device, char device, irregular. */
  type: (bit(31) | bit(27) | bit(25) | bit(24) | bit(26) | bit(21) | bit(19)) >>> 0,
  setuid: bit(23),
  setgid: bit(22),
  sticky: bit(20),
};

/** The engine's `X-Docker-Container-Path-Stat` (base64 JSON: name, size, mode as Go's FileMode, linkTarget) as a FileStat. */
export function statFromPathStat(header: string): FileStat | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(header, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!raw || typeof raw !== 'object') return undefined;
  const { mode, size, linkTarget } = raw as { mode?: unknown; size?: unknown; linkTarget?: unknown };
  if (typeof mode !== 'number' || !Number.isInteger(mode) || mode < 0 || mode > 0xffff_ffff) return undefined;
  const has = (b: number) => (mode & b) >>> 0 !== 0;
  const kind = has(GO_MODE.dir) ? 'directory' : has(GO_MODE.symlink) ? 'symlink' : has(GO_MODE.type) ? 'other' : 'file';
  const special = (has(GO_MODE.setuid) ? 0o4000 : 0) | (has(GO_MODE.setgid) ? 0o2000 : 0) | (has(GO_MODE.sticky) ? 0o1000 : 0);
  const stat: FileStat = { kind, mode: (mode & 0o777) | special, size: typeof size === 'number' && size >= 0 ? size : 0 };
  if (typeof linkTarget === 'string' && linkTarget) stat.linkTarget = linkTarget;
  return stat;
}

const statFromHeader = (h: { type?: string | null; mode?: number | null; size?: number | null; linkname?: string | null }): FileStat => {
  const kind =
    h.type === 'file' || h.type === 'contiguous-file'
      ? 'file'
      : h.type === 'directory'
        ? 'directory'
        : h.type === 'symlink'
          ? 'symlink'
          : 'other';
  const stat: FileStat = { kind, mode: h.mode ?? 0, size: h.size ?? 0 };
  if (h.linkname) stat.linkTarget = h.linkname;
  return stat;
};

export class DockerodeClient implements DockerClient {
  private readonly docker: Docker;
  readonly endpoint: string;

  constructor(
    endpoint: EngineEndpoint,
    private readonly timeouts: ClientTimeouts = DEFAULT_TIMEOUTS,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {
    this.docker = new Docker(endpoint.options);
    this.endpoint = endpoint.description;
  }

  /** Every call's failure passes here once, for the docker_errors_total metric. */
  private track<T>(call: Promise<T>): Promise<T> {
    return call.catch((err: unknown) => {
      if (isCounted(err)) this.onError(err);
      throw err;
    });
  }

  version(): Promise<EngineVersion> {
    return this.track(
      withTimeout(this.timeouts.callMs, 'GET /version', async () => {
        const v = (await this.docker.version()) as unknown as { Version?: string; ApiVersion?: string };
        return { version: v.Version ?? 'unknown', apiVersion: v.ApiVersion ?? 'unknown' };
      }),
    );
  }

  info(): Promise<EngineInfo> {
    return this.track(
      withTimeout(this.timeouts.callMs, 'GET /info', async () => {
        const i = (await this.docker.info()) as {
          SecurityOptions?: string[];
          KernelVersion?: string;
          OperatingSystem?: string;
          Name?: string;
        };
        const info: EngineInfo = { securityOptions: Array.isArray(i.SecurityOptions) ? i.SecurityOptions : [] };
        if (i.KernelVersion) info.kernelVersion = i.KernelVersion;
        if (i.OperatingSystem) info.operatingSystem = i.OperatingSystem;
        if (typeof i.Name === 'string' && i.Name !== '') info.name = i.Name.slice(0, 253);
        return info;
      }),
    );
  }

  listContainers(): Promise<ContainerSummary[]> {
    return this.track(
      withTimeout(this.timeouts.callMs, 'GET /containers/json', async (abortSignal) => {
        const list = await this.docker.listContainers({ all: true, abortSignal } as Docker.ContainerListOptions);
        return list.map((c) => ({ id: c.Id, names: c.Names ?? [], image: c.Image ?? '', labels: c.Labels ?? {} }));
      }),
    );
  }

  inspect(id: string): Promise<unknown> {
    return this.track(
      withTimeout(this.timeouts.callMs, `GET /containers/${id.slice(0, 12)}/json`, (abortSignal) =>
        this.docker.getContainer(id).inspect({ abortSignal } as object),
      ),
    );
  }

  inspectImage(id: string): Promise<unknown> {
    const what = `GET /images/${id.replace(/^sha256:/, '').slice(0, 12)}/json`;
    return this.track(
      withTimeout(this.timeouts.callMs, what, (abortSignal) => this.docker.getImage(id).inspect({ abortSignal } as object)),
    );
  }

  logs(id: string, query: LogQuery): Promise<SplitLogs> {
    const what = `GET /containers/${id.slice(0, 12)}/logs`;
    return this.track(
      withTimeout(this.timeouts.readMs, what, async (abortSignal) => {
        const options: Record<string, unknown> = { stdout: true, stderr: true, follow: false, timestamps: query.timestamps === true };
        if (query.since) options.since = query.since;
        if (query.until) options.until = query.until;
        if (query.tail !== undefined) options.tail = query.tail;
        const stream = await new Promise<Readable>((resolve, reject) => {
          this.docker.modem.dial(
            {
              path: `/containers/${id}/logs?`,
              method: 'GET',
              options,
              isStream: true,
              abortSignal,
              statusCodes: { 200: true, 404: 'no such container', 500: 'server error', 501: 'logging driver does not support reading' },
            },
            (err: unknown, s: unknown) => (err ? reject(toDockerError(err, what)) : resolve(s as Readable)),
          );
        });
        const collector = new LogCollector(query.maxBytes, query.tty);
        await drain(
          stream,
          (chunk) => {
            collector.push(chunk);
            return true;
          },
          abortSignal,
        );
        return collector.result();
      }),
    );
  }

  readPath(id: string, path: string, maxBytes: number): Promise<PathRead | null> {
    if (maxBytes <= 0) return this.statPath(id, path);
    const what = `GET /containers/${id.slice(0, 12)}/archive?path=${path}`;
    return this.track(
      withTimeout(this.timeouts.readMs, what, async (abortSignal) => {
        let tar: Readable;
        try {
          tar = (await this.docker.getContainer(id).getArchive({ path, abortSignal } as { path: string })) as unknown as Readable;
        } catch (err) {
          const e = toDockerError(err, what);
          // The engine says "Could not find the file …" for a missing path, "No such container: …" otherwise.
          if (e.kind === 'not-found' && !/No such container:/.test(e.message)) return null;
          throw e;
        }
        return await new Promise<PathRead>((resolve, reject) => {
          const parser = extract();
          let done = false;
          const finish = (result: PathRead) => {
            done = true;
            tar.destroy();
            parser.destroy();
            resolve(result);
          };
          abortSignal.addEventListener('abort', () => reject(new DockerError('timeout', `${what}: timed out`)), { once: true });
          parser.on('entry', (header, body, next) => {
            const stat = statFromHeader(header);
            if (stat.kind !== 'file') {
              body.resume();
              finish({ stat, truncated: false });
              return;
            }
            const chunks: Buffer[] = [];
            let size = 0;
            body.on('data', (data: unknown) => {
              const chunk = data as Buffer;
              if (size < maxBytes) chunks.push(chunk.subarray(0, maxBytes - size));
              size += chunk.length;
              if (size >= maxBytes) finish({ stat, content: Buffer.concat(chunks).toString('utf8'), truncated: size > maxBytes });
            });
            body.on('end', () => {
              if (!done) finish({ stat, content: Buffer.concat(chunks).toString('utf8'), truncated: false });
              next();
            });
          });
          parser.on('finish', () => !done && reject(new DockerError('api', `${what}: empty archive`)));
          parser.on('error', (err) => !done && reject(toDockerError(err, what)));
          tar.on('error', (err) => !done && reject(toDockerError(err, what)));
          tar.pipe(parser);
        });
      }),
    );
  }

  /**
   * A path's stat from `HEAD /containers/{id}/archive`: the engine answers from one lstat, where a GET builds a
   * tar under the container's lock (about 0.1 s per read on Docker 20.10, and reads of one container queue).
   */
  private statPath(id: string, path: string): Promise<PathRead | null> {
    const what = `HEAD /containers/${id.slice(0, 12)}/archive?path=${path}`;
    return this.track(
      withTimeout(this.timeouts.readMs, what, async (abortSignal) => {
        let answer: { headers?: Record<string, string | string[] | undefined>; resume?: () => void };
        try {
          answer = (await this.docker.getContainer(id).infoArchive({ path, abortSignal } as { path: string })) as typeof answer;
        } catch (err) {
          const e = toDockerError(err, what);
          // A HEAD answer has no body to tell a missing path from a missing container: either way nothing is there.
          if (e.kind === 'not-found') return null;
          throw e;
        }
        answer.resume?.();
        const header = answer.headers?.['x-docker-container-path-stat'];
        const stat = typeof header === 'string' ? statFromPathStat(header) : undefined;
        if (!stat) throw new DockerError('api', `${what}: no readable X-Docker-Container-Path-Stat header`);
        return { stat, truncated: false };
      }),
    );
  }

  exec(
    id: string,
    argv: readonly string[],
    maxBytes: number,
    options: { env?: readonly string[]; timeoutMs?: number } = {},
  ): Promise<ExecResult> {
    if (!isAllowedExec(argv) || !isAllowedExecEnv(options.env ?? []))
      return Promise.reject(new DockerError('forbidden', `exec refused by the doctor's read-only policy: ${argv[0]}`));
    const what = `exec ${argv[0]} ${argv[1] ?? ''} in ${id.slice(0, 12)}`;
    return this.track(
      withTimeout(options.timeoutMs ?? this.timeouts.readMs, what, async (abortSignal) => {
        const container = this.docker.getContainer(id);
        const exec = await container.exec({
          Cmd: [...argv],
          Env: options.env ? [...options.env] : undefined,
          AttachStdout: true,
          AttachStderr: true,
          Tty: false,
          abortSignal,
        } as Docker.ExecCreateOptions);
        const stream = (await exec.start({ hijack: true, stdin: false, abortSignal } as Docker.ExecStartOptions)) as unknown as Readable;
        const collector = new LogCollector(maxBytes, false);
        await drain(
          stream,
          (chunk) => {
            collector.push(chunk);
            return true;
          },
          abortSignal,
        );
        const { stdout, stderr } = collector.result();
        const inspected = (await exec.inspect({ abortSignal } as object)) as { ExitCode?: number | null };
        return { exitCode: inspected.ExitCode ?? null, stdout, stderr };
      }),
    );
  }

  async *events(options: { since?: string; signal: AbortSignal }): AsyncIterable<DockerEvent> {
    const query: Record<string, unknown> = { filters: JSON.stringify(EVENT_FILTERS), abortSignal: options.signal };
    if (options.since) query.since = options.since;
    let stream: Readable;
    try {
      stream = (await this.docker.getEvents(query as object)) as unknown as Readable;
    } catch (err) {
      throw toDockerError(err, 'GET /events');
    }
    const lines = new LineSplitter(1024 * 1024);
    options.signal.addEventListener('abort', () => stream.destroy(), { once: true });
    try {
      for await (const chunk of stream) {
        for (const line of lines.push((chunk as Buffer).toString('utf8'))) {
          if (!line.trim()) continue;
          let raw: unknown;
          try {
            raw = JSON.parse(line);
          } catch {
            continue; // a garbled line is dropped, the stream goes on
          }
          const event = parseEvent(raw);
          if (event) yield event;
        }
      }
    } catch (err) {
      if (!options.signal.aborted) throw toDockerError(err, 'GET /events');
    } finally {
      stream.destroy();
    }
  }

  async *followStderr(id: string, options: { tty: boolean; signal: AbortSignal }): AsyncIterable<string> {
    const what = `GET /containers/${id.slice(0, 12)}/logs?follow=1`;
    const since = (Date.now() / 1000).toFixed(3);
    const stream = await new Promise<Readable>((resolve, reject) => {
      this.docker.modem.dial(
        {
          path: `/containers/${id}/logs?`,
          method: 'GET',
          options: { follow: true, stdout: options.tty, stderr: true, since },
          isStream: true,
          abortSignal: options.signal,
          statusCodes: { 200: true, 404: 'no such container', 500: 'server error', 501: 'logging driver does not support reading' },
        },
        (err: unknown, s: unknown) => (err ? reject(toDockerError(err, what)) : resolve(s as Readable)),
      );
    });
    const frames = new FrameSplitter(options.tty);
    const lines = new LineSplitter();
    options.signal.addEventListener('abort', () => stream.destroy(), { once: true });
    try {
      for await (const chunk of stream) {
        for (const frame of frames.push(chunk as Buffer)) {
          if (frame.stream === 'stderr' || options.tty) yield* lines.push(frame.bytes.toString('utf8'));
        }
      }
    } catch (err) {
      if (!options.signal.aborted) throw toDockerError(err, what);
    } finally {
      stream.destroy();
    }
  }
}
