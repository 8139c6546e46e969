// What an interval pass may reuse (src/gather/cache.ts): the rules alone, then through gather() and
// regatherNode() against a counting fake engine: a second interval pass reads no file and runs no build
// exec; an event's node pass, a restart, a Cloud/claim line and the maximum age each read the files again;
// aclk-state is skipped only when the agent API answered /api/v1/aclk.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  cacheable,
  cloudMark,
  filesMaxAgeMs,
  FILES_MAX_AGE_MS,
  reuseBuild,
  reuseFiles,
  runKey,
  type CachedFiles,
} from '../../../src/gather/cache.ts';
import { gather, regatherNode, Session } from '../../../src/gather/gather.ts';
import type { DockerClient } from '../../../src/docker/client.ts';
import { AGENT_ID, oneAgentEngine } from './fake-engine.ts';
import { readFailed, readOk, type AgentFiles, type ContainerFacts, type LogLine } from '../../../src/facts/types.ts';

const ID = AGENT_ID;
const STARTED = new Date('2026-11-23T20:00:00.000Z');
const container = (over: Partial<ContainerFacts> = {}): ContainerFacts =>
  ({
    id: ID,
    name: 'agent',
    image: 'netdata/netdata:v2.0.0',
    status: 'running',
    restarting: false,
    startedAt: STARTED,
    ...over,
  }) as ContainerFacts;
const line = (text: string, time = '2026-11-23T20:00:01.000000000Z'): LogLine => ({ stream: 'stderr', run: 'current', text, time });
const files = (): AgentFiles =>
  ({
    machineGuid: readOk('guid'),
    claimedId: readFailed('missing', true),
    cloudConf: readOk(''),
    claimConf: readFailed('missing', true),
    statusFile: readOk('{}'),
    claimScript: readFailed('missing', true),
    netdataConf: readOk(''),
  }) as AgentFiles;
const cachedAt = (readAt: number, logs = readOk<LogLine[]>([])): CachedFiles => ({
  run: runKey(container())!,
  mark: cloudMark(logs)!,
  readAt,
  files: files(),
});

/**
 * The agent files gather reads of a running container: seven (the status-netdata.json copies outside
 * /var/lib/netdata are read only when it is stopped or its /var/lib/netdata copy is missing).
 */
const FILES_PER_READ = 7;

