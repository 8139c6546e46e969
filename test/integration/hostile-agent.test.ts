// A broken or hostile agent API must bound every read in size and time and end in a finding, never a
// crash or a hang: slow answers, huge and endless bodies, invalid JSON, wrong types, redirects.
// Reached both ways: directly over an --internal network, and through `docker exec curl` (--network none).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertFakeImages, removeFakeResources, startFakeAgent, type FakeAgent, type FakeAgentHostile } from '../testbed/fakes.ts';
import { diagnoseTargets, statusOf } from './harness.ts';
import { assertValidReport } from './schema.ts';
import { reliability } from '../reliability/record.ts';

const MODES = [
  'slow',
  'huge',
  'never-ending',
  'invalid-json',
  'wrong-types',
  'redirect',
  'reset',
  'error-500',
] as const satisfies readonly FakeAgentHostile[];
/** What each mode does to every API answer (test/testbed/fake-agent/server.mjs). */
const WHAT: Record<(typeof MODES)[number], string> = {
  slow: 'answers after a long delay',
  huge: 'answers with a body far over 4 MiB',
  'never-ending': 'sends a body that never ends',
  'invalid-json': 'answers invalid JSON',
  'wrong-types': 'answers JSON with every field of the wrong type',
  redirect: 'redirects elsewhere',
  reset: 'resets the connection',
  'error-500': 'answers 500',
};
/** Every API read is bounded by 3 s; four paths, plus exec: a pass stays well under this. */
const PASS_BOUND_MS = 45_000;

describe('hostile agent APIs (fake agents in real containers)', () => {
  const direct: Partial<Record<FakeAgentHostile, FakeAgent>> = {};
  const viaExec: Partial<Record<FakeAgentHostile, FakeAgent>> = {};

  before(async () => {
    await assertFakeImages();
    for (const mode of MODES) {
      direct[mode] = await startFakeAgent({ generation: 'v2', state: 'online', hostile: mode, network: 'internal' });
      viaExec[mode] = await startFakeAgent({ generation: 'v2', state: 'online', hostile: mode });
    }
  });
  after(removeFakeResources);

  for (const mode of MODES) {
    test(`${mode}: a bounded pass, no crash, no Cloud state invented`, async (t) => {
      const observed = reliability(t, {
        area: 'input',
        tried: `the agent API ${WHAT[mode]} (direct over a network, and through docker exec curl)`,
        expected: `each pass ends within ${PASS_BOUND_MS / 1000} s with a schema-valid report; no Cloud state taken from the API`,
      });
      // Directly, exec off. The fake's status-netdata.json still tells the truth (a source of its own),
      // but nothing may be taken from the hostile API answers.
      let t0 = Date.now();
      const d = await diagnoseTargets([direct[mode]!.name], { exec: 'never' });
      const directMs = Date.now() - t0;
      assert.ok(directMs < PASS_BOUND_MS, `${mode}: the direct pass took ${directMs} ms`);
      const connection = d.finding(direct[mode]!.name, 'aclk.connection');
      const online = connection.evidence.online as { source: string } | undefined;
      assert.doesNotMatch(online?.source ?? '', /agent API/, `${mode}: ${d.node(direct[mode]!.name).findings.map(statusOf).join(' | ')}`);
      assertValidReport(d.report);
      // Through exec curl: bounded too (the fake's netdatacli still answers honestly, so no state assertion).
      t0 = Date.now();
      const e = await diagnoseTargets([viaExec[mode]!.name], { exec: 'auto' });
      const execMs = Date.now() - t0;
      assert.ok(execMs < PASS_BOUND_MS, `${mode}: the exec pass took ${execMs} ms`);
      assertValidReport(e.report);
      const viaNode = e.node(viaExec[mode]!.name);
      observed(
        `direct: ${(directMs / 1000).toFixed(1)} s, state ${d.node(direct[mode]!.name).state}, API source ${d.node(direct[mode]!.name).agent.apiSource ?? 'none'}, aclk.connection ${statusOf(connection)} (online from ${online?.source ?? 'nothing'}); ` +
          `via exec: ${(execMs / 1000).toFixed(1)} s, state ${viaNode.state}, API source ${viaNode.agent.apiSource ?? 'none'}; both reports schema-valid`,
      );
    });
  }
});
