// healthcheck: the Docker HEALTHCHECK command. Asks the running serve for /health; exit 0 when it answers
// 200 (pass or warn), 1 for anything else: fail, no answer, timeout. Never 2, which Docker reserves.

import { undici } from '../gather/undici.ts';
import type { Config } from '../config/config.ts';
import { terminalSafe } from './human-report.ts';

const TIMEOUT_MS = 5_000;
/** Docker keeps 4 KiB of a probe's output; a report is far below this, anything above is not the doctor. */
const MAX_BODY_BYTES = 1024 * 1024;

async function boundedText(body: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error(`the answer is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The URL serve answers on, from DOCTOR_LISTEN: a wildcard address is asked on loopback. */
export function healthUrl(listen: Config['listen']): string {
  const host = listen.host === '0.0.0.0' || listen.host === '' ? '127.0.0.1' : listen.host === '::' ? '[::1]' : listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  return `http://${host}:${listen.port}/health`;
}

export async function runHealthcheck(config: Readonly<Config>, url: string | undefined, io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<number> {
  const target = url ?? healthUrl(config.listen);
  try {
    const response = await undici().request(target, { method: 'GET', headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS, signal: AbortSignal.timeout(TIMEOUT_MS) });
    const body = await boundedText(response.body);
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
