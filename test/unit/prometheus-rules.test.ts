// deploy/prometheus: the alerting rules compile, their promtool unit tests pass (rules.test.yml), the example
// Prometheus configuration is valid, and every series the rules use is one the doctor exports.
// Needs promtool (Debian's `prometheus` package; scripts/testbed installs it): skipped, saying so, without it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_STATES } from '../../src/diagnosis/state.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIR = path.join(REPO, 'deploy', 'prometheus');

const promtoolVersion = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const skip = promtoolVersion.error ? 'promtool is not installed (apt-get install prometheus, or run scripts/testbed)' : false;

function promtool(args: string[], cwd = DIR): { code: number | null; out: string } {
  const r = spawnSync('promtool', args, { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

test('promtool check rules: rules.yml is valid', { skip }, () => {
  const r = promtool(['check', 'rules', 'rules.yml']);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /SUCCESS: 7 rules found/);
});

test('promtool test rules: every alert fires when it should and only then (rules.test.yml)', { skip }, () => {
  const r = promtool(['test', 'rules', 'rules.test.yml']);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /SUCCESS/);
});

test('the unit tests can fail: a wrong expectation is reported', { skip }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ncd-rules-'));
  try {
    copyFileSync(path.join(DIR, 'rules.yml'), path.join(dir, 'rules.yml'));
    const tests = readFileSync(path.join(DIR, 'rules.test.yml'), 'utf8');
    const broken = tests.replace('severity: critical', 'severity: warning');
    assert.notEqual(broken, tests);
    writeFileSync(path.join(dir, 'rules.test.yml'), broken);
    const r = promtool(['test', 'rules', 'rules.test.yml'], dir);
    assert.notEqual(r.code, 0, r.out);
    assert.match(r.out, /NetdataNodeBanned/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('promtool check config: prometheus.example.yml (scrape job + rule_files) is valid', { skip }, () => {
  const r = promtool(['check', 'config', 'prometheus.example.yml']);
  assert.equal(r.code, 0, r.out);
});

test('the rules use only series, labels and states the doctor exports', () => {
  const rules = readFileSync(path.join(DIR, 'rules.yml'), 'utf8');
  const metricsSource = readFileSync(path.join(REPO, 'src', 'server', 'metrics.ts'), 'utf8');
  const exported = new Set<string>();
  for (const m of metricsSource.matchAll(/new (Gauge|Counter|Histogram)\(\{\s*name: '([a-z_]+)'/g)) {
    const [, kind, name] = m as unknown as [string, string, string];
    exported.add(name);
    if (kind === 'Histogram') for (const suffix of ['_bucket', '_sum', '_count']) exported.add(name + suffix);
  }
  assert.ok(
    exported.has('netdata_cloud_doctor_node_state'),
    `cannot read the metric names from src/server/metrics.ts: ${[...exported].join(', ')}`,
  );
  const expressions = [...rules.matchAll(/expr: (\|\n(?:\s{10}.*\n)+|.*)/g)].map((m) => m[1]!);
  assert.equal(expressions.length, 7);
  const used = new Set(expressions.flatMap((e) => [...e.matchAll(/netdata_cloud_doctor_[a-z_]+/g)].map((m) => m[0])));
  assert.ok(used.size >= 4);
  for (const name of used) assert.ok(exported.has(name), `rules.yml uses ${name}, which src/server/metrics.ts does not export`);
  for (const m of rules.matchAll(/state="([a-z-]+)"/g)) {
    assert.ok(
      (NODE_STATES as readonly string[]).includes(m[1]!),
      `rules.yml uses state="${m[1]}", not a node state (${NODE_STATES.join(', ')})`,
    );
  }
  for (const label of ['machine_guid', 'claim_id', 'check', 'status', 'state', 'node']) {
    if (rules.includes(`${label}=`) || rules.includes(`(${label})`)) {
      assert.match(metricsSource, new RegExp(`'${label}'`), `rules.yml uses the label ${label}, which no metric has`);
    }
  }
});
