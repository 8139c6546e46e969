// serve as users run it: the real binary watching real agents. The interval is an hour, so every change
// seen here came from a Docker event, not from polling.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { assertTestImages, cleanupOnExit, docker, startScenario, stopCleanly, CLAIM_TOKEN, type Scenario } from '../testbed/scenarios.ts';
import { freePort, serveEnv, spawnServe, until as pollUntil } from './harness.ts';
import { assertValidReport } from './schema.ts';

async function get(port: number, urlPath: string, method = 'GET'): Promise<{ status: number; body: string; headers: Headers }> {
  const res = await fetch(`http://127.0.0.1:${port}${urlPath}`, { method, signal: AbortSignal.timeout(5_000) });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

/** Polled every 50 ms: the times these tests report are measured by it. */
const until = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> =>
  pollUntil(what, probe, timeoutMs, 50);

describe('serve (binary, real engine, events)', () => {
  let doctor: ChildProcess;
  let port: number;
  let stdout = '';
  let stderr = '';
  let agent: Scenario;
  let stoppable: Scenario;
  let claimed: Scenario;

  before(async () => {
    await assertTestImages();
    [agent, stoppable, claimed] = await Promise.all([
      startScenario('healthy-unclaimed'),
      startScenario('healthy-unclaimed'),
      startScenario('claim-ok'),
    ]);
    port = await freePort();
    doctor = spawnServe(serveEnv(port, { DOCTOR_TARGETS: [agent.name, stoppable.name, claimed.name].join(','), DOCTOR_EXEC: 'never' }));
    doctor.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    doctor.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    await until('readyz', async () => ((await get(port, '/readyz')).status === 200 ? true : undefined));
  });

  after(async () => {
    if (doctor.exitCode === null) doctor.kill('SIGKILL');
    await cleanupOnExit();
  });

  test('/health is the report (schema-valid) with 503 for a failing node; HEAD answers the same', async () => {
    const r = await get(port, '/health');
    assert.equal(r.status, 503);
    assert.equal(r.headers.get('content-type'), 'application/health+json');
    const report = JSON.parse(r.body);
    assertValidReport(report);
    assert.equal(report.nodes.length, 3);
    const head = await get(port, '/health', 'HEAD');
    assert.equal(head.status, 503);
    assert.equal(head.body, '');
  });

  test('/health/<name> for one node, 404 for an unknown one; other methods 405 with Allow; unknown paths 404', async () => {
    const one = await get(port, `/health/${agent.name}`);
    const report = JSON.parse(one.body);
    assertValidReport(report);
    assert.deepEqual(
      report.nodes.map((n: { container: { name: string } }) => n.container.name),
      [agent.name],
    );
    assert.equal((await get(port, '/health/ncd-nobody')).status, 404);
    const post = await get(port, '/health', 'POST');
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET, HEAD');
    assert.equal((await get(port, '/nope')).status, 404);
    assert.equal((await get(port, '/livez')).status, 200);
  });

  test('/metrics: one-hot node state and check status per node', async () => {
    const { body, status } = await get(port, '/metrics');
    assert.equal(status, 200);
    assert.match(body, new RegExp(`netdata_cloud_doctor_node_state\\{node="${agent.name}",state="not-claimed"\\} 1`));
    assert.match(body, new RegExp(`netdata_cloud_doctor_check_status\\{node="${agent.name}",check="claim.config",status="fail"\\} 1`));
    assert.match(body, /netdata_cloud_doctor_check_status\{node="docker",check="docker.api",status="pass"\} 1/);
    assert.match(body, /netdata_cloud_doctor_diagnosis_duration_seconds_count \d+/);
  });

  test('a stop by the user turns the node into warn (200) at once, from the event', async () => {
    await stopCleanly(stoppable.id);
    const report = await until('stopped node', async () => {
      const r = await get(port, `/health/${stoppable.name}`);
      const doc = JSON.parse(r.body);
      return doc.nodes[0].state === 'agent-down' ? { status: r.status, doc } : undefined;
    });
    assert.equal(report.status, 200);
    assert.equal(report.doc.nodes[0].status, 'warn');
  });

  test('killing an agent shows agent-down without waiting for the interval', async () => {
    const t0 = Date.now();
    await docker.getContainer(agent.id).kill();
    await until(
      'agent-down',
      async () => {
        const doc = JSON.parse((await get(port, `/health/${agent.name}`)).body);
        return doc.nodes[0].state === 'agent-down' ? true : undefined;
      },
      10_000,
    );
    assert.ok(Date.now() - t0 < 10_000);
  });

  test('a node recreated under the same name is followed', async () => {
    const oldId = claimed.id;
    await docker.getContainer(oldId).remove({ force: true });
    const again = await startScenario('claim-ok', { name: claimed.name });
    await until('new container id', async () => {
      const doc = JSON.parse((await get(port, `/health/${claimed.name}`)).body);
      return doc.nodes[0]?.container.id === again.id ? true : undefined;
    });
  });

  test('logs: JSON lines with startup, node.state and finding events; the token nowhere', () => {
    const events = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event?: string });
    assert.equal(events[0]!.event, 'startup');
    assert.ok(events.some((e) => e.event === 'node.state'));
    assert.ok(events.some((e) => e.event === 'finding'));
    assert.ok(!stdout.includes(CLAIM_TOKEN) && !stderr.includes(CLAIM_TOKEN));
  });

  test('SIGTERM: exit 0 within 2 s, with a shutdown line', async () => {
    const t0 = Date.now();
    const exited = new Promise<number | null>((resolve) => doctor.once('exit', (code) => resolve(code)));
    doctor.kill('SIGTERM');
    const code = await exited;
    assert.equal(code, 0);
    assert.ok(Date.now() - t0 < 2_000, `took ${Date.now() - t0} ms`);
    assert.match(stdout, /"event":"shutdown"/);
  });
});
