// The checks choose their cause from the agent's own words (src/agent/vocabulary.ts): every vocabulary entry the
// check reads reaches a specific cause of the table, never `<check>/unrecognized-reason`.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { VOCABULARY_ENTRIES, explain } from '../../../src/agent/vocabulary.ts';
import { classifyReason } from '../../../src/agent/api/index.ts';
import { connectionCause, explainConnection } from '../../../src/checks/aclk-connection.ts';
import { claimFailureCause, claimState } from '../../../src/checks/claim-state.ts';
import { RUN_ENDING_CAUSES, agentRunning, runEnding } from '../../../src/checks/agent-running.ts';
import { CAUSES } from '../../../src/checks/causes.ts';
import { readFailed, readOk, type AgentFiles } from '../../../src/facts/types.ts';
import { hostSeccomp } from '../../../src/checks/host-seccomp.ts';
import { claimEnv, minutesAgo, runNodeCheck, v2NodeFacts } from '../fixtures.ts';

const entries = (category: string) => VOCABULARY_ENTRIES.filter((e) => e.category === category && e.samples.length > 0);

describe('vocabulary wired into the checks', () => {
  it('aclk.connection: every ACLK reason gives a cause of the table, its own where the vocabulary names one of aclk.connection', () => {
    const list = entries('aclk_reason');
    assert.ok(list.length > 80, `${list.length} ACLK reasons`);
    for (const entry of list) {
      for (const sample of entry.samples) {
        const cause = `aclk.connection/${connectionCause(sample, classifyReason(sample).category, explainConnection(sample, 'offline'))}`;
        assert.notEqual(cause, 'aclk.connection/unrecognized-reason', `${entry.entry}: "${sample}"`);
        assert.ok(cause in CAUSES, `${entry.entry} → ${cause} is not in the cause table`);
        // The vocabulary may refine an entry by its words (a curl error names DNS, refused, timeout): the check follows it.
        const said = explain(sample, 'aclk.connection', { as: 'aclk-reason' }).cause;
        const own = said.startsWith('aclk.connection/') && !['aclk.connection/ok', 'aclk.connection/indirect-via-parent'].includes(said);
        if (own) assert.equal(cause, said, `${entry.entry}: "${sample}"`);
      }
    }
  });

  it('aclk.connection: the deleted node and the TLS verification failure have causes of their own', () => {
    const deleted = 'agent is not claimed (during /env)';
    assert.equal(
      connectionCause(deleted, classifyReason(deleted).category, explainConnection(deleted, 'offline')),
      'claim-removed-by-cloud',
    );
    const tls = 'TLS certificate verification failed';
    assert.equal(connectionCause(tls, classifyReason(tls).category, explainConnection(tls, 'offline')), 'tls-verification-failed');
  });

  it('an unknown reason stays unrecognized, with no invented meaning', () => {
    const raw = 'the moon is in the wrong phase';
    assert.equal(connectionCause(raw, classifyReason(raw).category, explainConnection(raw, 'offline')), 'unrecognized-reason');
    assert.equal(claimFailureCause(raw), 'unrecognized-reason');
  });

  it('claim.state: every claim failure reason gives a cause of the table, its own where the vocabulary names one of claim.state', () => {
    const list = entries('claim_failure');
    assert.ok(list.length > 25, `${list.length} claim failure reasons`);
    for (const entry of list) {
      for (const sample of entry.samples) {
        const cause = `claim.state/${claimFailureCause(sample)}`;
        assert.notEqual(cause, 'claim.state/unrecognized-reason', `${entry.entry}: "${sample}"`);
        assert.ok(cause in CAUSES, `${entry.entry} → ${cause} is not in the cause table`);
        const said = explain(sample, 'claim.state', { as: 'claim-failure' }).cause;
        if (said.startsWith('claim.state/') && said !== 'claim.state/ok') assert.equal(cause, said, `${entry.entry}: "${sample}"`);
      }
    }
  });

  it('agent.running: every exit reason of a failed run names its cause; a stop someone asked for names none', () => {
    const reasons = VOCABULARY_ENTRIES.filter((e) => e.category === 'status_file' && e.entry.startsWith('agent.exit_reason: '));
    assert.ok(reasons.length >= 20, `${reasons.length} exit reasons`);
    const startedAt = new Date('2026-12-01T10:00:00Z');
    for (const entry of reasons) {
      const word = entry.entry.slice('agent.exit_reason: '.length);
      const text = JSON.stringify({
        '@timestamp': '2026-12-01T10:05:00Z',
        version: 29,
        agent: { id: '2641dc58-5550-44a8-bd0e-30e7fff2c15e', status: 'exited', uptime: 300, exit_reason: [word] },
        ...(word === 'fatal' ? { fatal: { message: 'out of disk space for the dbengine', function: 'rrdeng_init' } } : {}),
      });
      const files = { statusFile: readOk(text), statusCopies: readOk({ copies: [], unreadable: [] }) } as unknown as AgentFiles;
      const ended = runEnding(files, { startedAt, status: 'exited' });
      const user =
        entry.cause.startsWith('agent.running/stopped-') ||
        ['agent.running/system-shutdown', 'agent.running/exited-cleanly'].includes(entry.cause);
      if (user) {
        assert.equal(ended, undefined, word);
        continue;
      }
      assert.ok(ended, `${word} names no cause`);
      assert.ok(RUN_ENDING_CAUSES.includes(ended.words), `${word} → ${ended.words}`);
      assert.ok(`agent.running/${ended.words}` in CAUSES, `${word} → agent.running/${ended.words}`);
      if (entry.cause.startsWith('agent.running/')) assert.equal(`agent.running/${ended.words}`, entry.cause, word);
    }
  });

  it("agent.running: the last run's record in another copy counts; unreadable files give nothing", () => {
    const startedAt = new Date('2026-12-01T10:00:00Z');
    const text = JSON.stringify({
      '@timestamp': '2026-12-01T10:00:30Z',
      agent: { status: 'exited', uptime: 30, exit_reason: ['signal-bad-system-call'] },
    });
    const files = {
      statusFile: readFailed('does not exist', true),
      statusCopies: readOk({ copies: [{ path: '/var/cache/netdata/status-netdata.json', text }], unreadable: [] }),
    };
    assert.equal(runEnding(files as unknown as AgentFiles, { startedAt, status: 'exited' })?.words, 'bad-system-call');
    const none = { statusFile: readFailed('denied'), statusCopies: readFailed('denied') };
    assert.equal(runEnding(none as unknown as AgentFiles, { startedAt, status: 'exited' }), undefined);
  });
});

