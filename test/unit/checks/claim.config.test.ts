// claim.config (CONTRACT §4): fail for a missing token while unclaimed, a v1 token without URL, a token or
// URL in quotes or with whitespace, a malformed URL; warn for non-UUID rooms, an implausible token length,
// insecure options (and the v2.0-v2.10 inversion), env differing from the persisted claim, and
// NETDATA_CLAIM_INSECURE. Pass otherwise.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { claimConfig } from '../../../src/checks/claim-config.ts';
import { readFailed, readOk } from '../../../src/facts/types.ts';
import {
  CLAIM_URL,
  GUID,
  ROOM,
  TOKEN,
  V1_CLOUD_CONF,
  V2_CLAIM_ID,
  V2_CLOUD_CONF,
  assertStatus,
  claimEnv,
  claimedV1Files,
  composeLabels,
  nodeFacts,
  runNodeCheck,
  v2NodeFacts,
} from '../fixtures.ts';

type Over = Parameters<typeof nodeFacts>[0];
const v1 = (over: Over = {}) => runNodeCheck(claimConfig, nodeFacts(over));
const v2 = (over: Over = {}) => runNodeCheck(claimConfig, v2NodeFacts(over));
const v2At = (version: string, env: Record<string, string>) =>
  runNodeCheck(claimConfig, v2NodeFacts({ container: { image: `netdata/netdata:${version}`, env: claimEnv(env) } }));

