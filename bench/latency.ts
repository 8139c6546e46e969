// 1. Detection latency. One doctor (defaults: DOCTOR_INTERVAL 30s, exec auto, start period 60s) watches two
// fake v2.10.4 agents, online, on the run's --internal network, claimed to the fake cloud. Each trial:
//   kill  — `docker kill` of one agent; t0 = the engine's `kill` event (timeNano); seen when GET /health
//           (polled every POLL_MS on loopback) answers 503. Then `docker start` and wait for 200 again.
//   cloud — the other agent logs a Cloud state change (online → offline, connection refused; an exec of the
//           fake's control, no container event); t0 = the engine's timestamp of the first Cloud-state line in
//           its log; seen when /health answers 503. Then back online and wait for 200.
// Beside the doctor, in the same trials, a 5-second poller (autoheal's default AUTOHEAL_INTERVAL) that asks on
// every tick what a poller can ask: the container's state (GET /containers/{id}/json) and the agent's own
// Cloud link (GET /api/v1/aclk on its address); each event happens at a uniformly random phase of its ticks.
// Docker's HEALTHCHECK with Netdata's image settings is computed, and what it would see is checked.

import { setTimeout as sleep } from 'node:timers/promises';
import type { Readable } from 'node:stream';
import { Doctor } from './lib/doctor.ts';
import { docker, startLiveAgent, type FakeAgent } from './lib/agents.ts';
import { dockerTimeMs, log, nowMs, randomInt, round, summarize, until, type Summary } from './lib/util.ts';

const POLL_MS = 10;
const POLLER_MS = 5_000;
/** The doctor's own pattern (src/watch/watcher.ts CLOUD_LINE). */
const CLOUD_LINE = /ACLK connection status|ACLK: connection|CLAIM: |Cloud Banned|BlockRetry|Cloud asks not to reconnect/;
/** Netdata's image: HEALTHCHECK --interval=60s --timeout=10s --retries=3 (test/testbed/images/*; official Dockerfile). */
export const NETDATA_HEALTHCHECK = { intervalS: 60, timeoutS: 10, retries: 3 };

export interface Detector {
  samplesMs: number[];
  summary: Summary;
}

export interface LatencyResult {
  trials: number;
  pollMs: number;
  kill: { doctor: Detector; poller: Detector; healthAfterKill: Record<string, number>; doctorFromRequest: Summary };
  cloud: { doctor: Detector; poller: Detector; healthShExitWhileOffline: number | null; doctorFromRequest: Summary };
  healthcheck: { medianS: number; p95S: number; worstS: number; model: string };
  agents: { kill: string; cloud: string };
  doctorEnv: Record<string, string>;
  wallSeconds: number;
}

interface Tick {
  id: string;
  /** When the tick's answer arrived. */
  t: number;
  running: boolean;
  online: boolean | undefined;
}

/** A 5 s poller: each tick records the container's running state and the agent's `online`. */
class Poller {
  readonly ticks: Tick[] = [];
  private stopped = false;
  readonly start = nowMs();
  constructor(private readonly agents: { id: string; ip: string }[]) {}

  run(): void {
    void (async () => {
      for (let k = 1; !this.stopped; k++) {
        await sleep(Math.max(0, this.start + k * POLLER_MS - nowMs()));
        if (this.stopped) return;
        for (const a of this.agents) void this.tick(a);
      }
    })();
  }

