// A broken or hostile agent API must bound every read in size and time and end in a finding, never a
// crash or a hang: slow answers, huge and endless bodies, invalid JSON, wrong types, redirects.
// Reached both ways: directly over an --internal network, and through `docker exec curl` (--network none).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertFakeImages, removeFakeResources, startFakeAgent, type FakeAgent, type FakeAgentHostile } from '../testbed/fakes.ts';
import { diagnoseTargets, statusOf } from './harness.ts';
import { assertValidReport } from './schema.ts';

const MODES: FakeAgentHostile[] = ['slow', 'huge', 'never-ending', 'invalid-json', 'wrong-types', 'redirect'];
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
    test(`${mode}: a bounded pass, no crash, no Cloud state invented`, async () => {
      // Directly, exec off. The fake's status-netdata.json still tells the truth (a source of its own),
      // but nothing may be taken from the hostile API answers.
      let t0 = Date.now();
      const d = await diagnoseTargets([direct[mode]!.name], { exec: 'never' });
      assert.ok(Date.now() - t0 < PASS_BOUND_MS, `${mode}: the direct pass took ${Date.now() - t0} ms`);
      const online = d.finding(direct[mode]!.name, 'aclk.connection').evidence.online as { source: string } | undefined;
      assert.doesNotMatch(online?.source ?? '', /agent API/, `${mode}: ${d.node(direct[mode]!.name).findings.map(statusOf).join(' | ')}`);
      assertValidReport(d.report);
      // Through exec curl: bounded too (the fake's netdatacli still answers honestly, so no state assertion).
      t0 = Date.now();
      const e = await diagnoseTargets([viaExec[mode]!.name], { exec: 'auto' });
      assert.ok(Date.now() - t0 < PASS_BOUND_MS, `${mode}: the exec pass took ${Date.now() - t0} ms`);
      assertValidReport(e.report);
    });
  }
});
