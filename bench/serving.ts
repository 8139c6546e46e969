// 3. Serving: GET /health requests per second with wrk (Debian's) on loopback, against the doctor and against a
// bare node:http server (bench/lib/bare-server.mjs, same Node) that returns the same bytes, in the same run:
// rounds alternate doctor, bare, doctor, bare, … each DURATION s after a warm-up, with one wrk thread and
// CONNECTIONS keep-alive connections (wrk on one core, the server on the other). The doctor watches one live
// agent; its interval is 1 h and start period 0 s, and the agent's HEALTHCHECK has turned healthy before the doctor
// starts, so that no pass runs inside a round (passes are measured elsewhere): the rounds compare serving alone.
// Then the status page: GET / against GET /health of the same doctor with the same node, rounds alternating
// the same way (CONTRACT §14 / issue 12: the page at no less than half the rate of /health).

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Doctor } from './lib/doctor.ts';
import { healthy, startLiveAgent } from './lib/agents.ts';
import { freePort, log, median, round, until } from './lib/util.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CONNECTIONS = 16;
const WARMUP_S = 2;

export interface WrkRun {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
}

export interface ServingResult {
  durationS: number;
  rounds: number;
  connections: number;
  wrk: string;
  status: number;
  bodyBytes: number;
  doctor: WrkRun[];
  bare: WrkRun[];
  /** Passes the doctor ran during the /health rounds (its histogram's count): 0 when they measured serving alone; absent in older results. */
  passesDuringRounds?: number;
  doctorRps: number;
  bareRps: number;
  ratio: number;
  /** GET / (the status page) against GET /health, same doctor, same node. */
  page?: PageServing;
}

export interface PageServing {
  pageBytes: number;
  page: WrkRun[];
  health: WrkRun[];
  pageRps: number;
  healthRps: number;
  ratio: number;
}

/** GET the raw bytes, on a fresh connection each time (a pooled one may have been closed by the server). */
async function bytes(url: string): Promise<{ status: number; type: string; cacheControl: string; body: Buffer }> {
  let last: unknown;
  for (let i = 0; i < 3; i++) {
    try {
      const res = await fetch(url, { headers: { connection: 'close' }, signal: AbortSignal.timeout(5_000) });
      return {
        status: res.status,
        type: res.headers.get('content-type') ?? '',
        cacheControl: res.headers.get('cache-control') ?? '',
        body: Buffer.from(await res.arrayBuffer()),
      };
    } catch (err) {
      last = err;
    }
  }
  throw last;
}

const ms = (v: string, unit: string): number => Number(v) * ({ us: 0.001, ms: 1, s: 1000 } as Record<string, number>)[unit]!;

export function parseWrk(out: string): WrkRun {
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const lat = (p: string) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(out);
    return m ? round(ms(m[1]!, m[2]!), 3) : NaN;
  };
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const e = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const errors = e ? Number(e[1]) + Number(e[2]) + Number(e[3]) + Number(e[4]) : 0;
  if (!Number.isFinite(rps)) throw new Error(`cannot parse wrk output:\n${out}`);
  return { rps: round(rps), p50Ms: lat('50'), p99Ms: lat('99'), requests, non2xx, errors };
}

function wrk(url: string, seconds: number): WrkRun {
  const r = spawnSync('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--timeout', '2s', '--latency', url], {
    encoding: 'utf8',
    timeout: (seconds + 15) * 1000,
  });
  if (r.status !== 0) throw new Error(`wrk failed (${r.status}): ${r.stderr || r.error?.message}`);
  return parseWrk(r.stdout);
}

export function wrkVersion(): string {
  const r = spawnSync('wrk', ['-v'], { encoding: 'utf8' });
  if (r.error) throw new Error('wrk not found: scripts/bench installs it (apt-get install wrk)');
  return (r.stdout + r.stderr).split('\n')[0]!.trim();
}

/** The status page against /health on the same doctor: rounds alternate page, health, page, health, … */
async function pageRounds(doctor: Doctor, durationS: number, rounds: number): Promise<PageServing> {
  const pageUrl = doctor.url('/');
  const healthUrl = doctor.url('/health');
  const first = await bytes(pageUrl);
  if (first.status !== 200 || !first.type.startsWith('text/html')) throw new Error(`GET / answered ${first.status} ${first.type}`);
  wrk(pageUrl, WARMUP_S);
  const runs = { page: [] as WrkRun[], health: [] as WrkRun[] };
  for (let i = 0; i < rounds; i++) {
    runs.page.push(wrk(pageUrl, durationS));
    runs.health.push(wrk(healthUrl, durationS));
    log(`page round ${i + 1}: GET / ${runs.page.at(-1)!.rps} req/s, GET /health ${runs.health.at(-1)!.rps} req/s`);
  }
  const pageRps = median(runs.page.map((r) => r.rps));
  const healthRps = median(runs.health.map((r) => r.rps));
  return { pageBytes: first.body.length, ...runs, pageRps, healthRps, ratio: round(pageRps / healthRps, 3) };
}

