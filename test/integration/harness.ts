// Running the doctor against the real engine: in-process (gather → diagnose) for check-by-check
// assertions, and as the real binary for exit codes and output. Refuses any cloud URL that is not local.

import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import assert from 'node:assert/strict';
import { discoverEngine } from '../../src/docker/engine.ts';
import { DockerodeClient } from '../../src/docker/dockerode-client.ts';
import { Session } from '../../src/gather/gather.ts';
import { ProbeScheduler } from '../../src/network/scheduler.ts';
import { runPass } from '../../src/pass/run-pass.ts';
import type { NodeReport, Report } from '../../src/diagnosis/diagnose.ts';
import type { CheckId, Finding } from '../../src/checks/types.ts';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(REPO, 'bin', 'netdata-cloud-doctor');

export interface Diagnosed {
  report: Report;
  node(name: string): NodeReport;
  finding(name: string, id: CheckId): Finding;
}

export interface DiagnoseOptions {
  exec?: 'auto' | 'never';
  startPeriodMs?: number;
  /** Where network probes go; always a local or unresolvable `.test` address in tests. */
  cloudUrl?: string;
}

/** Loopback with nothing listening, no name to resolve: a probe to it never leaves the machine (or the container). */
export const UNREACHABLE_CLOUD = 'https://127.0.0.1:9';

export async function diagnoseTargets(targets: readonly string[] | 'auto', options: DiagnoseOptions = {}): Promise<Diagnosed> {
  const endpoint = discoverEngine({}, () => undefined);
  if ('error' in endpoint) throw new Error(endpoint.error);
  const cloudUrl = options.cloudUrl ?? UNREACHABLE_CLOUD;
  assertLocalCloud({ DOCTOR_CLOUD_URL: cloudUrl }, []);
  const client = new DockerodeClient(endpoint);
  const exec = options.exec ?? 'auto';
  // The same pass as `check`: gather, views, probes (waited for), judge.
  const result = await runPass(
    { kind: 'full' },
    {
      client,
      session: new Session(exec),
      scheduler: new ProbeScheduler({ intervalMs: 60_000 }),
      clock: () => new Date(),
      settings: { targets, exec, startPeriodMs: options.startPeriodMs ?? 0, releaseId: 'test', cloudUrl },
    },
    undefined,
    'settle',
  );
  const { report } = result!.diagnosis;
  const node = (name: string) => {
    const found = report.nodes.find((n) => n.container.name === name);
    assert.ok(found, `no node ${name} in the report (nodes: ${report.nodes.map((n) => n.container.name).join(', ')})`);
    return found;
  };
  return {
    report,
    node,
    finding: (name, id) => {
      const f = node(name).findings.find((x) => x.id === id);
      assert.ok(f, `no finding ${id} for ${name}`);
      return f;
    },
  };
}

/** A finding's status with its summary, so a failing assertion says why. */
export const statusOf = (f: Finding): string => `${f.status}: ${f.summary}`;

const LOCAL_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|::1|[\w-]+\.test)$/i;

/** Nothing in a test may point the doctor at a real Netdata Cloud (or anything off this machine). */
export function assertLocalCloud(env: Record<string, string | undefined>, args: readonly string[]): void {
  const urls = [
    env.DOCTOR_CLOUD_URL,
    env.DOCTOR_AGENT_URL,
    env.DOCTOR_CLOUD_API,
    ...args.map((a, i) =>
      /^--(cloud-url|agent-url|cloud-api)(=|$)/.test(a) ? (a.includes('=') ? a.split('=')[1] : args[i + 1]) : undefined,
    ),
  ];
  for (const url of urls) {
    if (!url) continue;
    const host = new URL(url).hostname;
    if (!LOCAL_HOST.test(host)) throw new Error(`refusing to run the doctor against a non-local URL: ${url}`);
  }
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CmdResult extends CliResult {
  ms: number;
}

/**
 * Runs a command to completion (no shell) with exactly this environment, its output collected; never throws
 * on a non-zero exit, only when it does not finish in time (SIGKILL) or cannot start.
 */
export function runCommand(
  cmd: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number },
): Promise<CmdResult> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: options.env, cwd: options.cwd ?? REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stderr.slice(-2000)}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

/** Runs bin/netdata-cloud-doctor with this Node; the environment is minimal and explicit. */
export function runCli(args: readonly string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<CliResult> {
  const fullEnv: Record<string, string> = {
    PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    HOME: process.env.HOME ?? '/root',
    DOCTOR_CLOUD_URL: UNREACHABLE_CLOUD,
    ...env,
  };
  assertLocalCloud(fullEnv, args);
  return runCommand(process.execPath, [BIN, ...args], { env: fullEnv, timeoutMs });
}

/**
 * The environment `serve` runs with in these tests: this Node first on PATH, listening on 127.0.0.1:port, an
 * interval of 1 h and a start period of 0 s (passes come from events, not the clock), and a Cloud URL nothing
 * answers; `env` adds or overrides (undefined drops a default). Refuses a Cloud URL that is not local.
 */
export function serveEnv(port: number, env: Record<string, string | undefined> = {}): Record<string, string> {
  const merged: Record<string, string | undefined> = {
    PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    HOME: process.env.HOME ?? '/root',
    DOCTOR_LISTEN: `127.0.0.1:${port}`,
    DOCTOR_INTERVAL: '1h',
    DOCTOR_START_PERIOD: '0s',
    DOCTOR_CLOUD_URL: UNREACHABLE_CLOUD,
    ...env,
  };
  const full = Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined));
  assertLocalCloud(full, []);
  return full;
}

/** bin/netdata-cloud-doctor serve with this Node and exactly this environment (from serveEnv). */
export function spawnServe(env: Record<string, string>, stdio: StdioOptions = ['ignore', 'pipe', 'pipe']): ChildProcess {
  assertLocalCloud(env, []);
  return spawn(process.execPath, [BIN, 'serve'], { env, stdio });
}

export { freePort } from '../testbed/fakes.ts';

/** Polls probe until it returns a value other than undefined; probe errors count as "not yet". */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`,
      );
    await sleep(everyMs);
  }
}
