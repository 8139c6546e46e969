// Engine discovery (CONTRACT §3): DOCKER_HOST, the current context, then rootful, rootless, Desktop and
// Podman sockets; each attempt logged at debug.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverEngine, socketCandidates, type EngineEndpoint } from '../../../src/docker/engine.ts';

const ROOTFUL = '/var/run/docker.sock';
const rootfulPresent = (() => {
  try {
    return statSync(ROOTFUL).isSocket();
  } catch {
    return false;
  }
})();

let dir: string;
const servers: Server[] = [];
const listen = (path: string) =>
  new Promise<void>((resolve, reject) => {
    const server = createServer();
    servers.push(server);
    server.once('error', reject);
    server.listen(path, () => resolve());
  });

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'ncd-engine-'));
});
after(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  rmSync(dir, { recursive: true, force: true });
});

const endpoint = (r: ReturnType<typeof discoverEngine>): EngineEndpoint => {
  assert.ok(!('error' in r), `expected an endpoint, got ${JSON.stringify(r)}`);
  return r;
};
const error = (r: ReturnType<typeof discoverEngine>): string => {
  assert.ok('error' in r, `expected an error, got ${JSON.stringify(r)}`);
  return r.error;
};
const quiet = () => {};

describe('discoverEngine: DOCKER_HOST', () => {
  it('unix:// socket', () => {
    const e = endpoint(discoverEngine({ host: 'unix:///run/user/1000/docker.sock' }, quiet, {}, dir));
    assert.equal(e.description, 'unix:///run/user/1000/docker.sock');
    assert.deepEqual(e.options, { socketPath: '/run/user/1000/docker.sock' });
  });
  it('a bare path (older run.sh style)', () => {
    const e = endpoint(discoverEngine({ host: '/var/run/docker.sock' }, quiet, {}, dir));
    assert.equal(e.description, 'unix:///var/run/docker.sock');
    assert.deepEqual(e.options, { socketPath: '/var/run/docker.sock' });
  });
  it('tcp:// without TLS, default port 2375', () => {
    const e = endpoint(discoverEngine({ host: 'tcp://10.0.0.5' }, quiet, {}, dir));
    assert.deepEqual(e.options, { host: '10.0.0.5', port: 2375, protocol: 'http' });
    assert.equal(e.description, 'tcp://10.0.0.5');
  });
  it('tcp:// with a port', () => {
    const e = endpoint(discoverEngine({ host: 'tcp://docker.internal:2376' }, quiet, {}, dir));
    assert.deepEqual(e.options, { host: 'docker.internal', port: 2376, protocol: 'http' });
  });
  it('tcp:// with DOCKER_TLS_VERIFY reads the certificates from DOCKER_CERT_PATH', () => {
    const certs = join(dir, 'certs');
    mkdirSync(certs, { recursive: true });
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(certs, f), `---${f}---`);
    const e = endpoint(discoverEngine({ host: 'tcp://docker.internal', tlsVerify: true, certPath: certs }, quiet, {}, dir));
    assert.equal(e.description, 'tcp://docker.internal (TLS)');
    assert.equal(e.options.protocol, 'https');
    assert.equal(e.options.port, 2376);
    assert.equal(String(e.options.ca), '---ca.pem---');
    assert.equal(String(e.options.cert), '---cert.pem---');
    assert.equal(String(e.options.key), '---key.pem---');
  });
  it('TLS without readable certificates is an error naming the directory', () => {
    const msg = error(discoverEngine({ host: 'https://docker.internal', certPath: join(dir, 'nope') }, quiet, {}, dir));
    assert.match(msg, /^DOCKER_HOST: TLS requested but certificates in .*nope are not readable/);
  });
  it('ssh://', () => {
    const e = endpoint(discoverEngine({ host: 'ssh://ops@build-host:2222' }, quiet, {}, dir));
    assert.equal(e.description, 'ssh://ops@build-host:2222');
    assert.equal(e.options.protocol, 'ssh');
    assert.equal(e.options.host, 'build-host');
    assert.equal(e.options.port, 2222);
    assert.equal(e.options.username, 'ops');
  });
  it('a bad scheme is an error, not a fallback to sockets', () => {
    assert.equal(
      error(discoverEngine({ host: 'ftp://docker.internal' }, quiet, {}, dir)),
      'DOCKER_HOST: unsupported engine address scheme ftp:',
    );
  });
  it('not an address at all', () => {
    assert.match(error(discoverEngine({ host: 'localhost:2375 x' }, quiet, {}, dir)), /^DOCKER_HOST: /);
    assert.equal(error(discoverEngine({ host: 'not a url' }, quiet, {}, dir)), 'DOCKER_HOST: not a valid engine address: not a url');
  });
  it('logs the attempt at debug', () => {
    const lines: string[] = [];
    discoverEngine({ host: 'tcp://10.0.0.5:2375' }, (m) => lines.push(m), {}, dir);
    assert.deepEqual(lines, ['engine: DOCKER_HOST=tcp://10.0.0.5:2375 → used']);
  });
});

