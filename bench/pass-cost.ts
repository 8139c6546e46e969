// 6. Pass cost against the engine's floor. A pass over N agents waits mostly on the engine; the doctor's own
// share is what it adds on top. For each topology and size, one compiled doctor (interval long enough for a
// gap after each pass, start period 0 s) runs its steady interval passes, timed by its own histogram
// (gather + judge); right after each one ends, the floor: the same Docker API and agent API requests for the
// same agents, issued by a minimal dockerode loop with the same parallelism (LIMITS.nodesInParallel = 8),
// timed here. Their ratio, pass ÷ floor, is taken per pair and its median reported. Both on the engine's own
// socket. A floor that would overlap the doctor's next pass is dropped.
//
// Topologies: `network` — live fake v2.10.4 agents on the run's --internal network, which the doctor (on the
// host) shares, so the agent API is plain HTTP and `netdatacli aclk-state` is skipped (the API answered it):
// per agent inspect, logs and the four API paths. `exec` — light agents (--network none): per agent inspect,
// logs, `docker exec curl` to the API (fails: no daemon) and `netdatacli aclk-state json` (3 requests each).
// A steady pass reuses each agent's build and files (docs/architecture.md), so no archive read and no
// `netdata -v` runs in it; the floor does not issue them either. The floor's requests are counted once
// through the forwarder and compared with the doctor's, route by route (`sameRequests`).

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { request } from 'undici';
import { ApiCounter, byRoute } from './lib/api-counter.ts';
import { Doctor, PASS_POLL_MS } from './lib/doctor.ts';
import { RUN_ID, TEST_LABEL, healthy, startLightAgents, startLiveAgent, type FakeAgent, type LightAgent } from './lib/agents.ts';
import { IMAGES } from '../test/testbed/scenarios.ts';
import { log, median, nowMs, procSample, round, sleep, until } from './lib/util.ts';

const PARALLEL = 8;
const API_PATHS = ['/api/v3/info', '/api/v2/info', '/api/v1/info', '/api/v1/aclk'];
const LOG_TAIL = 20_000;

export type Topology = 'network' | 'exec';

export interface PassCostPoint {
  topology: Topology;
  agents: number;
  /** Doctor's steady passes (its histogram) and the floor right after each, ms. */
  /** The doctor's interval in the timed run: about three steady passes, so that the floor fits in each gap. */
  intervalMs: number;
  doctorMs: number[];
  floorMs: number[];
  ratios: number[];
  doctorMedianMs: number;
  floorMedianMs: number;
  ratioMedian: number;
  doctorMsPerAgent: number;
  floorMsPerAgent: number;
  /**
   * CPU time per pair, ms: the doctor's process from the end of its previous pass to the end of this one (the
   * pass, plus the bench's polls and its followers between passes), the floor's process during its pass.
   */
  doctorCpuMs: number[];
  floorCpuMs: number[];
  /** Requests per steady pass, by route: the doctor's and the floor's (counted through the forwarder). */
  doctorRoutes: Record<string, number>;
  floorRoutes: Record<string, number>;
  sameRequests: boolean;
}

export interface PassCostResult {
  parallel: number;
  points: PassCostPoint[];
  /** max ÷ min of the doctor's ms per agent over the sizes ≥ 10, per topology. */
  perAgentSpread: Record<Topology, number>;
}

interface Target {
  id: string;
  name: string;
  /** The agent's address on the shared network (network topology). */
  ip?: string;
}

function drain(stream: Readable): Promise<number> {
  return new Promise((resolve, reject) => {
    let n = 0;
    stream.on('data', (c: Buffer) => (n += c.length));
    stream.once('end', () => resolve(n));
    stream.once('close', () => resolve(n));
    stream.once('error', reject);
  });
}

async function execOnce(docker: Docker, id: string, cmd: string[]): Promise<number | null> {
  const exec = await docker.getContainer(id).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, Tty: false });
  const stream = (await exec.start({ hijack: true, stdin: false })) as unknown as Readable;
  await drain(stream);
  return ((await exec.inspect()) as { ExitCode: number | null }).ExitCode;
}

