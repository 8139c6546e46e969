// Keeps the last listing of Netdata Cloud (CONTRACT §12) without ever being on a pass's critical path:
// `snapshot()` answers at once with what the last fetch found. One fetch (every configured Space, one after the
// other) per interval, the next one scheduled only once the last has finished, plus up to 10 % jitter, never
// sooner; 429 and 5xx back off exponentially, at least as long as Retry-After asks. Clock and timers are
// injected so the schedule is tested without sleeping.

import { type CloudApiError, CloudRateLimitedError, CloudServerError, type CloudApi } from './client.ts';
import { fetchSnapshot, snapshotApiFailure, type CloudSnapshot } from './listing.ts';

export interface PollerTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface CloudPollerOptions {
  api: CloudApi;
  spaces: readonly string[] | 'all';
  intervalMs: number;
  /** Room IDs of every agent's NETDATA_CLAIM_ROOMS, read at each fetch. */
  claimRoomIds?: () => readonly string[];
  now?: () => Date;
  timers?: PollerTimers;
  /** In [0, 1): the share of the jitter window used. */
  random?: () => number;
  /** The API stopped answering (token refused, unreachable, every Space failing): once per outage. */
  onUnreachable?: (error: CloudApiError) => void;
  /** It answers again after onUnreachable: once. */
  onRecovered?: () => void;
  /** Every failed API call (the metrics counter). */
  onApiError?: (error: CloudApiError) => void;
  /** Each finished fetch, e.g. to re-judge nodes with the new listing. */
  onSnapshot?: (snapshot: CloudSnapshot) => void;
  /** Errors the poller cannot classify (bugs): logged by the caller, never thrown into a timer. */
  onInternalError?: (error: unknown) => void;
}

const JITTER = 0.1;
const MAX_BACKOFF_MS = 3_600_000;

const realTimers: PollerTimers = {
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class CloudPoller {
  private last: CloudSnapshot | undefined;
  private inFlight: Promise<CloudSnapshot> | undefined;
  private timer: unknown;
  private running = false;
  private stopped = false;
  private down = false;
  private throttled = 0;
  private readonly timers: PollerTimers;
  private readonly now: () => Date;
  private readonly random: () => number;

  constructor(private readonly options: CloudPollerOptions) {
    this.timers = options.timers ?? realTimers;
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
  }

  /** The last listing, at once; undefined until the first fetch has finished. */
  snapshot(): CloudSnapshot | undefined {
    return this.last;
  }

  /** serve: the first fetch now, then one per interval (never sooner) until stop(). */
  start(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    this.cycle();
  }

  /** check: one fetch now (or the one already under way), resolved with its snapshot; never rejects. */
  refreshOnce(): Promise<CloudSnapshot> {
    return this.fetch();
  }

  /** Cancels the next fetch; a fetch under way finishes but changes nothing. */
  stop(): void {
    this.stopped = true;
    this.running = false;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private cycle(): void {
    this.timer = undefined;
    void this.fetch().then((snapshot) => {
      if (!this.running) return;
      const delay = this.nextDelay(snapshot);
      this.timer = this.timers.setTimeout(() => this.cycle(), delay);
    });
  }

  private fetch(): Promise<CloudSnapshot> {
    if (this.inFlight) return this.inFlight;
    const run = async (): Promise<CloudSnapshot> => {
      let snapshot: CloudSnapshot;
      try {
        snapshot = await fetchSnapshot(this.options.api, {
          spaces: this.options.spaces,
          claimRoomIds: this.options.claimRoomIds?.() ?? [],
          now: this.now,
          onApiError: (err) => {
            if (!this.stopped) this.options.onApiError?.(err);
          },
        });
      } catch (err) {
        // fetchSnapshot turns every API failure into the snapshot; anything else is a bug, kept out of the timers.
        this.options.onInternalError?.(err);
        snapshot = { fetchedAt: this.now().toISOString(), spaces: [], ...(this.last?.error ? { error: this.last.error } : {}) };
        return this.last ?? snapshot;
      }
      if (this.stopped) return snapshot;
      this.last = snapshot;
      this.transition(snapshot);
      this.options.onSnapshot?.(snapshot);
      return snapshot;
    };
    this.inFlight = run().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private transition(snapshot: CloudSnapshot): void {
    const failure = snapshotApiFailure(snapshot);
    if (failure && !this.down) {
      this.down = true;
      this.options.onUnreachable?.(failure);
    } else if (!failure && this.down) {
      this.down = false;
      this.options.onRecovered?.();
    }
  }

  /** The interval plus jitter; after a 429 or 5xx, doubling per throttled fetch and at least Retry-After. */
  private nextDelay(snapshot: CloudSnapshot): number {
    const interval = this.options.intervalMs;
    const errors = [snapshot.error, ...snapshot.spaces.map((s) => (s.ok ? undefined : s.error))];
    const throttling = errors.filter(
      (e): e is CloudRateLimitedError | CloudServerError => e instanceof CloudRateLimitedError || e instanceof CloudServerError,
    );
    let delay = interval;
    if (throttling.length > 0) {
      this.throttled++;
      const retryAfter = Math.max(0, ...throttling.map((e) => e.retryAfterMs ?? 0));
      delay = Math.max(Math.min(interval * 2 ** this.throttled, Math.max(MAX_BACKOFF_MS, interval)), retryAfter);
    } else {
      this.throttled = 0;
    }
    return Math.round(delay + delay * JITTER * Math.min(Math.max(this.random(), 0), 1));
  }
}
