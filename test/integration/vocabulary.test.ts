// The agent's words on real containers (issue 10): what the fake agents say in every state is recognised; the
// status file of a crashed run is read with its cause; a v2.3.1+ agent brings a deleted machine GUID back from
// status-netdata.json copies (and rewrites the file as it exits), so only deleting every copy gives a new one; a
// v1 claim that exits 13 is explained without its "Token:" line; and when `docker logs` cannot hold the agent's
// lines, where they are. These run the pure readers on real answers; check-level tests come with the wiring.
// The fakes run this checkout's sources (`sources: 'checkout'`), whatever the shared image was built from.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { identityReset } from '../../src/agent/identity-reset.ts';
import { agentLogLocation } from '../../src/agent/log-location.ts';
import { parseVersion } from '../../src/agent/version.ts';
import { STATUS_FILE_LOCATIONS, readStatusRecords, type StatusFileInput } from '../../src/agent/status-record.ts';
import { explain, recognize, recognizeClaimExit } from '../../src/agent/vocabulary.ts';
import { containerFactsFromInspect } from '../../src/docker/inspect.ts';
import { FAKE_STATES, assertFakeImages, readContainerFile, removeFakeResources, startFakeAgent, type FakeAgent } from '../testbed/fakes.ts';
import { docker, execIn, inspect, readLogs, waitForState } from '../testbed/scenarios.ts';

const GUID_FILE = '/var/lib/netdata/registry/netdata.public.unique.id';
const RESET = identityReset(parseVersion('v2.11.0')).remove;
const sh = async (agent: FakeAgent, script: string) => {
  const r = await execIn(agent.id, ['sh', '-c', script]);
  assert.equal(r.exitCode, 0, `${script}: ${r.stderr}`);
  return r.stdout;
};
/** Every status-netdata.json copy the container holds (archive API: works on a stopped container too). */
async function statusCopies(id: string): Promise<StatusFileInput[]> {
  const out: StatusFileInput[] = [];
  for (const p of STATUS_FILE_LOCATIONS) {
    const text = await readContainerFile(id, p).catch(() => undefined);
    if (text !== undefined) out.push({ path: p, text });
  }
  return out;
}
const messages = (text: string) => text.split('\n').filter(Boolean);

before(assertFakeImages);
after(removeFakeResources);

describe('what the fake v2 agent says in each state is in the vocabulary', () => {
  test('cloud.status, cloud.reason, and every CLAIM: and status line reach a specific cause', async () => {
    const states = FAKE_STATES.v2.filter((s) => s !== 'indirect');
    const agents = await Promise.all(states.map((state) => startFakeAgent({ generation: 'v2', state, sources: 'checkout' })));
    try {
      for (const agent of agents) {
        const label = agent.state;
        const info = JSON.parse((await agent.api('/api/v3/info')).body) as {
          agents: Array<{ cloud: { status: string; reason?: string } }>;
        };
        const cloud = info.agents[0]!.cloud;
        assert.ok(recognize(cloud.status, { as: 'cloud-status' }), `${label}: status ${cloud.status}`);
        if (cloud.reason !== undefined) {
          const ex = explain(cloud.reason, 'aclk.connection', { as: cloud.status === 'available' ? 'claim-failure' : 'aclk-reason' });
          assert.equal(ex.recognized, true, `${label}: reason "${cloud.reason}" → ${ex.cause}`);
        }
        const { stderr } = await readLogs(agent.id);
        const reasonLine = /msg="(?:CLAIM: |Netdata Cloud, ACLK connection status: |ACLK: Cloud returned|Cloud asks)/;
        for (const line of messages(stderr).filter((l) => reasonLine.test(l))) {
          assert.ok(recognize(line), `${label}: not recognised: ${line}`);
        }
      }
    } finally {
      await Promise.all(agents.map((a) => a.remove()));
    }
  });
});

