// One pass, the same for `check` and `serve`: gather the facts the work asks for, build one view per node,
// plan the network probes from the views, attach the probes' results (waiting for them only in `check`),
// and judge once. The watcher decides WHEN a pass runs and which kind; this decides WHAT a pass is.

import type { DockerClient } from '../docker/client.ts';
import type { GatheredFacts } from '../facts/types.ts';
import { gather, refreshContainer, regatherNode, type Session } from '../gather/gather.ts';
import type { ProbeScheduler } from '../network/scheduler.ts';
import { buildViews, type NodeView } from '../view/node-view.ts';
import { diagnose, type Diagnosis } from '../diagnosis/diagnose.ts';
import { attachProbes } from './probes.ts';
import type { CloudSnapshot } from '../cloud/listing.ts';
import { claimRoomIdsOf } from '../checks/cloud-node.ts';

/**
 * The kinds of work: `full` gathers every target; `node` gathers one container again; `quick` publishes a
 * verdict from one inspect after an exit event; `rejudge` judges the facts at hand again (a probe finished).
 */
export type PassWork = { kind: 'full' } | { kind: 'node'; id: string } | { kind: 'quick'; id: string } | { kind: 'rejudge' };

/** What probes a pass attaches: wait for them (check), take what is known or "pending" (serve), or none. */
export type ProbeMode = 'settle' | 'attach' | 'none';

export interface PassSettings {
  targets: readonly string[] | 'auto';
  exec: 'auto' | 'never';
  agentUrl?: string;
  cloudUrl?: string;
  startPeriodMs: number;
  releaseId: string;
}

/** The Netdata Cloud API's listings (CONTRACT §12), present when a Cloud token is configured. */
export interface PassCloud {
  /** The last listing, at once; undefined until one has finished. */
  snapshot(): CloudSnapshot | undefined;
  /** One listing now (check waits for it, beside the probes); never rejects. */
  refreshOnce(): Promise<CloudSnapshot>;
  /** The NETDATA_CLAIM_ROOMS room IDs of this pass's agents, for the next listing. */
  noteClaimRooms(roomIds: readonly string[]): void;
}

export interface PassEnv {
  client: DockerClient;
  session: Session;
  scheduler: ProbeScheduler;
  clock: () => Date;
  settings: PassSettings;
  debug?: (msg: string) => void;
  cloud?: PassCloud;
}

export interface PassResult {
  facts: GatheredFacts;
  views: NodeView[];
  diagnosis: Diagnosis;
}

async function gatherFor(work: PassWork, env: PassEnv, previous: GatheredFacts | undefined): Promise<GatheredFacts | undefined> {
  const { client, session, clock, settings } = env;
  const agentUrl = settings.agentUrl ? { agentUrl: settings.agentUrl } : {};
  switch (work.kind) {
    case 'full':
      return gather(
        client,
        { targets: settings.targets, exec: settings.exec, clock, ...agentUrl, ...(env.debug ? { debug: env.debug } : {}) },
        session,
      );
    case 'node':
      return previous && regatherNode(client, previous, work.id, session, { clock, ...agentUrl });
    case 'quick':
      return previous && refreshContainer(client, previous, work.id, clock);
    case 'rejudge':
      return previous && { ...previous, at: clock() };
  }
}

/** Runs one pass; undefined when the work needs an earlier pass's facts and there are none. Throws only if gathering does. */
export async function runPass(
  work: PassWork,
  env: PassEnv,
  previous: GatheredFacts | undefined,
  probes: ProbeMode,
): Promise<PassResult | undefined> {
  let facts = await gatherFor(work, env, previous);
  if (!facts) return undefined;
  const { startPeriodMs, releaseId, cloudUrl } = env.settings;
  let views = buildViews(facts, startPeriodMs);
  env.cloud?.noteClaimRooms(views.flatMap(claimRoomIdsOf));
  // check (settle) lists Cloud once, at the same time as its probes; serve takes the last listing as it is.
  const freshListing = probes === 'settle' ? env.cloud?.refreshOnce() : undefined;
  if (probes !== 'none') {
    const probed = await attachProbes(
      facts,
      views,
      { client: env.client, session: env.session, scheduler: env.scheduler, clock: env.clock, ...(cloudUrl ? { cloudUrl } : {}) },
      probes === 'settle',
    );
    // Only `network` changed: the views keep everything else they derived.
    const byId = new Map(probed.nodes.map((n) => [n.container.id, n]));
    views = views.map((v) => ({ ...v, node: byId.get(v.node.container.id) ?? v.node }));
    facts = probed;
  }
  const snapshot = freshListing ? await freshListing : env.cloud?.snapshot();
  const cloudApi = env.cloud ? { cloudApi: { configured: true, ...(snapshot ? { snapshot } : {}) } } : {};
  return { facts, views, diagnosis: diagnose(facts, { startPeriodMs, releaseId, ...cloudApi }, views) };
}
