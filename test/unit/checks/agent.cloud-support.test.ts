// agent.cloud-support (CONTRACT §4): fail when built without Cloud/ACLK or Cloud is disabled by config;
// warn when there is no source to be sure; pass otherwise.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { agentCloudSupport } from '../../../src/checks/agent-cloud-support.ts';
import { readFailed, readOk } from '../../../src/facts/types.ts';
import {
  DEBIAN_1_37_1_BUILDINFO,
  OFFICIAL_BUILDINFO,
  V2_CLOUD_CONF,
  assertStatus,
  claimEnv,
  logLines,
  logsOk,
  nodeFacts,
  runNodeCheck,
  v2NodeFacts,
} from '../fixtures.ts';

const run = (over: Parameters<typeof nodeFacts>[0]) => runNodeCheck(agentCloudSupport, nodeFacts(over));

describe('agent.cloud-support', () => {
  it('fail: the Debian 1.37.1 build (Netdata Cloud: NO (by user request), ACLK: NO)', () => {
    const f = run({
      container: { image: 'debian-netdata:1.37.1' },
      exec: { netdataVersion: readOk('netdata v1.37.1'), buildinfo: readOk(DEBIAN_1_37_1_BUILDINFO) },
    });
    assertStatus(f, 'fail');
    assert.match(f.summary, /built without Netdata Cloud support/);
    assert.deepEqual(
      (f.evidence.buildinfo!.value as string[]).map((l) => l.replace(/\s+/g, ' ')),
      ['Netdata Cloud: NO (by user request)', 'ACLK: NO'],
    );
    assert.match(f.remedy!, /netdata\/netdata:stable/);
    assert.match(f.remedy!, /recreate netdata with the change \(the steps below\)/);
  });

  it('fail: only the ACLK line says NO', () => {
    const f = run({ exec: { buildinfo: readOk('Features:\n    Netdata Cloud:              YES\n    ACLK:                       NO\n') } });
    assertStatus(f, 'fail');
  });

  it("fail: the claim script says the agent was built with --disable-cloud (the testbed's 1.37.1 exit 3)", () => {
    const f = run({
      container: { status: 'exited', exitCode: 3, image: 'debian-netdata:1.37.1', env: claimEnv() },
      logs: logsOk(logLines('This agent was built with --disable-cloud and cannot be claimed')),
    });
    assertStatus(f, 'fail');
    assert.match(f.summary, /claim script says the agent was built without Netdata Cloud support/);
  });

  it('fail: the claim script says the dependencies for Cloud are missing', () => {
    const f = run({ logs: logsOk(logLines('This agent was built without the dependencies for Cloud and cannot be claimed')) });
    assertStatus(f, 'fail');
  });

  it('fail: NETDATA_DISABLE_CLOUD=1 on v1.37+ names the variable and the container', () => {
    const f = run({ container: { name: 'nd', env: { NETDATA_DISABLE_CLOUD: '1' } } });
    assertStatus(f, 'fail');
    assert.equal(f.summary, 'Netdata Cloud is disabled by NETDATA_DISABLE_CLOUD=1');
    assert.match(f.remedy!, /Remove NETDATA_DISABLE_CLOUD from nd's environment/);
    assert.deepEqual(f.evidence.NETDATA_DISABLE_CLOUD, { value: '1', source: 'inspect Config.Env' });
  });

  it('pass: NETDATA_DISABLE_CLOUD=0 or empty does not disable', () => {
    assertStatus(run({ container: { env: { NETDATA_DISABLE_CLOUD: '0' } } }), 'pass');
    assertStatus(run({ container: { env: { NETDATA_DISABLE_CLOUD: '' } } }), 'pass');
  });

  it('pass: NETDATA_DISABLE_CLOUD before v1.37 (not read) and on v2 (switch removed)', () => {
    assertStatus(run({ container: { image: 'netdata/netdata:v1.36.1', env: { NETDATA_DISABLE_CLOUD: '1' } } }), 'pass');
    assertStatus(runNodeCheck(agentCloudSupport, v2NodeFacts({ container: { env: { NETDATA_DISABLE_CLOUD: '1' } } })), 'pass');
  });

  it('fail: cloud.conf "enabled = no" on v1 names the volume', () => {
    const f = run({ files: { cloudConf: readOk('[global]\n  enabled = no\n  cloud base url = https://app.netdata.cloud\n') } });
    assertStatus(f, 'fail');
    assert.equal(f.summary, 'Netdata Cloud is disabled in cloud.conf (enabled = no)');
    assert.match(f.remedy!, /in the volume netdatalib/);
    assert.match(f.remedy!, /restart netdata/);
  });

  it('pass: v2 ignores "enabled" in cloud.conf', () => {
    const f = runNodeCheck(agentCloudSupport, v2NodeFacts({ files: { cloudConf: readOk(`${V2_CLOUD_CONF}\tenabled = no\n`) } }));
    assertStatus(f, 'pass');
  });

  it('pass: buildinfo says YES', () => {
    const f = run({ container: { image: 'custom/netdata:1' }, exec: { buildinfo: readOk(OFFICIAL_BUILDINFO) } });
    assertStatus(f, 'pass');
    assert.equal(f.summary, 'built with Netdata Cloud support');
  });

  it('pass: the official image without buildinfo is inferred', () => {
    const f = run({ container: { image: 'docker.io/netdata/netdata:stable' } });
    assertStatus(f, 'pass');
    assert.equal(f.evidence.image!.source, 'inference: official image');
  });

  it('warn: an unknown image without buildinfo cannot be judged, and says how to check', () => {
    const f = run({
      container: { image: 'acme/monitoring:3', name: 'mon' },
      exec: { buildinfo: readFailed('netdata -W buildinfo exited 127: not found') },
    });
    assertStatus(f, 'warn');
    assert.equal(f.summary, 'cannot tell whether acme/monitoring:3 supports Netdata Cloud');
    assert.match(f.remedy!, /docker exec mon netdata -W buildinfo/);
    assert.equal(f.evidence.buildinfo!.value, 'netdata -W buildinfo exited 127: not found');
  });

  it('warn: an unknown image with exec unavailable reports why', () => {
    const f = run({ container: { image: 'acme/monitoring:3' } });
    assertStatus(f, 'warn');
    assert.equal(f.evidence.buildinfo!.value, 'exec disabled (DOCTOR_EXEC=never)');
  });
});
