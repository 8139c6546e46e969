// Deterministic fuzzing of every parser: each recorded and documented answer is mutated thousands of ways
// (truncation at every position, every field swapped to every JSON type, keys deleted and duplicated, garbage
// and Unicode injected, numbers made huge, nesting made deep), plus random inputs. Every result must be either a
// ParseError or a structurally valid view, no call may throw, and each must return in bounded time.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  classifyReason,
  isParseError,
  MAX_BODY_BYTES,
  parseAclkJson,
  parseAclkText,
  parseClaimConf,
  parseCloudConf,
  parseInfoV1,
  parseInfoV2V3,
  parseStatusFile,
  REASON_CATEGORIES,
} from '../../../../src/agent/api/index.ts';
import * as R from './recorded.ts';
import * as S from './samples.ts';
import { assertConfigOrError, assertViewOrError, shownPart } from './validate.ts';
import { reliability } from '../../../reliability/record.ts';
import { Rng } from '../../rng.ts';

// ---------------------------------------------------------------------------------------------------------
// Determinism and timing

/** The slowest single call seen, per parser; asserted against a budget. */
const slowest = new Map<string, number>();
// A hang guard (catastrophic regex backtracking runs for seconds to hours), not a speed target: speed is
// measured in bench/. Generous, so that a loaded 2-core CI machine does not fail it.
const BUDGET_MS = 5_000;

function timed<T>(name: string, run: () => T): T {
  const start = performance.now();
  let result: T;
  try {
    result = run();
  } catch (error) {
    assert.fail(`${name} threw: ${String(error)}`);
  }
  const ms = performance.now() - start;
  if (ms > (slowest.get(name) ?? 0)) slowest.set(name, ms);
  assert.ok(ms < BUDGET_MS, `${name} took ${ms.toFixed(1)} ms`);
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// Mutation material

const GARBAGE = [
  '\u0000',
  '\u0001',
  '\u001f',
  '\u007f',
  '"',
  "'",
  '\\',
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  '\n',
  '\r',
  '\t',
  ' ',
  '=',
  '#',
  '>',
  '\uFEFF',
  '\uFFFF',
  '\uFFFD',
  '\uD800',
  '\uDFFF',
  '\u202E',
  '\u200B',
  '😀',
  'é',
  'e\u0301',
  '\u00a0',
  'ÿ',
  'null',
  'true',
  '-',
  '.',
  'e',
  'E',
  '0',
  '9',
];

const SWAP_VALUES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  2 ** 53 + 1,
  Number.MAX_SAFE_INTEGER,
  '',
  ' ',
  'x',
  'null',
  'Yes',
  '00000000-0000-0000-0000-000000000000',
  '2026-13-45 99:99:99',
  '2026-11-23 19:00:10',
  '9999-12-31T23:59:59Z',
  '\u202Eenilno\u200B😀\uD800',
  'online',
  'banned',
  'indirect',
  'self',
  'child',
  [],
  {},
  [1, 'a', null],
  { a: 1, status: 'online' },
  'x'.repeat(10_000),
];

const HUGE_NUMBERS = [
  '1e400',
  '-1e400',
  '123456789012345678901234567890',
  '-0',
  '1e-400',
  '0.0000000000000000001',
  '9007199254740993',
  '-9007199254740993',
];

const UNICODE_STRINGS = ['😀', '\u202E', '\u200B\u200B', 'e\u0301', '\uD800', '\uDFFF\uD800', 'ＡＢＣ', 'İ', 'ß', '\u0000'];

type Path = (string | number)[];

function jsonPaths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) value.forEach((v, i) => (out.push([...prefix, i]), jsonPaths(v, [...prefix, i], out)));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push([...prefix, k]), jsonPaths(v, [...prefix, k], out);
  return out;
}

