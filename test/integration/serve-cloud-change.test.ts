// serve follows the stderr of v2.3+ agents, whose every ACLK status change is logged (facts §4.4): a Cloud
// state change shows at once, with no container event and an interval of an hour.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { assertFakeImages, removeFakeResources, startFakeAgent, type FakeAgent } from '../testbed/fakes.ts';
import { serveEnv, spawnServe } from './harness.ts';

const port = 19_000 + Math.floor(Math.random() * 900);

async function nodeState(name: string): Promise<{ state: string; status: number } | undefined> {
  const res = await fetch(`http://127.0.0.1:${port}/health/${name}`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
  if (!res || res.status === 404) return undefined;
  const doc = (await res.json()) as { nodes: { state: string }[] };
  // Before the first pass the report has no nodes yet.
  return doc.nodes[0] ? { state: doc.nodes[0].state, status: res.status } : undefined;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe("serve sees a Cloud state change in a v2.3+ agent's log", () => {
  let doctor: ChildProcess;
  let agent: FakeAgent;

  before(async () => {
    await assertFakeImages();
    agent = await startFakeAgent({ generation: 'v2', state: 'online' });
    doctor = spawnServe(serveEnv(port, { DOCTOR_TARGETS: agent.name }), ['ignore', 'ignore', 'inherit']);
    await until('live', async () => ((await nodeState(agent.name))?.state === 'live' ? true : undefined), 20_000);
  });
  after(async () => {
    doctor?.kill('SIGKILL');
    await removeFakeResources();
  });

  test('online → offline (connection refused) turns /health/<name> to 503 within seconds', async () => {
    const t0 = Date.now();
    await agent.setState('offline-was-connected@connection-refused');
    const seen = await until(
      'offline',
      async () => {
        const s = await nodeState(agent.name);
        return s?.state === 'offline' ? s : undefined;
      },
      10_000,
    );
    assert.equal(seen.status, 503);
    assert.ok(Date.now() - t0 < 10_000);
  });

  test('and back online: 200 again', async () => {
    await agent.setState('online');
    const seen = await until(
      'live again',
      async () => {
        const s = await nodeState(agent.name);
        return s?.state === 'live' ? s : undefined;
      },
      10_000,
    );
    assert.equal(seen.status, 200);
  });
});
