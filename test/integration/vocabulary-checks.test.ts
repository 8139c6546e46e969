// The agent's words, read by the checks on real containers (issue 10): the node's cause comes from what the
// fake agent says (the deleted node, a TLS verification failure), from how its last run ended in
// status-netdata.json (signal-bad-system-call, out-of-memory, already-running, fatal), from a v1 claim line
// without its "Token:" line, and, when `docker logs` cannot hold the agent's lines, from where they are.
// Each case runs a fake agent and asserts the causes diagnoseTargets reports. The fakes run this checkout's
// sources (`sources: 'checkout'`).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { diagnoseTargets, REPO, statusOf } from './harness.ts';
import { assertFakeImages, removeFakeResources, startFakeAgent, type FakeAgent } from '../testbed/fakes.ts';
import { waitForState } from '../testbed/scenarios.ts';

before(assertFakeImages);
after(removeFakeResources);

/** The causes of one node's findings, by check id. */
async function causesOf(agent: FakeAgent, exec: 'auto' | 'never' = 'auto') {
  const diagnosed = await diagnoseTargets([agent.name], { exec });
  const node = diagnosed.node(agent.name);
  return {
    cause: (id: string) => node.findings.find((f) => f.id === id)?.cause,
    finding: (id: string) => node.findings.find((f) => f.id === id)!,
  };
}

describe('aclk.connection names what the agent says', () => {
  test('the node deleted in Netdata Cloud ("agent is not claimed (during /env)"): claim-removed-by-cloud, claim again', async () => {
    const agent = await startFakeAgent({ generation: 'v2', state: 'offline-was-connected@claim-removed', sources: 'checkout' });
    try {
      const node = await causesOf(agent);
      const f = node.finding('aclk.connection');
      assert.equal(f.cause, 'aclk.connection/claim-removed-by-cloud', statusOf(f));
      assert.equal(f.status, 'fail');
      assert.match(f.remedy ?? '', /claim/i);
    } finally {
      await agent.remove();
    }
  });

  test('a TLS verification failure: tls-verification-failed, not the coarse tls-failed', async () => {
    const agent = await startFakeAgent({ generation: 'v2', state: 'offline-was-connected@tls-verify', sources: 'checkout' });
    try {
      const f = (await causesOf(agent)).finding('aclk.connection');
      assert.equal(f.cause, 'aclk.connection/tls-verification-failed', statusOf(f));
    } finally {
      await agent.remove();
    }
  });
});

describe('agent.running reads how the last run ended in status-netdata.json', () => {
  const cases = [
    { reason: 'signal-bad-system-call', code: 159, cause: 'agent.running/bad-system-call', seccomp: 'host.seccomp/bad-system-call' },
    { reason: 'out-of-memory', code: 1, cause: 'agent.running/out-of-memory' },
    { reason: 'already-running', code: 1, cause: 'agent.running/port-in-use' },
  ] as const;
  for (const c of cases) {
    test(`exit_reason ${c.reason} → ${c.cause}`, async () => {
      const agent = await startFakeAgent({ generation: 'v2', state: 'offline-never-connected', sources: 'checkout' });
      try {
        await agent.cli('__fake_exit', c.reason, String(c.code));
        await waitForState(agent.id, (s) => s.State.Status === 'exited', 30_000);
        const node = await causesOf(agent);
        const f = node.finding('agent.running');
        assert.equal(f.cause, c.cause, statusOf(f));
        assert.deepEqual(f.evidence.exitReason?.value, [c.reason]);
        if ('seccomp' in c) assert.equal(node.cause('host.seccomp'), c.seccomp, statusOf(node.finding('host.seccomp')));
      } finally {
        await agent.remove();
      }
    });
  }

  test('netdatacli fatal-agent: agent.running/fatal with the fatal message', async () => {
    const agent = await startFakeAgent({ generation: 'v2', state: 'offline-never-connected', sources: 'checkout' });
    try {
      await agent.cli('fatal-agent');
      await waitForState(agent.id, (s) => s.State.Status === 'exited', 30_000);
      const f = (await causesOf(agent)).finding('agent.running');
      assert.equal(f.cause, 'agent.running/fatal', statusOf(f));
      assert.match(String(f.evidence.fatal?.value), /fatal-agent/);
    } finally {
      await agent.remove();
    }
  });
});

describe('a v1 claim that exits 13 without its "Token:" line', () => {
  test('claim.state and agent.running name already-claimed from the claim line alone', async () => {
    const script = readFileSync(path.join(REPO, 'test/testbed/images/fake-agent/netdata-claim.sh'), 'utf8');
    const withoutToken = script.replace(/^echo >&2 "Token: \*+"$/m, ': # no Token: line');
    assert.notEqual(withoutToken, script, 'the fake claim script prints a Token: line to remove');
    const agent = await startFakeAgent({
      generation: 'v1',
      state: 'claim-failed@already-claimed',
      sources: 'checkout',
      files: { '/usr/sbin/netdata-claim.sh': withoutToken },
      fileModes: { '/usr/sbin/netdata-claim.sh': 0o755 },
    });
    try {
      const node = await causesOf(agent);
      assert.equal(node.cause('claim.state'), 'claim.state/already-claimed', statusOf(node.finding('claim.state')));
      assert.equal(node.cause('agent.running'), 'agent.running/claim-failed-already-claimed', statusOf(node.finding('agent.running')));
    } finally {
      await agent.remove();
    }
  });
});

describe('logs that docker logs cannot hold: the verdict says where the lines are', () => {
  // exec never: the agent API (reached through exec from a container on no network) would give the reason itself.
  test('[logs] daemon = journal on a v2 claim failure: claim.state/logs-unreadable, the journal', async () => {
    const agent = await startFakeAgent({
      generation: 'v2',
      state: 'claim-failed@token',
      sources: 'checkout',
      files: { '/etc/netdata/netdata.conf': '[logs]\n\tdaemon = journal\n' },
    });
    try {
      const f = (await causesOf(agent, 'never')).finding('claim.state');
      assert.equal(f.cause, 'claim.state/logs-unreadable', statusOf(f));
      assert.match(f.summary, /journal/);
      assert.match(f.remedy ?? '', /journalctl/);
    } finally {
      await agent.remove();
    }
  });

  test('log driver none on a v2 claim failure: claim.state/logs-unreadable, nowhere', async () => {
    const agent = await startFakeAgent({ generation: 'v2', state: 'claim-failed@token', sources: 'checkout', logConfig: { Type: 'none' } });
    try {
      const f = (await causesOf(agent, 'never')).finding('claim.state');
      assert.equal(f.cause, 'claim.state/logs-unreadable', statusOf(f));
      assert.match(f.summary, /"none"/);
    } finally {
      await agent.remove();
    }
  });
});
