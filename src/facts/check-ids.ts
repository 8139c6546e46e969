// The check ids (CONTRACT §4), in report order: the names every layer may use to speak of a check, so that
// Netdata's vocabulary (src/agent/) can say which check a reason belongs to without importing the checks.

export const CHECK_IDS = [
  'docker.api',
  'agent.discovery',
  'agent.running',
  'agent.version',
  'agent.cloud-support',
  'claim.config',
  'claim.script',
  'claim.state',
  'storage.persistence',
  'identity.unique',
  'host.seccomp',
  'network.cloud',
  'network.websocket',
  'aclk.connection',
  'aclk.ban',
  'cloud.node',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];
