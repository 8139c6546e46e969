// Exec is read-only (CONTRACT §3): only the listed commands; nothing that changes state.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isAllowedExec } from '../../../src/docker/exec-policy.ts';

describe('isAllowedExec', () => {
  const allowed: string[][] = [
    ['netdatacli', 'aclk-state'],
    ['netdatacli', 'aclk-state', 'json'],
    ['netdatacli', 'version'],
    ['netdatacli', 'ping'],
    ['netdata', '-v'],
    ['netdata', '-V'],
    ['netdata', '-W', 'buildinfo'],
    ['cat', '/var/lib/netdata/cloud.d/claimed_id'],
    ['cat', '/etc/netdata/claim.conf'],
    ['stat', '-c', '%a:%U', '/usr/sbin/netdata-claim.sh'],
    ['getent', 'hosts', 'app.netdata.cloud'],
    ['getent', 'ahostsv4', 'mqtt.netdata.cloud'],
    ['curl', '-s', 'http://127.0.0.1:19999/api/v3/info'],
    ['curl', '-sS', '--max-time', '5', '--max-filesize', '65536', 'http://localhost:19999/api/v1/aclk'],
    ['curl', '-s', '--max-time', '5', '-o', '/dev/null', '-w', '%{http_code}', 'https://app.netdata.cloud/'],
  ];
  for (const argv of allowed) it(`allows ${argv.join(' ')}`, () => assert.equal(isAllowedExec(argv), true));

  const rejected: [string, string[]][] = [
    ['reload-claiming-state changes state', ['netdatacli', 'reload-claiming-state']],
    ['other netdatacli commands', ['netdatacli', 'write-config', 'cloud|global|enabled|yes']],
    ['netdatacli fatal-agent', ['netdatacli', 'fatal-agent']],
    ['the claim script', ['/usr/sbin/netdata-claim.sh', '-token=x', '-url=https://app.netdata.cloud']],
    ['a shell', ['sh', '-c', 'cat /var/lib/netdata/cloud.d/claimed_id']],
    ['bash', ['bash', '-lc', 'netdatacli ping']],
    ['command chaining in an argument', ['cat', '/x; rm -rf /var/lib/netdata']],
    ['chaining as separate argument', ['cat', '/x', ';', 'rm', '/y']],
    ['&& ', ['cat', '/x&&rm']],
    ['a pipe', ['cat', '/x|sh']],
    ['command substitution', ['cat', '/$(id)']],
    ['backticks', ['cat', '/`id`']],
    ['a redirection', ['cat', '/x>/etc/passwd']],
    ['a newline', ['cat', '/x\nrm /y']],
    ['a relative path', ['cat', '../etc/shadow']],
    ['two files', ['cat', '/a', '/b']],
    ['curl writing a file', ['curl', '-s', '-o', '/tmp/x', 'http://127.0.0.1:19999/']],
    ['curl POST', ['curl', '-s', '-X', 'POST', 'http://127.0.0.1:19999/api/v2/claim']],
    ['curl with a config file', ['curl', '-s', '-K', '/etc/x', 'http://127.0.0.1/']],
    ['curl of a non-http URL', ['curl', '-s', 'file:///etc/shadow']],
    ['netdata itself with other options', ['netdata', '-W', 'set', 'global', 'x', 'y']],
    ['extra argument after an allowed command', ['netdatacli', 'aclk-state', 'json', 'x']],
    ['rm', ['rm', '-rf', '/var/lib/netdata/cloud.d']],
    ['nothing', []],
  ];
  for (const [why, argv] of rejected) it(`rejects ${why}`, () => assert.equal(isAllowedExec(argv), false));
});
