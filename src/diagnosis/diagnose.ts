// Judge a pass: run every check over the gathered facts, decide each node's state and status, and
// build the report (CONTRACT §6, application/health+json extended with nodes). No I/O here.

import { ENGINE_CHECKS, NODE_CHECKS } from '../checks/index.ts';
import type { Cause, CheckId, CloudApiView, Finding } from '../checks/types.ts';
import { cloudIdsOf, cloudShows } from '../checks/cloud-node.ts';
import { buildViews, type NodeView } from '../view/node-view.ts';
import type { GatheredFacts } from '../facts/types.ts';
import { inferredCloud, judgeNode, worst, type NodeState, type NodeStatus } from './state.ts';
import { redactDeep } from '../secrets/redact.ts';

export interface CheckEntry {
  componentId: string;
  componentType: 'netdata-agent' | 'docker-engine';
  status: NodeStatus;
  time: string;
  output: string;
}

export interface NodeReport {
  container: { id: string; name: string; image: string };
  agent: { version: string | null; generation: 1 | 2 | null; machineGuid: string | null; claimId: string | null; apiSource: string | null };
  state: NodeState;
  /** The cause code of the state (CONTRACT §4): the finding that explains it. */
  cause: Cause;
  /** What Netdata Cloud shows for this node (CONTRACT §5, §12): inferred from the agent's side, or measured. */
  cloud: CloudShows;
  cloudView: string;
  status: NodeStatus;
  findings: Finding[];
}

export type CloudShowsText = 'Live' | 'Unseen' | 'Offline' | 'Stale' | 'not in the Space';
export interface CloudShows {
  shows: CloudShowsText;
  source: 'cloud-api' | 'inferred';
  nodeId?: string | null;
  spaceId?: string | null;
  spaceName?: string | null;
  fetchedAt?: string | null;
}

export interface Report {
  status: NodeStatus;
  serviceId: 'netdata-cloud-doctor';
  releaseId: string;
  output: string;
  description: string;
  checks: Partial<Record<CheckId, CheckEntry[]>>;
  nodes: NodeReport[];
}

export interface Diagnosis {
  report: Report;
  /** Engine-level findings (docker.api, agent.discovery), kept apart from nodes. */
  engineFindings: Finding[];
  /** Every secret value seen, so presenters can redact anything built later. */
  secrets: string[];
}

export interface DiagnoseOptions {
  startPeriodMs: number;
  releaseId: string;
  /** The Cloud API's last listing (CONTRACT §12); absent or not configured: what Cloud shows is inferred. */
  cloudApi?: CloudApiView;
}

const entry = (componentId: string, componentType: CheckEntry['componentType'], f: Finding, time: string): CheckEntry => ({
  componentId,
  componentType,
  status: f.status as NodeStatus,
  time,
  output: f.summary,
});

/** Judges the pass's facts through its node views (built here when the caller has none). */
export function diagnose(
  facts: GatheredFacts,
  options: DiagnoseOptions,
  fleet: readonly NodeView[] = buildViews(facts, options.startPeriodMs),
): Diagnosis {
  const time = facts.at.toISOString();
  const engineFindings = ENGINE_CHECKS.map((check) => check({ engine: facts.engine, discovery: facts.discovery }));
  const secrets = [...new Set(fleet.flatMap((p) => p.agent.secrets))];

  const judged = fleet.map((view) => {
    const { node, agent, cloud } = view;
    const ctx = {
      ...view,
      engine: facts.engine,
      fleet,
      startPeriodMs: options.startPeriodMs,
      now: facts.at,
      ...(options.cloudApi ? { cloudApi: options.cloudApi } : {}),
    };
    const findings = NODE_CHECKS.map((check) => check(ctx));
    const verdict = judgeNode(view, findings);
    // Measured only when a token is configured and the listing can say; else inferred from the agent's side.
    const measured = options.cloudApi?.configured
      ? cloudShows(options.cloudApi.snapshot, { ...cloudIdsOf(view), agentConnected: cloud.online?.value === true })
      : undefined;
    const report: NodeReport = {
      container: { id: node.container.id, name: node.container.name, image: node.container.image },
      agent: {
        version: agent.version?.value ?? null,
        generation: agent.generation,
        machineGuid: agent.machineGuid?.value ?? null,
        claimId: agent.claimId?.value ?? (typeof cloud.claimId?.value === 'string' ? cloud.claimId.value : null),
        apiSource: cloud.apiSource ?? null,
      },
      state: verdict.state,
      cause: verdict.cause,
      cloud: measured ?? inferredCloud(verdict.state, Boolean(agent.claimId || cloud.claimed?.value), Boolean(cloud.nodeId?.value)),
      // CONTRACT §5: cloudView keeps the `shows` text; measured, it is Cloud's own word.
      cloudView: measured?.shows ?? verdict.cloudView,
      status: verdict.status,
      findings,
    };
    return { report, text: verdict.text };
  });
  const nodes = judged.map((j) => j.report);

  const checks: Report['checks'] = {};
  for (const f of engineFindings) (checks[f.id] ??= []).push(entry('docker', 'docker-engine', f, time));
  for (const n of nodes) {
    for (const f of n.findings) if (f.status !== 'skip') (checks[f.id] ??= []).push(entry(n.container.name, 'netdata-agent', f, time));
  }

  const status = worst([...engineFindings.map((f) => f.status), ...nodes.map((n) => n.status)]);
  const output = summarize(judged, engineFindings);

  const report: Report = {
    status,
    serviceId: 'netdata-cloud-doctor',
    releaseId: options.releaseId,
    output,
    description: 'Whether each Netdata Agent container is claimed and connected to Netdata Cloud, and why not',
    checks,
    nodes,
  };
  return { report: redactDeep(report, secrets), engineFindings: redactDeep(engineFindings, secrets), secrets };
}

function summarize(judged: { report: NodeReport; text: string }[], engine: Finding[]): string {
  const engineProblem = engine.find((f) => f.status === 'fail') ?? engine.find((f) => f.status === 'warn');
  if (judged.length === 0) return engineProblem?.summary ?? 'no agent to diagnose';
  const order: Record<NodeStatus, number> = { fail: 2, warn: 1, pass: 0 };
  const worstNode = [...judged].sort((a, b) => order[b.report.status] - order[a.report.status])[0]!;
  const head = `${worstNode.report.container.name}: ${worstNode.report.state} — ${worstNode.text}`;
  const nodes = judged.map((j) => j.report);
  if (nodes.length === 1 && !(engineProblem?.status === 'fail')) return head;
  const count = (s: NodeStatus) => nodes.filter((n) => n.status === s).length;
  const counts = `${nodes.length} node${nodes.length > 1 ? 's' : ''}: ${count('fail')} fail, ${count('warn')} warn, ${count('pass')} pass`;
  return `${head} (${counts}${engineProblem?.status === 'fail' ? `; ${engineProblem.summary}` : ''})`;
}
