// agent.discovery (CONTRACT §4): fail when a named target does not exist or auto mode finds none; warn for
// several unlabelled candidates (and targets that could not be inspected); pass otherwise.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { agentDiscovery } from '../../../src/checks/agent-discovery.ts';
import { assertStatus, discoveryFacts, engineFacts, runEngineCheck } from '../fixtures.ts';

const run = (discovery: Parameters<typeof discoveryFacts>[0], engine: Parameters<typeof engineFacts>[0] = {}) =>
  runEngineCheck(agentDiscovery, { discovery: discoveryFacts(discovery), engine: engineFacts(engine) });

describe('agent.discovery', () => {
  it('fail: engine unreachable, pointing at docker.api', () => {
    const f = run({}, { reachable: false, error: 'ECONNREFUSED' });
    assertStatus(f, 'fail');
    assert.match(f.summary, /not reachable/);
    assert.match(f.remedy!, /docker\.api/);
  });

  it('fail: one named target missing, named in the summary', () => {
    const f = run({ mode: 'explicit', requested: ['netdata'], missing: ['netdata-old'], matchedBy: undefined });
    assertStatus(f, 'fail');
    assert.equal(f.summary, 'target not found: netdata-old');
    assert.match(f.remedy!, /docker ps -a/);
    assert.deepEqual(f.evidence.missing!.value, ['netdata-old']);
  });

  it('fail: several named targets missing, all named', () => {
    const f = run({ mode: 'explicit', requested: [], missing: ['a1', 'b2'], matchedBy: undefined });
    assertStatus(f, 'fail');
    assert.equal(f.summary, 'targets not found: a1, b2');
  });

  it('fail: auto mode finds no agent', () => {
    const f = run({ requested: [], matchedBy: 'none', unlabelledCandidates: 0 });
    assertStatus(f, 'fail');
    assert.match(f.summary, /no Netdata Agent container found/);
    assert.match(f.remedy!, /netdata-cloud-doctor\.enable=true/);
    assert.match(f.remedy!, /DOCTOR_TARGETS/);
  });

  it('warn: several candidates found by image, none labelled', () => {
    const f = run({ requested: ['netdata', 'netdata2'], matchedBy: 'image', unlabelledCandidates: 2 });
    assertStatus(f, 'warn');
    assert.match(f.summary, /2 agents found by image, none labelled/);
    assert.match(f.remedy!, /netdata-cloud-doctor\.enable=true/);
  });

  it('pass: several candidates, all labelled', () => {
    const f = run({ requested: ['a', 'b'], matchedBy: 'label', unlabelledCandidates: 0 });
    assertStatus(f, 'pass');
    assert.equal(f.summary, '2 agents: a, b (by label)');
  });

  it('pass: several explicit targets are not "unlabelled candidates"', () => {
    const f = run({ mode: 'explicit', requested: ['a', 'b'], matchedBy: undefined, unlabelledCandidates: 0 });
    assertStatus(f, 'pass');
    assert.equal(f.summary, '2 agents: a, b');
  });

  it('pass: one agent found by image', () => {
    const f = run({});
    assertStatus(f, 'pass');
    assert.equal(f.summary, '1 agent: netdata (by image)');
    assert.equal(f.evidence.matchedBy!.value, 'image');
  });

  it('warn: a target exists but could not be inspected', () => {
    const f = run({ unreadable: ['netdata: GET /containers/x/json: HTTP 500 boom'] });
    assertStatus(f, 'warn');
    assert.match(f.summary, /could not inspect: netdata: .*HTTP 500/);
  });

  it('a missing target outranks an unreadable one', () => {
    const f = run({ mode: 'explicit', missing: ['gone'], unreadable: ['netdata: boom'] });
    assertStatus(f, 'fail');
    assert.match(f.summary, /gone/);
  });
});
