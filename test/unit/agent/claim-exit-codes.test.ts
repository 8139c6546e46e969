import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CLAIM_EXIT_CODES, SHELL_EXIT_CODES, isClaimExitCode } from '../../../src/agent/claim-exit-codes.ts';

describe('claim exit codes (facts §2.1)', () => {
  it('1..18 are claim script codes, each with a meaning and a fix', () => {
    for (let code = 1; code <= 18; code++) {
      assert.equal(isClaimExitCode(code), true, String(code));
      assert.ok(CLAIM_EXIT_CODES[code]!.meaning.length > 0);
      assert.ok(CLAIM_EXIT_CODES[code]!.fix.length > 0);
    }
  });
  it('0, 19, 126, 127, 137, 143 are not', () => {
    for (const code of [0, 19, 126, 127, 137, 143, -1]) assert.equal(isClaimExitCode(code), false, String(code));
  });
  it('the recorded outcomes map as observed: 12 token, 13 already claimed, 7 unreachable', () => {
    assert.match(CLAIM_EXIT_CODES[12]!.meaning, /token/);
    assert.match(CLAIM_EXIT_CODES[13]!.meaning, /already claimed/);
    assert.match(CLAIM_EXIT_CODES[7]!.meaning, /could not be reached/);
  });
  it('126 and 127 belong to the shell', () => {
    assert.match(SHELL_EXIT_CODES[126]!, /cannot be executed/);
    assert.match(SHELL_EXIT_CODES[127]!, /not found/);
  });
});
