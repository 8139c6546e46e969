// Privilege, as users deploy the doctor: its image (scripts/image) run as its non-root user (10001) with a
// read-only root filesystem and no capabilities. A root test process cannot show a permission problem, so
// every doctor here runs in a container. Covers: the socket without its group (docker.api fails with the
// group_add fix naming the socket's GID, /livez stays 200, healthcheck 1), with it (pass), the socket's group
// changed under a running serve (it recovers by itself, one log line each way), and engine discovery with a
// socket at each location of CONTRACT §3 and nowhere else, Podman's included (Debian's podman 4.3, for real).

import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cleanupOnExit, docker, readLogs, RUN_ID, TEST_LABEL } from '../testbed/scenarios.ts';
import { assertFakeImages, FAKE_IMAGES, startFakeAgent, type FakeAgent } from '../testbed/fakes.ts';
import { DOCKER_SOCKET, ensureDoctorImage, freePort, httpGet, run, socketGid, until } from './deploy-harness.ts';
import { reliability } from '../reliability/record.ts';

/** A socket owned by the test that forwards to the engine: its mode and group can change without touching the real one. */
class EngineForwarder {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  constructor(readonly listenOn: string | { host: string; port: number }) {}
  async up(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = createConnection(DOCKER_SOCKET);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) =>
      typeof this.listenOn === 'string'
        ? this.server!.listen(this.listenOn, resolve)
        : this.server!.listen(this.listenOn.port, this.listenOn.host, resolve),
    );
  }
  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}

interface DoctorRun {
  binds?: string[];
  env?: Record<string, string>;
  groupAdd?: number[];
  network?: 'none' | 'host';
  user?: string;
}

/** `docker run` flags for the doctor as the README deploys it: read-only, no capabilities, its own user. */
function doctorFlags(o: DoctorRun): string[] {
  return [
    '--label',
    `${TEST_LABEL}=${RUN_ID}`,
    '--read-only',
    '--cap-drop',
    'ALL',
    '--security-opt',
    'no-new-privileges:true',
    '--network',
    o.network ?? 'none',
    ...(o.user ? ['--user', o.user] : []),
    ...(o.groupAdd ?? []).flatMap((g) => ['--group-add', String(g)]),
    ...(o.binds ?? []).flatMap((b) => ['-v', b]),
    ...Object.entries(o.env ?? {}).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
  ];
}

interface Report {
  status: string;
  checks: Record<string, { componentId: string; status: string; output?: string }[]>;
  nodes: {
    container: { name: string };
    status: string;
    findings: { id: string; status: string; summary: string; evidence?: Record<string, { value: unknown }> }[];
  }[];
}

async function checkInContainer(image: string, o: DoctorRun): Promise<{ code: number | null; report: Report; stderr: string }> {
  const r = await run('docker', ['run', '--rm', ...doctorFlags(o), image, 'check', '--json'], { timeoutMs: 120_000 });
  let report: Report;
  try {
    report = JSON.parse(r.stdout) as Report;
  } catch {
    throw new Error(`check printed no JSON (exit ${r.code}):\n${r.stdout.slice(0, 500)}\n${r.stderr.slice(-1500)}`);
  }
  return { code: r.code, report, stderr: r.stderr };
}

const dockerApi = (report: Report) => report.checks['docker.api']?.[0] ?? assert.fail('no docker.api in the report');
const logEvents = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      try {
        return JSON.parse(l) as { event?: string; error?: string; endpoint?: string };
      } catch {
        return {};
      }
    });

