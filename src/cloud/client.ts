// Netdata Cloud REST API client (CONTRACT §12, reference/netdata-cloud-api.md): the three documented calls
// that list a Space's nodes, on undici, with a Bearer token. Every failure is one typed error of a small
// taxonomy; no error message ever carries the token (it is only ever in the Authorization header, and
// every message is redacted against it besides). undici.request never follows redirects: a 3xx is a bad answer.

import type { Dispatcher } from 'undici';
import { undici } from '../network/undici.ts';
import { redactText } from '../secrets/redact.ts';
import { NodesArrayScanner, NodesShapeError } from './nodes-stream.ts';

export type CloudErrorKind = 'token-refused' | 'rate-limited' | 'server-error' | 'timeout' | 'unreachable' | 'bad-answer';

/** Base of every Cloud API failure: `kind` for code, `message` one line for people (no token, no body dump). */
export abstract class CloudApiError extends Error {
  abstract readonly kind: CloudErrorKind;
  /** The API path asked (no query, no token). */
  readonly path: string;
  constructor(path: string, message: string) {
    super(message);
    this.path = path;
  }
}

/** 401 (missing, wrong or revoked token) or 403 (the token's scope does not allow the call). */
export class CloudTokenRefusedError extends CloudApiError {
  override name = 'CloudTokenRefusedError';
  readonly kind = 'token-refused' as const;
  constructor(
    path: string,
    readonly status: number,
  ) {
    super(
      path,
      status === 403
        ? `Netdata Cloud refused the API token for ${path} (403: its scope does not allow this call)`
        : `Netdata Cloud refused the API token for ${path} (401: missing, wrong or revoked)`,
    );
  }
}

/** 429: asked to slow down; `retryAfterMs` from Retry-After when given. */
export class CloudRateLimitedError extends CloudApiError {
  override name = 'CloudRateLimitedError';
  readonly kind = 'rate-limited' as const;
  constructor(
    path: string,
    readonly retryAfterMs: number | undefined,
  ) {
    const after = retryAfterMs !== undefined ? `, retry after ${Math.round(retryAfterMs / 1000)} s` : '';
    super(path, `Netdata Cloud rate-limited ${path} (429${after})`);
  }
}

/** 5xx. */
export class CloudServerError extends CloudApiError {
  override name = 'CloudServerError';
  readonly kind = 'server-error' as const;
  constructor(
    path: string,
    readonly status: number,
    readonly retryAfterMs: number | undefined,
  ) {
    super(path, `Netdata Cloud answered ${status} for ${path} (a server error on its side)`);
  }
}

/** No complete answer within the timeout. */
export class CloudTimeoutError extends CloudApiError {
  override name = 'CloudTimeoutError';
  readonly kind = 'timeout' as const;
  constructor(
    path: string,
    readonly timeoutMs: number,
  ) {
    super(path, `Netdata Cloud did not answer ${path} within ${Math.round(timeoutMs / 100) / 10} s`);
  }
}

/** DNS, TCP or TLS failure: the API cannot be reached at all. */
export class CloudUnreachableError extends CloudApiError {
  override name = 'CloudUnreachableError';
  readonly kind = 'unreachable' as const;
  constructor(
    path: string,
    readonly code: string,
    detail: string,
  ) {
    super(path, `Netdata Cloud API unreachable for ${path}: ${code}${detail ? ` (${detail})` : ''}`);
  }
}

/** An answer that is not what netdata-cloud-api.md documents: HTML, truncated or invalid JSON, too large, another shape, a redirect. */
export class CloudBadAnswerError extends CloudApiError {
  override name = 'CloudBadAnswerError';
  readonly kind = 'bad-answer' as const;
  constructor(
    path: string,
    readonly reason: string,
  ) {
    super(path, `Netdata Cloud answered ${path} with ${reason}`);
  }
}

export interface CloudSpace {
  id: string;
  name: string;
  slug?: string;
}

export interface CloudRoom {
  id: string;
  name: string;
  /** true only for the automatic "All nodes" room. */
  untouchable: boolean;
}

/** The calls the listing needs; CloudClient is the real one, tests may give another. */
export interface CloudApi {
  spaces(): Promise<CloudSpace[]>;
  rooms(spaceId: string): Promise<CloudRoom[]>;
  /**
   * The raw entries of a room's `nodes[]`, handed to `each` one at a time as they arrive (unchecked: the listing
   * validates and compacts them); the whole list is never held. Resolves once the answer was complete.
   */
  roomNodes(spaceId: string, roomId: string, each: (node: unknown) => void): Promise<void>;
}

