// The engine's X-Docker-Container-Path-Stat header (HEAD /containers/{id}/archive), as Docker Engine 20.10
// answered it for the test images' claim script and for a merged-/usr link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statFromPathStat } from '../../../src/docker/dockerode-client.ts';

const header = (stat: object) => Buffer.from(JSON.stringify(stat)).toString('base64');

test('an executable file keeps its permission bits', () => {
  const stat = statFromPathStat(
    header({ name: 'netdata-claim.sh', size: 15633, mode: 493, mtime: '2023-01-17T17:56:13Z', linkTarget: '' }),
  );
  assert.deepEqual(stat, { kind: 'file', mode: 0o755, size: 15633 });
});

test('a file without execute bits is a file of mode 0644', () => {
  assert.deepEqual(statFromPathStat(header({ name: 'netdata-claim.sh', size: 15633, mode: 420, linkTarget: '' })), {
    kind: 'file',
    mode: 0o644,
    size: 15633,
  });
});

test("Go's directory bit (1 << 31) makes a directory, its permissions kept", () => {
  const stat = statFromPathStat(header({ name: 'netdata-claim.sh', size: 4096, mode: 2147484141, linkTarget: '' }));
  assert.deepEqual(stat, { kind: 'directory', mode: 0o755, size: 4096 });
});

test('a symbolic link carries its target', () => {
  const stat = statFromPathStat(header({ name: 'bin', size: 7, mode: 134218239, linkTarget: '/usr/bin' }));
  assert.deepEqual(stat, { kind: 'symlink', mode: 0o777, size: 7, linkTarget: '/usr/bin' });
});

test('setuid, setgid and sticky map to their Unix bits; a named pipe is other', () => {
  assert.equal(statFromPathStat(header({ mode: 2 ** 23 + 0o755 }))?.mode, 0o4755);
  assert.equal(statFromPathStat(header({ mode: 2 ** 22 + 2 ** 20 + 0o700 }))?.mode, 0o3700);
  assert.equal(statFromPathStat(header({ mode: 2 ** 25 + 0o600 }))?.kind, 'other');
});

test('a header that is not base64 JSON with an integer mode is unreadable', () => {
  for (const bad of [
    '',
    '!!!',
    Buffer.from('null').toString('base64'),
    header({ mode: '493' }),
    header({ mode: -1 }),
    header({ mode: 2 ** 33 }),
  ]) {
    assert.equal(statFromPathStat(bad), undefined, bad);
  }
});
