// Which nodes get network probes, from where, and attaching their results to the facts. Probes run only
// for nodes that are not live (CONTRACT §9), from the agent's namespace when exec is permitted, from a
// namespace the doctor shares with the agent, else from the doctor's own (labelled, at most a warning).

import type { DockerClient } from '../docker/client.ts';
import type { GatheredFacts, NetworkFacts, NodeFacts } from '../facts/types.ts';
import { describeAgent } from '../agent/identity.ts';
import { parseIni } from '../agent/ini.ts';
import { cloudTarget, effectiveProxy } from '../network/target.ts';
import { probeFromAgent, probeFromDoctor } from '../network/probe.ts';
import { probeKey, type ProbeScheduler } from '../network/scheduler.ts';
import type { Session } from './gather.ts';
import type { Report } from '../diagnosis/diagnose.ts';

/** Node states for which the path to Netdata Cloud is in question. */
const PROBED_STATES = new Set(['unseen', 'offline', 'claim-failed', 'unknown']);

export interface ProbeContext {
  client: DockerClient;
  session: Session;
  scheduler: ProbeScheduler;
  cloudUrl?: string;
  clock: () => Date;
}

interface Plan {
  key: string;
  run: () => ReturnType<typeof probeFromAgent>;
}

async function plan(node: NodeFacts, ctx: ProbeContext): Promise<Plan | { unavailable: string }> {
  const agent = describeAgent(node);
  const target = cloudTarget(agent, ctx.cloudUrl);
  if ('error' in target) return { unavailable: target.error };
  const netdataConf = node.files.netdataConf?.ok ? parseIni(node.files.netdataConf.value) : undefined;
  const proxy = effectiveProxy(agent, node.container.env, netdataConf);
  const c = node.container;
  const self = await (ctx.session.self ?? Promise.resolve({ kind: 'host' as const }));
  const shares = (c.networkMode === 'host' && (self.kind === 'host' || self.facts?.networkMode === 'host'))
    || (self.kind === 'container' && (c.networkMode === `container:${self.id}` || self.facts?.networkMode === `container:${c.id}`));
  const endpoint = target.url;
  if (ctx.session.exec === 'allowed' || ctx.session.exec === 'unknown') {
    // Containers sharing one namespace (network_mode: container:x) share one probe.
    const namespace = c.networkMode.startsWith('container:') ? c.networkMode.slice('container:'.length) : c.networkMode === 'host' ? 'host' : c.id;
    return { key: probeKey(endpoint, proxy.url, namespace), run: () => probeFromAgent(ctx.client, c.id, target, proxy, ctx.clock) };
  }
  const origin = shares ? 'shared' : 'doctor';
  return { key: probeKey(endpoint, proxy.url, shares ? (c.networkMode === 'host' ? 'host' : c.id) : 'doctor'), run: () => probeFromDoctor(origin, target, proxy, ctx.clock) };
}

/** The nodes of a first diagnosis whose Cloud path should be probed. */
export function nodesToProbe(report: Report): Set<string> {
  return new Set(report.nodes.filter((n) => PROBED_STATES.has(n.state)).map((n) => n.container.id));
}

/**
 * Attach the latest probe result (or "pending") to each node that needs one, starting probes that are due.
 * With `settle`, wait for the probes (one-shot check); otherwise never wait (serve).
 */
export async function attachProbes(facts: GatheredFacts, ids: ReadonlySet<string>, ctx: ProbeContext, settle: boolean): Promise<GatheredFacts> {
  const keys = new Set<string>();
  const nodes = await Promise.all(facts.nodes.map(async (node) => {
    if (!ids.has(node.container.id) || node.container.status !== 'running') return node;
    const p = await plan(node, ctx);
    let network: NetworkFacts;
    if ('unavailable' in p) network = { state: 'unavailable', reason: p.unavailable };
    else {
      keys.add(p.key);
      network = ctx.scheduler.request(p.key, p.run);
      if (settle) network = await ctx.scheduler.settle(p.key);
    }
    return { ...node, network };
  }));
  if (!settle) ctx.scheduler.retain(keys);
  return { ...facts, nodes };
}
