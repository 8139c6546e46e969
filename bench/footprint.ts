// 4. Footprint while idle: one doctor, defaults (interval 30 s, exec auto), one live fake v2.10.4 agent whose
// stderr it follows, nobody asking it anything. After the first pass and the agent's start period, WINDOW s
// of: CPU time (utime+stime from /proc, as a percent of one core), RSS sampled every second, and every Docker
// API request it sends (through the counting forwarder). Requests are grouped into passes (bursts); a pass
// starting with GET /version is a full pass, anything else a node pass; a full pass that follows a
// create/rename/destroy event anywhere on the engine (other containers count: the doctor re-selects on them)
// or a node pass that follows an event of the agent is event-driven, the others are the interval's; what is
// neither is a call between intervals and events. The compiled doctor (as in the image) and the sources
// through tsx (a checkout) run side by side, each with its own forwarder.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ApiCounter, bursts, byRoute, type ApiRequest } from './lib/api-counter.ts';
import { Doctor } from './lib/doctor.ts';
import { docker, startLiveAgent } from './lib/agents.ts';
import { log, mb, nowMs, procSample, round, sleep } from './lib/util.ts';

const BURST_GAP_MS = 1_000;

export interface FootprintVariant {
  cpuPercent: number;
  rssMeanMB: number;
  rssMaxMB: number;
  peakRssMB: number;
  apiCallsPerMinute: number;
  streamsOpen: string[];
  passes: { at: number; kind: 'interval' | 'event' | 'log-or-timer'; type: 'full' | 'node'; calls: number; cause?: string }[];
  callsPerFullPass: number | null;
  callsOutsidePasses: number;
  routes: Record<string, number>;
}

export interface FootprintResult {
  windowS: number;
  agent: string;
  compiled: FootprintVariant;
  source: FootprintVariant;
  engineEvents: number;
}

interface EngineEvent {
  t: number;
  type: string;
  action: string;
  id: string;
}

async function watchEvents(signal: AbortSignal): Promise<EngineEvent[]> {
  const out: EngineEvent[] = [];
  const stream = (await docker.getEvents({ abortSignal: signal } as object)) as unknown as Readable;
  signal.addEventListener('abort', () => stream.destroy(), { once: true });
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      try {
        const e = JSON.parse(line) as { Type: string; Action: string; Actor?: { ID?: string }; timeNano: number };
        out.push({ t: e.timeNano / 1e6, type: e.Type, action: e.Action, id: e.Actor?.ID ?? '' });
      } catch {
        /* partial line: ignored */
      }
    }
  });
  stream.on('error', () => undefined);
  return out;
}

/** `requests` reach back before the window (`from`) so that a pass begun just before it is seen whole and left out. */
function classify(
  requests: ApiRequest[],
  events: EngineEvent[],
  agentId: string,
  from: number,
): Pick<FootprintVariant, 'passes' | 'callsPerFullPass' | 'callsOutsidePasses'> {
  const passes: FootprintVariant['passes'] = [];
  let outside = 0;
  // Passes run one after another: a burst holding several (another container's events make the doctor
  // re-select while a pass runs) is split at each GET /version, which opens every full pass.
  const passBursts = bursts(requests, BURST_GAP_MS).flatMap((burst) => {
    const out: ApiRequest[][] = [];
    for (const r of burst) {
      if (!out.length || r.route === 'GET /version') out.push([]);
      out.at(-1)!.push(r);
    }
    return out;
  });
  for (const burst of passBursts) {
    const first = burst[0]!;
    if (first.t < from) continue; // begun before the window: the end of a pass, not a call of its own
    const full = first.route === 'GET /version' || first.route === 'GET /_ping';
    const before = events.filter((e) => e.t <= first.t && e.t >= first.t - 2_000);
    const reselect = before.find((e) => e.type === 'container' && ['create', 'rename', 'destroy'].includes(e.action));
    const mine = before.find((e) => e.id === agentId && !e.action.startsWith('exec_'));
    if (full) {
      passes.push({
        at: round(first.t),
        kind: reselect ? 'event' : 'interval',
        type: 'full',
        calls: burst.length,
        ...(reselect ? { cause: `${reselect.action} of ${reselect.id.slice(0, 12)}` } : {}),
      });
    } else if (first.route === 'GET /containers/{id}/json') {
      passes.push({
        at: round(first.t),
        kind: mine ? 'event' : 'log-or-timer',
        type: 'node',
        calls: burst.length,
        cause: mine ? `${mine.action} of the agent` : 'no engine event: a logged Cloud line or the start-period timer',
      });
    } else {
      outside += burst.length;
    }
  }
  const full = passes.filter((p) => p.type === 'full' && p.kind === 'interval');
  return { passes, callsPerFullPass: full.length ? Math.max(...full.map((p) => p.calls)) : null, callsOutsidePasses: outside };
}

