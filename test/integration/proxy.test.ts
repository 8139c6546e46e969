// The doctor behind a real GET-only socket proxy: HAProxy (Debian's, image from scripts/testbed) with
// deploy/socket-proxy/haproxy.cfg, the file users deploy. The doctor (from source) gets only
// DOCKER_HOST=tcp://127.0.0.1:<port>: discovery, inspect, logs and files still work; exec is denied and
// said so (docker.api warns), every exec-based fact is skipped or unknown with its reason; and the proxy's
// own log shows that it, not the engine, refused every POST.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  assertTestImages,
  cleanupOnExit,
  docker,
  execIn,
  readLogs,
  startScenario,
  GUID_FILE,
  RUN_ID,
  TEST_LABEL,
  CLAIM_TOKEN,
  type Scenario,
  stopCleanly,
} from '../testbed/scenarios.ts';
import { runCli } from './harness.ts';
import { reliability } from '../reliability/record.ts';
import { assertValidReport } from './schema.ts';
import {
  DOCKER_SOCKET,
  HAPROXY_IMAGE,
  PROXY_CONFIG,
  assertImage,
  freePort,
  httpGet,
  parseProxyLog,
  socketGid,
  until,
  type ProxyLogLine,
} from './deploy-harness.ts';

interface Finding {
  id: string;
  status: string;
  summary: string;
  evidence?: Record<string, { value: unknown; source: string }>;
}
interface NodeReport {
  container: { name: string };
  state: string;
  status: string;
  agent: { version: string | null; machineGuid: string | null; claimId: string | null };
  findings: Finding[];
}

