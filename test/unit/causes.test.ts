// The cause table (src/checks/causes.ts), the causes the checks can emit, and docs/causes.md are one list.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { CAUSES } from '../../src/checks/causes.ts';
import { CHECK_IDS } from '../../src/checks/types.ts';
import { CLAIM_EXIT_CODES } from '../../src/agent/claim-exit-codes.ts';
import { CONNECTION_CAUSES } from '../../src/checks/aclk-connection.ts';
import { CLAIM_FAILURE_CAUSES } from '../../src/checks/claim-state.ts';
import { RUN_ENDING_CAUSES } from '../../src/checks/agent-running.ts';
import { VOCABULARY_CAUSES } from '../../src/agent/vocabulary.ts';
import { renderCausesDoc } from '../../scripts/causes-doc.ts';

const root = new URL('../../', import.meta.url);
/** A source file with its white space folded, so that the scan does not depend on how the formatter wraps a call. */
const folded = (path: string): string =>
  readFileSync(new URL(path, root), 'utf8').replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')');
const source = (dir: string) =>
  readdirSync(new URL(dir, root))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: `${dir}${f}`, text: folded(`${dir}${f}`) }));
const CHECK_FILE_IDS: Record<string, string[]> = { 'src/checks/network-shared.ts': ['network.cloud', 'network.websocket'] };

/** Every cause the sources can produce: literals at finding()/skip()/judged() and full codes, plus the tables. */
function emittable(): Set<string> {
  const found = new Set<string>();
  const call =
    /\b(?:finding\((?:'([a-z.-]+)'|id), (?:'[a-z]+'|capped|status|fails\.length > 0 \? 'fail' : 'warn'), |skip\((?:'([a-z.-]+)'|id), )(?:[^,]*\? )?'([a-z0-9-]+)'(?: : '([a-z0-9-]+)')?|\bjudged\('([a-z.-]+)', '([a-z0-9-]+)'/g;
  for (const { file, text } of [...source('src/checks/'), ...source('src/diagnosis/')]) {
    for (const m of text.matchAll(call)) {
      const id = m[1] ?? m[2] ?? m[5];
      const words = [m[3], m[4], m[6]].filter(Boolean) as string[];
      for (const check of id ? [id] : (CHECK_FILE_IDS[file] ?? [])) for (const w of words) found.add(`${check}/${w}`);
    }
    for (const m of text.matchAll(/'([a-z]+\.[a-z-]+\/[a-z0-9-]*[a-z0-9])'/g))
      if (CHECK_IDS.some((id) => m[1]!.startsWith(`${id}/`))) found.add(m[1]!);
  }
  const claimConfig = folded('src/checks/claim-config.ts');
  for (const m of claimConfig.matchAll(/cause: '([a-z0-9-]+)'/g)) found.add(`claim.config/${m[1]}`);
  const claimScript = folded('src/checks/claim-script.ts');
  for (const m of claimScript.matchAll(/'(script-[a-z-]+)'/g)) found.add(`claim.script/${m[1]}`).add(`claim.script/${m[1]}-unused`);
  for (const kind of ['tcp-refused', 'tcp-unreachable', 'tcp-timeout']) found.add(`network.cloud/${kind}`);
  for (const { cause } of Object.values(CLAIM_EXIT_CODES)) found.add(`claim.state/${cause}`).add(`agent.running/claim-failed-${cause}`);
  for (const cause of Object.values(CONNECTION_CAUSES)) found.add(`aclk.connection/${cause}`);
  for (const cause of Object.values(CLAIM_FAILURE_CAUSES)) found.add(`claim.state/${cause}`);
  // Chosen by the agent's own words (explain(), recognize(), the status file's endings): the vocabulary's causes of these checks.
  for (const code of Object.keys(VOCABULARY_CAUSES)) {
    if (['aclk.connection/', 'claim.state/', 'agent.running/', 'host.seccomp/'].some((p) => code.startsWith(p))) found.add(code);
  }
  for (const words of RUN_ENDING_CAUSES) found.add(`agent.running/${words}`);
  found.add('aclk.connection/unrecognized-reason').add('claim.state/unrecognized-reason').add('aclk.connection/no-reason-given');
  return found;
}

describe('causes', () => {
  it('every cause the checks can emit is in the table, and the table has no cause nothing emits', () => {
    const can = emittable();
    const table = new Set(Object.keys(CAUSES));
    assert.deepEqual([...can].filter((c) => !table.has(c)).sort(), [], 'emitted but not in src/checks/causes.ts');
    assert.deepEqual([...table].filter((c) => !can.has(c)).sort(), [], 'in src/checks/causes.ts but emitted nowhere');
  });

  it('every cause is <check id>/<lower-case words joined by ->, with a meaning, and a remedy unless it is ok', () => {
    for (const [code, doc] of Object.entries(CAUSES)) {
      assert.match(code, /^[a-z0-9]+(\.[a-z0-9-]+)+\/[a-z0-9]+(-[a-z0-9]+)*$/, code);
      assert.ok(
        CHECK_IDS.some((id) => code.startsWith(`${id}/`)),
        code,
      );
      assert.ok(doc.meaning.length > 0, code);
    }
  });

  it('docs/causes.md is rendered from the table (node --import tsx scripts/causes-doc.ts)', () => {
    assert.equal(readFileSync(new URL('docs/causes.md', root), 'utf8'), renderCausesDoc());
  });
});
