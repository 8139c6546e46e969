// FAKE Netdata Cloud endpoint for the test bed (dependency-free Node ESM): enough of app.netdata.cloud for the
// doctor's network probes (facts §5.3, CONTRACT §4 network.cloud / network.websocket). Never a real Cloud: it
// only ever listens on a test address (127.0.0.1, or a container on an --internal network under a .test name).
//
//   node server.mjs --cert server.pem --key server-key.pem [--port 0] [--host 0.0.0.0] [--mode normal]
//
// Modes (--mode or FAKE_CLOUD_MODE):
//   normal             GET / → 404 "404 page not found" (a reachable, healthy Cloud answers 404 on its root);
//                      GET /mqtt with `Upgrade: websocket` → 101 Switching Protocols, Sec-WebSocket-Accept per
//                      RFC 6455 §4.2.2, Sec-WebSocket-Protocol: mqtt; without the upgrade → 400;
//                      GET /api/v1/env → 200 env JSON; PUT /api/v1/spaces/nodes/<id> → 204 (claim accepted)
//   strip-upgrade      as normal, but like a proxy that drops the Upgrade header: /mqtt answers 400, never 101
//   strip-upgrade-200  the same, answering 200 (a proxy or captive portal serving a page instead)
//   refuse             listens nowhere (the process only idles): connections are refused
// bad-cert / wrong-name are not modes of this server: the caller gives it a certificate from an untrusted CA or
// for another name (test/testbed/fakes.ts does).
//
// Prints one line `FAKE-CLOUD listening <port>` when ready, then one JSON line per request on stdout:
// {"time","method","path","upgrade","status","remote"} — so a test can count what a client did.

import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'; // RFC 6455 §1.3

function args(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const [k, v] = a.slice(2).split('=');
      out[k] = v ?? argv[++i];
    }
  }
  return out;
}

export function websocketAccept(key) {
  return crypto.createHash('sha1').update(`${key}${WS_GUID}`).digest('base64');
}

const opts = args(process.argv.slice(2));
const mode = opts.mode ?? process.env.FAKE_CLOUD_MODE ?? 'normal';
const MODES = ['normal', 'strip-upgrade', 'strip-upgrade-200', 'refuse'];
if (!MODES.includes(mode)) {
  console.error(`fake cloud: unknown mode '${mode}' (${MODES.join(', ')})`);
  process.exit(2);
}

function record(req, status) {
  const line = {
    time: new Date().toISOString(),
    method: req.method,
    path: req.url,
    upgrade: req.headers.upgrade ?? null,
    status,
    remote: req.socket.remoteAddress ?? null,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function send(req, res, status, body, headers = {}) {
  record(req, status);
  const buf = Buffer.from(body);
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': buf.length, ...headers });
  res.end(req.method === 'HEAD' ? undefined : buf);
}

/** A raw HTTP/1.1 answer on a socket that asked for an upgrade (no 101 unless normal mode). */
function rawAnswer(socket, status, text, body, extra = []) {
  const lines = [`HTTP/1.1 ${status} ${text}`, ...extra];
  if (body !== undefined)
    lines.push('Content-Type: text/plain; charset=utf-8', `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close');
  socket.write(`${lines.join('\r\n')}\r\n\r\n${body ?? ''}`);
}

for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));

if (mode === 'refuse') {
  process.stdout.write('FAKE-CLOUD listening none (refuse)\n');
  setInterval(() => {}, 1 << 30);
} else {
  const host = opts.host ?? '0.0.0.0';
  const server = https.createServer({ cert: fs.readFileSync(opts.cert), key: fs.readFileSync(opts.key) }, (req, res) => {
    const path = new URL(req.url, 'https://x').pathname;
    if (path === '/mqtt')
      return send(req, res, mode === 'strip-upgrade-200' ? 200 : 400, mode === 'strip-upgrade-200' ? 'OK\n' : 'Bad Request\n');
    if (path === '/api/v1/env' && req.method === 'GET') {
      const origin = `https://${req.headers.host ?? 'cloud.test'}`;
      const env = {
        encoding: 'proto',
        authEndpoint: `${origin}/api/v1/auth/node/`,
        transports: [{ type: 'MQTTv5', endpoint: `wss://${req.headers.host ?? 'cloud.test'}/mqtt` }],
        backoff: { base: 2, minSeconds: 1, maxSeconds: 600 },
        capabilities: ['proto', 'ctx'],
      };
      return send(req, res, 200, JSON.stringify(env), { 'Content-Type': 'application/json' });
    }
    if (/^\/api\/v1\/spaces\/nodes\/[^/]+$/.test(path) && req.method === 'PUT') {
      req.resume();
      return req.on('end', () => send(req, res, 204, ''));
    }
    return send(req, res, 404, '404 page not found\n');
  });

  server.on('upgrade', (req, socket) => {
    socket.on('error', () => {});
    const path = new URL(req.url, 'https://x').pathname;
    const key = req.headers['sec-websocket-key'];
    const wantsWs = String(req.headers.upgrade ?? '').toLowerCase() === 'websocket';
    if (mode !== 'normal') {
      const ok = mode === 'strip-upgrade-200';
      record(req, ok ? 200 : 400);
      rawAnswer(socket, ok ? 200 : 400, ok ? 'OK' : 'Bad Request', ok ? 'OK\n' : 'Bad Request\n');
      socket.end();
      return;
    }
    if (path !== '/mqtt' || !wantsWs || !key) {
      record(req, path === '/mqtt' ? 400 : 404);
      rawAnswer(
        socket,
        path === '/mqtt' ? 400 : 404,
        path === '/mqtt' ? 'Bad Request' : 'Not Found',
        path === '/mqtt' ? 'Bad Request\n' : '404 page not found\n',
      );
      socket.end();
      return;
    }
    record(req, 101);
    const headers = [
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Accept: ${websocketAccept(key)}`,
      'Sec-WebSocket-Protocol: mqtt',
    ];
    rawAnswer(socket, 101, 'Switching Protocols', undefined, headers);
    // The MQTT session itself is out of scope: keep the connection a little, then close it (WebSocket close 1000).
    const t = setTimeout(() => socket.end(Buffer.from([0x88, 0x02, 0x03, 0xe8])), 10_000);
    socket.on('close', () => clearTimeout(t));
    socket.on('data', () => {});
  });

  server.listen(Number(opts.port ?? 0), host, () => {
    process.stdout.write(`FAKE-CLOUD listening ${server.address().port}\n`);
  });
}
