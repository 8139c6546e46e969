// Auto discovery (CONTRACT §3): label, opt-out, image/OCI title, and the container named "netdata".
// Runs alone (the suite runs files one at a time), since auto mode sees every container on the engine.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertTestImages, cleanupOnExit, docker, IMAGES, RUN_ID, startScenario, TEST_LABEL, type Scenario } from '../testbed/scenarios.ts';
import { diagnoseTargets } from './harness.ts';

const names = (d: Awaited<ReturnType<typeof diagnoseTargets>>) => d.report.nodes.map((n) => n.container.name);

describe('agent discovery (real engine)', () => {
  let plain: Scenario;
  let optedOut: Scenario;

  before(async () => {
    await assertTestImages();
    [plain, optedOut] = await Promise.all([
      startScenario('stopped-by-user'),
      startScenario('stopped-by-user', { labels: { 'netdata-cloud-doctor.enable': 'false' } }),
    ]);
  });
  after(cleanupOnExit);

  test('by image (OCI title "Netdata Agent"), stopped containers included, opt-out excluded', async () => {
    const d = await diagnoseTargets('auto');
    assert.ok(names(d).includes(plain.name), names(d).join(','));
    assert.ok(!names(d).includes(optedOut.name));
    const discovery = d.report.checks['agent.discovery']![0]!;
    assert.equal(discovery.componentId, 'docker');
    assert.match(discovery.output, /by image/);
  });

  test('a label wins over image matching', async () => {
    const labelled = await startScenario('stopped-by-user', { labels: { 'netdata-cloud-doctor.enable': 'true' } });
    const d = await diagnoseTargets('auto');
    assert.deepEqual(names(d), [labelled.name]);
    await docker.getContainer(labelled.id).remove({ force: true });
  });

  test('explicit targets by name, ID prefix and compose service', async () => {
    const service = await startScenario('stopped-by-user', { labels: { 'com.docker.compose.service': `svc-${RUN_ID}` } });
    const d = await diagnoseTargets([plain.name, optedOut.id.slice(0, 12), `svc-${RUN_ID}`]);
    assert.deepEqual(names(d).sort(), [plain.name, optedOut.name, service.name].sort());
    assert.match(d.finding(service.name, 'agent.running').remedy ?? '', new RegExp(`docker compose up -d svc-${RUN_ID}`));
  });

  test('the container named "netdata" when nothing else matches', async (t) => {
    const existing = await docker.listContainers({ all: true, filters: { name: ['^/netdata$'] } });
    if (existing.length > 0) return t.skip('a container named netdata already exists on this engine');
    // Everything else that auto mode would pick is removed first.
    await cleanupOnExit();
    const others = await docker.listContainers({ all: true, filters: { label: ['org.opencontainers.image.title=Netdata Agent'] } });
    if (others.length > 0) return t.skip('other Netdata Agent containers exist on this engine');
    const c = await docker.createContainer({
      name: 'netdata',
      Image: IMAGES.base,
      Cmd: ['sleep', '300'],
      Labels: { [TEST_LABEL]: RUN_ID },
      HostConfig: { NetworkMode: 'none' },
    });
    await c.start();
    const d = await diagnoseTargets('auto');
    assert.deepEqual(names(d), ['netdata']);
    assert.match(d.report.checks['agent.discovery']![0]!.output, /by name/);
  });
});
