// Every entry of agent-vocabulary.json reaches a specific cause; recognition needs no surrounding lines.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import {
  VOCABULARY_CAUSES,
  VOCABULARY_ENTRIES,
  causeOfEntry,
  explain,
  recognize,
  recognizeClaimExit,
  type VocabularyCategory,
} from '../../../src/agent/vocabulary.ts';
import { CHECK_IDS } from '../../../src/checks/types.ts';

const FIXTURE = new URL('../../fixtures/agent-vocabulary.json', import.meta.url);
const SHARED = new URL('../../../../shared/reference/agent-vocabulary.json', import.meta.url);

interface JsonEntry {
  category: string;
  string: string;
  code?: number;
}
const vocabulary = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, unknown>;
const CATEGORIES: VocabularyCategory[] = [
  'cloud_status',
  'aclk_reason',
  'claim_failure',
  'claim_script',
  'status_file',
  'log_line',
  'docker',
  'changes_2_10_to_master',
];
const entries = CATEGORIES.flatMap((category) => (vocabulary[category] as JsonEntry[]).map((e) => ({ ...e, category })));

describe('agent-vocabulary.json fixture', () => {
  it('equals ../shared/reference/agent-vocabulary.json', { skip: !existsSync(SHARED) && 'shared/ not beside the clone' }, () => {
    assert.deepEqual(JSON.parse(readFileSync(FIXTURE, 'utf8')), JSON.parse(readFileSync(SHARED, 'utf8')));
  });
  it('holds every category the code knows, and nothing else', () => {
    assert.deepEqual(
      Object.keys(vocabulary)
        .filter((k) => k !== 'meta')
        .sort(),
      [...CATEGORIES].sort(),
    );
    assert.equal(entries.length, 306);
  });
});

describe('every vocabulary entry maps to a specific cause', () => {
  for (const e of entries) {
    it(`${e.category}: ${e.string.slice(0, 100)}`, () => {
      const cause = causeOfEntry(e.category, e.string);
      assert.ok(cause, 'no rule names this entry');
      assert.ok(Object.hasOwn(VOCABULARY_CAUSES, cause), `${cause} has no meaning and remedy`);
      assert.doesNotMatch(cause, /unrecognized-reason$/);
      assert.ok(
        CHECK_IDS.some((id) => cause.startsWith(`${id}/`)),
        `${cause} names no check`,
      );
      const rule = VOCABULARY_ENTRIES.find((x) => x.category === e.category && x.entry === e.string)!;
      if (rule.field) return; // a field, setting or behaviour: read by a parser, not emitted as a line
      assert.ok(rule.samples.length > 0, 'an emitted string needs samples');
      for (const sample of rule.samples) {
        const hit = recognize(sample, rule.context ? { as: rule.context } : undefined);
        assert.ok(hit, `"${sample}" is not recognised`);
        assert.doesNotMatch(hit.cause, /unrecognized-reason$/);
        assert.ok(hit.explanation.length > 0 && hit.remedy.length > 0);
      }
      // Wrappers are recognised by what they wrap; every other sample must reach this entry's own cause family.
      const first = recognize(rule.samples[0]!, rule.context ? { as: rule.context } : undefined)!;
      if (!/<(?:status|reason|failure reason|msg)>|<reason>/.test(e.string)) assert.equal(first.entry, e.string);
    });
  }
  it('every cause in the table is well-formed and has a meaning and remedy', () => {
    for (const [cause, text] of Object.entries(VOCABULARY_CAUSES)) {
      assert.ok(text.meaning.length > 10 && text.remedy.length > 5, cause);
      assert.match(cause, /^[a-z.-]+\/[a-z0-9-]+$/, cause);
    }
  });
  it('no remedy carries a placeholder other than $NETDATA_CLAIM_TOKEN', () => {
    for (const [cause, text] of Object.entries(VOCABULARY_CAUSES)) assert.doesNotMatch(text.remedy, /<[a-z_ ]+>/i, cause);
  });
});

