// node scripts/bundle.mjs [--outfile dist/cli/run.js] [--metafile FILE]
//
// The doctor as one file for the image (and bench/'s compiled doctor): src/cli/run.ts and every module it
// reaches, dependencies included, bundled by esbuild into dist/cli/run.js (CommonJS, Node 22). Why (bench/results.md,
// issue 13): Node keeps a module wrapper, a compiled function and a source string per file; the doctor's
// ~400 dependency files cost memory a single file does not.
//
// What stays outside, loaded from node_modules by Node itself only when used (so the image still ships the
// production node_modules for them):
// - the parts of dockerode and prom-client the doctor never calls (src/docker/lazy-deps.ts lists them: ssh2,
//   gRPC, protobufjs, tar-fs, dockerignore, OpenTelemetry): in the bundle each is a stand-in that requires
//   the real module on first use (the same deferral lazy-deps.ts installs in require.cache when the modules
//   are not bundled, which here is a no-op);
// - pino-pretty (src/log/logger.ts), required on first use through createRequire, which esbuild leaves alone.
// undici's narrow entry points (src/network/undici.ts) are bundled, still loaded on first use, without HTTP/2.
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { outfile: { type: 'string' }, metafile: { type: 'string' }, root: { type: 'string' } } });
const root = path.resolve(values.root ?? REPO);
const outfile = path.resolve(values.outfile ?? path.join(root, 'dist', 'cli', 'run.js'));

/** Required by dockerode/docker-modem/prom-client, deferred to the first use (as in src/docker/lazy-deps.ts). */
const DEFERRED = [
  { from: /docker-modem[\\/]lib[\\/]modem\.js$/, request: './ssh', spec: 'docker-modem/lib/ssh.js' },
  { from: /dockerode[\\/]lib[\\/]docker\.js$/, request: './session', spec: 'dockerode/lib/session.js' },
  { from: /dockerode[\\/]lib[\\/]docker\.js$/, request: './buildkit', spec: 'dockerode/lib/buildkit.js' },
  { from: /dockerode[\\/]lib[\\/]util\.js$/, request: 'tar-fs', spec: 'tar-fs' },
  { from: /dockerode[\\/]lib[\\/]util\.js$/, request: '@balena/dockerignore', spec: '@balena/dockerignore' },
  { from: /prom-client[\\/]/, request: '@opentelemetry/api', spec: '@opentelemetry/api' },
  // Loading node:https costs ~5 MB of RSS (tls, OpenSSL's context); docker-modem needs it for https:// engines only.
  { from: /docker-modem[\\/]lib[\\/]http\.js$/, request: 'https', spec: 'node:https' },
  // zlib: for dockerode's build contexts only.
  { from: /dockerode[\\/]lib[\\/]util\.js$/, request: 'zlib', spec: 'node:zlib' },
  // pino's transports run in worker threads (thread-stream); the doctor logs to a file descriptor, never through one.
  { from: /pino[\\/]pino\.js$/, request: './lib/transport', spec: 'pino/lib/transport.js' },
  { from: /pino[\\/]lib[\\/]tools\.js$/, request: './transport', spec: 'pino/lib/transport.js' },
];

/**
 * Bundled, but evaluated only on first use: the stand-in requires the bundled module itself (esbuild's lazy
 * module wrapper), so that it shares the rest of its package's module instances.
 */
const DEFERRED_BUNDLED = [
  // undici's HTTP/2 client loads node:http2 and with it tls (~10 MB of RSS); the agent API is HTTP/1.1.
  { from: /undici[\\/]lib[\\/]dispatcher[\\/]client\.js$/, request: './client-h2.js' },
];

// prom-client's index requires every metric type, the default metrics, the Pushgateway (http, https, zlib) and
// the cluster aggregator (node:cluster); the doctor uses four classes.
const PROM_CLIENT = `module.exports = {
  Registry: require('prom-client/lib/registry'),
  Counter: require('prom-client/lib/counter'),
  Gauge: require('prom-client/lib/gauge'),
  Histogram: require('prom-client/lib/histogram'),
};`;

