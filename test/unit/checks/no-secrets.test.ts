// CONTRACT §10 at the source: no check ever puts a claim token into a finding (summary, evidence, remedy),
// wherever the token was: env, -token= arguments, NETDATA_EXTRA_CLAIM_OPTS, claim.conf, cloud.conf, logs.
// Every node check runs over a spread of scenarios that reach most of their branches.

import { describe, it } from 'node:test';
import { NODE_CHECKS, ENGINE_CHECKS } from '../../../src/checks/index.ts';
import { readFailed, readOk } from '../../../src/facts/types.ts';
import {
  CLAIM_URL,
  GUID,
  TOKEN,
  V1_CLAIM_403_RUNSH,
  V1_CLAIM_409_RUNSH,
  V1_CLAIM_UNREACHABLE_RUNSH,
  V2_CLAIM_REJECTED_LOG,
  V2_CLOUD_CONF,
  SECCOMP_WARNING_LINES,
  assertNoSecret,
  claimEnv,
  discoveryFacts,
  engineFacts,
  logLines,
  logfmt,
  logsOk,
  minutesAgo,
  nodeFacts,
  recordedRuns,
  runNodeCheck,
  v2NodeFacts,
} from '../fixtures.ts';

const accessLog = `2026-11-23 19:15:30: 7: 201 '[localhost]:51234' 'DATA' 'OK' 'GET' 200 '/api/v2/claim?key=3e1b2c&rooms=x&token=${TOKEN}&url=${CLAIM_URL}'`;
const everywhere = {
  env: claimEnv({ NETDATA_EXTRA_CLAIM_OPTS: `-insecure -token=${TOKEN}`, NETDATA_CLAIM_PROXY: 'http://user:pa55@proxy:3128' }) as Record<
    string,
    string
  >,
  argv: ['/usr/sbin/run.sh', `-token=${TOKEN}`, '--claim-token', TOKEN],
};
const claimConf = readOk(`[global]\n   url = ${CLAIM_URL}\n   token = ${TOKEN}\n   insecure = yes\n`);

const scenarios = {
  'running v1, token everywhere': nodeFacts({
    container: everywhere,
    files: { claimConf },
    logs: logsOk(logLines(accessLog, { stream: 'stdout' })),
  }),
  'exited v1, recorded 403': nodeFacts({
    container: { ...everywhere, status: 'exited', exitCode: 12, finishedAt: minutesAgo(1) },
    logs: logsOk(recordedRuns(V1_CLAIM_403_RUNSH)),
  }),
  'restarting v1, recorded 409': nodeFacts({
    container: { ...everywhere, status: 'restarting', restarting: true, exitCode: 13 },
    logs: logsOk(recordedRuns(V1_CLAIM_409_RUNSH)),
  }),
  'exited v1, recorded unreachable': nodeFacts({
    container: { ...everywhere, status: 'exited', exitCode: 7 },
    logs: logsOk(recordedRuns(V1_CLAIM_UNREACHABLE_RUNSH)),
  }),
  'quoted token with newline': nodeFacts({
    container: { env: claimEnv({ NETDATA_CLAIM_TOKEN: `"${TOKEN}"\n` }) as Record<string, string> },
  }),
  'v1 seccomp warning': nodeFacts({ container: everywhere, logs: logsOk(logLines(SECCOMP_WARNING_LINES)) }),
  'v2 claim rejected': v2NodeFacts({ container: everywhere, files: { claimConf }, logs: logsOk(logLines(V2_CLAIM_REJECTED_LOG)) }),
  'v2 claimed, env differs': v2NodeFacts({
    container: { env: { NETDATA_CLAIM_TOKEN: `${TOKEN}x` } },
    files: { cloudConf: readOk(V2_CLOUD_CONF), claimConf },
  }),
  'v2 claim failed, multi-line reason': v2NodeFacts({
    container: everywhere,
    logs: logsOk(logLines(logfmt("CLAIM: Request failed with error: Couldn't connect to server\nproxy: 'env',\ninsecure: true"))),
  }),
  'unreadable everything': nodeFacts({
    container: everywhere,
    files: { machineGuid: readFailed('denied'), claimedId: readFailed('denied'), claimScript: readFailed('denied') },
    logs: readFailed('no logs'),
  }),
  'claimed v1 with env left': nodeFacts({ container: everywhere, files: { claimedId: readOk(GUID) } }),
};

describe('no finding carries the claim token', () => {
  for (const [name, node] of Object.entries(scenarios)) {
    it(name, () => {
      for (const check of NODE_CHECKS)
        runNodeCheck(check, node, {
          others: Object.values(scenarios)
            .filter((n) => n !== node)
            .slice(0, 2),
        });
    });
  }
  it('engine checks (no token source, but the endpoint may carry credentials only through DOCKER_HOST)', () => {
    for (const check of ENGINE_CHECKS)
      assertNoSecret(check({ engine: engineFacts({ reachable: false, error: 'boom' }), discovery: discoveryFacts() }));
  });
});
