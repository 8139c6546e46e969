import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseBuildinfo } from '../../../src/agent/buildinfo.ts';
import { DEBIAN_1_37_1_BUILDINFO, OFFICIAL_BUILDINFO } from '../fixtures.ts';

describe('parseBuildinfo', () => {
  it('the Debian 1.37.1 build: Netdata Cloud NO (by user request), ACLK NO', () => {
    const b = parseBuildinfo(DEBIAN_1_37_1_BUILDINFO);
    assert.equal(b.cloud, false);
    assert.equal(b.aclk, false);
    assert.deepEqual(b.lines, ['Netdata Cloud:              NO (by user request)', 'ACLK:                       NO']);
  });

  it('the exact recorded lines alone', () => {
    const b = parseBuildinfo('    Netdata Cloud:              NO (by user request)\n    ACLK:                       NO');
    assert.deepEqual([b.cloud, b.aclk], [false, false]);
  });

  it('a build with Cloud', () => {
    const b = parseBuildinfo(OFFICIAL_BUILDINFO);
    assert.deepEqual([b.cloud, b.aclk], [true, true]);
  });

  it('dot-aligned layout', () => {
    const b = parseBuildinfo('Features:\n    ACLK . . . . . . . . . . . . . . . . . . . . . : YES\n');
    assert.equal(b.aclk, true);
    assert.equal(b.cloud, undefined);
  });

  it('other YES/NO features and similar words are not taken for Cloud or ACLK', () => {
    const b = parseBuildinfo(
      '    Machine Learning:           YES\n    ACLK Version: 2\n    Netdata Cloud URL: https://app.netdata.cloud\n    TLS Host Verification:      NO\n',
    );
    assert.deepEqual(b, { lines: [] });
  });

  it('nothing known from empty or garbage output', () => {
    assert.deepEqual(parseBuildinfo(''), { lines: [] });
    assert.deepEqual(parseBuildinfo('Illegal command. Please type "help" for instructions.'), { lines: [] });
  });
});

describe('parseBuildinfo: the v1.42+/v2 layout with underscore leaders', () => {
  it('reads "Netdata Cloud ____ : YES" and "ACLK ____ : YES"', () => {
    const r = parseBuildinfo(
      'Features:\n    Netdata Cloud __________________________ : YES\n    ACLK ___________________________________ : YES\n    Machine Learning _______________________ : YES\n',
    );
    assert.equal(r.cloud, true);
    assert.equal(r.aclk, true);
    assert.equal(r.lines.length, 2);
  });
});
