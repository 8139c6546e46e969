// Which log lines belong to the current run: the engine can stamp a run's first lines before its StartedAt,
// so the current run's logs are read from a second earlier, but never from before the previous run ended.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RUN_START_SLACK_MS, currentRunSince } from '../../../src/gather/gather.ts';

const at = (iso: string) => new Date(iso);

describe('currentRunSince', () => {
  it('a first run (FinishedAt zero or absent): a second before StartedAt', () => {
    assert.equal(RUN_START_SLACK_MS, 1_000);
    assert.deepEqual(currentRunSince({ startedAt: at('2026-11-24T00:31:11.845Z') }), at('2026-11-24T00:31:10.845Z'));
  });

  it('running after a restart 300 ms after the previous run ended: from that end, not earlier', () => {
    assert.deepEqual(
      currentRunSince({ startedAt: at('2026-11-24T00:31:11.845Z'), finishedAt: at('2026-11-24T00:31:11.545Z') }),
      at('2026-11-24T00:31:11.545Z'),
    );
  });

  it('running, the previous run ended long ago: a second before StartedAt', () => {
    assert.deepEqual(
      currentRunSince({ startedAt: at('2026-11-24T00:31:11.845Z'), finishedAt: at('2026-11-23T00:00:00Z') }),
      at('2026-11-24T00:31:10.845Z'),
    );
  });

  it("exited (FinishedAt after StartedAt is this run's end): a second before StartedAt", () => {
    assert.deepEqual(
      currentRunSince({ startedAt: at('2026-11-24T00:31:11.845Z'), finishedAt: at('2026-11-24T00:31:15Z') }),
      at('2026-11-24T00:31:10.845Z'),
    );
  });

  it('never started: nothing to read', () => {
    assert.equal(currentRunSince({}), undefined);
  });
});