  private async tick(a: { id: string; ip: string }): Promise<void> {
    const info = await docker
      .getContainer(a.id)
      .inspect()
      .catch(() => undefined);
    const running = info?.State.Running === true;
    let online: boolean | undefined;
    if (running) {
      const r = await fetch(`http://${a.ip}:19999/api/v1/aclk`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
      online = r?.ok ? ((await r.json()) as { online?: boolean }).online === true : false;
    }
    this.ticks.push({ id: a.id, t: nowMs(), running, online });
  }

  /** When a tick after t0 first saw the failure. */
  async detected(id: string, t0: number, failing: (tick: Tick) => boolean): Promise<number> {
    return until(
      'poller detection',
      async () => {
        const tick = this.ticks.find((x) => x.id === id && x.t > t0 && failing(x));
        return tick?.t;
      },
      POLLER_MS * 3,
      50,
    );
  }

  /** The next time the phase (t - start) mod period equals a random value: a uniformly random phase. */
  randomPhaseDelay(): number {
    const phase = (nowMs() - this.start) % POLLER_MS;
    const target = randomInt(POLLER_MS);
    return (target - phase + POLLER_MS) % POLLER_MS;
  }

  stop(): void {
    this.stopped = true;
  }
}

async function agentIp(id: string): Promise<string> {
  const info = await docker.getContainer(id).inspect();
  const nets = Object.values(info.NetworkSettings.Networks ?? {});
  const ip = nets.find((n) => n.IPAddress)?.IPAddress;
  if (!ip) throw new Error(`no IP for ${info.Name}`);
  return ip;
}

/** Polls /health until it answers `status`; returns when that answer arrived. */
async function healthBecomes(doctor: Doctor, status: number, timeoutMs: number): Promise<number> {
  return until(`/health ${status}`, async () => ((await doctor.status('/health')) === status ? nowMs() : undefined), timeoutMs, POLL_MS);
}

/** The engine's time of the container's first `kill` event after `since` (ms). */
async function killEventTime(id: string, sinceMs: number): Promise<number> {
  const stream = (await docker.getEvents({
    since: Math.floor(sinceMs / 1000) - 1,
    until: Math.ceil(nowMs() / 1000) + 1,
    filters: { container: [id], event: ['kill'] },
  } as object)) as unknown as Readable;
  let text = '';
  for await (const chunk of stream) text += (chunk as Buffer).toString();
  const times = text
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { timeNano: number }).timeNano / 1e6)
    .filter((t) => t >= sinceMs - 5);
  if (!times.length) throw new Error('no kill event found');
  return Math.min(...times);
}

/** The engine's timestamp of the first Cloud-state line the agent logged after `sinceMs`. */
async function cloudLineTime(agent: FakeAgent, sinceMs: number): Promise<number> {
  return until(
    'cloud line in the log',
    async () => {
      const buf = (await docker
        .getContainer(agent.id)
        .logs({ stdout: true, stderr: true, timestamps: true, since: Math.floor(sinceMs / 1000) - 1 } as object)) as unknown as Buffer;
      let i = 0;
      while (i + 8 <= buf.length) {
        const size = buf.readUInt32BE(i + 4);
        const text = buf.subarray(i + 8, i + 8 + size).toString('utf8');
        i += 8 + size;
        for (const line of text.split('\n')) {
          const sp = line.indexOf(' ');
          if (sp < 0) continue;
          const t = dockerTimeMs(line.slice(0, sp));
          if (t >= sinceMs && CLOUD_LINE.test(line.slice(sp + 1))) return t;
        }
      }
      return undefined;
    },
    10_000,
    50,
  );
}

function detector(samples: number[]): Detector {
  return { samplesMs: samples.map((x) => round(x, 1)), summary: roundSummary(summarize(samples)) };
}

const roundSummary = (s: Summary): Summary => ({
  n: s.n,
  median: round(s.median, 1),
  p95: round(s.p95, 1),
  min: round(s.min, 1),
  max: round(s.max, 1),
});

/** Docker HEALTHCHECK: the failure starts at a uniform phase of the probe interval; `retries` failed probes make it unhealthy. */
export function healthcheckModel(h = NETDATA_HEALTHCHECK): LatencyResult['healthcheck'] {
  const base = (h.retries - 1) * h.intervalS;
  return {
    medianS: base + 0.5 * h.intervalS,
    p95S: base + 0.95 * h.intervalS,
    worstS: base + h.intervalS + h.retries * h.timeoutS,
    model: `unhealthy at the ${h.retries}rd failed probe: (${h.retries}-1)×${h.intervalS} s + U(0, ${h.intervalS} s) for a probe that fails fast; worst case adds ${h.retries}×${h.timeoutS} s timeouts for a hung API`,
  };
}

