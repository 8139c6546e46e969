// serve's notifications on the real engine (CONTRACT §13): a fake agent is killed and started while serve
// watches it with DOCTOR_NOTIFY pointing at a webhook receiver on 127.0.0.1. A restart that is back within
// DOCTOR_NOTIFY_AFTER sends nothing; a node that stays down is told once the delay has passed; its return
// is told as a recovery.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { assertFakeImages, removeFakeResources, startFakeAgent, type FakeAgent } from '../testbed/fakes.ts';
import { docker } from '../testbed/scenarios.ts';
import { freePort, serveEnv, spawnServe, until } from './harness.ts';
import { startHttpReceiver, type HttpReceiver } from './notify-receivers.ts';

/** Long enough for a kill and start to be back to live inside it on a loaded machine, short enough for a test. */
const AFTER_MS = 20_000;
/** Bounds on waiting for what the engine and the doctor do: generous, since the 2 cores are shared (not speed assertions). */
const BOUND_MS = 90_000;
const HOOK_SECRET = 'serveHookSecret-0123456789';

describe('serve notifies a node problem after DOCTOR_NOTIFY_AFTER, not a quick restart (real engine)', () => {
  let doctor: ChildProcess;
  let agent: FakeAgent;
  let receiver: HttpReceiver;
  let port: number;
  let stdout = '';

  const nodeState = async (): Promise<string | undefined> => {
    const res = await fetch(`http://127.0.0.1:${port}/health/${agent.name}`, { signal: AbortSignal.timeout(2_000) });
    const doc = (await res.json()) as { nodes: { state: string }[] };
    return doc.nodes[0]?.state;
  };
  const events = () =>
    receiver.requests.map(
      (r) =>
        JSON.parse(r.body) as { event: string; node: string; from: string | null; to: string; since: string; at: string; host: string },
    );

  before(async () => {
    await assertFakeImages();
    receiver = await startHttpReceiver();
    agent = await startFakeAgent({ generation: 'v2', state: 'online' });
    port = await freePort();
    doctor = spawnServe(
      serveEnv(port, {
        DOCTOR_TARGETS: agent.name,
        DOCTOR_NOTIFY: `${receiver.base}/hook/${HOOK_SECRET}`,
        DOCTOR_NOTIFY_AFTER: `${AFTER_MS}ms`,
        DOCTOR_PUBLIC_URL: 'http://doctor.test:19998/',
      }),
      ['ignore', 'pipe', 'inherit'],
    );
    doctor.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    await until('live', async () => ((await nodeState()) === 'live' ? true : undefined), BOUND_MS, 100);
  });
  after(async () => {
    if (doctor && doctor.exitCode === null) doctor.kill('SIGKILL');
    await receiver?.close();
    await removeFakeResources();
  });

  test('an agent killed and started again within the delay: no notification', async () => {
    const killedAt = Date.now();
    await docker.getContainer(agent.id).kill();
    await until('agent-down', async () => ((await nodeState()) === 'agent-down' ? true : undefined), BOUND_MS, 50);
    await docker.getContainer(agent.id).start();
    await until('live again', async () => ((await nodeState()) === 'live' ? true : undefined), BOUND_MS, 50);
    const downFor = Date.now() - killedAt;
    // Not a speed assertion: the scenario only means something if the node was back before the delay ended.
    assert.ok(downFor < AFTER_MS, `the restart took ${downFor} ms, longer than DOCTOR_NOTIFY_AFTER: the test cannot tell`);
    await sleep(AFTER_MS - downFor + 1_000);
    assert.deepEqual(events(), []);
  });

  test("an agent that stays down is notified once the delay has passed, with the engine's host name", async () => {
    await docker.getContainer(agent.id).kill();
    const problem = await receiver.waitFor((r) => r.body.includes('"event":"node.problem"'), AFTER_MS + BOUND_MS);
    const event = JSON.parse(problem.body);
    assert.equal(event.node, agent.name);
    assert.deepEqual([event.from, event.to, event.status], ['live', 'agent-down', 'fail']);
    assert.ok(Date.parse(event.at) - Date.parse(event.since) >= AFTER_MS, `told at ${event.at}, problem since ${event.since}`);
    assert.equal(event.statusPage, 'http://doctor.test:19998/');
    const info = (await docker.info()) as { Name: string };
    assert.equal(event.host, info.Name);
    assert.equal(events().filter((e) => e.event === 'node.problem').length, 1);
  });

  test("started again: node.recovered; the metric counts both by scheme; the hook URL's secret is in no log line", async () => {
    await docker.getContainer(agent.id).start();
    const recovered = JSON.parse((await receiver.waitFor((r) => r.body.includes('"event":"node.recovered"'), BOUND_MS)).body);
    assert.deepEqual([recovered.from, recovered.to], ['agent-down', 'live']);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    assert.match(metrics, /netdata_cloud_doctor_notifications_total\{target="http",event="node.problem",result="sent"\} 1/);
    assert.match(metrics, /netdata_cloud_doctor_notifications_total\{target="http",event="node.recovered",result="sent"\} 1/);
    assert.ok(!metrics.includes(HOOK_SECRET));
    assert.ok(!stdout.includes(HOOK_SECRET), 'the secret is in the log');
    assert.match(stdout, /"notify":\["http:\/\/127\.0\.0\.1:\d+"\]/, 'the startup line shows the target by scheme and host');
    assert.deepEqual(
      events().map((e) => e.event),
      ['node.problem', 'node.recovered'],
    );
  });

  test('more than 3 problems in 30 minutes: one node.flapping with the count, then nothing more', async () => {
    // Two problems so far (the quick restart and the long one). Cloud drops logged by the agent add more.
    const before = receiver.requests.length;
    const toggle = async () => {
      await agent.setState('offline-was-connected@connection-refused');
      await until('offline', async () => ((await nodeState()) === 'offline' ? true : undefined), BOUND_MS, 50);
      await agent.setState('online');
      await until('live', async () => ((await nodeState()) === 'live' ? true : undefined), BOUND_MS, 50);
    };
    // The 2nd drop is the 4th problem (flapping); the 3rd must then say nothing.
    for (let i = 0; i < 3; i++) await toggle();
    // Let any event the last toggle could have caused arrive before counting.
    await sleep(1_000);
    const later = events().slice(before);
    // On a loaded machine a drop can outlast the delay before the flapping starts: a problem and its recovery
    // are then right. From the flapping notice on, nothing.
    const flap = later.findIndex((e) => e.event === 'node.flapping');
    assert.ok(flap >= 0, JSON.stringify(later));
    assert.equal((later[flap] as { count?: number }).count, 4);
    assert.deepEqual(later.slice(flap + 1), [], 'nothing after the flapping notice');
    assert.ok(
      later.slice(0, flap).every((e) => e.event === 'node.problem' || e.event === 'node.recovered'),
      JSON.stringify(later),
    );
  });

  test('SIGTERM with notifications configured: exit 0 at once', async () => {
    const exited = new Promise<number | null>((resolve) => doctor.once('exit', (code) => resolve(code)));
    doctor.kill('SIGTERM');
    assert.equal(await exited, 0);
  });
});
