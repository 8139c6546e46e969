// FAKE Netdata Agent daemon for the test bed (dependency-free Node ESM). It runs as /usr/sbin/netdata inside the
// ncd-test/fake-agent:<generation> images and answers exactly as a real agent answered in the recordings
// (/work/shared/reference/observed-*.md; fixtures under ./answers, see answers/README.md), in one Cloud state
// chosen by a test-only variable. It never contacts anything: the "Cloud" it talks about is imaginary; the
// log lines it prints are the ones the real agent printed in that state.
//
// Test-only environment (a real agent ignores all of these):
//   FAKE_AGENT_STATE     the Cloud state (default online). <state>[@<variant>]:
//                        online | offline-never-connected (alias unseen) | offline-was-connected[@socket-error
//                        |@connection-refused|@cannot-resolve|@tls-verify|@claim-removed (v2: the Cloud deleted the
//                        node)] | banned | blocked-temporarily |
//                        indirect | claim-failed[@token|@network|@already-claimed] | not-claimed |
//                        cloud-disabled (v1 only)
//   FAKE_AGENT_REASON    the variant, when the state has none
//   FAKE_AGENT_SCRIPT    state changes at run time: "online:5s,offline-was-connected" (wins over FAKE_AGENT_STATE);
//                        each change is logged as the real agent logs it (v2.3+: the status line)
//   FAKE_AGENT_HOSTILE   slow | huge | invalid-json | wrong-types | never-ending | redirect | reset | error-500 | hang:
//                        every /api/* answer misbehaves that way; hang: a wedged agent, no /api/* answer and no
//                        netdatacli answer ever (the test-only controls still answer) (FAKE_AGENT_SLOW_MS, default 30000;
//                        FAKE_AGENT_HUGE_MB, default 50; FAKE_AGENT_REDIRECT_TO, default http://redirected.test:19999)
//   FAKE_AGENT_REPLAY    live (default): identity (GUID, claim id, node id, URL, hostname) and times are this
//                        container's own; recorded: every answer is the recorded bytes, ids and times included
//   FAKE_AGENT_INIT_DELAY  e.g. 3s: the API answers 503 (and v2 `netdatacli ping` exits 1) that long after start
//   FAKE_AGENT_PARENT_CLAIM_ID, FAKE_AGENT_PARENT_URL, FAKE_AGENT_NODE_ID   indirect: the parent's claim id and
//                        Cloud URL, and the node id the Cloud gave this child (generated when missing)
//   FAKE_AGENT_CHILDREN  a parent's streaming children: JSON [{"hostname","mguid","nodeId","online"}]
//   FAKE_AGENT_BLOCK_SECONDS  blocked-temporarily: the Cloud's retry delay (default 600)
//   FAKE_AGENT_ACCESS_LOG 0 = no access-log lines on stdout (default 1)
//   FAKE_AGENT_VERSION   the version string reported everywhere (default the generation's; formats do not change)
//                        (v2: from v2.3.1 a missing GUID file is recovered from the newest status-netdata.json copy;
//                        from v2.11.0 aclk-state json carries "server-receive-maximum", the status file is schema 29)
//   FAKE_AGENT_GENERATION / FAKE_AGENT_FS_ROOT  for runs outside the image only (generation; path prefix)
// The generation (v2 = v2.10.4, v1 = v1.47.5) is the image's: /usr/lib/netdata-fake/generation.

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
const ANSWERS = path.join(HERE, 'answers');
export const DEFAULT_URL = 'https://app.netdata.cloud';
const NETDATA_UID = 201;

export const GENERATIONS = {
  v2: { version: 'v2.10.4', pipe: '/run/netdata/netdata.pipe', timeZone: 'Z', statusLine: true, statusFile: true, apiVersions: [1, 2, 3] },
  v1: { version: 'v1.47.5', pipe: '/tmp/netdata-ipc', timeZone: '+00:00', statusLine: false, statusFile: false, apiVersions: [1, 2] },
};

export function generation() {
  const env = process.env.FAKE_AGENT_GENERATION;
  if (env) return env;
  try {
    return fs.readFileSync(path.join(HERE, 'generation'), 'utf8').trim();
  } catch {
    return 'v2';
  }
}

// ------------------------------------------------------------------------------------------------------------------
// The catalogue: which answer each state serves, and where that answer comes from.

const R = 'recorded/';
const C = 'constructed/';
export const CATALOGUE = {
  v2: {
    online: { fx: `${R}v2.10.4/online`, src: 'observed-v2.10.4.md, Connected (online)' },
    'offline-never-connected': { fx: `${R}v2.10.4/unseen`, src: 'observed-v2.10.4.md, Claimed, never connected' },
    'offline-was-connected@socket-error': {
      fx: `${R}v2.10.4/mqtt-refused-2-socket-error`,
      src: 'observed-v2.10.4.md, Was connected, then the MQTT endpoint refused (second block)',
    },
    'offline-was-connected@connection-refused': {
      fx: `${R}v2.10.4/cloud-refused-2-connection-refused`,
      src: 'observed-v2.10.4.md, Was connected, then the whole Cloud refused (second block)',
    },
    'offline-was-connected@cannot-resolve': {
      fx: `${C}v2.10.4/was-connected-cannot-resolve`,
      src: 'constructed from netdata-facts.md §4.4, not recorded',
    },
    'offline-was-connected@tls-verify': {
      fx: `${C}v2.10.4/was-connected-tls-verify`,
      src: 'constructed from netdata-facts.md §4.4, not recorded',
    },
    'offline-was-connected@claim-removed': {
      fx: `${C}v2.10.4/was-connected-claim-removed`,
      src: 'constructed from agent-vocabulary.json (aclk_reason "agent is not claimed (during /env)"), not recorded',
    },
    banned: { fx: `${R}v2.10.4/banned`, src: 'observed-v2.10.4.md, Banned' },
    'blocked-temporarily': { fx: `${C}v2.10.4/blocked`, src: 'constructed from netdata-facts.md §4.4/§5.1, not recorded' },
    indirect: {
      fx: `${C}v2.10.4/indirect`,
      src: 'constructed from observed-streaming-and-proxy.md (summary table), not recorded verbatim',
    },
    'claim-failed@token': { fx: `${R}v2.10.4/claim-403`, src: 'observed-v2.10.4.md, Claim rejected (403)' },
    'claim-failed@network': {
      fx: `${C}v2.10.4/claim-network`,
      src: 'constructed around the reason text quoted in observed-v2.10.4.md notes; the answer itself not recorded',
    },
    'claim-failed@already-claimed': { fx: `${C}v2.10.4/claim-409`, src: 'constructed from netdata-facts.md §2.4, not recorded' },
    'not-claimed': { fx: `${C}v2.10.4/not-claimed`, src: 'constructed from netdata-facts.md §2.4, not recorded' },
  },
  v1: {
    online: { fx: `${R}v1.47.5/live`, src: 'observed-v1.47.5.md, v1-live' },
    'offline-never-connected': { fx: `${R}v1.47.5/unseen`, src: 'observed-v1.47.5.md, v1-unseen (env 503)' },
    'offline-was-connected@socket-error': {
      fx: `${C}v1.47.5/was-connected-socket-error`,
      src: 'constructed from observed-v1.47.5.md v1-live + netdata-facts.md §4.4, not recorded',
    },
    'offline-was-connected@connection-refused': { fx: `${C}v1.47.5/was-connected-connection-refused`, src: 'constructed, not recorded' },
    'offline-was-connected@cannot-resolve': { fx: `${C}v1.47.5/was-connected-cannot-resolve`, src: 'constructed, not recorded' },
    'offline-was-connected@tls-verify': { fx: `${C}v1.47.5/was-connected-tls-verify`, src: 'constructed, not recorded' },
    banned: { fx: `${R}v1.47.5/banned`, src: 'observed-v1.47.5.md, v1-banned' },
    'blocked-temporarily': { fx: `${C}v1.47.5/blocked`, src: 'constructed from netdata-facts.md §4.4/§5.1, not recorded' },
    indirect: { fx: `${C}v1.47.5/indirect`, src: 'observed-streaming-and-proxy.md summary (v1 child = unclaimed), not recorded verbatim' },
    // A v1 claim failure ends the container inside run.sh (the fake netdata-claim.sh); the agent never starts.
    // If it starts anyway (no claim variables, so no claim ran) it is simply not claimed.
    'claim-failed@token': {
      fx: `${C}v1.47.5/not-claimed`,
      src: 'claim script output recorded (observed-v1.47.5.md, v1-claim-403); the agent never runs',
    },
    'claim-failed@network': {
      fx: `${C}v1.47.5/not-claimed`,
      src: 'claim script output recorded (observed-v1.47.5.md, v1-claim-unreachable); the agent never runs',
    },
    'claim-failed@already-claimed': {
      fx: `${C}v1.47.5/not-claimed`,
      src: 'claim script output recorded (observed-v1.47.5.md, v1-claim-409); the agent never runs',
    },
    'not-claimed': { fx: `${C}v1.47.5/not-claimed`, src: 'observed-v1.47.5.md summary (unclaimed), not recorded verbatim' },
    'cloud-disabled': { fx: `${C}v1.47.5/cloud-disabled`, src: 'constructed from netdata-facts.md §1.5/§4.4, not recorded' },
  },
};

const DEFAULT_VARIANT = { 'offline-was-connected': 'socket-error', 'claim-failed': 'token' };
const ALIASES = { unseen: 'offline-never-connected', live: 'online' };
const CLAIMED = new Set(['online', 'offline-never-connected', 'offline-was-connected', 'banned', 'blocked-temporarily']);

