import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { identityReset } from '../../../src/agent/identity-reset.ts';
import { parseVersion } from '../../../src/agent/version.ts';

describe('identityReset (agent-vocabulary.md B)', () => {
  it('v1: the GUID file and cloud.d', () => {
    const r = identityReset(parseVersion('v1.47.5'));
    assert.deepEqual(r.remove, ['/var/lib/netdata/registry/netdata.public.unique.id', '/var/lib/netdata/cloud.d/']);
  });
  it('v2.0-v2.3.0: the same, keeping claim.conf; no status-file copies', () => {
    for (const v of ['v2.0.0', 'v2.3.0']) {
      const r = identityReset(parseVersion(v));
      assert.ok(!r.remove.some((p) => p.endsWith('status-netdata.json')), v);
      assert.deepEqual(r.keep, ['/etc/netdata/claim.conf']);
    }
  });
  it('v2.3.1+ and unknown versions: every status-netdata.json copy too', () => {
    for (const v of [parseVersion('v2.3.1'), parseVersion('v2.11.0'), undefined]) {
      const r = identityReset(v);
      for (const p of [
        '/var/lib/netdata/status-netdata.json',
        '/var/cache/netdata/status-netdata.json',
        '/tmp/status-netdata.json',
        '/run/status-netdata.json',
        '/var/run/status-netdata.json',
      ]) {
        assert.ok(r.remove.includes(p), `${v?.raw}: ${p}`);
      }
      assert.ok(r.remove.includes('/var/lib/netdata/cloud.d/'));
      assert.ok(!r.remove.includes('/etc/netdata/claim.conf'));
    }
  });
});
