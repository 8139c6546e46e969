// The streaming reader of `{ "nodes": [ … ] }`: the wanted fields of each element whatever the chunking, strings
// with brackets and escapes, other keys around, scalars and arrays as null, values of the wrong type marked;
// every truncation and every other shape is an error.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NodesArrayScanner, NodesShapeError } from '../../../src/cloud/nodes-stream.ts';

const DOC = JSON.stringify({
  before: { nodes: [{ nd: 'not-me' }], s: 'a "quoted" ] } [ {' },
  nodes: [
    { nd: 'n1', nm: 'we}b"[x', labels: { a: 'b\\', nested: [[1], { c: '}', nd: 'inner' }] }, state: 'reachable' },
    null,
    'text',
    42,
    { nd: 'n2', nm: 'ünïcödé ✓', v: 'v2', hw: { cpus: 8 }, mg: 'm\u00e9' },
    [],
    { nd: 7, mg: { x: 1 }, nm: null, state: true, v: ['v'] },
    {},
  ],
  after: ['x', { y: 1 }],
});

function scan(text: string, cut: number[] = []): unknown[] {
  const out: unknown[] = [];
  const scanner = new NodesArrayScanner((n) => out.push(n));
  const bytes = Buffer.from(text);
  let at = 0;
  for (const c of [...cut, bytes.length]) {
    scanner.push(bytes.subarray(at, c));
    at = c;
  }
  scanner.end();
  return out;
}

describe('NodesArrayScanner', () => {
  const expected = [
    { nd: 'n1', nm: 'we}b"[x', state: 'reachable' },
    null,
    null,
    null,
    { nd: 'n2', nm: 'ünïcödé ✓', v: 'v2', mg: 'mé' },
    null,
    { nd: 0, mg: 0, nm: null, state: 0, v: 0 },
    {},
  ];
  it('keeps the wanted fields of each element of the top-level "nodes" only; scalars and arrays come as null', () => {
    assert.deepEqual(scan(DOC), expected);
  });
  it('the same for a cut at every byte', () => {
    const length = Buffer.byteLength(DOC);
    for (let i = 0; i <= length; i++) assert.deepEqual(scan(DOC, [i]), expected, `cut at ${i}`);
  });
  it('one byte at a time', () => {
    assert.deepEqual(
      scan(
        DOC,
        Array.from({ length: Buffer.byteLength(DOC) }, (_, i) => i),
      ),
      expected,
    );
  });
  it('an empty list, whitespace around', () => {
    assert.deepEqual(scan(' \n{ "nodes" : [ ] }\n'), []);
  });
  it('every truncation is an error', () => {
    const bytes = Buffer.from(DOC);
    for (let i = 0; i < bytes.length; i++) {
      assert.throws(() => scan(bytes.subarray(0, i).toString('latin1')), NodesShapeError, `truncated at ${i}`);
    }
  });
  const bad: [string, RegExp][] = [
    ['', /empty/],
    ['[]', /not a JSON object/],
    ['<html></html>', /HTML/],
    ['{"nodes": {}}', /"nodes" is not an array/],
    ['{"nodesX": []}', /without a "nodes" array/],
    ['{"other": [{"nodes": []}]}', /without a "nodes" array/],
    ['{"nodes": [{"nd": }]}', /invalid JSON/],
    ['{"nodes": []} {}', /after the end/],
    ['{"nodes": [{"nd": "a\\x"}]}', /invalid JSON/],
  ];
  for (const [text, error] of bad) it(`${JSON.stringify(text)} is an error`, () => assert.throws(() => scan(text), error));
  it('an element larger than the bound is an error', () => {
    const scanner = new NodesArrayScanner(() => {}, 100);
    assert.throws(() => scanner.push(Buffer.from(`{"nodes":[{"nd":"${'x'.repeat(200)}"}]}`)), /larger than 100 bytes/);
  });
});
