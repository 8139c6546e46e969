// serve keeps telling the truth when the Docker side goes wrong (issue 6): the real binary watches fake
// agents in real containers while the test removes, recreates, renames, pauses and wedges them. The interval
// is an hour, so every change seen here came from a Docker event; /livez must stay 200 throughout.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { cleanupOnExit, docker, execIn } from '../testbed/scenarios.ts';
import { assertFakeImages, removeFakeResources, startFakeAgent, type FakeAgent } from '../testbed/fakes.ts';
import { freePort, serveEnv, spawnServe, until as pollUntil } from './harness.ts';
import { reliability } from '../reliability/record.ts';

interface Finding {
  id: string;
  status: string;
  summary: string;
}
interface NodeDoc {
  container: { id: string; name: string };
  state: string;
  status: string;
  findings: Finding[];
}
interface HealthDoc {
  status: string;
  checks: Record<string, { componentId: string; status: string; output: string }[]>;
  nodes: NodeDoc[];
}
interface LogLine {
  event?: string;
  node?: string;
  check?: string;
  status?: string;
  from?: string | null;
  to?: string;
  summary?: string;
  msg?: string;
}

/** Polled every 50 ms: the times these tests report are measured by it. */
const until = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> =>
  pollUntil(what, probe, timeoutMs, 50);

/** One `serve` process from source, its log lines kept. */
class Doctor {
  private child: ChildProcess | undefined;
  port = 0;
  stdout = '';
  stderr = '';
  constructor(private readonly env: Record<string, string>) {}

  async start(): Promise<void> {
    this.port = await freePort();
    this.child = spawnServe(serveEnv(this.port, this.env));
    this.child.stdout!.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    await until('readyz', async () => ((await this.get('/readyz')).status === 200 ? true : undefined), 30_000).catch((err: Error) => {
      throw new Error(`${err.message}; serve's stderr: ${this.stderr.slice(-2000)}; stdout: ${this.stdout.slice(-1000)}`);
    });
  }

  stop(): void {
    if (this.child && this.child.exitCode === null) this.child.kill('SIGKILL');
  }

  get alive(): boolean {
    return this.child?.exitCode === null;
  }