describe('behind a GET-only socket proxy (HAProxy + deploy/socket-proxy/haproxy.cfg)', { timeout: 300_000 }, () => {
  let proxyId: string;
  let port: number;
  let claimed: Scenario;
  let stopped: Scenario;
  const base = () => `http://127.0.0.1:${port}`;
  const proxyLog = async (): Promise<ProxyLogLine[]> => parseProxyLog((await readLogs(proxyId)).stdout);

  before(async () => {
    await assertTestImages();
    await assertImage(HAPROXY_IMAGE);
    port = await freePort();
    const proxy = await docker.createContainer({
      name: `ncd-socket-proxy-${randomBytes(3).toString('hex')}`,
      Image: HAPROXY_IMAGE,
      Labels: { [TEST_LABEL]: RUN_ID },
      Env: [`SOCKET_PROXY_BIND=127.0.0.1:${port}`],
      HostConfig: {
        NetworkMode: 'host',
        ReadonlyRootfs: true,
        CapDrop: ['ALL'],
        GroupAdd: [String(socketGid())],
        Binds: [`${DOCKER_SOCKET}:${DOCKER_SOCKET}:ro`, `${PROXY_CONFIG}:/usr/local/etc/haproxy/haproxy.cfg:ro`],
      },
    });
    proxyId = proxy.id;
    await proxy.start();
    await until('the proxy', async () => ((await httpGet(`${base()}/_ping`)).status === 200 ? true : undefined), 20_000);
    // A claimed agent (claim files to read through the archive API) and one stopped by the user.
    [claimed, stopped] = await Promise.all([startScenario('claim-ok'), startScenario('healthy-unclaimed')]);
    await stopCleanly(stopped.id);
  });

  after(async () => {
    if (proxyId)
      await docker
        .getContainer(proxyId)
        .remove({ force: true })
        .catch(() => undefined);
    await cleanupOnExit();
  });

  test('the proxy itself: GET/HEAD on the allowed paths pass, anything else is 403 (and never reaches the engine)', async () => {
    const id = claimed.id;
    const allowed = [
      '/_ping',
      '/version',
      '/v1.41/info',
      '/events?until=1',
      '/containers/json?all=1',
      `/containers/${id}/json`,
      `/v1.41/containers/${claimed.name}/json`,
      `/containers/${id}/logs?stdout=1&tail=1`,
      `/containers/${id}/archive?path=/etc/hostname`,
    ];
    for (const p of allowed) assert.equal((await httpGet(`${base()}${p}`)).status, 200, p);
    // The agent's image, for the run spec of its remedies (issue 10); the image list stays denied.
    const image = (await docker.getContainer(id).inspect()).Image;
    assert.equal((await httpGet(`${base()}/images/${image}/json`)).status, 200, 'GET /images/{id}/json');
    const head = await fetch(`${base()}/containers/${id}/archive?path=${encodeURIComponent(GUID_FILE)}`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    const denied = [
      '/images/json',
      '/networks',
      '/volumes',
      `/containers/${id}/export`,
      `/containers/${id}/stats?stream=0`,
      `/containers/${id}/top`,
      `/containers/${id}/changes`,
      '/exec/0123/json',
      '/system/df',
      '/secrets',
      '/plugins',
      `/containers/${id}/attach/ws`,
    ];
    for (const p of denied) assert.equal((await httpGet(`${base()}${p}`)).status, 403, p);
    for (const [method, p] of [
      ['POST', `/containers/${id}/exec`],
      ['POST', `/containers/${id}/stop`],
      ['POST', `/containers/${id}/restart`],
      ['DELETE', `/containers/${id}`],
      ['PUT', `/containers/${id}/archive?path=/tmp`],
      ['POST', '/containers/create'],
    ] as const) {
      const r = await fetch(`${base()}${p}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'DELETE' ? undefined : '{}',
        signal: AbortSignal.timeout(5_000),
      });
      assert.equal(r.status, 403, `${method} ${p}`);
    }
    // Still running: the stop/restart/delete above never got through.
    assert.equal((await docker.getContainer(id).inspect()).State.Running, true);
    const log = await proxyLog();
    assert.ok(
      log.some((l) => l.method === 'POST' && l.status === 403 && l.path.endsWith('/exec')),
      'the proxy logged its 403 for POST exec',
    );
  });

  test('check --json through the proxy: everything that needs no exec works; exec is denied and said so', async (t) => {
    const observed = reliability(t, {
      area: 'fault',
      tried: 'check through a GET-only HAProxy socket proxy that answers 403 to every POST (exec)',
      expected:
        'docker.api warns "exec is denied"; exec-based facts skip or warn with the reason; nothing fails for the missing permission',
    });
    const before = (await proxyLog()).length;
    const t0 = Date.now();
    const r = await runCli(['check', '--json', claimed.name, stopped.name], {
      DOCKER_HOST: `tcp://127.0.0.1:${port}`,
      DOCTOR_START_PERIOD: '0s',
    });
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
    const report = JSON.parse(r.stdout);
    assertValidReport(report);
    const docs = (id: string) => report.checks[id] as { componentId: string; status: string; output: string }[];

    // docker.api: reachable through the proxy, with exec denied as a limit (a warning, not an error).
    const api = docs('docker.api')[0]!;
    assert.equal(api.status, 'warn', api.output);
    assert.match(api.output, /exec is denied/);
    assert.equal(docs('agent.discovery')[0]!.status, 'pass');

    const node = (name: string): NodeReport => report.nodes.find((n: NodeReport) => n.container.name === name);
    const finding = (name: string, id: string): Finding => node(name).findings.find((f) => f.id === id)!;
    const a = node(claimed.name);
    assert.ok(a, 'claimed agent diagnosed');
    assert.ok(node(stopped.name), 'stopped agent diagnosed');

    // inspect: running state; image label: the version, since `netdata -v` needs exec.
    assert.equal(finding(claimed.name, 'agent.running').status, 'pass');
    const version = finding(claimed.name, 'agent.version');
    assert.equal(a.agent.version, 'v1.37.1');
    assert.match(JSON.stringify(version.evidence), /image-label/);
    // archive: the machine GUID file (and the claim files) come through GET /containers/{id}/archive.
    const guid = (await execIn(claimed.id, ['cat', GUID_FILE])).stdout.trim();
    assert.match(guid, /^[0-9a-f-]{36}$/);
    assert.equal(a.agent.machineGuid, guid);
    // inspect + logs of a stopped container: stopped by the user (warn).
    assert.equal(finding(stopped.name, 'agent.running').status, 'warn');
    assert.equal(node(stopped.name).status, 'warn');

    // exec-based facts: unknown, with the reason. Cloud support cannot be told without `netdata -W buildinfo`.
    const cloud = finding(claimed.name, 'agent.cloud-support');
    assert.equal(cloud.status, 'warn', cloud.summary);
    assert.match(cloud.summary, /cannot tell/);
    assert.match(JSON.stringify(cloud.evidence), /exec denied/);
    // The agent's own API needs exec here (the agent has no network): no source, skip, saying why.
    for (const id of ['aclk.connection', 'aclk.ban']) {
      const f = finding(claimed.name, id);
      assert.equal(f.status, 'skip', `${id}: ${f.summary}`);
      assert.match(f.summary, /no source|not reachable|exec/);
    }
    // No finding turned a missing permission into a failure of the engine checks, and no token anywhere.
    assert.ok(!r.stdout.includes(CLAIM_TOKEN) && !r.stderr.includes(CLAIM_TOKEN));

    // The proxy's log: the doctor's requests; its POSTs (exec) were answered 403 by the proxy itself,
    // everything that passed was a GET or HEAD, and files and logs were read through it.
    const lines = (await proxyLog()).slice(before);
    assert.ok(lines.length > 5, `proxy logged ${lines.length} requests`);
    const posts = lines.filter((l) => l.method !== 'GET' && l.method !== 'HEAD');
    assert.ok(
      posts.length >= 1 && posts.every((l) => l.method === 'POST' && /\/exec$/.test(l.path) && l.status === 403),
      JSON.stringify(posts),
    );
    assert.ok(lines.filter((l) => l.status < 400).every((l) => l.method === 'GET' || l.method === 'HEAD'));
    assert.ok(
      lines.some((l) => /\/archive\?path=/.test(l.path) && l.status === 200),
      'files read through the archive API',
    );
    assert.ok(
      lines.some((l) => /\/logs\?/.test(l.path) && l.status === 200),
      'logs read through the proxy',
    );
    const skips = ['aclk.connection', 'aclk.ban'].map((id) => `${id} ${finding(claimed.name, id).status}`).join(', ');
    observed(
      `exit ${r.code} after ${Date.now() - t0} ms; docker.api ${api.status} ("${api.output}"); agent.cloud-support ${cloud.status} ("${cloud.summary}"); ${skips}; ` +
        `proxy: ${lines.length} requests, ${posts.length} POST /exec answered ${[...new Set(posts.map((p) => p.status))].join('/')}, ${lines.filter((l) => l.status < 400).length} GET/HEAD passed`,
    );
  });

  test('DOCTOR_EXEC=never: the doctor sends no POST at all, nothing is refused, and docker.api has no exec limit to report', async () => {
    const before = (await proxyLog()).length;
    const r = await runCli(['check', '--json', claimed.name], {
      DOCKER_HOST: `tcp://127.0.0.1:${port}`,
      DOCTOR_EXEC: 'never',
      DOCTOR_START_PERIOD: '0s',
    });
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
    const report = JSON.parse(r.stdout);
    assertValidReport(report);
    assert.doesNotMatch(report.checks['docker.api'][0].output, /exec is denied/);
    const lines = (await proxyLog()).slice(before);
    assert.ok(lines.length > 0);
    assert.deepEqual(
      lines.filter((l) => l.method !== 'GET' && l.method !== 'HEAD'),
      [],
    );
    // Nothing it asked for was refused (404s are the engine's own answer for files the agent does not have).
    assert.deepEqual(
      lines.filter((l) => l.status === 403),
      [],
    );
  });
});
