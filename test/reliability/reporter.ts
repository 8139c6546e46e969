// node:test reporter for the reliability ledger (record.ts): one JSON line per declared trial, with the
// test's outcome. node:test emits a test's diagnostics right after its test:pass / test:fail event, so each
// diagnostic is matched to the last outcome of the same file, line and nesting.

import { LEDGER_PREFIX, type LedgerRecord, type ReliabilityTrial } from './record.ts';

export interface LedgerLine extends ReliabilityTrial {
  test: string;
  file: string;
  held: boolean;
  observed: string[];
  error?: string;
}

interface Outcome {
  name: string;
  file: string;
  passed: boolean;
  error?: string;
}
interface TestEvent {
  type: string;
  data: { name?: string; file?: string; line?: number; nesting?: number; message?: string; details?: { error?: unknown } };
}

const key = (d: TestEvent['data']) => `${d.file}:${d.line}:${d.nesting}`;

function errorText(error: unknown): string {
  const e = error as { cause?: { message?: string }; message?: string } | undefined;
  return String(e?.cause?.message ?? e?.message ?? error)
    .split('\n')[0]!
    .slice(0, 300);
}

export default async function* ledgerReporter(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  const outcomes = new Map<string, Outcome>();
  const open = new Map<string, LedgerLine[]>();
  const flush = function* (k: string) {
    for (const line of open.get(k) ?? []) yield JSON.stringify(line) + '\n';
    open.delete(k);
  };
  for await (const event of source) {
    const d = event.data;
    if (event.type === 'test:pass' || event.type === 'test:fail') {
      yield* flush(key(d));
      outcomes.set(key(d), {
        name: d.name ?? '',
        file: d.file ?? '',
        passed: event.type === 'test:pass',
        ...(event.type === 'test:fail' ? { error: errorText(d.details?.error) } : {}),
      });
    } else if (event.type === 'test:diagnostic' && d.message?.startsWith(LEDGER_PREFIX)) {
      const outcome = outcomes.get(key(d));
      if (!outcome) continue;
      const record = JSON.parse(d.message.slice(LEDGER_PREFIX.length)) as LedgerRecord;
      const lines = open.get(key(d)) ?? [];
      if (record.kind === 'trial' && record.trial) {
        lines.push({
          ...record.trial,
          test: outcome.name,
          file: outcome.file,
          held: outcome.passed,
          observed: [],
          ...(outcome.error ? { error: outcome.error } : {}),
        });
        open.set(key(d), lines);
      } else if (record.kind === 'observed' && record.observed !== undefined) {
        lines.at(-1)?.observed.push(record.observed);
      }
    }
  }
  for (const k of [...open.keys()]) yield* flush(k);
}
