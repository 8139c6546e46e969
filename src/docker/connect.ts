// The one way to get a DockerClient: discover the engine (CONTRACT §3), then the dockerode client for it, or
// a client that answers every call with the discovery error so that docker.api can say why.

import { discoverEngine, type EngineSettings } from './engine.ts';
import { DockerodeClient } from './dockerode-client.ts';
import { UnreachableClient } from './unreachable-client.ts';
import type { DockerClient } from './client.ts';

export function connectEngine(
  settings: EngineSettings,
  debug: (msg: string) => void,
  env: NodeJS.ProcessEnv,
  onError?: () => void,
): DockerClient {
  const endpoint = discoverEngine(settings, debug, env);
  return 'error' in endpoint
    ? new UnreachableClient(settings.host ?? 'no engine', endpoint.error)
    : new DockerodeClient(endpoint, undefined, onError ?? (() => undefined));
}
