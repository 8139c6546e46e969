// Runs `netdata-cloud-doctor serve` as users do: its own process, the real engine (through the counting
// forwarder when given), listening on loopback. From the TypeScript sources (bin/netdata-cloud-doctor via
// tsx, as in a checkout) or as the image runs it: bin/netdata-cloud-doctor (its shebang's Node flags) over
// the compiled JavaScript (dist/), built into bench/.build, with the runtime ENV of the Dockerfile's last
// stage (NODE_OPTIONS, MALLOC_ARENA_MAX, NODE_ENV).

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, get, nowMs, until } from './util.ts';
import type { ApiCounter } from './api-counter.ts';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The checkout whose doctor is measured: this one, or another (NCD_BENCH_DOCTOR_ROOT) to compare a change. */
export const DOCTOR_ROOT = path.resolve(process.env.NCD_BENCH_DOCTOR_ROOT ?? REPO);
const BIN = path.join(DOCTOR_ROOT, 'bin', 'netdata-cloud-doctor');
const BUILD = path.join(REPO, 'bench', '.build');

/** Builds the doctor's src/ into bench/.build/dist as the image does (scripts/bundle.mjs; tsc for a checkout without it). */
export function buildCompiled(): string {
  rmSync(BUILD, { recursive: true, force: true });
  mkdirSync(BUILD, { recursive: true });
  // As the image builds it: the single bundled file of scripts/bundle.mjs where the checkout has one, else tsc
  // (which emits even when a concurrent edit of src/ has a type error; only a missing entry point stops the run).
  const bundler = path.join(DOCTOR_ROOT, 'scripts', 'bundle.mjs');
  const r = existsSync(bundler)
    ? spawnSync(process.execPath, [bundler, '--outfile', path.join(BUILD, 'dist', 'cli', 'run.js')], { cwd: DOCTOR_ROOT, encoding: 'utf8' })
    : spawnSync(
        process.execPath,
        [
          path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'),
          '-p',
          path.join(DOCTOR_ROOT, 'tsconfig.build.json'),
          '--outDir',
          path.join(BUILD, 'dist'),
        ],
        { cwd: DOCTOR_ROOT, encoding: 'utf8' },
      );
  if (!existsSync(path.join(BUILD, 'dist', 'cli', 'run.js')))
    throw new Error(`building the compiled doctor failed: ${r.stdout}${r.stderr}`);
  copyFileSync(path.join(DOCTOR_ROOT, 'package.json'), path.join(BUILD, 'package.json'));
  // bin/ as in the image: it finds no src/ beside it, so it runs dist/.
  mkdirSync(path.join(BUILD, 'bin'), { recursive: true });
  copyFileSync(BIN, COMPILED_BIN);
  chmodSync(COMPILED_BIN, 0o755);
  // node_modules is found from bench/.build upwards: this checkout's (the doctor's dependencies).
  return path.join(BUILD, 'dist', 'cli', 'run.js');
}

const COMPILED_BIN = path.join(BUILD, 'bin', 'netdata-cloud-doctor');

/**
 * The runtime ENV of the Dockerfile's last stage (`ENV K=V [K=V …]`, with continuation lines), so that the
 * compiled doctor runs with the image's NODE_OPTIONS and MALLOC_ARENA_MAX. Empty when there is no Dockerfile.
 */
export function imageRuntimeEnv(root = DOCTOR_ROOT): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
  } catch {
    return {};
  }
  const stages = text.replace(/\\\n/g, ' ').split(/^FROM\s/m);
  const env: Record<string, string> = {};
  for (const line of (stages.at(-1) ?? '').split('\n')) {
    const m = /^ENV\s+(.*)$/.exec(line.trim());
    if (!m) continue;
    for (const pair of m[1]!.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)) env[pair[1]!] = pair[2]!.replace(/^"|"$/g, '');
  }
  return env;
}

/**
 * How often a benchmark polls passes() while it waits for a pass to end. Each GET /metrics renders every node's
 * series (one-hot states and checks: ~70 per node) on the doctor's one thread: polled every 20 ms during the
 * 50-agent pass-cost run, rendering it took 7.5 of the doctor's 29 busy CPU seconds (cpu-profile) and slowed
 * the very passes being timed. The pass's own duration comes from the histogram, not from this poll.
 */
export const PASS_POLL_MS = 250;

