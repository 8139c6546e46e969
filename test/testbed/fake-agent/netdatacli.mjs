// FAKE /usr/sbin/netdatacli: sends its arguments to the fake daemon's pipe (where the real agent's pipe is:
// v2.3+ /run/netdata/netdata.pipe, v1 /tmp/netdata-ipc; NETDATA_PIPENAME overrides) and prints the answer.
// With the agent down it prints what the real netdatacli prints and exits 255.
import net from 'node:net';
import path from 'node:path';
import { GENERATIONS, generation } from './server.mjs';

const gen = generation();
const root = process.env.FAKE_AGENT_FS_ROOT ?? '/';
const pipe = process.env.NETDATA_PIPENAME || path.join(root, GENERATIONS[gen].pipe.slice(1));
const argv = process.argv.slice(2);

const down = (err) => {
  if (gen === 'v1')
    process.stderr.write(
      `uv_pipe_connect(): ${err?.code === 'ECONNREFUSED' ? 'connection refused' : 'no such file or directory'}\nMake sure the netdata service is running.\n`,
    );
  else process.stderr.write(`Cannot connect to '${pipe}'.\nMake sure the netdata service is running.\n`);
  process.exit(255);
};

if (argv.length === 0) {
  process.stderr.write('No command given. Please type "help" for instructions.\n');
  process.exit(1);
}
const sock = net.connect(pipe);
let buf = '';
sock.setEncoding('utf8');
sock.on('connect', () => sock.write(`${JSON.stringify({ argv })}\n`));
sock.on('data', (d) => (buf += d));
sock.on('error', down);
sock.on('end', () => {
  let reply;
  try {
    reply = JSON.parse(buf);
  } catch {
    down();
    return;
  }
  if (reply.stdout) process.stdout.write(reply.stdout);
  if (reply.stderr) process.stderr.write(reply.stderr);
  process.exitCode = reply.code;
});
