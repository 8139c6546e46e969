// The watcher's pending work and the one rule that orders it. A full pass covers every node, so it
// absorbs pending node passes and a pending rejudge (it attaches the newest probe results itself); a quick
// verdict after an exit goes before node passes (it needs only one inspect); a rejudge goes last. Pure.

import type { PassWork } from '../pass/run-pass.ts';

export class WorkQueue {
  private full = false;
  private readonly quick = new Set<string>();
  private readonly nodes = new Set<string>();
  private rejudge = false;

  add(work: PassWork): void {
    switch (work.kind) {
      case 'full':
        this.full = true;
        break;
      case 'quick':
        this.quick.add(work.id);
        break;
      case 'node':
        this.nodes.add(work.id);
        break;
      case 'rejudge':
        this.rejudge = true;
        break;
    }
  }

  get size(): number {
    return (this.full ? 1 : 0) + this.quick.size + this.nodes.size + (this.rejudge ? 1 : 0);
  }

  /** The next pass to run, removed from the queue: full > quick > node > rejudge. */
  take(): PassWork | undefined {
    if (this.full) {
      this.full = false;
      this.nodes.clear();
      this.rejudge = false;
      return { kind: 'full' };
    }
    for (const [set, kind] of [
      [this.quick, 'quick'],
      [this.nodes, 'node'],
    ] as const) {
      const [id] = set;
      if (id !== undefined) {
        set.delete(id);
        return { kind, id };
      }
    }
    if (this.rejudge) {
      this.rejudge = false;
      return { kind: 'rejudge' };
    }
    return undefined;
  }
}
