// The doctor's Docker image as users run it: built by scripts/image (offline, on the local Node 24 base),
// run read-only as its non-root user with the socket and group_add, its own HEALTHCHECK (interval 1 s here)
// following a real agent: healthy while the agent is stopped by the user (warn), unhealthy while it runs
// (this test bed's agents are built without Cloud: a running one always fails), and back.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  assertTestImages,
  cleanupOnExit,
  docker,
  execIn,
  readLogs,
  startScenario,
  waitForAgentApi,
  CLAIM_TOKEN,
  RUN_ID,
  TEST_LABEL,
  type Scenario,
  stopCleanly,
} from '../testbed/scenarios.ts';
import { REPO } from './harness.ts';
import { DOCKER_SOCKET, ensureDoctorImage, freePort, httpGet, run, socketGid, until, waitForHealth } from './deploy-harness.ts';
import { assertValidReport } from './schema.ts';

const PKG = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string; license: string };

describe('image: Dockerfile + scripts/image, run as users run it', { timeout: 600_000 }, () => {
  let image: string;
  let agent: Scenario;
  let doctorId: string;
  let port: number;
  const gid = socketGid();

  before(async () => {
    await assertTestImages();
    image = await ensureDoctorImage();
    // An agent with a claim token in its environment (so the logs can be searched for it), stopped by the user:
    // the doctor's first verdict is warn, which ends the image's 30 s start period at once.
    agent = await startScenario('claim-token-no-url');
    await stopCleanly(agent.id);
    port = await freePort();
    const container = await docker.createContainer({
      name: `ncd-doctor-image-${randomBytes(3).toString('hex')}`,
      Image: image,
      Labels: { [TEST_LABEL]: RUN_ID },
      Env: [`DOCTOR_LISTEN=127.0.0.1:${port}`, `DOCTOR_TARGETS=${agent.name}`, 'DOCTOR_START_PERIOD=0s'],
      // Only the interval is overridden: the command, timeout, start period and retries come from the image.
      Healthcheck: { Interval: 1_000_000_000 },
      HostConfig: {
        // Host networking, bound to loopback: the test reads /health, nothing else can.
        NetworkMode: 'host',
        ReadonlyRootfs: true,
        GroupAdd: [String(gid)],
        Binds: [`${DOCKER_SOCKET}:${DOCKER_SOCKET}:ro`],
        CapDrop: ['ALL'],
        SecurityOpt: ['no-new-privileges:true'],
      },
    });
    doctorId = container.id;
    await container.start();
  });

  after(async () => {
    if (doctorId)
      await docker
        .getContainer(doctorId)
        .remove({ force: true })
        .catch(() => undefined);
    await cleanupOnExit();
  });

  test('image metadata: non-root user, entrypoint on PATH, HEALTHCHECK, STOPSIGNAL, port, OCI labels', async (t) => {
    const info = await docker.getImage(image).inspect();
    const c = info.Config;
    assert.equal(c.User, '10001:10001');
    assert.deepEqual(c.Entrypoint, ['netdata-cloud-doctor']);
    assert.deepEqual(c.Cmd, ['serve']);
    assert.deepEqual(c.Healthcheck, {
      Test: ['CMD', 'netdata-cloud-doctor', 'healthcheck'],
      Interval: 30e9,
      Timeout: 6e9,
      StartPeriod: 30e9,
      Retries: 3,
    });
    assert.equal((c as { StopSignal?: string }).StopSignal, 'SIGTERM');
    assert.deepEqual(Object.keys(c.ExposedPorts ?? {}), ['19998/tcp']);
    const labels = c.Labels ?? {};
    assert.equal(labels['org.opencontainers.image.title'], 'netdata-cloud-doctor');
    assert.match(labels['org.opencontainers.image.description'] ?? '', /Netdata Cloud/);
    assert.match(labels['org.opencontainers.image.source'] ?? '', /^https:\/\//);
    assert.equal(labels['org.opencontainers.image.licenses'], PKG.license);
    assert.equal(labels['org.opencontainers.image.version'], PKG.version);
    assert.equal(labels['ncd-test.recipe'], undefined, "the test bed's recipe label must not leak into the image");
    t.diagnostic(`image ${image}: ${(info.Size / 1e6).toFixed(0)} MB`);
  });

  test('image content: compiled JS and production dependencies only, no sources, no curl, --version', async () => {
    const script = [
      'test -f /app/dist/cli/run.js',
      'test ! -e /app/src',
      'test ! -e /app/test',
      'test -f /app/package.json',
      'test -f /app/docs/checks.md',
      'test -d /app/node_modules/dockerode',
      'test ! -e /app/node_modules/typescript',
      'test ! -e /app/node_modules/tsx',
      'test ! -e /app/node_modules/testcontainers',
      '! command -v curl',
      '! command -v wget',
      'test ! -w /app',
    ].join(' && ');
    const r = await run('docker', [
      'run',
      '--rm',
      '--network',
      'none',
      '--read-only',
      '--entrypoint',
      '/bin/sh',
      image,
      '-c',
      `set -e; ${script}; echo ok`,
    ]);
    assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
    const v = await run('docker', ['run', '--rm', '--network', 'none', '--read-only', image, '--version']);
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stdout, new RegExp(PKG.version.replace(/\./g, '\\.')));
  });

  test("runs as uid 10001 with the socket's group, read-only, and answers on DOCTOR_LISTEN", async () => {
    await until('readyz', async () => ((await httpGet(`http://127.0.0.1:${port}/readyz`)).status === 200 ? true : undefined), 30_000);
    const status = await execIn(doctorId, ['cat', '/proc/1/status']);
    const uid = /^Uid:\s+(\d+)\s+(\d+)/m.exec(status.stdout);
    assert.deepEqual([uid?.[1], uid?.[2]], ['10001', '10001'], status.stdout);
    const groups = /^Groups:\s*(.*)$/m.exec(status.stdout)?.[1]?.trim().split(/\s+/) ?? [];
    assert.ok(groups.includes(String(gid)), `PID 1 groups ${groups.join(',')} lack the socket's ${gid}`);
    const write = await execIn(doctorId, ['/bin/sh', '-c', 'touch /app/x 2>&1 || touch /tmp/x 2>&1; echo rc=$?']);
    assert.match(write.stdout, /Read-only file system/);
    const info = await docker.getContainer(doctorId).inspect();
    assert.equal(info.Config.User, '10001:10001');
  });

  test('Docker health: healthy while the only agent is stopped by the user (warn)', async () => {
    await waitForHealth(doctorId, 'healthy', 60_000);
    const r = await httpGet(`http://127.0.0.1:${port}/health`);
    assert.equal(r.status, 200);
    assert.equal(r.type, 'application/health+json');
    const report = JSON.parse(r.body);
    assertValidReport(report);
    assert.equal(report.nodes.length, 1);
    assert.equal(report.nodes[0].container.name, agent.name);
    assert.equal(report.nodes[0].status, 'warn');
  });

  test('Docker health: unhealthy once the agent runs (a failing node), with the cause in the health log', async () => {
    await docker.getContainer(agent.id).start();
    await waitForAgentApi(agent.id);
    await waitForHealth(doctorId, 'unhealthy', 60_000);
    const info = await docker.getContainer(doctorId).inspect();
    const last = info.State.Health!.Log.at(-1)!;
    assert.equal(last.ExitCode, 1);
    assert.match(last.Output, new RegExp(`unhealthy: .*${agent.name}`));
    assert.equal((await httpGet(`http://127.0.0.1:${port}/health`)).status, 503);
  });

  test('Docker health: healthy again after `docker stop` of the agent', async () => {
    await stopCleanly(agent.id);
    await waitForHealth(doctorId, 'healthy', 60_000).catch(async (err: Error) => {
      // Say whose fault it was: the agent's exit (not a clean stop) or the doctor's verdict.
      const a = await docker
        .getContainer(agent.id)
        .inspect()
        .catch(() => undefined);
      const h = await httpGet(`http://127.0.0.1:${port}/health`).catch((e: Error) => ({ status: 0, body: e.message }));
      throw new Error(
        `${err.message}\nagent: ${a ? `${a.State.Status} exit ${a.State.ExitCode}` : 'gone'}; doctor /health ${h.status}: ${h.body.slice(0, 600)}`,
      );
    });
  });

  test("no claim token in the doctor's logs or health-check outputs; logs are JSON lines", async () => {
    const logs = await readLogs(doctorId);
    const health = (await docker.getContainer(doctorId).inspect()).State.Health!.Log.map((l) => l.Output).join('\n');
    for (const text of [logs.stdout, logs.stderr, health]) assert.ok(!text.includes(CLAIM_TOKEN), 'the claim token leaked');
    const events = logs.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event?: string });
    assert.equal(events[0]!.event, 'startup');
    assert.ok(events.some((e) => e.event === 'node.state'));
  });

  test('docker stop: SIGTERM to PID 1 (no init), exit code 0 in under 2 s', async () => {
    const t0 = Date.now();
    await docker.getContainer(doctorId).stop({ t: 10 });
    const ms = Date.now() - t0;
    const info = await docker.getContainer(doctorId).inspect();
    assert.equal(info.State.ExitCode, 0);
    assert.equal(info.State.OOMKilled, false);
    assert.ok(ms < 2_000, `docker stop took ${ms} ms`);
    assert.match((await readLogs(doctorId)).stdout, /"event":"shutdown"/);
  });

  // As in `docker compose down`: SIGTERM arrives while a pass is running (here a full pass, which any
  // container's create/destroy triggers). A pass that ends after stop() must arm no timer, or Node never
  // exits and Docker kills it after 10 s (exit 137).
  test('docker stop during a pass in flight: exit 0 in under 2 s', async () => {
    const port2 = await freePort();
    const container = await docker.createContainer({
      name: `ncd-doctor-image-${randomBytes(3).toString('hex')}`,
      Image: image,
      Labels: { [TEST_LABEL]: RUN_ID },
      Env: [`DOCTOR_LISTEN=127.0.0.1:${port2}`, `DOCTOR_TARGETS=${agent.name}`, 'DOCTOR_START_PERIOD=0s'],
      HostConfig: { NetworkMode: 'host', ReadonlyRootfs: true, GroupAdd: [String(gid)], Binds: [`${DOCKER_SOCKET}:${DOCKER_SOCKET}:ro`] },
    });
    await container.start();
    await until('readyz', async () => ((await httpGet(`http://127.0.0.1:${port2}/readyz`)).status === 200 ? true : undefined), 30_000);
    // A container created and removed: `create`/`destroy` events, each a full re-discovery pass.
    const churn = async () => {
      const c = await docker.createContainer({ Image: image, Labels: { [TEST_LABEL]: RUN_ID }, HostConfig: { NetworkMode: 'none' } });
      await c.remove({ force: true });
    };
    await churn();
    await new Promise((resolve) => setTimeout(resolve, 150));
    const t0 = Date.now();
    await Promise.all([container.stop({ t: 10 }), churn()]);
    const ms = Date.now() - t0;
    const info = await container.inspect();
    await container.remove({ force: true });
    assert.equal(info.State.ExitCode, 0, `exit ${info.State.ExitCode} after ${ms} ms`);
    assert.ok(ms < 2_000, `docker stop took ${ms} ms`);
  });
});
