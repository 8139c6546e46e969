// docker.api: can the doctor talk to the Docker Engine, and with which permissions (CONTRACT §4).

import type { EngineCheck } from './types.ts';
import { ev, finding } from './finding.ts';
import { noSteps } from './steps.ts';

/** The oldest Engine API this doctor is tested against (Docker 20.10). */
export const MIN_TESTED_API = '1.41';

const apiBelow = (version: string, min: string): boolean => {
  const [a = 0, b = 0] = version.split('.').map(Number);
  const [c = 0, d = 0] = min.split('.').map(Number);
  return a < c || (a === c && b < d);
};

export const dockerApi: EngineCheck = ({ engine }) => {
  const evidence = { endpoint: ev(engine.endpoint, 'engine discovery') };
  if (!engine.reachable) {
    return finding(
      'docker.api',
      'fail',
      'unreachable',
      `Docker Engine not reachable at ${engine.endpoint}: ${engine.error ?? 'no answer'}`,
      evidence,
      "Mount the Docker socket into the doctor (-v /var/run/docker.sock:/var/run/docker.sock:ro), give its user the socket's group (group_add), or set DOCKER_HOST to the engine's address. " +
        noSteps('how the doctor is deployed (its socket, group or DOCKER_HOST) is outside the agents it diagnoses'),
    );
  }
  const full = {
    ...evidence,
    engineVersion: ev(engine.version ?? 'unknown', 'GET /version'),
    apiVersion: ev(engine.apiVersion ?? 'unknown', 'GET /version'),
    permissions: ev(engine.permissions, 'probed once per connection'),
  };
  const limits: string[] = [];
  if (engine.apiVersion && apiBelow(engine.apiVersion, MIN_TESTED_API))
    limits.push(`Engine API ${engine.apiVersion} is older than the tested ${MIN_TESTED_API}`);
  if (engine.permissions.info === 'denied') limits.push('/info is denied (engine security options unknown)');
  if (engine.permissions.archive === 'denied') limits.push('reading files (archive API) is denied');
  if (engine.permissions.exec === 'denied') limits.push('exec is denied (agent-side probes skipped)');
  if (limits.length > 0) {
    return finding(
      'docker.api',
      'warn',
      'limited',
      `Docker Engine ${engine.version ?? ''} reachable with limits: ${limits.join('; ')}`.replace('  ', ' '),
      full,
      'Allow the missing endpoints on the socket proxy (GET containers, events, version, info; POST exec for agent-side probes), or accept the skipped checks. ' +
        noSteps("the socket proxy's rules are outside the agents the doctor diagnoses"),
    );
  }
  return finding(
    'docker.api',
    'pass',
    'ok',
    `Docker Engine ${engine.version} (API ${engine.apiVersion}) reachable at ${engine.endpoint}`,
    full,
  );
};
