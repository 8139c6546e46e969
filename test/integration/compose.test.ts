// docker-compose.example.yml and docker-compose.proxy.yml: validated by Debian's docker-compose (v1.29; the
// files avoid anything v2 would not accept either), and run for real with local images: the test bed's v1
// agent as `netdata`, the doctor's image, the test bed's HAProxy as `socket-proxy`. A test-only override adds
// labels, makes the networks internal (nothing leaves the machine), and shortens the health interval.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  assertTestImages,
  cleanupOnExit,
  docker,
  execIn,
  readLogs,
  CLAIM_ROOMS,
  CLAIM_TOKEN,
  CLOUD_URL,
  IMAGES,
  RUN_ID,
  TEST_LABEL,
  stopCleanly,
} from '../testbed/scenarios.ts';
import { REPO, runCommand } from './harness.ts';
import { assertValidReport } from './schema.ts';
import {
  HAPROXY_IMAGE,
  assertImage,
  ensureDoctorImage,
  parseProxyLog,
  run,
  runOk,
  socketGid,
  until,
  waitForHealth,
} from './deploy-harness.ts';

const EXAMPLE = path.join(REPO, 'docker-compose.example.yml');
const PROXY = path.join(REPO, 'docker-compose.proxy.yml');

const composeVersion = await run('docker-compose', ['version', '--short']).catch(() => undefined);
const skip =
  composeVersion?.code !== 0 ? 'docker-compose is not installed (apt-get install docker-compose, or run scripts/testbed)' : false;

type Service = Record<string, unknown> & {
  environment?: Record<string, string>;
  volumes?: unknown[];
  labels?: Record<string, string>;
  networks?: unknown;
  group_add?: unknown[];
};
interface ComposeConfig {
  version?: string;
  services: Record<string, Service>;
  networks: Record<string, { internal?: boolean } | null>;
}

