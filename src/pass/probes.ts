// Which nodes get network probes, from where, and attaching their results to the facts. Probes run only
// for nodes that are not live (CONTRACT §9; planned from the node views: wantsProbe), from the agent's
// namespace when exec is permitted, from a namespace the doctor shares with the agent, else from the
// doctor's own (labelled, at most a warning).

import type { DockerClient } from '../docker/client.ts';
import type { GatheredFacts, NetworkFacts } from '../facts/types.ts';
import { parseIni } from '../agent/ini.ts';
import { cloudTarget, effectiveProxy } from '../network/target.ts';
import { probeFromAgent, probeFromDoctor } from '../network/probe.ts';
import { probeKey, type ProbeScheduler } from '../network/scheduler.ts';
import type { Session } from '../gather/gather.ts';
import { sharesNamespace } from '../gather/self.ts';
import { wantsProbe, type NodeView } from '../view/node-view.ts';

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

async function plan({ node, agent }: NodeView, ctx: ProbeContext): Promise<Plan | { unavailable: string }> {
  const target = cloudTarget(agent, ctx.cloudUrl);
  if ('error' in target) return { unavailable: target.error };
  const netdataConf = node.files.netdataConf?.ok ? parseIni(node.files.netdataConf.value) : undefined;
  const proxy = effectiveProxy(agent, node.container.env, netdataConf);
  const c = node.container;
  const self = await (ctx.session.self ?? Promise.resolve({ kind: 'host' as const }));
  const shares = sharesNamespace(c, self);
  const endpoint = target.url;
  if (ctx.session.exec.open) {
    // Containers sharing one namespace (network_mode: container:x) share one probe.
    const namespace = c.networkMode.startsWith('container:')
      ? c.networkMode.slice('container:'.length)
      : c.networkMode === 'host'
        ? 'host'
        : c.id;
    return { key: probeKey(endpoint, proxy.url, namespace), run: () => probeFromAgent(ctx.client, c.id, target, proxy, ctx.clock) };
  }
  const origin = shares ? 'shared' : 'doctor';
  return {
    key: probeKey(endpoint, proxy.url, shares ? (c.networkMode === 'host' ? 'host' : c.id) : 'doctor'),
    run: () => probeFromDoctor(origin, target, proxy, ctx.clock),
  };
}

/** The nodes whose path to Netdata Cloud is in question (not live, claimed or claiming, running). */
export function nodesToProbe(views: readonly NodeView[]): Set<string> {
  return new Set(views.filter(wantsProbe).map((v) => v.node.container.id));
}

/**
 * Attach the latest probe result (or "pending") to each node that needs one, starting probes that are due.
 * With `settle`, wait for the probes (one-shot check); otherwise never wait (serve).
 */
export async function attachProbes(
  facts: GatheredFacts,
  views: readonly NodeView[],
  ctx: ProbeContext,
  settle: boolean,
): Promise<GatheredFacts> {
  const keys = new Set<string>();
  const wanted = new Map(views.filter(wantsProbe).map((v) => [v.node.container.id, v]));
  const nodes = await Promise.all(
    facts.nodes.map(async (node) => {
      const view = wanted.get(node.container.id);
      if (!view) return node;
      const p = await plan(view, ctx);
      let network: NetworkFacts;
      if ('unavailable' in p) network = { state: 'unavailable', reason: p.unavailable };
      else {
        keys.add(p.key);
        network = ctx.scheduler.request(p.key, p.run);
        if (settle) network = await ctx.scheduler.settle(p.key);
      }
      return { ...node, network };
    }),
  );
  if (!settle) ctx.scheduler.retain(keys);
  return { ...facts, nodes };
}
