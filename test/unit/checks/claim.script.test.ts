// claim.script (CONTRACT §4): v1 image and a claim would run (URL and token set, no claimed_id): fail when
// the script is missing, a directory, not a regular file or not executable; the same defects warn when no
// claim is configured; skip for v2 images (no script).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { claimScript } from '../../../src/checks/claim-script.ts';
import { readFailed, readOk, type FileStat } from '../../../src/facts/types.ts';
import { GUID, assertStatus, claimEnv, composeLabels, logLines, logsOk, nodeFacts, runNodeCheck, v2NodeFacts } from '../fixtures.ts';

const MISSING = readFailed<FileStat>('/usr/sbin/netdata-claim.sh does not exist', true);
const stat = (kind: FileStat['kind'], mode: number, extra: Partial<FileStat> = {}) => readOk<FileStat>({ kind, mode, size: 100, ...extra });
type Over = Parameters<typeof nodeFacts>[0];
// v1 known from the image tag, so a missing script does not change the generation
const run = (script: ReturnType<typeof stat> | typeof MISSING, over: Over = {}) =>
  runNodeCheck(claimScript, nodeFacts({ ...over, files: { claimScript: script, ...over.files } }));
const configured: Over = { container: { env: claimEnv() } };

describe('claim.script', () => {
  it('pass: present and executable', () => {
    const f = run(stat('file', 0o100755), configured);
    assertStatus(f, 'pass');
    assert.equal(f.summary, '/usr/sbin/netdata-claim.sh is present and executable');
    assert.deepEqual(f.evidence.path!.value, { kind: 'file', mode: '0755' });
  });

  it('pass: a symlink is reported as such, not followed', () => {
    const f = run(stat('symlink', 0o120777, { linkTarget: '/opt/netdata/bin/netdata-claim.sh' }), configured);
    assertStatus(f, 'pass');
    assert.match(f.summary, /a link to \/opt\/netdata\/bin\/netdata-claim\.sh, not followed/);
  });

  it('fail: missing while a claim would run: run.sh exits 127', () => {
    const f = run(MISSING, configured);
    assertStatus(f, 'fail');
    assert.equal(f.summary, '/usr/sbin/netdata-claim.sh is missing, and a claim is configured: run.sh stops with 127');
    assert.match(f.remedy!, /mount hides the script/);
    assert.match(f.remedy!, /recreate netdata with the change \(the steps below\)/);
  });

  it('fail: a directory (126), compose remedy', () => {
    const f = run(stat('directory', 0o40755), { container: { env: claimEnv(), labels: composeLabels('agent') } });
    assertStatus(f, 'fail');
    assert.equal(f.summary, '/usr/sbin/netdata-claim.sh is a directory, and a claim is configured: run.sh stops with 126');
    assert.match(f.remedy!, /docker compose up -d --force-recreate agent/);
  });

  it('fail: not a regular file', () => {
    const f = run(stat('other', 0o10644), configured);
    assertStatus(f, 'fail');
    assert.match(f.summary, /is not a regular file, and a claim is configured: run\.sh stops with 126/);
  });

  it('fail: not executable, with its mode', () => {
    const f = run(stat('file', 0o100644), configured);
    assertStatus(f, 'fail');
    assert.equal(f.summary, '/usr/sbin/netdata-claim.sh is not executable (mode 0644), and a claim is configured: run.sh stops with 126');
  });

  it("fail: the entrypoint's own complaint is added as evidence", () => {
    const f = run(stat('file', 0o100644), {
      ...configured,
      logs: logsOk(logLines('/usr/sbin/run.sh: line 98: /usr/sbin/netdata-claim.sh: Permission denied')),
    });
    assertStatus(f, 'fail');
    assert.deepEqual(f.evidence.entrypoint, { value: 'netdata-claim.sh: Permission denied', source: 'logs: run.sh' });
  });

  it('warn: the same defect without a claim configured', () => {
    const f = run(stat('file', 0o100600));
    assertStatus(f, 'warn');
    assert.equal(f.summary, '/usr/sbin/netdata-claim.sh is not executable (mode 0600) (no claim configured now, but any claim will fail)');
  });

  it('warn: missing, token but no URL (v1 would not claim)', () => {
    const f = run(MISSING, { container: { env: { NETDATA_CLAIM_TOKEN: 'x'.repeat(135) } } });
    assertStatus(f, 'warn');
  });

  it('warn: missing on an agent that is already claimed (no claim would run)', () => {
    const f = run(MISSING, { ...configured, files: { claimedId: readOk(GUID) } });
    assertStatus(f, 'warn');
  });

  it('skip: v2 images ship no script', () => {
    const f = runNodeCheck(claimScript, v2NodeFacts({ container: { env: claimEnv() } }));
    assertStatus(f, 'skip');
    assert.match(f.summary, /v2 agents claim by themselves/);
  });

  it('skip: the script cannot be read (archive denied), saying why', () => {
    const f = run(readFailed('the archive API is denied by the engine or socket proxy'), configured);
    assertStatus(f, 'skip');
    assert.match(f.summary, /cannot read \/usr\/sbin\/netdata-claim\.sh: the archive API is denied/);
  });

  it('skip: generation unknown and no script', () => {
    const f = runNodeCheck(
      claimScript,
      nodeFacts({ container: { image: 'acme/monitoring:latest', env: claimEnv() }, files: { claimScript: MISSING } }),
    );
    assertStatus(f, 'skip');
    assert.match(f.summary, /agent generation unknown/);
  });
});
