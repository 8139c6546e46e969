// 2. Time to first verdict: from spawning `netdata-cloud-doctor serve` to the first 200 of /readyz (polled
// every 5 ms on loopback), with one agent (a fake v2.10.4 agent, online, on the --internal network, claimed to
// the local fake cloud), the real engine, default settings. A fresh process each trial, alternating the
// compiled JavaScript (dist/, as the image runs it) and the TypeScript sources through tsx (./bin in a
// checkout). Probe timeouts are excluded by design, not by the benchmark: serve never waits for a probe (a
// pending probe is `skip`), and a live node is not probed at all.

import { Doctor } from './lib/doctor.ts';
import { startLiveAgent } from './lib/agents.ts';
import { log, nowMs, round, summarize, until, type Summary } from './lib/util.ts';

export interface StartupVariant {
  /** spawn → /readyz 200 (ms). */
  readyMs: Summary;
  /** spawn → the first HTTP answer of any status: the process is up and listening (ms). */
  listeningMs: Summary;
  /** The first pass itself (gather + judge), from the doctor's own histogram (ms). */
  firstPassMs: Summary;
  samples: { listening: number; ready: number; firstPass: number }[];
}

export interface StartupResult {
  trials: number;
  compiled: StartupVariant;
  source: StartupVariant;
  agent: string;
}

async function once(compiled: boolean, target: string): Promise<{ listening: number; ready: number; firstPass: number }> {
  const doctor = await Doctor.start({ compiled, env: { DOCTOR_TARGETS: target } });
  try {
    let listening = 0;
    const ready = await until(
      'readyz 200',
      async () => {
        const r = await fetch(doctor.url('/readyz'), { signal: AbortSignal.timeout(2_000) });
        await r.arrayBuffer();
        const t = nowMs();
        if (!listening) listening = t;
        return r.status === 200 ? t : undefined;
      },
      30_000,
      5,
    );
    const { sum } = await doctor.passes();
    return { listening: listening - doctor.spawnedAt, ready: ready - doctor.spawnedAt, firstPass: sum * 1000 };
  } finally {
    await doctor.stop();
  }
}

function variant(samples: StartupVariant['samples']): StartupVariant {
  const r = (s: Summary): Summary => ({ n: s.n, median: round(s.median), p95: round(s.p95), min: round(s.min), max: round(s.max) });
  return {
    readyMs: r(summarize(samples.map((s) => s.ready))),
    listeningMs: r(summarize(samples.map((s) => s.listening))),
    firstPassMs: r(summarize(samples.map((s) => s.firstPass))),
    samples: samples.map((s) => ({ listening: round(s.listening), ready: round(s.ready), firstPass: round(s.firstPass) })),
  };
}

export async function runStartup(trials: number): Promise<StartupResult> {
  const agent = await startLiveAgent('startup');
  try {
    // One unmeasured start of each, so that neither the page cache nor tsx's transform cache is cold.
    await once(true, agent.name);
    await once(false, agent.name);
    const compiled: StartupVariant['samples'] = [];
    const source: StartupVariant['samples'] = [];
    for (let i = 0; i < trials; i++) {
      compiled.push(await once(true, agent.name));
      source.push(await once(false, agent.name));
      log(`startup #${i + 1}: compiled ${round(compiled.at(-1)!.ready)} ms, source ${round(source.at(-1)!.ready)} ms`);
    }
    return { trials, compiled: variant(compiled), source: variant(source), agent: agent.name };
  } finally {
    await agent.remove();
  }
}
