// The real binary against the real engine: exit codes of CONTRACT §1, one JSON document that follows the
// schema, a human report without colour in a pipe, and no claim token anywhere in what it prints.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertTestImages, cleanupOnExit, startScenario, CLAIM_TOKEN, type Scenario } from '../testbed/scenarios.ts';
import { runCli } from './harness.ts';
import { assertValidReport } from './schema.ts';

describe('netdata-cloud-doctor check (binary, real engine)', () => {
  let failing: Scenario;
  let stopped: Scenario;
  let claimed: Scenario;

  before(async () => {
    await assertTestImages();
    [failing, stopped, claimed] = await Promise.all([
      startScenario('no-volume'),
      startScenario('stopped-by-user'),
      startScenario('claim-ok'),
    ]);
  });
  after(cleanupOnExit);

  test('a failing node: exit 1, one JSON document valid against the schema', async () => {
    const r = await runCli(['check', failing.name, '--json']);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assertValidReport(report);
    assert.equal(report.status, 'fail');
    assert.equal(report.nodes[0].container.name, failing.name);
    assert.ok(
      report.checks['storage.persistence'].some(
        (e: { componentId: string; status: string }) => e.componentId === failing.name && e.status === 'fail',
      ),
    );
  });

  test('only warnings: exit 0; --strict makes it 1', async () => {
    const r = await runCli(['check', stopped.name]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /WARN/);
    const strict = await runCli(['check', stopped.name, '--strict']);
    assert.equal(strict.code, 1);
  });

  test('DOCTOR_TARGETS works like arguments, and arguments win', async () => {
    const viaEnv = await runCli(['check', '--json'], { DOCTOR_TARGETS: stopped.name });
    assert.equal(JSON.parse(viaEnv.stdout).nodes[0].container.name, stopped.name);
    const argsWin = await runCli(['check', failing.name, '--json'], { DOCTOR_TARGETS: stopped.name });
    assert.deepEqual(
      JSON.parse(argsWin.stdout).nodes.map((n: { container: { name: string } }) => n.container.name),
      [failing.name],
    );
  });

  test('a named target that does not exist: exit 1 beside found ones, exit 3 alone', async () => {
    const some = await runCli(['check', stopped.name, 'ncd-does-not-exist', '--json']);
    assert.equal(some.code, 1);
    const doc = JSON.parse(some.stdout);
    assertValidReport(doc);
    assert.match(doc.checks['agent.discovery'][0].output, /ncd-does-not-exist/);
    const none = await runCli(['check', 'ncd-does-not-exist', '--json']);
    assert.equal(none.code, 3);
    assertValidReport(JSON.parse(none.stdout));
  });

  test('Docker unreachable: exit 3, one clear line, JSON still valid', async () => {
    const human = await runCli(['check'], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    assert.equal(human.code, 3);
    assert.equal(human.stderr.trim().split('\n').length, 1, human.stderr);
    assert.match(human.stderr, /not reachable/);
    const json = await runCli(['check', '--json'], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    assert.equal(json.code, 3);
    assertValidReport(JSON.parse(json.stdout));
  });

  test('a bad flag: exit 2 and one line', async () => {
    const r = await runCli(['check', '--no-such-flag']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.equal(r.stdout, '');
  });

  test('the human report has no colour in a pipe and names the fix', async () => {
    const r = await runCli(['check', failing.name]);
    assert.doesNotMatch(r.stdout, /\u001b\[/);
    assert.match(r.stdout, /storage\.persistence/);
    // The volume is named after the container since the fix comes with steps that create it (issue 10).
    assert.match(r.stdout, /fix: .*-netdata-lib:\/var\/lib\/netdata/);
  });

  test('the claim token appears in no output, not even at debug level', async () => {
    for (const args of [
      ['check', claimed.name],
      ['check', claimed.name, '--json'],
    ]) {
      const r = await runCli(args, { LOG_LEVEL: 'trace' });
      assert.ok(!r.stdout.includes(CLAIM_TOKEN) && !r.stderr.includes(CLAIM_TOKEN), `token leaked by ${args.join(' ')}`);
      assert.ok(r.stdout.length > 100);
    }
  });
});
