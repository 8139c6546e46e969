// The engine going away and coming back, as serve sees it: the doctor talks to the real engine through a
// forwarding socket that the test cuts and restores (stopping the real engine would stop every test).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { assertTestImages, cleanupOnExit, startScenario, type Scenario } from '../testbed/scenarios.ts';
import { serveEnv, spawnServe } from './harness.ts';
import { reliability } from '../reliability/record.ts';

/** A unix socket that forwards to the engine's socket until cut. */
class EngineLink {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  constructor(
    readonly path: string,
    private readonly target = '/var/run/docker.sock',
  ) {}
  async up(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = createConnection(this.target);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.path, resolve));
  }
  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

async function health(port: number): Promise<{ status: number; docker: string | undefined }> {
  const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(3_000) });
  const doc = (await res.json()) as { checks: Record<string, { status: string }[]> };
  return { status: res.status, docker: doc.checks['docker.api']?.[0]?.status };
}

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('serve when the engine goes away and comes back', () => {
  let dir: string;
  let link: EngineLink;
  let doctor: ChildProcess;
  let stdout = '';
  let agent: Scenario;
  const port = 19_000 + Math.floor(Math.random() * 900);

  before(async () => {
    await assertTestImages();
    agent = await startScenario('healthy-unclaimed');
    dir = await mkdtemp(path.join(tmpdir(), 'ncd-link-'));
    link = new EngineLink(path.join(dir, 'docker.sock'));
    await link.up();
    doctor = spawnServe(
      serveEnv(port, {
        DOCKER_HOST: `unix://${link.path}`,
        DOCTOR_TARGETS: agent.name,
        DOCTOR_EXEC: 'never',
        // The default start period (60 s), as this test has always run.
        DOCTOR_START_PERIOD: undefined,
      }),
      ['ignore', 'pipe', 'inherit'],
    );
    doctor.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    await until('first pass', async () => (await health(port)).docker === 'pass');
  });

  after(async () => {
    doctor?.kill('SIGKILL');
    await link?.down().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    await cleanupOnExit();
  });

  test('docker.api fails while the engine is gone, /livez stays 200, and it recovers by itself', async (t) => {
    const observed = reliability(t, {
      area: 'fault',
      tried: 'the engine connection is cut while serve runs, then restored',
      expected: 'docker.api fails, /livez stays 200, recovers by itself; one docker.unreachable and one docker.recovered line',
    });
    const cutAt = Date.now();
    await link.down();
    await until('docker.api fail', async () => (await health(port)).docker === 'fail');
    const failedAfterMs = Date.now() - cutAt;
    const down = await health(port);
    const livez = (await fetch(`http://127.0.0.1:${port}/livez`)).status;
    assert.equal(livez, 200);
    const restoredAt = Date.now();
    await link.up();
    await until('docker.api pass again', async () => (await health(port)).docker === 'pass');
    const recoveredAfterMs = Date.now() - restoredAt;
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event?: string; error?: string });
    const events = lines.map((l) => l.event);
    assert.equal(events.filter((e) => e === 'docker.unreachable').length, 1);
    assert.equal(events.filter((e) => e === 'docker.recovered').length, 1);
    const unreachable = lines.find((l) => l.event === 'docker.unreachable');
    observed(
      `docker.api fail ${failedAfterMs} ms after the cut (/health ${down.status}), /livez ${livez} while down; docker.api pass ${recoveredAfterMs} ms after the restore; ` +
        `log: ${events.filter((e) => e === 'docker.unreachable').length} docker.unreachable ("${unreachable?.error ?? ''}"), ${events.filter((e) => e === 'docker.recovered').length} docker.recovered`,
    );
  });
});
