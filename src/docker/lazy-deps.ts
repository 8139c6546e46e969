// Dependencies load, when first imported, parts the doctor never or almost never uses: docker-modem's SSH
// transport (`lib/ssh.js` → ssh2 with its WebAssembly crypto, ~16 MB of external memory), dockerode's
// BuildKit sessions (`lib/session.js` → @grpc/grpc-js, @grpc/proto-loader, protobufjs), dockerode's
// build-context helpers (tar-fs, @balena/dockerignore: buildImage only) and prom-client's OpenTelemetry API
// (exemplars of a default metric the doctor does not register). Before those packages load, this puts in
// Node's CommonJS module cache (require.cache, the documented way to pre-empt a require) a stand-in for
// each: a proxy that loads the real module the first time it is called, constructed or read, and from then
// on forwards to it. So an ssh:// engine still works (ssh2 loads on its first request) while any other
// engine never loads ssh2 or gRPC. Nothing is replaced, only deferred; the real module runs unchanged.
// (module.registerHooks cannot do this here: tsx's require hook reads files itself and bypasses `load`.)
//
// Must run before dockerode and prom-client are evaluated: dockerode-client.ts and server/metrics.ts
// import this module first.

import Module, { createRequire } from 'node:module';
import path from 'node:path';

/** The deferred modules, found from the requiring package's own resolution (the copies really required). */
export function deferredModulePaths(): { file: string; why: string }[] {
  const fromHere = createRequire(import.meta.url);
  const dockerodeMain = fromHere.resolve('dockerode');
  const fromDockerode = createRequire(dockerodeMain);
  const modemMain = fromDockerode.resolve('docker-modem');
  const dockerodeUtil = path.join(path.dirname(dockerodeMain), 'util.js');
  const promCpu = path.join(path.dirname(fromHere.resolve('prom-client')), 'lib', 'metrics', 'processCpuTotal.js');
  return [
    { file: path.join(path.dirname(modemMain), 'ssh.js'), why: 'SSH transport (ssh2), for ssh:// engines only' },
    {
      file: path.join(path.dirname(dockerodeMain), 'session.js'),
      why: 'BuildKit sessions (@grpc/grpc-js, protobufjs), for buildImage with a session only',
    },
    { file: createRequire(dockerodeUtil).resolve('tar-fs'), why: 'tar packing of a build context, for buildImage/putArchive only' },
    { file: createRequire(dockerodeUtil).resolve('@balena/dockerignore'), why: '.dockerignore rules, for buildImage only' },
    {
      file: createRequire(promCpu).resolve('@opentelemetry/api'),
      why: 'OpenTelemetry exemplars of the default CPU metric, which the doctor does not register',
    },
  ];
}

/**
 * A module whose export stands in for `file`'s until first used: called, constructed or a property read,
 * it loads the real module (out of the cache first, so that require really loads the file) and forwards.
 */
function standIn(file: string, cache: Record<string, NodeJS.Module | undefined>, load: (file: string) => unknown): NodeJS.Module {
  let real: object | undefined;
  const stand = new Module(file) as NodeJS.Module;
  const target = (): object => {
    if (!real) {
      if (cache[file] === stand) delete cache[file];
      real = load(file) as object;
    }
    return real;
  };
  stand.filename = file;
  stand.loaded = true;
  // A function target, so that function exports can be called and constructed through the proxy.
  stand.exports = new Proxy(function deferred() {}, {
    apply: (_t, self, args) => Reflect.apply(target() as (...a: unknown[]) => unknown, self, args),
    construct: (_t, args) => Reflect.construct(target() as new (...a: unknown[]) => object, args),
    get: (_t, key) => Reflect.get(target(), key),
    has: (_t, key) => Reflect.has(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor: (_t, key) => {
      const d = Reflect.getOwnPropertyDescriptor(target(), key);
      return d ? { ...d, configurable: true } : undefined;
    },
  });
  return stand;
}

let deferred: string[] | undefined;

/** Install the stand-ins once per process (and only where the real module is not loaded yet). Returns the deferred files. */
export function deferUnusedDependencies(): string[] {
  if (deferred) return deferred;
  const require = createRequire(import.meta.url);
  const cache = require.cache as Record<string, NodeJS.Module | undefined>;
  deferred = [];
  for (const { file } of deferredModulePaths()) {
    if (cache[file]) continue;
    cache[file] = standIn(file, cache, (f) => require(f));
    deferred.push(file);
  }
  return deferred;
}

deferUnusedDependencies();
