// The cloud target and the ACLK's proxy, resolved per agent version as the agent would (facts §5.3).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cloudTarget, effectiveProxy } from '../../../src/network/target.ts';
import { describeAgent } from '../../../src/agent/identity.ts';
import { parseIni } from '../../../src/agent/ini.ts';
import { readOk } from '../../../src/facts/types.ts';
import { nodeFacts, v2NodeFacts } from '../fixtures.ts';

const v1 = (version: string, cloudConf?: string) =>
  describeAgent(
    nodeFacts({
      container: { labels: { 'org.opencontainers.image.version': version } },
      ...(cloudConf ? { files: { cloudConf: readOk(cloudConf) } } : {}),
    }),
  );
const v2 = (version: string, cloudConf?: string) =>
  describeAgent(
    v2NodeFacts({ container: { image: `netdata/netdata:${version}` }, ...(cloudConf ? { files: { cloudConf: readOk(cloudConf) } } : {}) }),
  );

describe('cloudTarget', () => {
  it('default: app.netdata.cloud with its MQTT host', () => {
    const t = cloudTarget(v2('v2.10.4'), undefined);
    assert.ok(!('error' in t));
    assert.equal(t.url, 'https://app.netdata.cloud');
    assert.equal(t.mqttUrl, 'wss://mqtt.netdata.cloud/mqtt');
  });
  it('the configured URL of cloud.conf, v1 and v2 spellings; DOCTOR_CLOUD_URL wins', () => {
    assert.equal(
      (cloudTarget(v1('v1.44.3', '[global]\n  cloud base url = https://cloud.test:8443\n'), undefined) as { url: string }).url,
      'https://cloud.test:8443',
    );
    const t = cloudTarget(v2('v2.10.4', '[global]\n\turl = https://cloud.test:9443\n'), undefined) as { url: string; mqttUrl: string };
    assert.equal(t.mqttUrl, 'wss://cloud.test:9443/mqtt');
    assert.equal(
      (cloudTarget(v2('v2.10.4', '[global]\n\turl = https://cloud.test:9443\n'), 'https://127.0.0.1:7') as { url: string }).url,
      'https://127.0.0.1:7',
    );
  });
  it('a URL that is no URL is an error, not a throw', () => {
    assert.ok('error' in cloudTarget(v2('v2.10.4'), 'not a url'));
  });
});

describe('effectiveProxy', () => {
  it('netdata.conf [cloud] proxy wins over cloud.conf (v1.46+)', () => {
    const p = effectiveProxy(v1('v1.46.0', '[global]\n  proxy = http://a:3128\n'), {}, parseIni('[cloud]\n  proxy = http://b:3128\n'));
    assert.equal(p.url, 'http://b:3128');
  });
  it('cloud.conf proxy is read only from v1.46', () => {
    assert.equal(effectiveProxy(v1('v1.45.0', '[global]\n  proxy = http://a:3128\n'), {}, undefined).url, null);
    assert.equal(effectiveProxy(v1('v1.46.0', '[global]\n  proxy = http://a:3128\n'), {}, undefined).url, 'http://a:3128');
  });
  it('"env" reads socks_proxy then http_proxy before v2.3, http_proxy then https_proxy from v2.3; lower case only', () => {
    const env = {
      socks_proxy: 'socks5://s:1080',
      http_proxy: 'http://h:3128',
      https_proxy: 'http://s2:3128',
      HTTPS_PROXY: 'http://upper:3128',
    };
    assert.equal(effectiveProxy(v1('v1.44.3'), env, undefined).url, 'socks5://s:1080');
    assert.equal(effectiveProxy(v2('v2.3.0'), env, undefined).url, 'http://h:3128');
    assert.equal(effectiveProxy(v2('v2.3.0'), { https_proxy: 'http://s2:3128' }, undefined).url, 'http://s2:3128');
    assert.equal(effectiveProxy(v2('v2.3.0'), { HTTPS_PROXY: 'http://upper:3128' }, undefined).url, null);
  });
  it('"none" is direct', () => {
    assert.equal(effectiveProxy(v2('v2.10.4'), { http_proxy: 'http://h:3128' }, parseIni('[cloud]\n proxy = none\n')).url, null);
  });
  it('SOCKS for the ACLK only from v2.10', () => {
    assert.match(effectiveProxy(v2('v2.9.0'), { http_proxy: 'socks5://s:1080' }, undefined).unsupported ?? '', /v2\.10/);
    assert.equal(effectiveProxy(v2('v2.10.0'), { http_proxy: 'socks5://s:1080' }, undefined).unsupported, undefined);
  });
});
