// healthcheck: the Docker HEALTHCHECK command. Asks the running serve for /health; exit 0 when it answers
// 200 (pass or warn), 1 for anything else: fail, no answer, timeout. Never 2, which Docker reserves.

import { readBodyBounded, undici } from '../network/undici.ts';
import type { Config } from '../config/config.ts';
import { terminalSafe } from './human-report.ts';

const TIMEOUT_MS = 5_000;
/** A report is a few kilobytes per node: an answer above 1 MiB is not the doctor talking. */
const MAX_BODY_BYTES = 1024 * 1024;

/** The URL serve answers on, from DOCTOR_LISTEN: a wildcard address is asked on loopback. */
export function healthUrl(listen: Config['listen']): string {
  const host =
    listen.host === '0.0.0.0' || listen.host === ''
      ? '127.0.0.1'
      : listen.host === '::'
        ? '[::1]'
        : listen.host.includes(':')
          ? `[${listen.host}]`
          : listen.host;
  return `http://${host}:${listen.port}/health`;
}

export async function runHealthcheck(
  config: Readonly<Config>,
  url: string | undefined,
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<number> {
  const target = url ?? healthUrl(config.listen);
  try {
    const response = await undici().request(target, {
      method: 'GET',
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = await readBodyBounded(response.body, MAX_BODY_BYTES);
    let output = '';
    try {
      output = String((JSON.parse(body) as { output?: unknown }).output ?? '');
    } catch {
      output = body.slice(0, 200);
    }
    io.stdout.write(`${response.statusCode === 200 ? 'healthy' : 'unhealthy'}: ${terminalSafe(output)}\n`);
    return response.statusCode === 200 ? 0 : 1;
  } catch (err) {
    io.stderr.write(`netdata-cloud-doctor: no answer from ${target}: ${(err as Error).message}\n`);
    return 1;
  }
}
