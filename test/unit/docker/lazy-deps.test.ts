// Deferred dependencies (src/docker/lazy-deps.ts): loading the dockerode adapter and the metrics module
// loads neither ssh2, gRPC, protobufjs, tar-fs nor OpenTelemetry; each stand-in loads its real module on
// first use and then behaves as it (an ssh:// engine still gets ssh2's transport).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import { createRequire } from 'node:module';
import { types } from 'node:util';
import { deferredModulePaths, deferUnusedDependencies } from '../../../src/docker/lazy-deps.ts';
import '../../../src/docker/dockerode-client.ts';
import '../../../src/server/metrics.ts';

const require = createRequire(import.meta.url);
const loaded = (pattern: RegExp) => Object.keys(require.cache).filter((file) => pattern.test(file));

describe('deferred dependencies', () => {
  it("the doctor's Engine client and metrics load none of the deferred packages", () => {
    const paths = deferredModulePaths().map((d) => d.file);
    assert.equal(paths.length, 5);
    // Each deferred file's cache entry is a stand-in (a proxy), not the module.
    for (const file of paths) assert.ok(types.isProxy(require.cache[file]?.exports), `no stand-in for ${file}`);
    const stands = new Set(paths);
    assert.deepEqual(
      loaded(/node_modules\/(ssh2|@grpc|protobufjs|tar-fs|@balena|@opentelemetry|cpu-features)\//).filter((f) => !stands.has(f)),
      [],
    );
    // dockerode itself is loaded.
    assert.equal(loaded(/node_modules\/dockerode\/lib\/docker\.js$/).length, 1);
    assert.deepEqual(deferUnusedDependencies().sort(), paths.sort(), 'installed once, the same files');
  });

  it('the SSH stand-in loads ssh2 on its first call and returns its real transport', () => {
    const sshFile = deferredModulePaths()[0]!.file;
    const ssh = require(sshFile) as (options: object) => unknown;
    const agent = ssh({ host: '127.0.0.1', port: 1, username: 'nobody' });
    // docker-modem's ssh.js returns an http.Agent whose connections go through ssh2 (not opened here).
    assert.ok(agent instanceof Agent);
    assert.ok(loaded(/node_modules\/ssh2\//).length > 0, 'ssh2 loaded on first use');
    assert.ok(!types.isProxy(require.cache[sshFile]?.exports), 'the real module is in the cache from then on');
  });

  it('an object stand-in loads on the first property read (tar-fs)', () => {
    const tarFile = deferredModulePaths()[2]!.file;
    const tar = require(tarFile) as { pack?: unknown; extract?: unknown };
    assert.equal(typeof tar.pack, 'function');
    assert.equal(typeof tar.extract, 'function');
    assert.ok(loaded(/node_modules\/tar-fs\//).length > 0);
  });
});
