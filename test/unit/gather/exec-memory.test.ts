// A container's build does not change while it exists: when exec fails in a later pass (the container was
// paused during the pass, or a wedged exec timed out), what an earlier pass learnt is kept (issue 6: a
// pause mid-pass made agent.cloud-support flap to "cannot tell" and back).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gather, Session, WEDGED_RETRY_MS } from '../../../src/gather/gather.ts';
import type { DockerClient, ExecResult } from '../../../src/docker/client.ts';
import { DockerError } from '../../../src/docker/errors.ts';
import { AGENT_ID as ID, oneAgentEngine } from './fake-engine.ts';

/** One run of the container for every pass (a new StartedAt would be a restart). */
const STARTED_AT = new Date(Date.now() - 60_000).toISOString();
const BUILDINFO = 'Features:\n    Netdata Cloud ____________________________________________ : YES\n';

const engine = (execAnswer: () => Promise<ExecResult>): DockerClient => oneAgentEngine({ startedAt: STARTED_AT, exec: execAnswer });

describe('gather: build info survives a failed exec', () => {
  it('a 409 "container is paused" in the second pass keeps the version and build info of the first; aclk-state says what failed', async () => {
    const session = new Session('auto');
    const ok = engine(async () => ({ exitCode: 0, stdout: BUILDINFO, stderr: '' }));
    const first = await gather(ok, { targets: ['agent'], exec: 'auto', agentApi: false }, session);
    assert.equal(first.nodes[0]!.exec.buildinfo?.ok, true);

    const paused = engine(async () => {
      throw new DockerError('conflict', `POST /containers/${ID.slice(0, 12)}/exec: HTTP 409 container is paused`, 409);
    });
    const second = await gather(paused, { targets: ['agent'], exec: 'auto', agentApi: false }, session);
    const exec = second.nodes[0]!.exec;
    assert.equal(exec.buildinfo?.ok, true, JSON.stringify(exec));
    assert.equal(exec.netdataVersion?.ok, true, JSON.stringify(exec));
    assert.equal(exec.aclkState?.ok, false);
    assert.match(exec.aclkState?.ok === false ? exec.aclkState.reason : '', /409 container is paused/);
  });

  it('with nothing learnt before, the failure is what is reported', async () => {
    const paused = engine(async () => {
      throw new DockerError('timeout', 'exec netdata -v: no answer within 10000 ms');
    });
    const facts = await gather(paused, { targets: ['agent'], exec: 'auto', agentApi: false }, new Session('auto'));
    const exec = facts.nodes[0]!.exec;
    assert.equal(exec.buildinfo?.ok, false);
    assert.match(exec.netdataVersion?.ok === false ? exec.netdataVersion.reason : '', /no answer within/);
  });
});

describe('gather: no exec into a container where one timed out (a hung exec stays inside it)', () => {
  const OPTIONS = { targets: ['agent'], exec: 'auto', agentApi: false } as const;
  it('after a timeout, later passes run no exec in that run of the container until the retry time', async () => {
    let now = 1_000_000;
    const session = new Session('auto', { now: () => now });
    let execs = 0;
    const hung = engine(async () => {
      execs++;
      throw new DockerError('timeout', 'exec netdatacli aclk-state json: no answer within 10000 ms');
    });
    await gather(hung, OPTIONS, session);
    const afterFirst = execs;
    assert.ok(afterFirst >= 1);
    now += 60_000;
    const second = await gather(hung, OPTIONS, session);
    assert.equal(execs, afterFirst, 'an exec went into the wedged container');
    const reason = second.nodes[0]!.exec.aclkState?.ok === false ? second.nodes[0]!.exec.aclkState.reason : '';
    assert.match(
      reason,
      /^not run: ".*" timed out in this container at .* UTC and may still hang there; exec is tried again after a restart or at \d\d:\d\d UTC$/,
    );
    now += WEDGED_RETRY_MS;
    await gather(hung, OPTIONS, session);
    assert.ok(execs > afterFirst, 'exec was never tried again after the retry time');
  });

  it('other failures (exit codes, 409 paused) do not stop later execs', async () => {
    const session = new Session('auto');
    let execs = 0;
    const paused = engine(async () => {
      execs++;
      throw new DockerError('conflict', 'HTTP 409 container is paused', 409);
    });
    await gather(paused, OPTIONS, session);
    const afterFirst = execs;
    await gather(paused, OPTIONS, session);
    assert.ok(execs > afterFirst);
  });
});