describe('cache rules', () => {
  it('files are reused for the same run, no new Cloud/claim line, within the age', () => {
    const v = reuseFiles(cachedAt(1_000), container(), readOk([line('some other line')]), 2_000);
    assert.ok('reuse' in v, JSON.stringify(v));
  });

  it("the agent's access line for the doctor's own GET /api/v1/aclk is not a change; a real ACLK line is", () => {
    const access =
      'time=2026-12-04T16:37:41.895Z comm=netdata source=access level=info tid=381 thread=WEB src_ip=::ffff:172.26.0.1 src_port=43888 request_method=GET request="/api/v1/aclk" response_code=200 sent_bytes=990 response_time_us=2425 msg="DATA"';
    const v = reuseFiles(cachedAt(1_000), container(), readOk([line(access, '2026-11-23T20:00:02.000000000Z')]), 2_000);
    assert.ok('reuse' in v, JSON.stringify(v));
    const aclk =
      'time=2026-12-04T16:36:57.153Z comm=netdata source=aclk level=info tid=301 thread=ACLK_MAIN msg="ACLK connection successfully established"';
    assert.match(
      (
        reuseFiles(cachedAt(1_000), container(), readOk([line(access), line(aclk, '2026-11-23T20:00:03.000000000Z')]), 2_000) as {
          read: string;
        }
      ).read,
      /Cloud or claim line/,
    );
  });

  it('a restart (another StartedAt), another image, a stopped or restarting container: read again', () => {
    const cached = cachedAt(1_000);
    assert.match(
      (reuseFiles(cached, container({ startedAt: new Date(STARTED.getTime() + 5_000) }), readOk([]), 2_000) as { read: string }).read,
      /another run/,
    );
    assert.match(
      (reuseFiles(cached, container({ image: 'netdata/netdata:v2.1.0' }), readOk([]), 2_000) as { read: string }).read,
      /another run/,
    );
    assert.match((reuseFiles(cached, container({ status: 'exited' }), readOk([]), 2_000) as { read: string }).read, /exited/);
    assert.match((reuseFiles(cached, container({ restarting: true }), readOk([]), 2_000) as { read: string }).read, /restarting/);
    assert.equal(runKey(container({ status: 'paused' })), undefined);
  });

  it('a Cloud or claim line logged since the read, or unreadable logs: read again', () => {
    const cached = cachedAt(1_000, readOk([line('ACLK connection status: online')]));
    assert.ok(
      'reuse' in
        reuseFiles(
          cached,
          container(),
          readOk([line('ACLK connection status: online'), line('unrelated', '2026-11-23T20:00:09.000000000Z')]),
          2_000,
        ),
    );
    const later = reuseFiles(
      cached,
      container(),
      readOk([line('ACLK connection status: online'), line('CLAIM: Claiming is in progress', '2026-11-23T20:00:09.000000000Z')]),
      2_000,
    );
    assert.match((later as { read: string }).read, /Cloud or claim line/);
    // The same text again later is a new line (its timestamp differs).
    const again = reuseFiles(
      cached,
      container(),
      readOk([line('ACLK connection status: online', '2026-11-23T20:00:30.000000000Z')]),
      2_000,
    );
    assert.match((again as { read: string }).read, /Cloud or claim line/);
    assert.match(
      (reuseFiles(cached, container(), readFailed('GET logs: timed out'), 2_000) as { read: string }).read,
      /logs could not be read/,
    );
    // The line an agent logs when the doctor itself asks `netdatacli aclk-state` is not a change.
    assert.ok(
      'reuse' in
        reuseFiles(
          cached,
          container(),
          readOk([
            line('ACLK connection status: online'),
            line('2026-11-23 20:00:09: netdata INFO  : MAIN : COMMAND: Reopening aclk/cloud state.', '2026-11-23T20:00:09.000000000Z'),
          ]),
          2_000,
        ),
    );
  });

  it('the maximum age: 0.75–1.25 × the base, fixed per container, and reached means read again', () => {
    const limit = filesMaxAgeMs(ID);
    assert.ok(limit >= FILES_MAX_AGE_MS * 0.75 && limit <= FILES_MAX_AGE_MS * 1.25, String(limit));
    assert.equal(filesMaxAgeMs(ID), limit);
    const spread = new Set(['a', 'b', 'c', 'd', 'e', 'f'].map((x) => filesMaxAgeMs(x.repeat(64))));
    assert.ok(spread.size > 1, 'different containers expire at different ages');
    assert.ok('reuse' in reuseFiles(cachedAt(0), container(), readOk([]), limit - 1));
    assert.match((reuseFiles(cachedAt(0), container(), readOk([]), limit) as { read: string }).read, /maximum age/);
  });

  it('only answered reads are kept; a build only for the same run and when both answers were good', () => {
    assert.equal(cacheable(files()), true);
    assert.equal(cacheable({ ...files(), netdataConf: readFailed('GET archive: timed out') }), false);
    const build = { run: runKey(container())!, netdataVersion: readOk('netdata v2.0.0'), buildinfo: readOk('…') };
    assert.equal(reuseBuild(build, container()), build);
    assert.equal(reuseBuild(build, container({ startedAt: new Date(STARTED.getTime() + 1) })), undefined);
    assert.equal(reuseBuild({ ...build, buildinfo: readFailed('exited 1') }, container()), undefined);
    assert.equal(reuseBuild(build, container({ status: 'exited' })), undefined);
  });
});

/** A fake engine for one running agent that counts what the doctor asks. */
function engine(state: { startedAt: string; logs: string; apiLabel?: string }) {
  const calls = { readPath: 0, exec: [] as string[] };
  const client = oneAgentEngine({
    startedAt: () => state.startedAt,
    logs: () => state.logs,
    labels: state.apiLabel ? { 'netdata-cloud-doctor.url': state.apiLabel } : {},
    readPath: (async (_id: string, path: string) => {
      calls.readPath++;
      return path.endsWith('claimed_id') ? null : { stat: { kind: 'file' as const, mode: 0o644, size: 1 }, content: 'x', truncated: false };
    }) as DockerClient['readPath'],
    exec: (async (_id: string, argv: readonly string[]) => {
      calls.exec.push(argv.slice(0, 2).join(' '));
      return {
        exitCode: argv[0] === 'netdatacli' || argv[0] === 'curl' ? 1 : 0,
        stdout: argv[0] === 'netdata' ? 'netdata v2.0.0' : '',
        stderr: '',
      };
    }) as DockerClient['exec'],
  });
  const reset = () => {
    calls.readPath = 0;
    calls.exec = [];
  };
  return { client, calls, reset };
}

const OPTIONS = { targets: ['agent'], exec: 'auto' as const, agentApi: false };

