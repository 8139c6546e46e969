import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_BODY_BYTES, parseClaimConf, parseCloudConf, type CloudConfig } from '../../../../src/agent/api/index.ts';
import * as R from './recorded.ts';
import * as S from './samples.ts';
import { assertParseError, assertValidConfig, shownPart } from './validate.ts';

function conf(text: string, parse = parseCloudConf): CloudConfig {
  const result = parse(text);
  assertValidConfig(result);
  return result;
}

describe('parseCloudConf', () => {
  for (const [name, text, url] of [
    ['v1-live', R.V1_LIVE_CLOUD_CONF, 'https://cloud.test:58845'],
    ['v1-unseen', R.V1_UNSEEN_CLOUD_CONF, 'https://cloud.test:40173'],
    ['v1-banned', R.V1_BANNED_CLOUD_CONF, 'https://cloud.test:51869'],
  ] as const) {
    it(`recorded v1.47.5 ${name}: v1 layout, enabled, cloud base url`, () => {
      assert.deepEqual(conf(text), {
        kind: 'cloud-config',
        file: 'cloud.conf',
        keys: ['enabled', 'cloud base url'],
        problems: [],
        secrets: [],
        url,
        urlKey: 'cloud base url',
        enabled: true,
        layout: 1,
      });
    });
  }

  it('v1.46+ with a proxy', () => {
    const c = conf(S.CLOUD_CONF_V146_PROXY);
    assert.equal(c.proxy, 'socks5h://proxy.internal:1080');
    assert.equal(c.layout, 1);
  });

  it('v2 layout: url, rooms, identity, commented defaults ignored, token shape only', () => {
    const c = conf(S.CLOUD_CONF_V2);
    assert.equal(c.layout, 2);
    assert.equal(c.url, 'https://app.netdata.cloud');
    assert.equal(c.urlKey, 'url');
    assert.deepEqual(c.rooms, [S.ROOM_A, S.ROOM_B]);
    assert.equal(c.machineGuid, '2641dc58-5550-44a8-bd0e-30e7fff2c15e');
    assert.equal(c.claimedId, '7e6c4c36-acb4-440f-af22-d9b2b4dc34b1');
    assert.equal(c.hostname, 'vm');
    assert.equal(c.proxy, undefined, '`# proxy = env` is a comment');
    assert.equal(c.insecure, undefined);
    assert.deepEqual(c.token, { length: S.TOKEN.length, quoted: false, whitespace: false });
    assert.deepEqual(c.secrets, [S.TOKEN]);
    assert.ok(!shownPart(c).includes(S.TOKEN), 'the token is only in secrets');
  });

  it('v2 prefers `url` over a migrated `cloud base url`; later keys win', () => {
    const c = conf('[global]\ncloud base url = https://old.test\nurl = https://a.test\nurl = https://b.test\n');
    assert.equal(c.url, 'https://b.test');
    assert.equal(c.urlKey, 'url');
    assert.equal(c.layout, 2);
  });

  it('values outside [global] are ignored; an empty file is an empty config', () => {
    const c = conf('[other]\nurl = https://x.test\n');
    assert.equal(c.url, undefined);
    assert.deepEqual(conf(''), { kind: 'cloud-config', file: 'cloud.conf', keys: [], problems: [], secrets: [] });
  });

  it('unreadable booleans are problems, not fatal', () => {
    const c = conf('[global]\nenabled = maybe\ninsecure = YES\n');
    assert.equal(c.enabled, undefined);
    assert.equal(c.insecure, true);
    assert.equal(c.problems.length, 1);
    assert.match(c.problems[0]!, /^enabled = "maybe"/);
  });

  it('errors: binary content, too large, not a string', () => {
    assertParseError(parseCloudConf('[global]\n\u0000\u0001'));
    assertParseError(parseCloudConf('#'.repeat(MAX_BODY_BYTES + 1)));
    assertParseError(parseCloudConf(42 as unknown as string));
  });
});

describe('parseClaimConf', () => {
  it('the README example: url, token, rooms, proxy with credentials, insecure', () => {
    const c = conf(S.CLAIM_CONF_README, parseClaimConf);
    assert.equal(c.file, 'claim.conf');
    assert.equal(c.layout, undefined);
    assert.equal(c.url, 'https://app.netdata.cloud');
    assert.deepEqual(c.rooms, [S.ROOM_A, S.ROOM_B]);
    assert.equal(c.insecure, false);
    assert.equal(c.proxy, 'http://username:s3cr3t-pass@myproxy:8080');
    assert.deepEqual(c.secrets, [S.TOKEN, 'username:s3cr3t-pass', 's3cr3t-pass']);
    assert.ok(!shownPart(c).includes(S.TOKEN));
  });

  it('a quoted token with spaces: shape flags, both spellings in secrets, never shown', () => {
    const c = conf(`[global]\n  token = "${S.TOKEN} "\n  url = "https://app.netdata.cloud"\n`, parseClaimConf);
    assert.deepEqual(c.token, { length: S.TOKEN.length + 3, quoted: true, whitespace: true });
    assert.deepEqual(c.secrets, [`"${S.TOKEN} "`, S.TOKEN]);
    assert.equal(c.url, '"https://app.netdata.cloud"', 'verbatim, so a check can flag the quotes');
    assert.ok(!shownPart(c).includes(S.TOKEN));
  });

  it('an empty token is present with length 0 and no secret', () => {
    const c = conf('[global]\ntoken =\nrooms = ,\n', parseClaimConf);
    assert.deepEqual(c.token, { length: 0, quoted: false, whitespace: false });
    assert.deepEqual(c.secrets, []);
    assert.deepEqual(c.rooms, []);
  });

  it('claim.conf ignores cloud.conf-only keys', () => {
    const c = conf('[global]\nenabled = no\nclaimed_id = x\nmachine_guid = y\n', parseClaimConf);
    assert.equal(c.enabled, undefined);
    assert.equal(c.claimedId, undefined);
    assert.equal(c.machineGuid, undefined);
  });
});
