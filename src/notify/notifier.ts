// serve's notifications (CONTRACT §13): each report goes through the policy, and the events it decides go to
// every target through a bounded queue per target, delivered in the background: a pass, an endpoint or a
// shutdown never waits for a receiver. A try lasts at most 10 s; 3 tries with backoff, then one
// `notify.failed` log line for that target until a delivery works again (`notify.recovered`).

import { hostname } from 'node:os';
import type { Report } from '../diagnosis/diagnose.ts';
import type { Finding } from '../checks/types.ts';
import type { DoctorLogger } from '../log/logger.ts';
import { redactText } from '../secrets/redact.ts';
import { NotifyPolicy, type NodeVerdict, type PolicyEvent } from './policy.ts';
import { renderMessage, type NotifyEvent, type NotifyMessage } from './message.ts';
import { NotifyError, send as sendWithKind, type Sender } from './senders.ts';
import type { NotifyTarget } from './targets.ts';

export type NotifyResult = 'sent' | 'failed' | 'dropped';

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface NotifierOptions {
  targets: readonly NotifyTarget[];
  afterMs: number;
  publicUrl?: string;
  /** The Docker host's name (engine /info Name); the doctor's own host name when not given. */
  hostName?: string;
  logger: Pick<DoctorLogger, 'emit'>;
  /** Counts each delivery's outcome: netdata_cloud_doctor_notifications_total. */
  count?: (label: string, event: string, result: NotifyResult) => void;
  /** Injectable for tests; defaults are the real ones. */
  timers?: Timers;
  now?: () => Date;
  send?: Sender;
  queueLimit?: number;
  timeoutMs?: number;
  /** Waits before the 2nd and 3rd try. */
  backoffMs?: readonly number[];
}

const DEFAULT_QUEUE_LIMIT = 100;
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_BACKOFF_MS = [1_000, 5_000] as const;
const RANK = { fail: 2, warn: 1, pass: 0, skip: -1 } as const;

/** A node of the report as the policy sees it: its leading finding gives cause, summary, remedy and steps. */
export function verdictOf(node: Report['nodes'][number]): NodeVerdict {
  const lead: Finding | undefined = [...node.findings].sort((a, b) => RANK[b.status] - RANK[a.status])[0];
  const worrying = lead && (lead.status === 'fail' || lead.status === 'warn') ? lead : undefined;
  return {
    node: node.container.name,
    status: node.status,
    state: node.state,
    // The node's own cause and what Cloud shows (CONTRACT §5, §12), as the report states them.
    cause: node.cause,
    summary: worrying?.summary ?? `the node is ${node.state}`,
    remedy: worrying?.remedy ?? null,
    steps: worrying?.steps ?? [],
    cloudShows: node.cloud.shows,
  };
}

interface Delivery {
  message: NotifyMessage;
}

class TargetQueue {
  readonly items: Delivery[] = [];
  running = false;
  failed = false;
  constructor(readonly target: NotifyTarget) {}
}

