// The benchmark run: every benchmark in one run on this machine, then bench/results.json and bench/results.md.
//   node --import tsx bench/run.ts [--only latency,startup,serving,footprint,scale,notify,passcost,image] [--trials N] [--quick]
// (scripts/bench provisions the machine first and runs this.) Not a test: nothing here asserts; every target
// missed is reported with the figure.

import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { currentResultsSection } from './cloud-listing.ts';

// Every container, volume and network this run makes carries netdata-cloud-doctor.test=bench-<id>; set
// before the test bed's modules are loaded (they read it once).
process.env.NCD_TEST_RUN_ID ??= `bench-${randomBytes(4).toString('hex')}`;

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    trials: { type: 'string' },
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    // Keep the figures of the benchmarks not run from the results.json already in --out (each step says when it ran).
    merge: { type: 'boolean', default: false },
  },
});

const { log, nowMs, round } = await import('./lib/util.ts');
const { REPO, DOCTOR_ROOT, buildCompiled } = await import('./lib/doctor.ts');
const { cleanup, RUN_ID } = await import('./lib/agents.ts');
const { machine } = await import('./lib/machine.ts');
const { renderMarkdown } = await import('./report.ts');

const ALL = ['latency', 'startup', 'serving', 'footprint', 'scale', 'notify', 'passcost', 'image'] as const;
type Name = (typeof ALL)[number];
const only = new Set<Name>((values.only ? values.only.split(',') : ALL) as Name[]);
const quick = values.quick === true;
const trials = Number(values.trials ?? (quick ? 3 : 20));
const outDir = values.out ?? path.join(REPO, 'bench');

let cleaning: Promise<void> | undefined;
const cleanOnce = () => (cleaning ??= cleanup().catch((err: Error) => log(`cleanup: ${err.message}`)));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: removing this run's containers (label netdata-cloud-doctor.test=${RUN_ID})`);
    void cleanOnce().finally(() => process.exit(130));
  });
}

const started = nowMs();
const results: Record<string, unknown> = {
  runId: RUN_ID,
  startedAt: new Date().toISOString(),
  machine: await machine(),
  options: { trials, quick },
};
const errors: Record<string, string> = {};
const loads: Record<string, { seconds: number; loadAverage1m: number; at?: string }> = {};
results.steps = loads;
const previousFile = path.join(outDir, 'results.json');
if (values.merge && existsSync(previousFile)) {
  const previous = JSON.parse(readFileSync(previousFile, 'utf8')) as Record<string, unknown>;
  const previousSteps = (previous.steps ?? {}) as typeof loads;
  for (const name of ALL) {
    if (only.has(name) || previous[name] === undefined) continue;
    results[name] = previous[name];
    loads[name] = { ...previousSteps[name]!, at: previousSteps[name]?.at ?? String(previous.startedAt) };
  }
}

async function step<T>(name: Name, run: () => Promise<T>): Promise<void> {
  if (!only.has(name)) return;
  const t = nowMs();
  log(`== ${name}`);
  try {
    results[name] = await run();
  } catch (err) {
    errors[name] = err instanceof Error ? (err.stack ?? err.message) : String(err);
    log(`${name} FAILED: ${errors[name]}`);
  }
  // The 1-minute load average as each benchmark ends: other work on this machine shows in every figure.
  loads[name] = { seconds: round((nowMs() - t) / 1000), loadAverage1m: round(loadavg()[0]!, 2), at: new Date().toISOString() };
  log(`== ${name} done in ${loads[name].seconds} s (load average ${loads[name].loadAverage1m})`);
}

try {
  log(`compiling ${DOCTOR_ROOT}/src into bench/.build (the compiled doctor, as the image runs it)`);
  buildCompiled();
  results.doctorRoot = DOCTOR_ROOT;
  await step('latency', async () => (await import('./latency.ts')).runLatency(trials));
  await step('startup', async () => (await import('./startup.ts')).runStartup(quick ? 3 : 10));
  await step('serving', async () => (await import('./serving.ts')).runServing(quick ? 3 : 10, quick ? 1 : 3));
  await step('footprint', async () => (await import('./footprint.ts')).runFootprint(quick ? 20 : 60));
  await step('scale', async () => (await import('./scale.ts')).runScale(quick ? [1, 10] : [1, 10, 50, 100]));
  await step('notify', async () => (await import('./notify.ts')).runNotify(quick ? 3 : 7));
  await step('image', async () =>
    (await import('./image-footprint.ts')).runImageFootprint(quick ? 1 : 3, quick ? 20 : 40, quick ? 10 : 20),
  );
  await step('passcost', async () => (await import('./pass-cost.ts')).runPassCost(quick ? [1, 10] : [1, 10, 50], quick ? 3 : 5));
} finally {
  await cleanOnce();
}

results.errors = errors;
results.wallSeconds = round((nowMs() - started) / 1000);
results.finishedAt = new Date().toISOString();
writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
// The Cloud listing figures (bench/cloud-listing.ts, run on its own) are kept across full runs.
const resultsMd = path.join(outDir, 'results.md');
const cloudSection = existsSync(resultsMd) ? currentResultsSection(readFileSync(resultsMd, 'utf8')) : undefined;
writeFileSync(resultsMd, `${renderMarkdown(results).replace(/\n*$/, '\n')}${cloudSection ? `\n${cloudSection}\n` : ''}`);
log(`wrote ${path.join(outDir, 'results.md')} and results.json in ${results.wallSeconds} s`);
process.exit(Object.keys(errors).length ? 1 : 0);