describe("the checks say where the agent's lines are when docker logs cannot hold them", () => {
  const startedAt = minutesAgo(60);
  const journal = readOk('[logs]\n\tdaemon = journal\n');

  it('claim.state: a v2 claim configured and not done, [logs] daemon = journal → logs-unreadable with journalctl', () => {
    const f = runNodeCheck(claimState, v2NodeFacts({ container: { env: claimEnv(), startedAt }, files: { netdataConf: journal } }));
    assert.equal(f.cause, 'claim.state/logs-unreadable', f.summary);
    assert.match(f.remedy ?? '', /journalctl/);
  });

  it('claim.state: the same with the default netdata.conf stays no-reason-in-logs', () => {
    const f = runNodeCheck(claimState, v2NodeFacts({ container: { env: claimEnv(), startedAt } }));
    assert.equal(f.cause, 'claim.state/no-reason-in-logs', f.summary);
  });

  it('agent.running: an early exit under the log driver none → logs-unreadable; host.seccomp cannot see run.sh', () => {
    const stopped = {
      status: 'exited' as const,
      exitCode: 2,
      startedAt: new Date(Date.now() - 60_000),
      finishedAt: new Date(Date.now() - 58_000),
      restartPolicy: { name: 'no', maximumRetryCount: 0 },
      logConfig: { type: 'none', config: {} },
    };
    const running = runNodeCheck(agentRunning, v2NodeFacts({ container: stopped }), { startPeriodMs: 300_000 });
    assert.equal(running.cause, 'agent.running/logs-unreadable', running.summary);
    assert.match(running.summary, /"none"/);
    const seccomp = runNodeCheck(hostSeccomp, v2NodeFacts({ container: { ...stopped, status: 'running' } }));
    assert.equal(seccomp.cause, 'host.seccomp/logs-unreadable', seccomp.summary);
  });
});
