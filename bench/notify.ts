// 6. Notification delay. One compiled doctor (interval 1 h: every pass comes from an event) watches one fake
// v2.10.4 agent, online, with DOCTOR_NOTIFY_AFTER=3s and a generic webhook receiver on 127.0.0.1. Each run:
// `docker kill` of the agent; t0 = the engine's `kill` event (timeNano); the problem has lasted
// DOCTOR_NOTIFY_AFTER at t0 + 3 s; the figure is the time from then to the receiver having the whole
// `node.problem` request. A fresh doctor per run (see below); the agent is started again between runs.
// Alone: `node --import tsx bench/notify.ts [--runs N]` merges its figure into bench/results.json and
// re-renders bench/results.md (the other figures stay); scripts/bench runs it as the `notify` step.

import { createServer } from 'node:http';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const SETTLE_MS = 3_000;

export interface NotifyBenchResult {
  runs: number;
  afterMs: number;
  /** t0 + DOCTOR_NOTIFY_AFTER → node.problem at the receiver, per run. */
  samplesMs: number[];
  summary: { n: number; median: number; p95: number; min: number; max: number };
  /** The same measured from the doctor's own `since` (when it saw the failure) instead of the kill event. */
  fromDoctorSinceMs: number[];
  wallSeconds: number;
}

export async function runNotify(runs: number): Promise<NotifyBenchResult> {
  const { Doctor } = await import('./lib/doctor.ts');
  const { docker, startLiveAgent } = await import('./lib/agents.ts');
  const { log, nowMs, round, summarize, until } = await import('./lib/util.ts');
  const afterMs = 3_000;
  const started = nowMs();

  const received: { at: number; body: { event: string; since: string } }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ at: nowMs(), body: JSON.parse(body) as { event: string; since: string } });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const hook = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;

  const agent = await startLiveAgent('notify');
  // The engine's kill events of the agent, as they happen (asking for them afterwards failed under load).
  const kills: number[] = [];
  const events = (await docker.getEvents({ filters: { container: [agent.id], event: ['kill'] } } as object)) as unknown as Readable;
  let pending = '';
  events.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (line.trim()) kills.push((JSON.parse(line) as { timeNano: number }).timeNano / 1e6);
    }
  });
  const samples: number[] = [];
  const fromSince: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      // A fresh doctor per run: one doctor would see the 4th kill within 30 minutes as flapping (CONTRACT §13).
      const doctor = await Doctor.start({
        compiled: true,
        env: {
          DOCTOR_TARGETS: agent.name,
          DOCTOR_INTERVAL: '1h',
          DOCTOR_START_PERIOD: '0s',
          DOCTOR_NOTIFY: hook,
          DOCTOR_NOTIFY_AFTER: `${afterMs}ms`,
        },
      });
      try {
        await doctor.ready();
        const live = async () => ((await doctor.status(`/health/${agent.name}`)) === 200 ? true : undefined);
        await until('agent live', live, 60_000, 50);
        // Let the passes of the start settle, so the kill meets an idle doctor, as in the detection benchmark.
        await sleep(SETTLE_MS);
        const before = received.length;
        const tReq = nowMs();
        await docker.getContainer(agent.id).kill();
        const told = async () => received.slice(before).find((r) => r.body.event === 'node.problem');
        const problem = await until('node.problem', told, afterMs + 30_000, 5);
        const t0 = await until('kill event', async () => kills.find((t) => t >= tReq - 5), 30_000, 20);
        samples.push(round(problem.at - (t0 + afterMs)));
        fromSince.push(round(problem.at - (Date.parse(problem.body.since) + afterMs)));
        log(`notify run ${i + 1}/${runs}: ${samples.at(-1)} ms after the delay ended (${fromSince.at(-1)} ms from the doctor's since)`);
      } finally {
        await doctor.stop().catch(() => undefined);
      }
      await docker.getContainer(agent.id).start();
    }
  } finally {
    events.destroy();
    server.close();
    await agent.remove().catch(() => undefined);
  }
  const wallSeconds = round((nowMs() - started) / 1000);
  return { runs, afterMs, samplesMs: samples, summary: summarize(samples), fromDoctorSinceMs: fromSince, wallSeconds };
}

// Alone: measure, merge into results.json, re-render results.md.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.env.NCD_TEST_RUN_ID ??= `bench-${randomBytes(4).toString('hex')}`;
  const { values } = parseArgs({ options: { runs: { type: 'string' } } });
  const { REPO, buildCompiled } = await import('./lib/doctor.ts');
  const { cleanup } = await import('./lib/agents.ts');
  const { renderMarkdown } = await import('./report.ts');
  const { log } = await import('./lib/util.ts');
  let result: NotifyBenchResult;
  try {
    buildCompiled();
    result = await runNotify(Number(values.runs ?? 7));
  } finally {
    await cleanup();
  }
  const jsonPath = path.join(REPO, 'bench', 'results.json');
  const results = existsSync(jsonPath) ? (JSON.parse(readFileSync(jsonPath, 'utf8')) as Record<string, unknown>) : {};
  results.notify = result;
  // As run.ts records each step: the machine's load shows in the figure (the detection part above all).
  const steps = (results.steps ??= {}) as Record<string, unknown>;
  steps.notify = { seconds: result.wallSeconds, loadAverage1m: Math.round(loadavg()[0]! * 100) / 100 };
  writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(REPO, 'bench', 'results.md'), renderMarkdown(results));
  log(`notify: median ${result.summary.median} ms over ${result.runs} runs; bench/results.json and results.md updated`);
  process.exit(0);
}
