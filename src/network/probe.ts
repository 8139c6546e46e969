// Running the probes (CONTRACT §4 network.*, §9): DNS, then an HTTPS GET of the cloud root (404 is healthy),
// then a WebSocket upgrade of the MQTT endpoint (only 101 passes). From the agent's namespace through
// `docker exec curl` (authoritative), or from the doctor's own with Node (labelled, at most a warning).

import { randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import type { Dispatcher } from 'undici';
import { undici } from './undici.ts';
import type { DockerClient } from '../docker/client.ts';
import { fromCurl, fromNodeError } from './outcome.ts';
import type { ProbeOrigin, ProbeResult, ProbeStep } from '../facts/types.ts';
import type { CloudTarget, EffectiveProxy } from './target.ts';

export const PROBE_TIMEOUT_S = { http: 10, websocket: 5 };

export type { ProbeOrigin, ProbeResult };

const cloudRoot = (t: CloudTarget) => `${t.url}/`;
/** curl of Debian 12 does not know ws(s)://; the upgrade is the same request over http(s). */
const mqttOverHttp = (t: CloudTarget) => t.mqttUrl.replace(/^ws/, 'http');
const wsKey = () => randomBytes(16).toString('base64');

function proxyEnv(proxy: EffectiveProxy): string[] {
  return proxy.url ? [`https_proxy=${proxy.url}`, `HTTPS_PROXY=${proxy.url}`, `http_proxy=${proxy.url}`, 'no_proxy=', 'NO_PROXY='] : [];
}

/** One curl inside the agent; an exec that fails (refused, timed out) is a failed step, never a lost probe. */
async function curlIn(
  client: DockerClient,
  id: string,
  args: string[],
  proxy: EffectiveProxy,
  seconds: number,
  expected: (status: number) => boolean,
): Promise<ProbeStep> {
  const argv = [
    'curl',
    '-sS',
    '-o',
    '/dev/null',
    '-w',
    '%{http_code}',
    '--max-time',
    String(seconds),
    ...(proxy.url ? [] : ['--noproxy', '*']),
    ...args,
  ];
  try {
    const result = await client.exec(id, argv, 4096, { env: proxyEnv(proxy), timeoutMs: (seconds + 5) * 1000 });
    return fromCurl(result.exitCode, Number(result.stdout.trim()) || 0, expected);
  } catch (err) {
    return {
      ok: false,
      failure: { kind: 'other', detail: `the probe could not run in the agent: ${(err as Error).message.split('\n')[0]}` },
    };
  }
}

export async function probeFromAgent(
  client: DockerClient,
  containerId: string,
  target: CloudTarget,
  proxy: EffectiveProxy,
  clock: () => Date,
): Promise<ProbeResult> {
  const result: ProbeResult = { origin: 'agent', target, proxy, http: { ok: false }, websocket: { ok: false }, at: clock() };
  if (!proxy.url) {
    const dns = await client
      .exec(containerId, ['getent', 'ahosts', target.host], 16_384, { timeoutMs: 10_000 })
      .catch((err: Error) => ({ exitCode: -1, stdout: '', stderr: err.message }));
    const addresses = [
      ...new Set(
        dns.stdout
          .split('\n')
          .map((l) => l.split(/\s+/)[0]!)
          .filter(Boolean),
      ),
    ];
    result.dns =
      dns.exitCode === 0 && addresses.length > 0
        ? { ok: true, addresses }
        : {
            ok: false,
            failure: {
              kind: 'dns',
              detail:
                dns.exitCode === 2
                  ? `${target.host} does not resolve`
                  : `name lookup failed (${dns.stderr.trim() || `exit ${dns.exitCode}`})`,
            },
          };
    if (!result.dns.ok) {
      result.http = { ok: false, failure: result.dns.failure! };
      result.websocket = { ok: false, failure: result.dns.failure! };
      return result;
    }
  }
  result.http = await curlIn(client, containerId, [cloudRoot(target)], proxy, PROBE_TIMEOUT_S.http, (s) => s === 404);
  result.websocket = await curlIn(
    client,
    containerId,
    [
      '--http1.1',
      '-H',
      'Connection: Upgrade',
      '-H',
      'Upgrade: websocket',
      '-H',
      'Sec-WebSocket-Version: 13',
      '-H',
      `Sec-WebSocket-Key: ${wsKey()}`,
      '-H',
      'Sec-WebSocket-Protocol: mqtt',
      mqttOverHttp(target),
    ],
    proxy,
    PROBE_TIMEOUT_S.websocket,
    (s) => s === 101,
  );
  if (!result.websocket.ok && result.websocket.failure?.kind === 'http')
    result.websocket.failure = {
      kind: 'no-upgrade',
      detail: `answered HTTP ${result.websocket.status} instead of 101 Switching Protocols`,
    };
  return result;
}

export async function probeFromDoctor(
  origin: Exclude<ProbeOrigin, 'agent'>,
  target: CloudTarget,
  proxy: EffectiveProxy,
  clock: () => Date,
): Promise<ProbeResult> {
  const result: ProbeResult = { origin, target, proxy, http: { ok: false }, websocket: { ok: false }, at: clock() };
  // Loaded here, not at start: only probes from the doctor's own namespace use undici (see network/undici.ts).
  const { ProxyAgent, request, upgrade } = undici();
  const dispatcher: Dispatcher | undefined = proxy.url && /^https?:/i.test(proxy.url) ? new ProxyAgent(proxy.url) : undefined;
  try {
    if (!proxy.url) {
      try {
        const addresses = await lookup(target.host, { all: true });
        result.dns = { ok: true, addresses: addresses.map((a) => a.address) };
      } catch (err) {
        result.dns = { ok: false, failure: fromNodeError(err)! };
        result.http = { ok: false, failure: result.dns.failure! };
        result.websocket = { ok: false, failure: result.dns.failure! };
        return result;
      }
    }
    try {
      const res = await request(cloudRoot(target), {
        method: 'GET',
        ...(dispatcher ? { dispatcher } : {}),
        headersTimeout: PROBE_TIMEOUT_S.http * 1000,
        bodyTimeout: PROBE_TIMEOUT_S.http * 1000,
        signal: AbortSignal.timeout(PROBE_TIMEOUT_S.http * 1000),
      });
      await res.body.dump();
      result.http =
        res.statusCode === 404
          ? { ok: true, status: 404 }
          : { ok: false, status: res.statusCode, failure: { kind: 'http', detail: `answered HTTP ${res.statusCode}` } };
    } catch (err) {
      result.http = { ok: false, failure: fromNodeError(err)! };
    }
    try {
      const { socket } = await upgrade(mqttOverHttp(target), {
        protocol: 'websocket',
        headers: { 'sec-websocket-version': '13', 'sec-websocket-key': wsKey(), 'sec-websocket-protocol': 'mqtt' },
        ...(dispatcher ? { dispatcher } : {}),
        signal: AbortSignal.timeout(PROBE_TIMEOUT_S.websocket * 1000),
      });
      socket.destroy();
      result.websocket = { ok: true, status: 101 };
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      result.websocket = status
        ? { ok: false, status, failure: { kind: 'no-upgrade', detail: `answered HTTP ${status} instead of 101 Switching Protocols` } }
        : { ok: false, failure: fromNodeError(err)! };
    }
    return result;
  } finally {
    await dispatcher?.close().catch(() => undefined);
  }
}
