// The watcher's one priority rule (src/watch/queue.ts): full > quick > node > rejudge.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WorkQueue } from '../../../src/watch/queue.ts';
import type { PassWork } from '../../../src/pass/run-pass.ts';

const drain = (q: WorkQueue): PassWork[] => {
  const out: PassWork[] = [];
  for (let w = q.take(); w; w = q.take()) out.push(w);
  return out;
};

describe('WorkQueue', () => {
  it('a full pass absorbs pending node passes and a rejudge, but not a quick verdict', () => {
    const q = new WorkQueue();
    q.add({ kind: 'node', id: 'a' });
    q.add({ kind: 'rejudge' });
    q.add({ kind: 'quick', id: 'b' });
    q.add({ kind: 'full' });
    assert.deepEqual(drain(q), [{ kind: 'full' }, { kind: 'quick', id: 'b' }]);
  });

  it('without a full pass: quick, then node passes in arrival order, then one rejudge', () => {
    const q = new WorkQueue();
    q.add({ kind: 'rejudge' });
    q.add({ kind: 'node', id: 'a' });
    q.add({ kind: 'node', id: 'b' });
    q.add({ kind: 'node', id: 'a' });
    q.add({ kind: 'quick', id: 'c' });
    q.add({ kind: 'rejudge' });
    assert.equal(q.size, 4);
    assert.deepEqual(drain(q), [{ kind: 'quick', id: 'c' }, { kind: 'node', id: 'a' }, { kind: 'node', id: 'b' }, { kind: 'rejudge' }]);
    assert.equal(q.take(), undefined);
  });
});