/** YAML → JSON with the PyYAML that docker-compose itself depends on. */
async function yamlToJson(text: string): Promise<unknown> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ncd-yaml-'));
  try {
    writeFileSync(path.join(dir, 'in.yml'), text);
    const r = await runOk('python3', [
      '-c',
      'import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))',
      path.join(dir, 'in.yml'),
    ]);
    return JSON.parse(r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const volumeStrings = (s: Service): string[] =>
  (s.volumes ?? []).map((v) =>
    typeof v === 'string'
      ? v
      : `${(v as { source: string }).source}:${(v as { target: string }).target}${(v as { read_only?: boolean }).read_only ? ':ro' : ''}`,
  );
const networkNames = (s: Service): string[] =>
  Array.isArray(s.networks) ? (s.networks as string[]) : Object.keys((s.networks as object | undefined) ?? {});

describe('compose files (docker-compose v1.29)', { skip, timeout: 600_000 }, () => {
  const gid = String(socketGid());
  const project = `ncdtest${randomBytes(3).toString('hex')}`;
  let image: string;
  let dir: string;
  let override: string;
  let env: Record<string, string>;
  const compose = (files: string[], args: string[], timeoutMs = 180_000) =>
    run('docker-compose', ['--ansi', 'never', '-p', project, ...files.flatMap((f) => ['-f', f]), ...args], { env, timeoutMs });
  const composeOk = async (files: string[], args: string[], timeoutMs = 180_000) => {
    const r = await compose(files, args, timeoutMs);
    if (r.code !== 0) throw new Error(`docker-compose ${args.join(' ')} exited ${r.code}:\n${r.stderr.slice(-3000)}`);
    return r;
  };
  const containerOf = async (files: string[], service: string): Promise<string> => {
    const id = (await composeOk(files, ['ps', '-q', service])).stdout.trim();
    assert.match(id, /^[0-9a-f]{64}$/, `no container for ${service}`);
    return id;
  };
  /** The doctor's /health, read inside its container (the port is not published). */
  const healthOf = async (doctorId: string) => {
    const r = await execIn(doctorId, [
      'node',
      '-e',
      "fetch('http://127.0.0.1:19998/health').then(async (r) => process.stdout.write(JSON.stringify({ status: r.status, body: await r.text() })))",
    ]);
    if (r.exitCode !== 0) throw new Error(r.stderr);
    const { status, body } = JSON.parse(r.stdout) as { status: number; body: string };
    return { status, report: JSON.parse(body) };
  };

  before(async () => {
    await assertTestImages();
    await assertImage(HAPROXY_IMAGE);
    image = await ensureDoctorImage();
    dir = mkdtempSync(path.join(tmpdir(), 'ncd-compose-'));
    override = path.join(dir, 'test-override.yml');
    const label = `{ ${TEST_LABEL}: "${RUN_ID}" }`;
    writeFileSync(
      override,
      [
        '# test only: labels, internal networks, short health interval, the fake claim script answering "success"',
        'services:',
        '  netdata:',
        `    labels: ${label}`,
        '    environment: { FAKE_CLAIM_OUTCOME: success, FAKE_CLAIM_NO_SLEEP: "1", DO_NOT_TRACK: "1" }',
        '  netdata-cloud-doctor:',
        `    labels: ${label}`,
        // GET-only, so the agent's API can be reached over the shared network only (the report names the way);
        // a short interval, as the first pass may come before the agent's API answers (no event follows that).
        '    environment: { DOCTOR_START_PERIOD: 0s, DOCTOR_EXEC: never, DOCTOR_INTERVAL: 2s }',
        '    healthcheck: { interval: 1s }',
        'networks:',
        `  netdata: { internal: true, labels: ${label} }`,
        'volumes:',
        ...['netdataconfig', 'netdatalib', 'netdatacache'].map((v) => `  ${v}: { labels: ${label} }`),
        '',
      ].join('\n'),
    );
    writeFileSync(
      path.join(dir, 'test-override-proxy.yml'),
      ['services:', '  socket-proxy:', `    labels: ${label}`, 'networks:', `  docker-api: { labels: ${label} }`, ''].join('\n'),
    );
    env = {
      DOCKER_GID: gid,
      DOCTOR_IMAGE: image,
      NETDATA_IMAGE: IMAGES.v1Claim,
      SOCKET_PROXY_IMAGE: HAPROXY_IMAGE,
      NETDATA_HOSTNAME: 'ncd-compose-test',
      NETDATA_CLAIM_URL: CLOUD_URL, // never resolves: nothing here can reach a real Netdata Cloud
      NETDATA_CLAIM_TOKEN: CLAIM_TOKEN,
      NETDATA_CLAIM_ROOMS: CLAIM_ROOMS,
    };
  });

  after(async () => {
    for (const files of [
      [EXAMPLE, override],
      [PROXY, override, path.join(dir, 'test-override-proxy.yml')],
    ]) {
      await compose(files, ['down', '-v', '--remove-orphans', '-t', '3']).catch(() => undefined);
    }
    await cleanupOnExit();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('both files validate without a single warning, and have no version key (v1 and v2 alike)', async () => {
    for (const file of [EXAMPLE, PROXY]) {
      const r = await compose([file], ['config', '-q']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr.trim(), '', `${path.basename(file)}: ${r.stderr}`);
      assert.doesNotMatch(readFileSync(file, 'utf8'), /^version:/m);
    }
  });

  test('without DOCKER_GID: refused with the command that tells it', async () => {
    for (const file of [EXAMPLE, PROXY]) {
      const r = await run('docker-compose', ['-f', file, 'config', '-q'], { env: { ...env, DOCKER_GID: '' } });
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /DOCKER_GID.*stat -c %g \/var\/run\/docker\.sock/);
    }
  });

  test('the variables come from an .env file beside the compose file: a later command in a new shell needs no export', async () => {
    // As the README says: write .env once; `docker compose ps` / `config` later, with nothing exported, works.
    const envDir = mkdtempSync(path.join(tmpdir(), 'ncd-dotenv-'));
    try {
      for (const file of [EXAMPLE, PROXY]) {
        const copy = path.join(envDir, path.basename(file));
        writeFileSync(copy, readFileSync(file, 'utf8'));
        writeFileSync(
          path.join(envDir, '.env'),
          `DOCKER_GID=${env.DOCKER_GID}\nNETDATA_CLAIM_TOKEN=${CLAIM_TOKEN}\nNETDATA_CLAIM_ROOMS=${CLAIM_ROOMS}\n`,
        );
        const clean = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' };
        const r = await runCommand('docker-compose', ['-f', copy, 'config'], { env: clean, cwd: envDir });
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, new RegExp(`- '?"?${env.DOCKER_GID}"?'?`), 'group_add from .env');
        const without = path.join(envDir, '.env');
        rmSync(without);
        const refused = await runCommand('docker-compose', ['-f', copy, 'config', '-q'], { env: clean, cwd: envDir });
        assert.notEqual(refused.code, 0, 'without .env and without an export it is refused');
      }
    } finally {
      rmSync(envDir, { recursive: true, force: true });
    }
  });

  test('example: agent with the named volumes, doctor on a shared network with the socket, group_add, no port, restarters kept away', async () => {
    const text = readFileSync(EXAMPLE, 'utf8');
    assert.match(text, /:ro is NOT a security boundary/);
    assert.match(text, /netdata\/netdata:stable/);
    const cfg = (await yamlToJson((await composeOk([EXAMPLE], ['config'])).stdout)) as ComposeConfig;
    const agent = cfg.services['netdata']!;
    const doctor = cfg.services['netdata-cloud-doctor']!;
    for (const v of ['netdataconfig:/etc/netdata', 'netdatalib:/var/lib/netdata', 'netdatacache:/var/cache/netdata']) {
      assert.ok(
        volumeStrings(agent).some((s) => s.startsWith(v.split(':')[0]!) && s.includes(v.split(':')[1]!)),
        `agent volume ${v}: ${volumeStrings(agent).join(', ')}`,
      );
    }
    assert.deepEqual(Object.keys(agent.environment ?? {}).sort(), ['NETDATA_CLAIM_ROOMS', 'NETDATA_CLAIM_TOKEN', 'NETDATA_CLAIM_URL']);
    assert.equal(doctor['network_mode'], undefined);
    assert.deepEqual(networkNames(doctor), networkNames(agent));
    assert.ok(volumeStrings(doctor).includes('/var/run/docker.sock:/var/run/docker.sock:ro'), volumeStrings(doctor).join(', '));
    assert.deepEqual(doctor.group_add, [gid]);
    assert.equal(doctor['ports'], undefined, "the doctor's port is not published by default");
    assert.equal(doctor['healthcheck'], undefined, "the image's HEALTHCHECK is used");
    assert.equal(doctor['init'], true);
    assert.equal(doctor['read_only'], true);
    assert.equal(doctor.labels?.['autoheal'], 'false');
    assert.equal(doctor.environment?.['DOCTOR_TARGETS'], 'netdata');
  });

  test('proxy variant: the doctor has no socket and talks to tcp://socket-proxy:2375 on an internal network; the proxy has no port', async () => {
    const cfg = (await yamlToJson((await composeOk([PROXY], ['config'])).stdout)) as ComposeConfig;
    const doctor = cfg.services['netdata-cloud-doctor']!;
    const proxy = cfg.services['socket-proxy']!;
    assert.ok(!volumeStrings(doctor).some((v) => v.includes('docker.sock')));
    assert.equal(doctor.group_add, undefined);
    assert.equal(doctor.environment?.['DOCKER_HOST'], 'tcp://socket-proxy:2375');
    assert.deepEqual(networkNames(proxy), ['docker-api']);
    assert.ok(networkNames(doctor).includes('docker-api') && networkNames(doctor).includes('netdata'));
    assert.equal(cfg.networks['docker-api']?.internal, true);
    assert.equal(proxy['ports'], undefined);
    assert.ok(
      volumeStrings(proxy).some((v) => v.endsWith('deploy/socket-proxy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro')),
      volumeStrings(proxy).join(', '),
    );
    assert.deepEqual(proxy.group_add, [gid]);
  });

  test('example, run: the doctor reaches the agent over the shared network; failing agent → doctor not healthy, agent stopped → healthy; no token in its logs', async () => {
    const files = [EXAMPLE, override];
    await composeOk(files, ['up', '-d']);
    const agentId = await containerOf(files, 'netdata');
    const doctorId = await containerOf(files, 'netdata-cloud-doctor');
    const info = await docker.getContainer(doctorId).inspect();
    assert.deepEqual(info.HostConfig.GroupAdd, [gid]);
    assert.equal(info.HostConfig.ReadonlyRootfs, true);
    assert.equal(info.HostConfig.Init, true);
    assert.deepEqual(info.HostConfig.PortBindings ?? {}, {}, 'nothing published');
    assert.ok(Object.values(info.NetworkSettings.Ports ?? {}).every((p) => p === null));
    assert.equal(info.Config.Healthcheck?.Interval, 1e9);

    const { report } = await until(
      'a report naming the agent, read over the network',
      async () => {
        const h = await healthOf(doctorId);
        const node = h.report.nodes?.[0];
        return node?.agent?.apiSource ? h : undefined;
      },
      60_000,
      500,
    );
    assertValidReport(report);
    assert.equal(report.nodes.length, 1);
    const node = report.nodes[0];
    assert.equal(node.container.id, agentId);
    assert.match(node.agent.apiSource, new RegExp(`/api/v1/aclk via network ${project}_netdata$`));
    assert.equal(report.checks['docker.api'][0].status, 'pass', report.checks['docker.api'][0].output);

    // This test bed's agent is built without Cloud: running, it fails (the image's start period keeps the
    // container `starting` rather than `unhealthy` for its first 30 s); stopped by the user, it warns.
    assert.equal(report.status, 'fail');
    // Docker turns a container unhealthy only after `retries` failing checks in a row, and counts none
    // within the image's start period (30 s) unless one passed first: wait for that.
    const failing = await until(
      'an unhealthy doctor',
      async () => {
        const h = (await docker.getContainer(doctorId).inspect()).State.Health;
        return h?.Status === 'unhealthy' ? h : undefined;
      },
      90_000,
    );
    assert.ok(failing.Log.some((l) => l.ExitCode === 1));
    await composeOk(files, ['stop', '-t', '10', 'netdata']);
    await stopCleanly(agentId); // a no-op unless netdata missed SIGTERM (exit 137): then once more
    await waitForHealth(doctorId, 'healthy', 60_000);
    const logs = await readLogs(doctorId);
    assert.ok(!`${logs.stdout}${logs.stderr}`.includes(CLAIM_TOKEN), "the claim token leaked into the doctor's logs");
    assert.match(logs.stdout, /"event":"startup"/);

    await composeOk(files, ['down', '-v', '-t', '3']);
    assert.deepEqual(await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } }), []);
  });

  test('proxy variant, run: the doctor diagnoses the agent through the proxy, which saw only GET and HEAD', async () => {
    const files = [PROXY, override, path.join(dir, 'test-override-proxy.yml')];
    await composeOk(files, ['up', '-d']);
    const doctorId = await containerOf(files, 'netdata-cloud-doctor');
    const proxyId = await containerOf(files, 'socket-proxy');
    const info = await docker.getContainer(doctorId).inspect();
    assert.ok(!info.Mounts.some((m) => m.Destination.includes('docker.sock')), 'no socket in the doctor');
    const { report } = await until(
      'a report through the proxy',
      async () => {
        const h = await healthOf(doctorId);
        return h.report.nodes?.[0]?.agent?.apiSource ? h : undefined;
      },
      60_000,
      500,
    );
    assertValidReport(report);
    const api = report.checks['docker.api'][0];
    assert.equal(api.status, 'pass', api.output);
    assert.match(api.output, /tcp:\/\/socket-proxy:2375/);
    assert.equal(report.nodes.length, 1);
    assert.match(report.nodes[0].agent.machineGuid ?? '', /^[0-9a-f-]{36}$/, 'files read through the proxy');
    assert.match(report.nodes[0].agent.apiSource, new RegExp(`via network ${project}_netdata$`));
    const lines = parseProxyLog((await readLogs(proxyId)).stdout);
    assert.ok(lines.length > 3, `proxy logged ${lines.length} requests`);
    assert.deepEqual(
      lines.filter((l) => l.method !== 'GET' && l.method !== 'HEAD'),
      [],
    );
    assert.deepEqual(
      lines.filter((l) => l.status === 403),
      [],
    );
    await composeOk(files, ['down', '-v', '-t', '3']);
  });
});
