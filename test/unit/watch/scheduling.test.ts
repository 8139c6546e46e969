// When the watcher runs passes, on a fake clock (no sleeping): the interval, an exit event (a quick verdict
// at once, one node pass once the last log lines are written), and the end of a start period.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Watcher, AFTER_EXIT_MS, QUICK_MS } from '../../../src/watch/watcher.ts';
import type { DockerClient } from '../../../src/docker/client.ts';
import type { DockerEvent } from '../../../src/docker/events.ts';
import { DockerError } from '../../../src/docker/errors.ts';
import { Session } from '../../../src/gather/gather.ts';
import { ProbeScheduler } from '../../../src/network/scheduler.ts';
import { createLogger } from '../../../src/log/logger.ts';
import { PassThrough } from 'node:stream';
import { FakeTimers, eventually } from './fake-timers.ts';

const ID = 'b'.repeat(64);

function engine(timers: FakeTimers, startedAt: () => Date) {
  const calls = { inspect: 0, list: 0 };
  const queue: DockerEvent[] = [];
  let wake: (() => void) | undefined;
  const client: DockerClient & { emit(action: string): void } = {
    endpoint: 'unix:///fake.sock',
    version: async () => ({ version: '27.3.1', apiVersion: '1.47' }),
    info: async () => ({ securityOptions: [] }),
    listContainers: async () => {
      calls.list++;
      return [{ id: ID, names: ['/agent'], image: 'netdata/netdata:v2.0.0', labels: {} }];
    },
    inspect: async () => {
      calls.inspect++;
      return {
        Id: ID,
        Name: '/agent',
        RestartCount: 0,
        Config: { Image: 'netdata/netdata:v2.0.0', Env: [], Labels: {}, Tty: false },
        State: { Status: 'running', Running: true, ExitCode: 0, StartedAt: startedAt().toISOString(), FinishedAt: '0001-01-01T00:00:00Z' },
        HostConfig: { NetworkMode: 'none', RestartPolicy: { Name: 'no' } },
        Mounts: [],
        NetworkSettings: { Networks: {} },
      };
    },
    logs: async () => ({ stdout: '', stderr: '', truncated: false }),
    readPath: async () => null,
    exec: async () => {
      throw new DockerError('forbidden', 'exec: HTTP 403', 403);
    },
    async *events(options: { signal: AbortSignal }) {
      while (!options.signal.aborted) {
        const next = queue.shift();
        if (next) yield next;
        else
          await new Promise<void>((resolve) => {
            wake = resolve;
            options.signal.addEventListener('abort', () => resolve(), { once: true });
          });
      }
    },
    async *followStderr() {},
    emit(action: string) {
      queue.push({
        type: 'container',
        action,
        containerId: ID,
        name: 'agent',
        time: `${Math.floor(timers.now().getTime() / 1000)}.000000000`,
      });
      wake?.();
    },
  };
  return { client, calls };
}

function watcherOn(timers: FakeTimers, client: DockerClient, startPeriodMs: number, published: string[], intervalMs = 30_000) {
  return new Watcher({
    env: {
      client,
      session: new Session('never'),
      scheduler: new ProbeScheduler({ intervalMs: 300_000 }),
      clock: timers.now,
      settings: { targets: 'auto', exec: 'never', startPeriodMs, releaseId: 'test' },
    },
    intervalMs,
    startPeriodMs,
    timers,
    logger: createLogger({ level: 'info', format: 'json', fd: 1, stream: new PassThrough() }),
    onReport: (report) => published.push(`${report.nodes[0]?.status}`),
  });
}

describe('watcher scheduling on a fake clock', () => {
  it('a full pass every interval, and nothing between', async () => {
    const timers = new FakeTimers();
    const { client, calls } = engine(timers, () => new Date(timers.now().getTime() - 3_600_000));
    const published: string[] = [];
    const watcher = watcherOn(timers, client, 0, published);
    try {
      await watcher.start();
      assert.equal(calls.list, 1);
      await timers.advance(29_000);
      assert.equal(calls.list, 1, 'no pass before the interval');
      await timers.advance(1_000);
      await eventually('the second full pass', () => calls.list === 2);
      await timers.advance(30_000);
      await eventually('the third full pass', () => calls.list === 3);
      assert.equal(published.length, 3);
    } finally {
      watcher.stop();
    }
  });

  it('an exit event: one quick verdict (one inspect) at once, then one node pass after AFTER_EXIT_MS', async () => {
    const timers = new FakeTimers();
    const { client, calls } = engine(timers, () => new Date(timers.now().getTime() - 3_600_000));
    const published: string[] = [];
    const watcher = watcherOn(timers, client, 0, published);
    try {
      await watcher.start();
      const before = calls.inspect;
      client.emit('kill');
      client.emit('die');
      await timers.advance(QUICK_MS);
      await eventually('the quick verdict', () => published.length === 2);
      assert.equal(calls.inspect, before + 1);
      await timers.advance(AFTER_EXIT_MS - QUICK_MS - 1);
      assert.equal(published.length, 2, 'no node pass before the last lines are written');
      await timers.advance(1);
      await eventually('the node pass', () => published.length === 3);
      await timers.advance(10_000);
      assert.equal(published.length, 3, 'one node pass per exit');
    } finally {
      watcher.stop();
    }
  });

  it('the end of a start period: a node pass then (warn may turn to fail)', async () => {
    const timers = new FakeTimers();
    const started = new Date(timers.now().getTime() - 10_000);
    const { client } = engine(timers, () => started);
    const published: string[] = [];
    const watcher = watcherOn(timers, client, 60_000, published, 3_600_000);
    try {
      await watcher.start();
      assert.equal(published.length, 1);
      await timers.advance(49_000);
      assert.equal(published.length, 1);
      await timers.advance(2_000);
      await eventually('the pass at the end of the start period', () => published.length === 2);
    } finally {
      watcher.stop();
    }
  });
});
