import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromCurl, fromNodeError } from '../../../src/network/outcome.ts';

describe('probe outcomes', () => {
  it('curl: the HTTP status decides when there is one (101 after a --max-time wait still passes)', () => {
    assert.deepEqual(
      fromCurl(28, 101, (s) => s === 101),
      { ok: true, status: 101 },
    );
    assert.equal(fromCurl(0, 200, (s) => s === 404).failure?.kind, 'http');
  });
  it('curl exit codes map to DNS, TCP, timeout, TLS and proxy', () => {
    const kind = (code: number) => fromCurl(code, 0, () => true).failure?.kind;
    assert.equal(kind(6), 'dns');
    assert.equal(kind(7), 'tcp-refused');
    assert.equal(kind(28), 'timeout');
    assert.equal(kind(35), 'tls-handshake');
    assert.equal(kind(60), 'tls-verify');
    assert.equal(kind(5), 'proxy');
    assert.equal(kind(99), 'other');
  });
  it('node errors map the same way', () => {
    assert.equal(fromNodeError({ code: 'ENOTFOUND' })?.kind, 'dns');
    assert.equal(fromNodeError({ code: 'ECONNREFUSED' })?.kind, 'tcp-refused');
    assert.equal(fromNodeError({ cause: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' } })?.kind, 'tls-verify');
    assert.equal(fromNodeError(new Error('The operation was aborted due to timeout'))?.kind, 'timeout');
  });
});
