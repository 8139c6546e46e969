// A counting unix-socket forwarder in front of the Docker Engine socket. The doctor is pointed at it with
// DOCKER_HOST=unix://<path>; every HTTP request it sends is parsed from the byte stream (request line and
// headers, then the body by Content-Length or chunked encoding; a hijacked exec stream or an upgrade ends the
// parsing of that connection) and recorded with its time, so a benchmark can count calls per pass, per
// minute, and calls outside any pass. Streams (`/events`, `logs?follow=1`) are marked as such.

import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { rm } from 'node:fs/promises';
import { nowMs } from './util.ts';

export interface ApiRequest {
  /** ms since the epoch (high resolution). */
  t: number;
  method: string;
  /** Path without query and API version prefix. */
  path: string;
  /** The path with IDs replaced: `GET /containers/{id}/archive`. */
  route: string;
  /** A long-lived stream (events, followed logs), not a call that ends. */
  stream: boolean;
  connection: number;
  /** The engine's first answer byte, and the end (the next request on the connection, or its close). */
  firstByte?: number;
  end?: number;
}

const ID = /^[0-9a-f]{12,64}$/;

export function routeOf(method: string, rawPath: string): { path: string; route: string; stream: boolean } {
  const [pathPart = '/', query = ''] = rawPath.split('?');
  const path = pathPart.replace(/^\/v1\.\d+(?=\/)/, '');
  const parts = path.split('/');
  // /containers/<id or name>/..., /exec/<id>/...
  if ((parts[1] === 'containers' || parts[1] === 'exec') && parts[2] && parts[2] !== 'json' && parts[2] !== 'create') parts[2] = '{id}';
  else if (parts[2] && ID.test(parts[2])) parts[2] = '{id}';
  const params = new URLSearchParams(query);
  const follow = params.get('follow');
  const stream = path === '/events' || (/\/logs$/.test(path) && (follow === '1' || follow === 'true'));
  return { path, route: `${method} ${parts.join('/')}${stream && path !== '/events' ? '?follow' : ''}`, stream };
}

/** Parses the client → engine half of one connection into requests. */
class RequestParser {
  private buf: Buffer = Buffer.alloc(0);
  private mode: 'head' | 'body' | 'chunked' | 'raw' = 'head';
  private remaining = 0;
  constructor(private readonly onRequest: (method: string, path: string) => void) {}

  push(chunk: Buffer): void {
    if (this.mode === 'raw') return;
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    for (;;) {
      if (this.mode === 'raw') {
        this.buf = Buffer.alloc(0);
        return;
      }
      if (this.mode === 'head') {
        const end = this.buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = this.buf.subarray(0, end).toString('latin1');
        this.buf = this.buf.subarray(end + 4);
        const [requestLine = '', ...headerLines] = head.split('\r\n');
        const [method = '?', path = '?'] = requestLine.split(' ');
        this.onRequest(method, path);
        const headers = new Map(
          headerLines.map((l) => {
            const i = l.indexOf(':');
            return [
              l.slice(0, i).trim().toLowerCase(),
              l
                .slice(i + 1)
                .trim()
                .toLowerCase(),
            ] as const;
          }),
        );
        const upgrade = headers.has('upgrade') || (headers.get('connection') ?? '').includes('upgrade');
        const length = Number(headers.get('content-length') ?? '0');
        if (headers.get('transfer-encoding')?.includes('chunked')) this.mode = 'chunked';
        else if (length > 0) {
          this.mode = 'body';
          this.remaining = length;
        }
        if (upgrade) this.afterBody = 'raw';
        if (this.mode === 'head' && upgrade) this.mode = 'raw';
        continue;
      }
      if (this.mode === 'body') {
        const take = Math.min(this.remaining, this.buf.length);
        this.buf = this.buf.subarray(take);
        this.remaining -= take;
        if (this.remaining > 0) return;
        this.mode = this.afterBody;
        this.afterBody = 'head';
        continue;
      }
      if (this.mode === 'chunked') {
        const nl = this.buf.indexOf('\r\n');
        if (nl < 0) return;
        const size = parseInt(this.buf.subarray(0, nl).toString('latin1'), 16);
        if (this.buf.length < nl + 2 + size + 2) return;
        this.buf = this.buf.subarray(nl + 2 + size + 2);
        if (size === 0) {
          this.mode = this.afterBody;
          this.afterBody = 'head';
        }
      }
    }
  }
  private afterBody: 'head' | 'raw' = 'head';
}

export class ApiCounter {
  readonly requests: ApiRequest[] = [];
  connections = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly path: string,
    private readonly target = '/var/run/docker.sock',
  ) {}

  get dockerHost(): string {
    return `unix://${this.path}`;
  }

  async up(): Promise<void> {
    await rm(this.path, { force: true });
    this.server = createServer((client) => {
      const connection = ++this.connections;
      const upstream = createConnection(this.target);
      let current: ApiRequest | undefined;
      const parser = new RequestParser((method, rawPath) => {
        const t = nowMs();
        if (current && current.end === undefined) current.end = t;
        current = { t, method, ...routeOf(method, rawPath), connection };
        this.requests.push(current);
      });
      upstream.on('data', () => {
        if (current && current.firstByte === undefined) current.firstByte = nowMs();
      });
      client.on('close', () => {
        if (current && current.end === undefined) current.end = nowMs();
      });
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.on('data', (d: Buffer) => parser.push(d));
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.path, resolve));
  }

  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
    await rm(this.path, { force: true });
  }

  /** Requests (not streams) with from <= t < to. */
  calls(from = 0, to = Infinity): ApiRequest[] {
    return this.requests.filter((r) => !r.stream && r.t >= from && r.t < to);
  }

  streams(from = 0, to = Infinity): ApiRequest[] {
    return this.requests.filter((r) => r.stream && r.t >= from && r.t < to);
  }
}

/** Counts per route, most frequent first. */
export function byRoute(requests: readonly ApiRequest[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const r of requests) counts.set(r.route, (counts.get(r.route) ?? 0) + 1);
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]));
}

/** Per route: how many, and the median and total time from request to end (streams excluded). */
export function routeTimes(requests: readonly ApiRequest[]): Record<string, { n: number; medianMs: number; totalMs: number }> {
  const groups = new Map<string, number[]>();
  for (const r of requests) {
    if (r.stream || r.end === undefined) continue;
    const list = groups.get(r.route) ?? [];
    list.push(r.end - r.t);
    groups.set(r.route, list);
  }
  const out: Record<string, { n: number; medianMs: number; totalMs: number }> = {};
  for (const [route, list] of [...groups].sort((a, b) => b[1].reduce((x, y) => x + y, 0) - a[1].reduce((x, y) => x + y, 0))) {
    const sorted = [...list].sort((a, b) => a - b);
    out[route] = {
      n: list.length,
      medianMs: Math.round(sorted[sorted.length >> 1]! * 10) / 10,
      totalMs: Math.round(list.reduce((x, y) => x + y, 0)),
    };
  }
  return out;
}

/** Splits requests into bursts: a gap longer than gapMs starts a new burst. */
export function bursts(requests: readonly ApiRequest[], gapMs: number): ApiRequest[][] {
  const out: ApiRequest[][] = [];
  let current: ApiRequest[] = [];
  for (const r of [...requests].sort((a, b) => a.t - b.t)) {
    if (current.length && r.t - current[current.length - 1]!.t > gapMs) {
      out.push(current);
      current = [];
    }
    current.push(r);
  }
  if (current.length) out.push(current);
  return out;
}
