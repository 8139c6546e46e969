// Helpers for the deployment tests (image, proxy, compose, swarm): the doctor's image built by scripts/image
// (reused while its inputs are unchanged), the docker / docker-compose CLIs, free loopback ports, and waits.

import { statSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO, runCommand, type CmdResult } from './harness.ts';
import { docker, inspect } from '../testbed/scenarios.ts';

/** The tag the tests build the doctor's image under (NCD_DOCTOR_IMAGE: use an image built elsewhere). */
export const DOCTOR_TEST_TAG = 'ncd-test/netdata-cloud-doctor:test';
export const HAPROXY_IMAGE = 'ncd-test/haproxy:bookworm';
export const PROXY_CONFIG = path.join(REPO, 'deploy', 'socket-proxy', 'haproxy.cfg');
export const DOCKER_SOCKET = '/var/run/docker.sock';

/** Runs a command to completion (no shell), with this Node first on PATH; never throws on a non-zero exit. */
export function run(
  cmd: string,
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {},
): Promise<CmdResult> {
  const env = { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}`, ...options.env };
  return runCommand(cmd, args, { ...options, env });
}

/** Like run, but throws with the command's output when it exits non-zero. */
export async function runOk(cmd: string, args: readonly string[], options: Parameters<typeof run>[2] = {}): Promise<CmdResult> {
  const r = await run(cmd, args, options);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}:\n${r.stderr.slice(-3000)}${r.stdout.slice(-1000)}`);
  return r;
}

let imagePromise: Promise<string> | undefined;
/**
 * The doctor's image, built with scripts/image from this checkout (offline, on the local Node 24 base from
 * scripts/testbed); scripts/image skips the build while every input is unchanged. Once per test process.
 */
export function ensureDoctorImage(): Promise<string> {
  imagePromise ??= (async () => {
    const preset = process.env['NCD_DOCTOR_IMAGE'];
    if (preset) {
      await docker.getImage(preset).inspect();
      return preset;
    }
    const r = await run(path.join(REPO, 'scripts', 'image'), ['--tag', DOCTOR_TEST_TAG, '--quiet'], { timeoutMs: 600_000 });
    if (r.code !== 0) throw new Error(`scripts/image failed (exit ${r.code}):\n${r.stderr.slice(-3000)}`);
    return DOCTOR_TEST_TAG;
  })();
  return imagePromise;
}

/** Throws a clear message when scripts/testbed has not built the proxy image. */
export async function assertImage(tag: string): Promise<void> {
  if (
    !(await docker
      .getImage(tag)
      .inspect()
      .catch(() => undefined))
  )
    throw new Error(`image ${tag} missing: run scripts/testbed`);
}

/** The group of the Docker socket, for group_add (the image's user is not in it otherwise). */
export function socketGid(): number {
  return statSync(DOCKER_SOCKET).gid;
}

export { freePort, until } from './harness.ts';

/** Waits for a container's Docker health status; on timeout the error shows its last health-check outputs. */
export async function waitForHealth(id: string, status: 'healthy' | 'unhealthy', timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = await inspect(id);
    const health = info.State.Health;
    if (health?.Status === status) return;
    if (!info.State.Running)
      throw new Error(`${info.Name} is ${info.State.Status} (exit ${info.State.ExitCode}) while waiting for ${status}`);
    if (Date.now() > deadline) {
      const log = (health?.Log ?? [])
        .slice(-3)
        .map((l) => `exit ${l.ExitCode}: ${l.Output.trim()}`)
        .join('\n  ');
      throw new Error(`${info.Name}: health ${health?.Status ?? 'none'}, not ${status}, after ${timeoutMs} ms; last checks:\n  ${log}`);
    }
    await sleep(250);
  }
}

/** GET on loopback with a short timeout. */
export async function httpGet(url: string): Promise<{ status: number; body: string; type: string | null }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') };
}

export interface ProxyLogLine {
  method: string;
  path: string;
  status: number;
}

/** Parses haproxy's httplog lines (`... 403 192 - - PR-- ... "POST /containers/x/exec HTTP/1.1"`). */
export function parseProxyLog(text: string): ProxyLogLine[] {
  const lines: ProxyLogLine[] = [];
  for (const line of text.split('\n')) {
    const m = / (\d{3}) \d+ \S+ \S+ \S+ .*"([A-Z]+) (\S+) HTTP\/[\d.]+"\s*$/.exec(line);
    if (m) lines.push({ status: Number(m[1]), method: m[2]!, path: m[3]! });
  }
  return lines;
}
