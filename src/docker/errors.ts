// A small error taxonomy for everything the engine can answer, so callers decide by kind, not by message.

import { socketPermissionHint } from './engine.ts';

export type DockerErrorKind = 'unreachable' | 'forbidden' | 'not-found' | 'timeout' | 'conflict' | 'api';

export class DockerError extends Error {
  override name = 'DockerError' as const;
  constructor(
    readonly kind: DockerErrorKind,
    message: string,
    readonly statusCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'EACCES',
  'EPERM',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'ENOTSOCK',
]);

/** Turn whatever dockerode/docker-modem threw into a DockerError with a one-line message. */
export function toDockerError(err: unknown, what: string): DockerError {
  if (err instanceof DockerError) return err;
  const e = err as { statusCode?: number; code?: string; message?: string; json?: { message?: string } | null; reason?: string };
  const raw = (e?.json?.message ?? e?.reason ?? e?.message ?? String(err)).toString();
  // A socket proxy answers with its own HTML page: keep the status, not the markup.
  const detail = /<html|<!DOCTYPE/i.test(raw)
    ? e?.statusCode === 403
      ? 'denied by a proxy in front of the engine'
      : 'an HTML error page'
    : raw.split('\n')[0]!.trim();
  if (typeof e?.statusCode === 'number') {
    const kind =
      e.statusCode === 403 || e.statusCode === 401
        ? 'forbidden'
        : e.statusCode === 404
          ? 'not-found'
          : e.statusCode === 409
            ? 'conflict'
            : 'api';
    return new DockerError(kind, `${what}: HTTP ${e.statusCode} ${detail}`, e.statusCode, { cause: err });
  }
  if (e?.code && UNREACHABLE_CODES.has(e.code)) {
    const socket = (err as { address?: unknown }).address;
    const hint =
      e.code !== 'EACCES'
        ? ''
        : ` (${typeof socket === 'string' && socket.startsWith('/') ? socketPermissionHint(socket) : "permission denied on the socket: add the socket's group with group_add"})`;
    return new DockerError('unreachable', `${what}: ${e.code}${hint}`, undefined, { cause: err });
  }
  if (e?.code === 'ETIMEDOUT' || /timeout/i.test(detail))
    return new DockerError('timeout', `${what}: timed out`, undefined, { cause: err });
  return new DockerError('api', `${what}: ${detail}`, undefined, { cause: err });
}

/** Bound any engine call in time: a late answer is dropped, never awaited. */
export async function withTimeout<T>(ms: number, what: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new DockerError('timeout', `${what}: no answer within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([run(controller.signal), timeout]);
  } catch (err) {
    throw toDockerError(err, what);
  } finally {
    clearTimeout(timer);
  }
}
