// Prometheus metrics (CONTRACT §7) from the last report. Gauges are rebuilt from each report, so the series
// of a destroyed or renamed node disappear with it; label values come only from the report (bounded).

// First: defers what prom-client loads and the doctor never uses (see docker/lazy-deps.ts).
import '../docker/lazy-deps.ts';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Report } from '../diagnosis/diagnose.ts';
import { NODE_STATES } from '../diagnosis/state.ts';

const STATUSES = ['pass', 'warn', 'fail', 'skip'] as const;

/** What Netdata Cloud's API shows for a node (CONTRACT §12): its `state`, or absent from every listed Space. */
export const CLOUD_NODE_METRIC_STATES = ['reachable', 'stale', 'unreachable', 'absent'] as const;
export type CloudNodeMetricState = (typeof CLOUD_NODE_METRIC_STATES)[number];

/** A node's measured `cloud.shows` as the metric's state; undefined when not measured (inferred: no series). */
export function cloudMetricState(cloud: { shows: string; source: string } | undefined): CloudNodeMetricState | undefined {
  if (cloud?.source !== 'cloud-api') return undefined;
  switch (cloud.shows) {
    case 'Live':
      return 'reachable';
    case 'Stale':
      return 'stale';
    case 'Offline':
    case 'Unseen':
      return 'unreachable';
    case 'not in the Space':
      return 'absent';
    default:
      return undefined;
  }
}

export class Metrics {
  private readonly registry = new Registry();
  /**
   * Bumped by every method that changes a series: /metrics renders once per change (about once per pass),
   * not once per scrape. At 50 nodes the text is ~6,000 series; rendering it on every scrape cost the
   * doctor's one thread ~9 ms and 600 kB of garbage each time (bench/results.md, pass cost).
   */
  private version = 0;
  private rendered: { version: number; body: Buffer } | undefined;
  private readonly nodeState = new Gauge({
    name: 'netdata_cloud_doctor_node_state',
    help: 'One-hot node state of each agent (live, indirect, unseen, offline, banned, claim-failed, not-claimed, cloud-disabled, agent-down, unknown)',
    labelNames: ['node', 'state'],
    registers: [this.registry],
  });
  private readonly checkStatus = new Gauge({
    name: 'netdata_cloud_doctor_check_status',
    help: 'One-hot status of each check per node (engine checks use node="docker")',
    labelNames: ['node', 'check', 'status'],
    registers: [this.registry],
  });
  private readonly agentOnline = new Gauge({
    name: 'netdata_cloud_doctor_agent_online',
    help: '1 when the agent itself is connected to Netdata Cloud (its own ACLK)',
    labelNames: ['node'],
    registers: [this.registry],
  });
  private readonly identityInfo = new Gauge({
    name: 'netdata_cloud_doctor_identity_info',
    help: "The agent's machine GUID and claim ID, value 1",
    labelNames: ['node', 'machine_guid', 'claim_id'],
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'netdata_cloud_doctor_diagnosis_duration_seconds',
    help: 'Time to gather and judge one pass',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly stateChanges = new Counter({
    name: 'netdata_cloud_doctor_node_state_changes_total',
    help: "Changes of each node's state or status (its first sighting included), as kept in /history",
    labelNames: ['node'],
    registers: [this.registry],
  });
  private readonly changedNodes = new Set<string>();
  private readonly dockerErrors = new Counter({
    name: 'netdata_cloud_doctor_docker_errors_total',
    help: 'Docker Engine API calls that failed (expected 403/404 not counted)',
    registers: [this.registry],
  });
  private readonly cloudNodeState = new Gauge({
    name: 'netdata_cloud_doctor_cloud_node_state',
    help: 'One-hot state of each node as the Netdata Cloud API shows it (reachable, stale, unreachable, absent); only with a Cloud API token',
    labelNames: ['node', 'state'],
    registers: [this.registry],
  });
  private readonly cloudApiErrors = new Counter({
    name: 'netdata_cloud_doctor_cloud_api_errors_total',
    help: 'Netdata Cloud API calls that failed (refused token, 429, 5xx, timeout, unreachable, bad answer)',
    registers: [this.registry],
  });

  /** One failed Netdata Cloud API call (CloudPoller's onApiError). */
  cloudApiError(): void {
    this.version++;
    this.cloudApiErrors.inc();
  }

  /**
   * Rebuilds netdata_cloud_doctor_cloud_node_state from each node's measured state; nodes without one
   * (no token, API failing) have no series, and a destroyed or renamed node's series go with it.
   */
  setCloudNodeStates(nodes: readonly { node: string; state: CloudNodeMetricState | undefined }[]): void {
    this.version++;
    this.cloudNodeState.reset();
    for (const { node, state } of nodes) {
      if (!state) continue;
      for (const s of CLOUD_NODE_METRIC_STATES) this.cloudNodeState.set({ node, state: s }, s === state ? 1 : 0);
    }
  }

  private readonly notifications = new Counter({
    name: 'netdata_cloud_doctor_notifications_total',
    help: 'Notifications by target scheme, event and result (sent, failed after 3 tries, dropped from a full queue)',
    labelNames: ['target', 'event', 'result'],
    registers: [this.registry],
  });

  /** `target` is the scheme only (slack, smtp, https…), never the URL: URLs hold secrets. */
  notification(target: string, event: string, result: 'sent' | 'failed' | 'dropped'): void {
    this.version++;
    this.notifications.inc({ target, event, result });
  }

  dockerError(): void {
    this.version++;
    this.dockerErrors.inc();
  }

  /** One transition of a node's history (src/history/history.ts). */
  nodeStateChanged(node: string): void {
    this.version++;
    this.stateChanges.inc({ node });
    this.changedNodes.add(node);
  }

  update(report: Report, seconds: number): void {
    this.version++;
    this.duration.observe(seconds);
    this.nodeState.reset();
    this.checkStatus.reset();
    this.agentOnline.reset();
    this.identityInfo.reset();
    for (const [check, entries] of Object.entries(report.checks)) {
      for (const entry of entries ?? []) {
        if (entry.componentType !== 'docker-engine') continue;
        for (const status of STATUSES) this.checkStatus.set({ node: 'docker', check, status }, entry.status === status ? 1 : 0);
      }
    }
    // A destroyed or renamed node's counter goes with its other series.
    const present = new Set(report.nodes.map((n) => n.container.name));
    for (const name of this.changedNodes) {
      if (present.has(name)) continue;
      this.stateChanges.remove({ node: name });
      this.changedNodes.delete(name);
    }
    for (const node of report.nodes) {
      const name = node.container.name;
      for (const state of NODE_STATES) this.nodeState.set({ node: name, state }, node.state === state ? 1 : 0);
      for (const f of node.findings) {
        for (const status of STATUSES) this.checkStatus.set({ node: name, check: f.id, status }, f.status === status ? 1 : 0);
      }
      this.agentOnline.set({ node: name }, node.state === 'live' ? 1 : 0);
      this.identityInfo.set({ node: name, machine_guid: node.agent.machineGuid ?? '', claim_id: node.agent.claimId ?? '' }, 1);
    }
  }

  /** The exposition text, rendered again only when a series changed since the last call. */
  async body(): Promise<Buffer> {
    const version = this.version;
    if (this.rendered?.version === version) return this.rendered.body;
    const body = Buffer.from(await this.registry.metrics());
    // A change while rendering leaves the older version here, so the next scrape renders again.
    this.rendered = { version, body };
    return body;
  }

  async text(): Promise<string> {
    return (await this.body()).toString();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
