import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { iniValue, parseIni } from '../../../src/agent/ini.ts';
import { V1_CLOUD_CONF, V2_CLOUD_CONF, V2_CLAIM_ID, TOKEN, GUID } from '../fixtures.ts';

describe('parseIni', () => {
  it('v1 cloud.conf as the claim script writes it (recorded)', () => {
    const ini = parseIni(V1_CLOUD_CONF);
    assert.equal(iniValue(ini, 'global', 'enabled'), 'yes');
    assert.equal(iniValue(ini, 'global', 'cloud base url'), 'https://cloud.test:58845');
  });

  it('v2 cloud.conf: tab-indented, commented defaults are not values', () => {
    const ini = parseIni(V2_CLOUD_CONF);
    assert.equal(iniValue(ini, 'global', 'claimed_id'), V2_CLAIM_ID);
    assert.equal(iniValue(ini, 'global', 'token'), TOKEN);
    assert.equal(iniValue(ini, 'global', 'machine_guid'), GUID);
    assert.equal(iniValue(ini, 'global', 'proxy'), undefined);
    assert.equal(iniValue(ini, 'global', '# proxy'), undefined);
  });

  it('claim.conf from the docs', () => {
    const ini = parseIni(
      '[global]\n   url = https://app.netdata.cloud\n   token = NETDATA_CLOUD_SPACE_TOKEN\n   rooms = ROOM_KEY1,ROOM_KEY2,ROOM_KEY3\n   proxy = http://username:password@myproxy:8080\n   insecure = no\n',
    );
    assert.deepEqual(
      { ...ini.global },
      {
        url: 'https://app.netdata.cloud',
        token: 'NETDATA_CLOUD_SPACE_TOKEN',
        rooms: 'ROOM_KEY1,ROOM_KEY2,ROOM_KEY3',
        proxy: 'http://username:password@myproxy:8080',
        insecure: 'no',
      },
    );
  });

  it('comments with # and ;, blank lines, lines without "=" or without a key are ignored', () => {
    const ini = parseIni('# comment\n; also\n\n[cloud]\nnot a pair\n= nokey\n  proxy = none\n');
    assert.deepEqual(Object.keys(ini), ['cloud']);
    assert.deepEqual({ ...ini.cloud }, { proxy: 'none' });
  });

  it('duplicates: the later key wins, also across repeated sections', () => {
    const ini = parseIni('[global]\nurl = a\nurl = b\n[other]\nx = 1\n[global]\nurl = c\n');
    assert.equal(iniValue(ini, 'global', 'url'), 'c');
    assert.equal(iniValue(ini, 'other', 'x'), '1');
  });

  it('keys and section names are case-insensitive, values keep case; values may hold "="', () => {
    const ini = parseIni('[Global]\nCloud Base URL = https://App.Netdata.Cloud/?a=b\n');
    assert.equal(iniValue(ini, 'global', 'cloud base url'), 'https://App.Netdata.Cloud/?a=b');
  });

  it('keys before any section belong to "global"; CRLF line ends work', () => {
    const ini = parseIni('token = abc\r\nrooms = r1\r\n');
    assert.equal(iniValue(ini, 'global', 'token'), 'abc');
    assert.equal(iniValue(ini, 'global', 'rooms'), 'r1');
  });

  it('an empty value is kept as empty', () => {
    assert.equal(iniValue(parseIni('[global]\nproxy =\n'), 'global', 'proxy'), '');
  });

  it('no prototype pollution through section or key names', () => {
    const ini = parseIni('[__proto__]\npolluted = yes\n[global]\n__proto__ = x\n');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(iniValue(ini, '__proto__', 'polluted'), 'yes');
  });

  it('iniValue of nothing', () => {
    assert.equal(iniValue(undefined, 'global', 'url'), undefined);
    assert.equal(iniValue(parseIni(''), 'global', 'url'), undefined);
  });
});
