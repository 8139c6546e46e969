// host.seccomp. Old Docker/libseccomp hosts answer EPERM (not ENOSYS) for syscalls their profile does not
// know, so libc's fallback never runs and `[ -w / ]` is false even for root (facts §6). A profile that
// returns EPERM for faccessat2 reproduces exactly that on this engine: run.sh prints its real warning
// on a writable rootfs. A read-only rootfs prints the same warning for an innocent reason.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  assertTestImages,
  cleanupOnExit,
  docker,
  IMAGES,
  RUN_ID,
  startScenario,
  TEST_LABEL,
  waitForAgentApi,
  waitForLog,
  type Scenario,
} from '../testbed/scenarios.ts';
import { diagnoseTargets, statusOf, type Diagnosed } from './harness.ts';

const OLD_HOST_PROFILE = JSON.stringify({
  defaultAction: 'SCMP_ACT_ALLOW',
  syscalls: [{ names: ['faccessat2'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 }],
});
const WARNING = /This Docker host appears to not properly support newer stat system calls/;

async function startOldHostAgent(): Promise<{ id: string; name: string }> {
  const name = `ncd-seccomp-${randomBytes(3).toString('hex')}`;
  const container = await docker.createContainer({
    name,
    Image: IMAGES.v1,
    Env: ['DO_NOT_TRACK=1'],
    Labels: { [TEST_LABEL]: RUN_ID },
    HostConfig: { NetworkMode: 'none', SecurityOpt: [`seccomp=${OLD_HOST_PROFILE}`], Binds: [`${name}-lib:/var/lib/netdata`] },
  });
  await container.start();
  return { id: container.id, name };
}

describe('host.seccomp (real seccomp profile)', () => {
  let oldHost: { id: string; name: string };
  let readOnly: Scenario;
  let normal: Scenario;
  let d: Diagnosed;

  before(async () => {
    await assertTestImages();
    [oldHost, readOnly, normal] = await Promise.all([
      startOldHostAgent(),
      startScenario('seccomp-warning'),
      startScenario('healthy-unclaimed'),
    ]);
    await waitForAgentApi(oldHost.id);
    await waitForLog(oldHost.id, WARNING);
    d = await diagnoseTargets([oldHost.name, readOnly.name, normal.name]);
  });
  after(async () => {
    await cleanupOnExit();
    await docker
      .getVolume(`${oldHost?.name}-lib`)
      .remove()
      .catch(() => undefined);
  });

  test('the warning on a writable rootfs, v1, unclaimed: fail', () => {
    const f = d.finding(oldHost.name, 'host.seccomp');
    assert.equal(f.status, 'fail', statusOf(f));
    assert.match(f.remedy ?? '', /libseccomp/);
  });

  test('the warning explained by a read-only rootfs: pass', () => {
    const f = d.finding(readOnly.name, 'host.seccomp');
    assert.equal(f.status, 'pass', statusOf(f));
    assert.match(f.summary, /read-only/);
  });

  test('no warning on a current engine: pass', () => {
    const f = d.finding(normal.name, 'host.seccomp');
    assert.equal(f.status, 'pass', statusOf(f));
  });
});
