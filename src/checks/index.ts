// The catalogue of checks, in report order. Adding a check means adding its file here and its doc page.

import type { EngineCheck, NodeCheck } from './types.ts';
import { dockerApi } from './docker-api.ts';
import { agentDiscovery } from './agent-discovery.ts';
import { agentRunning } from './agent-running.ts';
import { agentVersion } from './agent-version.ts';
import { agentCloudSupport } from './agent-cloud-support.ts';
import { claimConfig } from './claim-config.ts';
import { claimScript } from './claim-script.ts';
import { claimState } from './claim-state.ts';
import { storagePersistence } from './storage-persistence.ts';
import { identityUnique } from './identity-unique.ts';
import { hostSeccomp } from './host-seccomp.ts';
import { networkCloud } from './network-cloud.ts';
import { networkWebsocket } from './network-websocket.ts';
import { aclkConnection } from './aclk-connection.ts';
import { aclkBan } from './aclk-ban.ts';
import { cloudNodeCheck } from './cloud-node.ts';

export const ENGINE_CHECKS: readonly EngineCheck[] = [dockerApi, agentDiscovery];

export const NODE_CHECKS: readonly NodeCheck[] = [
  agentRunning,
  agentVersion,
  agentCloudSupport,
  claimConfig,
  claimScript,
  claimState,
  storagePersistence,
  identityUnique,
  hostSeccomp,
  networkCloud,
  networkWebsocket,
  aclkConnection,
  aclkBan,
  cloudNodeCheck,
];