export interface CloudClientOptions {
  apiUrl: string;
  token: string;
  /** Whole call, headers and body (CONTRACT §12: 10 s). */
  timeoutMs?: number;
  /** Bound on the spaces and rooms answers. */
  maxBodyBytes?: number;
  /** Bound on a room's node list, streamed (a Space of 10,000 nodes with full label sets is ~17 MB). */
  maxNodesBodyBytes?: number;
  dispatcher?: Dispatcher;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BODY = 4 * 1024 * 1024;
const DEFAULT_MAX_NODES_BODY = 256 * 1024 * 1024;

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(text)) return Math.min(Number(text) * 1000, 24 * 3_600_000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.min(date - now, 24 * 3_600_000));
}

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const describeShape = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an ' + 'object' : typeof v;

export class CloudClient implements CloudApi {
  private readonly base: URL;
  private readonly timeoutMs: number;
  private readonly maxBody: number;
  private readonly maxNodesBody: number;

  constructor(private readonly options: CloudClientOptions) {
    this.base = new URL(options.apiUrl);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
    this.maxNodesBody = options.maxNodesBodyBytes ?? DEFAULT_MAX_NODES_BODY;
  }

  async spaces(): Promise<CloudSpace[]> {
    const path = '/api/v2/spaces';
    const answer = await this.call('GET', path, this.maxBody);
    if (!Array.isArray(answer)) throw new CloudBadAnswerError(path, `${describeShape(answer)} where a JSON array of Spaces was expected`);
    return answer.flatMap((s: unknown) => {
      const space = s as Record<string, unknown> | null;
      if (!space || !isString(space.id)) return [];
      const name = typeof space.name === 'string' ? space.name : space.id;
      return [{ id: space.id, name, ...(isString(space.slug) ? { slug: space.slug } : {}) }];
    });
  }

  async rooms(spaceId: string): Promise<CloudRoom[]> {
    const path = `/api/v2/spaces/${encodeURIComponent(spaceId)}/rooms`;
    const answer = await this.call('GET', path, this.maxBody);
    if (!Array.isArray(answer)) throw new CloudBadAnswerError(path, `${describeShape(answer)} where a JSON array of rooms was expected`);
    return answer.flatMap((r: unknown) => {
      const room = r as Record<string, unknown> | null;
      if (!room || !isString(room.id)) return [];
      return [{ id: room.id, name: typeof room.name === 'string' ? room.name : '', untouchable: room.untouchable === true }];
    });
  }

  async roomNodes(spaceId: string, roomId: string, each: (node: unknown) => void): Promise<void> {
    const path = `/api/v3/spaces/${encodeURIComponent(spaceId)}/rooms/${encodeURIComponent(roomId)}/nodes`;
    await this.redacted(async () => {
      const { response, signal } = await this.open('POST', path, '{}');
      const scanner = new NodesArrayScanner(each);
      await this.readBody(path, response, signal, this.maxNodesBody, (chunk) => scanner.push(chunk));
      try {
        scanner.end();
      } catch (err) {
        throw err instanceof NodesShapeError ? new CloudBadAnswerError(path, err.message) : err;
      }
    });
  }

