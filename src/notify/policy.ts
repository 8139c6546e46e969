// When to notify (CONTRACT §13), as pure rules over each pass's node verdicts and the time given to them
// (no clock of its own): a problem is told once it has lasted `afterMs`, a recovery only after a told
// problem, and a node that enters `fail` more than 3 times in 30 minutes is told once as flapping, then
// nothing until its status has not changed for 30 minutes.

import type { Step } from '../checks/types.ts';

export interface NodeVerdict {
  node: string;
  status: 'pass' | 'warn' | 'fail';
  state: string;
  cause: string;
  summary: string;
  remedy: string | null;
  steps: Step[];
  cloudShows: string;
}

export interface PolicyEvent {
  event: 'node.problem' | 'node.recovered' | 'node.flapping';
  verdict: NodeVerdict;
  from: string | null;
  since: Date;
  count?: number;
}

export const FLAP_WINDOW_MS = 30 * 60_000;
/** More than this many problems in the window is flapping. */
export const FLAP_LIMIT = 3;

interface NodeMemory {
  verdict: NodeVerdict;
  /** The state before the current fail streak began (or the previous state, when not failing). */
  stateBefore: string | null;
  failingSince: Date | null;
  /** A problem of the current streak (or the flapping) was told: a recovery is owed. */
  told: boolean;
  /** Start times of the fail streaks within the flap window. */
  problems: Date[];
  flapping: boolean;
  /** Last time the status went into or out of `fail`. */
  changedAt: Date;
}

export class NotifyPolicy {
  private readonly nodes = new Map<string, NodeMemory>();

  constructor(private readonly afterMs: number) {}

  /** A pass's verdicts at time `at`: the events due now. Nodes absent from the pass are forgotten. */
  observe(verdicts: readonly NodeVerdict[], at: Date): PolicyEvent[] {
    const events: PolicyEvent[] = [];
    const seen = new Set<string>();
    for (const verdict of verdicts) {
      seen.add(verdict.node);
      const memory = this.nodes.get(verdict.node);
      if (!memory) {
        const failing = verdict.status === 'fail';
        this.nodes.set(verdict.node, {
          verdict,
          stateBefore: null,
          failingSince: failing ? at : null,
          told: false,
          problems: failing ? [at] : [],
          flapping: false,
          changedAt: at,
        });
        continue;
      }
      const wasFailing = memory.failingSince !== null;
      const failing = verdict.status === 'fail';
      if (!wasFailing && failing) {
        memory.stateBefore = memory.verdict.state;
        memory.failingSince = at;
        memory.changedAt = at;
        memory.problems = [...memory.problems.filter((t) => at.getTime() - t.getTime() < FLAP_WINDOW_MS), at];
        if (!memory.flapping && memory.problems.length > FLAP_LIMIT) {
          memory.flapping = true;
          memory.told = true;
          const count = memory.problems.length;
          events.push({ event: 'node.flapping', verdict, from: memory.stateBefore, since: memory.problems[0]!, count });
        }
      } else if (wasFailing && !failing) {
        const since = at;
        memory.changedAt = at;
        memory.failingSince = null;
        if (memory.told && !memory.flapping) {
          events.push({ event: 'node.recovered', verdict, from: memory.verdict.state, since });
          memory.told = false;
        }
        memory.stateBefore = memory.verdict.state;
      }
      memory.verdict = verdict;
    }
    for (const name of [...this.nodes.keys()]) if (!seen.has(name)) this.nodes.delete(name);
    return [...events, ...this.due(at)];
  }

  /** Events whose time has come without a new pass (a problem's delay elapsed, a flap calmed down). */
  due(at: Date): PolicyEvent[] {
    const events: PolicyEvent[] = [];
    for (const memory of this.nodes.values()) {
      const now = at.getTime();
      if (memory.flapping && now - memory.changedAt.getTime() >= FLAP_WINDOW_MS) {
        // Stable for 30 minutes: the flap is over. Still failing is now a lasting problem; otherwise it recovered.
        memory.flapping = false;
        memory.problems = memory.failingSince ? [memory.failingSince] : [];
        if (memory.failingSince) {
          events.push({ event: 'node.problem', verdict: memory.verdict, from: memory.stateBefore, since: memory.failingSince });
          memory.told = true;
        } else {
          events.push({ event: 'node.recovered', verdict: memory.verdict, from: memory.stateBefore, since: memory.changedAt });
          memory.told = false;
        }
        continue;
      }
      if (!memory.flapping && !memory.told && memory.failingSince && now - memory.failingSince.getTime() >= this.afterMs) {
        events.push({ event: 'node.problem', verdict: memory.verdict, from: memory.stateBefore, since: memory.failingSince });
        memory.told = true;
      }
    }
    return events;
  }

  /** When `due` next has something to say, if nothing else changes; null when nothing is pending. */
  nextDueAt(): Date | null {
    let next: number | null = null;
    const consider = (t: number) => (next = next === null ? t : Math.min(next, t));
    for (const memory of this.nodes.values()) {
      if (memory.flapping) consider(memory.changedAt.getTime() + FLAP_WINDOW_MS);
      else if (!memory.told && memory.failingSince) consider(memory.failingSince.getTime() + this.afterMs);
    }
    return next === null ? null : new Date(next);
  }
}
