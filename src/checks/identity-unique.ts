// identity.unique: two agents with one machine GUID or claim ID flap in Netdata Cloud, and a v1 clone's
// claim is rejected as "already claimed" (facts §3 "Identity and cloning"; FM04).

import type { NodeCheck, NodeCheckContext } from './types.ts';
import { ev, finding, skip } from './finding.ts';
import { mountHolding } from './storage-persistence.ts';
import { restart } from './remedy.ts';
import { separateVolumeSteps, stepsFor } from '../remedy/index.ts';
import { freshIdentitySteps, recreateNote } from './steps.ts';

/** GUIDs that Netdata itself regenerates because they leaked into images (facts §3). */
export const LEAKED_GUIDS = new Set([
  '8a795b0c-2311-11e6-8563-000c295076a6',
  '4aed1458-1c3e-11e6-a53f-000c290fc8f5',
  '00000000-0000-0000-0000-000000000000',
]);

type Peer = NodeCheckContext['fleet'][number];
const isRunning = (p: Peer): boolean => p.node.container.status === 'running' || p.node.container.status === 'restarting';
const libVolume = (p: Peer): string | undefined => {
  const m = mountHolding(p.node.container.mounts, '/var/lib/netdata');
  // Each container's tmpfs is its own.
  return m && m.type !== 'tmpfs' ? `${m.type}:${m.name ?? m.source}` : undefined;
};

export const identityUnique: NodeCheck = (view) => {
  const { node, agent, fleet } = view;
  const c = node.container;
  const me = fleet.find((p) => p.node.container.id === c.id) ?? view;
  const others = fleet.filter((p) => p.node.container.id !== c.id);
  const guid = agent.machineGuid?.value.toLowerCase();
  // v1's claim ID is the machine GUID by design; only a v2 claim ID is an identity of its own.
  const claimId = agent.claimId && agent.claimId.value.toLowerCase() !== guid ? agent.claimId.value.toLowerCase() : undefined;
  const volume = libVolume(me);

  const shares = others
    .map((p) => {
      const what: string[] = [];
      if (guid && p.agent.machineGuid?.value.toLowerCase() === guid) what.push(`machine GUID ${guid}`);
      if (claimId && p.agent.claimId?.value.toLowerCase() === claimId) what.push(`claim ID ${claimId}`);
      if (volume && libVolume(p) === volume) what.push(`the volume ${volume.split(':').slice(1).join(':')}`);
      return { peer: p, what };
    })
    .filter((s) => s.what.length > 0);

  const evidence = {
    machineGuid: ev(
      guid ?? (node.files.machineGuid.ok ? 'empty' : node.files.machineGuid.reason),
      'file: /var/lib/netdata/registry/netdata.public.unique.id',
    ),
    ...(claimId ? { claimId: ev(claimId, agent.claimId!.detail ?? 'file') } : {}),
    comparedWith: ev(
      others.map((p) => p.node.container.name),
      'agents diagnosed in this pass',
    ),
  };
  const running = isRunning(me);
  const clash = shares.find((s) => running && isRunning(s.peer));
  const fresh = `Give one of them its own identity: stop it, remove registry/netdata.public.unique.id and cloud.d/ from its /var/lib/netdata (or give it its own volume), start it and claim it again.`;
  // The steps give THIS agent its own identity; applied to one of the two, both pass.
  const ownIdentity = (sharedVolume: boolean): { text: string; steps: ReturnType<typeof freshIdentitySteps> } => {
    if (!c.spec) return { text: fresh, steps: [] };
    if (sharedVolume) {
      return {
        text:
          `Give ${c.name} its own volume (apply the steps to one of the two agents only): they stop it, create an empty named ` +
          `volume for its /var/lib/netdata and recreate it with that volume, so it makes a new machine GUID and ` +
          `claims again from its claim environment.${recreateNote(c)}`,
        steps: stepsFor(c, (s) => separateVolumeSteps(s, agent.version?.value)),
      };
    }
    return {
      text:
        `Give ${c.name} a fresh identity (apply the steps to one of the two agents only): they stop it, remove its GUID file, every ` +
        'status-netdata.json its version brings the GUID back from, and the contents of cloud.d/ (claim.conf and the claim ' +
        'environment stay), then start it again: it makes a new machine GUID and claims again as a new node.',
      steps: freshIdentitySteps(view),
    };
  };
  if (clash) {
    const fix = ownIdentity(clash.what.some((w) => w.startsWith('the volume')));
    return finding(
      'identity.unique',
      'fail',
      'shared-with-running-agent',
      `shares ${clash.what.join(' and ')} with the running agent ${clash.peer.node.container.name}: Netdata Cloud sees one node flapping`,
      { ...evidence, sharedWith: ev(clash.peer.node.container.name, 'fleet') },
      fix.text,
      fix.steps,
    );
  }
  const dormant = shares[0];
  if (dormant) {
    const other = dormant.peer.node.container.name;
    const who = running
      ? `the stopped agent ${other}`
      : `${isRunning(dormant.peer) ? 'the running' : 'the stopped'} agent ${other} (this one is stopped)`;
    const fix = ownIdentity(dormant.what.some((w) => w.startsWith('the volume')));
    return finding(
      'identity.unique',
      'warn',
      'shared-with-stopped-agent',
      `shares ${dormant.what.join(' and ')} with ${who}: both cannot run at once`,
      { ...evidence, sharedWith: ev(dormant.peer.node.container.name, 'fleet') },
      `Remove the unused container, or: ${fix.text}`,
      fix.steps,
    );
  }
  if (guid && LEAKED_GUIDS.has(guid)) {
    const steps = freshIdentitySteps(view);
    return finding(
      'identity.unique',
      'warn',
      'leaked-guid',
      `machine GUID ${guid} is a known leaked GUID shared by many installations`,
      evidence,
      steps.length > 0
        ? 'Give the agent its own identity with the steps: they stop it, remove the GUID file, every status-netdata.json its version ' +
            'brings the GUID back from and the contents of cloud.d/, then start it again: it makes its own GUID and claims again.'
        : `Remove /var/lib/netdata/registry/netdata.public.unique.id and ${restart(c)} so the agent makes its own.`,
      steps,
    );
  }
  if (!guid && !claimId && !volume) {
    return skip(
      'identity.unique',
      'no-identity',
      `no identity to compare: ${node.files.machineGuid.ok ? 'GUID file empty' : node.files.machineGuid.reason}`,
    );
  }
  return finding(
    'identity.unique',
    'pass',
    'ok',
    guid
      ? `machine GUID ${guid} is unique among ${fleet.length} agent(s) here`
      : `no identity shared with the ${others.length} other agent(s) here`,
    evidence,
  );
};