const QUIET_MS = 3_000;

/** Waits (at most 60 s) until the doctor's pass count has not moved for QUIET_MS; returns that count. */
async function quiet(doctor: Doctor): Promise<number> {
  let last = -1;
  let since = 0;
  return until(
    `${QUIET_MS} ms without a pass`,
    async () => {
      const { count } = await doctor.passes();
      if (count !== last) [last, since] = [count, Date.now()];
      return Date.now() - since >= QUIET_MS ? count : undefined;
    },
    60_000,
    250,
  );
}

export async function runServing(durationS: number, rounds: number): Promise<ServingResult> {
  const version = wrkVersion();
  const agent = await startLiveAgent('serving');
  // Its health_status event (first probe at 60 s) would bring a node pass into the rounds.
  await healthy([agent.id]);
  const doctor = await Doctor.start({
    compiled: true,
    env: { DOCTOR_TARGETS: agent.name, DOCTOR_INTERVAL: '1h', DOCTOR_START_PERIOD: '0s' },
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'ncd-bench-serving-'));
  let bare: ChildProcess | undefined;
  try {
    await doctor.ready();
    await until('/health 200', async () => ((await doctor.status()) === 200 ? true : undefined), 30_000);
    // Passes can follow the first one (a node pass for a Cloud line the agent logs as it connects): wait until
    // the doctor has run none for QUIET_MS, so that the rounds measure serving alone.
    const passesBefore = await quiet(doctor);
    const res = await bytes(doctor.url('/health'));
    const body = res.body;
    writeFileSync(path.join(dir, 'body'), body);
    const barePort = await freePort();
    bare = spawn(
      process.execPath,
      [path.join(HERE, 'lib', 'bare-server.mjs'), String(barePort), String(res.status), res.type, res.cacheControl, path.join(dir, 'body')],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      bare!.stdout!.once('data', () => resolve());
      bare!.once('exit', (code) => reject(new Error(`bare server exited ${code}`)));
    });
    const bareUrl = `http://127.0.0.1:${barePort}/health`;
    // Same bytes: the bare server's answer equals the doctor's body.
    const check = await bytes(bareUrl);
    if (!check.body.equals(body) || check.status !== res.status || check.type !== res.type)
      throw new Error('the bare server does not return the same bytes');
    const doctorUrl = doctor.url('/health');
    wrk(doctorUrl, WARMUP_S);
    wrk(bareUrl, WARMUP_S);
    const runs = { doctor: [] as WrkRun[], bare: [] as WrkRun[] };
    for (let i = 0; i < rounds; i++) {
      runs.doctor.push(wrk(doctorUrl, durationS));
      runs.bare.push(wrk(bareUrl, durationS));
      log(`serving round ${i + 1}: doctor ${runs.doctor.at(-1)!.rps} req/s, bare ${runs.bare.at(-1)!.rps} req/s`);
    }
    // The body must not have changed during the rounds (no pass ran): same bytes throughout.
    const sameBody = (await bytes(doctorUrl)).body.equals(body);
    const passesDuring = (await doctor.passes()).count - passesBefore;
    if (!sameBody || passesDuring > 0)
      log(`serving: ${passesDuring} pass(es) ran during the rounds; the doctor's /health body ${sameBody ? 'is the same' : 'changed'}`);
    const doctorRps = median(runs.doctor.map((r) => r.rps));
    const bareRps = median(runs.bare.map((r) => r.rps));
    const page = await pageRounds(doctor, durationS, rounds);
    return {
      durationS,
      rounds,
      connections: CONNECTIONS,
      wrk: version,
      status: res.status,
      bodyBytes: body.length,
      ...runs,
      doctorRps,
      bareRps,
      ratio: round(doctorRps / bareRps, 3),
      passesDuringRounds: passesDuring,
      page,
    };
  } finally {
    bare?.kill('SIGTERM');
    await doctor.stop();
    await agent.remove();
    rmSync(dir, { recursive: true, force: true });
  }
}