export class Notifier {
  private readonly policy: NotifyPolicy;
  private readonly queues: TargetQueue[];
  private readonly timers: Timers;
  private readonly now: () => Date;
  private readonly sendOne: Sender;
  private hostName: string;
  private readonly abort = new AbortController();
  private timer: unknown;
  private timerAt: number | null = null;
  private stopped = false;
  /** Settles when every queue is idle; tests and notify-test wait on it. */
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: NotifierOptions) {
    this.policy = new NotifyPolicy(options.afterMs);
    this.queues = options.targets.map((t) => new TargetQueue(t));
    this.timers = options.timers ?? {
      setTimeout: (cb, ms) => setTimeout(cb, ms).unref(),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    };
    this.now = options.now ?? (() => new Date());
    this.sendOne = options.send ?? sendWithKind;
    this.hostName = options.hostName ?? hostname();
  }

  /** The Docker host's name once the engine told it (engine /info Name). */
  setHostName(name: string): void {
    if (name.trim() !== '') this.hostName = name.trim();
  }

  /** Feeds one pass's report; returns at once (deliveries run in the background). */
  observe(report: Report, at: Date): void {
    if (this.stopped) return;
    this.dispatch(this.policy.observe(report.nodes.map(verdictOf), at), at);
    this.arm();
  }

  /** Sends one test event to every target (notify-test); resolves when each has been tried. */
  async test(): Promise<{ target: NotifyTarget; error?: NotifyError }[]> {
    const at = this.now();
    const event: NotifyEvent = {
      event: 'notify.test',
      node: '-',
      host: this.hostName,
      from: null,
      to: '-',
      status: 'pass',
      since: at.toISOString(),
      cause: 'notify.test',
      summary: 'test notification',
      remedy: null,
      steps: [],
      cloudShows: '-',
      statusPage: this.options.publicUrl ?? null,
      at: at.toISOString(),
    };
    const message = renderMessage(event);
    return Promise.all(
      this.queues.map(async (q) => {
        // notify-test prints one line per target itself: no log lines, no counts.
        const error = await this.deliver(q, message, false);
        return error ? { target: q.target, error } : { target: q.target };
      }),
    );
  }

  /** Abandons pending deliveries and the timer; returns at once. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.abort.abort(new Error('stopped'));
    for (const q of this.queues) q.items.length = 0;
    this.settleIdle();
  }

  /** Resolves when no delivery is queued or running (for tests and benchmarks). */
  idle(): Promise<void> {
    if (this.queues.every((q) => !q.running && q.items.length === 0)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private tick(): void {
    this.timer = undefined;
    this.timerAt = null;
    if (this.stopped) return;
    const at = this.now();
    this.dispatch(this.policy.due(at), at);
    this.arm();
  }

  /** One timer, set for the policy's next due time, so a problem is told when its delay ends, not at the next pass. */
  private arm(): void {
    const next = this.policy.nextDueAt();
    if (next === null || this.stopped) return;
    if (this.timerAt !== null && this.timerAt <= next.getTime()) return;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timerAt = next.getTime();
    this.timer = this.timers.setTimeout(() => this.tick(), Math.max(0, next.getTime() - this.now().getTime()));
  }

  private dispatch(events: PolicyEvent[], at: Date): void {
    for (const e of events) {
      const message = renderMessage({
        event: e.event,
        node: e.verdict.node,
        host: this.hostName,
        from: e.from,
        to: e.verdict.state,
        status: e.verdict.status,
        since: e.since.toISOString(),
        cause: e.verdict.cause,
        summary: e.verdict.summary,
        remedy: e.verdict.remedy,
        steps: e.verdict.steps,
        cloudShows: e.verdict.cloudShows,
        statusPage: this.options.publicUrl ?? null,
        ...(e.count !== undefined ? { count: e.count } : {}),
        at: at.toISOString(),
      });
      for (const q of this.queues) this.enqueue(q, message);
    }
  }

  private enqueue(q: TargetQueue, message: NotifyMessage): void {
    const limit = this.options.queueLimit ?? DEFAULT_QUEUE_LIMIT;
    q.items.push({ message });
    while (q.items.length > limit) {
      const dropped = q.items.shift()!;
      this.options.count?.(q.target.label, dropped.message.event.event, 'dropped');
    }
    if (!q.running) void this.drain(q);
  }

  private async drain(q: TargetQueue): Promise<void> {
    q.running = true;
    try {
      while (!this.stopped && q.items.length > 0) {
        const { message } = q.items.shift()!;
        await this.deliver(q, message);
      }
    } finally {
      q.running = false;
      this.settleIdle();
    }
  }

  /** Up to 3 tries (1 when the receiver refuses for good); counted, and logged once per change of the target's health. */
  private async deliver(q: TargetQueue, message: NotifyMessage, record = true): Promise<NotifyError | undefined> {
    const backoff = this.options.backoffMs ?? DEFAULT_BACKOFF_MS;
    let last: NotifyError | undefined;
    for (let attempt = 0; attempt <= backoff.length; attempt++) {
      const abandoned = () => new NotifyError('aborted', `${q.target.display}: delivery abandoned`);
      if (this.stopped) return abandoned();
      if (attempt > 0 && !(await this.wait(backoff[attempt - 1]!))) return abandoned();
      const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS)]);
      try {
        await this.sendOne(q.target, message, { signal });
        if (!record) return undefined;
        this.options.count?.(q.target.label, message.event.event, 'sent');
        if (q.failed) {
          q.failed = false;
          const target = q.target.display;
          this.options.logger.emit('info', { event: 'notify.recovered', target }, `notifications to ${target} work again`);
        }
        return undefined;
      } catch (err) {
        last =
          err instanceof NotifyError
            ? err
            : new NotifyError('unreachable', redactText(`${q.target.display}: ${(err as Error).message}`, q.target.secrets));
        if (this.stopped) return last;
        if (last.permanent) break;
      }
    }
    if (!record) return last;
    this.options.count?.(q.target.label, message.event.event, 'failed');
    if (!q.failed) {
      q.failed = true;
      const error = redactText(last!.message, q.target.secrets);
      const target = q.target.display;
      this.options.logger.emit('warn', { event: 'notify.failed', target, error }, `notifications to ${target} fail: ${error}`);
    }
    return last;
  }

  /** Backoff that ends early on stop(); false when stopped. */
  private wait(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.abort.signal.aborted) return resolve(false);
      const handle = setTimeout(() => {
        this.abort.signal.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      const onAbort = () => {
        clearTimeout(handle);
        resolve(false);
      };
      this.abort.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private settleIdle(): void {
    if (!this.stopped && !this.queues.every((q) => !q.running && q.items.length === 0)) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
