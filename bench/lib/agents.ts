// The agents the benchmarks watch, all from the test bed (test/testbed): fake v2.10.4 agents (real containers
// running the fake agent daemon, which answers and logs as the recorded real agents do) on the run's
// --internal network, a fake Netdata Cloud in a container on that network, and for the scale benchmark light
// agents (the v1 agent image, whose real Debian netdata 1.37.1 binaries answer `netdata -v` and buildinfo,
// running `sleep` instead of the daemon). Everything carries netdata-cloud-doctor.test=<RUN_ID>, RUN_ID being
// bench-<id> (set by bench/run.ts before this module is loaded), and is removed by cleanup().

import { randomBytes } from 'node:crypto';
import {
  assertFakeImages,
  removeFakeResources,
  startFakeAgent,
  startFakeCloud,
  type FakeAgent,
  type FakeCloud,
} from '../../test/testbed/fakes.ts';
import { IMAGES, RUN_ID, TEST_LABEL, docker, ensureInternalNetwork } from '../../test/testbed/scenarios.ts';
import { until } from './util.ts';

export { RUN_ID, TEST_LABEL, docker };
export type { FakeAgent, FakeCloud };

let cloud: Promise<FakeCloud> | undefined;

/** One fake Netdata Cloud per run, in a container on the --internal network under a `.test` name. */
export function fakeCloud(): Promise<FakeCloud> {
  cloud ??= (async () => {
    await assertFakeImages();
    return startFakeCloud({ mode: 'normal', where: 'container', network: 'internal' });
  })();
  return cloud;
}

/** A fake v2.10.4 agent, claimed to the fake cloud (trusting its CA), online, on the internal network. */
export async function startLiveAgent(prefix: string): Promise<FakeAgent> {
  const c = await fakeCloud();
  return startFakeAgent({
    generation: 'v2',
    state: 'online',
    name: `ncd-bench-${prefix}-${randomBytes(3).toString('hex')}`,
    network: 'internal',
    cloudUrl: c.url,
    trustCaFile: c.caFile,
  });
}

export interface LightAgent {
  id: string;
  name: string;
}

/**
 * A light agent for the scale benchmark: the v1 agent image (official layout, OCI labels "Netdata Agent" and
 * version v1.37.1, Debian's real netdata binaries) with `sleep infinity` instead of the agent daemon, no network.
 * Exec of `netdata -v` / `-W buildinfo` runs the real binary; netdatacli and the API find no daemon.
 */
export async function startLightAgents(count: number, parallel = 8): Promise<LightAgent[]> {
  const out: LightAgent[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const name = `ncd-bench-light-${randomBytes(4).toString('hex')}`;
      const container = await docker.createContainer({
        name,
        Image: IMAGES.v1,
        Entrypoint: ['sleep', 'infinity'],
        Labels: { [TEST_LABEL]: RUN_ID },
        HostConfig: { NetworkMode: 'none', Dns: ['127.0.0.1'], Init: true },
        // The image's HEALTHCHECK asks the API, which `sleep` does not serve: every minute an exec per agent on
        // the engine, and at the third failure (~180 s) a health_status event that brings a node pass into
        // whatever is being measured.
        Healthcheck: { Test: ['NONE'] },
      });
      await container.start();
      out.push({ id: container.id, name });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return out;
}

export { ensureInternalNetwork };

/**
 * Waits until every container's HEALTHCHECK reports healthy. A fake agent's image probes as the official one
 * does (first probe at 60 s), and the doctor runs a node pass on the health_status event that follows: a
 * benchmark lets these happen before it measures.
 */
export async function healthy(ids: readonly string[], timeoutMs = 120_000): Promise<void> {
  await until(
    `${ids.length} agent(s) healthy`,
    async () => {
      const states = await Promise.all(ids.map(async (id) => (await docker.getContainer(id).inspect()).State.Health?.Status));
      return states.every((s) => s === 'healthy') ? true : undefined;
    },
    timeoutMs,
    1_000,
  );
}

/** Removes every container, volume and network of this run (label netdata-cloud-doctor.test=<RUN_ID>). */
export async function cleanup(): Promise<void> {
  cloud = undefined;
  await removeFakeResources();
}
