// 5. Scale: 1, 10, 50 and 100 agent containers on one engine. Light agents (bench/lib/agents.ts
// startLightAgents: the v1 agent image with Debian's real netdata 1.37.1 binaries, `sleep infinity` instead
// of the daemon, no network), named in DOCTOR_TARGETS. For each size two fresh compiled doctors, one after
// the other (exec auto, interval INTERVAL, start period 0 s): the first through the counting forwarder, whose
// Docker API requests are counted between the end of one pass and the end of the next (the doctor is idle in
// between; a window holding anything but one full pass is skipped); the second on the engine's own socket, as
// deployed, whose passes give the time (the doctor's own histogram: gather + judge), its spawn → /readyz 200
// (the first, cold pass), RSS after them and its peak (VmHWM).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApiCounter, byRoute } from './lib/api-counter.ts';
import { Doctor, PASS_POLL_MS } from './lib/doctor.ts';
import { startLightAgents, type LightAgent } from './lib/agents.ts';
import { log, mb, median, nowMs, procSample, round, until } from './lib/util.ts';

const INTERVAL = '2s';
const STEADY_PASSES = 3;

export interface ScalePoint {
  agents: number;
  readyMs: number;
  firstPassMs: number;
  /** Steady full passes (after the first), the doctor on the engine's own socket (as deployed). */
  passMs: number[];
  passMedianMs: number;
  /** The same through the counting forwarder (the run whose calls are counted): the forwarder's hop included. */
  passMsForwarded: number[];
  passMedianMsForwarded: number;
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

interface Steady {
  readyMs: number;
  firstPassMs: number;
  passMs: number[];
  callsPerPass: number[];
  routes: Record<string, number>[];
  rssMB: number;
  peakRssMB: number;
}

/** One doctor over `agents`: ready, then STEADY_PASSES full passes; with a counter, their calls too. */
async function steady(agents: LightAgent[], counter: ApiCounter | undefined): Promise<Steady> {
  // Start period 0 s: agents started less than 60 s ago would otherwise each get a node pass when their start
  // period ends, in the middle of the measured passes (it changes no read, only warnings into failures).
  const doctor = await Doctor.start({
    compiled: true,
    ...(counter ? { counter } : {}),
    env: { DOCTOR_TARGETS: agents.map((a) => a.name).join(','), DOCTOR_INTERVAL: INTERVAL, DOCTOR_START_PERIOD: '0s' },
  });
  try {
    const ready = await doctor.ready(300_000, 20);
    const first = await doctor.passes();
    let last = { ...first, t: nowMs() };
    const out: Steady = {
      readyMs: round(ready - doctor.spawnedAt),
      firstPassMs: round(first.sum * 1000),
      passMs: [],
      callsPerPass: [],
      routes: [],
      rssMB: 0,
      peakRssMB: 0,
    };
    while (out.passMs.length < STEADY_PASSES) {
      const next = await until(
        'next pass',
        async () => {
          const p = await doctor.passes();
          return p.count > last.count ? { ...p, t: nowMs() } : undefined;
        },
        300_000,
        PASS_POLL_MS,
      );
      // One full pass and nothing else in the window: exactly one pass ended and, where calls are counted,
      // it began with GET /version (a node pass, after an engine event of one of the agents, does not).
      const calls = counter?.calls(last.t, next.t);
      if (next.count === last.count + 1 && (!calls || calls.filter((c) => c.route === 'GET /version').length === 1)) {
        out.passMs.push((next.sum - last.sum) * 1000);
        if (calls) {
          out.callsPerPass.push(calls.length);
          out.routes.push(byRoute(calls));
        }
      }
      last = next;
    }
    const sample = procSample(doctor.pid);
    out.rssMB = mb(sample.rssBytes);
    out.peakRssMB = mb(sample.hwmBytes);
    return out;
  } finally {
    await doctor.stop();
  }
}

/**
 * Calls are counted through the forwarder; the time of a pass is taken from a second doctor on the
 * engine's own socket, as deployed: the forwarder is a hop in the benchmark's own process (each request
 * parsed, every byte copied twice), which costs time of its own at 800 requests a pass.
 */
async function point(agents: LightAgent[], dir: string): Promise<ScalePoint> {
  const counter = new ApiCounter(path.join(dir, `scale-${agents.length}.sock`));
  await counter.up();
  let counted: Steady;
  try {
    counted = await steady(agents, counter);
  } finally {
    await counter.down();
  }
  const direct = await steady(agents, undefined);
  const n = agents.length;
  const passMedianMs = median(direct.passMs);
  const callsMedian = median(counted.callsPerPass);
  return {
    agents: n,
    readyMs: direct.readyMs,
    firstPassMs: direct.firstPassMs,
    passMs: direct.passMs.map((x) => round(x)),
    passMedianMs: round(passMedianMs),
    passMsForwarded: counted.passMs.map((x) => round(x)),
    passMedianMsForwarded: round(median(counted.passMs)),
    callsPerPass: counted.callsPerPass,
    callsPerPassMedian: callsMedian,
    callsPerAgent: round(callsMedian / n, 2),
    msPerAgent: round(passMedianMs / n, 1),
    rssMB: direct.rssMB,
    peakRssMB: direct.peakRssMB,
    routes: counted.routes.at(-1)!,
  };
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
      log(
        `scale ${size}: pass ${p.passMedianMs} ms (through the forwarder ${p.passMedianMsForwarded} ms), ${p.callsPerPassMedian} calls/pass, RSS ${p.rssMB} MB (peak ${p.peakRssMB}), ready ${p.readyMs} ms`,
      );
    }
    return {
      agentKind:
        'light: ncd-test/netdata:v1 (Debian netdata 1.37.1 binaries, official layout and OCI labels) running `sleep infinity`, --network none',
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
