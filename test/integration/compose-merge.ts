// Compose for the suites that apply steps: an agent as a compose service, and a `compose` step applied as a person
// would, its YAML lines merged into the service's compose file.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { IMAGES, RUN_ID, TEST_LABEL, waitForAgentApi } from '../testbed/scenarios.ts';
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

/** A compose project running the real v1 agent as service `netdata`, with no volume and no network. */
export interface ComposeAgent {
  dir: string;
  file: string;
  /** The service's container. */
  name: string;
  compose(...args: string[]): ReturnType<typeof runCommand>;
}

/**
 * Writes the project's compose file into a fresh directory (`dirs` collects it for cleanup), brings it up and waits
 * for the agent's API (taking it down again if that fails). The caller runs `compose('down', …)` when done.
 */
export async function startComposeAgent(prefix: string, dirs: string[]): Promise<ComposeAgent> {
  const project = `${prefix}${randomBytes(3).toString('hex')}`;
  const dir = await mkdtemp(path.join(tmpdir(), `${prefix}-compose-`));
  dirs.push(dir);
  const file = path.join(dir, 'docker-compose.yml');
  // JSON is YAML; the service runs the real agent with no volume, on no network.
  const service = {
    image: IMAGES.v1,
    network_mode: 'none',
    dns: ['127.0.0.1'],
    environment: ['DO_NOT_TRACK=1'],
    labels: { [TEST_LABEL]: RUN_ID },
  };
  await writeFile(file, JSON.stringify({ services: { netdata: service } }, null, 2));
  const compose = (...args: string[]) =>
    runCommand('docker-compose', ['--ansi', 'never', '-p', project, '-f', file, ...args], { env: { PATH: process.env.PATH }, cwd: dir });
  const name = `${project}_netdata_1`;
  try {
    const up = await compose('up', '-d');
    assert.equal(up.code, 0, up.stderr);
    await waitForAgentApi(name, 60_000);
  } catch (err) {
    await compose('down', '--timeout', '5');
    throw err;
  }
  return { dir, file, name, compose };
}