/** The floor: one steady pass's requests, nothing else (no parsing, no judging), PARALLEL agents at a time. */
export async function floorPass(docker: Docker, targets: readonly Target[], topology: Topology): Promise<number> {
  const t = nowMs();
  await docker.version();
  await Promise.all([docker.info(), docker.listContainers({ all: true })]);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const target = targets[next++]!;
      const c = docker.getContainer(target.id);
      const inspected = await c.inspect();
      const since = ((Date.parse(inspected.State.StartedAt) - 1_000) / 1000).toFixed(9);
      const logs = (
        c.logs({ stdout: true, stderr: true, follow: false, timestamps: true, since, tail: LOG_TAIL } as object) as unknown as Promise<
          Buffer | Readable
        >
      ).then((r) => (Buffer.isBuffer(r) ? r.length : drain(r)));
      const api =
        topology === 'network'
          ? (async () => {
              for (const p of API_PATHS) {
                const r = await request(`http://${target.ip}:19999${p}`, { headersTimeout: 3_000, bodyTimeout: 3_000 });
                await r.body.text();
              }
            })()
          : (async () => {
              // The doctor's first way that can work here: curl inside the agent (no daemon: it fails), then aclk-state.
              await execOnce(docker, target.id, [
                'curl',
                '-s',
                '--max-time',
                '3',
                '-w',
                '~~ncd-http-status:%{http_code}',
                'http://localhost:19999/api/v3/info',
              ]);
              await execOnce(docker, target.id, ['netdatacli', 'aclk-state', 'json']);
            })();
      await Promise.all([logs, api]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, targets.length) }, worker));
  return nowMs() - t;
}

