// storage.persistence (CONTRACT §4): fail without a mount at /var/lib/netdata or when it is read-only; warn
// for an anonymous volume and for v2 without a persistent /etc/netdata (claim.conf). Pass otherwise.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { storagePersistence, mountHolding, isAnonymousVolume } from '../../../src/checks/storage-persistence.ts';
import type { MountFact } from '../../../src/facts/types.ts';
import { ANON_VOLUME, assertStatus, composeLabels, nodeFacts, runNodeCheck, v2NodeFacts } from '../fixtures.ts';

const volume = (name: string, destination: string, rw = true): MountFact => ({
  type: 'volume',
  name,
  source: `/var/lib/docker/volumes/${name}/_data`,
  destination,
  rw,
});
const bind = (source: string, destination: string, rw = true): MountFact => ({ type: 'bind', source, destination, rw });
const run = (mounts: MountFact[], over: Parameters<typeof nodeFacts>[0] = {}) =>
  runNodeCheck(storagePersistence, nodeFacts({ ...over, container: { ...over.container, mounts } }));

describe('storage.persistence', () => {
  it('pass: the named volume netdatalib', () => {
    const f = run([volume('netdatalib', '/var/lib/netdata')]);
    assertStatus(f, 'pass');
    assert.equal(f.summary, '/var/lib/netdata is on volume netdatalib');
  });

  it('pass: a bind mount', () => {
    const f = run([bind('/srv/netdata/lib', '/var/lib/netdata')]);
    assertStatus(f, 'pass');
    assert.equal(f.summary, '/var/lib/netdata is on bind mount /srv/netdata/lib');
  });

  it('pass: a volume on a parent directory holds it', () => {
    const f = run([volume('varlib', '/var/lib')]);
    assertStatus(f, 'pass');
    assert.equal(f.summary, '/var/lib/netdata is on volume varlib (at /var/lib)');
  });

  it('fail: no mount, docker run remedy with the volume to add and the recreate command', () => {
    const f = run([volume('netdataconfig', '/etc/netdata')], { container: { name: 'nd' } });
    assertStatus(f, 'fail');
    assert.equal(f.summary, '/var/lib/netdata is not on a volume: every recreate makes a new node that must claim again');
    assert.match(f.remedy!, /^Move \/var\/lib\/netdata to the named volume nd-netdata-lib with the steps: they stop nd, copy/);
    assert.match(f.remedy!, /from its own docker run line/);
    assert.deepEqual(
      f.steps.slice(0, 2).map((s) => s.run),
      ['docker stop nd', 'docker volume create nd-netdata-lib'],
    );
    assert.match(f.steps.at(-2)!.run, /-v nd-netdata-lib:\/var\/lib\/netdata/);
    // Without inspect (no spec) the text alone says what to add.
    const bare = run([volume('netdataconfig', '/etc/netdata')], { container: { name: 'nd', spec: undefined } });
    assert.match(bare.remedy!, /^Add -v netdatalib:\/var\/lib\/netdata to docker run/);
    assert.match(bare.remedy!, /docker rm -f nd/);
  });

  it('fail: no mount, compose remedy names the service', () => {
    const f = run([], { container: { labels: composeLabels('agent') } });
    assertStatus(f, 'fail');
    assert.match(f.remedy!, /through its compose file/);
    assert.ok(
      f.steps.some((s) => s.where === 'compose' && /netdata-netdata-lib:\/var\/lib\/netdata/.test(s.run)),
      JSON.stringify(f.steps),
    );
    assert.match(f.steps.at(-1)!.run, /docker compose -p monitoring .*up -d --force-recreate agent/);
  });

  it('fail: a mount at /var/lib/netdata-old is not /var/lib/netdata', () => {
    assertStatus(run([volume('x', '/var/lib/netdata-old')]), 'fail');
  });

  it('fail: read-only volume, naming it', () => {
    const f = run([volume('netdatalib', '/var/lib/netdata', false)]);
    assertStatus(f, 'fail');
    assert.equal(f.summary, '/var/lib/netdata is read-only (volume netdatalib): the agent cannot save its GUID or claim');
    assert.match(f.remedy!, /Remove ":ro"/);
  });

  it('fail: the deepest mount decides (a read-only one on top of a writable parent)', () => {
    const f = run([volume('varlib', '/var/lib'), bind('/srv/ro', '/var/lib/netdata', false)]);
    assertStatus(f, 'fail');
    assert.match(f.summary, /bind mount \/srv\/ro/);
  });

  it('warn: anonymous volume', () => {
    const f = run([volume(ANON_VOLUME, '/var/lib/netdata')]);
    assertStatus(f, 'warn');
    assert.match(f.summary, /anonymous volume: it survives restarts but not "docker compose down"/);
    assert.match(
      f.remedy!,
      /^Move \/var\/lib\/netdata to the named volume netdata-netdata-lib .*from the anonymous volume, which is left as it is/,
    );
  });

  it('warn: v2 without a persistent /etc/netdata', () => {
    const f = runNodeCheck(storagePersistence, v2NodeFacts({ container: { mounts: [volume('netdatalib', '/var/lib/netdata')] } }));
    assertStatus(f, 'warn');
    assert.equal(f.summary, '/var/lib/netdata is persistent, but /etc/netdata (claim.conf) is not');
    assert.match(f.remedy!, /^Mount a named volume at \/etc\/netdata: the steps create netdata-netdata-config/);
    assert.match(f.steps.at(-2)!.run, /-v netdata-netdata-config:\/etc\/netdata/);
  });

  it('warn: v2 without /etc/netdata, compose', () => {
    const f = runNodeCheck(
      storagePersistence,
      v2NodeFacts({ container: { labels: composeLabels('agent'), mounts: [volume('netdatalib', '/var/lib/netdata')] } }),
    );
    assertStatus(f, 'warn');
    assert.match(f.remedy!, /through its compose file/);
    assert.ok(
      f.steps.some((s) => s.where === 'compose' && /netdata-netdata-config:\/etc\/netdata/.test(s.run)),
      JSON.stringify(f.steps),
    );
  });

  it('pass: v2 with both volumes', () => {
    assertStatus(runNodeCheck(storagePersistence, v2NodeFacts()), 'pass');
  });

  it('pass: v1 does not need /etc/netdata', () => {
    assertStatus(run([volume('netdatalib', '/var/lib/netdata')]), 'pass');
  });

  // A tmpfs is a mount, but it is emptied on every stop: the GUID and the claim are lost like without one.
  it('not pass: a tmpfs at /var/lib/netdata is not persistent', () => {
    const f = run([{ type: 'tmpfs', source: '', destination: '/var/lib/netdata', rw: true }]);
    assert.notEqual(f.status, 'pass', f.summary);
  });

  it('mountHolding and isAnonymousVolume', () => {
    const mounts = [volume('root', '/'), volume('lib', '/var/lib'), volume('nd', '/var/lib/netdata')];
    assert.equal(mountHolding(mounts, '/var/lib/netdata')?.name, 'nd');
    assert.equal(mountHolding(mounts, '/etc/netdata')?.name, 'root');
    assert.equal(mountHolding([], '/var/lib/netdata'), undefined);
    assert.equal(isAnonymousVolume(volume(ANON_VOLUME, '/x')), true);
    assert.equal(isAnonymousVolume(volume('netdatalib', '/x')), false);
    assert.equal(isAnonymousVolume(bind('/' + 'a'.repeat(64), '/x')), false);
  });
});
