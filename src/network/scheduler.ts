// Probe etiquette (CONTRACT §9): at most one probe per (endpoint, proxy, network namespace) per
// DOCTOR_PROBE_INTERVAL, with jitter, each bounded by its own timeouts; a pass never waits for a probe.
// The doctor must never be the reason a user's IP gets rate-limited by Netdata Cloud.

import type { NetworkFacts, ProbeResult } from '../facts/types.ts';

interface Entry {
  result?: ProbeResult;
  running?: Promise<ProbeResult | undefined>;
  /** No new probe before this time (ms since epoch). */
  notBefore: number;
}

export interface SchedulerOptions {
  intervalMs: number;
  clock?: () => number;
  random?: () => number;
  /** Called when a probe finished, so the caller can judge the node again. */
  onResult?: (key: string) => void;
}

export const probeKey = (endpoint: string, proxy: string | null, namespace: string): string =>
  `${endpoint}|${proxy ?? 'direct'}|${namespace}`;

export class ProbeScheduler {
  private readonly entries = new Map<string, Entry>();
  private readonly clock: () => number;
  private readonly random: () => number;

  constructor(private readonly options: SchedulerOptions) {
    this.clock = options.clock ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /** The latest result for the key; starts a probe when one is due. Never waits. */
  request(key: string, probe: () => Promise<ProbeResult>): NetworkFacts {
    const entry = this.entries.get(key) ?? { notBefore: 0 };
    this.entries.set(key, entry);
    const now = this.clock();
    if (!entry.running && now >= entry.notBefore) {
      // Jitter spreads the probes of many doctors (and many nodes) over a tenth of the interval.
      entry.notBefore = now + this.options.intervalMs + Math.floor(this.random() * this.options.intervalMs * 0.1);
      entry.running = probe()
        .then((result) => {
          entry.result = result;
          return result;
        })
        .catch(() => undefined)
        .finally(() => {
          entry.running = undefined;
          this.options.onResult?.(key);
        });
    }
    if (entry.result) return { state: 'done', result: entry.result, pending: Boolean(entry.running) };
    return { state: 'pending' };
  }

  /** For one-shot `check`: wait for the probe under way, if any. */
  async settle(key: string): Promise<NetworkFacts> {
    const entry = this.entries.get(key);
    if (entry?.running) await entry.running;
    return entry?.result
      ? { state: 'done', result: entry.result, pending: false }
      : { state: 'unavailable', reason: 'the probe did not finish' };
  }

  /** Drop what is known for keys no longer in use, so memory follows the fleet. */
  retain(keys: ReadonlySet<string>): void {
    for (const key of this.entries.keys()) if (!keys.has(key) && !this.entries.get(key)!.running) this.entries.delete(key);
  }
}