/** "offline-was-connected@connection-refused" → { name, variant, key } (throws on an unknown state). */
export function parseState(spec, gen, fallbackVariant) {
  let [name, variant] = String(spec).trim().split('@');
  name = ALIASES[name] ?? name;
  variant = variant || (name in DEFAULT_VARIANT ? fallbackVariant || DEFAULT_VARIANT[name] : undefined);
  const key = variant ? `${name}@${variant}` : name;
  if (!CATALOGUE[gen]?.[key]) {
    const known = Object.keys(CATALOGUE[gen] ?? {}).join(', ');
    throw new Error(`unknown state '${spec}' for generation ${gen} (known: ${known})`);
  }
  return { name, variant, key };
}

/** "online:5s,offline-was-connected" → [{ spec, ms }] (the last step lasts forever). */
export function parseScript(text) {
  return String(text)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((step) => {
      const [spec, dur] = step.split(':');
      return { spec, ms: dur === undefined ? Infinity : parseDuration(dur) };
    });
}

export function parseDuration(text) {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(String(text).trim());
  if (!m) throw new Error(`bad duration '${text}' (e.g. 500ms, 5s, 1m)`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? 's'];
}

// ------------------------------------------------------------------------------------------------------------------
// Fixtures and their rendering.

const fixtureCache = new Map();
export function loadFixture(dir) {
  if (fixtureCache.has(dir)) return fixtureCache.get(dir);
  const read = (f) => {
    try {
      return fs.readFileSync(path.join(ANSWERS, dir, f), 'utf8');
    } catch {
      return undefined;
    }
  };
  const fx = {
    dir,
    recorded: dir.startsWith(R),
    cloud: read('cloud.json'),
    nd: read('nd.json'),
    aclkJson: read('aclk-state.json'),
    aclkText: read('aclk-state.txt'),
    infoV1: read('info-v1-cloud-keys.json'),
  };
  const cloud = JSON.parse(fx.cloud);
  const aclk = JSON.parse(fx.aclkJson);
  const self = aclk['node-instances']?.[0] ?? {};
  // The identity the recording carries, to be replaced by this container's own in live mode.
  fx.literals = {
    status: cloud.status,
    reason: cloud.reason,
    claimId: aclk['claimed-id'] ?? null,
    parentClaimId: cloud.status === 'indirect' ? cloud.claim_id : null,
    mguid: self.mguid,
    hostname: self.hostname,
    nodeId: JSON.parse(fx.nd),
    url: aclk['cloud-url'],
    times: { since: cloud.since, age: cloud.age, next_check: cloud.next_check, next_in: cloud.next_in },
  };
  fixtureCache.set(dir, fx);
  return fx;
}

