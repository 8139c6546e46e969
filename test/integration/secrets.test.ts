// CONTRACT §10 end to end: a distinct known secret is seeded in every place the contract lists (env, the
// claim options, the container's arguments, claim.conf, cloud.d/token, cloud.conf, access-log lines, proxy
// credentials in URLs, the UI claim key), then every command and endpoint runs against that agent, at debug
// level too, plus the error paths. Every byte printed (stdout, stderr, HTTP bodies and headers, the health
// check's output) is searched for each value and for every 12-character fragment of it.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { pack } from 'tar-stream';
import { cleanupOnExit, docker, execIn, readLogs, RUN_ID, TEST_LABEL } from '../testbed/scenarios.ts';
import { assertFakeImages, FAKE_IMAGES, LOCAL_DNS } from '../testbed/fakes.ts';
import { runCli, serveEnv, spawnServe, type CliResult } from './harness.ts';
import { freePort, until } from './deploy-harness.ts';
import { reliability } from '../reliability/record.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { FakeCloudApi, scenarioSpace } from '../testbed/fake-cloud-api.ts';

/** Letters and digits only, so that no redaction pattern stops early inside the value. */
const random = (n: number): string =>
  randomBytes(n * 2)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, n);

// One distinct value per place; tokens look like real ones (long, URL-safe), credentials are user + password.
const S = {
  envToken: `envTok${random(60)}`,
  extraOptsToken: `extraTok${random(60)}`,
  argsToken: `argsTok${random(60)}`,
  claimConfToken: `claimConfTok${random(60)}`,
  cloudDToken: `cloudDTok${random(60)}`,
  cloudConfToken: `cloudConfTok${random(60)}`,
  accessLogToken: `accessTok${random(60)}`,
  errorLogToken: `errorLogTok${random(60)}`,
  claimProxyUser: `cpu${random(12)}`,
  claimProxyPass: `cpp${random(24)}`,
  httpsProxyUser: `hpu${random(12)}`,
  httpsProxyPass: `hpp${random(24)}`,
  httpProxyUser: `lpu${random(12)}`,
  httpProxyPass: `lpp${random(24)}`,
  netdataConfProxyUser: `npu${random(12)}`,
  netdataConfProxyPass: `npp${random(24)}`,
  claimConfProxyUser: `ccu${random(12)}`,
  claimConfProxyPass: `ccp${random(24)}`,
  cloudConfProxyUser: `cfu${random(12)}`,
  cloudConfProxyPass: `cfp${random(24)}`,
  sessionId: randomUUID(),
  dockerHostUser: `dhu${random(12)}`,
  dockerHostPass: `dhp${random(24)}`,
  configUrlUser: `cgu${random(12)}`,
  configUrlPass: `cgp${random(24)}`,
  cloudApiToken: `cloudApiTok${random(60)}`,
  cloudApiFileToken: `cloudApiFileTok${random(60)}`,
};
const proxyUrl = (user: string, pass: string) => `http://${user}:${pass}@proxy.test:3128`;

interface Output {
  what: string;
  text: string;
}

/** Every 12-character window of a value: a partial leak (a truncated line, a prefix shown) is a leak too. */
function fragments(value: string, size = 12): string[] {
  if (value.length <= size) return [value];
  const out: string[] = [];
  for (let i = 0; i + size <= value.length; i++) out.push(value.slice(i, i + size));
  return out;
}

interface Search {
  bytes: number;
  outputs: number;
  fragments: number;
  hits: string[];
}

function search(outputs: readonly Output[], values: readonly string[]): Search {
  const hits: string[] = [];
  let frags = 0;
  for (const value of values) {
    const parts = fragments(value);
    frags += parts.length;
    for (const o of outputs) {
      const found = parts.find((p) => o.text.includes(p));
      if (found !== undefined) {
        const at = o.text.indexOf(found);
        hits.push(`${o.what}: "${found}" in …${o.text.slice(Math.max(0, at - 80), at + 40)}…`);
      }
    }
  }
  return { bytes: outputs.reduce((n, o) => n + Buffer.byteLength(o.text), 0), outputs: outputs.length, fragments: frags, hits };
}

