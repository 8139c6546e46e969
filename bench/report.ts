// bench/results.md from the results of one run: one table of every figure with its target, the machine, and
// for each target missed the cause found by profiling (CAUSES below: what in src/ costs the time or memory,
// and what would change it; written from the analysis in bench/README.md, shown only when the target is missed).

import type { LatencyResult } from './latency.ts';
import type { StartupResult } from './startup.ts';
import type { ServingResult } from './serving.ts';
import type { FootprintResult } from './footprint.ts';
import type { ScaleResult } from './scale.ts';
import type { NotifyBenchResult } from './notify.ts';
import type { PassCostResult } from './pass-cost.ts';
import type { ImageFootprintResult } from './image-footprint.ts';
import type { Machine } from './lib/machine.ts';
import { median } from './lib/util.ts';

type Verdict = 'met' | 'MISSED' | '—';

interface Row {
  id: string;
  benchmark: string;
  figure: string;
  measured: string;
  target: string;
  verdict: Verdict;
}

export const CAUSES: Record<string, string> = {
  'kill-median':
    "The `kill`/`die` events arrive at once, but the node pass behind them (src/gather/gather.ts `regatherNode` → `gatherNode`) waits 100 ms of debounce (src/watch/watcher.ts `DEBOUNCE_MS`) and then re-reads everything: 7 files through `GET /containers/{id}/archive`, which the engine serialises per container (each holds the container lock and mounts its filesystem: ~40–60 ms apiece here, ~300 ms in all), and the logs of this run and the previous one. Change: in `Watcher.onEvent`, on die/kill/stop/oom, first publish a verdict from one `inspect` (only `container` replaced in the previous pass's facts, the API marked unavailable), debounced ~20 ms; the full node pass (already scheduled, and again after `AFTER_EXIT_MS`) then refines it. Measured with that change as a prototype (8 trials, same bench): median 93 ms, p95 107 ms, against 361 / 426 ms without it.",
  'cloud-median':
    "The Cloud line is seen at once (followed stderr), then the node pass re-reads the 7 files (serialised by the engine, ~300 ms) and runs three execs in the agent one after the other (`netdata -v`, then `netdata -W buildinfo` ‖ `netdatacli aclk-state json`; the fake agent answers with a Node script, slower than a real agent's binaries). Change: reuse `Session.builds` for running containers too (src/gather/gather.ts `gatherExec` uses it for stopped ones only: a container's build does not change while it exists), and on an ACLK status line (not `CLAIM:`) keep the files of the last pass of the same container run. Measured as a prototype (8 trials): median 219 ms, p95 231 ms, against 527 / 539 ms without it.",
  startup:
    'Before the port opens, loading the modules costs ~170 ms (measured alone: dockerode 110 ms — it pulls in ssh2, @grpc/grpc-js and protobufjs —, undici 64 ms, prom-client 37 ms; pino + tar-stream + node:http 37 ms); the first pass is then bounded by the execs in the agent, run one after the other (`netdata -v` first, the two others after it), and by the 7 archive reads the engine serialises (~300 ms). Change: run the three execs at once (src/gather/gather.ts `gatherExec`; a socket proxy that denies exec then answers three 403s instead of one) — measured as a prototype: −80 ms median —, and a small Engine API client over node:http instead of dockerode, node:http instead of undici, hand-written metrics text instead of prom-client (−100 to −130 ms of module loading, estimated from the import times).',
  serving:
    'Every GET /health runs `JSON.stringify(report, null, 2)` of the whole report again and then encodes the string to UTF-8 on write (src/server/http.ts `json()` / `send()`; in a CPU profile under wrk: 46 % of the busy time in `JSON.stringify` and `writeUtf8String`), where the bare server writes a prepared Buffer. Change: serialise once per published report (keep the body Buffer and its status beside the report; likewise per node for /health/<name>, and constant Buffers for /livez and /readyz). Measured as a prototype: 58.7k against 64.1k req/s, ratio 0.92.',
  'serving-page':
    'The page is rendered once per report or history change (src/server/http.ts `pages`) and written as a prepared Buffer like /health; a miss means a request re-rendered it: check that the report object and the history version stay the same between passes.',
  rss: "Where the memory is (/proc/<pid>/smaps of the compiled doctor in separate runs, same fake agent, defaults; 81–89 MB between runs): ~48–50 MB are pages of the node binary itself (file-backed text, read-only data, the embedded snapshot: a bare `node` waiting on a timer already has 34 MB of them, 40 MB once node:http is loaded), 15–17 MB V8 heap (~9 MB of it the code and data of the loaded modules, measured at load), 4–6 MB external memory, 5–14 MB glibc's main heap (buffers of a pass — logs up to 2 MiB, archive reads — kept after it; the part that varies most between runs) and ~4 MB shared libraries. Done here, each measured: ssh2, gRPC, protobufjs, tar-fs and OpenTelemetry are never loaded (stand-ins that load on first use, src/docker/lazy-deps.ts; ssh2 alone was ~16 MB of external memory), undici loads through its narrow entry points on the first direct request (−11 MB against its index), pino-pretty only for pretty logs, V8 `--max-semi-space-size=1 --heap-growing-percent=10` (bin/ shebang; 89–92 → 76–81 MB with a 5 s interval), `MALLOC_ARENA_MAX=2`: 116–126 MB before, 89 MB now. Tried and not kept: `--optimize-for-size` (the same saving as the heap flag, −13 % /health throughput), fixed glibc thresholds (`MALLOC_TRIM_THRESHOLD_`, `MALLOC_MMAP_THRESHOLD_` = 128 KiB), `--v8-pool-size=1`, `MALLOC_ARENA_MAX=1`: no difference beyond the ±8 MB between runs. Below 80 MB is not reached with the four libraries issue 2 keeps loaded on Node 24: the binary's resident pages and their code are ~70 % of the figure.",
  'image-ratio':
    "Where the difference is (/proc/<pid>/smaps, the same bundle on the host beside a bare `node:http` server, one agent whose API answers over HTTP, 40 s in): the node binary's resident pages 42.2 against 34.6 MB (+7.6 MB: the code of the built-ins the doctor runs — the HTTP client, streams, crypto, dns, the parse of `util.parseArgs` —, all in the binary), anonymous memory, i.e. the V8 heap and compiled code, 17.5 against 6.7 MB (+10.8 MB: the doctor's and its dependencies' code and data, undici's WebAssembly parser, the last report), glibc's heap 4.5 against 2.3 MB. Bought here, each measured side by side (1 agent): one esbuild bundle instead of ~400 ES module files, 79 → 70 MB; CommonJS instead of ESM — an ES module's `import` of `node:http` reads every export of the built-in, and its lazy WebSocket/fetch exports load Node's own undici, tls, crypto, zlib and worker_threads: a bare ESM server holds 61 MB against 48 —, 70 → 65 MB; undici's HTTP/2 client deferred (node:http2 and tls) and its WebAssembly compiled by Liftoff only (`--liftoff-only`), 85 → 69.5 MB with the API over HTTP; node:https, zlib, pino's transports (worker_threads) and prom-client's index (cluster, the Pushgateway) left out: −0.5 MB. Tried and not kept: `--single-threaded`, `--no-opt`, `--max-lazy` (within ±1 MB). Left: replacing undici by node:http for the four API GETs would save ~5 MB more (undici with Liftoff 63 against node:http 50 MB in a bare server making the same requests) but issue 2 chose undici; the rest is Node's own code that the doctor uses. Rounds vary by ±6 MB with what a pass leaves in the heap before the next GC.",
  'pass-cost':
    "The doctor issues the floor's requests (same Docker requests: yes), and on this machine the pass is bound by CPU, not by waiting: the row gives the CPU per pair, the floor's bare dockerode + undici loop alone spending ~7 ms per agent over HTTP, on 2 cores that also run dockerd, containerd and the fake agents (one Node process each) answering both sides. The doctor spends more on top, each agent's inspect parsed into facts and the run spec, its log lines split and ordered, the four answers read and redacted, one view built, every check judged, and the report, metrics and history published; CPU the doctor spends is time the engine and the agents wait for, so it shows in the wall time almost one for one. In cpu-profiles of the 50-agent run (2026-12-06: ~500 ms of doctor CPU per cycle against ~370 ms for the floor), garbage collection took ~95 ms per pass (V8's young generation is kept at 1 MB for the image's memory, bench 7; 4 MB measured within the noise), judging ~25 ms, the metrics update ~11 ms, the views ~5 ms, the rest is spread over the request handling both sides share. Bought on the way: every GET /metrics rendered ~6,000 series and the first one after a pass also serialised the /health JSON of 50 nodes, now once per change (src/server/metrics.ts, src/server/http.ts), and the bench no longer polls during the pass it times (bench/README.md). Read the pairs too: a pair's ratio ranges ×0.9–×2.1 within one size with the load of the moment (1-minute load in the header), so medians 0.1 apart are within the noise. Where a row says `same Docker requests: NO` (routes in results.json passcost.points[]), agents' answers passed the doctor's 3 s timeout and it took the next way of CONTRACT §3 (`docker exec curl`, then `netdatacli aclk-state json`), which the floor does not.",
  'calls-between': 'API calls were seen outside any pass (see results.json footprint.*.passes and routes).',
  'scale-linear':
    'Calls per agent are constant (8 per agent plus 3 per pass). The time per agent is flat from 10 to 50 agents and rises at 100, where each exec waits longest on the engine (see the 100-agent note); in three full runs of this code the spread was ×1.24, ×1.28 and ×1.44, with the load of the moment.',
};