describe('cache through gather', () => {
  it("a second interval pass reads no file and runs no build exec; an event's node pass reads the files again", async () => {
    const state = { startedAt: STARTED.toISOString(), logs: '2026-11-23T20:00:01.000000000Z starting\n' };
    const { client, calls, reset } = engine(state);
    const session = new Session('auto');
    const first = await gather(client, OPTIONS, session);
    assert.equal(calls.readPath, FILES_PER_READ);
    assert.deepEqual(calls.exec.sort(), ['netdata -W', 'netdata -v', 'netdatacli aclk-state']);
    reset();
    const second = await gather(client, OPTIONS, session);
    assert.equal(calls.readPath, 0, 'files reused');
    assert.deepEqual(calls.exec, ['netdatacli aclk-state'], 'build reused, live state asked');
    assert.deepEqual(second.nodes[0]!.files, first.nodes[0]!.files);
    assert.deepEqual(second.nodes[0]!.exec.buildinfo, first.nodes[0]!.exec.buildinfo);
    reset();
    await regatherNode(client, second, ID, session, { agentApi: false });
    assert.equal(calls.readPath, FILES_PER_READ, 'a node pass (an event, a Cloud line, a timer) always reads');
    assert.deepEqual(calls.exec, ['netdatacli aclk-state']);
  });

  it('a restart, a claim line and the maximum age each make the interval pass read again', async () => {
    const state = { startedAt: STARTED.toISOString(), logs: '' };
    const { client, calls, reset } = engine(state);
    const session = new Session('auto');
    await gather(client, OPTIONS, session);
    reset();
    state.startedAt = new Date(STARTED.getTime() + 60_000).toISOString();
    await gather(client, OPTIONS, session);
    assert.equal(calls.readPath, FILES_PER_READ, 'restart: files');
    assert.ok(calls.exec.includes('netdata -v'), 'restart: build');
    reset();
    state.logs = '2026-11-23T20:01:05.000000000Z CLAIM: Claiming is in progress\n';
    await gather(client, OPTIONS, session);
    assert.equal(calls.readPath, FILES_PER_READ, 'claim line: files');
    reset();
    await gather(client, OPTIONS, session);
    assert.equal(calls.readPath, 0, 'nothing new: reused');

    const aged = engine({ startedAt: STARTED.toISOString(), logs: '' });
    const shortLived = new Session('auto', { filesMaxAgeMs: 1 });
    await gather(aged.client, OPTIONS, shortLived);
    aged.reset();
    await new Promise((r) => setTimeout(r, 5));
    await gather(aged.client, OPTIONS, shortLived);
    assert.equal(aged.calls.readPath, FILES_PER_READ, 'older than the maximum age: files');
  });

  it('aclk-state is skipped when the agent API answered /api/v1/aclk, asked when it did not', async () => {
    const server = createServer((req, res) => {
      res.writeHead(req.url === '/api/v1/aclk' ? 200 : 404, { 'content-type': 'application/json' });
      res.end(req.url === '/api/v1/aclk' ? '{"aclk-available":true,"agent-claimed":true,"online":true}' : '{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const { client, calls } = engine({ startedAt: STARTED.toISOString(), logs: '', apiLabel: url });
      const facts = await gather(client, { ...OPTIONS, agentApi: true }, new Session('auto'));
      assert.equal(facts.nodes[0]!.api?.via, 'label netdata-cloud-doctor.url');
      assert.ok(!calls.exec.includes('netdatacli aclk-state'), calls.exec.join(', '));
      assert.equal(facts.nodes[0]!.exec.aclkState, undefined);
    } finally {
      server.close();
    }
    const { client, calls } = engine({ startedAt: STARTED.toISOString(), logs: '', apiLabel: 'http://127.0.0.1:1' });
    const facts = await gather(client, { ...OPTIONS, agentApi: true }, new Session('auto'));
    assert.ok(calls.exec.includes('netdatacli aclk-state'), calls.exec.join(', '));
    assert.equal(facts.nodes[0]!.exec.aclkState?.ok, false);
  });
});

describe('BuildCache and FileCache', () => {
  it('FileCache: kept files come back for the same run and logs, not after the maximum age on the injected clock', async () => {
    const { FileCache } = await import('../../../src/gather/cache.ts');
    let now = 0;
    const cache = new FileCache(60_000, () => now);
    const c = container();
    const logs = readOk([line('ACLK connection status: online')]);
    const files = {
      machineGuid: readOk('g'),
      claimedId: readOk('c'),
      cloudConf: readOk(''),
      claimConf: readOk(''),
      statusFile: readOk(''),
      claimScript: { ok: false as const, reason: 'absent', absent: true },
    };
    cache.keep(c, logs, files, now);
    assert.equal(cache.reuse(c, logs), files);
    assert.equal(
      cache.reuse(c, readOk([line('ACLK connection status: online'), line('CLAIM: x', '2026-11-23T20:00:09.000000000Z')])),
      undefined,
      'a Cloud line since',
    );
    now = 120_000;
    assert.equal(cache.reuse(c, logs), undefined, 'older than the maximum age');
    cache.keepOnly(new Set());
    assert.equal(cache.has(c.id), false);
  });

  it('BuildCache: a build is reused in the same run; known() keeps what any run said', async () => {
    const { BuildCache } = await import('../../../src/gather/cache.ts');
    const builds = new BuildCache();
    const c = container();
    builds.remember(c, readOk('netdata v2.0.0'), readOk('Netdata Cloud: YES'));
    assert.ok(builds.reuse(c));
    const restarted = container({ startedAt: new Date(c.startedAt!.getTime() + 60_000) });
    assert.equal(builds.reuse(restarted), undefined);
    assert.ok(builds.known(c.id));
  });
});
