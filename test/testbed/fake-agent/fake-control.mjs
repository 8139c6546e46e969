// Test-only control of a running fake agent (not part of any real image layout; lives in /usr/lib/netdata-fake):
//   node /usr/lib/netdata-fake/fake-control.mjs state                 → JSON: current state, fixture, identity
//   node /usr/lib/netdata-fake/fake-control.mjs set-state <state>     → switch now (logged like a real change)
//   node /usr/lib/netdata-fake/fake-control.mjs set-children <json>   → a parent's streaming children
//   node /usr/lib/netdata-fake/fake-control.mjs set-hostile <mode|none> → FAKE_AGENT_HOSTILE, now
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [cmd, ...args] = process.argv.slice(2);
const map = {
  state: '__fake_state',
  'set-state': '__fake_set_state',
  'set-children': '__fake_set_children',
  'set-hostile': '__fake_set_hostile',
};
if (!map[cmd]) {
  process.stderr.write('usage: fake-control.mjs state | set-state <state> | set-children <json> | set-hostile <mode|none>\n');
  process.exit(2);
}
const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), 'netdatacli.mjs');
const r = spawnSync(process.execPath, [cli, map[cmd], ...args], { stdio: 'inherit' });
process.exit(r.status ?? 1);
