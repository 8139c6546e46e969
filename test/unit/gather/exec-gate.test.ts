// The exec gate on its own (src/gather/exec-gate.ts): permission learnt from answers, the wedged-exec rule
// on an injected clock.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ExecGate, WEDGED_RETRY_MS } from '../../../src/gather/exec-gate.ts';
import { DockerError } from '../../../src/docker/errors.ts';
import type { DockerClient, ExecResult } from '../../../src/docker/client.ts';
import { containerFacts } from '../fixtures.ts';

const client = (answer: () => Promise<ExecResult>): DockerClient & { calls: number } => {
  const fake = {
    calls: 0,
    exec: async () => {
      fake.calls++;
      return answer();
    },
  };
  return fake as unknown as DockerClient & { calls: number };
};

describe('ExecGate', () => {
  const c = containerFacts({ status: 'running', startedAt: new Date('2026-12-04T10:00:00Z') });

  it('never: closed with the reason; auto: open until the engine answers 403, then closed for every container', async () => {
    assert.equal(new ExecGate('never', Date.now).closed(), 'exec disabled (DOCTOR_EXEC=never)');
    const gate = new ExecGate('auto', Date.now);
    assert.equal(gate.open, true);
    const denied = client(async () => {
      throw new DockerError('forbidden', 'exec: HTTP 403', 403);
    });
    const r = await gate.run(denied, c, ['netdata', '-v'], 1024);
    assert.equal(r.ok, false);
    assert.equal(gate.permission, 'denied');
    assert.equal(gate.open, false);
    await gate.run(denied, c, ['netdata', '-v'], 1024);
    assert.equal(denied.calls, 1, 'no exec after a 403');
  });

  it('an answer opens it; a non-zero exit is a failed read, not a denial', async () => {
    const gate = new ExecGate('auto', Date.now);
    const r = await gate.run(
      client(async () => ({ exitCode: 2, stdout: '', stderr: 'no such command\n' })),
      c,
      ['netdatacli', 'x'],
      1024,
    );
    assert.deepEqual(r, { ok: false, reason: 'netdatacli x exited 2: no such command', absent: false });
    assert.equal(gate.permission, 'allowed');
  });

  it('a timed-out exec keeps execs off that run until WEDGED_RETRY_MS pass, or the container restarts', async () => {
    let now = 1_000_000;
    const gate = new ExecGate('auto', () => now);
    const hung = client(async () => {
      throw new DockerError('timeout', 'no answer within 10000 ms');
    });
    await gate.run(hung, c, ['netdatacli', 'aclk-state', 'json'], 1024);
    now += WEDGED_RETRY_MS - 1;
    const held = await gate.run(hung, c, ['netdata', '-v'], 1024);
    assert.equal(hung.calls, 1);
    assert.match(held.ok ? '' : held.reason, /^not run: "netdatacli aclk-state json" timed out/);
    const restarted = containerFacts({ status: 'running', startedAt: new Date('2026-12-04T11:00:00Z') });
    await gate.run(hung, restarted, ['netdata', '-v'], 1024);
    assert.equal(hung.calls, 2, 'a new run of the container is tried');
    now += 1;
    await gate.run(hung, c, ['netdata', '-v'], 1024);
    assert.equal(hung.calls, 3, 'tried again after the retry time');
  });
});
