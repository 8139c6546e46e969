// Decides WHEN to gather again (CONTRACT §7): a full pass at start and every interval; a node pass on
// each Docker event for that node (debounced per node) and on each Cloud-state line a v2.3+ agent logs;
// a node pass when an agent's start period ends. Between those it does nothing. Passes run one at a time,
// in order, so a late answer can never overwrite a newer one.

import type { DockerClient } from '../docker/client.ts';
import { meaningOf, type DockerEvent } from '../docker/events.ts';
import { gather, refreshContainer, regatherNode, Session } from '../gather/gather.ts';
import { diagnose, type Report } from '../diagnosis/diagnose.ts';
import type { GatheredFacts } from '../facts/types.ts';
import type { Config } from '../config/config.ts';
import type { DoctorLogger } from '../log/logger.ts';
import { describeAgent } from '../agent/identity.ts';
import { atLeast } from '../agent/version.ts';
import { changes } from './changes.ts';
import { attachProbes, nodesToProbe } from '../gather/network.ts';
import { ProbeScheduler } from '../network/scheduler.ts';

export interface WatcherDeps {
  client: DockerClient;
  config: Readonly<Config>;
  logger: DoctorLogger;
  releaseId: string;
  clock?: () => Date;
  /** Called after every pass with the new report and how long the pass took. */
  onReport?: (report: Report, seconds: number) => void;
}

/** Wait this long after an event before gathering, so that a burst (kill, die, stop) makes one pass. */
export const DEBOUNCE_MS = 100;
/** After an exit event: publish a verdict from one inspect this soon, before the full node pass. */
export const QUICK_MS = 20;
const EXIT_ACTIONS = new Set(['die', 'kill', 'stop', 'oom']);
/** The engine writes a container's last log lines shortly after `die`: look again once they are there. */
const AFTER_EXIT_MS = 1_500;
const RECONNECT_MS = { first: 500, max: 10_000 };
/** Lines after which a v2.3+ agent's Cloud state may have changed (facts §4.4, §2.4, §5.1). */
const CLOUD_LINE = /ACLK connection status|ACLK: connection|CLAIM: |Cloud Banned|BlockRetry|Cloud asks not to reconnect/;

export class Watcher {
  private facts: GatheredFacts | undefined;
  private report: Report | undefined;
  private readonly session: Session;
  private readonly clock: () => Date;
  private stopped = false;
  private readonly pendingNodes = new Set<string>();
  private readonly pendingQuick = new Set<string>();
  private readonly quickTimers = new Map<string, NodeJS.Timeout>();
  private pendingFull = false;
  private running: Promise<void> | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly debounces = new Map<string, NodeJS.Timeout>();
  private readonly followers = new Map<string, AbortController>();
  private readonly startPeriodTimers = new Map<string, NodeJS.Timeout>();
  private events: AbortController | undefined;
  private lastEventTime: string | undefined;
  private intervalTimer: NodeJS.Timeout | undefined;
  private engineDown = false;
  private readonly scheduler: ProbeScheduler;
  /** A probe finished: judge again from the facts at hand, without gathering. */
  private pendingRejudge = false;

  constructor(private readonly deps: WatcherDeps) {
    this.session = new Session(deps.config.exec);
    this.clock = deps.clock ?? (() => new Date());
    this.scheduler = new ProbeScheduler({
      intervalMs: deps.config.probeIntervalMs,
      onResult: () => {
        this.pendingRejudge = true;
        void this.drain();
      },
    });
  }

  get lastReport(): Report | undefined {
    return this.report;
  }

  /** The first full pass, then events and the interval. Resolves once the first pass is published. */
  async start(): Promise<void> {
    this.requestFull();
    await this.drain();
    this.subscribe();
  }

  stop(): void {
    this.stopped = true;
    this.events?.abort();
    for (const c of this.followers.values()) c.abort();
    this.followers.clear();
    for (const t of [...this.timers, ...this.debounces.values(), ...this.startPeriodTimers.values(), ...this.quickTimers.values()]) clearTimeout(t);
    if (this.intervalTimer) clearTimeout(this.intervalTimer);
  }

  // --- scheduling -------------------------------------------------------------------------------

