// Writes docs/reliability.md from the ledger lines the reporter wrote during a whole run of the suite
// (scripts/test passes their paths). Run: node --import tsx test/reliability/write-doc.ts <ledger.jsonl>...

import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { LedgerLine } from './reporter.ts';
import { renderLedger } from './render.ts';

const REPO = resolve(import.meta.dirname, '../..');

function engineVersion(): string {
  try {
    return execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8', timeout: 5000 }).trim();
  } catch {
    return 'unknown';
  }
}

const files = process.argv.slice(2);
const lines = files.flatMap((f) =>
  readFileSync(f, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LedgerLine),
);
const machine = `Node ${process.version}, Docker Engine ${engineVersion()}, ${process.platform}/${process.arch}`;
writeFileSync(resolve(REPO, 'docs/reliability.md'), renderLedger(lines, REPO, new Date(), machine));
const failed = lines.filter((l) => !l.held).length;
console.error(`reliability: ${lines.length} trials, ${failed} did not hold -> docs/reliability.md`);