const pad2 = (n) => String(n).padStart(2, '0');
/** "YYYY-MM-DD HH:MM:SS" in UTC, as aclk-state prints times. */
export const utc = (ms) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
};
const escUrl = (u) => u.replace(/\//g, '\\/');

/**
 * The fixture's text with the recording's identity and times replaced by `v` (live mode). With v === undefined
 * (recorded mode) the text is returned unchanged, byte for byte.
 */
export function substitute(text, fx, v) {
  if (text === undefined || v === undefined) return text;
  const L = fx.literals;
  let t = text;
  const swap = (from, to) => {
    if (from && to && from !== to) t = t.split(from).join(to);
  };
  if (L.claimId) swap(L.claimId, v.claimId);
  if (L.parentClaimId) swap(L.parentClaimId, v.parentClaimId);
  if (L.mguid) swap(L.mguid, v.mguid);
  if (L.nodeId) swap(L.nodeId, v.nodeId);
  if (L.url && L.url !== DEFAULT_URL && v.url) {
    swap(escUrl(L.url), escUrl(v.url));
    swap(L.url, v.url);
  }
  if (L.hostname && v.hostname) {
    t = t.split(`"hostname":${JSON.stringify(L.hostname)}`).join(`"hostname":${JSON.stringify(v.hostname)}`);
    t = t.split(`hostname "${L.hostname}"`).join(`hostname "${v.hostname}"`);
  }
  const num = (key, value) => {
    if (value !== undefined) t = t.replace(new RegExp(`("${key}": )-?\\d+`), `$1${value}`);
  };
  num('since', v.since);
  num('age', v.age);
  num('next_check', v.next_check);
  num('next_in', v.next_in);
  const time = (key, ms) => {
    if (ms !== undefined && ms !== null) t = t.replace(new RegExp(`("${key}":)"[^"]*"`), `$1"${utc(ms)}"`);
  };
  time('last-connect-time-utc', v.connectedAt);
  time('last-connect-time-puback-utc', v.pubackAt);
  time('last-disconnect-time-utc', v.disconnectedAt);
  time('next-connection-attempt-utc', v.nextAttemptAt);
  const line = (label, ms) => {
    if (ms !== undefined && ms !== null) t = t.replace(new RegExp(`^(${label.replace(/[+()]/g, '\\$&')}: ).*$`, 'm'), `$1${utc(ms)}`);
  };
  line('Last Connection Time', v.connectedAt);
  line('Last Connection Time + 3 PUBACKs received', v.pubackAt);
  line('Last Disconnect Time', v.disconnectedAt);
  line('Next Connection Attempt At', v.nextAttemptAt);
  return t;
}

/**
 * `netdatacli aclk-state` (text) from its JSON twin, in the layout of the recorded v1.47.5 texts (which this
 * reproduces byte for byte, see --self-check); v2 adds the v2.7+ lines (facts §4.1): not recorded.
 */
export function aclkStateText(j, gen) {
  const yes = (b) => (b ? 'Yes' : 'No');
  const out = [];
  out.push(`ACLK Available: ${yes(j['aclk-available'])}`);
  if (!j['aclk-available']) return out.join('\n');
  out.push(`ACLK Version: ${j['aclk-version']}`);
  out.push(`Protocols Supported: ${(j['protocols-supported'] ?? []).join(', ')}`);
  out.push(`Protocol Used: ${j['used-cloud-protocol']}`);
  out.push(`MQTT Version: ${j['mqtt-version']}`);
  out.push(`Claimed: ${yes(j['agent-claimed'])}`);
  if (j['agent-claimed']) {
    out.push(`Claimed Id: ${j['claimed-id']}`);
    out.push(`Cloud URL: ${j['cloud-url'] ?? 'null'}`);
    if (gen === 'v2') {
      out.push(`ACLK Proxy: ${j.aclk_proxy ?? 'none'}`);
      out.push(`Publish Latency: ${j.publish_latency_us ?? 0} us`);
    }
  }
  out.push(`Online: ${yes(j.online)}`);
  out.push(`Reconnect count: ${j['reconnect-count']}`);
  out.push(`Banned By Cloud: ${yes(j['banned-by-cloud'])}`);
  if (j['last-connect-time-utc']) out.push(`Last Connection Time: ${j['last-connect-time-utc']}`);
  if (j['last-connect-time-puback-utc']) out.push(`Last Connection Time + 3 PUBACKs received: ${j['last-connect-time-puback-utc']}`);
  if (j['last-disconnect-time-utc']) out.push(`Last Disconnect Time: ${j['last-disconnect-time-utc']}`);
  if (j.online) {
    out.push(`Received Cloud MQTT Messages: ${j['received-app-layer-msgs']}`);
    out.push(`MQTT Messages Confirmed by Remote Broker (PUBACKs): ${j['received-mqtt-pubacks']}`);
    if (gen === 'v2') out.push(`Pending PUBACKS: ${j['pending-mqtt-pubacks'] ?? 0}`);
    for (const ni of j['node-instances'] ?? []) {
      out.push('');
      out.push(`> Node Instance for mGUID: "${ni.mguid}" hostname "${ni.hostname}"`);
      out.push(`\tClaimed ID: ${ni.claimed_id ?? 'null'}`);
      out.push(`\tNode ID: ${ni['node-id'] ?? 'null'}`);
      out.push(`\tStreaming Hops: ${ni['streaming-hops']}`);
      out.push(`\tRelationship: ${ni.relationship}`);
      const a = ni['alert-sync-status'] ?? {};
      if ('updates' in a) {
        out.push('\tAlert Streaming Status:');
        out.push(`\t\tUpdates: ${a.updates}`);
        out.push(`\t\tCheckpoints: ${a['checkpoint-count']}`);
        out.push(`\t\tAlert count: ${a['alert-count']}`);
        out.push(`\t\tAlert snapshot count: ${a['alert-snapshot-count']}`);
      }
    }
  } else if (j['next-connection-attempt-utc']) {
    out.push(`Next Connection Attempt At: ${j['next-connection-attempt-utc']}`);
    out.push(`Last Backoff: ${Number(j['last-backoff-value'] ?? 0).toFixed(3)}`);
  }
  return out.join('\n');
}

// ------------------------------------------------------------------------------------------------------------------
// Logging, as the real agent logs (logfmt since v1.44; daemon log → stderr, access/aclk log → stdout).

function logfmtValue(s) {
  return `"${String(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

class Logger {
  constructor(gen) {
    this.gen = gen;
    this.tids = {
      main: 1,
      ACLK_MAIN: 300 + (process.pid % 90),
      ACLK_SYNC: 292 + (process.pid % 7),
      STREAM: 410 + (process.pid % 40),
      WEB: 380 + (process.pid % 20),
    };
    this.daemonTarget = daemonLogTarget();
  }
  time() {
    const iso = new Date().toISOString();
    return this.gen.timeZone === 'Z' ? iso : iso.replace('Z', this.gen.timeZone);
  }
  write(level, msg, { thread, source = 'daemon', stream = 'stderr', extra = '' } = {}) {
    const tid = this.tids[thread ?? 'main'] ?? 1;
    const th = thread ? ` thread=${thread}` : ' ';
    const line = `time=${this.time()} comm=netdata source=${source} level=${level} tid=${tid}${th} ${extra}msg=${logfmtValue(msg)}\n`;
    // netdata.conf [logs] daemon moves the daemon's lines out of `docker logs` (agent-vocabulary.md C.7): to the
    // journal or syslog (no socket in the test bed: dropped), nowhere, or a file inside the container.
    if (source === 'daemon' && this.daemonTarget) {
      if (this.daemonTarget.file) {
        try {
          fs.appendFileSync(this.daemonTarget.file, line);
        } catch {
          /* an unwritable log file loses the line, as it would */
        }
      }
      return;
    }
    (stream === 'stdout' ? process.stdout : process.stderr).write(line);
  }
  info(msg, o) {
    this.write('info', msg, o);
  }
  error(msg, o) {
    this.write('error', msg, o);
  }
  warning(msg, o) {
    this.write('warning', msg, o);
  }
  aclk(msg, level = 'info') {
    this.write(level, msg, { thread: 'ACLK_MAIN' });
  }
  access(msg, level = 'info') {
    this.write(level, msg, { thread: 'ACLK_MAIN', source: 'aclk', stream: 'stdout' });
  }
}

// ------------------------------------------------------------------------------------------------------------------
// Files under /var/lib/netdata, /etc/netdata, /var/cache/netdata.

const ROOT = process.env.FAKE_AGENT_FS_ROOT ?? '/';
export const P = {
  lib: path.join(ROOT, 'var/lib/netdata'),
  guid: path.join(ROOT, 'var/lib/netdata/registry/netdata.public.unique.id'),
  cloudD: path.join(ROOT, 'var/lib/netdata/cloud.d'),
  claimedId: path.join(ROOT, 'var/lib/netdata/cloud.d/claimed_id'),
  cloudConf: path.join(ROOT, 'var/lib/netdata/cloud.d/cloud.conf'),
  privateKey: path.join(ROOT, 'var/lib/netdata/cloud.d/private.pem'),
  publicKey: path.join(ROOT, 'var/lib/netdata/cloud.d/public.pem'),
  statusFile: path.join(ROOT, 'var/lib/netdata/status-netdata.json'),
  claimConf: path.join(ROOT, 'etc/netdata/claim.conf'),
  streamConf: path.join(ROOT, 'etc/netdata/stream.conf'),
  cache: path.join(ROOT, 'var/cache/netdata'),
  nodeId: path.join(ROOT, 'var/cache/netdata/.fake-agent-node-id'),
};

const readText = (p) => {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
};
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
function writeOwned(file, text, mode = 0o660) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { mode });
  fs.chmodSync(file, mode);
  if (isRoot() && ROOT === '/') fs.chownSync(file, NETDATA_UID, NETDATA_UID);
}
/** `key = value` from the [global] section of an ini-like file. */
function iniValue(text, key) {
  if (!text) return undefined;
  const m = new RegExp(`^\\s*${key.replace(/ /g, '\\s+')}\\s*=\\s*(.*?)\\s*$`, 'm').exec(text);
  return m ? m[1] : undefined;
}
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `[logs] daemon` of netdata.conf when it sends the daemon's lines away from the container's output; undefined otherwise. */
function daemonLogTarget() {
  const conf = readText(path.join(ROOT, 'etc/netdata/netdata.conf'));
  const m = conf && /^\s*\[logs\]\s*$([\s\S]*?)(?=^\s*\[|(?![\s\S]))/m.exec(conf);
  const value = m && /^\s*daemon\s*=\s*(.*?)\s*$/m.exec(m[1])?.[1];
  if (!value) return undefined;
  const v = value.toLowerCase();
  if (['journal', 'syslog', 'none', 'off'].some((w) => v === w || v.startsWith(`${w}@`) || v.startsWith(`${w},`))) return { drop: v };
  if (value.startsWith('/') && !['/dev/stderr', '/dev/stdout', '/var/log/netdata/daemon.log', '/var/log/netdata/error.log'].includes(value))
    return { file: path.join(ROOT, value.slice(1)) };
  return undefined;
}

/** Where a v2.3.1+ agent looks for status-netdata.json to recover its GUID (agent-vocabulary.md B), the daemon's cwd last. */
export const STATUS_FILE_COPIES = ['var/lib/netdata', 'var/cache/netdata', 'tmp', 'run', 'var/run'].map((d) =>
  path.join(ROOT, d, 'status-netdata.json'),
);

/** The machine GUID of the newest status-netdata.json copy (by mtime), as the real agent picks it. */
function newestStatusFileGuid() {
  let best;
  for (const file of [...STATUS_FILE_COPIES, path.resolve('status-netdata.json')]) {
    try {
      const mtime = fs.statSync(file).mtimeMs;
      const id = JSON.parse(fs.readFileSync(file, 'utf8'))?.agent?.id;
      if (typeof id === 'string' && UUID_RE.test(id) && (!best || mtime > best.mtime)) best = { guid: id.toLowerCase(), path: file, mtime };
    } catch {
      /* absent or not a status file */
    }
  }
  return best;
}

/** `v2.11.0` >= [2, 3, 1]; an unparsable version counts as new. */
function versionAtLeast(version, want) {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(String(version));
  if (!m) return true;
  const have = [Number(m[1]), Number(m[2]), Number(m[3])];
  for (let i = 0; i < 3; i++) if (have[i] !== want[i]) return have[i] > want[i];
  return true;
}

/** A version-1 (time-based) UUID, as v1 agents generate machine GUIDs (facts §3). */
function uuidV1() {
  const t = BigInt(Date.now()) * 10000n + 0x01b21dd213814000n;
  const low = (t & 0xffffffffn).toString(16).padStart(8, '0');
  const mid = ((t >> 32n) & 0xffffn).toString(16).padStart(4, '0');
  const hi = (((t >> 48n) & 0x0fffn) | 0x1000n).toString(16).padStart(4, '0');
  const seq = (crypto.randomInt(0x3fff) | 0x8000).toString(16);
  return `${low}-${mid}-${hi}-${seq}-${crypto.randomBytes(6).toString('hex')}`;
}

// ------------------------------------------------------------------------------------------------------------------
// The agent.

export class FakeAgent {
  constructor(env = process.env) {
    this.genName = generation();
    this.gen = GENERATIONS[this.genName];
    if (!this.gen) throw new Error(`unknown generation '${this.genName}' (v2, v1)`);
    this.version = env.FAKE_AGENT_VERSION || this.gen.version;
    this.env = env;
    this.log = new Logger(this.gen);
    this.replay = (env.FAKE_AGENT_REPLAY ?? 'live') === 'recorded' ? 'recorded' : 'live';
    this.hostile = env.FAKE_AGENT_HOSTILE || '';
    this.startedAt = Date.now();
    this.initUntil = this.startedAt + (env.FAKE_AGENT_INIT_DELAY ? parseDuration(env.FAKE_AGENT_INIT_DELAY) : 0);
    this.script = env.FAKE_AGENT_SCRIPT ? parseScript(env.FAKE_AGENT_SCRIPT) : [{ spec: env.FAKE_AGENT_STATE || 'online', ms: Infinity }];
    for (const step of this.script) parseState(step.spec, this.genName, env.FAKE_AGENT_REASON); // fail fast
    this.children = env.FAKE_AGENT_CHILDREN ? JSON.parse(env.FAKE_AGENT_CHILDREN) : [];
    this.blockSeconds = Number(env.FAKE_AGENT_BLOCK_SECONDS || 600);
    this.hostname = os.hostname();
    this.state = undefined;
    this.connectedAt = undefined;
    this.disconnectedAt = undefined;
    this.nextAttemptAt = undefined;
    this.retryTimer = undefined;
    this.attempt = 0;
    this.status = 'initializing';
    this.ephemeralId = crypto.randomBytes(16).toString('hex');
  }

  // ---------------------------------------------------------------------------------------------- start-up

  /** Identity and claim files, as the real agent leaves them at start (before dropping privileges). */
  prepareFiles(first) {
    const fx = loadFixture(CATALOGUE[this.genName][first.key].fx);
    this.hadCloudConf = fs.existsSync(P.cloudConf);
    const recorded = this.replay === 'recorded';
    // Machine GUID: generated on first start unless present (v1: time-based UUID, v2: random). Since v2.3.1 a
    // missing or invalid GUID file is first recovered from the newest status-netdata.json copy (observed on
    // v2.11.0; agent-vocabulary.md B), so deleting the GUID file alone does not give a new identity.
    let guid = readText(P.guid)?.trim();
    if (!guid || !UUID_RE.test(guid)) {
      const recovers = this.genName === 'v2' && versionAtLeast(this.version, [2, 3, 1]);
      const previous = recovers ? newestStatusFileGuid() : undefined;
      if (recovers && (guid !== undefined || previous)) this.log.error(`MACHINE_GUID: failed to read GUID from file '${P.guid}'`);
      if (previous) {
        guid = previous.guid;
        this.log.info('MACHINE_GUID: got previous GUID from daemon status file');
      } else {
        guid = recorded && fx.literals.mguid ? fx.literals.mguid : this.genName === 'v1' ? uuidV1() : crypto.randomUUID();
        if (this.genName === 'v2' && versionAtLeast(this.version, [2, 10, 4])) this.log.info('MACHINE_GUID: generating a new GUID');
      }
      fs.mkdirSync(path.dirname(P.guid), { recursive: true });
      fs.chmodSync(path.dirname(P.guid), 0o770);
      writeOwned(P.guid, guid, 0o660);
      if (isRoot() && ROOT === '/') fs.chownSync(path.dirname(P.guid), NETDATA_UID, NETDATA_UID);
    }
    this.guid = guid;
    this.guidSince = fs.statSync(P.guid).mtime;
    this.nodeId = this.env.FAKE_AGENT_NODE_ID || readText(P.nodeId)?.trim() || undefined;
    this.parentClaimId = this.env.FAKE_AGENT_PARENT_CLAIM_ID || crypto.randomUUID();
    this.parentUrl = this.env.FAKE_AGENT_PARENT_URL || DEFAULT_URL;
    this.loadClaim();
  }

  /** What is on disk now: claim id and Cloud URL. */
  loadClaim() {
    const conf = readText(P.cloudConf);
    const id = (iniValue(conf, 'claimed_id') ?? readText(P.claimedId) ?? '').trim();
    this.claimId = UUID_RE.test(id) ? id : null;
    const confUrl = this.genName === 'v1' ? iniValue(conf, 'cloud base url') : iniValue(conf, 'url');
    this.url = confUrl || this.claimSource().url || DEFAULT_URL;
  }

  /** Where a claim would take url/token/rooms from: v2 claim.conf, then env (facts §2.4); v1 env (run.sh). */
  claimSource() {
    const conf = this.genName === 'v2' ? readText(P.claimConf) : undefined;
    if (conf && iniValue(conf, 'token')) {
      return {
        url: iniValue(conf, 'url') || DEFAULT_URL,
        token: iniValue(conf, 'token'),
        rooms: iniValue(conf, 'rooms') ?? '',
        proxy: iniValue(conf, 'proxy') ?? 'env',
      };
    }
    return {
      url: this.env.NETDATA_CLAIM_URL || '',
      token: this.env.NETDATA_CLAIM_TOKEN || '',
      rooms: this.env.NETDATA_CLAIM_ROOMS || '',
      proxy: this.env.NETDATA_CLAIM_PROXY || 'env',
    };
  }

  ensureKeys() {
    if (fs.existsSync(P.publicKey)) return;
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    fs.mkdirSync(P.cloudD, { recursive: true, mode: 0o770 });
    writeOwned(P.privateKey, privateKey, 0o600);
    writeOwned(P.publicKey, publicKey, 0o644);
  }

  /** A successful claim, as the agent (v2) or netdata-claim.sh (v1) leaves it on disk. */
  writeClaim(fx) {
    const src = this.claimSource();
    const recorded = this.replay === 'recorded';
    const url =
      recorded && fx.literals.url && fx.literals.url !== DEFAULT_URL
        ? fx.literals.url.replace(/\\\//g, '/')
        : src.url || this.url || DEFAULT_URL;
    const claimId = this.genName === 'v1' ? this.guid : recorded && fx.literals.claimId ? fx.literals.claimId : crypto.randomUUID();
    this.ensureKeys();
    if (this.genName === 'v1') {
      // netdata-claim.sh v1.46+: two-space indent, an empty proxy line (observed: 70 bytes for a 24-char URL).
      writeOwned(
        P.cloudConf,
        `[global]\n  enabled = yes\n  cloud base url = ${url}\n${src.proxy && src.proxy !== 'env' ? `  proxy = ${src.proxy}` : ''}\n`,
        0o644,
      );
    } else {
      // v2 regenerates cloud.conf on a successful claim (facts §2.4, §3). The exact layout was not recorded.
      const lines = ['[global]', `\turl = ${url}`, `\tproxy = ${src.proxy || 'env'}`];
      if (src.token) lines.push(`\ttoken = ${src.token}`);
      if (src.rooms) lines.push(`\trooms = ${src.rooms}`);
      lines.push('\tinsecure = no', `\tmachine_guid = ${this.guid}`, `\tclaimed_id = ${claimId}`, `\thostname = ${this.hostname}`, '');
      writeOwned(P.cloudConf, lines.join('\n'), 0o660);
    }
    writeOwned(P.claimedId, claimId, 0o644);
    this.claimId = claimId;
    this.url = url;
  }

  /** The claim phase of start-up (and of a scripted change into or out of a claimed state). */
  claimPhase(st, fx, atStart) {
    const L = this.log;
    const claimed = CLAIMED.has(st.name);
    if (claimed && !this.claimId) this.writeClaim(fx);
    if (this.genName === 'v1') {
      if (claimed) L.info("File '/var/lib/netdata/cloud.d/claimed_id' was found. Setting state to AGENT_CLAIMED.");
      else L.error("Unable to load '/var/lib/netdata/cloud.d/claimed_id', setting state to AGENT_UNCLAIMED");
      if (claimed && atStart) L.aclk('Waiting for Cloud to be enabled');
      return;
    }
    if (claimed) {
      L.info('CLAIM: Found a valid claimed_id, setting state to AGENT_CLAIMED');
      if (atStart) L.aclk('ACLK: Starting ACLK query event loop');
      return;
    }
    if (st.name === 'claim-failed') {
      this.ensureKeys(); // the v2 agent makes its key pair before the PUT
      if (st.variant === 'network') for (let i = 0; i < 5; i++) L.error(`CLAIM: ${fx.literals.reason}`);
      else L.error(`CLAIM: ${fx.literals.reason}`);
    }
    L.error('CLAIM: Unable to find our claimed_id, setting state to AGENT_UNCLAIMED');
  }

  startupLines() {
    const L = this.log;
    if (this.genName === 'v2') {
      if (!this.hadCloudConf)
        L.info("CLAIM: cannot load cloud config '/var/lib/netdata/cloud.d/cloud.conf'. Running with internal defaults.");
      L.info('Starting ACLK synchronization thread', { thread: 'ACLK_SYNC' });
      L.info('Starting ACLK synchronization thread with 6 parallel query threads', { thread: 'ACLK_SYNC' });
      L.info('ACLK sync initialization completed', { thread: 'ACLK_SYNC' });
    } else {
      L.info('ACLK sync initialization completed', { thread: 'ACLK_SYNC' });
      L.info('Starting ACLK synchronization thread', { thread: 'ACLK_SYNC' });
    }
  }

  // ---------------------------------------------------------------------------------------------- states

  fixture() {
    return loadFixture(CATALOGUE[this.genName][this.state.key].fx);
  }

  endpoint() {
    let u;
    try {
      u = new URL(this.state?.name === 'indirect' ? this.parentUrl : this.url);
    } catch {
      u = new URL(DEFAULT_URL);
    }
    const port = u.port || '443';
    return { host: u.hostname, port, hostport: `${u.hostname}:${port}` };
  }

  /** Switches to a state, logging what the real agent logs on the way (first = at start-up). */
  enter(spec, atStart = false) {
    const st = parseState(spec, this.genName, this.env.FAKE_AGENT_REASON);
    const prev = this.state;
    const fx = loadFixture(CATALOGUE[this.genName][st.key].fx);
    this.clearRetry();
    const wasClaimed = prev ? CLAIMED.has(prev.name) : false;
    if (atStart || CLAIMED.has(st.name) !== wasClaimed || (!CLAIMED.has(st.name) && prev?.name !== st.name)) {
      if (!atStart && this.genName === 'v2') this.log.info('CLAIM: Reloading Agent Claiming configuration.');
      this.claimPhase(st, fx, atStart);
    }
    this.state = st;
    this.since = Date.now();
    this.attempt = 0;
    const wasOnline = prev?.name === 'online';
    if (fx.literals.nodeId && !this.nodeId) this.nodeId = crypto.randomUUID();
    if (this.nodeId && fx.literals.nodeId && st.name !== 'indirect') this.persistNodeId();
    switch (st.name) {
      case 'online':
        this.connectLines();
        break;
      case 'offline-never-connected':
        this.attemptLines();
        this.scheduleRetry();
        break;
      case 'offline-was-connected':
        if (!wasOnline) this.connectLines();
        this.dropLines();
        if (st.variant !== 'socket-error') this.attemptLines();
        this.scheduleRetry();
        break;
      case 'banned':
      case 'blocked-temporarily':
        if (wasOnline) this.dropLines();
        this.attemptLines();
        this.scheduleRetry();
        break;
      case 'indirect':
        this.streamLines();
        break;
      case 'cloud-disabled':
        this.log.info('Waiting for Cloud to be enabled', { thread: 'ACLK_MAIN' });
        break;
      default:
        if (wasOnline) this.dropLines();
    }
    this.writeStatusFile();
  }

  persistNodeId() {
    try {
      fs.mkdirSync(P.cache, { recursive: true });
      if (readText(P.nodeId)?.trim() !== this.nodeId) writeOwned(P.nodeId, this.nodeId, 0o660);
    } catch {
      /* a read-only cache only costs the node id across restarts */
    }
  }

  clearRetry() {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.nextAttemptAt = undefined;
  }

  /** The next attempt: 60 s flat when banned, the Cloud's delay when blocked, else a growing backoff. */
  scheduleRetry() {
    const name = this.state.name;
    let delay;
    if (name === 'banned') delay = 60_000;
    else if (name === 'blocked-temporarily') delay = this.blockSeconds * 1000;
    else delay = Math.min(2 ** (this.attempt + 1), Number(this.env.FAKE_AGENT_MAX_BACKOFF || 1024)) * 1000 + crypto.randomInt(1000);
    this.nextAttemptAt = Date.now() + delay;
    this.retryTimer = setTimeout(() => {
      this.attempt++;
      if (name === 'offline-was-connected' && this.state.variant === 'socket-error') this.reconnectFailsAtMqtt();
      else this.attemptLines();
      this.scheduleRetry();
      this.writeStatusFile();
    }, delay);
    this.retryTimer.unref?.();
  }

  // ---------------------------------------------------------------------------------------------- log sequences

  /** v1 (recorded): /env, the OTP challenge and password, then the MQTT connect begins. */
  v1HandshakeLines(host) {
    const L = this.log;
    L.aclk(`HTTPS "GET" request to "${host}" finished with HTTP code: 200`);
    L.aclk('Getting Cloud /env successful');
    L.aclk(`HTTPS "GET" request to "${host}" finished with HTTP code: 200`);
    L.aclk('ACLK_OTP Got Challenge from Cloud');
    L.aclk(`HTTPS "POST" request to "${host}" finished with HTTP code: 201`);
    L.aclk('ACLK_OTP Got Password from Cloud');
    L.aclk('[mqtt_wss] I: Going to connect using internal MQTT 5 implementation');
  }

  connectLines() {
    const L = this.log;
    const { host, hostport } = this.endpoint();
    if (this.genName === 'v2') {
      L.aclk(`ACLK: connecting to ${hostport} (no proxy)`);
      L.aclk(`ACLK: HTTPS "GET" request to "${host}" finished with HTTP code: 200`);
      L.aclk(`ACLK: connecting to ${hostport} (no proxy)`);
      L.aclk(`ACLK: HTTPS "GET" request to "${host}" finished with HTTP code: 200`);
      L.aclk(`ACLK: connecting to ${hostport} (no proxy)`);
      L.aclk(`ACLK: HTTPS "POST" request to "${host}" finished with HTTP code: 201`);
      L.aclk(`ACLK: connecting to ${hostport} (no proxy)`);
      L.aclk('ACLK: Websocket Connection Accepted By Server');
      L.aclk('ACLK: MQTT Connection Accepted By Server');
      L.aclk('ACLK: connection successfully established');
      L.aclk('Netdata Cloud, ACLK connection status: connected');
      L.access('ACLK CONNECTED');
    } else {
      this.v1HandshakeLines(host);
      L.aclk('[mqtt_wss] W: client_id provided is longer than 23 bytes, server might not allow that [MQTT-3.1.3-5]', 'warning');
      L.aclk('[mqtt_wss] I: ws_client: Websocket Connection Accepted By Server');
      L.aclk('[mqtt_wss] I: mqtt_client: MQTT Connection Accepted By Server');
      L.aclk('ACLK connection successfully established');
      L.access('ACLK CONNECTED');
      L.aclk('Starting 2 query threads.');
    }
    this.connectedAt = Date.now();
    this.disconnectedAt = undefined;
  }

  dropLines() {
    const L = this.log;
    if (this.genName === 'v2') {
      L.aclk('SSL_read error: 1 SSL_ERROR_SSL', 'error');
      L.aclk('Connection Error or Dropped', 'error');
      L.aclk('Netdata Cloud, ACLK connection status: disconnected, socket error');
    } else {
      L.aclk('Connection Error or Dropped', 'error'); // v1 wording not recorded
    }
    L.access('ACLK DISCONNECTED', 'warning');
    this.disconnectedAt = Date.now();
  }

  /** One connection attempt of the current (not connected) state. */
  attemptLines() {
    const L = this.log;
    const st = this.state;
    const { host, port, hostport } = this.endpoint();
    const v2 = this.genName === 'v2';
    const status = (reason) => {
      if (v2) L.aclk(`Netdata Cloud, ACLK connection status: ${reason}`);
    };
    const envNot200 = (code) => {
      if (v2) {
        L.aclk(`ACLK: connecting to ${hostport} (no proxy)`);
        L.aclk(`ACLK: HTTPS "GET" request to "${host}" finished with HTTP code: ${code}`);
        L.aclk(`ACLK: failed to get ACLK environment (ENV response code is not 200) (got ${code})`, 'error');
      } else {
        L.aclk(`HTTPS "GET" request to "${host}" finished with HTTP code: ${code}`);
        L.aclk(`The HTTP code not 200 OK (Got ${code})`, 'error');
      }
    };
    const cannotContact = () =>
      L.aclk(
        v2
          ? 'ACLK: failed to get ACLK environment (cannot contact ENV endpoint)'
          : 'Failed to Get ACLK environment (cannot contact ENV endpoint)',
        'error',
      );
    switch (st.name === 'offline-was-connected' ? `was-${st.variant}` : st.name) {
      case 'offline-never-connected':
        envNot200(503);
        L.aclk(`${v2 ? 'ACLK: ' : ''}JSON-C failed to parse the payload of http response of /env endpoint`, 'error');
        if (!v2) L.aclk('Failed to Get ACLK environment (ENV response code is not 200)', 'error');
        status('/env response code is not 200');
        break;
      case 'banned':
        envNot200(403);
        L.aclk(
          `${v2 ? 'ACLK: ' : ''}Cloud returned EC="ErrNodeBanned", Msg-Key:"ErrNodeBanned", Msg:"this node is banned from Netdata Cloud (test endpoint)", BlockRetry:true, Backoff:-1s (-1 unset by cloud)`,
          'error',
        );
        if (!v2) L.aclk('Failed to Get ACLK environment (ENV response code is not 200)', 'error');
        status('/env response code is not 200');
        break;
      case 'blocked-temporarily':
        // Not recorded: the Cloud answers /env with errorRetryDelaySeconds (facts §5.1).
        envNot200(429);
        L.aclk(
          `${v2 ? 'ACLK: ' : ''}Cloud returned EC="ErrTooManyRequests", Msg-Key:"ErrTooManyRequests", Msg:"too many requests (test endpoint)", BlockRetry:false, Backoff:${this.blockSeconds}s (-1 unset by cloud)`,
          'error',
        );
        L.aclk(`Cloud asks not to reconnect for ${this.blockSeconds} seconds. We shall honor that request`);
        if (!v2) L.aclk('Failed to Get ACLK environment (ENV response code is not 200)', 'error');
        status('/env response code is not 200');
        status('agent is blocked');
        break;
      case 'was-connection-refused':
        if (v2) L.aclk(`ACLK: connecting to ${hostport} (no proxy)`);
        L.aclk(`Failed to connect to '${this.ipOf(host)}', port '${port}'`, 'error');
        if (v2) L.aclk(`ACLK: error connecting TCP socket to "${host}"`, 'error');
        cannotContact();
        status('connection refused');
        break;
      case 'was-cannot-resolve':
        // Not recorded: the resolver's failure line is an assumption; the status string is from facts §4.4.
        if (v2) L.aclk(`ACLK: connecting to ${hostport} (no proxy)`);
        L.aclk(`Cannot resolve host '${host}', port '${port}': Name or service not known`, 'error');
        cannotContact();
        status('cannot resolve hostname');
        break;
      case 'was-tls-verify':
        // Not recorded: the OpenSSL line is an assumption; the status string is from facts §4.4.
        if (v2) L.aclk(`ACLK: connecting to ${hostport} (no proxy)`);
        L.aclk(`SSL_connect() failed: certificate verify failed for host '${host}'`, 'error');
        cannotContact();
        status('TLS certificate verification failed');
        break;
      case 'was-claim-removed':
        // Not recorded: the Cloud deleted the node (Unseen 48 h, Offline 7 days), so /env answers that it is not claimed.
        envNot200(403);
        status('agent is not claimed (during /env)');
        break;
      default:
        break;
    }
  }

  /** socket-error retries: /env, challenge and password work, the MQTT connect is refused (recorded). */
  reconnectFailsAtMqtt() {
    const L = this.log;
    const { host, port, hostport } = this.endpoint();
    if (this.genName === 'v2') {
      for (const [m, c] of [
        ['GET', 200],
        ['GET', 200],
        ['POST', 201],
      ]) {
        L.aclk(`ACLK: connecting to ${hostport} (no proxy)`);
        L.aclk(`ACLK: HTTPS "${m}" request to "${host}" finished with HTTP code: ${c}`);
      }
      L.aclk(`ACLK: connecting to ${hostport} (no proxy)`);
      L.aclk(`Failed to connect to '${this.ipOf(host)}', port '${port}'`, 'error');
      L.aclk(`Could not connect to remote endpoint "${host}", port ${port}.\n`, 'error');
      L.aclk('ACLK: connection failed', 'error');
    } else {
      this.v1HandshakeLines(host);
      L.aclk(`Could not connect to remote endpoint "${host}", port ${port}.\n`, 'error');
      L.aclk('Connect failed', 'error');
    }
  }

  streamLines() {
    const dest = iniValue(readText(P.streamConf), 'destination') || 'parent:19999';
    this.log.info(`STREAM SND [${this.hostname} -> ${dest}]: connected to parent, ready to send metrics`, { thread: 'STREAM' }); // not recorded
    if (this.genName === 'v2')
      this.log.info(`[PCLAIMID] set parent's claim id to ${this.values()?.parentClaimId ?? this.parentClaimId} (was empty)`, {
        thread: 'STREAM',
      });
  }

  /** The address a name resolves to in the log lines (the recorded run resolved cloud.test to 127.0.0.1). */
  ipOf(host) {
    if (net.isIP(host)) return host;
    return this.replay === 'recorded' || host === 'cloud.test' ? '127.0.0.1' : host;
  }

  // ---------------------------------------------------------------------------------------------- answers

  /** The live values that replace the recording's (undefined in recorded mode: the bytes as recorded). */
  values() {
    if (this.replay === 'recorded') return undefined;
    const fx = this.fixture();
    const now = Date.now();
    const nowS = Math.floor(now / 1000);
    const since = Math.floor(this.since / 1000);
    const next = this.nextAttemptAt ? Math.ceil(this.nextAttemptAt / 1000) : undefined;
    const indirect = this.state.name === 'indirect';
    return {
      claimId: this.claimId ?? undefined,
      parentClaimId: this.parentClaimId,
      mguid: this.guid,
      nodeId: this.nodeId,
      url: indirect ? this.parentUrl : this.url,
      hostname: this.hostname,
      since,
      age: Math.max(0, nowS - since),
      next_check: fx.literals.times.next_check !== undefined && next ? next : undefined,
      next_in: fx.literals.times.next_in !== undefined && next ? Math.max(0, next - nowS) : undefined,
      connectedAt: this.connectedAt,
      pubackAt: this.connectedAt ? Math.min(now, this.connectedAt + 1000) : undefined,
      disconnectedAt: this.disconnectedAt,
      nextAttemptAt: this.nextAttemptAt,
    };
  }

  cloudText() {
    return substitute(this.fixture().cloud, this.fixture(), this.values());
  }
  cloud() {
    return JSON.parse(this.cloudText());
  }
  nd() {
    return JSON.parse(substitute(this.fixture().nd, this.fixture(), this.values()));
  }

  aclkJsonText() {
    let t = substitute(this.fixture().aclkJson, this.fixture(), this.values());
    // v2.11.0 adds the broker's MQTT 5 Receive Maximum: 65535 while connected, 0 otherwise (observed-v2.11.0.md).
    if (
      this.genName === 'v2' &&
      versionAtLeast(this.version, [2, 11, 0]) &&
      !t.includes('"server-receive-maximum"') &&
      t.includes('"reconnect-count"')
    ) {
      t = t.replace('"reconnect-count"', `"server-receive-maximum":${/"online":true/.test(t) ? 65535 : 0},"reconnect-count"`);
    }
    if (this.children.length && t.endsWith('}]}')) {
      const self = JSON.parse(t)['node-instances'][0];
      const extra = this.children.map((c) =>
        JSON.stringify({
          hostname: c.hostname,
          mguid: c.mguid,
          claimed_id: null,
          'node-id': c.nodeId ?? null,
          'streaming-hops': 1,
          relationship: 'child',
          'streaming-online': c.online !== false,
          'alert-sync-status': self['alert-sync-status'],
        }),
      );
      t = `${t.slice(0, -2)},${extra.join(',')}]}`;
    }
    return t;
  }

  aclkText() {
    const fx = this.fixture();
    if (fx.aclkText && !this.children.length) return substitute(fx.aclkText, fx, this.values());
    return aclkStateText(JSON.parse(this.aclkJsonText()), this.genName);
  }

  infoV1CloudKeys() {
    const fx = this.fixture();
    if (fx.infoV1) return JSON.parse(fx.infoV1);
    const aclk = JSON.parse(this.aclkJsonText());
    return { 'cloud-enabled': true, 'cloud-available': true, 'agent-claimed': aclk['agent-claimed'], 'aclk-available': aclk.online };
  }

  cloudStatus() {
    return this.fixture().literals.status;
  }

  reloadClaimingSentence() {
    const c = this.cloud();
    switch (c.status) {
      case 'online':
        return 'Netdata Agent is claimed to Netdata Cloud and is currently online.';
      case 'banned':
        return 'Netdata Agent is claimed to Netdata Cloud, but it is banned.';
      case 'indirect':
        return 'Netdata Agent is not claimed to Netdata Cloud, but it is currently online via parent.';
      case 'offline':
        return `Netdata Agent is claimed to Netdata Cloud, but it is currently offline: ${c.reason}`;
      default:
        return `Netdata Agent is not claimed to Netdata Cloud: ${c.reason}`;
    }
  }

  nodesCounts() {
    const online = this.children.filter((c) => c.online !== false).length;
    const indirect = this.state.name === 'indirect';
    return { total: 1 + this.children.length, receiving: online, sending: indirect ? 1 : 0, archived: this.children.length - online };
  }

  /** /api/v2/info, /api/v3/info: the recorded cloud object inside an envelope that was NOT recorded. */
  infoV2Text(api) {
    const nd = this.nd();
    const envelope = {
      api,
      agents: [
        {
          mg: this.values()?.mguid ?? this.fixture().literals.mguid,
          nd,
          nm: this.values()?.hostname ?? this.fixture().literals.hostname,
          now: Math.floor(Date.now() / 1000),
          ai: 0,
          application: {
            package: { version: this.version, type: 'oci', arch: 'x86_64', distro: 'debian', configure: '' },
            online: true,
          },
          cloud: '@@CLOUD@@',
          nodes: this.nodesCounts(),
          api: { version: api === 3 ? 3 : 2, bearer_protection: false },
        },
      ],
      timings: { prep_ms: 0.01, query_ms: 0.2, output_ms: 0, total_ms: 0.21, cloud_ms: 0.21 },
    };
    const cloud = this.cloudText().split('\n').join('\n\t\t\t');
    return JSON.stringify(envelope, null, '\t').replace('"@@CLOUD@@"', cloud);
  }

  /** /api/v1/info: a realistic body (tab-indented like the real agent's); only the cloud keys are recorded (v1). */
  infoV1Text() {
    const v = this.values();
    const guid = v?.mguid ?? this.fixture().literals.mguid;
    const host = v?.hostname ?? this.fixture().literals.hostname;
    const aclk = JSON.parse(this.aclkJsonText());
    const self = aclk['node-instances'][0];
    const hosts = [
      { guid, hostname: host, reachable: true, hops: 0, claim_id: aclk['claimed-id'] ?? null, node_id: self['node-id'] ?? null },
    ];
    for (const c of this.children)
      hosts.push({
        guid: c.mguid,
        hostname: c.hostname,
        reachable: c.online !== false,
        hops: 1,
        claim_id: null,
        node_id: c.nodeId ?? null,
      });
    const collectors = [
      ['idlejitter.plugin', ''],
      ['statsd.plugin', 'stats'],
      ['netdata', 'stats'],
      ['diskspace.plugin', ''],
      ['apps.plugin', ''],
      ['cgroups.plugin', '/sys/fs/cgroup'],
      ['proc.plugin', '/proc/stat'],
      ['proc.plugin', '/proc/uptime'],
      ['proc.plugin', '/proc/loadavg'],
      ['proc.plugin', '/proc/sys/kernel/random/entropy_avail'],
      ['proc.plugin', '/proc/pressure'],
      ['proc.plugin', '/proc/interrupts'],
      ['proc.plugin', '/proc/softirqs'],
      ['proc.plugin', '/proc/vmstat'],
      ['proc.plugin', '/proc/meminfo'],
      ['proc.plugin', '/sys/kernel/mm/ksm'],
      ['proc.plugin', '/sys/block/zram'],
      ['proc.plugin', '/sys/devices/system/edac/mc'],
      ['proc.plugin', '/sys/class/pci/aer'],
      ['proc.plugin', '/sys/devices/system/node'],
      ['proc.plugin', '/proc/net/dev'],
      ['proc.plugin', '/proc/net/wireless'],
      ['proc.plugin', '/proc/net/sockstat'],
      ['proc.plugin', '/proc/net/sockstat6'],
      ['proc.plugin', '/proc/net/netstat'],
      ['proc.plugin', '/proc/net/sctp/snmp'],
      ['proc.plugin', '/proc/net/softnet_stat'],
      ['proc.plugin', '/proc/net/ip_vs/stats'],
      ['proc.plugin', '/sys/class/infiniband'],
      ['proc.plugin', '/proc/net/stat/conntrack'],
      ['proc.plugin', '/proc/net/stat/synproxy'],
      ['proc.plugin', '/proc/diskstats'],
      ['proc.plugin', '/proc/mdstat'],
      ['proc.plugin', '/proc/net/rpc/nfsd'],
      ['proc.plugin', '/proc/net/rpc/nfs'],
      ['proc.plugin', '/proc/spl/kstat/zfs/arcstats'],
      ['proc.plugin', '/sys/fs/btrfs'],
      ['proc.plugin', 'ipc'],
      ['proc.plugin', '/sys/class/power_supply'],
      ['go.d.plugin', 'docker'],
      ['go.d.plugin', 'prometheus'],
      ['go.d.plugin', 'web_log'],
      ['python.d.plugin', 'anomalies'],
      ['ebpf.plugin', 'process'],
      ['systemd-journal.plugin', ''],
      ['network-viewer.plugin', ''],
      ['debugfs.plugin', ''],
    ].map(([plugin, module]) => ({ plugin, module }));
    const keys = this.infoV1CloudKeys();
    const body = {
      version: this.version,
      uid: guid,
      mirrored_hosts: hosts.map((h) => h.hostname),
      mirrored_hosts_status: hosts,
      alarms: { normal: 46, warning: 0, critical: 0 },
      os_name: 'Debian GNU/Linux',
      os_id: 'debian',
      os_id_like: '',
      os_version: this.genName === 'v2' ? '13 (trixie)' : '12 (bookworm)',
      os_version_id: this.genName === 'v2' ? '13' : '12',
      os_detection: '/etc/os-release',
      cores_total: String(os.cpus().length || 1),
      total_disk_space: '0',
      cpu_freq: '0',
      ram_total: String(os.totalmem()),
      container_os_name: 'Debian GNU/Linux',
      container_os_id: 'debian',
      is_k8s_node: 'false',
      kernel_name: 'Linux',
      kernel_version: os.release(),
      architecture: 'x86_64',
      virtualization: 'none',
      virt_detection: 'none',
      container: 'docker',
      container_detection: 'dockerenv',
      host_labels: {
        _aclk_available: String(aclk.online),
        _is_ephemeral: 'false',
        _has_unstable_connection: 'false',
        _is_parent: String(this.children.length > 0),
      },
      functions: {},
      collectors,
      ...keys,
      'memory-mode': 'dbengine',
      'multidb-disk-quota': 256,
      'page-cache-size': 32,
      'stream-enabled': this.state.name === 'indirect',
      'stream-compression': 'zstd',
      'hosts-available': hosts.length,
      https_enabled: false,
      buildinfo:
        'dbengine|Native HTTPS|Netdata Cloud|ACLK|TLS Host Verification|Machine Learning|Stream Compression|protobuf|JSON-C|libcrypto|libm|LWS|mosquitto|zlib|apps|cgroup Network Tracking|EBPF|perf|slabinfo|Prometheus Remote Write',
      'release-channel': 'stable',
      'web-enabled': true,
      'anonymous-statistics': false,
      'ml-info': { 'machine-learning-enabled': true },
    };
    return JSON.stringify(body, null, '\t');
  }

  nodesText(api) {
    const v = this.values();
    const nodes = [
      {
        mg: v?.mguid ?? this.fixture().literals.mguid,
        nd: this.nd(),
        nm: v?.hostname ?? this.fixture().literals.hostname,
        ni: 0,
        state: 'reachable',
        health: { status: 'running' },
      },
    ];
    this.children.forEach((c, i) =>
      nodes.push({
        mg: c.mguid,
        nd: c.nodeId ?? null,
        nm: c.hostname,
        ni: i + 1,
        state: c.online !== false ? 'reachable' : 'stale',
        health: { status: c.online !== false ? 'running' : 'disabled' },
      }),
    );
    return JSON.stringify({ api, nodes }, null, '\t');
  }

  // ---------------------------------------------------------------------------------------------- status file (v2.3+)

  writeStatusFile(exitReason, fatal) {
    if (!this.gen.statusFile || !this.state) return;
    const prev = this.prevStatus;
    const now = Date.now();
    let nd = null;
    let claim = null;
    try {
      nd = this.nd();
      claim = JSON.parse(this.aclkJsonText())['claimed-id'] ?? null;
    } catch {
      /* keep nulls */
    }
    const file = {
      '@timestamp': new Date(now).toISOString(),
      version: versionAtLeast(this.version, [2, 11, 0]) ? 29 : 28,
      agent: {
        id: this.guid,
        since: this.guidSince.toISOString(),
        ephemeral_id: this.ephemeralId,
        version: this.version,
        uptime: Math.floor((now - this.startedAt) / 1000),
        node_id: nd,
        claim_id: claim,
        restarts: (prev?.agent?.restarts ?? -1) + 1,
        crashes: prev?.agent?.crashes ?? 0,
        pid: process.pid,
        posts: 0,
        aclk: this.cloudStatus(),
        profile: ['standalone'],
        status: exitReason ? 'exited' : this.status,
        exit_reason: exitReason ? [exitReason] : [],
        install_type: 'oci',
        db_mode: 'dbengine',
        db_tiers: 3,
        kubernetes: false,
        sentry_available: false,
        reliability: 1,
        stack_traces: 'none',
        timings: { init: 1, exit: 0 },
      },
      metrics: {
        nodes: this.nodesCounts(),
        metrics: { collected: 2000, available: 2000 },
        instances: { collected: 400, available: 400 },
        contexts: { collected: 300, available: 300 },
      },
      host: {
        id: crypto.createHash('md5').update(this.guid).digest('hex'),
        architecture: 'x86_64',
        virtualization: 'none',
        container: 'docker',
        uptime: Math.floor(os.uptime()),
        timezone: 'UTC',
        cloud_provider: '',
        cloud_instance: '',
        cloud_region: '',
        system_cpus: os.cpus().length || 1,
      },
      os: { type: 'linux', kernel: os.release(), name: 'Debian GNU/Linux', version: '13 (trixie)', family: 'debian', platform: '' },
      fatal: {
        line: 0,
        filename: '',
        function: '',
        message: '',
        errno: '',
        thread: '',
        thread_id: 0,
        stack_trace: '',
        signal_code: '',
        sentry: false,
        fault_address: '',
        worker_job_id: 0,
        ...fatal,
      },
    };
    try {
      writeOwned(P.statusFile, `${JSON.stringify(file, null, '\t')}\n`, 0o644);
    } catch {
      /* read-only /var/lib/netdata: the real agent tries other places; nothing to do here */
    }
  }

  // ---------------------------------------------------------------------------------------------- HTTP API

  respond(res, code, type, body, head) {
    const buf = Buffer.from(body);
    res.writeHead(code, {
      Connection: 'close',
      Server: `Netdata Embedded HTTP Server ${this.version}`,
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Credentials': 'true',
      'Content-Type': type,
      'Cache-Control': 'no-cache, no-store, must-revalidate',
      Pragma: 'no-cache',
      Expires: new Date(Date.now() + 1000).toUTCString(),
      'Content-Length': buf.length,
    });
    res.sentLength = buf.length;
    res.end(head ? undefined : buf);
    return code;
  }

  /** The normal answer for a path: [code, content type, body]. */
  answer(pathname) {
    const JSON_T = 'application/json; charset=utf-8';
    if (pathname === '/' || pathname === '/index.html') {
      return [
        200,
        'text/html; charset=utf-8',
        `<!doctype html><html><head><title>Netdata Agent Console</title></head><body><div id="app">netdata ${this.version}</div></body></html>\n`,
      ];
    }
    const m = /^\/api\/v(\d+)\/([^/?]+)/.exec(pathname);
    if (!m) return [404, 'text/plain; charset=utf-8', 'File does not exist, or is not accessible: ' + pathname];
    const api = Number(m[1]);
    const cmd = m[2];
    if (!this.gen.apiVersions.includes(api)) return [404, 'text/html; charset=utf-8', `Unsupported API version: v${api}`];
    if (Date.now() < this.initUntil) return [503, 'text/plain; charset=utf-8', 'Netdata is starting. Please try again later.'];
    if (api === 1 && cmd === 'info') return [200, JSON_T, this.infoV1Text()];
    if (api === 1 && cmd === 'aclk') return [200, JSON_T, this.aclkJsonText()];
    if (api >= 2 && cmd === 'info') return [200, JSON_T, this.infoV2Text(api)];
    if (api >= 2 && cmd === 'nodes') return [200, JSON_T, this.nodesText(api)];
    return [404, 'text/plain; charset=utf-8', `Unsupported v${api} API command: ${cmd}`];
  }

  /** FAKE_AGENT_HOSTILE: every /api/* answer misbehaves. Returns true when it took over the response. */
  hostileAnswer(req, res, pathname, head) {
    const mode = this.hostile;
    if (!mode || !pathname.startsWith('/api/')) return false;
    const JSON_T = 'application/json; charset=utf-8';
    switch (mode) {
      case 'slow': {
        const [code, type, body] = this.answer(pathname);
        const t = setTimeout(() => this.respond(res, code, type, body, head), Number(this.env.FAKE_AGENT_SLOW_MS || 30_000));
        res.on('close', () => clearTimeout(t));
        return true;
      }
      case 'huge': {
        const [, , body] = this.answer(pathname);
        const prefix = Buffer.from(`${body.trimEnd().replace(/}$/, '')},\n\t"padding": "`);
        const suffix = Buffer.from('"\n}\n');
        const total = Number(this.env.FAKE_AGENT_HUGE_MB || 50) * 1024 * 1024;
        const chunk = Buffer.alloc(64 * 1024, 'x');
        res.writeHead(200, { 'Content-Type': JSON_T, 'Content-Length': prefix.length + total + suffix.length, Connection: 'close' });
        if (head) return (res.end(), true);
        res.write(prefix);
        let sent = 0;
        const pump = () => {
          while (sent < total) {
            const n = Math.min(chunk.length, total - sent);
            sent += n;
            if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void res.once('drain', pump);
          }
          res.end(suffix);
        };
        res.on('close', () => {
          sent = total;
        });
        pump();
        return true;
      }
      case 'invalid-json': {
        const [, , body] = this.answer(pathname);
        this.respond(
          res,
          200,
          JSON_T,
          `${body.slice(0, Math.floor(body.length / 2))}<html><body>502 Bad Gateway</body></html>\n\u0000{{{`,
          head,
        );
        return true;
      }
      case 'wrong-types': {
        const bodies = {
          info: {
            version: 2.104,
            uid: 12345,
            'cloud-enabled': 'yes',
            'cloud-available': 1,
            'agent-claimed': 'true',
            'aclk-available': null,
            mirrored_hosts: 'all',
            collectors: {},
          },
          aclk: {
            'aclk-available': 'Yes',
            'agent-claimed': 1,
            'claimed-id': 42,
            'cloud-url': ['https://cloud.test'],
            online: 'true',
            'banned-by-cloud': 'no',
            'node-instances': { 0: 'self' },
            'reconnect-count': '-1',
            'last-backoff-value': 'soon',
          },
          v2info: {
            api: '3',
            agents: {
              0: {
                mg: 1,
                nd: ['x'],
                nm: null,
                application: 'netdata',
                cloud: {
                  id: '1',
                  status: 7,
                  since: 'yesterday',
                  age: -5,
                  claim_id: 123,
                  url: false,
                  reason: { text: 'no' },
                  next_check: 'later',
                },
              },
            },
          },
        };
        const key = /\/api\/v1\/info/.test(pathname) ? 'info' : /\/api\/v1\/aclk/.test(pathname) ? 'aclk' : 'v2info';
        this.respond(res, 200, JSON_T, JSON.stringify(bodies[key]), head);
        return true;
      }
      case 'never-ending': {
        res.writeHead(200, { 'Content-Type': JSON_T, 'Transfer-Encoding': 'chunked' });
        if (head) return (res.end(), true);
        res.write('{"api":3,"agents":[');
        const t = setInterval(() => res.write('{"mg":"00000000-0000-0000-0000-000000000000","cloud":{"status":"online"}},'), 20);
        res.on('close', () => clearInterval(t));
        return true;
      }
      case 'redirect': {
        const to = (this.env.FAKE_AGENT_REDIRECT_TO || 'http://redirected.test:19999').replace(/\/$/, '');
        res.writeHead(302, { Location: `${to}${req.url}`, 'Content-Length': 0, Connection: 'close' });
        res.end();
        return true;
      }
      case 'reset':
        req.socket.destroy();
        return true;
      case 'error-500':
        this.respond(res, 500, 'text/plain; charset=utf-8', 'Internal Server Error', head);
        return true;
      case 'hang':
        // Accepted and never answered: the connection stays open until the client gives up.
        return true;
      default:
        return false;
    }
  }

  handle(req, res) {
    const started = process.hrtime.bigint();
    let pathname = '/';
    try {
      pathname = new URL(req.url, 'http://localhost').pathname;
    } catch {
      /* keep / */
    }
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS') {
      this.respond(res, 405, 'text/plain; charset=utf-8', 'Method not allowed', false);
    } else if (!this.hostileAnswer(req, res, pathname, head)) {
      try {
        const [c, type, body] = this.answer(pathname);
        this.respond(res, c, type, body, head);
      } catch (e) {
        this.respond(res, 500, 'text/plain; charset=utf-8', `fake agent error: ${e.message}`, head);
      }
    }
    if (this.env.FAKE_AGENT_ACCESS_LOG !== '0') {
      // The real access log (source=access) carries the request line; not recorded, format approximate.
      res.on('finish', () => {
        const us = Number((process.hrtime.bigint() - started) / 1000n);
        const extra = `src_ip=${req.socket.remoteAddress ?? ''} src_port=${req.socket.remotePort ?? 0} request_method=${req.method} request=${logfmtValue(req.url)} response_code=${res.statusCode} sent_bytes=${res.sentLength ?? 0} response_time_us=${us} `;
        this.log.write('info', 'DATA', { thread: 'WEB', source: 'access', stream: 'stdout', extra });
      });
    }
  }

  // ---------------------------------------------------------------------------------------------- netdatacli pipe

  command(argv) {
    const [cmd = '', ...args] = argv;
    const out = (stdout, code = 0) => ({ code, stdout, stderr: '' });
    // A wedged agent: netdatacli waits for an answer that never comes (the test-only controls still answer).
    if (this.hostile === 'hang' && !cmd.startsWith('__fake_')) return undefined;
    const initializing = Date.now() < this.initUntil;
    switch (cmd) {
      case 'help':
        return out(
          [
            'help',
            'reload-health',
            'reopen-logs',
            'shutdown-agent',
            'fatal-agent',
            'reload-claiming-state',
            'reload-labels',
            'save-database',
            'ping',
            'aclk-state [json]',
            'version',
            'write-config',
            'dumpconfig',
            'remove-stale-node',
          ]
            .map((c) => `${c}\n`)
            .join(''),
        );
      case 'ping':
        if (this.genName === 'v2' && initializing) return out('Agent is initializing\n', 1);
        return out('pong\n');
      case 'version':
        return out(`netdata ${this.version}\n`);
      case 'aclk-state':
        this.log.info('COMMAND: Reopening aclk/cloud state.');
        return out(`${args.join(' ').includes('json') ? this.aclkJsonText() : this.aclkText()}\n`);
      case 'reload-claiming-state':
        if (this.genName === 'v1') return out('');
        this.log.info('CLAIM: Reloading Agent Claiming configuration.');
        return out(`${this.reloadClaimingSentence()}\n`);
      case 'reopen-logs':
        this.log.info('COMMAND: Reopening all log files.');
        return out('');
      case 'shutdown-agent':
        setTimeout(() => this.shutdown('cmd-exit', 0), 50);
        return out('');
      case 'fatal-agent':
        setTimeout(() => this.fatal(), 50);
        return out('');
      case '__fake_exit':
        // test-only: end the run as a real agent ends it for <exit_reason> (signal-bad-system-call, out-of-memory,
        // already-running, …): the status file records it, the process exits with <code>.
        setTimeout(() => {
          this.status = 'exited';
          this.writeStatusFile(args[0] || 'fatal');
          process.exit(Number(args[1] ?? 1));
        }, 50);
        return out('');
      // test-only controls (never called by a real client): fakes.ts uses them through fake-control
      case '__fake_set_state':
        this.script = [];
        this.enter(args[0]);
        return out(`${this.state.key}\n`);
      case '__fake_set_hostile':
        this.hostile = args[0] && args[0] !== 'none' ? args[0] : '';
        return out(`${this.hostile || 'none'}\n`);
      case '__fake_set_children':
        this.children = JSON.parse(args[0] || '[]');
        return out(`${this.children.length}\n`);
      case '__fake_state':
        return out(
          `${JSON.stringify({ state: this.state.key, fixture: this.fixture().dir, source: CATALOGUE[this.genName][this.state.key].src, recorded: this.fixture().recorded, replay: this.replay, claimId: this.claimId, nodeId: this.nodeId ?? null, guid: this.guid, url: this.url })}\n`,
        );
      default:
        return { code: 1, stdout: '', stderr: 'Illegal command. Please type "help" for instructions.\n' };
    }
  }

  listenPipe() {
    const pipe = this.env.NETDATA_PIPENAME || path.join(ROOT, this.gen.pipe.slice(1));
    fs.mkdirSync(path.dirname(pipe), { recursive: true });
    try {
      fs.unlinkSync(pipe);
    } catch {
      /* none */
    }
    const server = net.createServer((sock) => {
      let buf = '';
      sock.setEncoding('utf8');
      sock.on('data', (d) => {
        buf += d;
        const nl = buf.indexOf('\n');
        if (nl < 0) return;
        let reply;
        try {
          reply = this.command(JSON.parse(buf.slice(0, nl)).argv ?? []);
        } catch (e) {
          reply = { code: 1, stdout: '', stderr: `${e.message}\n` };
        }
        if (reply === undefined) return; // hang: keep the client waiting
        sock.end(`${JSON.stringify(reply)}\n`);
      });
      sock.on('error', () => {});
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(pipe, () => {
        fs.chmodSync(pipe, 0o660);
        if (isRoot() && ROOT === '/') fs.chownSync(path.dirname(pipe), NETDATA_UID, NETDATA_UID);
        resolve(server);
      });
    });
  }

  listenHttp(port) {
    const server = http.createServer((req, res) => this.handle(req, res));
    server.keepAliveTimeout = 1000;
    return new Promise((resolve, reject) => {
      server.once('error', (e) => {
        if (e.code === 'EAFNOSUPPORT' || e.code === 'EADDRNOTAVAIL') server.listen(port, '0.0.0.0', () => resolve(server));
        else reject(e);
      });
      server.listen({ port, host: '::', ipv6Only: false }, () => resolve(server));
    });
  }

  // ---------------------------------------------------------------------------------------------- life cycle

  runScript() {
    const steps = this.script;
    let i = 0;
    const next = () => {
      const step = steps[i];
      if (!step || step.ms === Infinity) return;
      this.scriptTimer = setTimeout(() => {
        if (this.script !== steps) return; // replaced by __fake_set_state
        i++;
        this.enter(steps[i].spec);
        next();
      }, step.ms);
    };
    next();
  }

  shutdown(reason, code) {
    this.log.info(`NETDATA SHUTDOWN: initializing shutdown with code ${code}...`);
    if (this.state?.name === 'online') this.log.access('ACLK DISCONNECTED', 'warning');
    this.status = 'exited';
    this.writeStatusFile(reason);
    this.log.info('NETDATA SHUTDOWN: completed in 1 ms - netdata is now exiting - bye bye...');
    process.exit(code);
  }

  fatal() {
    this.log.write('critical', 'FATAL: netdatacli fatal-agent: requested by the command line (fake agent)');
    this.status = 'exited';
    this.writeStatusFile('fatal', {
      message: 'netdatacli fatal-agent: requested by the command line (fake agent)',
      function: 'cmd_fatal_agent',
      filename: 'src/daemon/commands.c',
      line: 1,
      thread: 'CLI',
    });
    process.exit(139);
  }

  async main(argv = process.argv.slice(2)) {
    const pIndex = argv.indexOf('-p');
    const port = Number(pIndex >= 0 ? argv[pIndex + 1] : this.env.NETDATA_LISTENER_PORT || 19999);
    const first = parseState(this.script[0].spec, this.genName, this.env.FAKE_AGENT_REASON);
    this.prepareFiles(first);
    this.startupLines();
    this.prevStatus = (() => {
      try {
        return JSON.parse(readText(P.statusFile) ?? 'null');
      } catch {
        return null;
      }
    })();
    this.enter(this.script[0].spec, true);
    await this.listenPipe();
    await this.listenHttp(port);
    this.log.info(`WEB SERVER: listening on port ${port}`); // not recorded
    // Drop privileges like `netdata -u netdata` (files above were made as root, owned by netdata).
    if (isRoot() && ROOT === '/' && argv.includes('-u')) {
      try {
        process.setgid(NETDATA_UID);
        process.setuid(NETDATA_UID);
      } catch (e) {
        this.log.error(`Cannot switch to user netdata: ${e.message}`);
      }
    }
    this.status = 'running';
    this.writeStatusFile();
    this.runScript();
    // exit_reason as the real agent names them (agent-vocabulary.json status_file).
    for (const [sig, reason] of [
      ['SIGTERM', 'signal-terminate'],
      ['SIGINT', 'signal-interrupt'],
    ])
      process.on(sig, () => this.shutdown(reason, 0));
    setInterval(() => this.writeStatusFile(), 60_000).unref();
  }
}

// ------------------------------------------------------------------------------------------------------------------
// Self-check: the text generator reproduces every recorded `netdatacli aclk-state` text from its JSON twin.

export function selfCheck() {
  let failures = 0;
  for (const [gen, states] of Object.entries(CATALOGUE)) {
    for (const [key, entry] of Object.entries(states)) {
      const fx = loadFixture(entry.fx);
      JSON.parse(fx.cloud);
      if (fx.aclkText) {
        const generated = aclkStateText(JSON.parse(fx.aclkJson), gen);
        if (generated !== fx.aclkText) {
          failures++;
          console.error(
            `self-check: ${gen} ${key}: generated aclk-state text differs from the recording\n--- recorded\n${fx.aclkText}\n--- generated\n${generated}`,
          );
        }
      }
    }
  }
  console.log(failures ? `self-check: ${failures} failure(s)` : 'self-check: ok');
  return failures === 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === '--self-check') process.exit(selfCheck() ? 0 : 1);
  new FakeAgent().main().catch((e) => {
    console.error(`fake netdata: ${e.message}`);
    process.exit(1);
  });
}
