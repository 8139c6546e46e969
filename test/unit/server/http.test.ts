// The HTTP surface of serve under bad input: unknown paths, other methods, oversized and slow headers,
// and thousands of random requests on loopback, without a crash or memory growth.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createHttpServer } from '../../../src/server/http.ts';
import { Metrics } from '../../../src/server/metrics.ts';
import { diagnose, type Report } from '../../../src/diagnosis/diagnose.ts';
import { gatheredFacts, nodeFacts } from '../fixtures.ts';
import { reliability } from '../../reliability/record.ts';

/** A real collection before each heap reading, also without --expose-gc, so growth is not garbage not yet collected. */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A tiny seeded PRNG, so a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** The status line of a raw answer, or how the connection ended without one. */
const statusOf = (answer: string): string =>
  /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ??
  (answer === '' ? 'closed without an answer' : `not HTTP: ${JSON.stringify(answer.slice(0, 20))}`);

/** Raw bytes on a socket, answer (or close) back; never hangs past the timeout. */
function raw(port: number, request: string | Buffer, timeoutMs = 3_000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const done = () => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, done);
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('end', done);
    socket.on('close', done);
    socket.on('error', done);
    socket.write(request);
  });
}

describe('HTTP server under bad input', () => {
  let server: Server;
  let port: number;
  let report: Report;

  before(async () => {
    report = diagnose(gatheredFacts({ nodes: [nodeFacts()] }), { startPeriodMs: 0, releaseId: 't' }).report;
    const metrics = new Metrics();
    metrics.update(report, 0.01);
    server = createHttpServer({ report: () => report, releaseId: 't', metrics });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('unknown paths are 404, other methods 405 with Allow, HEAD has no body', async (t) => {
    const observed = reliability(t, {
      area: 'http',
      tried: 'GET /nope, DELETE /health, HEAD /health on a raw socket',
      expected: '404; 405 with Allow: GET, HEAD; HEAD answers without a body',
    });
    const unknown = await raw(port, 'GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.match(unknown, /^HTTP\/1\.1 404/);
    const post = await raw(port, 'DELETE /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.match(post, /^HTTP\/1\.1 405/);
    assert.match(post, /allow: GET, HEAD/i);
    const head = await raw(port, 'HEAD /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.match(head, /^HTTP\/1\.1 (200|503)/);
    assert.equal(head.split('\r\n\r\n')[1], '');
    observed(
      `GET /nope ${statusOf(unknown)}; DELETE /health ${statusOf(post)} (${/^allow: .*$/im.exec(post)?.[0]}); HEAD /health ${statusOf(head)} with a ${head.split('\r\n\r\n')[1]!.length}-byte body`,
    );
  });

  it('a malformed request line gets 400 and the connection is closed', async (t) => {
    const observed = reliability(t, { area: 'http', tried: 'a request line that is not HTTP', expected: '400, connection closed' });
    const answer = await raw(port, 'GARBAGE\x01 / NOT-HTTP\r\n\r\n');
    assert.match(answer, /^HTTP\/1\.1 400/);
    observed(`answer: ${statusOf(answer)}`);
  });

  it('oversized headers are refused and the connection closed', async (t) => {
    const observed = reliability(t, {
      area: 'http',
      tried: 'a request with a 64 KiB header',
      expected: '431, connection closed, nothing served',
    });
    const answer = await raw(port, `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
    assert.match(answer, /^HTTP\/1\.1 431/);
    observed(`answer: ${statusOf(answer)}`);
  });

  it('a client that never finishes its headers is cut off', async (t) => {
    const observed = reliability(t, {
      area: 'http',
      tried: 'a client sends half its headers and then nothing (slowloris)',
      expected: 'the server cuts it off well before 15 s, nothing served',
    });
    const t0 = Date.now();
    const answer = await raw(port, 'GET /health HTTP/1.1\r\nHost: x\r\n', 15_000);
    const heldMs = Date.now() - t0;
    assert.ok(heldMs < 15_000, 'the server kept the slow client');
    assert.doesNotMatch(answer, /^HTTP\/1\.1 200/);
    observed(`cut off after ${(heldMs / 1000).toFixed(1)} s; answer: ${statusOf(answer)}`);
  });

  it('thousands of random requests: no crash, the server still answers, memory does not grow', async (t) => {
    const observed = reliability(t, {
      area: 'http',
      tried: '2000 random requests (odd methods, paths, 15% random bytes), 50 at a time',
      expected: 'no crash, /livez still 200, heap growth under 16 MiB after gc',
    });
    const random = prng(42);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
    const paths = [
      '/health',
      '/health/netdata',
      '/health/%zz',
      '/livez',
      '/readyz',
      '/metrics',
      '/',
      '//health',
      '/health/../metrics',
      `/${'x'.repeat(3000)}`,
      '/health?x=1',
    ];
    const methods = ['GET', 'HEAD', 'POST', 'PUT', 'OPTIONS', 'TRACE', 'BREW', 'get'];
    gc();
    const before = process.memoryUsage().heapUsed;
    const statuses = new Map<string, number>();
    for (let batch = 0; batch < 40; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => {
          const kind = random();
          if (kind < 0.15) return raw(port, bytes(1 + Math.floor(random() * 200)), 2_000);
          return raw(port, `${pick(methods)} ${pick(paths)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 2_000);
        }),
      );
      for (const a of answers) statuses.set(statusOf(a), (statuses.get(statusOf(a)) ?? 0) + 1);
    }
    gc();
    const after = process.memoryUsage().heapUsed;
    const grown = after - before;
    const livez = await raw(port, 'GET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.match(livez, /^HTTP\/1\.1 200/);
    assert.ok(grown < 16 * 1024 * 1024, `heap grew by ${Math.round(grown / 1024 / 1024)} MiB over 2000 requests`);
    const mib = (n: number) => (n / 1024 / 1024).toFixed(1);
    const counts = [...statuses.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([s, n]) => `${s}×${n}`)
      .join(', ');
    observed(`answers: ${counts}; /livez then ${statusOf(livez)}; heap ${mib(before)} → ${mib(after)} MiB after a full gc each time`);
  });
});

describe('what each answer renders', () => {
  it('/metrics, /livez and /readyz never serialise the report; /health does, once per report', async () => {
    const base = diagnose(gatheredFacts({ nodes: [nodeFacts()] }), { startPeriodMs: 0, releaseId: 't' }).report;
    let serialised = 0;
    // JSON.stringify calls toJSON: a count of the times the report was rendered.
    const report = { ...base, toJSON: () => (serialised++, base) } as Report;
    const metrics = new Metrics();
    metrics.update(base, 0.01);
    const server = createHttpServer({ report: () => report, releaseId: 't', metrics });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const get = async (path: string) => (await fetch(`http://127.0.0.1:${port}${path}`)).status;
      assert.deepEqual([await get('/metrics'), await get('/livez'), await get('/readyz'), await get('/metrics')], [200, 200, 200, 200]);
      assert.equal(serialised, 0);
      await get('/health');
      await get('/health');
      assert.equal(serialised, 1);
    } finally {
      server.close();
    }
  });
});