describe("privilege: the image as non-root, the socket's group, engine discovery", { timeout: 900_000 }, () => {
  let image: string;
  let agent: FakeAgent;
  const gid = socketGid();
  const dir = mkdtempSync(path.join(tmpdir(), 'ncd-privilege-'));
  const containers: string[] = [];

  before(async () => {
    await assertFakeImages();
    image = await ensureDoctorImage();
    agent = await startFakeAgent({ generation: 'v2', state: 'online' });
  });

  after(async () => {
    await Promise.all(
      containers.map((id) =>
        docker
          .getContainer(id)
          .remove({ force: true })
          .catch(() => undefined),
      ),
    );
    await agent?.remove();
    rmSync(dir, { recursive: true, force: true });
    await cleanupOnExit();
  });

  test("non-root without group_add: check exits 3, docker.api fails with the reason and group_add naming the socket's GID", async (t) => {
    const observed = reliability(t, {
      area: 'privilege',
      tried: 'the image (uid 10001) with the socket mounted but without group_add: check --json',
      expected: 'exit 3, docker.api fail: EACCES and group_add: ["<socket GID>"]',
    });
    const r = await checkInContainer(image, { binds: [`${DOCKER_SOCKET}:${DOCKER_SOCKET}:ro`], env: { DOCTOR_TARGETS: agent.name } });
    const api = dockerApi(r.report);
    observed(`exit ${r.code}; docker.api ${api.status}: ${api.output}`);
    assert.equal(r.code, 3, r.stderr);
    assert.equal(api.status, 'fail');
    assert.match(api.output ?? '', /EACCES/);
    assert.ok(api.output?.includes(`group_add: ["${gid}"]`), `the fix names the socket's GID ${gid}: ${api.output}`);
  });

  test("with group_add of the socket's GID: docker.api passes and the agent is diagnosed", async (t) => {
    const observed = reliability(t, {
      area: 'privilege',
      tried: "the image (uid 10001, read-only, no capabilities) with group_add of the socket's GID",
      expected: 'docker.api pass, the agent diagnosed',
    });
    const r = await checkInContainer(image, {
      binds: [`${DOCKER_SOCKET}:${DOCKER_SOCKET}:ro`],
      groupAdd: [gid],
      env: { DOCTOR_TARGETS: agent.name },
    });
    const api = dockerApi(r.report);
    observed(
      `group_add ${gid}: exit ${r.code}; docker.api ${api.status}: ${api.output}; nodes: ${r.report.nodes.map((n) => `${n.container.name} ${n.status}`).join(', ')}`,
    );
    assert.notEqual(r.code, 3, r.stderr);
    assert.equal(api.status, 'pass', api.output);
    assert.deepEqual(
      r.report.nodes.map((n) => n.container.name),
      [agent.name],
    );
  });

  test('serve without group_add: stays up (/livez 200), /health 503 with docker.api failing, healthcheck exits 1; read-only, no capabilities', async (t) => {
    const observed = reliability(t, {
      area: 'privilege',
      tried: 'serve in the image without group_add; writes anywhere in the container',
      expected: '/livez 200, /readyz 200, /health 503 docker.api fail, healthcheck exit 1; every write EROFS/denied',
    });
    const port = await freePort();
    const r = await run('docker', [
      'run',
      '-d',
      ...doctorFlags({
        network: 'host',
        binds: [`${DOCKER_SOCKET}:${DOCKER_SOCKET}:ro`],
        env: { DOCTOR_LISTEN: `127.0.0.1:${port}`, DOCTOR_TARGETS: agent.name },
      }),
      image,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const id = r.stdout.trim();
    containers.push(id);
    await until('readyz', async () => ((await httpGet(`http://127.0.0.1:${port}/readyz`)).status === 200 ? true : undefined), 30_000);
    const livez = await httpGet(`http://127.0.0.1:${port}/livez`);
    const health = await httpGet(`http://127.0.0.1:${port}/health`);
    const report = JSON.parse(health.body) as Report;
    const hc = await run('docker', ['exec', id, 'netdata-cloud-doctor', 'healthcheck']);
    const writes = await run('docker', [
      'exec',
      id,
      '/bin/sh',
      '-c',
      'n=0; for p in / /app /app/dist /tmp /var/tmp /run /home /etc; do if touch "$p/.ncd-write" 2>/dev/null; then echo "wrote $p"; else n=$((n+1)); fi; done; echo "denied=$n"; touch /tmp/x 2>&1',
    ]);
    const proc = await run('docker', ['exec', id, 'cat', '/proc/1/status']);
    const uid = /^Uid:\s+(\d+)/m.exec(proc.stdout)?.[1];
    const capEff = /^CapEff:\s+(\S+)/m.exec(proc.stdout)?.[1];
    const events = logEvents((await readLogs(id)).stdout);
    const unreachable = events.filter((e) => e.event === 'docker.unreachable');
    observed(
      `/livez ${livez.status}, /health ${health.status} (docker.api ${dockerApi(report).status}), healthcheck exit ${hc.code} "${hc.stdout.trim().slice(0, 120)}"; ${writes.stdout.trim().replace(/\n/g, '; ')}; PID 1 uid ${uid}, CapEff ${capEff}; docker.unreachable lines: ${unreachable.length}`,
    );
    assert.equal(livez.status, 200);
    assert.equal(health.status, 503);
    assert.equal(dockerApi(report).status, 'fail');
    assert.ok(dockerApi(report).output?.includes(`group_add: ["${gid}"]`), dockerApi(report).output);
    assert.equal(hc.code, 1, `${hc.stdout}${hc.stderr}`);
    assert.match(writes.stdout, /denied=8/, writes.stdout);
    assert.doesNotMatch(writes.stdout, /wrote/);
    assert.match(writes.stdout, /Read-only file system/);
    assert.equal(uid, '10001');
    assert.equal(capEff, '0000000000000000');
    assert.equal(unreachable.length, 1, 'one docker.unreachable line');
    assert.match(unreachable[0]!.error ?? '', new RegExp(`group_add: \\["${gid}"\\]`));
  });

  test("the socket's group changes under a running serve: fails with the fix, then recovers by itself, one log line each way", async (t) => {
    const observed = reliability(t, {
      area: 'privilege',
      tried: 'serve (uid 10001, group_add 4242) on a test-owned forwarding socket root:0 0660, then chgrp 4242',
      expected:
        'docker.api fail naming GID 0, /livez 200; after chgrp: recovers alone; exactly one docker.unreachable and one docker.recovered',
    });
    const socketPath = path.join(dir, 'engine.sock');
    const forwarder = new EngineForwarder(socketPath);
    await forwarder.up();
    try {
      chownSync(socketPath, 0, 0);
      chmodSync(socketPath, 0o660);
      const port = await freePort();
      const r = await run('docker', [
        'run',
        '-d',
        ...doctorFlags({
          network: 'host',
          groupAdd: [4242],
          binds: [`${socketPath}:/var/run/docker.sock`],
          env: { DOCTOR_LISTEN: `127.0.0.1:${port}`, DOCTOR_TARGETS: agent.name, DOCTOR_INTERVAL: '2s' },
        }),
        image,
      ]);
      assert.equal(r.code, 0, r.stderr);
      const id = r.stdout.trim();
      containers.push(id);
      const url = `http://127.0.0.1:${port}`;
      await until('readyz', async () => ((await httpGet(`${url}/readyz`)).status === 200 ? true : undefined), 30_000);
      const before = JSON.parse((await httpGet(`${url}/health`)).body) as Report;
      const livez = (await httpGet(`${url}/livez`)).status;
      assert.equal(dockerApi(before).status, 'fail');
      assert.ok(dockerApi(before).output?.includes('group_add: ["0"]'), dockerApi(before).output);

      chownSync(socketPath, 0, 4242);
      const t0 = Date.now();
      await until(
        'docker.api pass after chgrp',
        async () => (dockerApi(JSON.parse((await httpGet(`${url}/health`)).body) as Report).status === 'pass' ? true : undefined),
        60_000,
        250,
      );
      const recoveredMs = Date.now() - t0;
      // A few more intervals: nothing more is logged while nothing changes.
      await sleep(5_000);
      const events = logEvents((await readLogs(id)).stdout);
      const down = events.filter((e) => e.event === 'docker.unreachable');
      const up = events.filter((e) => e.event === 'docker.recovered');
      observed(
        `before: docker.api fail "${dockerApi(before).output?.slice(0, 200)}", /livez ${livez}; after chgrp: pass within ${recoveredMs} ms (interval 2 s); log lines: ${down.length} docker.unreachable, ${up.length} docker.recovered`,
      );
      assert.equal(livez, 200);
      assert.equal(down.length, 1, JSON.stringify(down));
      assert.equal(up.length, 1, JSON.stringify(up));
    } finally {
      await forwarder.down();
    }
  });

  // ------------------------------------------------------------------------------------------------------
  // Engine discovery (CONTRACT §3): the doctor in a container where exactly one location holds a socket.

  const expectFound = async (t: TestContext, where: string, o: DoctorRun, endpoint: RegExp, target = agent?.name) => {
    const observed = reliability(t, {
      area: 'privilege',
      tried: `engine discovery with only ${where} holding a socket (the doctor's image, uid 10001)`,
      expected: `check finds the engine there: docker.api pass, the agent diagnosed`,
    });
    const r = await checkInContainer(image, { ...o, env: { LOG_LEVEL: 'debug', DOCTOR_TARGETS: target!, ...o.env } });
    const api = dockerApi(r.report);
    const attempts = r.stderr
      .split('\n')
      .filter((l) => l.includes('engine: '))
      .map((l) => (JSON.parse(l) as { msg: string }).msg);
    observed(
      `exit ${r.code}; docker.api ${api.status}: ${api.output}; nodes: ${r.report.nodes.map((n) => `${n.container.name} ${n.status}`).join(', ')}; attempts: ${attempts.join(' | ')}`,
    );
    assert.notEqual(r.code, 3, `${api.output}\n${r.stderr.slice(-1500)}`);
    assert.notEqual(api.status, 'fail', api.output);
    assert.match(api.output ?? '', endpoint);
    assert.deepEqual(
      r.report.nodes.map((n) => n.container.name),
      [target],
    );
  };

  test('discovery: DOCKER_HOST=unix:// at a path of its own', async (t) => {
    await expectFound(
      t,
      'DOCKER_HOST=unix:///sockets/engine.sock',
      { groupAdd: [gid], binds: [`${DOCKER_SOCKET}:/sockets/engine.sock`], env: { DOCKER_HOST: 'unix:///sockets/engine.sock' } },
      /unix:\/\/\/sockets\/engine\.sock/,
    );
  });

  test('discovery: DOCKER_HOST=tcp:// (a loopback forwarder to the engine)', async (t) => {
    const port = await freePort();
    const forwarder = new EngineForwarder({ host: '127.0.0.1', port });
    await forwarder.up();
    try {
      await expectFound(
        t,
        `DOCKER_HOST=tcp://127.0.0.1:${port}`,
        { network: 'host', env: { DOCKER_HOST: `tcp://127.0.0.1:${port}` } },
        new RegExp(`tcp://127\\.0\\.0\\.1:${port}`),
      );
    } finally {
      await forwarder.down();
    }
  });

  test('discovery: the current Docker context (~/.docker/config.json + contexts/meta)', async (t) => {
    const home = path.join(dir, 'ctx-home');
    const meta = path.join(home, '.docker', 'contexts', 'meta', createHash('sha256').update('ncd-test').digest('hex'));
    mkdirSync(meta, { recursive: true });
    writeFileSync(path.join(home, '.docker', 'config.json'), JSON.stringify({ currentContext: 'ncd-test' }));
    writeFileSync(
      path.join(meta, 'meta.json'),
      JSON.stringify({ Name: 'ncd-test', Endpoints: { docker: { Host: 'unix:///ctx/engine.sock' } } }),
    );
    chmodSync(home, 0o755);
    await expectFound(
      t,
      'the context ncd-test → unix:///ctx/engine.sock',
      {
        groupAdd: [gid],
        binds: [`${home}/.docker:/home/doctor/.docker:ro`, `${DOCKER_SOCKET}:/ctx/engine.sock`],
        env: { HOME: '/home/doctor' },
      },
      /unix:\/\/\/ctx\/engine\.sock \(context ncd-test\)/,
    );
  });

  test('discovery: /var/run/docker.sock', async (t) => {
    await expectFound(
      t,
      '/var/run/docker.sock',
      { groupAdd: [gid], binds: [`${DOCKER_SOCKET}:/var/run/docker.sock:ro`] },
      /unix:\/\/\/var\/run\/docker\.sock/,
    );
  });

  test('discovery: /run/docker.sock (the image links /var/run to /run: the same file)', async (t) => {
    await expectFound(
      t,
      '/run/docker.sock',
      { groupAdd: [gid], binds: [`${DOCKER_SOCKET}:/run/docker.sock:ro`] },
      /unix:\/\/(\/var)?\/run\/docker\.sock/,
    );
  });

  test('discovery: rootless $XDG_RUNTIME_DIR/docker.sock', async (t) => {
    await expectFound(
      t,
      '$XDG_RUNTIME_DIR/docker.sock (/run/user/10001)',
      { groupAdd: [gid], binds: [`${DOCKER_SOCKET}:/run/user/10001/docker.sock:ro`], env: { XDG_RUNTIME_DIR: '/run/user/10001' } },
      /unix:\/\/\/run\/user\/10001\/docker\.sock/,
    );
  });

  test('discovery: Docker Desktop ~/.docker/run/docker.sock', async (t) => {
    await expectFound(
      t,
      '~/.docker/run/docker.sock (HOME=/home/doctor)',
      { groupAdd: [gid], binds: [`${DOCKER_SOCKET}:/home/doctor/.docker/run/docker.sock:ro`], env: { HOME: '/home/doctor' } },
      /unix:\/\/\/home\/doctor\/\.docker\/run\/docker\.sock/,
    );
  });

  describe("Podman (Debian's podman 4.3, rootful, its Docker-compatible API)", () => {
    const podmanDir = path.join(dir, 'podman');
    const podmanSocket = path.join(podmanDir, 'podman.sock');
    let service: ChildProcess | undefined;
    let podmanAgent = '';
    let skipReason: string | false = false;

    before(async () => {
      if ((await run('podman', ['--version']).catch(() => ({ code: -1 }))).code !== 0) {
        skipReason = 'podman is not installed (apt-get install -y podman)';
        return;
      }
      mkdirSync(podmanDir, { recursive: true });
      service = spawn('podman', ['system', 'service', '--time=0', `unix://${podmanSocket}`], { stdio: 'ignore' });
      await until('the podman socket', async () => (existsSync(podmanSocket) ? true : undefined), 30_000);
      // The fake agent's image, from the Docker engine (nothing is pulled); loaded once.
      const fakeImage = `localhost/${FAKE_IMAGES.v2}`;
      if ((await run('podman', ['image', 'exists', fakeImage])).code !== 0) {
        const load = await run('/bin/sh', ['-c', `docker save ${FAKE_IMAGES.v2} | podman load -q`], { timeoutMs: 300_000 });
        assert.equal(load.code, 0, load.stderr);
      }
      // Here podman's default rlimits (nofile/nproc 1048576) exceed what this host lets runc set: lower ones.
      podmanAgent = `ncd-podman-${randomBytes(3).toString('hex')}`;
      const started = await run('podman', [
        'run',
        '-d',
        '--name',
        podmanAgent,
        '--label',
        `${TEST_LABEL}=${RUN_ID}`,
        '--network',
        'none',
        '--no-healthcheck',
        '--ulimit',
        'nofile=1024:1024',
        '--ulimit',
        'nproc=4096:4096',
        '-e',
        'FAKE_AGENT_STATE=online',
        '-e',
        'DO_NOT_TRACK=1',
        fakeImage,
      ]);
      assert.equal(started.code, 0, started.stderr);
    });

    after(async () => {
      if (podmanAgent) await run('podman', ['rm', '-f', '-t', '0', podmanAgent]).catch(() => undefined);
      service?.kill('SIGTERM');
    });

    test("Podman's rootful socket is 0600 root: as uid 10001 docker.api fails and says to run as its owner", async (t) => {
      if (skipReason) return t.skip(skipReason);
      const observed = reliability(t, {
        area: 'privilege',
        tried: "the image (uid 10001) with Podman's rootful socket (root:root 0600) at /run/podman/podman.sock",
        expected: 'exit 3, docker.api fail: the socket\'s owner and mode, "run the doctor as uid 0" (group_add cannot help)',
      });
      const st = statSync(podmanSocket);
      const r = await checkInContainer(image, {
        groupAdd: [st.gid],
        binds: [`${podmanSocket}:/run/podman/podman.sock`],
        env: { DOCTOR_TARGETS: podmanAgent },
      });
      const api = dockerApi(r.report);
      observed(`socket mode ${(st.mode & 0o777).toString(8)} ${st.uid}:${st.gid}; exit ${r.code}; docker.api ${api.status}: ${api.output}`);
      assert.equal(r.code, 3);
      assert.equal(api.status, 'fail');
      assert.ok(api.output?.includes(`only its owner may open it: run the doctor as uid ${st.uid}`), api.output);
    });

    // Rootful Podman's socket admits only root: the doctor runs as user 0 (still read-only, no capabilities).
    test('discovery: Podman rootful /run/podman/podman.sock, an agent running in podman', async (t) => {
      if (skipReason) return t.skip(skipReason);
      await expectFound(
        t,
        '/run/podman/podman.sock (a real podman service; the doctor as user 0)',
        { user: '0', binds: [`${podmanSocket}:/run/podman/podman.sock`] },
        /unix:\/\/\/run\/podman\/podman\.sock/,
        podmanAgent,
      );
    });

    test('discovery: Podman rootless $XDG_RUNTIME_DIR/podman/podman.sock (the same service at that path)', async (t) => {
      if (skipReason) return t.skip(skipReason);
      await expectFound(
        t,
        "$XDG_RUNTIME_DIR/podman/podman.sock (podman's socket bind-mounted there; the doctor as user 0)",
        { user: '0', binds: [`${podmanSocket}:/run/user/10001/podman/podman.sock`], env: { XDG_RUNTIME_DIR: '/run/user/10001' } },
        /unix:\/\/\/run\/user\/10001\/podman\/podman\.sock/,
        podmanAgent,
      );
    });
  });
});