/** One size of one topology: the doctor's requests and the floor's counted, then timed pairs. */
async function point(docker: Docker, targets: Target[], topology: Topology, passes: number, dir: string): Promise<PassCostPoint> {
  const n = targets.length;
  const base = { DOCTOR_TARGETS: targets.map((a) => a.name).join(','), DOCTOR_START_PERIOD: '0s' };

  // Requests per steady pass: the doctor's and the floor's, through the counting forwarder (not timed).
  const counter = new ApiCounter(path.join(dir, `pass-${topology}-${n}-${process.pid}.sock`));
  await counter.up();
  let doctorRoutes: Record<string, number> = {};
  let floorRoutes: Record<string, number> = {};
  let steadyMs = 0;
  try {
    const counted = await Doctor.start({ compiled: true, counter, env: { ...base, DOCTOR_INTERVAL: '2s' } });
    try {
      await counted.ready(300_000, 20);
      // Three more passes; each begins with GET /version, so the requests between the second and the third
      // such call are exactly one steady pass, whatever the timing of the windows.
      let last = await counted.passes();
      for (let i = 0; i < 3; i++) {
        const next = await until(
          'next pass',
          async () => {
            const p = await counted.passes();
            return p.count > last.count ? p : undefined;
          },
          300_000,
          50,
        );
        if (i === 2) steadyMs = ((next.sum - last.sum) * 1000) / (next.count - last.count);
        last = next;
      }
      const calls = counter.calls();
      const starts = calls.flatMap((c, i) => (c.route === 'GET /version' ? [i] : []));
      if (starts.length >= 3) doctorRoutes = byRoute(calls.slice(starts.at(-2)!, starts.at(-1)!));
    } finally {
      await counted.stop();
    }
    const t = nowMs();
    await floorPass(new Docker({ socketPath: counter.path }), targets, topology);
    floorRoutes = byRoute(counter.calls(t, nowMs() + 1));
  } finally {
    await counter.down();
  }

  // A gap after each pass long enough for the floor (about as long as the pass) with room to spare.
  const intervalMs = Math.max(3_000, Math.ceil((3 * steadyMs + 1_000) / 1000) * 1000);
  const doctor = await Doctor.start({ compiled: true, env: { ...base, DOCTOR_INTERVAL: `${intervalMs / 1000}s` } });
  const doctorMs: number[] = [];
  const floorMs: number[] = [];
  const doctorCpuMs: number[] = [];
  const floorCpuMs: number[] = [];
  try {
    await doctor.ready(300_000, 20);
    let last = await doctor.passes();
    let doctorCpu = procSample(doctor.pid).cpuSeconds * 1000;
    // One unmeasured steady pass and floor first: both warm (connections, JIT, the engine's caches).
    for (let i = 0; i <= passes; i++) {
      const next = await until(
        'next pass',
        async () => {
          const p = await doctor.passes();
          return p.count > last.count ? p : undefined;
        },
        300_000,
        PASS_POLL_MS,
      );
      const ended = nowMs();
      const cpu = procSample(doctor.pid).cpuSeconds * 1000;
      const passMs = (next.sum - last.sum) * 1000;
      const single = next.count === last.count + 1;
      last = next;
      const floorCpu = process.cpuUsage();
      const floor = await floorPass(docker, targets, topology);
      const floorCpuUsed = process.cpuUsage(floorCpu);
      // The doctor's next pass starts intervalMs after its last ended: a floor past that shared the engine with it.
      const clear = nowMs() - ended < intervalMs - 200;
      if (i > 0 && single && clear) {
        doctorMs.push(passMs);
        floorMs.push(floor);
        doctorCpuMs.push(cpu - doctorCpu);
        floorCpuMs.push((floorCpuUsed.user + floorCpuUsed.system) / 1000);
      } else if (i > 0)
        log(`pass-cost ${topology} ${n}: pair dropped (${single ? 'floor overlapped the next pass' : 'more than one pass'})`);
      doctorCpu = cpu;
      // Not polling while most of the next pass runs: each GET /metrics is served on the doctor's one thread
      // (its ~600 kB at 50 agents written to the socket), which a Prometheus scraping every 15 s or more does
      // not do 3–4 times per pass; the profile showed it as a sixth of the doctor's busy time.
      await sleep(Math.max(0, ended + intervalMs + 0.8 * steadyMs - nowMs()));
    }
  } finally {
    await doctor.stop();
  }
  const ratios = doctorMs.map((d, i) => round(d / floorMs[i]!, 3));
  const sameRequests = JSON.stringify(Object.entries(doctorRoutes).sort()) === JSON.stringify(Object.entries(floorRoutes).sort());
  return {
    topology,
    agents: n,
    intervalMs,
    doctorMs: doctorMs.map((x) => round(x)),
    floorMs: floorMs.map((x) => round(x)),
    ratios,
    doctorMedianMs: round(median(doctorMs)),
    floorMedianMs: round(median(floorMs)),
    ratioMedian: round(median(ratios), 3),
    doctorMsPerAgent: round(median(doctorMs) / n, 1),
    floorMsPerAgent: round(median(floorMs) / n, 1),
    doctorCpuMs: doctorCpuMs.map((x) => round(x)),
    floorCpuMs: floorCpuMs.map((x) => round(x)),
    doctorRoutes,
    floorRoutes,
    sameRequests,
  };
}

/**
 * The network topology needs the doctor on the agents' --internal network, which the host cannot reach: the
 * measurement of a size runs in a child process entered (nsenter -n) into the network namespace of a "seat"
 * container on that network. The child keeps the host's filesystem (the engine's socket, bench/.build), so
 * the doctor in it is the same compiled doctor, seeing itself on the host and the agents' addresses as
 * reachable, as a sidecar on their network does.
 */
async function seat(docker: Docker, network: string): Promise<{ pid: number; remove: () => Promise<void> }> {
  const c = await docker.createContainer({
    name: `ncd-bench-seat-${RUN_ID.slice(-8)}-${Date.now() % 100_000}`,
    Image: IMAGES.v1,
    Entrypoint: ['sleep', 'infinity'],
    Labels: { [TEST_LABEL]: RUN_ID },
    HostConfig: { NetworkMode: network, Init: true },
  });
  await c.start();
  const pid = (await c.inspect()).State.Pid;
  return {
    pid,
    remove: () =>
      c.remove({ force: true }).then(
        () => undefined,
        () => undefined,
      ),
  };
}

