// Reports for the status page tests: one node in every node state, and a version where every value a container
// or an agent can supply is hostile markup. Shared by the renderer's unit tests and the Chromium tests.

import type { NodeReport, Report } from '../../../src/diagnosis/diagnose.ts';
import { NODE_STATES, type NodeState, type NodeStatus } from '../../../src/diagnosis/state.ts';
import type { Finding } from '../../../src/checks/types.ts';

/** Each would run script if it reached the DOM as markup. */
export const HOSTILE = {
  img: '<img src=x onerror=alert(1)>',
  script: '<script>alert(2)</script>',
  attr: '"><svg onload=alert(3)>',
  single: "'><iframe src=javascript:alert(4)>",
  entity: '&lt;b&gt;kept as typed&lt;/b&gt;',
} as const;
export const HOSTILE_ALL = Object.values(HOSTILE).join(' ');

const STATUS_OF: Record<NodeState, NodeStatus> = {
  live: 'pass',
  indirect: 'pass',
  unseen: 'fail',
  offline: 'fail',
  banned: 'fail',
  'claim-failed': 'fail',
  'not-claimed': 'fail',
  'cloud-disabled': 'fail',
  'agent-down': 'warn',
  unknown: 'warn',
};

export const TIME = '2026-12-04T16:00:00.000Z';

function problem(hostile: boolean, state: NodeState, i: number): Finding {
  const h = (s: string) => (hostile ? `${s} ${HOSTILE_ALL}` : s);
  return {
    id: 'claim.state',
    status: STATUS_OF[state] === 'warn' ? 'warn' : 'fail',
    cause: `claim.state/${hostile ? HOSTILE.img : 'token-rejected'}`,
    summary: h(`summary of ${state}`),
    evidence: {},
    remedy: h(`remedy for ${state}`),
    // Every third finding without steps: a report the renderer must cope with, even if the type says otherwise.
    steps: (i % 3 === 0
      ? undefined
      : [
          { where: 'host', run: h(`docker restart node-${i}`) },
          { where: 'compose', run: h('environment:\n  NETDATA_CLAIM_TOKEN: ${TOKEN}') },
          ...(hostile ? [{ where: HOSTILE.img as 'host', run: 'x' }] : []),
        ]) as Finding['steps'],
    docs: hostile ? 'javascript:alert(5)' : 'https://learn.netdata.cloud/',
  };
}

/** One node per state (names `ncd-page-<state>`), or with every string hostile when `hostile`. */
export function reportInEveryState(options: { hostile?: boolean; withCloud?: boolean } = {}): Report {
  const hostile = options.hostile ?? false;
  const h = (s: string) => (hostile ? `${s} ${HOSTILE_ALL}` : s);
  const nodes: NodeReport[] = NODE_STATES.map((state, i) => {
    const status = STATUS_OF[state];
    const pass: Finding = {
      id: 'agent.running',
      status: 'pass',
      cause: 'agent.running/ok',
      summary: h('running'),
      evidence: {},
      steps: [],
      docs: 'https://learn.netdata.cloud/',
    };
    // Without `cloud` unless asked, and with any text in it: the renderer must cope with what a report may hold.
    const node = {
      container: { id: `${i}`.repeat(12), name: h(`ncd-page-${state}`), image: h('netdata/netdata:v2.10.4') },
      agent: { version: h('v2.10.4'), generation: 2, machineGuid: null, claimId: null, apiSource: null },
      state,
      cloudView: h(`view of ${state}`),
      status,
      findings: status === 'pass' ? [pass] : [problem(hostile, state, i), pass],
    } as Record<string, unknown>;
    if (options.withCloud && i % 2 === 0) node.cloud = { shows: h('Offline'), source: i % 4 === 0 ? 'cloud-api' : 'inferred' };
    return node as unknown as NodeReport;
  });
  return {
    status: 'fail',
    serviceId: 'netdata-cloud-doctor',
    releaseId: h('test'),
    output: h('ncd-page-unseen: unseen — summary'),
    description: 'test',
    checks: {
      'docker.api': [{ componentId: 'docker', componentType: 'docker-engine', status: 'pass', time: TIME, output: h('engine 27.5 up') }],
      'agent.discovery': [{ componentId: 'docker', componentType: 'docker-engine', status: 'warn', time: TIME, output: h('2 candidates') }],
    },
    nodes,
  };
}