const ms = (x: number): string => (Number.isFinite(x) ? (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`) : 'n/a');
const verdict = (ok: boolean | undefined): Verdict => (ok === undefined ? '—' : ok ? 'met' : 'MISSED');

export function rows(r: Record<string, unknown>): Row[] {
  const out: Row[] = [];
  const latency = r.latency as LatencyResult | undefined;
  if (latency) {
    const k = latency.kill;
    const c = latency.cloud;
    const hc = latency.healthcheck;
    const healthAfterKill = Object.entries(k.healthAfterKill)
      .map(([s, n]) => `${s} ${n}/${latency.trials}`)
      .join(', ');
    out.push({
      id: 'kill-median',
      benchmark: '1 detection',
      figure: `container killed → /health 503, the doctor (${k.doctor.summary.n} trials; from the engine's kill event)`,
      measured: `median ${ms(k.doctor.summary.median)}, p95 ${ms(k.doctor.summary.p95)}`,
      target: 'median < 250 ms',
      verdict: verdict(k.doctor.summary.median < 250),
    });
    out.push({
      id: 'kill-poller',
      benchmark: '1 detection',
      figure: "container killed, seen by a 5 s poller (autoheal's interval), run beside it",
      measured: `median ${ms(k.poller.summary.median)}, p95 ${ms(k.poller.summary.p95)}`,
      target: 'comparison',
      verdict: '—',
    });
    out.push({
      id: 'kill-healthcheck',
      benchmark: '1 detection',
      figure: `container killed, Docker HEALTHCHECK with Netdata's settings (60 s × 3), computed`,
      measured: `median ${hc.medianS} s, p95 ${hc.p95S} s (a failure its probe can see); for a kill the probes stop with the container: State.Health after the kill: ${healthAfterKill}, no health_status event`,
      target: 'comparison',
      verdict: '—',
    });
    out.push({
      id: 'cloud-median',
      benchmark: '1 detection',
      figure: `v2.3+ agent logs a Cloud state change → /health 503, the doctor (${c.doctor.summary.n} trials; from the engine's timestamp of the line)`,
      measured: `median ${ms(c.doctor.summary.median)}, p95 ${ms(c.doctor.summary.p95)}`,
      target: 'median < 1 s',
      verdict: verdict(c.doctor.summary.median < 1000),
    });
    out.push({
      id: 'cloud-poller',
      benchmark: '1 detection',
      figure: "Cloud state change, seen by a 5 s poller of the agent's /api/v1/aclk, run beside it",
      measured: `median ${ms(c.poller.summary.median)}, p95 ${ms(c.poller.summary.p95)}`,
      target: 'comparison',
      verdict: '—',
    });
    out.push({
      id: 'cloud-healthcheck',
      benchmark: '1 detection',
      figure: "Cloud state change, Docker HEALTHCHECK with Netdata's settings",
      measured: `never: Netdata's health.sh asks /api/v1/info, which answers while the Cloud link is down (health.sh exit ${c.healthShExitWhileOffline ?? '?'} in the offline agent, this run)`,
      target: 'comparison',
      verdict: '—',
    });
  }
  const startup = r.startup as StartupResult | undefined;
  if (startup) {
    const s = startup.compiled;
    out.push({
      id: 'startup',
      benchmark: '2 first verdict',
      figure: `process start → /readyz 200, compiled (as in the image), 1 agent, ${startup.trials} starts`,
      measured: `median ${ms(s.readyMs.median)}, p95 ${ms(s.readyMs.p95)} (listening after ${ms(s.listeningMs.median)}; first pass ${ms(s.firstPassMs.median)})`,
      target: '< 1 s (probes never waited for)',
      verdict: verdict(s.readyMs.median < 1000),
    });
    const t = startup.source;
    out.push({
      id: 'startup-source',
      benchmark: '2 first verdict',
      figure: 'the same from the TypeScript sources through tsx (./bin in a checkout)',
      measured: `median ${ms(t.readyMs.median)}, p95 ${ms(t.readyMs.p95)} (listening after ${ms(t.listeningMs.median)})`,
      target: 'information',
      verdict: '—',
    });
  }
  const serving = r.serving as ServingResult | undefined;
  if (serving) {
    out.push({
      id: 'serving',
      benchmark: '3 serving',
      figure: `GET /health req/s, doctor ÷ bare node:http with the same ${serving.bodyBytes} bytes (wrk, 1 thread, ${serving.connections} connections, ${serving.rounds}×${serving.durationS} s each, alternating)`,
      measured: `${serving.doctorRps} ÷ ${serving.bareRps} = ${serving.ratio}${serving.passesDuringRounds === undefined ? '' : `; passes during the rounds: ${serving.passesDuringRounds}`}`,
      target: '≥ 0.8',
      verdict: verdict(serving.ratio >= 0.8),
    });
    const p = serving.page;
    if (p)
      out.push({
        id: 'serving-page',
        benchmark: '3 serving',
        figure: `GET / (the status page, ${p.pageBytes} bytes) req/s ÷ GET /health req/s, the same doctor and node (wrk as above, alternating)`,
        measured: `${p.pageRps} ÷ ${p.healthRps} = ${p.ratio}`,
        target: '≥ 0.5',
        verdict: verdict(p.ratio >= 0.5),
      });
  }
  const footprint = r.footprint as FootprintResult | undefined;
  if (footprint) {
    const f = footprint.compiled;
    const s = footprint.source;
    out.push({
      id: 'cpu',
      benchmark: '4 footprint',
      figure: `idle CPU over ${footprint.windowS} s, 1 agent, % of one core (compiled; sources via tsx)`,
      measured: `${f.cpuPercent} % (${s.cpuPercent} %)`,
      target: '< 1 %',
      verdict: verdict(f.cpuPercent < 1),
    });
    out.push({
      id: 'rss',
      benchmark: '4 footprint',
      figure: `RSS over ${footprint.windowS} s, mean / max (compiled; sources via tsx)`,
      measured: `${f.rssMeanMB} / ${f.rssMaxMB} MB (${s.rssMeanMB} / ${s.rssMaxMB} MB)`,
      target: '< 80 MB',
      verdict: verdict(f.rssMaxMB < 80),
    });
    const interval = f.passes.filter((p) => p.kind === 'interval');
    const other = f.passes.filter((p) => p.kind !== 'interval');
    out.push({
      id: 'calls',
      benchmark: '4 footprint',
      figure: 'Docker API calls per minute while idle (open streams not counted)',
      measured: `${f.apiCallsPerMinute}/min in the window: ${interval.length} interval pass(es) of ${f.callsPerFullPass ?? '?'} calls (every 30 s: ${f.callsPerFullPass ? Math.round((f.callsPerFullPass * 60) / 30) : '?'}/min)${other.length ? `, ${other.length} event-driven pass(es) (${other.map((p) => p.cause).join('; ')})` : ''}; streams open: ${[...new Set(f.streamsOpen)].join(', ')}`,
      target: 'information',
      verdict: '—',
    });
    out.push({
      id: 'calls-between',
      benchmark: '4 footprint',
      figure: 'Docker API calls between intervals and events',
      measured: String(f.callsOutsidePasses),
      target: '0',
      verdict: verdict(f.callsOutsidePasses === 0),
    });
  }
  const scale = r.scale as ScaleResult | undefined;
  if (scale) {
    for (const p of scale.points) {
      // The old "100 agents under 5 s" target is retired (issue 13): that time is the engine's; the doctor's own
      // share is the pass-cost ratio below.
      out.push({
        id: `scale-${p.agents}`,
        benchmark: '5 scale',
        figure: `${p.agents} agent(s): full pass (median of ${p.passMs.length}), RSS, API calls per pass`,
        measured: `${ms(p.passMedianMs)} (${p.msPerAgent} ms/agent; first pass ${ms(p.firstPassMs)}; through the counting forwarder ${ms(p.passMedianMsForwarded ?? NaN)}), RSS ${p.rssMB} MB (peak ${p.peakRssMB}), ${p.callsPerPassMedian} calls (${p.callsPerAgent}/agent)`,
        target: 'information',
        verdict: '—',
      });
    }
    const big = scale.points.filter((p) => p.agents >= 10);
    const range = (xs: number[], unit: string) => `${Math.min(...xs)}–${Math.max(...xs)}${unit}`;
    const linear = scale.perAgentSpread.calls <= 1.1 && scale.perAgentSpread.time <= 1.25;
    out.push({
      id: 'scale-linear',
      benchmark: '5 scale',
      figure: 'growth: cost per agent over 10, 50 and 100 agents (least-squares line over all sizes)',
      measured: `calls ${range(
        big.map((p) => p.callsPerAgent),
        '',
      )} per agent (×${scale.perAgentSpread.calls}; ${scale.callsFit.a} + ${scale.callsFit.b}·N); time ${range(
        big.map((p) => p.msPerAgent),
        ' ms',
      )} per agent (×${scale.perAgentSpread.time}; ${ms(scale.timeFit.a)} + ${scale.timeFit.b} ms·N)`,
      target: 'linear: per-agent cost within ×1.1 (calls) and ×1.25 (time)',
      verdict: verdict(linear),
    });
  }
  const notify = r.notify as NotifyBenchResult | undefined;
  if (notify) {
    const fromSince = [...notify.fromDoctorSinceMs].sort((a, b) => a - b)[notify.fromDoctorSinceMs.length >> 1];
    out.push({
      id: 'notify',
      benchmark: '6 notification',
      figure: `a node's problem has lasted DOCTOR_NOTIFY_AFTER (${notify.afterMs / 1000} s after the engine's kill event) → node.problem received by a webhook on loopback (${notify.summary.n} runs)`,
      measured: `median ${ms(notify.summary.median)}, p95 ${ms(notify.summary.p95)} (from the doctor's own \`since\`: median ${ms(fromSince ?? NaN)})`,
      target: 'median < 2 s',
      verdict: verdict(notify.summary.median < 2000),
    });
  }
  const image = r.image as ImageFootprintResult | undefined;
  if (image) {
    out.push({
      id: 'image-ratio',
      benchmark: '7 image memory',
      figure: `the image serving 1 live agent, idle: VmRSS of its process ÷ a bare node:http server from the same image, side by side (median of ${image.rounds.length} round(s) of ${image.windowS} s after ${image.settleS} s)`,
      measured: `${image.doctorRssMB} ÷ ${image.bareRssMB} MB = ${image.ratio} (rounds ${image.rounds.map((x) => x.ratio).join(', ')}; image ${image.imageSizeMB} MB)`,
      target: '≤ 1.3',
      verdict: verdict(image.ratio <= 1.3),
    });
  }
  const pass = r.passcost as PassCostResult | undefined;
  if (pass) {
    const where = {
      network: 'agents on a network the doctor shares (API over HTTP)',
      exec: 'agents without a network (API through exec)',
    } as const;
    for (const p of pass.points) {
      out.push({
        id: 'pass-cost',
        benchmark: '6 pass cost',
        figure: `${p.agents} agent(s), ${where[p.topology]}: steady pass, the doctor ÷ the floor (the same requests from a minimal dockerode loop, ${pass.parallel} in parallel), median of ${p.ratios.length} pair(s)`,
        measured: `${ms(p.doctorMedianMs)} ÷ ${ms(p.floorMedianMs)} = ${p.ratioMedian} (pairs ${p.ratios.join(', ')}; ${p.doctorMsPerAgent} / ${p.floorMsPerAgent} ms per agent; same Docker requests: ${p.sameRequests ? 'yes' : 'NO'}${p.doctorCpuMs?.length ? `; CPU per pair, median: the doctor ${Math.round(median(p.doctorCpuMs))} ms (its pass and what runs until the next), the floor ${Math.round(median(p.floorCpuMs))} ms` : ''})`,
        target: '≤ 1.2',
        verdict: verdict(p.ratioMedian <= 1.2),
      });
    }
    for (const t of ['network', 'exec'] as const) {
      const big = pass.points.filter((p) => p.topology === t && p.agents >= 10);
      if (big.length < 2) continue;
      out.push({
        id: 'pass-cost',
        benchmark: '6 pass cost',
        figure: `${where[t]}: the doctor's ms per agent over ${big.map((p) => p.agents).join(' and ')} agents`,
        measured: `${big.map((p) => p.doctorMsPerAgent).join(' → ')} ms (×${pass.perAgentSpread[t]}; floor ${big.map((p) => p.floorMsPerAgent).join(' → ')} ms)`,
        target: 'flat: within ×1.25',
        verdict: verdict(pass.perAgentSpread[t] <= 1.25),
      });
    }
  }
  return out;
}

