// The baseline for the serving benchmark: a bare node:http server that answers every request with the bytes
// the doctor's /health answered (status, content-type, cache-control, content-length, body), precomputed.
//   node bare-server.mjs <port> <status> <content-type> <cache-control> <body file>
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [port, status, type, cacheControl, file] = process.argv.slice(2);
const body = readFileSync(file);
const headers = { 'content-type': type, 'cache-control': cacheControl, 'content-length': body.length };
createServer({ keepAliveTimeout: 5_000 }, (req, res) => {
  res.writeHead(Number(status), headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}).listen(Number(port), '127.0.0.1', () => process.stdout.write('listening\n'));
