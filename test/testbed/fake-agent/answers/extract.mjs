#!/usr/bin/env node
// Regenerates answers/recorded/** from the recording documents, mechanically, so that every recorded fixture
// is a verbatim slice of a recording (nothing typed by hand):
//   node test/testbed/fake-agent/answers/extract.mjs [REFERENCE_DIR]     (default /work/shared/reference)
// Reads observed-v2.10.4.md and observed-v1.47.5.md; writes one directory per recorded block. The README
// next to this file maps each directory to the section it comes from.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ref = process.argv[2] ?? '/work/shared/reference';
const out = path.join(here, 'recorded');

/** The fenced block that follows the heading `## <title>` (lines, without the fences). */
function section(doc, title) {
  const lines = doc.split('\n');
  const start = lines.findIndex((l) => l === `## ${title}`);
  if (start < 0) throw new Error(`no section "## ${title}"`);
  const open = lines.indexOf('```', start);
  const close = lines.indexOf('```', open + 1);
  return lines.slice(open + 1, close);
}

/** Lines from the one after `header` up to (not including) the first line matching `end`. */
function after(lines, from, header, end) {
  const i = lines.indexOf(header, from);
  if (i < 0) throw new Error(`no "${header}" after line ${from}`);
  let j = i + 1;
  while (j < lines.length && !end(lines[j], j - i - 1)) j++;
  return { body: lines.slice(i + 1, j), next: j, at: i };
}

/** A JSON object printed over several lines, from `{` to the first line that is exactly `}`. */
function objectAfter(lines, from, header) {
  const i = lines.indexOf(header, from);
  if (i < 0) throw new Error(`no "${header}" after line ${from}`);
  const end = lines.indexOf('}', i + 1);
  return { text: lines.slice(i + 1, end + 1).join('\n'), next: end + 1 };
}

function write(dir, file, text) {
  mkdirSync(path.join(out, dir), { recursive: true });
  writeFileSync(path.join(out, dir, file), text);
}

const isLogHeader = (l) => /^(\/api\/|agents\[0\]|netdatacli|container log|cloud\.d|docker logs|```)/.test(l);

// ------------------------------------------------------------------------------------------------ v2.10.4
function v2(doc, title, dir, blockIndex = 0) {
  const lines = section(doc, title);
  let from = 0;
  for (let b = 0; b < blockIndex; b++) from = lines.indexOf('/api/v3/info -> agents[0].cloud:', from) + 1;
  const cloud = objectAfter(lines, from, '/api/v3/info -> agents[0].cloud:');
  const ndLine = lines.slice(cloud.next).find((l) => l.startsWith('agents[0].nd = '));
  const aclk = after(lines, cloud.next, 'netdatacli aclk-state json:', (_l, k) => k >= 1);
  const log = after(lines, aclk.next, 'container log (claim, ACLK and Cloud lines):', (l) => isLogHeader(l));
  write(dir, 'cloud.json', cloud.text);
  write(dir, 'nd.json', ndLine.slice('agents[0].nd = '.length));
  write(dir, 'aclk-state.json', aclk.body[0]);
  write(dir, 'log.txt', log.body.join('\n') + '\n');
}

// ------------------------------------------------------------------------------------------------ v1.47.5
function v1(doc, title, dir) {
  const lines = section(doc, title);
  const state = lines.find((l) => l.trim().startsWith('Status='));
  write(dir, 'container-state.txt', state.trim() + '\n');
  if (lines.includes('/api/v1/info (cloud keys):')) {
    const info = objectAfter(lines, 0, '/api/v1/info (cloud keys):');
    write(dir, 'info-v1-cloud-keys.json', info.text);
    const cloud = objectAfter(lines, 0, '/api/v2/info agents[0].cloud  (+ agents[0].nd):');
    write(dir, 'cloud.json', cloud.text);
    const ndLine = lines.slice(cloud.next).find((l) => l.startsWith('agents[0].nd = '));
    write(dir, 'nd.json', ndLine.slice('agents[0].nd = '.length));
    const text = after(lines, 0, 'netdatacli aclk-state:', (l) => l === 'netdatacli aclk-state json:');
    write(dir, 'aclk-state.txt', text.body.join('\n'));
    const json = after(lines, 0, 'netdatacli aclk-state json:', (_l, k) => k >= 1);
    write(dir, 'aclk-state.json', json.body[0]);
  }
  const listing = after(lines, 0, 'cloud.d (/var/lib/netdata/cloud.d):', (l) => !l.startsWith('   '));
  write(dir, 'cloud.d-listing.txt', listing.body.map((l) => l.slice(3)).join('\n') + '\n');
  if (lines.includes('cloud.d/claimed_id:')) {
    const c = after(lines, 0, 'cloud.d/claimed_id:', (l) => l === '--- (end of claimed_id)');
    write(dir, 'claimed_id', c.body.join('\n'));
  }
  if (lines.includes('cloud.d/cloud.conf:')) {
    // The recorder printed the file, then a newline, then the end marker, so the lines in between joined
    // with newlines are the file itself (70 bytes, as the recorded listing says).
    const c = after(lines, 0, 'cloud.d/cloud.conf:', (l) => l === '--- (end of cloud.conf)');
    write(dir, 'cloud.conf', c.body.join('\n'));
  }
  const runLog = after(
    lines,
    0,
    'docker logs: run.sh / netdata-claim.sh output (every line that is not a netdata log record), all runs:',
    (l) => !l.startsWith('   | '),
  );
  write(dir, 'run-log.txt', runLog.body.map((l) => l.slice('   | '.length)).join('\n') + '\n');
  const agentLog = after(lines, runLog.next, 'docker logs: netdata CLAIM / ACLK / Cloud lines (last 25):', (l) => isLogHeader(l));
  write(dir, 'log.txt', agentLog.body.length ? agentLog.body.join('\n') + '\n' : '');
}

const doc2 = readFileSync(path.join(ref, 'observed-v2.10.4.md'), 'utf8');
const doc1 = readFileSync(path.join(ref, 'observed-v1.47.5.md'), 'utf8');
rmSync(out, { recursive: true, force: true });

v2(doc2, 'Connected (online)', 'v2.10.4/online');
v2(doc2, 'Claimed, never connected', 'v2.10.4/unseen');
v2(doc2, 'Banned', 'v2.10.4/banned');
v2(doc2, 'Was connected, then the MQTT endpoint refused (first block online, second after)', 'v2.10.4/mqtt-refused-1-online', 0);
v2(doc2, 'Was connected, then the MQTT endpoint refused (first block online, second after)', 'v2.10.4/mqtt-refused-2-socket-error', 1);
v2(doc2, 'Was connected, then the whole Cloud refused (first block online, second after)', 'v2.10.4/cloud-refused-1-online', 0);
v2(doc2, 'Was connected, then the whole Cloud refused (first block online, second after)', 'v2.10.4/cloud-refused-2-connection-refused', 1);
v2(doc2, 'Claim rejected (403)', 'v2.10.4/claim-403');

v1(doc1, 'v1-live', 'v1.47.5/live');
v1(doc1, 'v1-unseen (env 503)', 'v1.47.5/unseen');
v1(doc1, 'v1-banned (env 403, errorNonRetryable)', 'v1.47.5/banned');
v1(doc1, 'v1-claim-403', 'v1.47.5/claim-403');
v1(doc1, 'v1-claim-409 (already claimed)', 'v1.47.5/claim-409');
v1(doc1, 'v1-claim-unreachable (nothing listening at the claim URL)', 'v1.47.5/claim-unreachable');
console.log(`wrote ${out}`);