export interface DoctorOptions {
  env: Record<string, string>;
  /** Run dist/ (compiled) instead of the sources through tsx. */
  compiled?: boolean;
  counter?: ApiCounter;
  nodeArgs?: string[];
}

export class Doctor {
  readonly lines: string[] = [];
  stderr = '';
  private constructor(
    readonly proc: ChildProcess,
    readonly port: number,
    readonly spawnedAt: number,
  ) {}

  static async start(options: DoctorOptions): Promise<Doctor> {
    const port = await freePort();
    const env: Record<string, string> = {
      PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}`,
      HOME: process.env.HOME ?? '/root',
      DOCTOR_LISTEN: `127.0.0.1:${port}`,
      ...(options.counter ? { DOCKER_HOST: options.counter.dockerHost } : {}),
      ...(options.compiled ? imageRuntimeEnv() : {}),
      ...options.env,
      // Extra variables for the doctor under test (e.g. a candidate change behind a switch), as JSON.
      ...(process.env.NCD_BENCH_DOCTOR_ENV ? (JSON.parse(process.env.NCD_BENCH_DOCTOR_ENV) as Record<string, string>) : {}),
    };
    for (const key of ['DOCTOR_CLOUD_URL', 'DOCTOR_AGENT_URL']) {
      const url = env[key];
      if (url && !/^https?:\/\/(localhost|127\.\d+\.\d+\.\d+|[\w-]+\.test)(:\d+)?(\/|$)/i.test(url))
        throw new Error(`refusing a non-local ${key}: ${url}`);
    }
    if (options.compiled && !existsSync(path.join(BUILD, 'dist', 'cli', 'run.js')))
      throw new Error('compiled doctor missing: call buildCompiled() first');
    // Compiled: bin/ is executed as the image's ENTRYPOINT does (its shebang picks node from PATH, this
    // Node first); nodeArgs then go through NODE_OPTIONS. Sources: node [nodeArgs] bin/ (tsx inside).
    if (options.compiled && options.nodeArgs?.length) env.NODE_OPTIONS = [env.NODE_OPTIONS ?? '', ...options.nodeArgs].join(' ').trim();
    const spawnedAt = nowMs();
    const proc = options.compiled
      ? spawn(COMPILED_BIN, ['serve'], { env, cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, 'serve'], { env, cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    const doctor = new Doctor(proc, port, spawnedAt);
    let buf = '';
    proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        doctor.lines.push(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
      }
    });
    proc.stderr!.on('data', (d: Buffer) => (doctor.stderr += d.toString()));
    return doctor;
  }

  get pid(): number {
    return this.proc.pid!;
  }

  url(p: string): string {
    return `http://127.0.0.1:${this.port}${p}`;
  }

  /** Polls /readyz until 200; returns the time (ms since the epoch) the 200 was received. */
  async ready(timeoutMs = 60_000, everyMs = 5): Promise<number> {
    return until(
      'readyz 200',
      async () => {
        if (this.proc.exitCode !== null) throw new Error(`doctor exited ${this.proc.exitCode}: ${this.stderr}`);
        const r = await fetch(this.url('/readyz'), { signal: AbortSignal.timeout(2_000) });
        await r.arrayBuffer();
        return r.status === 200 ? nowMs() : undefined;
      },
      timeoutMs,
      everyMs,
    ).catch((err: Error) => {
      throw new Error(
        `${err.message}${this.proc.exitCode !== null ? ` (doctor exited ${this.proc.exitCode}: ${this.stderr.slice(-500)})` : ''}`,
      );
    });
  }

  async status(p = '/health'): Promise<number> {
    const r = await fetch(this.url(p), { signal: AbortSignal.timeout(2_000) });
    await r.arrayBuffer();
    return r.status;
  }

  async json<T>(p: string): Promise<T> {
    return JSON.parse((await get(this.url(p))).body) as T;
  }

  /** netdata_cloud_doctor_diagnosis_duration_seconds: count and sum. */
  async passes(): Promise<{ count: number; sum: number }> {
    const text = (await get(this.url('/metrics'))).body;
    const count = Number(/^netdata_cloud_doctor_diagnosis_duration_seconds_count (\S+)$/m.exec(text)?.[1] ?? 0);
    const sum = Number(/^netdata_cloud_doctor_diagnosis_duration_seconds_sum (\S+)$/m.exec(text)?.[1] ?? 0);
    return { count, sum };
  }

  /** SIGTERM, then SIGKILL after 3 s. */
  async stop(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  }
}
