// Reaching the agent's HTTP API (CONTRACT §3), first way that answers: the label or DOCTOR_AGENT_URL →
// a shared network namespace → the agent's address on a network the doctor can reach → a published port
// → `docker exec curl` inside the agent → none. Never through a proxy; every read bounded in size and time.

import type { DockerClient } from '../docker/client.ts';
import { DockerError } from '../docker/errors.ts';
import { readBodyBounded, undici } from '../network/undici.ts';
import { URL_LABEL } from '../docker/targets.ts';
import { readFailed, readOk, type AgentApiFacts, type ContainerFacts, type Read } from '../facts/types.ts';
import { sharesNamespace, type SelfPlace } from './self.ts';

export const API_PATHS = ['/api/v3/info', '/api/v2/info', '/api/v1/info', '/api/v1/aclk'] as const;
export const API_LIMITS = { bodyBytes: 4 * 1024 * 1024, timeoutMs: 3_000 };
// Not starting with '@', which would make curl read the format from a file.
const STATUS_MARK = '~~ncd-http-status:';

export interface Way {
  via: string;
  base: string;
  /** Through `docker exec curl` rather than the doctor's own connection. */
  exec?: boolean;
}

export const agentPort = (c: ContainerFacts): number => {
  const port = Number(c.env.NETDATA_LISTENER_PORT);
  return Number.isInteger(port) && port > 0 && port < 65_536 ? port : 19_999;
};

/** The ways to try, in the contract's order. Pure, so the order can be tested. */
export function waysToReach(c: ContainerFacts, self: SelfPlace, agentUrl: string | undefined): Way[] {
  const port = agentPort(c);
  const ways: Way[] = [];
  const labelled = c.labels[URL_LABEL] ?? agentUrl;
  if (labelled) ways.push({ via: c.labels[URL_LABEL] ? `label ${URL_LABEL}` : 'DOCTOR_AGENT_URL', base: labelled.replace(/\/+$/, '') });

  if (sharesNamespace(c, self)) ways.push({ via: 'shared network namespace', base: `http://127.0.0.1:${port}` });

  const reachable = self.kind === 'host' ? c.networks : c.networks.filter((n) => self.facts?.networks.some((mine) => mine.name === n.name));
  for (const n of reachable) if (n.ip) ways.push({ via: `network ${n.name}`, base: `http://${n.ip}:${port}` });

  if (self.kind === 'host') {
    for (const p of c.ports.filter((x) => x.containerPort === port && x.protocol === 'tcp')) {
      const host =
        p.hostIp === '' || p.hostIp === '0.0.0.0'
          ? '127.0.0.1'
          : p.hostIp === '::'
            ? '[::1]'
            : p.hostIp.includes(':')
              ? `[${p.hostIp}]`
              : p.hostIp;
      ways.push({ via: 'published port', base: `http://${host}:${p.hostPort}` });
    }
  }
  ways.push({ via: 'exec curl', base: `http://localhost:${port}`, exec: true });
  return ways;
}

async function getDirect(url: string): Promise<{ status: number; body: string }> {
  // undici's narrow entry points, loaded on the first direct request (see undici.ts).
  const { request } = undici();
  const response = await request(url, {
    method: 'GET',
    headersTimeout: API_LIMITS.timeoutMs,
    bodyTimeout: API_LIMITS.timeoutMs,
    maxRedirections: 0,
    signal: AbortSignal.timeout(API_LIMITS.timeoutMs),
  } as Parameters<typeof import('undici').request>[1]);
  return { status: response.statusCode, body: await readBodyBounded(response.body, API_LIMITS.bodyBytes) };
}

async function getViaExec(client: DockerClient, id: string, url: string): Promise<{ status: number; body: string }> {
  const seconds = String(Math.ceil(API_LIMITS.timeoutMs / 1000));
  const result = await client.exec(
    id,
    ['curl', '-s', '--max-time', seconds, '--max-filesize', String(API_LIMITS.bodyBytes), '-w', `${STATUS_MARK}%{http_code}`, url],
    API_LIMITS.bodyBytes + 64,
  );
  const at = result.stdout.lastIndexOf(STATUS_MARK);
  const status = at >= 0 ? Number(result.stdout.slice(at + STATUS_MARK.length).trim()) : 0;
  if (result.exitCode !== 0 || !status)
    throw new Error(`curl in the agent exited ${result.exitCode}${result.stderr ? `: ${result.stderr.trim().split('\n')[0]}` : ''}`);
  return { status, body: result.stdout.slice(0, at) };
}

export interface ReachOptions {
  self: SelfPlace;
  agentUrl?: string;
  execAllowed: boolean;
  /** Told when the engine refuses the exec, so that no other exec is tried on this connection. */
  onExecDenied?: () => void;
}

export async function readAgentApi(client: DockerClient, c: ContainerFacts, options: ReachOptions): Promise<AgentApiFacts> {
  if (c.status !== 'running' || c.restarting) return { unavailable: `the container is ${c.status}`, answers: {} };
  const tried: string[] = [];
  for (const way of waysToReach(c, options.self, options.agentUrl)) {
    if (way.exec && !options.execAllowed) {
      tried.push(`${way.via}: exec not permitted`);
      continue;
    }
    const get = (path: string) => (way.exec ? getViaExec(client, c.id, `${way.base}${path}`) : getDirect(`${way.base}${path}`));
    // The first path decides whether this way works at all: any HTTP answer counts, a dead socket does not.
    const [first, ...rest] = API_PATHS;
    let answer: { status: number; body: string };
    try {
      answer = await get(first);
    } catch (err) {
      const denied = err instanceof DockerError && err.kind === 'forbidden' && err.statusCode !== undefined;
      if (denied) options.onExecDenied?.();
      tried.push(`${way.via}: ${denied ? 'exec denied by the engine or socket proxy' : (err as Error).message.split('\n')[0]}`);
      continue;
    }
    const answers: Record<string, Read<{ status: number; body: string }>> = { [first]: readOk(answer) };
    for (const path of rest) {
      try {
        answers[path] = readOk(await get(path));
      } catch (err) {
        answers[path] = readFailed((err as Error).message.split('\n')[0]!);
      }
    }
    return { via: way.via, url: way.base, answers };
  }
  return { unavailable: `agent API not reachable (${tried.join('; ')})`, answers: {} };
}
