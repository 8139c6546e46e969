// The process entry: run the command, turn anything unexpected into one line, never a stack trace.

import { main } from './main.ts';

try {
  process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
} catch (err) {
  process.stderr.write(`netdata-cloud-doctor: internal error: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
  process.exitCode = 1;
}
// The command is done: a socket or timer still open somewhere must not keep the process (and a
// container's stop) waiting. Unref'd, this fires only if something else holds the event loop.
setTimeout(() => process.exit(), 1_000).unref();
