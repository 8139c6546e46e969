// Applying a `compose` step as a person would: the step's YAML lines merged into the service's compose file.

import assert from 'node:assert/strict';
import { runCommand } from './harness.ts';

/** "Put these lines under the service": a merge of the step's YAML into the file, by PyYAML (docker-compose's own). */
export async function mergeIntoComposeFile(file: string, snippet: string): Promise<void> {
  const script = `
import sys, yaml
def key(x):
    s = str(x)
    return s.split('=', 1)[0] if '=' in s else (s.split(':')[1] if ':' in s else s)
def merge(base, add):
    for k, v in add.items():
        if isinstance(v, dict) and isinstance(base.get(k), dict): merge(base[k], v)
        elif isinstance(v, list) and isinstance(base.get(k), list):
            keys = {key(y) for y in v}
            base[k] = [x for x in base[k] if key(x) not in keys] + v
        else: base[k] = v
doc = yaml.safe_load(open(sys.argv[1]))
merge(doc, yaml.safe_load(sys.argv[2]))
open(sys.argv[1], 'w').write(yaml.safe_dump(doc, sort_keys=False))
`;
  const r = await runCommand('python3', ['-c', script, file, snippet], { env: { PATH: process.env.PATH } });
  assert.equal(r.code, 0, r.stderr);
}