  private requestFull(): void {
    this.pendingFull = true;
    void this.drain();
  }

  private requestNode(id: string, delayMs = DEBOUNCE_MS): void {
    if (this.stopped) return;
    clearTimeout(this.debounces.get(id));
    this.debounces.set(id, setTimeout(() => {
      this.debounces.delete(id);
      this.pendingNodes.add(id);
      void this.drain();
    }, delayMs));
  }

  private requestQuick(id: string): void {
    if (this.stopped || this.quickTimers.has(id)) return;
    this.quickTimers.set(id, setTimeout(() => {
      this.quickTimers.delete(id);
      this.pendingQuick.add(id);
      void this.drain();
    }, QUICK_MS));
  }

  private later(ms: number, run: () => void): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) run();
    }, ms);
    this.timers.add(t);
  }

  /** Runs pending passes one at a time; concurrent callers share the same run. */
  private drain(): Promise<void> {
    this.running ??= (async () => {
      try {
        while (!this.stopped && (this.pendingFull || this.pendingNodes.size > 0 || this.pendingQuick.size > 0 || this.pendingRejudge)) {
          if (this.pendingQuick.size > 0 && !this.pendingFull) {
            const [id] = this.pendingQuick;
            this.pendingQuick.delete(id!);
            const previous = this.facts;
            if (previous) await this.pass(() => refreshContainer(this.deps.client, previous, id!, this.clock), { probes: false });
          } else if (this.pendingRejudge && !this.pendingFull && this.pendingNodes.size === 0) {
            this.pendingRejudge = false;
            const current = this.facts;
            if (current) await this.pass(async () => ({ ...current, at: this.clock() }));
          } else if (this.pendingFull) {
            this.pendingFull = false;
            this.pendingNodes.clear();
            await this.pass(() => gather(this.deps.client, { ...this.gatherOptions(), targets: this.deps.config.targets, exec: this.deps.config.exec, debug: (m) => this.deps.logger.debug(m) }, this.session));
            this.scheduleInterval();
          } else {
            const [id] = this.pendingNodes;
            this.pendingNodes.delete(id!);
            const previous = this.facts;
            if (previous) await this.pass(() => regatherNode(this.deps.client, previous, id!, this.session, this.gatherOptions()));
          }
        }
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private gatherOptions(): { clock: () => Date; agentUrl?: string } {
    return { clock: this.clock, ...(this.deps.config.agentUrl ? { agentUrl: this.deps.config.agentUrl } : {}) };
  }

  private scheduleInterval(): void {
    if (this.stopped) return;
    if (this.intervalTimer) clearTimeout(this.intervalTimer);
    this.intervalTimer = setTimeout(() => this.requestFull(), this.deps.config.intervalMs);
  }

  // --- a pass -----------------------------------------------------------------------------------

  private async pass(gatherFacts: () => Promise<GatheredFacts>, options: { probes: boolean } = { probes: true }): Promise<void> {
    const started = performance.now();
    let facts: GatheredFacts;
    try {
      facts = await gatherFacts();
    } catch (err) {
      this.deps.logger.error(`gathering failed: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const judging = { startPeriodMs: this.deps.config.startPeriodMs, releaseId: this.deps.releaseId };
    // Probes never hold a pass up: the latest result, or "pending", goes into this one. A quick verdict
    // after an exit event leaves them alone (the node pass right behind it attaches them).
    if (options.probes) {
      const toProbe = nodesToProbe(diagnose(facts, judging).report);
      facts = await attachProbes(facts, toProbe, { client: this.deps.client, session: this.session, scheduler: this.scheduler, clock: this.clock, ...(this.deps.config.cloudUrl ? { cloudUrl: this.deps.config.cloudUrl } : {}) }, false);
    }
    const diagnosis = diagnose(facts, judging);
    // A pass that ends after stop() publishes nothing and arms nothing: shutdown must not wait on it.
    if (this.stopped) return;
    this.deps.logger.addSecrets(diagnosis.secrets);
    this.noteEngine(facts);
    for (const event of changes(this.report, diagnosis.report, diagnosis.engineFindings)) {
      this.deps.logger.emit(event.event === 'finding' && event.status === 'fail' ? 'warn' : 'info', event);
    }
    this.facts = facts;
    this.report = diagnosis.report;
    this.reconcileFollowers(facts);
    this.scheduleStartPeriodEnds(facts);
    this.deps.onReport?.(diagnosis.report, (performance.now() - started) / 1000);
  }

  private noteEngine(facts: GatheredFacts): void {
    if (!facts.engine.reachable && !this.engineDown) {
      this.engineDown = true;
      this.deps.logger.emit('error', { event: 'docker.unreachable', endpoint: facts.engine.endpoint, error: facts.engine.error ?? 'no answer' });
    } else if (facts.engine.reachable && this.engineDown) {
      this.engineDown = false;
      this.deps.logger.emit('info', { event: 'docker.recovered', endpoint: facts.engine.endpoint });
    }
  }

  /** When an agent's start period ends its status may turn from warn to fail: look again then. */
  private scheduleStartPeriodEnds(facts: GatheredFacts): void {
    if (this.stopped) return;
    const now = this.clock().getTime();
    for (const node of facts.nodes) {
      const { id, startedAt, status } = node.container;
      const endsAt = startedAt ? startedAt.getTime() + this.deps.config.startPeriodMs : 0;
      if (status !== 'running' || endsAt <= now || this.startPeriodTimers.has(id)) continue;
      this.startPeriodTimers.set(id, setTimeout(() => {
        this.startPeriodTimers.delete(id);
        this.requestNode(id, 0);
      }, endsAt - now + 50));
    }
  }

  // --- Docker events ----------------------------------------------------------------------------

  private subscribe(): void {
    if (this.stopped) return;
    const controller = new AbortController();
    this.events = controller;
    void (async () => {
      try {
        for await (const event of this.deps.client.events({ ...(this.lastEventTime ? { since: this.lastEventTime } : {}), signal: controller.signal })) {
          this.onEvent(event);
        }
      } catch (err) {
        this.deps.logger.debug(`events: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (this.stopped || controller.signal.aborted) return;
      // The stream broke: the engine may be gone. A full pass says so (docker.api) at once.
      this.requestFull();
      this.later(RECONNECT_MS.first, () => void this.reconnect(0));
    })();
  }

  /** Back off until the engine answers, then catch up: a full pass, and the events missed since the break. */
  private async reconnect(attempt: number): Promise<void> {
    try {
      await this.deps.client.version();
    } catch {
      this.later(Math.min(RECONNECT_MS.max, RECONNECT_MS.first * 2 ** Math.min(attempt + 1, 5)), () => void this.reconnect(attempt + 1));
      return;
    }
    this.requestFull();
    this.subscribe();
  }

  private onEvent(event: DockerEvent): void {
    this.lastEventTime = event.time;
    const meaning = meaningOf(event);
    if (meaning === 'ignore') return;
    if (meaning === 'reselect') {
      this.requestFull();
      return;
    }
    if (!event.containerId || !this.facts?.nodes.some((n) => n.container.id === event.containerId)) return;
    if (EXIT_ACTIONS.has(event.action)) this.requestQuick(event.containerId);
    this.requestNode(event.containerId);
    if (EXIT_ACTIONS.has(event.action)) this.requestNode(event.containerId, AFTER_EXIT_MS);
  }

  // --- following v2.3+ agents' stderr ---------------------------------------------------------------

  private reconcileFollowers(facts: GatheredFacts): void {
    if (this.stopped) return;
    const wanted = new Set<string>();
    for (const node of facts.nodes) {
      const agent = describeAgent(node);
      const logsCloudChanges = agent.parsed ? atLeast(agent.parsed, 2, 3) : false;
      if (node.container.status === 'running' && logsCloudChanges) wanted.add(node.container.id);
    }
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
        for await (const line of this.deps.client.followStderr(id, { tty: false, signal: controller.signal })) {
          if (CLOUD_LINE.test(line)) this.requestNode(id);
        }
      } catch (err) {
        this.deps.logger.debug(`following ${id.slice(0, 12)}: ${err instanceof Error ? err.message : String(err)}`);
      }
      // The stream ended (the container stopped): the next pass decides whether to follow again.
      if (this.followers.get(id) === controller) this.followers.delete(id);
    })();
  }
}