// A proxy that loads the real module (Node's own require, from node_modules) the first time it is called,
// constructed or read, and from then on forwards to it.
const standIn = (spec) => `
let real;
const target = () => (real ??= require(${JSON.stringify(spec)}));
module.exports = new Proxy(function deferred() {}, {
  apply: (_t, self, args) => Reflect.apply(target(), self, args),
  construct: (_t, args) => Reflect.construct(target(), args),
  get: (_t, key) => Reflect.get(target(), key),
  has: (_t, key) => Reflect.has(target(), key),
  ownKeys: () => Reflect.ownKeys(target()),
  getOwnPropertyDescriptor: (_t, key) => {
    const d = Reflect.getOwnPropertyDescriptor(target(), key);
    return d ? { ...d, configurable: true } : undefined;
  },
});
`;

const deferPlugin = {
  name: 'defer-unused',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.path === 'prom-client' && args.importer.endsWith('metrics.ts'))
        return { path: 'prom-client', namespace: 'prom-client-used' };
      if (args.kind !== 'require-call') return undefined;
      // The stand-in's own require: Node's, at run time, from node_modules.
      if (args.namespace === 'deferred') return { path: args.path, external: true };
      if (args.namespace === 'deferred-bundled') return undefined;
      if (DEFERRED_BUNDLED.some((x) => x.request === args.path && x.from.test(args.importer))) {
        return { path: path.join(path.dirname(args.importer), args.path), namespace: 'deferred-bundled' };
      }
      const d = DEFERRED.find((x) => x.request === args.path && x.from.test(args.importer));
      return d ? { path: d.spec, namespace: 'deferred' } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'prom-client-used' }, () => ({ contents: PROM_CLIENT, loader: 'js', resolveDir: root }));
    b.onLoad({ filter: /.*/, namespace: 'deferred-bundled' }, (args) => ({ contents: standIn(args.path), loader: 'js', resolveDir: root }));
    // undici's narrow entry points (src/network/undici.ts) bundled too, still required on first use only: its
    // createRequire(import.meta.url) becomes the bundle's own require.
    b.onLoad({ filter: /[\\/]src[\\/]network[\\/]undici\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const line = '  const require = createRequire(import.meta.url);\n';
      if (!text.includes(line)) throw new Error(`${args.path}: expected "${line.trim()}" (scripts/bundle.mjs)`);
      return { contents: text.replace(line, ''), loader: 'ts' };
    });
    b.onLoad({ filter: /.*/, namespace: 'deferred' }, (args) => ({ contents: standIn(args.path), loader: 'js', resolveDir: root }));
    // The entry without its top-level await, which a CommonJS file cannot have: its statements run in an async function.
    b.onLoad({ filter: /[\\/]src[\\/]cli[\\/]run\.ts$/ }, async (args) => {
      const lines = (await readFile(args.path, 'utf8')).split('\n');
      const imports = lines.filter((l) => l.startsWith('import '));
      const body = lines.filter((l) => !l.startsWith('import '));
      return { contents: `${imports.join('\n')}\nvoid (async () => {\n${body.join('\n')}\n})();\n`, loader: 'ts' };
    });
    // The require.cache stand-ins have nothing to defer in a bundle: the deferral is the stand-ins above.
    b.onLoad({ filter: /[\\/]src[\\/]docker[\\/]lazy-deps\.ts$/ }, () => ({ contents: 'export {};', loader: 'ts' }));
  },
};

const result = await build({
  absWorkingDir: root,
  entryPoints: [path.join(root, 'src', 'cli', 'run.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  // CommonJS, not ESM: an ES module's `import … from 'node:http'` builds the built-in's namespace by reading
  // every export, and node:http's lazy WebSocket/fetch exports then load Node's own undici, tls, crypto, zlib
  // and worker_threads (+13 MB of RSS for a bare server on Node 24, measured); require() reads none of them.
  format: 'cjs',
  define: { 'import.meta.url': '__ncdModuleUrl' },
  target: 'node22',
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  // CommonJS dependencies call require() for Node's built-ins; an ES module has none of its own.
  banner: { js: "const __ncdModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [deferPlugin],
});
// dist/ holds CommonJS in a "type": "module" package: its own package.json says so (its name is not the
// doctor's, so src/version.ts reads the package.json above it).
writeFileSync(path.join(path.dirname(path.dirname(outfile)), 'package.json'), '{ "type": "commonjs" }\n');
if (values.metafile) writeFileSync(values.metafile, JSON.stringify(result.metafile));
const bytes = Object.values(result.metafile.outputs).reduce((t, o) => t + o.bytes, 0);
process.stderr.write(
  `bundle: ${path.relative(process.cwd(), outfile)} (${Math.round(bytes / 1024)} KiB, ${Object.keys(result.metafile.inputs).length} inputs)\n`,
);
