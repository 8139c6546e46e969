// Reliability ledger: a test that proves a fault, a hostile input, a secret or a privilege rule declares
// what it tries and what must hold, then what it observed. Both travel as node:test diagnostics, so the
// reporter (reporter.ts) pairs them with the test's real pass/fail and docs/reliability.md is written from
// the run (write-doc.ts), not by hand.

import type { TestContext } from 'node:test';

export const LEDGER_PREFIX = 'reliability-ledger ';

export type ReliabilityArea = 'fault' | 'input' | 'http' | 'config' | 'secret' | 'privilege';

export interface ReliabilityTrial {
  area: ReliabilityArea;
  /** What was done to the doctor: "the engine stops and restarts while serve runs". */
  tried: string;
  /** What must hold: "/livez stays 200, docker.api fails, recovers by itself". */
  expected: string;
}

export interface LedgerRecord {
  kind: 'trial' | 'observed';
  trial?: ReliabilityTrial;
  observed?: string;
}

/**
 * Declares a trial at the start of a test; call the returned function with what was seen (several calls
 * add up). A test that fails before observing still appears in the ledger, as failed with its error.
 */
export function reliability(t: TestContext, trial: ReliabilityTrial): (observed: string) => void {
  t.diagnostic(LEDGER_PREFIX + JSON.stringify({ kind: 'trial', trial } satisfies LedgerRecord));
  return (observed: string) => t.diagnostic(LEDGER_PREFIX + JSON.stringify({ kind: 'observed', observed } satisfies LedgerRecord));
}
