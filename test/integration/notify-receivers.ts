// Real local receivers for the notification tests, on 127.0.0.1 only: an HTTP server that records every
// request (and can answer 500 or hang), and Debian's aiosmtpd as the SMTP server.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestContext } from 'node:test';
import { freePort } from '../testbed/fakes.ts';

export interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** Date.now() when the body was complete. */
  at: number;
}

export type Behaviour = 'ok' | 'error-500' | 'error-404' | 'hang';

export interface HttpReceiver {
  /** http://127.0.0.1:port */
  base: string;
  requests: Received[];
  behaviour: Behaviour;
  /** Connections the client closed while the receiver held them (a hanging answer abandoned). */
  abandoned: number;
  /** Resolves with the first request matching, polling the record (no timed assertion: a bound only). */
  waitFor(match: (r: Received) => boolean, timeoutMs?: number): Promise<Received>;
  close(): Promise<void>;
}

export async function startHttpReceiver(behaviour: Behaviour = 'ok'): Promise<HttpReceiver> {
  const held = new Set<ServerResponse>();
  const receiver: HttpReceiver = {
    base: '',
    requests: [],
    behaviour,
    abandoned: 0,
    async waitFor(match, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = receiver.requests.find(match);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no matching request within ${timeoutMs} ms; got ${receiver.requests.map((r) => r.path).join(', ') || 'none'}`);
        await sleep(20);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of held) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      receiver.requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      });
      if (receiver.behaviour === 'hang') {
        held.add(res);
        res.on('close', () => {
          if (held.delete(res)) receiver.abandoned++;
        });
        return;
      }
      const status = receiver.behaviour === 'error-500' ? 500 : receiver.behaviour === 'error-404' ? 404 : 200;
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status === 200 ? 'ok' : 'no');
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  receiver.base = `http://127.0.0.1:${port}`;
  return receiver;
}

/** Debian's python3 (not a pyenv or venv one): python3-aiosmtpd is installed into it. */
const DEBIAN_PYTHON = '/usr/bin/python3';

export interface SmtpReceiver {
  port: number;
  /** Everything aiosmtpd's Debugging handler printed: each message's headers and body. */
  output(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts aiosmtpd on 127.0.0.1. Missing (python3-aiosmtpd not installed): the test skips, except in CI where
 * it fails, since scripts/lib/deploy-tools.sh provisions it.
 */
export async function startSmtpReceiver(t: TestContext): Promise<SmtpReceiver | undefined> {
  const available =
    existsSync(DEBIAN_PYTHON) &&
    (await new Promise<boolean>((resolve) => {
      const probe = spawn(DEBIAN_PYTHON, ['-c', 'import aiosmtpd'], { stdio: 'ignore' });
      probe.on('error', () => resolve(false));
      probe.on('close', (code) => resolve(code === 0));
    }));
  if (!available) {
    const why = 'python3-aiosmtpd is not installed (apt-get install python3-aiosmtpd; scripts/testbed provisions it)';
    if (process.env.CI) throw new Error(why);
    t.skip(why);
    return undefined;
  }
  const port = await freePort();
  let out = '';
  const child: ChildProcess = spawn(DEBIAN_PYTHON, ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`], {
    env: { PATH: '/usr/bin:/bin', PYTHONUNBUFFERED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const receiver: SmtpReceiver = {
    port,
    output: () => out,
    async waitFor(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = pattern.exec(out);
        if (m) return m[0];
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`aiosmtpd output did not match ${pattern}: ${out.slice(-2000)}`);
        await sleep(20);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
  // Ready when it accepts a connection.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      import('node:net').then(
        ({ connect }) => {
          const s = connect(port, '127.0.0.1');
          s.once('connect', () => {
            s.destroy();
            resolve(true);
          });
          s.once('error', () => resolve(false));
        },
        () => resolve(false),
      );
    });
    if (open) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`aiosmtpd did not start: ${out}`);
    await sleep(50);
  }
  return receiver;
}
