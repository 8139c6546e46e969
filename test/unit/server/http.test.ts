// The HTTP surface of serve under bad input: unknown paths, other methods, oversized and slow headers,
// and thousands of random requests on loopback, without a crash or memory growth.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createHttpServer } from '../../../src/server/http.ts';
import { Metrics } from '../../../src/server/metrics.ts';
import { diagnose, type Report } from '../../../src/diagnosis/diagnose.ts';
import { gatheredFacts, nodeFacts } from '../fixtures.ts';

/** A tiny seeded PRNG, so a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

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

  it('unknown paths are 404, other methods 405 with Allow, HEAD has no body', async () => {
    assert.match(await raw(port, 'GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), /^HTTP\/1\.1 404/);
    const post = await raw(port, 'DELETE /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.match(post, /^HTTP\/1\.1 405/);
    assert.match(post, /allow: GET, HEAD/i);
    const head = await raw(port, 'HEAD /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.match(head, /^HTTP\/1\.1 (200|503)/);
    assert.equal(head.split('\r\n\r\n')[1], '');
  });

  it('oversized headers are refused and the connection closed', async () => {
    const answer = await raw(port, `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
    assert.match(answer, /^HTTP\/1\.1 431|^$/);
  });

  it('a client that never finishes its headers is cut off', async () => {
    const t0 = Date.now();
    const answer = await raw(port, 'GET /health HTTP/1.1\r\nHost: x\r\n', 15_000);
    assert.ok(Date.now() - t0 < 15_000, 'the server kept the slow client');
    assert.doesNotMatch(answer, /^HTTP\/1\.1 200/);
  });

  it('thousands of random requests: no crash, the server still answers, memory does not grow', async () => {
    const random = prng(42);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
    const paths = ['/health', '/health/netdata', '/health/%zz', '/livez', '/readyz', '/metrics', '/', '//health', '/health/../metrics', `/${'x'.repeat(3000)}`, '/health?x=1'];
    const methods = ['GET', 'HEAD', 'POST', 'PUT', 'OPTIONS', 'TRACE', 'BREW', 'get'];
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    for (let batch = 0; batch < 40; batch++) {
      await Promise.all(Array.from({ length: 50 }, () => {
        const kind = random();
        if (kind < 0.15) return raw(port, bytes(1 + Math.floor(random() * 200)), 2_000);
        return raw(port, `${pick(methods)} ${pick(paths)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 2_000);
      }));
    }
    global.gc?.();
    const grown = process.memoryUsage().heapUsed - before;
    assert.match(await raw(port, 'GET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), /^HTTP\/1\.1 200/);
    assert.ok(grown < 64 * 1024 * 1024, `heap grew by ${Math.round(grown / 1024 / 1024)} MiB over 2000 requests`);
  });
});
