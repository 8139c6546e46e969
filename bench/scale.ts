// 5. Scale: 1, 10, 50 and 100 agent containers on one engine. Light agents (bench/lib/agents.ts
// startLightAgents: the v1 agent image with Debian's real netdata 1.37.1 binaries, `sleep infinity` instead
// of the daemon, no network), named in DOCTOR_TARGETS. For each size a fresh compiled doctor (exec auto,
// interval INTERVAL, start period 0 s) through the counting forwarder: spawn → /readyz 200 (the first, cold pass), then the
// next full passes, each timed by the doctor's own histogram (gather + judge) and its Docker API requests
// counted between the end of one pass and the end of the next (the doctor is idle in between; a window
// holding anything but one full pass is skipped), RSS after them
// and its peak (VmHWM).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApiCounter, byRoute } from './lib/api-counter.ts';
import { Doctor } from './lib/doctor.ts';
import { startLightAgents, type LightAgent } from './lib/agents.ts';
import { log, mb, median, nowMs, procSample, round, until } from './lib/util.ts';

const INTERVAL = '2s';
const STEADY_PASSES = 3;

export interface ScalePoint {
  agents: number;
  readyMs: number;
  firstPassMs: number;
  /** Steady full passes (after the first). */
  passMs: number[];
  passMedianMs: number;
  callsPerPass: number[];
  callsPerPassMedian: number;
  callsPerAgent: number;
  msPerAgent: number;
  rssMB: number;
  peakRssMB: number;
  routes: Record<string, number>;
}

export interface ScaleResult {
  agentKind: string;
  interval: string;
  points: ScalePoint[];
  /** calls(N) ≈ a + b·N and time(N) ≈ a + b·N, least squares over all sizes. */
  callsFit: { a: number; b: number };
  timeFit: { a: number; b: number };
  /** max ÷ min of calls per agent and of ms per agent over the sizes ≥ 10: 1 = exactly linear. */
  perAgentSpread: { calls: number; time: number };
  createSeconds: number;
}

/** Least-squares line y ≈ a + b·x. */
function fit(points: { x: number; y: number }[]): { a: number; b: number } {
  const n = points.length;
  const mx = points.reduce((t, p) => t + p.x, 0) / n;
  const my = points.reduce((t, p) => t + p.y, 0) / n;
  const sxx = points.reduce((t, p) => t + (p.x - mx) ** 2, 0);
  const b = sxx ? points.reduce((t, p) => t + (p.x - mx) * (p.y - my), 0) / sxx : 0;
  return { a: round(my - b * mx, 1), b: round(b, 2) };
}

/** max ÷ min of a per-agent cost over the sizes of 10 and more (a single agent is mostly fixed cost). */
function spread(values: number[]): number {
  return values.length ? round(Math.max(...values) / Math.min(...values), 3) : NaN;
}

async function point(agents: LightAgent[], dir: string): Promise<ScalePoint> {
  const counter = new ApiCounter(path.join(dir, `scale-${agents.length}.sock`));
  await counter.up();
  // Start period 0 s: agents started less than 60 s ago would otherwise each get a node pass when their start
  // period ends, in the middle of the measured passes (it changes no read, only warnings into failures).
  const doctor = await Doctor.start({ compiled: true, counter, env: { DOCTOR_TARGETS: agents.map((a) => a.name).join(','), DOCTOR_INTERVAL: INTERVAL, DOCTOR_START_PERIOD: '0s' } });
  try {
    const ready = await doctor.ready(300_000, 20);
    const first = await doctor.passes();
    let last = { ...first, t: nowMs() };
    const passMs: number[] = [];
    const callsPerPass: number[] = [];
    const routes: Record<string, number>[] = [];
    while (passMs.length < STEADY_PASSES) {
      const next = await until('next pass', async () => {
        const p = await doctor.passes();
        return p.count > last.count ? { ...p, t: nowMs() } : undefined;
      }, 300_000, 100);
      const calls = counter.calls(last.t, next.t);
      // One full pass and nothing else in the window: exactly one pass ended, and it began with GET /version
      // (a node pass, after an engine event of one of the agents, does not).
      if (next.count === last.count + 1 && calls.filter((c) => c.route === 'GET /version').length === 1) {
        passMs.push((next.sum - last.sum) * 1000);
        callsPerPass.push(calls.length);
        routes.push(byRoute(calls));
      }
      last = next;
    }
    const sample = procSample(doctor.pid);
    const n = agents.length;
    const passMedianMs = median(passMs);
    const callsMedian = median(callsPerPass);
    return {
      agents: n,
      readyMs: round(ready - doctor.spawnedAt),
      firstPassMs: round(first.sum * 1000),
      passMs: passMs.map((x) => round(x)),
      passMedianMs: round(passMedianMs),
      callsPerPass,
      callsPerPassMedian: callsMedian,
      callsPerAgent: round(callsMedian / n, 2),
      msPerAgent: round(passMedianMs / n, 1),
      rssMB: mb(sample.rssBytes),
      peakRssMB: mb(sample.hwmBytes),
      routes: routes.at(-1)!,
    };
  } finally {
    await doctor.stop();
    await counter.down();
  }
}

export async function runScale(sizes: number[]): Promise<ScaleResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ncd-bench-scale-'));
  const agents: LightAgent[] = [];
  const points: ScalePoint[] = [];
  let createMs = 0;
  try {
    for (const size of sizes) {
      const t = nowMs();
      agents.push(...(await startLightAgents(size - agents.length)));
      createMs += nowMs() - t;
      const p = await point(agents.slice(0, size), dir);
      points.push(p);
      log(`scale ${size}: pass ${p.passMedianMs} ms, ${p.callsPerPassMedian} calls/pass, RSS ${p.rssMB} MB (peak ${p.peakRssMB}), ready ${p.readyMs} ms`);
    }
    return {
      agentKind: 'light: ncd-test/netdata:v1 (Debian netdata 1.37.1 binaries, official layout and OCI labels) running `sleep infinity`, --network none',
      interval: INTERVAL,
      points,
      callsFit: fit(points.map((p) => ({ x: p.agents, y: p.callsPerPassMedian }))),
      timeFit: fit(points.map((p) => ({ x: p.agents, y: p.passMedianMs }))),
      perAgentSpread: {
        calls: spread(points.filter((p) => p.agents >= 10).map((p) => p.callsPerAgent)),
        time: spread(points.filter((p) => p.agents >= 10).map((p) => p.msPerAgent)),
      },
      createSeconds: round(createMs / 1000),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    // The containers go with the run's clean-up (label), all at once.
  }
}
