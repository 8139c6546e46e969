// Decides WHEN to run a pass (CONTRACT §7): a full pass at start and every interval; a node pass on each
// Docker event for that node (debounced per node) and on each Cloud-state line a v2.3+ agent logs; a quick
// verdict from one inspect right after an exit; a node pass when an agent's start period ends; a rejudge
// when a probe finishes. Between those it does nothing. What a pass is, is runPass (src/pass/); passes run
// one at a time, in the order of the WorkQueue, so a late answer can never overwrite a newer one.

import { meaningOf, type DockerEvent } from '../docker/events.ts';
import type { GatheredFacts } from '../facts/types.ts';
import type { Report } from '../diagnosis/diagnose.ts';
import type { DoctorLogger } from '../log/logger.ts';
import { atLeast } from '../agent/version.ts';
import { CLOUD_STATE_LINE } from '../agent/logs.ts';
import { runPass, type PassEnv, type PassResult, type PassWork } from '../pass/run-pass.ts';
import type { NodeView } from '../view/node-view.ts';
import { changes } from './changes.ts';
import { WorkQueue } from './queue.ts';
import { realTimers, type TimerHandle, type Timers } from './timers.ts';

export interface WatcherDeps {
  env: PassEnv;
  intervalMs: number;
  startPeriodMs: number;
  logger: DoctorLogger;
  timers?: Timers;
  /** Called after every published pass with its result and how long it took. */
  onReport?: (report: Report, seconds: number, result: PassResult) => void;
}

/** Wait this long after an event before gathering, so that a burst (kill, die, stop) makes one pass. */
export const DEBOUNCE_MS = 100;
/** After an exit event: publish a verdict from one inspect this soon, before the full node pass. */
export const QUICK_MS = 20;
const EXIT_ACTIONS = new Set(['die', 'kill', 'stop', 'oom']);
/** The engine writes a container's last log lines shortly after `die`: look again once they are there. */
export const AFTER_EXIT_MS = 1_500;
const RECONNECT_MS = { first: 500, max: 10_000 };

/** Named timers: setting one that is already set replaces it. */
class TimerSet {
  private readonly handles = new Map<string, TimerHandle>();
  constructor(private readonly timers: Timers) {}
  set(key: string, ms: number, run: () => void): void {
    this.clear(key);
    this.handles.set(
      key,
      this.timers.setTimeout(
        () => {
          this.handles.delete(key);
          run();
        },
        Math.max(0, ms),
      ),
    );
  }
  has(key: string): boolean {
    return this.handles.has(key);
  }
  clear(key: string): void {
    this.timers.clearTimeout(this.handles.get(key));
    this.handles.delete(key);
  }
  clearAll(): void {
    for (const handle of this.handles.values()) this.timers.clearTimeout(handle);
    this.handles.clear();
  }
}

export class Watcher {
  private facts: GatheredFacts | undefined;
  private report: Report | undefined;
  private stopped = false;
  private engineDown = false;
  private running: Promise<void> | undefined;
  private readonly queue = new WorkQueue();
  private readonly timers: Timers;
  private readonly timerSet: TimerSet;
  private readonly followers = new Map<string, AbortController>();
  private events: AbortController | undefined;
  private lastEventTime: string | undefined;

  constructor(private readonly deps: WatcherDeps) {
    this.timers = deps.timers ?? realTimers;
    this.timerSet = new TimerSet(this.timers);
  }

  get lastReport(): Report | undefined {
    return this.report;
  }

  /** The first full pass, then events and the interval. Resolves once the first pass is published. */
  async start(): Promise<void> {
    this.queue.add({ kind: 'full' });
    await this.drain();
    this.subscribe();
  }

  stop(): void {
    this.stopped = true;
    this.events?.abort();
    for (const c of this.followers.values()) c.abort();
    this.followers.clear();
    this.timerSet.clearAll();
  }

  /** A probe finished: judge again from the facts at hand, without gathering. */
  requestRejudge(): void {
    this.request({ kind: 'rejudge' });
  }

  // --- scheduling -------------------------------------------------------------------------------

  private request(work: PassWork): void {
    if (this.stopped) return;
    this.queue.add(work);
    void this.drain();
  }

  /** A node pass after `delayMs`; a newer request for the same node and timer key replaces it (debounce). */
  private requestNode(id: string, delayMs = DEBOUNCE_MS, key = `node:${id}`): void {
    if (this.stopped) return;
    this.timerSet.set(key, delayMs, () => this.request({ kind: 'node', id }));
  }

  private requestQuick(id: string): void {
    if (this.stopped || this.timerSet.has(`quick:${id}`)) return;
    this.timerSet.set(`quick:${id}`, QUICK_MS, () => this.request({ kind: 'quick', id }));
  }

