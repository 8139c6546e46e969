// The reliability ledger (test/reliability/): trials are paired with their test's real outcome, a test that
// fails before observing still appears, failed, and tests declared in a loop on one line stay apart.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import ledgerReporter, { type LedgerLine } from '../reliability/reporter.ts';
import { LEDGER_PREFIX } from '../reliability/record.ts';
import { renderLedger } from '../reliability/render.ts';

const at = (line: number, extra: object = {}) => ({ file: '/repo/test/x.test.ts', line, nesting: 1, ...extra });
const diag = (line: number, record: object) => ({
  type: 'test:diagnostic',
  data: at(line, { message: LEDGER_PREFIX + JSON.stringify(record) }),
});
const trial = (tried: string) => ({ kind: 'trial', trial: { area: 'fault', tried, expected: 'stays up' } });

async function run(events: object[]): Promise<LedgerLine[]> {
  async function* source() {
    yield* events;
  }
  const lines: LedgerLine[] = [];
  for await (const chunk of ledgerReporter(source() as never)) lines.push(JSON.parse(chunk) as LedgerLine);
  return lines;
}

describe('reliability ledger reporter', () => {
  it('pairs trials and observations with pass and fail, per test, even on one source line', async () => {
    const lines = await run([
      { type: 'test:pass', data: at(10, { name: 'mode a' }) },
      diag(10, trial('a')),
      diag(10, { kind: 'observed', observed: 'fine' }),
      { type: 'test:fail', data: at(10, { name: 'mode b', details: { error: new Error('boom\nstack') } }) },
      diag(10, trial('b')),
      { type: 'test:diagnostic', data: at(10, { message: 'an ordinary diagnostic' }) },
    ]);
    assert.deepEqual(
      lines.map((l) => [l.tried, l.test, l.held, l.observed, l.error]),
      [
        ['a', 'mode a', true, ['fine'], undefined],
        ['b', 'mode b', false, [], 'boom'],
      ],
    );
  });

  it('renders a table per area with failures marked', () => {
    const md = renderLedger(
      [
        { area: 'fault', tried: 'engine | restart', expected: 'up', observed: ['ok'], held: true, test: 't1', file: '/repo/test/a.ts' },
        {
          area: 'secret',
          tried: 'token in env',
          expected: 'nowhere',
          observed: [],
          held: false,
          error: 'found',
          test: 't2',
          file: '/repo/test/b.ts',
        },
      ],
      '/repo',
      new Date('2026-01-01T00:00:00Z'),
      'here',
    );
    assert.match(md, /1 of 2 held/);
    assert.match(md, /## Faults[\s\S]*engine \\\| restart \| up \| ok \| yes \| test\/a\.ts: t1/);
    assert.match(md, /## Secrets[\s\S]*\*\*NO\*\*: found/);
    assert.doesNotMatch(md, /## Least privilege/);
  });
});