describe('recognize: the cases issue 10 names', () => {
  it('agent is not claimed (during /env): Cloud removed the node', () => {
    const hit = recognize('agent is not claimed (during /env)')!;
    assert.equal(hit.cause, 'aclk.connection/claim-removed-by-cloud');
    assert.match(hit.explanation, /48 hours/);
    assert.match(hit.explanation, /7 days/);
    assert.match(hit.remedy, /claim/i);
    assert.equal(recognize('ACLK: failed to get ACLK environment (agent is not claimed)')!.cause, 'aclk.connection/claim-removed-by-cloud');
    assert.equal(
      recognize(
        'time=2026-12-04T15:05:00.595Z comm=netdata source=daemon level=error tid=367 thread=ACLK_MAIN msg="Netdata ' +
          'Cloud, ACLK connection status: agent is not claimed (during /env)"',
      )!.cause,
      'aclk.connection/claim-removed-by-cloud',
    );
  });
  it('the TLS verification failures of master', () => {
    assert.equal(recognize('TLS certificate verification failed')!.cause, 'aclk.connection/tls-verification-failed');
    assert.equal(recognize('cannot set TLS hostname/IP verification')!.cause, 'aclk.connection/tls-hostname-setup-failed');
    const line = recognize(
      "ACLK: TLS certificate verification failed for host 'app.netdata.cloud': unable to get local issuer " + 'certificate',
    )!;
    assert.equal(line.cause, 'aclk.connection/tls-verification-failed');
    assert.equal(line.values?.['host'], 'app.netdata.cloud');
    assert.equal(
      recognize('Netdata Cloud, ACLK connection status: TLS certificate verification failed')!.cause,
      'aclk.connection/tls-verification-failed',
    );
  });
  it('every exit_reason of status-netdata.json', () => {
    assert.equal(recognize('signal-bad-system-call', { as: 'exit-reason' })!.cause, 'host.seccomp/bad-system-call');
    assert.equal(recognize('out-of-memory', { as: 'exit-reason' })!.cause, 'agent.running/out-of-memory');
    assert.equal(recognize('fatal', { as: 'exit-reason' })!.cause, 'agent.running/fatal');
    assert.equal(recognize('already-running', { as: 'exit-reason' })!.cause, 'agent.running/port-in-use');
    assert.equal(recognize('update', { as: 'exit-reason' })!.cause, 'agent.running/stopped-for-update');
    // "fatal" and "update" alone, with no context, are not taken for exit reasons.
    assert.equal(recognize('update'), undefined);
  });
  it('the v1 claim line without a preceding Token: line, and exit 13', () => {
    const hit = recognize('Failed to claim node with the following error message:"already claimed"')!;
    assert.equal(hit.cause, 'claim.state/already-claimed');
    assert.equal(recognizeClaimExit(13, 'v1')!.cause, 'claim.state/already-claimed');
    assert.equal(recognizeClaimExit(12, 'v1')!.cause, 'claim.state/token-rejected');
    assert.equal(recognizeClaimExit(7, 'v1')!.cause, 'claim.state/claim-unknown-http-error');
    // A line naming the failure wins over a code several messages share.
    assert.equal(recognizeClaimExit(2, 'v1', ['Failed to extract public key.'])!.cause, 'claim.state/key-read-failed');
    assert.equal(
      recognizeClaimExit(3, 'v1', ['This agent was built with --disable-cloud and cannot be claimed'])!.cause,
      'agent.cloud-support/built-without-cloud',
    );
  });
  it('the v2 netdata-claim.sh wrapper exit codes', () => {
    assert.equal(recognizeClaimExit(1, 'v2')!.cause, 'claim.config/token-missing');
    assert.equal(recognizeClaimExit(32, 'v2')!.cause, 'claim.script/no-config-write-access');
    assert.equal(recognizeClaimExit(4, 'v2')!.cause, 'claim.script/reload-failed');
    assert.equal(recognizeClaimExit(0, 'v2'), undefined);
  });
  it('words that mean different things where they were read', () => {
    assert.equal(recognize('offline')!.cause, 'aclk.connection/not-yet-connected');
    assert.equal(recognize('offline', { as: 'cloud-status' })!.cause, 'aclk.connection/offline');
    assert.equal(recognize('disabled', { as: 'cloud-status' })!.cause, 'agent.cloud-support/cloud-disabled');
    assert.equal(recognize('none')!.cause, 'aclk.connection/not-yet-connected');
    assert.equal(recognize('running', { as: 'daemon-status' })!.cause, 'agent.running/killed-while-running');
    assert.equal(recognize('running'), undefined);
  });
  it('v2 claim transport failures: curl text and proxy decide', () => {
    const dns = recognize(
      "CLAIM: Request failed with error: Couldn't resolve host name\\nproxy: 'env',\\ninsecure: false,\\npublic key " +
        "file: '/x',\\ntrusted key file: 'none'",
    )!;
    assert.equal(dns.cause, 'claim.state/claim-dns-failure');
    assert.equal(dns.values?.['proxy'], 'env');
    const viaProxy = recognize(
      "Request failed with error: Couldn't connect to server\nproxy: 'http://proxy.lan:3128',\ninsecure: " +
        "false,\npublic key file: '/x',\ntrusted key file: 'none'",
    )!;
    assert.equal(viaProxy.cause, 'claim.state/claim-proxy-failed');
    assert.equal(
      recognize('Request failed with error: SSL peer certificate or SSH remote key was not OK')!.cause,
      'claim.state/claim-tls-failed',
    );
    assert.equal(recognize('Failed with response code 407')!.cause, 'claim.state/proxy-auth-required');
  });
  it('Cloud error codes: BlockRetry true is a ban', () => {
    const line =
      'ACLK: Cloud returned EC=\\"ErrNodeBanned\\", Msg-Key:\\"ErrNodeBanned\\", Msg:\\"this node is banned from Netdata ' +
      'Cloud (fake cloud)\\", BlockRetry:true, Backoff:-1s (-1 unset by cloud)';
    const hit = recognize(`time=2026-12-04T15:05:06.739Z comm=netdata source=daemon level=error msg="${line}"`)!;
    assert.equal(hit.cause, 'aclk.ban/banned');
    assert.equal(hit.values?.['errorCode'], 'ErrNodeBanned');
  });
  it('the old v1.3x log prefix is removed', () => {
    assert.equal(recognize('2021-11-30 10:00:00: netdata ERROR : ACLK_Main : Cloud Banned This Agent!')!.cause, 'aclk.ban/banned');
  });
  it('unknown reasons become <check>/unrecognized-reason with the raw reason', () => {
    assert.equal(recognize('the moon is in the wrong phase'), undefined);
    const ex = explain('the moon is in the wrong phase', 'aclk.connection');
    assert.equal(ex.cause, 'aclk.connection/unrecognized-reason');
    assert.equal(ex.raw, 'the moon is in the wrong phase');
    assert.equal(ex.recognized, false);
    assert.equal(
      explain('Netdata Cloud, ACLK connection status: something new', 'aclk.connection').cause,
      'aclk.connection/unrecognized-reason',
    );
    assert.equal(explain('CLAIM: Failed: token is expired, not found, or invalid', 'claim.state').cause, 'claim.state/token-rejected');
  });
  it('never throws on hostile input', () => {
    for (const bad of [null, undefined, '', 'x'.repeat(100_000), '\u0000\u0001', 'CLAIM: CLAIM: CLAIM: CLAIM: x', 'msg="unterminated']) {
      assert.doesNotThrow(() => recognize(bad as string));
      assert.doesNotThrow(() => explain(bad as string, 'claim.state'));
    }
    assert.equal(recognizeClaimExit(Number.NaN, 'v1'), undefined);
  });
});

describe('vocabularyCausesMarkdown', () => {
  it('lists every cause once, under its check', async () => {
    const { vocabularyCausesMarkdown } = await import('../../../src/agent/vocabulary.ts');
    const md = vocabularyCausesMarkdown();
    for (const cause of Object.keys(VOCABULARY_CAUSES)) assert.equal(md.split(`| \`${cause}\` |`).length, 2, cause);
    assert.match(md, /^### aclk\.connection$/m);
  });
});
