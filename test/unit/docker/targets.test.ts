// Target selection (CONTRACT §3): explicit names/IDs/compose services, or auto: labelled → image/OCI title →
// a container named "netdata"; the opt-out label wins.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { containerName, selectTargets, type ContainerSummary } from '../../../src/docker/targets.ts';

const c = (id: string, name: string, image: string, labels: Record<string, string> = {}): ContainerSummary => ({
  id: id.padEnd(64, '0'),
  names: [`/${name}`],
  image,
  labels,
});
const names = (s: ReturnType<typeof selectTargets>) => s.selected.map(containerName);

const agent = c('aaaa1111', 'netdata', 'netdata/netdata:stable', {
  'com.docker.compose.service': 'agent',
  'com.docker.compose.project': 'mon',
});
const agent2 = c('aaaa2222', 'mon-agent-2', 'netdata/netdata:stable', {
  'com.docker.compose.service': 'agent',
  'com.docker.compose.project': 'mon',
});
const web = c('bbbb3333', 'web', 'nginx:1.27');
const custom = c('cccc4444', 'metrics', 'acme/netdata-build:1', { 'org.opencontainers.image.title': 'Netdata Agent' });

describe('selectTargets: explicit', () => {
  it('by name', () => {
    const s = selectTargets([agent, web], ['netdata']);
    assert.deepEqual(names(s), ['netdata']);
    assert.deepEqual(s.facts, { mode: 'explicit', requested: ['netdata'], missing: [], unreadable: [], unlabelledCandidates: 0 });
  });
  it('by unique ID prefix (case-insensitive), and by full ID', () => {
    assert.deepEqual(names(selectTargets([agent, web], ['BBBB33'])), ['web']);
    assert.deepEqual(names(selectTargets([agent, web], [web.id])), ['web']);
  });
  it('an ID prefix shorter than 4 characters does not match', () => {
    assert.deepEqual(selectTargets([agent, web], ['bbb']).facts.missing, ['bbb']);
  });
  it('an ambiguous ID prefix matches nothing', () => {
    const s = selectTargets([agent, agent2], ['aaaa']);
    assert.deepEqual(s.facts.missing, ['aaaa']);
  });
  it('by compose service: every container of the service', () => {
    assert.deepEqual(names(selectTargets([agent, agent2, web], ['agent'])), ['netdata', 'mon-agent-2']);
  });
  it('a name wins over a compose service of the same name', () => {
    const named = c('dddd5555', 'agent', 'netdata/netdata');
    assert.deepEqual(names(selectTargets([agent, named], ['agent'])), ['agent']);
  });
  it('missing targets are listed and the found ones kept, each container once', () => {
    const s = selectTargets([agent, web], ['netdata', 'ghost', 'aaaa1111', 'agent']);
    assert.deepEqual(names(s), ['netdata']);
    assert.deepEqual(s.facts.missing, ['ghost']);
    assert.deepEqual(s.facts.requested, ['netdata']);
  });
});

describe('selectTargets: auto', () => {
  it('labelled containers win over image matches', () => {
    const labelled = c('eeee6666', 'picked', 'acme/other', { 'netdata-cloud-doctor.enable': 'TRUE' });
    const s = selectTargets([agent, labelled, web], 'auto');
    assert.deepEqual(names(s), ['picked']);
    assert.equal(s.facts.matchedBy, 'label');
    assert.equal(s.facts.unlabelledCandidates, 0);
  });
  it('the opt-out label wins over the image', () => {
    const out = c('ffff7777', 'netdata-old', 'netdata/netdata:v1.40.0', { 'netdata-cloud-doctor.enable': 'false' });
    const s = selectTargets([agent, out], 'auto');
    assert.deepEqual(names(s), ['netdata']);
  });
  it('the opt-out label wins over the name fallback', () => {
    const out = c('ffff8888', 'netdata', 'acme/x', { 'netdata-cloud-doctor.enable': 'False' });
    const s = selectTargets([out, web], 'auto');
    assert.deepEqual(names(s), []);
    assert.equal(s.facts.matchedBy, 'none');
  });
  it('by image, counting unlabelled candidates', () => {
    const s = selectTargets([agent, agent2, web], 'auto');
    assert.deepEqual(names(s), ['netdata', 'mon-agent-2']);
    assert.equal(s.facts.matchedBy, 'image');
    assert.equal(s.facts.unlabelledCandidates, 2);
  });
  it('by the OCI title label "Netdata Agent"', () => {
    const s = selectTargets([custom, web], 'auto');
    assert.deepEqual(names(s), ['metrics']);
    assert.equal(s.facts.matchedBy, 'image');
  });
  it('by the name "netdata" when nothing else matches', () => {
    const s = selectTargets([c('1234abcd', 'netdata', 'acme/monitor'), web], 'auto');
    assert.deepEqual(names(s), ['netdata']);
    assert.equal(s.facts.matchedBy, 'name');
  });
  it('none', () => {
    const s = selectTargets([web], 'auto');
    assert.deepEqual(s.selected, []);
    assert.deepEqual(s.facts, { mode: 'auto', requested: [], missing: [], unreadable: [], matchedBy: 'none', unlabelledCandidates: 0 });
  });
  it('a container without a name is named by its short ID', () => {
    assert.equal(containerName({ id: 'abcdef0123456789ffff', names: [], image: 'x', labels: {} }), 'abcdef012345');
  });
});
