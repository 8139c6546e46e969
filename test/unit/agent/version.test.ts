import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { atLeast, compareVersions, generationOf, isChannelName, parseVersion } from '../../../src/agent/version.ts';

describe('parseVersion', () => {
  const cases: [string, { raw: string; major: number; minor: number; patch: number; nightly: boolean } | undefined][] = [
    ['v1.37.1', { raw: 'v1.37.1', major: 1, minor: 37, patch: 1, nightly: false }],
    ['1.44.3', { raw: 'v1.44.3', major: 1, minor: 44, patch: 3, nightly: false }],
    ['v2.5.0-123-nightly', { raw: 'v2.5.0-123-nightly', major: 2, minor: 5, patch: 0, nightly: true }],
    ['v2.5.0-123-g1a2b3c4-nightly', { raw: 'v2.5.0-123-g1a2b3c4-nightly', major: 2, minor: 5, patch: 0, nightly: true }],
    ['v1.99.0', { raw: 'v1.99.0', major: 1, minor: 99, patch: 0, nightly: true }],
    ['netdata v1.37.1\n', { raw: 'v1.37.1', major: 1, minor: 37, patch: 1, nightly: false }],
    ['v2.10.4', { raw: 'v2.10.4', major: 2, minor: 10, patch: 4, nightly: false }],
    ['nightly', undefined],
    ['latest', undefined],
    ['garbage', undefined],
    ['v1.2', undefined],
    ['', undefined],
  ];
  for (const [input, expected] of cases) {
    it(JSON.stringify(input), () => assert.deepEqual(parseVersion(input), expected));
  }
  it('undefined', () => assert.equal(parseVersion(undefined), undefined));
});

describe('isChannelName', () => {
  it('names moving tags, any case, trimmed', () => {
    for (const c of ['nightly', 'edge', 'latest', 'stable', 'Stable', ' latest ']) assert.equal(isChannelName(c), true, c);
  });
  it('rejects versions and others', () => {
    for (const c of ['v1.47.5', 'nightly-2026', 'beta', '', undefined]) assert.equal(isChannelName(c), false, String(c));
  });
});

describe('compareVersions / atLeast / generationOf', () => {
  const v = (s: string) => parseVersion(s)!;
  it('orders by major, minor, patch numerically', () => {
    assert.ok(compareVersions(v('v1.9.0'), v('v1.10.0')) < 0);
    assert.ok(compareVersions(v('v2.0.0'), v('v1.99.9')) > 0);
    assert.equal(compareVersions(v('v1.32.0'), v('1.32.0')), 0);
  });
  it('atLeast', () => {
    assert.equal(atLeast(v('v1.32.0'), 1, 32), true);
    assert.equal(atLeast(v('v1.31.9'), 1, 32), false);
    assert.equal(atLeast(v('v2.10.4'), 2, 11), false);
    assert.equal(atLeast(v('v2.11.0'), 2, 11), true);
  });
  it('v1 = v1.32…v1.47; v2 = v2.x and the v1.99 nightlies', () => {
    assert.equal(generationOf(v('v1.47.5')), 1);
    assert.equal(generationOf(v('v1.37.1')), 1);
    assert.equal(generationOf(v('v1.99.0')), 2);
    assert.equal(generationOf(v('v2.0.0')), 2);
    assert.equal(generationOf(v('v2.5.0-123-nightly')), 2);
  });
});

describe('parseVersion: only whole version numbers', () => {
  it('a date-like tag is no version', () => {
    assert.equal(parseVersion('2024.10.01'), undefined);
    assert.equal(parseVersion('netdata/netdata:2024.10.01'), undefined);
  });
  it('a version inside text still parses', () => {
    assert.equal(parseVersion('netdata v1.37.1')?.raw, 'v1.37.1');
  });
});