  /** Runs queued passes one at a time; concurrent callers share the same run. */
  private drain(): Promise<void> {
    this.running ??= (async () => {
      try {
        for (let work = this.queue.take(); work && !this.stopped; work = this.queue.take()) {
          await this.pass(work);
          if (work.kind === 'full') this.scheduleInterval();
        }
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private scheduleInterval(): void {
    if (this.stopped) return;
    this.timerSet.set('interval', this.deps.intervalMs, () => this.request({ kind: 'full' }));
  }

  // --- a pass -----------------------------------------------------------------------------------

  private async pass(work: PassWork): Promise<void> {
    const started = performance.now();
    let result: PassResult | undefined;
    try {
      // A quick verdict leaves the probes alone: the node pass right behind it attaches them.
      result = await runPass(work, this.deps.env, this.facts, work.kind === 'quick' ? 'none' : 'attach');
    } catch (err) {
      this.deps.logger.error(`gathering failed: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    // A pass that ends after stop() publishes nothing and arms nothing: shutdown must not wait on it.
    if (!result || this.stopped) return;
    const { facts, views, diagnosis } = result;
    this.deps.logger.addSecrets(diagnosis.secrets);
    this.noteEngine(facts);
    for (const event of changes(this.report, diagnosis.report, diagnosis.engineFindings)) {
      this.deps.logger.emit(event.event === 'finding' && event.status === 'fail' ? 'warn' : 'info', event);
    }
    this.facts = facts;
    this.report = diagnosis.report;
    this.reconcileFollowers(views);
    this.scheduleStartPeriodEnds(views);
    this.deps.onReport?.(diagnosis.report, (performance.now() - started) / 1000, result);
  }

  private noteEngine(facts: GatheredFacts): void {
    if (!facts.engine.reachable && !this.engineDown) {
      this.engineDown = true;
      this.deps.logger.emit('error', {
        event: 'docker.unreachable',
        endpoint: facts.engine.endpoint,
        error: facts.engine.error ?? 'no answer',
      });
    } else if (facts.engine.reachable && this.engineDown) {
      this.engineDown = false;
      this.deps.logger.emit('info', { event: 'docker.recovered', endpoint: facts.engine.endpoint });
    }
  }

  /** When an agent's start period ends its status may turn from warn to fail: look again then. */
  private scheduleStartPeriodEnds(views: readonly NodeView[]): void {
    for (const view of views) {
      const key = `start-period:${view.node.container.id}`;
      if (!view.inStartPeriod || this.timerSet.has(key)) continue;
      this.requestNode(view.node.container.id, this.deps.startPeriodMs - view.startedAgoMs + 50, key);
    }
  }

  // --- Docker events ----------------------------------------------------------------------------

  private subscribe(): void {
    if (this.stopped) return;
    const controller = new AbortController();
    this.events = controller;
    void (async () => {
      try {
        for await (const event of this.deps.env.client.events({
          ...(this.lastEventTime ? { since: this.lastEventTime } : {}),
          signal: controller.signal,
        })) {
          this.onEvent(event);
        }
      } catch (err) {
        this.deps.logger.debug(`events: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (this.stopped || controller.signal.aborted) return;
      // The stream broke: the engine may be gone. A full pass says so (docker.api) at once.
      this.request({ kind: 'full' });
      this.timerSet.set('reconnect', RECONNECT_MS.first, () => void this.reconnect(0));
    })();
  }

  /** Back off until the engine answers, then catch up: a full pass, and the events missed since the break. */
  private async reconnect(attempt: number): Promise<void> {
    if (this.stopped) return;
    try {
      await this.deps.env.client.version();
    } catch {
      this.timerSet.set(
        'reconnect',
        Math.min(RECONNECT_MS.max, RECONNECT_MS.first * 2 ** Math.min(attempt + 1, 5)),
        () => void this.reconnect(attempt + 1),
      );
      return;
    }
    this.request({ kind: 'full' });
    this.subscribe();
  }

  private onEvent(event: DockerEvent): void {
    this.lastEventTime = event.time;
    const meaning = meaningOf(event);
    if (meaning === 'ignore') return;
    if (meaning === 'reselect') {
      this.request({ kind: 'full' });
      return;
    }
    if (!event.containerId || !this.facts?.nodes.some((n) => n.container.id === event.containerId)) return;
    const exit = EXIT_ACTIONS.has(event.action);
    if (exit) this.requestQuick(event.containerId);
    this.requestNode(event.containerId);
    // The same timer as the debounce: after an exit one node pass runs, once the last log lines are written.
    if (exit) this.requestNode(event.containerId, AFTER_EXIT_MS);
  }

  // --- following v2.3+ agents' stderr ---------------------------------------------------------------

  private reconcileFollowers(views: readonly NodeView[]): void {
    if (this.stopped) return;
    const wanted = new Set(
      views.filter((v) => v.running && v.agent.parsed && atLeast(v.agent.parsed, 2, 3)).map((v) => v.node.container.id),
    );
    for (const [id, controller] of this.followers) {
      if (!wanted.has(id)) {
        controller.abort();
        this.followers.delete(id);
      }
    }
    for (const id of wanted) if (!this.followers.has(id)) this.follow(id);
  }

  private follow(id: string): void {
    const controller = new AbortController();
    this.followers.set(id, controller);
    void (async () => {
      try {
        for await (const line of this.deps.env.client.followStderr(id, { tty: false, signal: controller.signal })) {
          if (CLOUD_STATE_LINE.test(line)) this.requestNode(id);
        }
      } catch (err) {
        this.deps.logger.debug(`following ${id.slice(0, 12)}: ${err instanceof Error ? err.message : String(err)}`);
      }
      // The stream ended (the container stopped): the next pass decides whether to follow again.
      if (this.followers.get(id) === controller) this.followers.delete(id);
    })();
  }
}
