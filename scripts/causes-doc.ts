// Renders docs/causes.md from the cause table (src/checks/causes.ts). Run: node --import tsx scripts/causes-doc.ts
// test/unit/causes.test.ts fails when the file and the table differ.

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CAUSES } from '../src/checks/causes.ts';
import { CHECK_IDS } from '../src/checks/types.ts';
import { NOT_PROVABLE, PROVEN_BY_APPLICATION } from '../src/checks/proven.ts';

const cell = (text: string): string => text.replace(/\|/g, '\\|');

export function renderCausesDoc(): string {
  const out = [
    '# Causes',
    '',
    'Every finding carries a stable cause code `<check id>/<cause>` (CONTRACT §4): `<check id>/ok` for a pass,',
    '`<check id>/<why>` for a skip, and a specific code for each warn or fail. Node state and node status are derived',
    'from causes only. This page is rendered from `src/checks/causes.ts` by `node --import tsx scripts/causes-doc.ts`;',
    '`test/unit/causes.test.ts` holds it equal to the table and the table equal to what the checks can emit.',
    '',
    "The remedy column is the general fix: each finding's own `remedy` and `steps` say it with the container's",
    'names. "Proven" marks the causes whose steps an integration test applies literally to a container and then',
    'diagnoses again (CONTRACT §4); the reason the others are not is at the end of the page.',
    '',
  ];
  for (const id of CHECK_IDS) {
    const rows = Object.entries(CAUSES).filter(([code]) => code.startsWith(`${id}/`));
    if (rows.length === 0) continue;
    out.push(`## ${id}`, '', '| cause | meaning | remedy | proven |', '|---|---|---|---|');
    for (const [code, doc] of rows)
      out.push(
        `| \`${code}\` | ${cell(doc.meaning)} | ${cell(doc.remedy) || '–'} | ${PROVEN_BY_APPLICATION[code as keyof typeof PROVEN_BY_APPLICATION] ? `yes: ${cell(PROVEN_BY_APPLICATION[code as keyof typeof PROVEN_BY_APPLICATION]!)}` : ''} |`,
      );
    out.push('');
  }
  out.push(
    '## Causes not proven by application, and why',
    '',
    "Proven above: the real doctor diagnoses a test-bed container, the finding's own steps are applied literally, in order, and",
    'the finding passes on the next diagnosis. These cannot be proven that way here:',
    '',
  );
  for (const { causes, why } of NOT_PROVABLE) out.push(`- ${causes}: ${why}.`);
  out.push('');
  return `${out.join('\n')}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(new URL('../docs/causes.md', import.meta.url), renderCausesDoc());
}