/** Applies `change` to the field at `path` in place, serialises, then restores the document. */
function mutated(root: unknown, path: Path, change: 'set' | 'delete', value?: unknown): string {
  let parent = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const key = path[path.length - 1]!;
  const old = parent[key];
  if (change === 'set') {
    parent[key] = value;
    const out = JSON.stringify(root);
    parent[key] = old;
    return out;
  }
  if (Array.isArray(parent)) {
    parent.splice(key as number, 1);
    const out = JSON.stringify(root);
    parent.splice(key as number, 0, old);
    return out;
  }
  const entries = Object.entries(parent);
  delete parent[key];
  const out = JSON.stringify(root);
  for (const [k] of entries) delete parent[k];
  for (const [k, v] of entries) parent[k] = v;
  return out;
}

/** JSON text with the key at `path` written twice: the original and `dup`, in the given order. */
function stringifyWithDuplicate(value: unknown, path: Path, dup: unknown, dupLast: boolean, at: Path = []): string {
  if (Array.isArray(value)) return `[${value.map((v, i) => stringifyWithDuplicate(v, path, dup, dupLast, [...at, i])).join(',')}]`;
  if (value && typeof value === 'object') {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      const own = `${JSON.stringify(k)}:${stringifyWithDuplicate(v, path, dup, dupLast, [...at, k])}`;
      const isTarget = path.length === at.length + 1 && path[at.length] === k && at.every((p, i) => p === path[i]);
      if (!isTarget) parts.push(own);
      else {
        const extra = `${JSON.stringify(k)}:${JSON.stringify(dup)}`;
        parts.push(...(dupLast ? [own, extra] : [extra, own]));
      }
    }
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function* jsonMutations(text: string, rng: Rng): Generator<string> {
  // Truncation at every position, and the suffixes too.
  for (let i = 0; i < text.length; i++) yield text.slice(0, i);
  for (let i = 1; i < text.length; i += 7) yield text.slice(i);
  const root = JSON.parse(text) as unknown;
  const paths = jsonPaths(root);
  for (const path of paths) {
    // Type swaps of every field.
    for (const v of SWAP_VALUES) yield mutated(root, path, 'set', v);
    // Deletion.
    yield mutated(root, path, 'delete');
    // Duplicated keys (objects only), the duplicate first and last.
    if (typeof path[path.length - 1] === 'string') {
      const dup = rng.pick(SWAP_VALUES);
      yield stringifyWithDuplicate(root, path, dup, true);
      yield stringifyWithDuplicate(root, path, dup, false);
    }
    // Deep nesting in place of the field.
    if (rng.int(8) === 0) {
      const depth = 1_000 + rng.int(9_000);
      const deep = rng.int(2) ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
      yield mutated(root, path, 'set', '@@DEEP@@').replace('"@@DEEP@@"', deep);
    }
  }
  // Garbage bytes at random positions.
  for (let n = 0; n < 300; n++) {
    let s = text;
    for (let k = 1 + rng.int(3); k > 0; k--) {
      const at = rng.int(s.length + 1);
      s = s.slice(0, at) + rng.pick(GARBAGE) + s.slice(at);
    }
    yield s;
  }
  // Huge numbers, everywhere at once and one at a time.
  const numbers = [...text.matchAll(/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g)];
  for (const big of HUGE_NUMBERS) yield text.replace(/(?<=[:[,]\s*)-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g, big);
  for (const m of numbers.slice(0, 60)) yield text.slice(0, m.index) + rng.pick(HUGE_NUMBERS) + text.slice(m.index + m[0].length);
  // Unicode inside every string value (textually, so escapes survive).
  for (const u of UNICODE_STRINGS) yield text.replace(/"([^"\\]*)"(?=\s*[,}\]])/g, `"$1${u}"`);
  // Whole-document wrappers.
  yield `[${text}]`;
  yield `{"agents":[${text}]}`;
  yield `{"agents":${text}}`;
  yield `\uFEFF${text}`;
  yield `${text}${text}`;
  yield `${text} trailing`;
}

/** Whole documents nested far deeper than any answer (JSON.parse handles the depth; the parsers never recurse). */
const DEEP_DOCUMENTS = [
  '['.repeat(200_000) + ']'.repeat(200_000),
  '{"agents":[{"cloud":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}]}',
  '{"node-instances":' + '['.repeat(100_000) + ']'.repeat(100_000) + ',"online":true}',
  '{"a":'.repeat(100_000) + 'null' + '}'.repeat(100_000),
];

function* textMutations(text: string, rng: Rng): Generator<string> {
  for (let i = 0; i < text.length; i++) yield text.slice(0, i);
  for (let i = 1; i < text.length; i += 5) yield text.slice(i);
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    yield [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n'); // line deleted
    yield [...lines.slice(0, i + 1), lines[i]!, ...lines.slice(i + 1)].join('\n'); // line duplicated
    const sep = lines[i]!.search(/[:=]/);
    if (sep > 0) {
      for (const v of SWAP_VALUES) {
        const value = typeof v === 'string' ? v : JSON.stringify(v);
        yield [...lines.slice(0, i), lines[i]!.slice(0, sep + 1) + ' ' + value, ...lines.slice(i + 1)].join('\n');
      }
      for (const big of HUGE_NUMBERS)
        yield [...lines.slice(0, i), lines[i]!.slice(0, sep + 1) + ' ' + big, ...lines.slice(i + 1)].join('\n');
      yield [...lines.slice(0, i), lines[i]!.toUpperCase(), ...lines.slice(i + 1)].join('\n');
      yield [...lines.slice(0, i), lines[i]!.slice(0, sep) + lines[i]!.slice(sep + 1), ...lines.slice(i + 1)].join('\n');
    }
  }
  for (let n = 0; n < 300; n++) {
    let s = text;
    for (let k = 1 + rng.int(3); k > 0; k--) {
      const at = rng.int(s.length + 1);
      s = s.slice(0, at) + rng.pick(GARBAGE) + s.slice(at);
    }
    yield s;
  }
  for (const u of UNICODE_STRINGS) yield text.replace(/(:|=) (\S+)/g, `$1 $2${u}`);
  yield text.replace(/\n/g, '\r\n');
  yield text.replace(/\n/g, '\r');
  yield text.toLowerCase();
  yield text.toUpperCase();
  yield `${text}\n${text}`;
  yield lines.reverse().join('\n');
  yield '> Node Instance for mGUID: "g" hostname "h"\n'.repeat(5_000) + text;
  yield text + '\n> Node Instance for mGUID: "g" hostname "h"\n\tRelationship: child\n\tNode ID: n'.repeat(3_000);
  yield 'Claimed: Yes\n'.repeat(100_000);
}

function* randomInputs(rng: Rng, count: number): Generator<string> {
  const pools = [
    '{}[]:,"0123456789.-eE truefalsn',
    'abcdefghijklmnopqrstuvwxyz:= \n\t>"',
    GARBAGE.join(''),
    '{"agents":[{"cloud":{"status":"online"}}]}ACLK Available: Yes\nClaimed: No\n[global]\ntoken = x\n',
  ];
  const keys = [
    'status',
    'claim_id',
    'url',
    'reason',
    'nd',
    'mg',
    'agents',
    'cloud',
    'online',
    'agent-claimed',
    'claimed-id',
    'node-instances',
    'relationship',
    'agent',
    'aclk',
    'uptime',
    '@timestamp',
    'aclk-available',
    'since',
    'next_check',
  ];
  const randomJson = (depth: number): unknown => {
    const kind = rng.int(depth > 4 ? 6 : 8);
    if (kind === 0) return null;
    if (kind === 1) return rng.int(2) === 0;
    if (kind === 2) return rng.pick([0, -1, 1, 1e308, 0.5, 1795460387, 2 ** 60]);
    if (kind === 3) return rng.pick(SWAP_VALUES.filter((v) => typeof v === 'string'));
    if (kind === 4 || kind === 5) return rng.pick(['online', 'offline', 'self', 'child', 'banned', 'available', '2026-11-23 19:00:10']);
    if (kind === 6) return Array.from({ length: rng.int(4) }, () => randomJson(depth + 1));
    return Object.fromEntries(Array.from({ length: rng.int(6) }, () => [rng.pick(keys), randomJson(depth + 1)]));
  };
  for (let n = 0; n < count; n++) {
    const mode = rng.int(3);
    if (mode === 0) {
      const pool = rng.pick(pools);
      let s = '';
      for (let k = rng.int(600); k > 0; k--) s += pool[rng.int(pool.length)];
      yield s;
    } else if (mode === 1) {
      yield JSON.stringify(randomJson(0)) ?? 'null';
    } else {
      yield JSON.stringify({ api: 3, agents: [randomJson(1)], agent: randomJson(1), 'node-instances': [randomJson(2), randomJson(2)] });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Targets

const viewParsers = {
  parseInfoV2V3: (t: string) => parseInfoV2V3(t),
  parseInfoV1: (t: string) => parseInfoV1(t),
  parseAclkJson: (t: string) => parseAclkJson(t),
  parseAclkText: (t: string) => parseAclkText(t),
  parseStatusFile: (t: string) => parseStatusFile(t),
} as const;

const recordedInfo: [keyof typeof R.RECORDED_META, string][] = [
  ['V2_ONLINE', R.V2_ONLINE_CLOUD],
  ['V2_UNSEEN', R.V2_UNSEEN_CLOUD],
  ['V2_BANNED', R.V2_BANNED_CLOUD],
  ['V2_MQTT_GONE_ONLINE', R.V2_MQTT_GONE_ONLINE_CLOUD],
  ['V2_MQTT_GONE_OFFLINE', R.V2_MQTT_GONE_OFFLINE_CLOUD],
  ['V2_CLOUD_GONE_ONLINE', R.V2_CLOUD_GONE_ONLINE_CLOUD],
  ['V2_CLOUD_GONE_OFFLINE', R.V2_CLOUD_GONE_OFFLINE_CLOUD],
  ['V2_CLAIM_403', R.V2_CLAIM_403_CLOUD],
  ['V1_LIVE', R.V1_LIVE_CLOUD],
  ['V1_UNSEEN', R.V1_UNSEEN_CLOUD],
  ['V1_BANNED', R.V1_BANNED_CLOUD],
];
const meta = { nd: null, mg: 'm', version: 'v2.10.4', api: 3 };

const CORPUS: Record<keyof typeof viewParsers, string[]> = {
  parseInfoV2V3: [
    ...recordedInfo.map(([key, cloud]) => S.envelopeFor(cloud, key)),
    ...[
      S.V2_BANNED_TWO_URLS_CLOUD,
      S.V2_INDIRECT_CHILD_CLOUD,
      S.V1_UNCLAIMED_CLOUD,
      S.V1_DISABLED_CLAIMED_CLOUD,
      S.V20_OFFLINE_SNAKE_CLOUD,
      S.V2_PROXY_DOWN_CLAIM_CLOUD,
      S.FACTS_CLOUD_V23_DNS,
    ].map((c) => S.infoEnvelope(c, meta)),
  ],
  parseInfoV1: [
    S.infoV1Envelope(R.V1_LIVE_INFO_V1_KEYS, 'v1.47.5', 'g'),
    R.V1_UNSEEN_INFO_V1_KEYS,
    R.V1_BANNED_INFO_V1_KEYS,
    S.FACTS_INFO_V1_V144,
    S.FACTS_INFO_V1_V132,
    S.FACTS_INFO_V1_V2_NIGHTLY,
  ],
  parseAclkJson: [
    R.V2_ONLINE_ACLK_JSON,
    R.V2_UNSEEN_ACLK_JSON,
    R.V2_BANNED_ACLK_JSON,
    R.V2_MQTT_GONE_ONLINE_ACLK_JSON,
    R.V2_MQTT_GONE_OFFLINE_ACLK_JSON,
    R.V2_CLOUD_GONE_ONLINE_ACLK_JSON,
    R.V2_CLOUD_GONE_OFFLINE_ACLK_JSON,
    R.V2_CLAIM_403_ACLK_JSON,
    R.V1_LIVE_ACLK_JSON,
    R.V1_UNSEEN_ACLK_JSON,
    R.V1_BANNED_ACLK_JSON,
    S.FACTS_ACLK_JSON_MASTER_OFFLINE,
    S.FACTS_ACLK_JSON_V132_LEGACY,
    S.V2_INDIRECT_CHILD_ACLK_JSON,
    S.V2_PARENT_ACLK_JSON,
  ],
  parseAclkText: [
    R.V1_LIVE_ACLK_TEXT,
    R.V1_UNSEEN_ACLK_TEXT,
    R.V1_BANNED_ACLK_TEXT,
    S.FACTS_ACLK_TEXT_V132_NG,
    S.ACLK_TEXT_V144_UNCLAIMED,
    S.ACLK_TEXT_V27_PARENT_OFFLINE,
  ],
  parseStatusFile: [S.STATUS_FILE_V29, S.STATUS_FILE_V22_EXITED, S.STATUS_FILE_V3],
};

let total = 0;

/** Parses, asserts the result's shape, and says whether it was a view. */
function check(name: keyof typeof viewParsers, input: string): boolean {
  total++;
  const result = timed(name, () => viewParsers[name](input));
  assertViewOrError(result);
  return !isParseError(result);
}

describe('fuzz: view parsers never throw and return a ParseError or a valid view', () => {
  for (const name of Object.keys(CORPUS) as (keyof typeof viewParsers)[]) {
    it(`${name}: mutations of ${CORPUS[name].length} recorded/documented answers`, (t) => {
      const observed = reliability(t, {
        area: 'input',
        tried: `${name} fuzz: ${CORPUS[name].length} recorded answers cut, retyped, duplicated, nested deep, garbage and Unicode injected`,
        expected: 'every result a ParseError or a valid view, no throw, each call under 250 ms',
      });
      const rng = new Rng(0x5eed + name.length);
      let seen = 0;
      let valid = 0;
      for (const fixture of CORPUS[name]) {
        const mutations = name === 'parseAclkText' ? textMutations(fixture, rng) : jsonMutations(fixture, rng);
        for (const input of mutations) {
          if (check(name, input)) valid++;
          seen++;
        }
      }
      assert.ok(seen > 1000, `${seen} mutations`);
      assert.ok(valid > seen / 10, `most mutations still parse (${valid}/${seen})`);
      observed(
        `${seen} cases, none threw; ${valid} valid views, ${seen - valid} ParseErrors; slowest call ${(slowest.get(name) ?? 0).toFixed(1)} ms`,
      );
    });
  }

  it('every view parser: cross-format and random inputs', (t) => {
    const observed = reliability(t, {
      area: 'input',
      tried: 'every API parser fed every other format, documents nested 100 000-200 000 deep, 1500 random inputs each',
      expected: 'a ParseError or a valid view, no throw, no stack overflow',
    });
    const rng = new Rng(0xc0ffee);
    const all = Object.values(CORPUS).flat();
    const before = total;
    for (const name of Object.keys(viewParsers) as (keyof typeof viewParsers)[]) {
      for (const input of [...all, ...DEEP_DOCUMENTS]) check(name, input);
      for (const input of randomInputs(rng, 1500)) check(name, input);
    }
    observed(`${total - before} cases over ${Object.keys(viewParsers).length} parsers, none threw`);
  });

  it('every view parser: bodies at and over the 4 MiB bound', (t) => {
    const observed = reliability(t, {
      area: 'input',
      tried: 'API bodies of exactly 4 MiB, 4 MiB + 200 bytes, multi-byte text over 4 MiB in bytes, and non-strings',
      expected: 'the first parses; the others are ParseErrors; long strings cut to 4096',
    });
    const fits = `{"agents":[{"cloud":{"status":"offline","reason":"${'r'.repeat(MAX_BODY_BYTES - 100)}"}}],"version":"v","agent":{}}`;
    const over = fits + ' '.repeat(200);
    const multiByte = '€'.repeat(Math.ceil(MAX_BODY_BYTES / 3) + 1); // fewer characters than bytes
    for (const name of Object.keys(viewParsers) as (keyof typeof viewParsers)[]) {
      check(name, fits);
      assert.ok(isParseError(viewParsers[name](over)), `${name} refuses more than 4 MiB`);
      assert.ok(isParseError(viewParsers[name](multiByte)), `${name} counts bytes, not characters`);
      for (const bad of [null, undefined, 42, {}, [], Symbol('x')]) {
        const result = timed(name, () => viewParsers[name](bad as unknown as string));
        assert.ok(isParseError(result));
      }
    }
    const view = parseInfoV2V3(fits);
    assert.ok(!isParseError(view) && (view.reason?.length ?? 0) <= 4096, 'long strings are cut');
    const over4 = parseInfoV2V3(over);
    observed(
      `${fits.length}-byte body parsed (reason cut to ${isParseError(view) ? '?' : view.reason?.length} chars); ${over.length} bytes: ${isParseError(over4) ? over4.message : 'parsed!'}; multi-byte and 6 non-string inputs refused by all ${Object.keys(viewParsers).length} parsers`,
    );
  });
});

describe('fuzz: claim files', () => {
  const files: [string, (t: string) => unknown][] = [
    [S.CLOUD_CONF_V2, parseCloudConf],
    [S.CLAIM_CONF_README, parseClaimConf],
    [R.V1_LIVE_CLOUD_CONF, parseCloudConf],
    [S.CLOUD_CONF_V146_PROXY, parseCloudConf],
  ];

  it('never throw, always valid, and the token never leaves `secrets`', (t) => {
    const observed = reliability(t, {
      area: 'input',
      tried: 'cloud.conf / claim.conf fuzz: line cuts, retyped values, garbage, random text',
      expected: 'a ParseError or a valid config, no throw, the token only under secrets',
    });
    const rng = new Rng(0x70c3);
    let seen = 0;
    for (const [text, parse] of files) {
      for (const input of [...textMutations(text, rng), ...randomInputs(rng, 500)]) {
        const result = timed('conf', () => parse(input));
        assertConfigOrError(result);
        if (!isParseError(result)) assert.ok(!shownPart(result as Parameters<typeof shownPart>[0]).includes(S.TOKEN), 'token shown');
        seen++;
      }
    }
    total += seen;
    assert.ok(seen > 5000);
    observed(`${seen} cases, none threw, the token never outside secrets; slowest call ${(slowest.get('conf') ?? 0).toFixed(1)} ms`);
    for (const bad of [null, undefined, 7, {}]) assert.ok(isParseError(parseCloudConf(bad as unknown as string)));
  });
});

describe('fuzz: classifyReason', () => {
  it('every mutation of every known reason gets a valid class', (t) => {
    const observed = reliability(t, {
      area: 'input',
      tried: 'classifyReason fuzz: every recorded Cloud/claim reason mutated, random text',
      expected: 'a known category and phase for each, core ≤ 512 chars, no throw',
    });
    const rng = new Rng(0x4ea5);
    let seen = 0;
    const reasons = [
      ...recordedInfo.map(([, c]) => (JSON.parse(c) as { reason?: string }).reason ?? ''),
      (JSON.parse(S.V2_PROXY_DOWN_CLAIM_CLOUD) as { reason: string }).reason,
      'env_response_not_200',
      'disconnected, WebSockets protocol error',
      "Request failed with error: Couldn't resolve host name (proxy is set to 'env')",
      'Failed to claim node with the following error message:"already claimed"',
    ];
    for (const reason of reasons) {
      for (const input of [...textMutations(reason, rng), ...randomInputs(rng, 300)]) {
        const c = timed('classifyReason', () => classifyReason(input));
        assert.ok(REASON_CATEGORIES.includes(c.category));
        assert.ok(['claim', 'connection', 'unknown'].includes(c.phase));
        assert.equal(typeof c.explanation, 'string');
        assert.ok(typeof c.core === 'string' && c.core.length <= 512);
        if (c.httpCode !== undefined) assert.ok(Number.isInteger(c.httpCode) && c.httpCode >= 100 && c.httpCode <= 999);
        total++;
        seen++;
      }
    }
    observed(`${seen} cases, none threw, all classified; slowest call ${(slowest.get('classifyReason') ?? 0).toFixed(1)} ms`);
  });

  it('budget', () => {
    // Printed so that a slow parser is visible even when it stays under the per-call budget.
    const worst = [...slowest.entries()].map(([k, v]) => `${k} ${v.toFixed(1)}ms`).join(', ');
    assert.ok(total > 50_000, `${total} inputs`);
    console.log(`fuzz: ${total} inputs; slowest single calls: ${worst}`);
  });
});