  private async call(method: 'GET' | 'POST', path: string, maxBytes: number, body?: string): Promise<unknown> {
    return this.redacted(async () => {
      const { response, signal } = await this.open(method, path, body);
      const chunks: Buffer[] = [];
      let size = 0;
      await this.readBody(path, response, signal, maxBytes, (chunk) => {
        chunks.push(chunk);
        size += chunk.length;
      });
      const text = Buffer.concat(chunks, size).toString('utf8');
      if (/^\s*</.test(text.slice(0, 64)))
        throw new CloudBadAnswerError(path, 'HTML, not JSON (a login page, a captive portal or a ' + 'proxy?)');
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new CloudBadAnswerError(path, `invalid or truncated JSON (${text.length} bytes)`);
      }
    });
  }

  private async redacted<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      // Belt and braces: whatever a lower layer put in a message, the token does not leave.
      if (err instanceof Error) err.message = redactText(err.message, [this.options.token]);
      throw err;
    }
  }

  /** Sends the request; resolves with a 2xx answer whose body is still to read, or throws the typed error. */
  private async open(
    method: 'GET' | 'POST',
    path: string,
    body?: string,
  ): Promise<{ response: Dispatcher.ResponseData<unknown>; signal: AbortSignal }> {
    const url = new URL(path, this.base);
    // An API under a path prefix (on-prem behind a reverse proxy) keeps its prefix.
    if (this.base.pathname !== '/') url.pathname = `${this.base.pathname.replace(/\/+$/, '')}${path}`;
    const signal = AbortSignal.timeout(this.timeoutMs);
    let response: Dispatcher.ResponseData<unknown>;
    try {
      response = await undici().request(url, {
        method,
        headers: {
          authorization: `Bearer ${this.options.token}`,
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body } : {}),
        signal,
        ...(this.options.dispatcher ? { dispatcher: this.options.dispatcher } : {}),
      } as Parameters<ReturnType<typeof undici>['request']>[1]);
    } catch (err) {
      throw this.transportError(path, err, signal);
    }
    const { statusCode, headers } = response;
    if (statusCode < 200 || statusCode >= 300) {
      // The error body is not needed (and may be large or echo the request): drop it.
      discard(response.body);
      if (statusCode === 401 || statusCode === 403) throw new CloudTokenRefusedError(path, statusCode);
      if (statusCode === 429) throw new CloudRateLimitedError(path, parseRetryAfter(headers['retry-after']));
      if (statusCode >= 500) throw new CloudServerError(path, statusCode, parseRetryAfter(headers['retry-after']));
      if (statusCode >= 300 && statusCode < 400) {
        const location = String(headers.location ?? '');
        let where = 'nowhere';
        try {
          const target = new URL(location, url);
          where = target.origin === url.origin ? 'the same origin' : `another origin (${target.origin})`;
        } catch {
          /* an unreadable Location */
        }
        throw new CloudBadAnswerError(path, `a redirect (${statusCode}) to ${where}, not followed`);
      }
      throw new CloudBadAnswerError(path, `HTTP ${statusCode}`);
    }
    if (/html/i.test(String(headers['content-type'] ?? ''))) {
      discard(response.body);
      throw new CloudBadAnswerError(path, 'HTML, not JSON (a login page, a captive portal or a proxy?)');
    }
    return { response, signal };
  }

  /** Feeds the body to `take` chunk by chunk, at most maxBytes; typed errors for too large, cut off, too slow. */
  private async readBody(
    path: string,
    response: Dispatcher.ResponseData<unknown>,
    signal: AbortSignal,
    maxBytes: number,
    take: (chunk: Buffer) => void,
  ): Promise<void> {
    const length = Number(response.headers['content-length']);
    if (Number.isFinite(length) && length > maxBytes) {
      discard(response.body);
      throw new CloudBadAnswerError(path, `an answer of ${length} bytes, more than the ${maxBytes} allowed`);
    }
    let size = 0;
    try {
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBytes) throw new CloudBadAnswerError(path, `an answer larger than the ${maxBytes} bytes allowed`);
        take(chunk);
      }
    } catch (err) {
      discard(response.body);
      if (err instanceof CloudApiError) throw err;
      if (err instanceof NodesShapeError) throw new CloudBadAnswerError(path, err.message);
      if (signal.aborted) throw new CloudTimeoutError(path, this.timeoutMs);
      throw new CloudBadAnswerError(path, `an answer cut off before its end (${codeOf(err)})`);
    }
  }

  private transportError(path: string, err: unknown, signal: AbortSignal): CloudApiError {
    if (signal.aborted) return new CloudTimeoutError(path, this.timeoutMs);
    const code = codeOf(err);
    if (/TIMEOUT/i.test(code)) return new CloudTimeoutError(path, this.timeoutMs);
    const cause = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message ?? '';
    return new CloudUnreachableError(path, code, String(cause).split('\n')[0]!.slice(0, 200));
  }
}

/** Drops an answer's body; undici reports the abort as an 'error' that nobody else would listen to. */
function discard(body: Dispatcher.ResponseData<unknown>['body']): void {
  body.on('error', () => {});
  body.destroy();
}

function codeOf(err: unknown): string {
  const e = err as { code?: unknown; cause?: { code?: unknown }; name?: string };
  return String(e?.cause?.code ?? e?.code ?? e?.name ?? 'error');
}
