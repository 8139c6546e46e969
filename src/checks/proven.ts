// Causes whose steps an integration test applies literally to a container and then diagnoses again
// (CONTRACT §4: "the test suite proves this for every cause it can reproduce"), with the test that does it,
// and why the others cannot be proven on this test bed. docs/causes.md shows both.

import type { Cause } from './types.ts';

const FILE = 'test/integration/steps-proof.test.ts';

export const PROVEN_BY_APPLICATION: Partial<Record<Cause, string>> = {
  'storage.persistence/no-volume':
    `${FILE}: a v1 agent without a volume gets one and keeps its machine GUID; ` +
    'a compose service without a volume gets one through its file and keeps its machine GUID',
  'storage.persistence/tmpfs': `${FILE}: a v1 agent with /var/lib/netdata on a tmpfs gets a volume and keeps its machine GUID`,
  'claim.config/token-missing': `${FILE}: an agent without a claim gets the claim env`,
  'storage.persistence/anonymous-volume': `${FILE}: a v1 agent on an anonymous volume moves to a named one and keeps its machine GUID`,
  'storage.persistence/read-only': `${FILE}: a read-only /var/lib/netdata is made writable`,
  'identity.unique/shared-with-running-agent': `${FILE}: two v1 agents cloned from one GUID: the reset gives one its own; two v1 agents on one volume: one gets its own volume and GUID`,
  'claim.config/url-missing-v1': `${FILE}: a v1 token without URL gets the claim env`,
  'claim.config/url-quoted': `${FILE}: a v1 agent claimed with a quoted URL is claimed again with the clean one`,
  'agent.running/stopped-by-user': `${FILE}: an agent stopped by the user is started`,
  'agent.running/paused': `${FILE}: a paused agent is unpaused`,
};

/** Groups of causes not proven by application, and why: listed at the end of docs/causes.md. */
export const NOT_PROVABLE: readonly { causes: string; why: string }[] = [
  {
    causes:
      'network.cloud/*, network.websocket/*, aclk.connection/ (dns, tcp, tls, proxy, mqtt, websocket, cloud-error, blocked), aclk.ban/*',
    why: "their steps are [] by design: the fix is the network path (DNS, firewall, proxy) or Netdata Cloud itself, outside the user's hosts; there is nothing to apply",
  },
  {
    causes: 'docker.api/*, agent.discovery/*',
    why: 'steps are [] by design: the fix is how the doctor itself is deployed or which containers it is told to diagnose',
  },
  {
    causes: 'claim.state/token-rejected, already-claimed, room-id-rejected, … and agent.running/claim-failed-*',
    why:
      "the fake v1 claim script answers what FAKE_CLAIM_OUTCOME in the container's environment says, and the steps rightly keep that environment, " +
      'so the fake answers the same after a reclaim or identity reset; proving them needs a fake Cloud that answers by token and GUID (a real one would need a real claim token)',
  },
  {
    causes:
      'claim.script/*, agent.running/claim-script-not-runnable, agent.cloud-support/built-without-cloud, claim-script-built-without-cloud, build-unknown, agent.version/too-old, nightly',
    why: 'the steps switch the agent to the official netdata/netdata image, which this test bed cannot pull (no registry but npm and Debian)',
  },
  {
    causes: 'host.seccomp/* and agent.running/seccomp-blocked-start',
    why: "they need an old Docker engine, runc or libseccomp; the test bed's engine is current, and its seccomp warning comes from a read-only root filesystem, which the check already passes",
  },
  {
    causes: 'identity.unique for a v2.3.1+ agent (status-netdata.json)',
    why: 'the fake v2 agents do not yet bring a deleted machine GUID back from status-netdata.json as a real v2.11 agent does (a todo test in remedy-steps.test.ts waits for it), so a proof on them would prove nothing',
  },
  {
    causes:
      'agent.running/oom-killed, exited, created, restart-loop, exited-early; storage.persistence/config-not-persistent; claim.config warn causes; agent.cloud-support/disabled-*',
    why: 'not reproduced by a test-bed scenario yet (exited-early and restart-loop have [] steps: the log must first name the cause)',
  },
  {
    causes: 'cloud.node/*',
    why: "owned by the Cloud listing; its causes are about Netdata Cloud's side of the node and need the fake Cloud API in a pass with agents",
  },
];