const cliText = (what: string, r: CliResult): Output[] => [
  { what: `${what} stdout`, text: r.stdout },
  { what: `${what} stderr`, text: r.stderr },
];

async function tarOf(files: { name: string; body: string; mode: number; uid: number; gid: number }[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c) => chunks.push(c as Buffer));
  const done = new Promise<void>((resolve) => p.on('end', () => resolve()));
  for (const f of files) p.entry({ name: f.name, mode: f.mode, uid: f.uid, gid: f.gid }, f.body);
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** Runs `serve` from source at debug level until stopped; collects its output and every endpoint's answer. */
async function serveAndAsk(
  env: Record<string, string>,
  paths: readonly string[],
  waitFor: (port: number) => Promise<unknown>,
): Promise<{ outputs: Output[]; port: number; stop: () => Promise<number | null> }> {
  const port = await freePort();
  // The default interval and start period, as these runs have always used.
  const fullEnv = serveEnv(port, { DOCTOR_INTERVAL: undefined, DOCTOR_START_PERIOD: undefined, LOG_LEVEL: 'debug', ...env });
  const child = spawnServe(fullEnv);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const outputs: Output[] = [];
  try {
    await waitFor(port);
    for (const p of paths) {
      for (const method of ['GET', 'HEAD']) {
        const res = await fetch(`http://127.0.0.1:${port}${p}`, { method, signal: AbortSignal.timeout(5_000) });
        const headers = [...res.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n');
        outputs.push({ what: `serve ${method} ${p} (${res.status})`, text: `${headers}\n\n${await res.text()}` });
      }
    }
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\nserve stderr: ${stderr.slice(-2000)}`);
  }
  const stop = async (): Promise<number | null> => {
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGTERM');
    const code = await exited;
    outputs.push({ what: 'serve stdout', text: stdout }, { what: 'serve stderr', text: stderr });
    return code;
  };
  return { outputs, port, stop };
}

describe('secrets: no seeded secret in any output (CONTRACT §10)', { timeout: 600_000 }, () => {
  const outputs: Output[] = [];
  let agentId = '';
  const agentName = `ncd-secrets-${randomBytes(3).toString('hex')}`;
  let checkJson:
    | { nodes: { findings: { id: string; status: string; summary: string; evidence?: Record<string, { value: unknown }> }[] }[] }
    | undefined;
  let serveHealth = '';

  before(async () => {
    await assertFakeImages();
    // A v2 agent, claimed but never connected (so network probes run, through the agent's own proxy), with a
    // secret in every place of §10. Created here rather than by startFakeAgent: it needs its own Cmd and files.
    const env: Record<string, string> = {
      DO_NOT_TRACK: '1',
      FAKE_AGENT_STATE: 'offline-never-connected',
      NETDATA_CLAIM_URL: 'https://cloud.test:9',
      NETDATA_CLAIM_TOKEN: S.envToken,
      NETDATA_CLAIM_ROOMS: '11111111-2222-4333-8444-555555555555',
      NETDATA_EXTRA_CLAIM_OPTS: `-token=${S.extraOptsToken} -verbose`,
      NETDATA_CLAIM_PROXY: proxyUrl(S.claimProxyUser, S.claimProxyPass),
      https_proxy: proxyUrl(S.httpsProxyUser, S.httpsProxyPass),
      HTTPS_PROXY: proxyUrl(S.httpsProxyUser, S.httpsProxyPass),
      http_proxy: proxyUrl(S.httpProxyUser, S.httpProxyPass),
    };
    // Log lines as the agent writes them: a UI claim in the access log (stdout), a claim error on stderr. The
    // entry point prints them first and then runs the image's own (so `-token=` stays in the Args).
    const accessLine = `time=${new Date().toISOString()} comm=netdata source=access level=info tid=77 thread=WEB[1] msg="GET /api/v2/claim?key=${S.sessionId}&token=${S.accessLogToken}&rooms=r&url=https://cloud.test:9 200"`;
    const errorLine = `time=${new Date().toISOString()} comm=netdata source=daemon level=error tid=1 msg="CLAIM: request with token=${S.errorLogToken} failed: netdata_random_session_id ${S.sessionId}"`;
    const container = await docker.createContainer({
      name: agentName,
      Image: FAKE_IMAGES.v2,
      Entrypoint: ['/bin/sh', '-c', 'cat /seed/stdout; cat /seed/stderr >&2; exec /usr/sbin/run.sh "$@"', 'run.sh'],
      Cmd: [`-token=${S.argsToken}`],
      Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
      Labels: { [TEST_LABEL]: RUN_ID },
      HostConfig: { NetworkMode: 'none', Dns: LOCAL_DNS },
    });
    agentId = container.id;
    const file = (name: string, body: string) => ({ name, body, mode: 0o640, uid: 0, gid: 201 });
    await container.putArchive(
      await tarOf([
        file(
          'etc/netdata/claim.conf',
          `[global]\n   url = https://cloud.test:9\n   token = ${S.claimConfToken}\n   rooms = 11111111-2222-4333-8444-555555555555\n   proxy = ${proxyUrl(S.claimConfProxyUser, S.claimConfProxyPass)}\n`,
        ),
        file(
          'etc/netdata/netdata.conf',
          `[global]\n   run as user = netdata\n[cloud]\n   proxy = ${proxyUrl(S.netdataConfProxyUser, S.netdataConfProxyPass)}\n`,
        ),
        file('var/lib/netdata/cloud.d/token', `${S.cloudDToken}\n`),
        file('var/lib/netdata/netdata_random_session_id', S.sessionId),
        file('seed/stdout', `${accessLine}\n`),
        file('seed/stderr', `${errorLine}\n`),
      ]),
      { path: '/' },
    );
    await container.start();
    // curl inside the agent would go through the seeded http_proxy: ask the API with --noproxy.
    await until(
      "the fake agent's API",
      async () =>
        (await execIn(agentId, ['curl', '-sf', '--noproxy', '*', '-o', '/dev/null', '--max-time', '2', 'http://localhost:19999/']))
          .exitCode === 0
          ? true
          : undefined,
      60_000,
      200,
    );
    // v2 rewrites cloud.conf when it claims (with claim.conf's token and proxy): seed its own values after that,
    // as a v2 cloud.conf written by an earlier claim with another token holds them.
    const cloudConf = await execIn(agentId, ['cat', '/var/lib/netdata/cloud.d/cloud.conf']);
    const claimedId = /claimed_id = (\S+)/.exec(cloudConf.stdout)?.[1] ?? randomUUID();
    await container.putArchive(
      await tarOf([
        {
          ...file(
            'var/lib/netdata/cloud.d/cloud.conf',
            `[global]\n\turl = https://cloud.test:9\n\tproxy = ${proxyUrl(S.cloudConfProxyUser, S.cloudConfProxyPass)}\n\ttoken = ${S.cloudConfToken}\n\trooms = r\n\tinsecure = no\n\tclaimed_id = ${claimedId}\n`,
          ),
          uid: 201,
        },
      ]),
      { path: '/' },
    );
    const logs = await readLogs(agentId);
    assert.ok(
      logs.stdout.includes(S.accessLogToken) && logs.stderr.includes(S.errorLogToken),
      "the seeded log lines are in the container's log",
    );
    // The seeded files are still there as written (the fake does not rewrite them): what the doctor reads holds them.
    for (const [p, value] of [
      ['/etc/netdata/claim.conf', S.claimConfToken],
      ['/var/lib/netdata/cloud.d/cloud.conf', S.cloudConfToken],
      ['/var/lib/netdata/cloud.d/token', S.cloudDToken],
      ['/etc/netdata/netdata.conf', S.netdataConfProxyPass],
    ] as const) {
      const r = await execIn(agentId, ['cat', p]);
      assert.ok(r.stdout.includes(value), `${p} lost its seeded secret: ${r.stdout}`);
    }

    // Every command, at the default level and at debug.
    const target = { DOCTOR_TARGETS: agentName };
    const runs: [string, string[], Record<string, string>][] = [
      ['check', ['check'], target],
      ['check --json', ['check', '--json'], target],
      ['check --strict (LOG_LEVEL=debug)', ['check', '--strict'], { ...target, LOG_LEVEL: 'debug' }],
      ['check --json (LOG_LEVEL=debug, LOG_FORMAT=pretty)', ['check', '--json'], { ...target, LOG_LEVEL: 'debug', LOG_FORMAT: 'pretty' }],
      ['check <name> (DOCTOR_EXEC=never, debug)', ['check', agentName], { DOCTOR_EXEC: 'never', LOG_LEVEL: 'debug' }],
    ];
    for (const [what, args, extra] of runs) {
      const r = await runCli(args, extra, 120_000);
      assert.ok(r.code === 1 || r.code === 0, `${what} exited ${r.code}: ${r.stderr.slice(-1500)}`);
      outputs.push(...cliText(what, r));
      if (what === 'check --json') checkJson = JSON.parse(r.stdout);
    }

    // The Netdata Cloud API token (CONTRACT §12): accepted by the fake Cloud API (check and serve), refused (from
    // DOCTOR_CLOUD_TOKEN_FILE: the 401 path and its cloud.unreachable line), and both set at once (a config error).
    const cloudApi = new FakeCloudApi(S.cloudApiToken);
    await cloudApi.start();
    const tokenDir = mkdtempSync(path.join(tmpdir(), 'ncd-secrets-'));
    const tokenFile = path.join(tokenDir, 'cloud-token');
    writeFileSync(tokenFile, `${S.cloudApiFileToken}\n`);
    try {
      cloudApi.spaces = [scenarioSpace('reachable', { nd: randomUUID(), mg: randomUUID(), nm: agentName }, { name: 'Main' })];
      const withCloud = { ...target, DOCTOR_CLOUD_API: cloudApi.url, LOG_LEVEL: 'debug' };
      const cloudRuns: [string, string[], Record<string, string>][] = [
        ['check --json (DOCTOR_CLOUD_TOKEN accepted, debug)', ['check', '--json'], { ...withCloud, DOCTOR_CLOUD_TOKEN: S.cloudApiToken }],
        [
          'check (DOCTOR_CLOUD_TOKEN accepted, debug, pretty)',
          ['check'],
          { ...withCloud, DOCTOR_CLOUD_TOKEN: S.cloudApiToken, LOG_FORMAT: 'pretty' },
        ],
        [
          'check --json (DOCTOR_CLOUD_TOKEN_FILE refused, debug)',
          ['check', '--json'],
          { ...withCloud, DOCTOR_CLOUD_TOKEN_FILE: tokenFile },
        ],
      ];
      for (const [what, args, extra] of cloudRuns) {
        const r = await runCli(args, extra, 120_000);
        assert.ok(r.code === 1 || r.code === 0, `${what} exited ${r.code}: ${r.stderr.slice(-1500)}`);
        outputs.push(...cliText(what, r));
      }
      const both = await runCli(['check'], { ...withCloud, DOCTOR_CLOUD_TOKEN: S.cloudApiToken, DOCTOR_CLOUD_TOKEN_FILE: tokenFile });
      assert.equal(both.code, 2, both.stderr);
      outputs.push(...cliText('check, both Cloud token settings', both));
      const cloudServe = await serveAndAsk(
        { ...withCloud, DOCTOR_CLOUD_TOKEN: S.cloudApiToken, DOCTOR_INTERVAL: '1h' },
        ['/health', '/metrics'],
        (port) =>
          until(
            'serve: a report measured by the Cloud API',
            async () => {
              const body = await (await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(3_000) })).text();
              return /"source": ?"cloud-api"/.test(body) ? body : undefined;
            },
            90_000,
            500,
          ),
      );
      await cloudServe.stop();
      outputs.push(...cloudServe.outputs.map((o) => ({ ...o, what: `serve with a Cloud token: ${o.what}` })));
      // Not vacuous: the doctor did present both tokens to the API.
      assert.ok(cloudApi.count('/api/v2/spaces') >= 4, `the fake Cloud API was asked ${cloudApi.count('/api/v2/spaces')} times`);
    } finally {
      await cloudApi.close();
      rmSync(tokenDir, { recursive: true, force: true });
    }

    // serve at debug: every endpoint (GET and HEAD, with headers), once the agent-side probes have answered.
    const served = await serveAndAsk(
      { ...target, DOCTOR_INTERVAL: '1h' },
      ['/health', `/health/${agentName}`, '/metrics', '/livez', '/readyz'],
      (port) =>
        until(
          'serve: a report with the probe results',
          async () => {
            const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(3_000) });
            const body = await res.text();
            return res.headers.get('content-type') === 'application/health+json' && !/pending/.test(body) && /network\.cloud/.test(body)
              ? body
              : undefined;
          },
          90_000,
          500,
        ),
    );
    serveHealth = served.outputs[0]?.text ?? '';
    // healthcheck against that serve, by DOCTOR_LISTEN and by --url.
    const hc = await runCli(['healthcheck'], { DOCTOR_LISTEN: `127.0.0.1:${served.port}`, LOG_LEVEL: 'debug' });
    outputs.push(...cliText('healthcheck', hc));
    const hcUrl = await runCli(['healthcheck', '--url', `http://127.0.0.1:${served.port}/health`]);
    outputs.push(...cliText('healthcheck --url', hcUrl));
    const code = await served.stop();
    assert.equal(code, 0, 'serve exits 0 on SIGTERM');
    outputs.push(...served.outputs);

    // Error paths: the engine unreachable at an address with credentials (check and serve), configuration
    // errors whose values carry credentials or a token, healthcheck with credentials in its URL.
    const deadEngine = { DOCKER_HOST: `tcp://${S.dockerHostUser}:${S.dockerHostPass}@127.0.0.1:9`, LOG_LEVEL: 'debug' };
    const unreachable = await runCli(['check', '--json'], deadEngine);
    assert.equal(unreachable.code, 3, unreachable.stderr);
    outputs.push(...cliText('check, engine unreachable', unreachable));
    const unreachableServe = await serveAndAsk({ ...deadEngine, DOCTOR_INTERVAL: '1h' }, ['/health', '/metrics', '/readyz'], (port) =>
      until(
        'serve readyz with the engine unreachable',
        async () => ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200 ? true : undefined),
        30_000,
      ),
    );
    await unreachableServe.stop();
    outputs.push(...unreachableServe.outputs.map((o) => ({ ...o, what: `engine unreachable: ${o.what}` })));
    const badConfig = await runCli(['check'], {
      DOCTOR_CLOUD_URL: `ftp://${S.configUrlUser}:${S.configUrlPass}@cloud.test/`,
      DOCTOR_AGENT_URL: `gopher://${S.configUrlUser}:${S.configUrlPass}@localhost:1/`,
      DOCTOR_TARGETS: `${agentName}`,
      DOCTOR_INTERVAL: `token=${S.envToken}`,
    });
    assert.equal(badConfig.code, 2, `bad configuration exits 2: ${badConfig.stderr}`);
    outputs.push(...cliText('check, bad configuration', badConfig));
    const badFlag = await runCli([
      'check',
      `--cloud-url=ftp://${S.configUrlUser}:${S.configUrlPass}@cloud.test/`,
      `--claim-token=${S.envToken}`,
    ]);
    assert.equal(badFlag.code, 2, badFlag.stderr);
    outputs.push(...cliText('check, bad flags', badFlag));
    const hcDead = await runCli(['healthcheck', '--url', `http://${S.configUrlUser}:${S.configUrlPass}@127.0.0.1:9/health`]);
    assert.equal(hcDead.code, 1);
    outputs.push(...cliText('healthcheck, serve unreachable', hcDead));
  });

  after(async () => {
    if (agentId)
      await docker
        .getContainer(agentId)
        .remove({ force: true, v: true })
        .catch(() => undefined);
    await cleanupOnExit();
  });

  /** The doctor read the place: a finding's evidence or summary shows what it found there. */
  const finding = (id: string) => {
    const f = checkJson?.nodes[0]?.findings.find((x) => x.id === id);
    assert.ok(f, `no ${id} finding`);
    return f;
  };

  const places: { place: string; values: () => string[]; read?: () => string }[] = [
    { place: 'env NETDATA_CLAIM_TOKEN', values: () => [S.envToken] },
    { place: 'env NETDATA_EXTRA_CLAIM_OPTS -token=', values: () => [S.extraOptsToken] },
    { place: 'container Cmd/Args -token=', values: () => [S.argsToken] },
    {
      place: '/etc/netdata/claim.conf token',
      values: () => [S.claimConfToken],
      read: () => JSON.stringify(finding('claim.config').evidence?.['token']),
    },
    { place: '/var/lib/netdata/cloud.d/token', values: () => [S.cloudDToken] },
    { place: 'cloud.d/cloud.conf token', values: () => [S.cloudConfToken] },
    { place: 'access-log line ?token= (stdout)', values: () => [S.accessLogToken] },
    { place: 'error-log line token= (stderr)', values: () => [S.errorLogToken] },
    {
      place: 'proxy URL credentials in env (NETDATA_CLAIM_PROXY, https_proxy, HTTPS_PROXY, http_proxy)',
      values: () => [S.claimProxyUser, S.claimProxyPass, S.httpsProxyUser, S.httpsProxyPass, S.httpProxyUser, S.httpProxyPass],
    },
    {
      place: "proxy URL credentials in netdata.conf [cloud] proxy (the probes' proxy)",
      values: () => [S.netdataConfProxyUser, S.netdataConfProxyPass],
      read: () => finding('network.cloud').summary,
    },
    {
      place: 'proxy URL credentials in claim.conf and cloud.conf proxy',
      values: () => [S.claimConfProxyUser, S.claimConfProxyPass, S.cloudConfProxyUser, S.cloudConfProxyPass],
    },
    { place: 'UI claim key netdata_random_session_id (file, access-log key=)', values: () => [S.sessionId] },
    {
      place: 'Netdata Cloud API token (DOCTOR_CLOUD_TOKEN, DOCTOR_CLOUD_TOKEN_FILE)',
      values: () => [S.cloudApiToken, S.cloudApiFileToken],
    },
    {
      place: 'error paths: DOCKER_HOST credentials (engine unreachable), URL credentials and a token in bad config/flags',
      values: () => [S.dockerHostUser, S.dockerHostPass, S.configUrlUser, S.configUrlPass],
    },
  ];

  for (const { place, values, read } of places) {
    test(`secret in ${place}: in no output`, (t) => {
      const observed = reliability(t, {
        area: 'secret',
        tried: `a known secret in ${place}; check, check --json, debug, serve endpoints + logs, healthcheck, error paths`,
        expected: 'neither the value nor any 12-char fragment of it in any stdout, stderr, body or header',
      });
      assert.ok(outputs.length > 20, 'every command ran');
      const result = search(outputs, values());
      const seen = read?.();
      observed(
        `${result.outputs} outputs, ${result.bytes} bytes searched for ${values().length} value(s) and ${result.fragments} fragments: ${result.hits.length} hits${seen ? `; the doctor did read it: ${seen.slice(0, 160)}` : ''}`,
      );
      assert.deepEqual(result.hits, [], 'secret leaked');
    });
  }

  test('the search is not vacuous: the outputs name the agent and show redactions', () => {
    const all = outputs.map((o) => o.text).join('\n');
    assert.ok(all.includes(agentName), 'outputs mention the agent');
    assert.ok(all.includes('[REDACTED]'), 'something was redacted on the way out');
    assert.ok(serveHealth.includes('application/health+json'), 'serve /health headers captured');
    assert.ok(search([{ what: 'control', text: `x${S.envToken.slice(5, 17)}x` }], [S.envToken]).hits.length === 1, 'a fragment is found');
  });
});
