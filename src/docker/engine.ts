// Finding the engine (CONTRACT §3): DOCKER_HOST, the current context, then the well-known sockets.
// Each step is logged at debug with why it did or did not apply.

import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { DockerOptions } from 'dockerode';

export interface EngineEndpoint {
  /** For people: "unix:///var/run/docker.sock", "tcp://host:2376 (TLS)". */
  description: string;
  options: DockerOptions;
}

export interface EngineSettings {
  host?: string;
  context?: string;
  tlsVerify?: boolean;
  certPath?: string;
}

type Debug = (msg: string) => void;

function fromHost(host: string, s: EngineSettings): EngineEndpoint | string {
  if (host.startsWith('unix://')) {
    const socketPath = host.slice('unix://'.length);
    return { description: host, options: { socketPath } };
  }
  if (host.startsWith('/')) return { description: `unix://${host}`, options: { socketPath: host } };
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    return `not a valid engine address: ${host}`;
  }
  if (url.protocol === 'tcp:' || url.protocol === 'http:' || url.protocol === 'https:') {
    const tls = s.tlsVerify || url.protocol === 'https:';
    const options: DockerOptions = { host: url.hostname, port: Number(url.port || (tls ? 2376 : 2375)), protocol: tls ? 'https' : 'http' };
    if (tls) {
      const dir = s.certPath ?? join(homedir(), '.docker');
      try {
        options.ca = readFileSync(join(dir, 'ca.pem'));
        options.cert = readFileSync(join(dir, 'cert.pem'));
        options.key = readFileSync(join(dir, 'key.pem'));
      } catch (err) {
        return `TLS requested but certificates in ${dir} are not readable: ${(err as Error).message}`;
      }
    }
    return { description: `${url.protocol}//${url.host}${tls ? ' (TLS)' : ''}`, options };
  }
  if (url.protocol === 'ssh:') {
    return {
      description: host,
      options: { protocol: 'ssh', host: url.hostname, port: Number(url.port || 22), username: url.username || undefined } as DockerOptions,
    };
  }
  return `unsupported engine address scheme ${url.protocol}`;
}

/** The host of a Docker CLI context, as stored by `docker context create`. */
function contextHost(name: string, home: string): string | undefined {
  const meta = join(home, '.docker', 'contexts', 'meta', createHash('sha256').update(name).digest('hex'), 'meta.json');
  const parsed = JSON.parse(readFileSync(meta, 'utf8')) as { Endpoints?: { docker?: { Host?: string } } };
  return parsed.Endpoints?.docker?.Host;
}

function currentContext(s: EngineSettings, home: string): string | undefined {
  if (s.context) return s.context;
  try {
    const config = JSON.parse(readFileSync(join(home, '.docker', 'config.json'), 'utf8')) as { currentContext?: string };
    return config.currentContext;
  } catch {
    return undefined;
  }
}

const isSocket = (path: string): boolean => {
  try {
    return statSync(path).isSocket();
  } catch {
    return false;
  }
};

export function socketCandidates(env: NodeJS.ProcessEnv, home: string): string[] {
  const runtime = env.XDG_RUNTIME_DIR;
  return [
    '/var/run/docker.sock',
    // The same file where /var/run links to /run; a mount at /run/docker.sock in an image without that link.
    '/run/docker.sock',
    ...(runtime ? [join(runtime, 'docker.sock')] : []),
    join(home, '.docker', 'run', 'docker.sock'),
    ...(runtime ? [join(runtime, 'podman', 'podman.sock')] : []),
    '/run/podman/podman.sock',
  ];
}

export function discoverEngine(
  settings: EngineSettings,
  debug: Debug,
  env: NodeJS.ProcessEnv = process.env,
  home = homedir(),
): EngineEndpoint | { error: string } {
  if (settings.host) {
    const result = fromHost(settings.host, settings);
    debug(`engine: DOCKER_HOST=${settings.host} → ${typeof result === 'string' ? result : 'used'}`);
    return typeof result === 'string' ? { error: `DOCKER_HOST: ${result}` } : result;
  }
  debug('engine: DOCKER_HOST not set');
  const context = currentContext(settings, home);
  if (context && context !== 'default') {
    try {
      const host = contextHost(context, home);
      if (host) {
        const result = fromHost(host, settings);
        debug(`engine: context ${context} → ${typeof result === 'string' ? result : host}`);
        if (typeof result !== 'string') return { ...result, description: `${result.description} (context ${context})` };
      }
    } catch (err) {
      debug(`engine: context ${context} unreadable: ${(err as Error).message}`);
    }
  } else {
    debug('engine: no Docker context other than default');
  }
  for (const path of socketCandidates(env, home)) {
    const found = isSocket(path);
    debug(`engine: ${path} ${found ? 'found' : 'absent'}`);
    if (found) return { description: `unix://${path}`, options: { socketPath: path } };
  }
  return {
    error:
      "no Docker engine found: DOCKER_HOST unset, no context, no socket at /var/run/docker.sock, /run/docker.sock, $XDG_RUNTIME_DIR/docker.sock, ~/.docker/run/docker.sock or Podman's",
  };
}

/**
 * Why this process may not open a unix socket, with the fix filled in: the socket's group for group_add
 * (a socket can be stat'ed without the right to connect to it).
 */
export function socketPermissionHint(socketPath: string): string {
  try {
    const st = statSync(socketPath);
    const mode = (st.mode & 0o777).toString(8);
    const who = process.getuid ? `uid ${process.getuid()}, groups ${process.getgroups?.().join(',') || 'none'}` : 'this user';
    const fix =
      (st.mode & 0o060) === 0o060
        ? `add the socket's group, group_add: ["${st.gid}"] (docker run --group-add ${st.gid})`
        : // 0600 (e.g. Podman's rootful socket): the group does not help, only its owner may connect.
          `only its owner may open it: run the doctor as uid ${st.uid} (user: "${st.uid}"), or give the socket's group read and write (mode 660) and add that group, group_add: ["${st.gid}"]`;
    return `permission denied on ${socketPath} (owner ${st.uid}:${st.gid}, mode ${mode}; the doctor runs as ${who}): ${fix}`;
  } catch {
    return `permission denied on ${socketPath}: add the socket's group with group_add (the number stat -c %g ${socketPath} prints on the host)`;
  }
}