async function measure(
  doctor: Doctor,
  counter: ApiCounter,
  windowS: number,
  events: EngineEvent[],
  agentId: string,
  from: number,
): Promise<FootprintVariant> {
  const rss: number[] = [];
  const start = procSample(doctor.pid);
  for (let i = 0; i < windowS; i++) {
    await sleep(Math.max(0, from + (i + 1) * 1000 - nowMs()));
    rss.push(procSample(doctor.pid).rssBytes);
  }
  const end = procSample(doctor.pid);
  const to = from + windowS * 1000;
  const calls = counter.calls(from, to);
  return {
    cpuPercent: round(((end.cpuSeconds - start.cpuSeconds) / windowS) * 100, 2),
    rssMeanMB: mb(rss.reduce((a, b) => a + b, 0) / rss.length),
    rssMaxMB: mb(Math.max(...rss)),
    peakRssMB: mb(end.hwmBytes),
    apiCallsPerMinute: round((calls.length / windowS) * 60, 1),
    streamsOpen: counter.streams().map((s) => s.route),
    ...classify(counter.calls(from - 30_000, to), events, agentId, from),
    routes: byRoute(calls),
  };
}

export async function runFootprint(windowS: number): Promise<FootprintResult> {
  const agent = await startLiveAgent('idle');
  const dir = mkdtempSync(path.join(tmpdir(), 'ncd-bench-idle-'));
  const counters = { compiled: new ApiCounter(path.join(dir, 'compiled.sock')), source: new ApiCounter(path.join(dir, 'source.sock')) };
  await counters.compiled.up();
  await counters.source.up();
  const doctors: Doctor[] = [];
  const abort = new AbortController();
  try {
    const env = { DOCTOR_TARGETS: agent.name };
    doctors.push(await Doctor.start({ compiled: true, counter: counters.compiled, env }));
    doctors.push(await Doctor.start({ compiled: false, counter: counters.source, env }));
    await Promise.all(doctors.map((d) => d.ready()));
    // Past the agent's start period (60 s: the doctor looks again when it ends), then a few quiet seconds.
    const startedAt = Date.parse((await docker.getContainer(agent.id).inspect()).State.StartedAt);
    const wait = startedAt + 60_000 + 3_000 - Date.now();
    if (wait > 0) {
      log(`footprint: waiting ${round(wait / 1000)} s for the agent's start period to end`);
      await sleep(wait);
    }
    const events = await watchEvents(abort.signal);
    const from = nowMs();
    log(`footprint: measuring ${windowS} s idle`);
    const [compiled, source] = await Promise.all([
      measure(doctors[0]!, counters.compiled, windowS, events, agent.id, from),
      measure(doctors[1]!, counters.source, windowS, events, agent.id, from),
    ]);
    return { windowS, agent: agent.name, compiled, source, engineEvents: events.filter((e) => e.t >= from).length };
  } finally {
    abort.abort();
    await Promise.all(doctors.map((d) => d.stop()));
    await counters.compiled.down();
    await counters.source.down();
    rmSync(dir, { recursive: true, force: true });
    await agent.remove();
  }
}
