// Every finding links its page (CONTRACT §4), and docs/checks.md maps every failure mode FM01-FM27.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { CHECK_IDS } from '../../src/checks/types.ts';
import { docsFor } from '../../src/checks/finding.ts';

const repo = new URL('../../', import.meta.url);

describe('check documentation', () => {
  it('docs/checks/<id>.md exists for every check id, and is what findings link', () => {
    for (const id of CHECK_IDS) {
      assert.equal(docsFor(id), `docs/checks/${id}.md`);
      assert.ok(existsSync(new URL(docsFor(id), repo)), `missing ${docsFor(id)}`);
    }
  });
  it('docs/checks.md links every check and names every failure mode FM01-FM27', () => {
    const index = readFileSync(new URL('docs/checks.md', repo), 'utf8');
    for (const id of CHECK_IDS) assert.ok(index.includes(`checks/${id}.md`), `docs/checks.md does not link ${id}`);
    for (let i = 1; i <= 27; i++) {
      const fm = `FM${String(i).padStart(2, '0')}`;
      assert.ok(index.includes(fm), `docs/checks.md does not map ${fm}`);
    }
  });
});
