// The watcher against an engine whose answers the test releases by hand: a pass that started before an
// event and answers late must never publish over the result of a newer pass for the same node (CONTRACT
// §7, issue 6). The engine is a fake DockerClient; every answer is a promise the test controls.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { DEBOUNCE_MS, Watcher } from '../../../src/watch/watcher.ts';
import type { DockerClient, ExecResult, PathRead } from '../../../src/docker/client.ts';
import { DockerError } from '../../../src/docker/errors.ts';
import type { DockerEvent } from '../../../src/docker/events.ts';
import { Session } from '../../../src/gather/gather.ts';
import { ProbeScheduler } from '../../../src/network/scheduler.ts';
import { FakeTimers, eventually } from './fake-timers.ts';
import type { Report } from '../../../src/diagnosis/diagnose.ts';
import { createLogger } from '../../../src/log/logger.ts';
import { reliability } from '../../reliability/record.ts';

const ID = 'a'.repeat(64);
const NAME = 'agent';
const STARTED = new Date(Date.now() - 3_600_000).toISOString();

type State = 'running' | 'exited';

function inspectJson(state: State): unknown {
  return {
    Id: ID,
    Name: `/${NAME}`,
    RestartCount: 0,
    Config: { Image: 'netdata/netdata:v2.0.0', Env: [], Labels: {}, Tty: false },
    State: {
      Status: state,
      Running: state === 'running',
      ExitCode: state === 'exited' ? 137 : 0,
      StartedAt: STARTED,
      FinishedAt: state === 'exited' ? new Date().toISOString() : '0001-01-01T00:00:00Z',
    },
    HostConfig: { NetworkMode: 'none', RestartPolicy: { Name: 'no' } },
    Mounts: [{ Type: 'volume', Name: 'lib', Source: '/v/lib', Destination: '/var/lib/netdata', RW: true }],
    NetworkSettings: { Networks: {} },
  };
}

/** Each inspect of the agent waits on a gate the test opens, and answers the state the gate carries. */
class GatedEngine implements DockerClient {
  readonly endpoint = 'unix:///fake.sock';
  readonly gates: { state: State; open: (state: State) => void; opened: Promise<State> }[] = [];
  inFlight = 0;
  maxInFlight = 0;
  gated = false;
  current: State = 'running';
  private readonly queue: DockerEvent[] = [];
  private wake: (() => void) | undefined;

  version = async () => ({ version: '27.3.1', apiVersion: '1.47' });
  info = async () => ({ securityOptions: [] });
  listContainers = async () => [{ id: ID, names: [`/${NAME}`], image: 'netdata/netdata:v2.0.0', labels: {} }];
  async inspect(id: string): Promise<unknown> {
    if (id !== ID) throw new DockerError('not-found', `GET /containers/${id}/json: HTTP 404`, 404);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (!this.gated) return inspectJson(this.current);
      let open!: (state: State) => void;
      const opened = new Promise<State>((resolve) => (open = resolve));
      this.gates.push({ state: this.current, open, opened });
      return inspectJson(await opened);
    } finally {
      this.inFlight--;
    }
  }
  logs = async () => ({ stdout: '', stderr: '', truncated: false });
  readPath = async (): Promise<PathRead | null> => null;
  exec = async (): Promise<ExecResult> => {
    throw new DockerError('forbidden', 'exec: HTTP 403', 403);
  };
  async *events(options: { signal: AbortSignal }): AsyncIterable<DockerEvent> {
    while (!options.signal.aborted) {
      const next = this.queue.shift();
      if (next) {
        yield next;
        continue;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        options.signal.addEventListener('abort', () => resolve(), { once: true });
      });
    }
  }
  // biome-ignore lint/correctness/useYield: an agent that never logs a line: the stream ends at once
  async *followStderr(): AsyncIterable<string> {
    return;
  }
  emit(action: string): void {
    this.queue.push({ type: 'container', action, containerId: ID, name: NAME, time: `${Math.floor(Date.now() / 1000)}.000000000` });
    this.wake?.();
  }
}

const until = eventually;

describe('watcher: a late answer never overwrites a newer one', () => {
  test("a node pass held up before a kill publishes first; the kill's verdict comes after it and stays", async (t) => {
    const observed = reliability(t, {
      area: 'fault',
      tried: 'a node pass whose inspect answers "running" late, after the container was killed and the kill event arrived',
      expected: 'passes never overlap; the last published verdict is agent-down, never running after it',
    });
    const engine = new GatedEngine();
    const published: { state: string; at: number }[] = [];
    const lines = new PassThrough();
    let logged = '';
    lines.on('data', (d: Buffer) => (logged += d.toString()));
    const timers = new FakeTimers();
    const watcher = new Watcher({
      env: {
        client: engine,
        session: new Session('never'),
        scheduler: new ProbeScheduler({ intervalMs: 300_000 }),
        clock: timers.now,
        settings: { targets: [NAME], exec: 'never', startPeriodMs: 0, releaseId: 'test' },
      },
      intervalMs: 3_600_000,
      startPeriodMs: 0,
      timers,
      logger: createLogger({ level: 'info', format: 'json', fd: 1, stream: lines }),
      onReport: (report: Report) =>
        published.push({ state: report.nodes.find((n) => n.container.name === NAME)?.state ?? 'gone', at: timers.now().getTime() }),
    });
    try {
      await watcher.start();
      assert.deepEqual(
        published.map((p) => p.state),
        ['not-claimed'],
      );

      // An update event starts a node pass; its inspect is held: the slow, soon stale answer.
      engine.gated = true;
      engine.emit('update');
      await timers.advance(DEBOUNCE_MS);
      await until('the held inspect', () => engine.gates.length === 1);
      // Meanwhile the agent is killed: the engine now says exited, and the kill's events arrive.
      engine.current = 'exited';
      engine.emit('kill');
      engine.emit('die');
      await timers.advance(300); // past the debounce and the quick verdict's delay: a second pass would have started by now
      const gatesWhileHeld = engine.gates.length;
      // The old answer arrives late.
      engine.gates[0]!.open('running');
      // Every later inspect answers the engine's current state.
      await until('the passes after the kill', () => engine.gates.length >= 2);
      for (let i = 1; i < engine.gates.length; i++) engine.gates[i]!.open(engine.gates[i]!.state);
      engine.gated = false;
      await until('agent-down published', () => published.at(-1)?.state === 'agent-down');
      await timers.advance(1_800); // the second look after an exit (1.5 s) publishes too
      const states = published.map((p) => p.state);
      const lastRunning = states.lastIndexOf('not-claimed');
      const firstDown = states.indexOf('agent-down');

      assert.equal(gatesWhileHeld, 1, 'no second inspect of the node while the first was in flight');
      assert.equal(engine.maxInFlight, 1, 'passes never overlap');
      assert.ok(firstDown > lastRunning, `published in order: ${states.join(' → ')}`);
      assert.equal(states.at(-1), 'agent-down');
      assert.equal(watcher.lastReport?.nodes[0]?.state, 'agent-down');
      const stateLines = logged
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { event: string; from?: string; to?: string })
        .filter((l) => l.event === 'node.state');
      assert.deepEqual(
        stateLines.map((l) => `${l.from ?? null}→${l.to}`),
        ['null→not-claimed', 'not-claimed→agent-down'],
      );
      observed(
        `published ${states.join(' → ')}; ${gatesWhileHeld} inspect in flight while the stale one was held, at most ${engine.maxInFlight} at once; node.state lines: ${stateLines.map((l) => `${l.from ?? 'null'}→${l.to}`).join(', ')}`,
      );
    } finally {
      watcher.stop();
    }
  });
});