export function renderMarkdown(r: Record<string, unknown>): string {
  const m = r.machine as Machine;
  const table = rows(r);
  const missed = table.filter((x) => x.verdict === 'MISSED');
  const lines: string[] = [];
  lines.push('# Benchmark results', '');
  lines.push(
    `Produced by \`scripts/bench\` (bench/run.ts) on ${String(r.startedAt).slice(0, 16).replace('T', ' ')} UTC in ${Math.round(Number(r.wallSeconds))} s. Raw figures: bench/results.json. Method: bench/README.md.`,
    '',
  );
  lines.push(
    `**Machine**: ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, ${m.os}, kernel ${m.kernel}; Docker Engine ${m.docker} (API ${m.dockerApi}, ${m.storageDriver}); Node ${m.node}. Load average at start ${m.loadAverageAtStart.join(' / ')}, ${m.otherRunningContainers} other container(s) running on the engine (not this run's: their load is in every figure).`,
    '',
  );
  const steps = (r.steps ?? {}) as Record<string, { seconds: number; loadAverage1m: number; at?: string }>;
  if (Object.keys(steps).length)
    lines.push(
      `Time and 1-minute load average at the end of each benchmark: ${Object.entries(steps)
        .map(([k, v]) => `${k} ${v.seconds} s (load ${v.loadAverage1m}${v.at ? `, ended ${v.at.slice(0, 16).replace('T', ' ')} UTC` : ''})`)
        .join(', ')}.`,
      '',
    );
  lines.push('| benchmark | figure | measured | target | |', '|---|---|---|---|---|');
  for (const x of table) lines.push(`| ${x.benchmark} | ${x.figure} | ${x.measured} | ${x.target} | ${x.verdict} |`);
  lines.push('');
  const errors = (r.errors ?? {}) as Record<string, string>;
  for (const [name, err] of Object.entries(errors)) lines.push(`**${name} did not finish**: ${err.split('\n')[0]}`, '');
  if (missed.length) {
    lines.push('## Targets missed, and why', '');
    // A cause shared by several rows (the sizes of one benchmark) is written once, under its first row.
    const told = new Set<string>();
    for (const x of missed) {
      lines.push(`- **${x.figure}** (${x.measured}; target ${x.target}). ${told.has(x.id) ? '(See above.)' : (CAUSES[x.id] ?? '')}`);
      told.add(x.id);
    }
    lines.push('');
  } else if (table.length) {
    lines.push('Every target was met.', '');
  }
  lines.push('## Notes', '');
  lines.push('- Nothing here is a test assertion; the test suite does not run it.');
  lines.push(
    "- Detection: t0 is the engine's own time of the `kill` event, or its timestamp of the first Cloud-state line in the agent's log; the end is the first 503 of `GET /health`, polled every 10 ms on loopback. The doctor runs with its defaults (interval 30 s, exec auto, start period 60 s); agents are fake v2.10.4 agents (test/testbed/fake-agent) on an --internal network, claimed to a local fake cloud. The fake answers `netdata -v` and the other execs with a Node script, slower than a real agent's binaries.",
  );
  lines.push(
    "- The 5 s poller asks on each tick the container's state (inspect) and the agent's `/api/v1/aclk`; every event falls at a uniformly random phase of its ticks. autoheal itself never reports either event: it only restarts running containers that Docker marks unhealthy.",
  );
  lines.push(
    '- Docker HEALTHCHECK (interval 60 s, timeout 10 s, retries 3) is computed: unhealthy at the third failed probe, i.e. 120 s + U(0, 60 s) after a failure its probe can see (worst case 210 s with a hung API).',
  );
  lines.push(
    "- Scale agents are light: the v1 agent image (Debian's real netdata 1.37.1 binaries, the official layout and labels) running `sleep infinity`, so the execs run real binaries, the daemon's netdatacli and API find nothing, and the doctor reaches the API by `docker exec curl` (no network).",
  );
  if (r.scale)
    lines.push(
      "- RSS at scale grows ~0.4 MB per agent (76 MB at 1 agent, 118 MB at 100 in this run; ~1.4 MB per agent and 247 MB at 100 before the build and files were reused and the memory settings applied): the working set of a pass (~8 agents' requests in flight, log parsing) and the facts of every node. undici is not loaded at all in these runs: the light agents' API is reached by exec.",
    );
  if (r.notify)
    lines.push(
      "- Notification: the doctor tells a problem from a timer set for the moment its delay ends (src/notify/notifier.ts), not at the next pass; the figure is that moment (the engine's kill event + DOCTOR_NOTIFY_AFTER) to the whole request at a local receiver, so it includes the doctor's detection of the kill. A problem starts, for the doctor, when it sees the node fail: the figure from that `since` is shown beside.",
    );
  if (r.scale)
    lines.push(
      "- Scale times are taken with the doctor on the engine's own socket; the run through the counting forwarder (which gives the calls), a minute earlier, is shown beside: at 100 agents the two differ with the load of the moment by more than the forwarder's own cost.",
    );
  lines.push('');
  return `${lines.join('\n')}\n`;
}