describe('discoverEngine: context', () => {
  const writeContext = (home: string, name: string, host: string) => {
    const meta = join(home, '.docker', 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
    mkdirSync(meta, { recursive: true });
    writeFileSync(
      join(meta, 'meta.json'),
      JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }),
    );
  };

  it('DOCKER_CONTEXT names a context whose host is used', () => {
    const home = join(dir, 'ctx1');
    writeContext(home, 'remote', 'tcp://10.1.2.3:2375');
    const e = endpoint(discoverEngine({ context: 'remote' }, quiet, {}, home));
    assert.equal(e.description, 'tcp://10.1.2.3:2375 (context remote)');
  });

  it('the current context from ~/.docker/config.json', () => {
    const home = join(dir, 'ctx2');
    writeContext(home, 'desktop-linux', 'unix:///home/u/.docker/desktop/docker.sock');
    writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify({ auths: {}, currentContext: 'desktop-linux' }));
    const e = endpoint(discoverEngine({}, quiet, {}, home));
    assert.equal(e.description, 'unix:///home/u/.docker/desktop/docker.sock (context desktop-linux)');
  });

  it('an unreadable context is logged and skipped', () => {
    const lines: string[] = [];
    const r = discoverEngine({ context: 'missing' }, (m) => lines.push(m), { XDG_RUNTIME_DIR: join(dir, 'none') }, join(dir, 'ctx3'));
    assert.ok(
      lines.some((l) => /context missing unreadable/.test(l)),
      lines.join('\n'),
    );
    if (!rootfulPresent) assert.match(error(r), /no Docker engine found/);
  });
});

describe('discoverEngine: sockets', () => {
  it('candidates in order: rootful (/var/run, /run), rootless, Docker Desktop, Podman rootless, Podman rootful', () => {
    assert.deepEqual(socketCandidates({ XDG_RUNTIME_DIR: '/run/user/1000' }, '/home/u'), [
      '/var/run/docker.sock',
      '/run/docker.sock',
      '/run/user/1000/docker.sock',
      '/home/u/.docker/run/docker.sock',
      '/run/user/1000/podman/podman.sock',
      '/run/podman/podman.sock',
    ]);
    assert.deepEqual(socketCandidates({}, '/home/u'), [
      '/var/run/docker.sock',
      '/run/docker.sock',
      '/home/u/.docker/run/docker.sock',
      '/run/podman/podman.sock',
    ]);
  });

  it('the rootless socket in XDG_RUNTIME_DIR (a real unix socket), each attempt logged', {
    skip: rootfulPresent && `${ROOTFUL} exists on this host and comes first`,
  }, async () => {
    const runtime = join(dir, 'xdg');
    mkdirSync(runtime, { recursive: true });
    await listen(join(runtime, 'docker.sock'));
    const lines: string[] = [];
    const e = endpoint(discoverEngine({}, (m) => lines.push(m), { XDG_RUNTIME_DIR: runtime }, join(dir, 'home-a')));
    assert.equal(e.description, `unix://${join(runtime, 'docker.sock')}`);
    assert.ok(lines.includes(`engine: ${ROOTFUL} absent`));
    assert.ok(lines.includes(`engine: ${join(runtime, 'docker.sock')} found`));
  });

  it("Docker Desktop's ~/.docker/run/docker.sock when there is no rootless one", {
    skip: rootfulPresent && `${ROOTFUL} exists on this host and comes first`,
  }, async () => {
    const home = join(dir, 'home-b');
    mkdirSync(join(home, '.docker', 'run'), { recursive: true });
    await listen(join(home, '.docker', 'run', 'docker.sock'));
    const e = endpoint(discoverEngine({}, quiet, { XDG_RUNTIME_DIR: join(dir, 'empty-xdg') }, home));
    assert.equal(e.description, `unix://${join(home, '.docker', 'run', 'docker.sock')}`);
  });

  it('a regular file where a socket should be is not a socket', {
    skip: rootfulPresent && `${ROOTFUL} exists on this host and comes first`,
  }, () => {
    const runtime = join(dir, 'xdg-file');
    mkdirSync(runtime, { recursive: true });
    writeFileSync(join(runtime, 'docker.sock'), '');
    const r = discoverEngine({}, quiet, { XDG_RUNTIME_DIR: runtime }, join(dir, 'home-c'));
    assert.ok('error' in r || r.options.socketPath !== join(runtime, 'docker.sock'), JSON.stringify(r));
  });

  it('the rootful socket comes first when present', { skip: !rootfulPresent && `${ROOTFUL} does not exist here` }, async () => {
    const runtime = join(dir, 'xdg2');
    mkdirSync(runtime, { recursive: true });
    await listen(join(runtime, 'docker.sock'));
    const e = endpoint(discoverEngine({}, quiet, { XDG_RUNTIME_DIR: runtime }, join(dir, 'home-d')));
    assert.equal(e.description, `unix://${ROOTFUL}`);
  });

  it('nothing found: one line naming every place tried', { skip: rootfulPresent && `${ROOTFUL} exists on this host` }, () => {
    const msg = error(discoverEngine({}, quiet, {}, join(dir, 'home-e')));
    assert.match(msg, /no Docker engine found: DOCKER_HOST unset, no context, no socket at \/var\/run\/docker\.sock/);
  });
});