export async function runLatency(trials: number): Promise<LatencyResult> {
  const t0 = nowMs();
  log(`latency: starting two fake v2 agents and the fake cloud`);
  const [killAgent, cloudAgent] = await Promise.all([startLiveAgent('kill'), startLiveAgent('cloud')]);
  const doctorEnv = { DOCTOR_TARGETS: `${killAgent.name},${cloudAgent.name}` };
  const doctor = await Doctor.start({ compiled: true, env: doctorEnv });
  try {
    await doctor.ready();
    await healthBecomes(doctor, 200, 30_000);
    const poller = new Poller([
      { id: killAgent.id, ip: await agentIp(killAgent.id) },
      { id: cloudAgent.id, ip: await agentIp(cloudAgent.id) },
    ]);
    poller.run();

    const kill = { doctor: [] as number[], fromRequest: [] as number[], poller: [] as number[], health: {} as Record<string, number> };
    for (let i = 0; i < trials; i++) {
      await sleep(poller.randomPhaseDelay());
      const tReq = nowMs();
      const seen = healthBecomes(doctor, 503, 20_000);
      await docker.getContainer(killAgent.id).kill();
      const tSeen = await seen;
      const tEvent = await killEventTime(killAgent.id, tReq);
      const health = (await docker.getContainer(killAgent.id).inspect()).State.Health?.Status ?? 'none';
      kill.health[health] = (kill.health[health] ?? 0) + 1;
      const tPoller = await poller.detected(killAgent.id, tEvent, (x) => !x.running);
      kill.doctor.push(tSeen - tEvent);
      kill.fromRequest.push(tSeen - tReq);
      kill.poller.push(tPoller - tEvent);
      log(`latency kill #${i + 1}: doctor ${round(tSeen - tEvent)} ms, poller ${round(tPoller - tEvent)} ms, health ${health}`);
      await docker.getContainer(killAgent.id).start();
      await healthBecomes(doctor, 200, 30_000).catch(async (err: Error) => {
        // Say why: the failing findings of the last report.
        const body = await doctor.json<unknown>('/health').catch(() => undefined);
        throw new Error(`${err.message} after kill #${i + 1} and start; /health: ${JSON.stringify(body).slice(0, 2_000)}`);
      });
    }

    // An offline agent within the doctor's start period (60 s) is a warning, not a failure: the Cloud-change
    // trials use an agent that has been running longer than that, as a long-running agent that drops its link.
    const startedAt = Date.parse((await docker.getContainer(cloudAgent.id).inspect()).State.StartedAt);
    const wait = startedAt + 62_000 - Date.now();
    if (wait > 0) {
      log(`latency: waiting ${round(wait / 1000)} s until the cloud agent is past the start period`);
      await sleep(wait);
    }
    const cloud = { doctor: [] as number[], fromRequest: [] as number[], poller: [] as number[] };
    let healthSh: number | null = null;
    for (let i = 0; i < trials; i++) {
      await sleep(poller.randomPhaseDelay());
      const tReq = nowMs();
      const seen = healthBecomes(doctor, 503, 20_000);
      await cloudAgent.setState('offline-was-connected@connection-refused');
      const tSeen = await seen;
      const tLine = await cloudLineTime(cloudAgent, tReq);
      const tPoller = await poller.detected(cloudAgent.id, tLine, (x) => x.online === false);
      if (i === 0) {
        // What Netdata's HEALTHCHECK command says now, while the Cloud link is down.
        const exec = await docker
          .getContainer(cloudAgent.id)
          .exec({ Cmd: ['/usr/sbin/health.sh'], AttachStdout: true, AttachStderr: true });
        const stream = await exec.start({ hijack: true, stdin: false });
        stream.resume();
        await new Promise((r) => stream.on('end', r));
        healthSh = (await exec.inspect()).ExitCode ?? null;
      }
      cloud.doctor.push(tSeen - tLine);
      cloud.fromRequest.push(tSeen - tReq);
      cloud.poller.push(tPoller - tLine);
      log(
        `latency cloud #${i + 1}: doctor ${round(tSeen - tLine)} ms (${round(tSeen - tReq)} ms from the exec request), poller ${round(tPoller - tLine)} ms`,
      );
      await cloudAgent.setState('online');
      await healthBecomes(doctor, 200, 30_000);
    }
    poller.stop();
    return {
      trials,
      pollMs: POLL_MS,
      kill: {
        doctor: detector(kill.doctor),
        poller: detector(kill.poller),
        healthAfterKill: kill.health,
        doctorFromRequest: roundSummary(summarize(kill.fromRequest)),
      },
      cloud: {
        doctor: detector(cloud.doctor),
        poller: detector(cloud.poller),
        healthShExitWhileOffline: healthSh,
        doctorFromRequest: roundSummary(summarize(cloud.fromRequest)),
      },
      healthcheck: healthcheckModel(),
      agents: { kill: killAgent.name, cloud: cloudAgent.name },
      doctorEnv,
      wallSeconds: round((nowMs() - t0) / 1000),
    };
  } finally {
    await doctor.stop();
    await Promise.all([killAgent.remove(), cloudAgent.remove()]);
  }
}
