// A fake clock for the watcher (src/watch/timers.ts): time moves only when a test advances it, and every
// timer due on the way runs in order, with the promises it starts settled before the next one.

import type { TimerHandle, Timers } from '../../../src/watch/timers.ts';

/** Lets every promise chain that is ready run: a few turns of the event loop, no wall-clock time. */
export async function settle(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Polls `probe` between event-loop turns (never sleeping) until it holds. */
export async function eventually(what: string, probe: () => boolean, turns = 2_000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (probe()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error(`never happened: ${what}`);
}

export class FakeTimers implements Timers {
  private nowMs: number;
  private seq = 0;
  private readonly pending = new Map<number, { at: number; run: () => void }>();

  constructor(start = Date.parse('2026-12-04T12:00:00Z')) {
    this.nowMs = start;
  }

  now = (): Date => new Date(this.nowMs);

  setTimeout = (run: () => void, ms: number): TimerHandle => {
    const id = ++this.seq;
    this.pending.set(id, { at: this.nowMs + Math.max(0, ms), run });
    return { id };
  };

  clearTimeout = (handle: TimerHandle | undefined): void => {
    if (handle && 'id' in handle && typeof handle.id === 'number') this.pending.delete(handle.id);
  };

  /** Timers set and not yet run or cleared. */
  get count(): number {
    return this.pending.size;
  }

  /** When the next timer is due, in ms from now; undefined when none is set. */
  nextDueIn(): number | undefined {
    const ats = [...this.pending.values()].map((p) => p.at);
    return ats.length ? Math.min(...ats) - this.nowMs : undefined;
  }

  /** Moves the clock `ms` forward, running each timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    const end = this.nowMs + ms;
    await settle();
    for (;;) {
      const due = [...this.pending.entries()].filter(([, p]) => p.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!due) break;
      const [id, timer] = due;
      this.pending.delete(id);
      this.nowMs = Math.max(this.nowMs, timer.at);
      timer.run();
      await settle();
    }
    this.nowMs = end;
    await settle();
  }
}