describe('status-netdata.json on real containers', () => {
  test("a crashed run: the stopped container's own record names the fatal exit and its message", async () => {
    const agent = await startFakeAgent({ generation: 'v2', state: 'offline-never-connected', sources: 'checkout' });
    try {
      await agent.cli('fatal-agent');
      const info = await waitForState(agent.id, (s) => s.State.Status === 'exited', 30_000);
      assert.equal(info.State.ExitCode, 139);
      const reading = readStatusRecords(await statusCopies(agent.id), { startedAt: new Date(info.State.StartedAt), running: false });
      assert.ok(reading.thisRun, `no record of this run: ${JSON.stringify(reading)}`);
      assert.deepEqual(
        reading.thisRun.exitReasons.map((r) => r.reason),
        ['fatal'],
      );
      assert.equal(reading.thisRun.ending?.cause, 'agent.running/fatal');
      assert.match(reading.thisRun.ending!.explanation, /fatal-agent/);
      assert.equal(reading.thisRun.machineGuid, (await readContainerFile(agent.id, GUID_FILE)).trim());
    } finally {
      await agent.remove();
    }
  });

  test('a v2.3.1+ agent brings its GUID back from any status-file copy; only deleting every copy gives a new one', async () => {
    const agent = await startFakeAgent({
      generation: 'v2',
      state: 'not-claimed',
      sources: 'checkout',
      env: { FAKE_AGENT_VERSION: 'v2.11.0' },
    });
    const container = docker.getContainer(agent.id);
    const restartHard = async () => {
      await container.kill(); // SIGKILL: the agent cannot rewrite its status file on the way out
      await waitForState(agent.id, (s) => s.State.Status === 'exited');
      await container.start();
      await waitForState(agent.id, (s) => s.State.Running);
    };
    const guidNow = async () => {
      for (let i = 0; i < 100; i++) {
        const r = await execIn(agent.id, ['cat', GUID_FILE]);
        if (r.exitCode === 0 && r.stdout.trim()) return r.stdout.trim();
        await new Promise((res) => setTimeout(res, 100));
      }
      throw new Error('no GUID file');
    };
    try {
      const original = await guidNow();
      await new Promise((res) => setTimeout(res, 1500)); // the status file is written once the agent runs

      // 1. Only the GUID file deleted: the copy in /var/lib/netdata brings it back.
      await sh(agent, `rm -f ${GUID_FILE}`);
      assert.equal(readStatusRecords(await statusCopies(agent.id), { running: true }).recoverableGuid?.guid, original);
      await restartHard();
      assert.equal(await guidNow(), original, 'deleting the GUID file alone keeps the GUID');
      assert.match((await readLogs(agent.id)).stderr, /MACHINE_GUID: got previous GUID from daemon status file/);

      // 2. The GUID file and /var/lib/netdata's copy deleted, a copy left in /var/cache/netdata: it comes back from there.
      await new Promise((res) => setTimeout(res, 1500));
      await sh(
        agent,
        `cp /var/lib/netdata/status-netdata.json /var/cache/netdata/status-netdata.json && rm -f ${GUID_FILE} /var/lib/netdata/status-netdata.json`,
      );
      const copies = readStatusRecords(await statusCopies(agent.id), { running: true });
      assert.deepEqual(copies.recoverableGuid, { guid: original, path: '/var/cache/netdata/status-netdata.json' });
      await restartHard();
      assert.equal(await guidNow(), original, 'a copy in /var/cache/netdata keeps the GUID');

      // 3. Everything deleted while it runs, then `docker restart`: it writes the file again as it exits.
      await new Promise((res) => setTimeout(res, 1500));
      await sh(agent, `rm -rf ${RESET.join(' ')}`);
      await container.restart({ t: 10 });
      await waitForState(agent.id, (s) => s.State.Running);
      assert.equal(await guidNow(), original, 'deleting while it runs is undone by the exit');

      // 4. identityReset()'s list deleted and no exit to rewrite it (as with the agent stopped first): a new GUID.
      await new Promise((res) => setTimeout(res, 1500));
      await sh(agent, `rm -rf ${RESET.join(' ')}`);
      assert.equal(readStatusRecords(await statusCopies(agent.id), { running: true }).recoverableGuid, undefined);
      await restartHard();
      const fresh = await guidNow();
      assert.notEqual(fresh, original, 'every copy deleted: a new GUID');
      assert.match((await readLogs(agent.id)).stderr, /MACHINE_GUID: generating a new GUID/);
    } finally {
      await agent.remove();
    }
  });
});

describe('claim failures without their surrounding lines', () => {
  test('v1 claim exits 13: the "already claimed" line alone, and the code alone, say why', async () => {
    const agent = await startFakeAgent({ generation: 'v1', state: 'claim-failed@already-claimed', sources: 'checkout' });
    try {
      const info = await inspect(agent.id);
      assert.equal(info.State.ExitCode, 13);
      const { stdout, stderr } = await readLogs(agent.id);
      const lines = messages(`${stdout}\n${stderr}`).filter((l) => !/^Token: /.test(l));
      const claimLine = lines.find((l) => l.includes('Failed to claim node with the following error message'));
      assert.ok(claimLine, "the claim script's error line");
      assert.equal(recognize(claimLine)!.cause, 'claim.state/already-claimed');
      assert.equal(recognizeClaimExit(13, 'v1', lines)!.cause, 'claim.state/already-claimed');
      assert.equal(recognizeClaimExit(13, 'v1')!.cause, 'claim.state/already-claimed');
    } finally {
      await agent.remove();
    }
  });
});

describe('logs that docker logs cannot read', () => {
  test('[logs] daemon = journal: no CLAIM/ACLK line in docker logs, and the location says the journal', async () => {
    const conf = '[logs]\n\tdaemon = journal\n';
    const agent = await startFakeAgent({
      generation: 'v2',
      state: 'claim-failed@token',
      sources: 'checkout',
      files: { '/etc/netdata/netdata.conf': conf },
    });
    try {
      await new Promise((res) => setTimeout(res, 1500));
      const { stderr } = await readLogs(agent.id);
      assert.doesNotMatch(stderr, /CLAIM: /, 'the daemon lines left docker logs');
      const facts = containerFactsFromInspect(await inspect(agent.id));
      const loc = agentLogLocation({
        logConfig: facts.logConfig,
        netdataConf: await readContainerFile(agent.id, '/etc/netdata/netdata.conf'),
        mounts: facts.mounts,
      });
      assert.equal(loc.readable, false);
      assert.match(loc.readable ? '' : loc.where, /journal/);
    } finally {
      await agent.remove();
    }
  });

  test('log driver none: nothing in docker logs, and the location says so', async () => {
    const agent = await startFakeAgent({ generation: 'v2', state: 'claim-failed@token', sources: 'checkout', logConfig: { Type: 'none' } });
    try {
      const facts = containerFactsFromInspect(await inspect(agent.id));
      assert.equal(facts.logConfig?.type, 'none');
      const loc = agentLogLocation({ logConfig: facts.logConfig });
      assert.equal(loc.readable, false);
      assert.equal(loc.readable ? true : loc.entrypointReadable, false);
      await assert.rejects(readLogs(agent.id), 'the engine refuses to read logs of the "none" driver');
    } finally {
      await agent.remove();
    }
  });
});