function inNamespace(pid: number, job: { targets: Target[]; topology: Topology; passes: number; dir: string }): Promise<PassCostPoint> {
  return new Promise((resolve, reject) => {
    const child = spawn('nsenter', ['-t', String(pid), '-n', '--', process.execPath, '--import', 'tsx', fileURLToPath(import.meta.url)], {
      env: { ...process.env, NCD_TEST_RUN_ID: RUN_ID, NCD_PASS_COST_JOB: JSON.stringify(job) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as PassCostPoint);
      else reject(new Error(`pass-cost child (nsenter into ${pid}) exited ${code}: ${out.slice(-500)}`));
    });
  });
}

async function addressOf(docker: Docker, agent: FakeAgent): Promise<string> {
  const info = await docker.getContainer(agent.id).inspect();
  const ip = info.NetworkSettings.Networks[agent.network]?.IPAddress;
  if (!ip) throw new Error(`${agent.name} has no address on ${agent.network}`);
  return ip;
}

/** Fake agents started a few at a time (each is a Node process; the start waits for its API). */
async function liveAgents(count: number, parallel = 4): Promise<FakeAgent[]> {
  const out: FakeAgent[] = [];
  let left = count;
  const worker = async () => {
    while (left > 0) {
      left--;
      out.push(await startLiveAgent('pass'));
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  return out;
}

export async function runPassCost(sizes: number[], passes: number, topologies: Topology[] = ['network', 'exec']): Promise<PassCostResult> {
  const docker = new Docker();
  const dir = mkdtempSync(path.join(tmpdir(), 'ncd-bench-pass-'));
  const points: PassCostPoint[] = [];
  try {
    for (const topology of topologies) {
      const targets: Target[] = [];
      let network: string | undefined;
      let seated: { pid: number; remove: () => Promise<void> } | undefined;
      for (const size of sizes) {
        if (topology === 'network') {
          for (const a of await liveAgents(size - targets.length)) {
            targets.push({ id: a.id, name: a.name, ip: await addressOf(docker, a) });
            network = a.network;
          }
        } else {
          targets.push(...(await startLightAgents(size - targets.length)).map((a: LightAgent) => ({ id: a.id, name: a.name })));
        }
        // Let the engine settle after the creations (their events also make a fresh doctor re-select), and the
        // fake agents' first health probes pass: a health_status event brings a node pass (not a steady one)
        // into the windows, where the counted routes and the timed pairs expect full passes only.
        await sleep(2_000);
        if (topology === 'network') await healthy(targets.map((t) => t.id));
        const job = { targets: targets.slice(0, size), topology, passes, dir };
        if (topology === 'network') seated ??= await seat(docker, network!);
        const p = topology === 'network' ? await inNamespace(seated!.pid, job) : await point(docker, job.targets, topology, passes, dir);
        points.push(p);
        log(
          `pass-cost ${topology} ${size}: doctor ${p.doctorMedianMs} ms ÷ floor ${p.floorMedianMs} ms = ${p.ratioMedian} (pairs ${p.ratios.join(', ')}); same requests: ${p.sameRequests}`,
        );
      }
      // The next topology's agents are other containers: these go now, so that the engine is no busier for it.
      await Promise.all(
        targets.map((t) =>
          docker
            .getContainer(t.id)
            .remove({ force: true, v: true })
            .catch(() => undefined),
        ),
      );
      await seated?.remove();
    }
    const spreadOf = (t: Topology) => {
      const v = points.filter((p) => p.topology === t && p.agents >= 10).map((p) => p.doctorMsPerAgent);
      return v.length ? round(Math.max(...v) / Math.min(...v), 3) : NaN;
    };
    return { parallel: PARALLEL, points, perAgentSpread: { network: spreadOf('network'), exec: spreadOf('exec') } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The child of inNamespace(): one point, its JSON on the last line of stdout.
if (process.env.NCD_PASS_COST_JOB) {
  const job = JSON.parse(process.env.NCD_PASS_COST_JOB) as { targets: Target[]; topology: Topology; passes: number; dir: string };
  const p = await point(new Docker(), job.targets, job.topology, job.passes, job.dir);
  process.stdout.write(`${JSON.stringify(p)}\n`);
  process.exit(0);
}