  async get(urlPath: string): Promise<{ status: number; body: string; ms: number }> {
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${this.port}${urlPath}`, { signal: AbortSignal.timeout(5_000) });
    return { status: res.status, body: await res.text(), ms: Math.round(performance.now() - t0) };
  }

  async health(): Promise<{ status: number; doc: HealthDoc; ms: number }> {
    const r = await this.get('/health');
    return { status: r.status, doc: JSON.parse(r.body) as HealthDoc, ms: r.ms };
  }

  async node(name: string): Promise<{ status: number; node?: NodeDoc }> {
    const r = await this.get(`/health/${encodeURIComponent(name)}`);
    return r.status === 404 ? { status: 404 } : { status: r.status, node: (JSON.parse(r.body) as HealthDoc).nodes[0]! };
  }

  async livez(): Promise<number> {
    return (await this.get('/livez')).status;
  }

  /** Log lines written from `offset` (a length of stdout) on. */
  lines(offset = 0): LogLine[] {
    return this.stdout
      .slice(offset)
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as LogLine);
  }
}

const finding = (node: NodeDoc | undefined, id: string): Finding | undefined => node?.findings.find((f) => f.id === id);
const discovery = (doc: HealthDoc) => doc.checks['agent.discovery']?.find((c) => c.componentId === 'docker');
const describeLines = (lines: LogLine[]): string =>
  lines
    .map((l) =>
      l.event === 'node.state' ? `node.state ${l.from ?? 'null'}→${l.to}` : `${l.event} ${l.check ?? ''} ${l.status ?? ''}`.trim(),
    )
    .join(', ') || 'none';

/** serve with this environment, once every given agent is live. */
async function serveUntilLive(env: Record<string, string>, agents: FakeAgent[]): Promise<Doctor> {
  const doctor = new Doctor(env);
  await doctor.start();
  await until(`${agents.map((a) => a.name).join(', ')} live`, async () => {
    const { nodes } = (await doctor.health()).doc;
    return agents.every((a) => nodes.find((n) => n.container.name === a.name)?.state === 'live') ? true : undefined;
  });
  return doctor;
}

async function stopAndRemove(doctor: Doctor | undefined): Promise<void> {
  doctor?.stop();
  await removeFakeResources();
  await cleanupOnExit();
}

describe('serve when agent containers are removed, recreated, renamed and paused (named targets)', { timeout: 240_000 }, () => {
  let removable: FakeAgent;
  let renamable: FakeAgent;
  let pausable: FakeAgent;
  let doctor: Doctor;

  before(async () => {
    await assertFakeImages();
    [removable, renamable, pausable] = await Promise.all([
      startFakeAgent({ generation: 'v2', state: 'online', network: 'internal' }),
      startFakeAgent({ generation: 'v2', state: 'online', network: 'internal' }),
      startFakeAgent({ generation: 'v2', state: 'online', network: 'internal' }),
    ]);
    doctor = await serveUntilLive({ DOCTOR_TARGETS: [removable.name, renamable.name, pausable.name].join(','), DOCTOR_EXEC: 'auto' }, [
      removable,
      renamable,
      pausable,
    ]);
  });

  after(() => stopAndRemove(doctor));

  test('removed (docker rm -f), then recreated under the same name: target not found, then followed', async (t) => {
    const observed = reliability(t, {
      area: 'fault',
      tried: 'a named target is removed (docker rm -f) while serve runs, then recreated under the same name',
      expected:
        'agent.discovery fails "not found", /health/<name> 404, /livez 200; the new container is followed; one agent.discovery line each way',
    });
    const offset = doctor.stdout.length;
    const t0 = Date.now();
    await docker.getContainer(removable.id).remove({ force: true });
    const gone = await until('target not found', async () => {
      const { status, doc } = await doctor.health();
      const d = discovery(doc);
      return d?.status === 'fail' && !doc.nodes.some((n) => n.container.name === removable.name) ? { status, d } : undefined;
    });
    const goneMs = Date.now() - t0;
    assert.match(gone.d.output, new RegExp(`not found: ${removable.name}`));
    assert.equal(gone.status, 503);
    assert.equal((await doctor.node(removable.name)).status, 404);
    assert.equal(await doctor.livez(), 200);

    const recreatedAt = Date.now();
    const again = await startFakeAgent({
      generation: 'v2',
      state: 'online',
      network: 'internal',
      name: removable.name,
      volume: removable.volume ?? false,
    });
    const back = await until('the recreated container followed', async () => {
      const { node } = await doctor.node(removable.name);
      return node?.container.id === again.id && node.state === 'live' ? node : undefined;
    });
    const backMs = Date.now() - recreatedAt;
    const { doc } = await doctor.health();
    assert.equal(discovery(doc)?.status, 'pass');
    assert.equal(await doctor.livez(), 200);
    await sleep(300); // any late line would land now
    const lines = doctor.lines(offset);
    const discoveryLines = lines.filter((l) => l.event === 'finding' && l.check === 'agent.discovery');
    assert.deepEqual(
      discoveryLines.map((l) => l.status),
      ['fail', 'pass'],
      describeLines(lines),
    );
    // docker rm -f kills first: a moment of agent-down (the kill's quick verdict) is the truth too.
    const states = lines.filter((l) => l.event === 'node.state' && l.node === removable.name).map((l) => `${l.from ?? null}→${l.to}`);
    assert.ok(['null→live', 'live→agent-down,null→live'].includes(states.join(',')), describeLines(lines));
    removable = again;
    observed(
      `removed: agent.discovery fail ("${gone.d.output}") after ${goneMs} ms, /health ${gone.status}, /health/<name> 404, /livez 200; ` +
        `recreated: followed (new id, state ${back.state}) ${backMs} ms after the start; log: ${describeLines(lines)}`,
    );
  });

  test('renamed: the named target is not found under its old name; renamed back, it is followed again', async (t) => {
    const observed = reliability(t, {
      area: 'fault',
      tried: 'a named target is renamed (docker rename) while serve runs, then renamed back',
      expected:
        'agent.discovery fails "not found: <old name>" and the node leaves the report; back under its name it is followed; one line each way',
    });
    const offset = doctor.stdout.length;
    const newName = `${renamable.name}-renamed`;
    await docker.getContainer(renamable.id).rename({ name: newName });
    try {
      const gone = await until('old name not found', async () => {
        const { doc } = await doctor.health();
        const d = discovery(doc);
        return d?.status === 'fail' && !doc.nodes.some((n) => n.container.id === renamable.id) ? d : undefined;
      });
      assert.match(gone.output, new RegExp(`not found: ${renamable.name}`));
      assert.equal((await doctor.node(renamable.name)).status, 404);
      assert.equal((await doctor.node(newName)).status, 404, 'a named target is its name: the renamed container is not diagnosed');
      assert.equal(await doctor.livez(), 200);
      const metrics = (await doctor.get('/metrics')).body;
      assert.doesNotMatch(metrics, new RegExp(`node="${renamable.name}"`), 'its series are removed');

      await docker.getContainer(renamable.id).rename({ name: renamable.name });
      const back = await until('followed again', async () => {
        const { node } = await doctor.node(renamable.name);
        return node?.container.id === renamable.id && node.state === 'live' ? node : undefined;
      });
      await sleep(300);
      const lines = doctor.lines(offset);
      assert.deepEqual(
        lines.filter((l) => l.event === 'finding' && l.check === 'agent.discovery').map((l) => l.status),
        ['fail', 'pass'],
        describeLines(lines),
      );
      observed(
        `renamed: agent.discovery fail ("${gone.output}"), /health/<old> 404, /health/<new> 404, metrics series gone, /livez 200; renamed back: ${back.state} again; log: ${describeLines(lines)}`,
      );
    } finally {
      await docker
        .getContainer(renamable.id)
        .rename({ name: renamable.name })
        .catch(() => undefined);
    }
  });

  test('paused (docker pause): agent-down with agent.running warning "paused"; unpaused: live again by itself', async (t) => {
    const observed = reliability(t, {
      area: 'fault',
      tried: 'an agent is paused (docker pause) while serve runs, then unpaused',
      expected:
        'agent.running warns "paused", state agent-down (warn, 200), /livez 200; live again after unpause; one node.state line each way',
    });
    const offset = doctor.stdout.length;
    await docker.getContainer(pausable.id).pause();
    let unpaused = false;
    try {
      const paused = await until('paused verdict', async () => {
        const r = await doctor.node(pausable.name);
        return r.node?.state === 'agent-down' ? r : undefined;
      });
      const running = finding(paused.node, 'agent.running')!;
      assert.equal(running.status, 'warn', running.summary);
      assert.match(running.summary, /paused/);
      assert.equal(paused.node!.status, 'warn');
      assert.equal(paused.status, 200);
      assert.equal(await doctor.livez(), 200);
      const pausedLines = doctor.lines(offset).filter((l) => l.node === pausable.name);

      const mid = doctor.stdout.length;
      await docker.getContainer(pausable.id).unpause();
      unpaused = true;
      const live = await until('live again', async () => {
        const r = await doctor.node(pausable.name);
        return r.node?.state === 'live' ? r : undefined;
      });
      assert.equal(finding(live.node, 'agent.running')?.status, 'pass');
      await sleep(300);
      const unpausedLines = doctor.lines(mid).filter((l) => l.node === pausable.name);
      assert.deepEqual(
        pausedLines.filter((l) => l.event === 'node.state').map((l) => `${l.from}→${l.to}`),
        ['live→agent-down'],
        describeLines(pausedLines),
      );
      assert.deepEqual(
        unpausedLines.filter((l) => l.event === 'node.state').map((l) => `${l.from}→${l.to}`),
        ['agent-down→live'],
        describeLines(unpausedLines),
      );
      // What the build said does not flap while the container is paused (an exec refused mid-pass).
      assert.deepEqual(
        [...pausedLines, ...unpausedLines].filter((l) => l.check === 'agent.cloud-support' || l.check === 'agent.version'),
        [],
        describeLines(pausedLines),
      );
      observed(
        `paused: state ${paused.node!.state} (${paused.node!.status}, HTTP ${paused.status}), agent.running ${running.status} "${running.summary}", /livez 200; log: ${describeLines(pausedLines)}; ` +
          `unpaused: ${live.node!.state}, agent.running pass; log: ${describeLines(unpausedLines)}`,
      );
    } finally {
      if (!unpaused)
        await docker
          .getContainer(pausable.id)
          .unpause()
          .catch(() => undefined);
    }
  });

  test('the doctor stayed up through all of it', async () => {
    assert.ok(doctor.alive);
    assert.equal(await doctor.livez(), 200);
    assert.doesNotMatch(doctor.stderr, /Error|at .*\.ts:\d+/);
  });
});

describe('serve when an agent container is renamed, then removed (auto discovery)', { timeout: 120_000 }, () => {
  let agent: FakeAgent;
  let doctor: Doctor;

  before(async () => {
    await assertFakeImages();
    agent = await startFakeAgent({
      generation: 'v2',
      state: 'online',
      network: 'internal',
      labels: { 'netdata-cloud-doctor.enable': 'true' },
    });
    // Other agents on this engine may be labelled too: only this one is looked at; exec is off so that
    // nothing is run inside containers this test does not own.
    doctor = await serveUntilLive({ DOCTOR_EXEC: 'never' }, [agent]);
  });

  after(() => stopAndRemove(doctor));

  test('renamed: the same container is followed under its new name; the old name is gone from /health and /metrics', async (t) => {
    const observed = reliability(t, {
      area: 'fault',
      tried: 'an auto-discovered agent is renamed (docker rename) while serve runs',
      expected: 'the node is re-discovered under its new name (same container), the old name 404 and out of /metrics, /livez 200',
    });
    const offset = doctor.stdout.length;
    const oldName = agent.name;
    const newName = `${agent.name}-renamed`;
    const t0 = Date.now();
    await docker.getContainer(agent.id).rename({ name: newName });
    agent.name = newName;
    const node = await until('the new name', async () => (await doctor.node(newName)).node);
    const ms = Date.now() - t0;
    assert.equal(node.container.id, agent.id);
    assert.equal(node.state, 'live');
    assert.equal((await doctor.node(oldName)).status, 404);
    const metrics = (await doctor.get('/metrics')).body;
    assert.doesNotMatch(metrics, new RegExp(`node="${oldName}"`));
    assert.match(metrics, new RegExp(`netdata_cloud_doctor_node_state\\{node="${newName}",state="live"\\} 1`));
    assert.equal(await doctor.livez(), 200);
    await sleep(300);
    const lines = doctor.lines(offset).filter((l) => l.node === oldName || l.node === newName);
    // The contract has no rename event and the node's state did not change: nothing to log for it.
    assert.deepEqual(
      lines.filter((l) => l.event === 'node.state'),
      [],
      describeLines(lines),
    );
    observed(
      `followed as ${newName} (same id, ${node.state}) ${ms} ms after the rename; /health/<old> 404; old metric series gone; /livez 200; log lines for the node: ${describeLines(lines)}`,
    );
  });

  test('removed (docker rm -f): the node leaves /health and /metrics; /livez stays 200', async (t) => {
    const observed = reliability(t, {
      area: 'fault',
      tried: 'an auto-discovered agent is removed (docker rm -f) while serve runs',
      expected: 'its node leaves the report, /health/<name> 404, its metric series go, /livez 200',
    });
    const offset = doctor.stdout.length;
    const t0 = Date.now();
    await docker.getContainer(agent.id).remove({ force: true });
    const doc = await until('the node gone', async () => {
      const { doc } = await doctor.health();
      return doc.nodes.some((n) => n.container.id === agent.id) ? undefined : doc;
    });
    const ms = Date.now() - t0;
    assert.equal((await doctor.node(agent.name)).status, 404);
    assert.doesNotMatch((await doctor.get('/metrics')).body, new RegExp(`node="${agent.name}"`));
    assert.equal(await doctor.livez(), 200);
    assert.ok(doctor.alive);
    await sleep(300);
    const lines = doctor.lines(offset).filter((l) => l.node === agent.name || l.check === 'agent.discovery');
    // The kill before the removal is told (agent-down); the contract has no event for a node that leaves.
    assert.ok(
      lines.filter((l) => l.event === 'node.state').every((l) => l.to === 'agent-down'),
      describeLines(lines),
    );
    observed(
      `gone from /health ${ms} ms after the removal (${doc.nodes.length} other nodes, agent.discovery ${discovery(doc)?.status}); /health/<name> 404; series gone; /livez 200; log: ${describeLines(lines)}`,
    );
  });
});

describe('serve when an agent is wedged: its API and netdatacli never answer', { timeout: 180_000 }, () => {
  let agent: FakeAgent;
  let doctor: Doctor;

  before(async () => {
    await assertFakeImages();
    agent = await startFakeAgent({ generation: 'v2', state: 'online', network: 'internal' });
    doctor = await serveUntilLive({ DOCTOR_TARGETS: agent.name, DOCTOR_EXEC: 'auto' }, [agent]);
  });

  after(() => stopAndRemove(doctor));

  test('a pass against a wedged agent stays bounded, /health answers from the last report meanwhile, and the timeouts are said', async (t) => {
    const observed = reliability(t, {
      area: 'fault',
      tried: 'the agent wedges (API requests and netdatacli over exec never answer), then an event triggers a pass',
      expected:
        'the pass ends within 30 s; meanwhile /health answers at once from the last report and /livez is 200; findings say the calls timed out',
    });
    await agent.setHostile('hang');
    // The agent really hangs now (its test-only control channel still answers): curl gives up, exit 28.
    const curl = await execIn(agent.id, ['curl', '-s', '--max-time', '2', `${agent.apiBase}/api/v3/info`]);
    assert.equal(curl.exitCode, 28);
    const offset = doctor.stdout.length;
    const before = await doctor.health();
    const t0 = Date.now();
    await docker.getContainer(agent.id).update({ RestartPolicy: { Name: 'no' } }); // an `update` event: a node pass
    let slowest = 0;
    let fromLastReport = 0;
    const livez = new Set<number>();
    const after = await until(
      'the pass after the wedge',
      async () => {
        const r = await doctor.health();
        slowest = Math.max(slowest, r.ms);
        livez.add(await doctor.livez());
        const node = r.doc.nodes.find((n) => n.container.name === agent.name)!;
        const connection = finding(node, 'aclk.connection') as Finding & { evidence?: Record<string, { value: unknown; source: string }> };
        if (!connection?.evidence?.agentApi) {
          // Still the last report, word for word.
          assert.deepEqual(node.findings, before.doc.nodes[0]!.findings);
          fromLastReport++;
          return undefined;
        }
        return { node, connection, ms: Date.now() - t0 };
      },
      30_000,
    );
    const api = String(after.connection.evidence!.agentApi!.value);
    const exec = String(after.connection.evidence!.aclkState?.value ?? '');
    assert.ok(after.ms < 30_000, `the pass took ${after.ms} ms`);
    assert.ok(fromLastReport > 0, 'the last report was served while the pass ran');
    assert.ok(slowest < 1_000, `/health took ${slowest} ms while the pass ran`);
    assert.deepEqual([...livez], [200]);
    assert.match(api, /timeout|timed out|exited 28/i, api);
    assert.match(exec, /no answer within \d+ ms/, exec);
    assert.ok(doctor.alive);
    // A second event: the doctor must not send another exec into the wedged agent (the engine never ends
    // the one it gave up on), and says so.
    await docker.getContainer(agent.id).update({ RestartPolicy: { Name: 'no' } });
    const again = await until(
      'the pass after a second event',
      async () => {
        const r = await doctor.health();
        const node = r.doc.nodes.find((n) => n.container.name === agent.name)!;
        const connection = finding(node, 'aclk.connection') as Finding & { evidence?: Record<string, { value: unknown }> };
        const text = String(connection?.evidence?.aclkState?.value ?? '');
        return /^not run: /.test(text) ? text : undefined;
      },
      30_000,
    );
    const hung = await execIn(agent.id, [
      'sh',
      '-c',
      'for f in /proc/[0-9]*/cmdline; do tr "\\0" " " < "$f" 2>/dev/null; echo; done | grep -c "[/]usr/sbin/netdatacli aclk-state" || true',
    ]);
    assert.equal(hung.stdout.trim(), '1', `hung netdatacli processes in the agent: ${hung.stdout.trim()}`);
    const lines = doctor.lines(offset);
    observed(`second event: "${again}"; hung netdatacli processes left in the agent: ${hung.stdout.trim()}`);
    observed(
      `the pass ended ${after.ms} ms after the event; meanwhile ${fromLastReport} /health answers from the last report (slowest ${slowest} ms), /livez ${[...livez].join('/')}; ` +
        `then ${after.node.state}, aclk.connection ${after.connection.status} from ${String((after.connection as { evidence?: Record<string, { source: string }> }).evidence?.online?.source ?? 'nothing')}, with agentApi "${api}" and aclkState "${exec}"; log: ${describeLines(lines)}`,
    );
  });
});
