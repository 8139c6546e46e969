// The folders of src/ import each other only as docs/architecture.md ("Layers") allows: a reader finds the
// architecture from the folder names, and an import against the flow (a check reaching into Docker, gather
// importing the diagnosis) fails here.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = path.join(ROOT, 'src');

/** `- \`src/checks/\` → facts, agent, view` lines of the Layers section. */
function allowedImports(): Map<string, Set<string>> {
  const doc = readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');
  const section = doc.split(/^## Layers$/m)[1]?.split(/^## /m)[0] ?? '';
  const rules = new Map<string, Set<string>>();
  for (const m of section.matchAll(/^- `src\/([a-z-]+)\/` → (.*)$/gm)) {
    const deps = m[2]!.trim() === 'nothing' ? [] : m[2]!.split(',').map((d) => d.trim().split(' ')[0]!);
    rules.set(m[1]!, new Set(deps));
  }
  return rules;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : name.endsWith('.ts') ? [full] : [];
  });
}

const folderOf = (file: string): string | undefined => {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length > 1 ? rel[0] : undefined;
};

describe('layers', () => {
  const rules = allowedImports();

  it('docs/architecture.md names every folder of src/', () => {
    const folders = readdirSync(SRC)
      .filter((n) => statSync(path.join(SRC, n)).isDirectory())
      .sort();
    assert.deepEqual([...rules.keys()].sort(), folders);
  });

  it('every import between folders is one the Layers section allows', () => {
    const broken: string[] = [];
    for (const file of filesUnder(SRC)) {
      const from = folderOf(file);
      if (!from) continue;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
        const to = folderOf(path.resolve(path.dirname(file), m[1]!));
        if (!to || to === from) continue;
        if (!rules.get(from)?.has(to)) broken.push(`${path.relative(ROOT, file)} imports ${m[1]} (${from} → ${to})`);
      }
    }
    assert.deepEqual(broken, []);
  });

  it('the allowed imports form no cycle', () => {
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (folder: string, trail: string[]): void => {
      if (done.has(folder)) return;
      assert.ok(!visiting.has(folder), `cycle: ${[...trail, folder].join(' → ')}`);
      visiting.add(folder);
      for (const dep of rules.get(folder) ?? []) visit(dep, [...trail, folder]);
      visiting.delete(folder);
      done.add(folder);
    };
    for (const folder of rules.keys()) visit(folder, []);
  });
});
