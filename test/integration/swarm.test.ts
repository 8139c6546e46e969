// deploy/swarm/stack.yml on a real single-node swarm: `docker swarm init --advertise-addr 127.0.0.1`, the
// stack deployed with the locally built image (no registry: --resolve-image never), its one global task
// running with host networking bound to 127.0.0.1 for the test, answering /health; then `docker stack rm`
// and `docker swarm leave --force`, always (and the docker_gwbridge network swarm made, if it made it).

import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { assertTestImages, cleanupOnExit, docker, execIn, startScenario, type Scenario, stopCleanly } from '../testbed/scenarios.ts';
import { REPO } from './harness.ts';
import { assertValidReport } from './schema.ts';
import { ensureDoctorImage, freePort, httpGet, run, runOk, socketGid, until } from './deploy-harness.ts';

const STACK_FILE = path.join(REPO, 'deploy', 'swarm', 'stack.yml');
const swarmState = ((await docker.info().catch(() => undefined)) as { Swarm?: { LocalNodeState?: string } } | undefined)?.Swarm
  ?.LocalNodeState;
const skip =
  swarmState === undefined
    ? 'the Docker Engine does not answer'
    : swarmState !== 'inactive'
      ? `this engine is already in a swarm (state ${swarmState}): the test does not touch it`
      : false;

describe('Swarm: deploy/swarm/stack.yml as a global service', { skip, timeout: 300_000 }, () => {
  const stack = `ncdtest${randomBytes(3).toString('hex')}`;
  const service = `${stack}_netdata-cloud-doctor`;
  let initialized = false;
  let gwbridgeExisted = true;
  let unavailable: string | undefined;
  let agent: Scenario;
  let port: number;
  let taskId: string;
  const gid = String(socketGid());
  const needSwarm = (t: TestContext): boolean => {
    if (unavailable) t.skip(unavailable);
    return unavailable === undefined;
  };

  before(async () => {
    await assertTestImages();
    const image = await ensureDoctorImage();
    agent = await startScenario('healthy-unclaimed');
    await stopCleanly(agent.id);
    gwbridgeExisted = (await docker.listNetworks({ filters: { name: ['docker_gwbridge'] } })).some((n) => n.Name === 'docker_gwbridge');
    const init = await run('docker', ['swarm', 'init', '--advertise-addr', '127.0.0.1']);
    if (init.code !== 0) {
      unavailable = `docker swarm init --advertise-addr 127.0.0.1 failed here: ${init.stderr.trim()}`;
      return;
    }
    initialized = true;
    port = await freePort();
    await runOk('docker', ['stack', 'deploy', '--resolve-image', 'never', '-c', STACK_FILE, stack], {
      env: { DOCTOR_IMAGE: image, DOCKER_GID: gid, DOCTOR_LISTEN: `127.0.0.1:${port}`, DOCTOR_TARGETS: agent.name },
    });
    taskId = await until(
      'the task container',
      async () => {
        const [c] = await docker.listContainers({ filters: { label: [`com.docker.swarm.service.name=${service}`], status: ['running'] } });
        return c?.Id;
      },
      90_000,
      500,
    );
  });

  after(async () => {
    if (initialized) {
      await run('docker', ['stack', 'rm', stack]).catch(() => undefined);
      await until(
        "the stack's containers gone",
        async () =>
          (await docker.listContainers({ all: true, filters: { label: [`com.docker.stack.namespace=${stack}`] } })).length === 0
            ? true
            : undefined,
        30_000,
      ).catch(() => undefined);
      await run('docker', ['swarm', 'leave', '--force']);
      if (!gwbridgeExisted) {
        const net = (await docker
          .getNetwork('docker_gwbridge')
          .inspect()
          .catch(() => undefined)) as { Containers?: object } | undefined;
        if (net && Object.keys(net.Containers ?? {}).length === 0)
          await docker
            .getNetwork('docker_gwbridge')
            .remove()
            .catch(() => undefined);
      }
    }
    await cleanupOnExit();
  });

  test("one global task, from the local image, as uid 10001 with the socket's group, read-only, host network", async (t) => {
    if (!needSwarm(t)) return;
    const spec = (await docker.getService(service).inspect()) as {
      Spec: { Mode: { Global?: object; Replicated?: object }; TaskTemplate: { ContainerSpec: { Image: string } } };
    };
    assert.ok(spec.Spec.Mode.Global, 'mode: global');
    assert.equal(spec.Spec.TaskTemplate.ContainerSpec.Image, await ensureDoctorImage(), 'the local tag, not a registry digest');
    const info = await docker.getContainer(taskId).inspect();
    assert.equal(info.Config.User, `10001:${gid}`);
    assert.equal(info.HostConfig.ReadonlyRootfs, true);
    assert.equal(info.HostConfig.NetworkMode, 'host');
    assert.ok(info.Mounts.some((m) => m.Destination === '/var/run/docker.sock' && m.RW === false));
    assert.equal(info.Config.Labels?.['autoheal'], 'false');
    const nodes = await docker.listNodes();
    assert.equal(nodes.length, 1);
  });

  test("/health answers on the node (host networking) with the agent's diagnosis", async (t) => {
    if (!needSwarm(t)) return;
    await until('readyz', async () => ((await httpGet(`http://127.0.0.1:${port}/readyz`)).status === 200 ? true : undefined), 60_000, 250);
    const r = await httpGet(`http://127.0.0.1:${port}/health`);
    assert.equal(r.status, 200, r.body);
    const report = JSON.parse(r.body);
    assertValidReport(report);
    assert.deepEqual(
      report.nodes.map((n: { container: { name: string } }) => n.container.name),
      [agent.name],
    );
    assert.equal(report.nodes[0].status, 'warn');
    const metrics = await httpGet(`http://127.0.0.1:${port}/metrics`);
    assert.match(metrics.body, new RegExp(`netdata_cloud_doctor_node_state\\{node="${agent.name}",state="agent-down"\\} 1`));
  });

  test("`netdata-cloud-doctor healthcheck` inside the task container: exit 0 (the image's HEALTHCHECK is disabled in the stack)", async (t) => {
    if (!needSwarm(t)) return;
    const r = await execIn(taskId, ['netdata-cloud-doctor', 'healthcheck']);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, /^healthy: /);
    const info = await docker.getContainer(taskId).inspect();
    assert.equal(info.State.Health, undefined, 'Swarm would replace an unhealthy task: the stack disables the check');
  });

  test('docker stack rm: the task stops within its grace period', async (t) => {
    if (!needSwarm(t)) return;
    const t0 = Date.now();
    await runOk('docker', ['stack', 'rm', stack]);
    await until(
      'the task container gone',
      async () => {
        const c = await docker
          .getContainer(taskId)
          .inspect()
          .catch(() => undefined);
        return c === undefined || !c.State.Running ? true : undefined;
      },
      15_000,
      200,
    );
    assert.ok(Date.now() - t0 < 10_000, `took ${Date.now() - t0} ms`);
  });
});
