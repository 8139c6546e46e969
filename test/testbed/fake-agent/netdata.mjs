// FAKE /usr/sbin/netdata (the image's /usr/sbin/netdata is a two-line launcher that imports this file).
//   netdata -v | -V | --version   → "netdata vX.Y.Z"
//   netdata -W buildinfo          → the build information, in the layout of src/daemon/buildinfo.c (v1.42+:
//                                   "    <name> ____…____ : YES"); values invented, Cloud and ACLK built in
//   netdata -W buildinfojson      → the same as JSON (invented subset)
//   anything else (run.sh: -u netdata -D -s /host -p PORT)  → the fake daemon (server.mjs)
import os from 'node:os';
import { FakeAgent, GENERATIONS, generation } from './server.mjs';

const argv = process.argv.slice(2);
const gen = generation();
const version = process.env.FAKE_AGENT_VERSION || GENERATIONS[gen]?.version || 'v0.0.0';

function buildinfo() {
  const sections = [
    [
      'Packaging',
      [
        ['Netdata Version', version],
        ['Installation Type', 'oci'],
        ['Package Architecture', 'x86_64'],
        ['Package Distro', ''],
        ['Configure Options', 'dummy-configure-command'],
      ],
    ],
    [
      'Default Directories',
      [
        ['User Configurations', '/etc/netdata'],
        ['Stock Configurations', '/usr/lib/netdata/conf.d'],
        ['Ephemeral Databases (metrics data, metadata)', '/var/cache/netdata'],
        ['Permanent Databases', '/var/lib/netdata'],
        ['Plugins', '/usr/libexec/netdata/plugins.d'],
        ['Static Web Files', '/usr/share/netdata/web'],
        ['Log Files', '/var/log/netdata'],
        ['Lock Files', '/var/lib/netdata/lock'],
        ['Home', '/var/lib/netdata'],
      ],
    ],
    [
      'Operating System',
      [
        ['Kernel', 'Linux'],
        ['Kernel Version', os.release()],
        ['Operating System', 'Debian GNU/Linux'],
        ['Operating System ID', 'debian'],
        ['Operating System ID Like', 'unknown'],
        ['Operating System Version', gen === 'v2' ? '13 (trixie)' : '12 (bookworm)'],
        ['Operating System Version ID', 'unknown'],
        ['Detection', '/etc/os-release'],
      ],
    ],
    [
      'Hardware',
      [
        ['CPU Cores', String(os.cpus().length || 1)],
        ['CPU Frequency', 'unknown'],
        ['RAM Bytes', String(os.totalmem())],
        ['Disk Capacity', 'unknown'],
        ['CPU Architecture', 'x86_64'],
        ['Virtualization Technology', 'none'],
        ['Virtualization Detection', 'none'],
      ],
    ],
    [
      'Container',
      [
        ['Container', 'docker'],
        ['Container Detection', 'dockerenv'],
        ['Container Orchestrator', 'none'],
        ['Container Operating System', 'Debian GNU/Linux'],
        ['Container Operating System ID', 'debian'],
        ['Container Operating System ID Like', 'unknown'],
        ['Container Operating System Version', gen === 'v2' ? '13 (trixie)' : '12 (bookworm)'],
        ['Container Operating System Version ID', gen === 'v2' ? '13' : '12'],
        ['Container Operating System Detection', '/etc/os-release'],
      ],
    ],
    [
      'Features',
      [
        ['Built For', 'Linux'],
        ['Netdata Cloud', true],
        ['Health (trigger alerts and send notifications)', true],
        ['Streaming (stream metrics to parent Netdata servers)', true],
        ['Back-filling (of higher database tiers)', true],
        ['Replication (fill the gaps of parent Netdata servers)', true],
        ['Streaming and Replication Compression', true, 'zstd lz4 gzip brotli'],
        ['Contexts (index all active and archived metrics)', true],
        ['Tiering (multiple dbs with different metrics resolution)', true, '5'],
        ['Machine Learning', true],
        ['Memory Allocator', 'system'],
      ],
    ],
    [
      'Database Engines',
      [
        ['dbengine (compression)', true, 'zstd lz4'],
        ['alloc', true],
        ['ram', true],
        ['none', true],
      ],
    ],
    [
      'Connectivity Capabilities',
      [
        ['ACLK (Agent-Cloud Link: MQTT over WebSockets over TLS)', true],
        ['static (Netdata internal web server)', true],
        ['WebRTC (experimental)', false],
        ['Native HTTPS (TLS Support)', true],
        ['TLS Host Verification', true],
      ],
    ],
    [
      'Libraries',
      [
        ['LZ4 (extremely fast lossless compression algorithm)', true],
        ['ZSTD (fast, lossless compression algorithm)', true],
        ['zlib (lossless data-compression library)', true],
        ['protobuf (platform-neutral data serialization protocol)', true, 'system'],
        ['OpenSSL (cryptography)', true],
        ['JSON-C (lightweight JSON manipulation)', true],
        ['libcap (Linux capabilities system operations)', false],
        ['libcrypto (cryptographic functions)', true],
        ['libyaml (library for parsing and emitting YAML)', true],
      ],
    ],
    [
      'Plugins',
      [
        ['apps (monitor processes)', true],
        ['cgroups (monitor containers and VMs)', true],
        ['proc (monitor Linux systems)', true],
        ['diskspace (monitor Linux mount points)', true],
        ['statsd (collect custom application metrics)', true],
        ['timex (check system clock synchronization)', true],
        ['idlejitter (check system latency and jitter)', true],
        ['bash (support shell data collection jobs - charts.d)', true],
        ['ebpf (monitor system calls)', true],
        ['systemd-journal (monitor journal logs)', true],
      ],
    ],
    [
      'Exporters',
      [
        ['Prometheus (OpenMetrics) Exporter', true],
        ['Graphite', true],
        ['JSON', true],
        ['OpenTSDB', true],
        ['Shell (use metrics in shell scripts)', true],
      ],
    ],
    [
      'Debug/Developer Features',
      [
        ['Trace All Netdata Allocations (with charts)', false],
        ['Developer Mode (more runtime checks, slower)', false],
      ],
    ],
    [
      'Runtime Information',
      [
        ['Agent Profile', 'standalone'],
        ['Parent', false],
        ['Child', false],
        ['Total Memory', String(os.totalmem())],
        ['Available Memory', String(os.freemem())],
      ],
    ],
  ];
  const out = [];
  for (const [title, items] of sections) {
    out.push(`${title}:`);
    for (const [k, v, detail] of items) {
      const padding = '_'.repeat(Math.max(0, 60 - k.length - 1));
      if (typeof v === 'boolean') out.push(`    ${k} ${padding} : ${v ? 'YES' : 'NO'}${detail ? ` (${detail})` : ''}`);
      else out.push(`    ${k} ${padding} : ${v || 'unknown'}`);
    }
  }
  return `${out.join('\n')}\n`;
}

if (argv.includes('-v') || argv.includes('-V') || argv.includes('--version')) {
  process.stdout.write(`netdata ${version}\n`);
} else if (argv[0] === '-W' && argv[1] === 'buildinfo') {
  process.stdout.write(buildinfo());
} else if (argv[0] === '-W' && argv[1] === 'buildinfojson') {
  process.stdout.write(
    `${JSON.stringify({ features: { cloud: true }, connectivity: { aclk: true }, package: { version, type: 'oci' } }, null, '\t')}\n`,
  );
} else if (argv[0] === '-W' || argv[0] === '-h' || argv[0] === '--help') {
  process.stdout.write(`netdata ${version} (fake test-bed agent): -v, -W buildinfo, -W buildinfojson\n`);
} else {
  new FakeAgent().main(argv).catch((e) => {
    process.stderr.write(`fake netdata: ${e.message}\n`);
    process.exit(1);
  });
}