describe('claim.config', () => {
  describe('pass', () => {
    it('v1 with URL, token and one room', () => {
      const f = v1({ container: { env: claimEnv() } });
      assertStatus(f, 'pass');
      assert.equal(f.summary, `claim configured for ${CLAIM_URL}, token present, 1 room(s)`);
      assert.equal(f.evidence.token!.value, `present (${TOKEN.length} characters, redacted)`);
    });

    it('v2 with only a token (the URL defaults)', () => {
      const f = v2({ container: { env: { NETDATA_CLAIM_TOKEN: TOKEN } } });
      assertStatus(f, 'pass');
      assert.equal(f.summary, 'claim configured, token present');
    });

    it('v2 with the claim in claim.conf', () => {
      const f = v2({
        files: { claimConf: readOk(`[global]\n   url = ${CLAIM_URL}\n   token = ${TOKEN}\n   rooms = ${ROOM}\n   insecure = no\n`) },
      });
      assertStatus(f, 'pass');
      assert.match(f.evidence.token!.source, /claim\.conf/);
    });

    it('claimed v1 without any claim env', () => {
      const f = v1({ files: claimedV1Files() });
      assertStatus(f, 'pass');
      assert.equal(f.summary, 'the agent is claimed; claim settings are consistent');
    });

    it('claimed v1 whose env still carries the claim it was claimed with', () => {
      const f = v1({
        container: { env: claimEnv({ NETDATA_CLAIM_URL: 'https://app.netdata.cloud/' }) },
        files: { claimedId: readOk(GUID), cloudConf: readOk('[global]\n  enabled = yes\n  cloud base url = https://app.netdata.cloud\n') },
      });
      assertStatus(f, 'pass');
    });
  });

  describe('fail', () => {
    it('no token while unclaimed (claimed_id known absent), with the docker run remedy', () => {
      const f = v1();
      assertStatus(f, 'fail');
      assert.equal(f.summary, 'no claim token (NETDATA_CLAIM_TOKEN) and the agent is not claimed');
      assert.match(f.remedy!, /pass -e NETDATA_CLAIM_TOKEN=… to docker run for netdata/);
      assert.match(f.remedy!, /NETDATA_CLAIM_URL=https:\/\/app\.netdata\.cloud/);
    });

    it('no token, compose: the remedy names services.<service>.environment', () => {
      const f = v1({ container: { labels: composeLabels('agent') } });
      assertStatus(f, 'fail');
      assert.match(f.remedy!, /under services\.agent\.environment/);
      assert.match(f.remedy!, /docker compose up -d --force-recreate agent/);
    });

    it('v1 with a token but no URL: the token alone does nothing', () => {
      const f = v1({ container: { env: { NETDATA_CLAIM_TOKEN: TOKEN } } });
      assertStatus(f, 'fail');
      assert.match(f.summary, /v1 images claim only when NETDATA_CLAIM_URL is set too/);
      assert.match(f.remedy!, /-e NETDATA_CLAIM_URL=https:\/\/app\.netdata\.cloud/);
    });

    it('token wrapped in quotes (compose list syntax)', () => {
      const f = v1({ container: { env: claimEnv({ NETDATA_CLAIM_TOKEN: `"${TOKEN}"` }) } });
      assertStatus(f, 'fail');
      assert.equal(f.summary, 'the claim token is wrapped in quotes');
      assert.match(f.remedy!, /remove the quotes around NETDATA_CLAIM_TOKEN/);
    });

    it('token with a trailing newline', () => {
      const f = v1({ container: { env: claimEnv({ NETDATA_CLAIM_TOKEN: `${TOKEN}\n` }) } });
      assertStatus(f, 'fail');
      assert.equal(f.summary, 'the claim token contains whitespace or a newline');
    });

    it('token with a space in the middle', () => {
      const f = v1({ container: { env: claimEnv({ NETDATA_CLAIM_TOKEN: `${TOKEN.slice(0, 50)} ${TOKEN.slice(50)}` }) } });
      assertStatus(f, 'fail');
      assert.match(f.summary, /whitespace/);
    });

    it('URL wrapped in quotes', () => {
      const f = v1({ container: { env: claimEnv({ NETDATA_CLAIM_URL: `'${CLAIM_URL}'` }) } });
      assertStatus(f, 'fail');
      assert.equal(f.summary, 'the claim URL is wrapped in quotes (compose list syntax keeps them)');
      assert.match(f.remedy!, /set NETDATA_CLAIM_URL=https:\/\/app\.netdata\.cloud exactly \(Config\.Env NETDATA_CLAIM_URL\)/);
    });

    it('URL with whitespace', () => {
      const f = v1({ container: { env: claimEnv({ NETDATA_CLAIM_URL: `${CLAIM_URL} ` }) } });
      assertStatus(f, 'fail');
      assert.equal(f.summary, 'the claim URL contains whitespace or a newline');
    });

    it('URL that is not a URL', () => {
      const f = v1({ container: { env: claimEnv({ NETDATA_CLAIM_URL: 'app.netdata.cloud' }) } });
      assertStatus(f, 'fail');
      assert.equal(f.summary, 'the claim URL is not a valid URL');
    });

    it('URL with another scheme', () => {
      const f = v1({ container: { env: claimEnv({ NETDATA_CLAIM_URL: 'ftp://app.netdata.cloud' }) } });
      assertStatus(f, 'fail');
      assert.equal(f.summary, 'the claim URL has the scheme ftp: (expected https:)');
    });

    it('a fail outranks warns and the count of the rest is given; every fix is in the remedy', () => {
      const f = v1({
        container: {
          env: claimEnv({ NETDATA_CLAIM_URL: 'app.netdata.cloud', NETDATA_CLAIM_ROOMS: 'general', NETDATA_CLAIM_INSECURE: 'yes' }),
        },
      });
      assertStatus(f, 'fail');
      assert.equal(f.summary, 'the claim URL is not a valid URL (+2 more)');
      assert.match(f.remedy!, /NETDATA_CLAIM_ROOMS again/);
      assert.match(f.remedy!, /remove NETDATA_CLAIM_INSECURE/);
      assert.equal((f.evidence.problems!.value as string[]).length, 3);
    });
  });

  describe('warn', () => {
    it('no token, and whether the agent is claimed could not be read', () => {
      const f = v1({ files: { claimedId: readFailed('the archive API is denied by the engine or socket proxy') } });
      assertStatus(f, 'warn');
      assert.equal(f.summary, 'no claim token, and whether the agent is claimed could not be read');
      assert.match(f.remedy!, /NETDATA_CLAIM_TOKEN/);
    });

    it('room IDs that are not UUIDs are listed', () => {
      const f = v1({ container: { env: claimEnv({ NETDATA_CLAIM_ROOMS: `${ROOM},General, "${ROOM}"` }) } });
      assertStatus(f, 'warn');
      assert.equal(f.summary, 'room IDs that are not UUIDs: General');
    });

    it('implausibly short token', () => {
      const f = v1({ container: { env: claimEnv({ NETDATA_CLAIM_TOKEN: 'abc123-short-token' }) } });
      assertStatus(f, 'warn');
      assert.equal(f.summary, 'the claim token is 18 characters long, implausible for a Netdata claim token');
    });

    it('implausibly long token', () => {
      const f = v1({ container: { env: claimEnv({ NETDATA_CLAIM_TOKEN: 'x'.repeat(600) }) } });
      assertStatus(f, 'warn');
      assert.match(f.summary, /600 characters long/);
    });

    it('v1 with NETDATA_EXTRA_CLAIM_OPTS=-insecure', () => {
      const f = v1({ container: { env: claimEnv({ NETDATA_EXTRA_CLAIM_OPTS: '-insecure' }) } });
      assertStatus(f, 'warn');
      assert.match(f.summary, /insecure claiming is on \(NETDATA_EXTRA_CLAIM_OPTS=-insecure\)/);
    });

    it('v2.10 with -insecure: no effect (inverted check)', () => {
      const f = v2At('v2.10.4', { NETDATA_EXTRA_CLAIM_OPTS: '-insecure' });
      assertStatus(f, 'warn');
      assert.equal(f.summary, 'NETDATA_EXTRA_CLAIM_OPTS=-insecure has no effect on v2.10.4 (inverted check, fixed in v2.11)');
    });

    it('v2.0 with other extra options: insecure mode turns ON', () => {
      const f = v2At('v2.0.3', { NETDATA_EXTRA_CLAIM_OPTS: '-verbose' });
      assertStatus(f, 'warn');
      assert.match(f.summary, /without -insecure, which turns insecure mode ON on v2\.0\.3/);
    });

    it('v2.11 with -insecure: plain insecure warning', () => {
      const f = v2At('v2.11.0', { NETDATA_EXTRA_CLAIM_OPTS: '-insecure' });
      assertStatus(f, 'warn');
      assert.match(f.summary, /^insecure claiming is on/);
    });

    it('v2.11 with other extra options: nothing to warn about', () => {
      assertStatus(v2At('v2.11.0', { NETDATA_EXTRA_CLAIM_OPTS: '-verbose' }), 'pass');
    });

    it('claim.conf insecure = yes', () => {
      const f = v2({ files: { claimConf: readOk(`[global]\n   token = ${TOKEN}\n   insecure = yes\n`) } });
      assertStatus(f, 'warn');
      assert.equal(f.summary, 'claim.conf sets insecure = yes: TLS is not verified');
    });

    it('NETDATA_CLAIM_INSECURE has no effect', () => {
      const f = v1({ container: { env: claimEnv({ NETDATA_CLAIM_INSECURE: 'true' }) } });
      assertStatus(f, 'warn');
      assert.equal(f.summary, 'NETDATA_CLAIM_INSECURE is set but no Netdata version reads it');
    });

    it('claimed v1: NETDATA_CLAIM_URL differs from the URL it is claimed to', () => {
      const f = v1({
        container: { env: claimEnv({ NETDATA_CLAIM_URL: 'https://other.example.com' }) },
        files: { claimedId: readOk(GUID), cloudConf: readOk(V1_CLOUD_CONF) },
      });
      assertStatus(f, 'warn');
      assert.match(f.summary, /NETDATA_CLAIM_URL differs from the URL the agent is already claimed to \(https:\/\/cloud\.test:58845\)/);
      assert.equal(f.evidence.persistedUrl!.value, 'https://cloud.test:58845');
    });

    it('claimed v2: env token differs from the token in cloud.conf (a silent no-op)', () => {
      const f = v2({
        container: { env: { NETDATA_CLAIM_TOKEN: `${TOKEN.slice(0, -4)}ZZZZ` } },
        files: { cloudConf: readOk(V2_CLOUD_CONF) },
      });
      assertStatus(f, 'warn');
      assert.match(f.summary, /NETDATA_CLAIM_TOKEN differs from the token the agent claimed with/);
      assert.match(f.remedy!, /remove \/var\/lib\/netdata\/cloud\.d/);
    });

    it('claimed v2 with the same env token: pass', () => {
      const f = v2({ container: { env: { NETDATA_CLAIM_TOKEN: TOKEN } }, files: { cloudConf: readOk(V2_CLOUD_CONF) } });
      assertStatus(f, 'pass');
      assert.equal(f.evidence.claimedId!.value, V2_CLAIM_ID);
    });

    // CONTRACT §4 claim.config warn: "env differs from the persisted v2 claim (a silent no-op)". v2 reads
    // claim.conf before the environment (facts §2.4), so an env token next to a different claim.conf token is ignored.
    it('unclaimed v2: env token differs from claim.conf, which wins', () => {
      const f = v2({
        container: { env: { NETDATA_CLAIM_TOKEN: TOKEN } },
        files: { claimConf: readOk(`[global]\n   url = ${CLAIM_URL}\n   token = ${'Other'.repeat(20)}\n`) },
      });
      assertStatus(f, 'warn');
      assert.match(f.summary, /claim\.conf/);
    });
  });

  it('never shows the token, whatever the branch', () => {
    const envs: Record<string, string>[] = [
      claimEnv() as Record<string, string>,
      { NETDATA_CLAIM_TOKEN: `"${TOKEN}"` },
      { NETDATA_CLAIM_TOKEN: `${TOKEN}\n`, NETDATA_CLAIM_URL: `"${CLAIM_URL}"` },
      { NETDATA_CLAIM_TOKEN: 'x'.repeat(600) + TOKEN },
      { NETDATA_CLAIM_TOKEN: TOKEN, NETDATA_EXTRA_CLAIM_OPTS: `-insecure -token=${TOKEN}` },
    ];
    for (const env of envs) {
      runNodeCheck(claimConfig, nodeFacts({ container: { env, argv: ['/usr/sbin/run.sh', `-token=${TOKEN}`] } }));
      runNodeCheck(claimConfig, v2NodeFacts({ container: { env }, files: { cloudConf: readOk(V2_CLOUD_CONF) } }));
    }
  });
});
