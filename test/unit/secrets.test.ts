// Redaction (CONTRACT §10): by every token value seen and by pattern.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { REDACTED, redactDeep, redactText } from '../../src/secrets/redact.ts';
import { TOKEN } from './fixtures.ts';

describe('redactText: known values', () => {
  it('every occurrence of a seen token', () => {
    const out = redactText(`a ${TOKEN} b ${TOKEN}`, [TOKEN]);
    assert.equal(out, `a ${REDACTED} b ${REDACTED}`);
  });
  it('a token next to punctuation or inside JSON', () => {
    assert.equal(redactText(JSON.stringify({ t: TOKEN }), [TOKEN]), `{"t":"${REDACTED}"}`);
  });
  it('secrets shorter than 4 characters are not replaced (they would shred the text)', () => {
    assert.equal(redactText('abc abc', ['abc']), 'abc abc');
  });
  it('a value with regex metacharacters is replaced literally', () => {
    assert.equal(redactText('x a.b*c+ y', ['a.b*c+']), `x ${REDACTED} y`);
  });
});

describe('redactText: patterns', () => {
  const cases: [string, string, string][] = [
    ['NETDATA_CLAIM_TOKEN=… in an env dump', `NETDATA_CLAIM_TOKEN=${TOKEN}`, `NETDATA_CLAIM_TOKEN=${REDACTED}`],
    ['NETDATA_CLAIM_TOKEN="…" quoted', `NETDATA_CLAIM_TOKEN="${TOKEN}"`, `NETDATA_CLAIM_TOKEN="${REDACTED}"`],
    [
      '-token=… argument',
      `/usr/sbin/netdata-claim.sh -token=${TOKEN} -rooms=r1 -url=https://app.netdata.cloud`,
      `/usr/sbin/netdata-claim.sh -token=${REDACTED} -rooms=r1 -url=https://app.netdata.cloud`,
    ],
    [
      '--claim-token … argument',
      `kickstart.sh --claim-token ${TOKEN} --claim-rooms r1`,
      `kickstart.sh --claim-token ${REDACTED} --claim-rooms r1`,
    ],
    [
      'token = … in claim.conf',
      `[global]\n   url = https://app.netdata.cloud\n   token = ${TOKEN}\n   rooms = r1\n`,
      `[global]\n   url = https://app.netdata.cloud\n   token = ${REDACTED}\n   rooms = r1\n`,
    ],
    ['token = … tab-indented cloud.conf', `\ttoken = ${TOKEN}`, `\ttoken = ${REDACTED}`],
    ['proxy credentials in a URL', 'proxy = http://user:pa55w0rd@proxy:3128', `proxy = http://${REDACTED}@proxy:3128`],
    [
      'socks proxy credentials',
      'NETDATA_CLAIM_PROXY=socks5h://alice:s3cr3t@10.0.0.1:1080',
      `NETDATA_CLAIM_PROXY=socks5h://${REDACTED}@10.0.0.1:1080`,
    ],
    [
      '?token=… in an access log line',
      `2026-11-23 19:15:30: 7: 201 '[localhost]:51234' 'DATA' 'OK' 'GET' 200 '/api/v2/claim?key=3e1b&rooms=r1&token=${TOKEN}&url=https://app.netdata.cloud'`,
      `2026-11-23 19:15:30: 7: 201 '[localhost]:51234' 'DATA' 'OK' 'GET' 200 '/api/v2/claim?key=3e1b&rooms=r1&token=${REDACTED}&url=https://app.netdata.cloud'`,
    ],
    ['a Cloud API token in an Authorization header', `authorization: Bearer ${TOKEN}`, `authorization: Bearer ${REDACTED}`],
    ['DOCTOR_CLOUD_TOKEN=… in an env dump', `DOCTOR_CLOUD_TOKEN=${TOKEN}`, `DOCTOR_CLOUD_TOKEN=${REDACTED}`],
    [
      'the UI claim key file shown next to its name',
      'netdata_random_session_id: 7f3c2b1a-9d8e-4f5a-b6c7-d8e9f0a1b2c3',
      `netdata_random_session_id: ${REDACTED}`,
    ],
  ];
  for (const [name, input, expected] of cases) it(name, () => assert.equal(redactText(input), expected));

  it('does not touch text that only mentions tokens', () => {
    for (const text of [
      'no claim token (NETDATA_CLAIM_TOKEN) and the agent is not claimed',
      'pass -e NETDATA_CLAIM_TOKEN=… to docker run for netdata',
      'the claim token is 18 characters long',
      'https://app.netdata.cloud/spaces/x',
    ]) {
      assert.equal(redactText(text), text);
    }
  });
});

describe('redactDeep', () => {
  it('redacts every string in a JSON-like value and leaves the rest', () => {
    const when = new Date('2026-11-23T20:00:00Z');
    const input = {
      summary: `found ${TOKEN}`,
      evidence: { argv: { value: ['/usr/sbin/run.sh', `-token=${TOKEN}`], source: 'inspect' }, n: 3, ok: true, none: null },
      list: [[`x${TOKEN}`]],
      when,
    };
    const out = redactDeep(input, [TOKEN]);
    assert.equal(out.summary, `found ${REDACTED}`);
    assert.deepEqual(out.evidence.argv.value, ['/usr/sbin/run.sh', `-token=${REDACTED}`]);
    assert.equal(out.evidence.n, 3);
    assert.equal(out.evidence.ok, true);
    assert.equal(out.evidence.none, null);
    assert.deepEqual(out.list, [[`x${REDACTED}`]]);
    assert.equal(out.when, when);
    assert.ok(!JSON.stringify(out).includes(TOKEN));
  });
  it('returns a copy: the input is not changed', () => {
    const input = { a: `t ${TOKEN}` };
    redactDeep(input, [TOKEN]);
    assert.equal(input.a, `t ${TOKEN}`);
  });
  it('plain strings and scalars', () => {
    assert.equal(redactDeep(`-token=${TOKEN}`), `-token=${REDACTED}`);
    assert.equal(redactDeep(5), 5);
    assert.equal(redactDeep(undefined), undefined);
  });
});
