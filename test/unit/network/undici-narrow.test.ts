// undici through its narrow entry points (src/network/undici.ts): nothing of undici loads until the first
// call, the index (fetch, WebSocket, mocks, caches) never does, and request/upgrade behave as the index's.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { undici } from '../../../src/network/undici.ts';

const require = createRequire(import.meta.url);
const undiciFiles = () => Object.keys(require.cache).filter((f) => f.includes('/node_modules/undici/'));

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('undici, narrow and on first use', () => {
  it('loads nothing before the first call, then only what request/upgrade/ProxyAgent need', async () => {
    assert.deepEqual(undiciFiles(), []);
    const server = createServer((req, res) => {
      res.writeHead(req.url === '/api/v1/info?x=1' ? 200 : 404, { 'content-type': 'text/plain' });
      res.end(`${req.method} ${req.url}`);
    });
    const base = await listen(server);
    try {
      const { request } = undici();
      const ok = await request(`${base}/api/v1/info?x=1`, { method: 'GET', headersTimeout: 2_000, bodyTimeout: 2_000 });
      assert.equal(ok.statusCode, 200);
      assert.equal(await ok.body.text(), 'GET /api/v1/info?x=1');
      const missing = await request(`${base}/nope`);
      assert.equal(missing.statusCode, 404);
      await missing.body.dump();
    } finally {
      server.close();
    }
    const files = undiciFiles();
    assert.ok(files.length > 0 && files.length < 60, `${files.length} undici modules loaded`);
    assert.ok(
      !files.some((f) => /node_modules\/undici\/index\.js$|\/lib\/web\/fetch\/index\.js$|\/lib\/mock\//.test(f)),
      'the index, fetch and mocks stay unloaded',
    );
  });

  it('upgrade answers with the upgraded socket, and a refused connection is an error with its code', async () => {
    const server = createServer();
    server.on('upgrade', (req, socket) => {
      socket.end(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: ${req.headers.upgrade}\r\nConnection: Upgrade\r\n\r\n`);
    });
    const base = await listen(server);
    try {
      const { socket } = await undici().upgrade(`${base}/mqtt`, {
        protocol: 'websocket',
        headers: { 'sec-websocket-version': '13' },
        signal: AbortSignal.timeout(2_000),
      });
      socket.destroy();
    } finally {
      server.close();
    }
    await assert.rejects(
      undici().request('http://127.0.0.1:1/', { headersTimeout: 2_000 }),
      (err: Error & { code?: string }) => err.code === 'ECONNREFUSED',
    );
  });
});
