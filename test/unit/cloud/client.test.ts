// The Cloud API client and one listing against the fake Netdata Cloud API on loopback: the documented answers,
// and every bad input as one clear typed error, never a crash, never the token in a message.

import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  type CloudApiError,
  CloudBadAnswerError,
  CloudClient,
  CloudRateLimitedError,
  CloudServerError,
  CloudTimeoutError,
  CloudTokenRefusedError,
  CloudUnreachableError,
  parseRetryAfter,
} from '../../../src/cloud/client.ts';
import { CloudListingError, fetchSnapshot, listSpace, snapshotApiFailure } from '../../../src/cloud/listing.ts';
import { FakeCloudApi, makeNode, type FakeSpace } from '../../testbed/fake-cloud-api.ts';

const TOKEN = 'ndc.TESTTOKEN-0123456789abcdef';
const now = () => new Date('2026-12-04T12:00:00Z');

const assertNoToken = (err: unknown) => {
  const text = `${String(err)} ${(err as Error).stack ?? ''} ${JSON.stringify(err)}`;
  assert.ok(!text.includes(TOKEN) && !text.includes('TESTTOKEN'), text);
};

/** The call's error, which must be the expected class. */
async function failure<T extends CloudApiError>(promise: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  try {
    await promise;
  } catch (err) {
    assertNoToken(err);
    assert.ok(err instanceof type, `expected ${type.name}, got ${String(err)}`);
    assert.ok((err as Error).message.length > 0 && !(err as Error).message.includes('\n'));
    return err as T;
  }
  assert.fail(`no ${type.name}`);
}

describe('CloudClient against the fake Cloud API', () => {
  const fake = new FakeCloudApi(TOKEN);
  let client: CloudClient;
  let space: FakeSpace;
  before(async () => {
    await fake.start();
    client = new CloudClient({ apiUrl: fake.url, token: TOKEN, timeoutMs: 10_000, maxBodyBytes: 64 * 1024, maxNodesBodyBytes: 256 * 1024 });
  });
  after(() => fake.close());
  beforeEach(() => {
    space = {
      id: 'space-1',
      name: 'Main',
      nodes: [makeNode({ nd: 'nd-1', mg: 'mg-1', nm: 'web', full: true }), makeNode({ nd: 'nd-2', mg: 'mg-2', nm: 'db', state: 'stale' })],
    };
    fake.spaces = [space];
    fake.faults = [];
    fake.resetCounts();
  });

  it('lists spaces, rooms and the "All nodes" room with Bearer auth, nodes with only the fields kept', async () => {
    assert.deepEqual(await client.spaces(), [{ id: 'space-1', name: 'Main', slug: 'main' }]);
    const rooms = await client.rooms('space-1');
    assert.equal(rooms[0]!.name, 'All nodes');
    assert.equal(rooms[0]!.untouchable, true);
    const nodes: unknown[] = [];
    await client.roomNodes('space-1', rooms[0]!.id, (n) => nodes.push(n));
    assert.equal(nodes.length, 2);
    // Only the fields matching needs come through; labels, hw, health … are read past.
    assert.deepEqual(nodes[0], { nd: 'nd-1', mg: 'mg-1', nm: 'web', state: 'reachable', v: 'v2.10.3' });
  });

  it('one listing compacts the nodes to {nd, mg, nm, state, v} and counts the dropped ones', async () => {
    space.nodes.push(
      { nd: 'nd-3', mg: 42, nm: 'x', state: 'reachable' },
      { nd: 'nd-4', mg: 'mg-4', nm: 'y', state: 'gone' },
      null,
      'text',
      { mg: 'mg-5', nm: 'z', state: 'reachable' },
      { nd: 'nd-6', mg: 'mg-6', nm: 'w', state: 'reachable', v: 7 },
    );
    const listing = await listSpace(client, { id: 'space-1', name: 'Main' }, [], now);
    assert.deepEqual(listing.nodes, [
      { nd: 'nd-1', mg: 'mg-1', nm: 'web', state: 'reachable', v: 'v2.10.3' },
      { nd: 'nd-2', mg: 'mg-2', nm: 'db', state: 'stale', v: 'v2.10.3' },
    ]);
    assert.equal(listing.dropped, 6);
    assert.equal(listing.fetchedAt, '2026-12-04T12:00:00.000Z');
    assert.equal(fake.count('/api/v2/spaces/space-1/rooms'), 1);
  });

  it('claim rooms: membership learnt; a room of another Space is "not-in-space"', async () => {
    space.rooms = [{ id: 'room-a', name: 'Web', nodeIds: ['nd-1'] }];
    const listing = await listSpace(client, { id: 'space-1', name: 'Main' }, ['room-a', 'room-elsewhere'], now);
    const a = listing.rooms.get('room-a');
    assert.ok(a && a !== 'not-in-space');
    assert.deepEqual([...a.nodeIds], ['nd-1']);
    assert.equal(listing.rooms.get('room-elsewhere'), 'not-in-space');
  });

  it('a Space without an "All nodes" room: a CloudListingError with the reason', async () => {
    space.noAllNodesRoom = true;
    space.rooms = [{ id: 'room-a', name: 'Web' }];
    await assert.rejects(
      listSpace(client, { id: 'space-1', name: 'Main' }, [], now),
      (err: unknown) =>
        err instanceof CloudListingError && err.kind === 'no-all-nodes-room' && /no "All nodes" room among its 1 rooms/.test(err.message),
    );
  });

  it('a wrong token: CloudTokenRefusedError 401; a token without the scope: 403', async () => {
    const wrong = new CloudClient({ apiUrl: fake.url, token: 'ndc.WRONG-token-value' });
    const err = await failure(wrong.spaces(), CloudTokenRefusedError);
    assert.equal(err.status, 401);
    assert.ok(!err.message.includes('WRONG'));
    fake.forbiddenTokens = ['ndc.SCOPED-token-value'];
    const scoped = await failure(new CloudClient({ apiUrl: fake.url, token: 'ndc.SCOPED-token-value' }).spaces(), CloudTokenRefusedError);
    assert.equal(scoped.status, 403);
    assert.match(scoped.message, /scope/);
  });

  it('429 with Retry-After: CloudRateLimitedError carrying the delay', async () => {
    fake.faults = [{ fault: { kind: 'status', status: 429, retryAfter: '120' } }];
    const err = await failure(client.spaces(), CloudRateLimitedError);
    assert.equal(err.retryAfterMs, 120_000);
  });

  it('503: CloudServerError', async () => {
    fake.faults = [{ fault: { kind: 'status', status: 503, retryAfter: '30' } }];
    const err = await failure(client.spaces(), CloudServerError);
    assert.equal(err.status, 503);
    assert.equal(err.retryAfterMs, 30_000);
  });

  it('a redirect to another origin is not followed', async () => {
    fake.faults = [{ fault: { kind: 'status', status: 302, location: 'https://evil.example/steal' } }];
    const err = await failure(client.spaces(), CloudBadAnswerError);
    assert.match(err.message, /another origin \(https:\/\/evil\.example\), not followed/);
    assert.equal(fake.count(), 1);
  });

  it('an API that hangs: CloudTimeoutError', async () => {
    fake.faults = [{ fault: { kind: 'hang' } }];
    // A short timeout for this client only: the others keep the real 10 s so a loaded machine cannot fail them.
    const impatient = new CloudClient({ apiUrl: fake.url, token: TOKEN, timeoutMs: 300 });
    const err = await failure(impatient.spaces(), CloudTimeoutError);
    assert.equal(err.timeoutMs, 300);
  });

  it('HTML instead of JSON: CloudBadAnswerError', async () => {
    fake.faults = [{ fault: { kind: 'html' } }];
    const err = await failure(client.spaces(), CloudBadAnswerError);
    assert.match(err.message, /HTML/);
  });

  it('an answer cut off before its Content-Length: CloudBadAnswerError', async () => {
    fake.faults = [{ path: /nodes$/, fault: { kind: 'truncated' } }];
    const err = await failure(
      client.roomNodes('space-1', fake.allNodesRoomId(space), () => {}),
      CloudBadAnswerError,
    );
    assert.match(err.message, /cut off|truncated/);
  });

  it('truncated JSON in a complete answer: CloudBadAnswerError', async () => {
    fake.faults = [{ fault: { kind: 'cut-json' } }];
    const err = await failure(client.spaces(), CloudBadAnswerError);
    assert.match(err.message, /invalid or truncated JSON/);
  });

  it('huge JSON: stopped at the bound, CloudBadAnswerError', async () => {
    fake.faults = [{ path: /nodes$/, fault: { kind: 'huge', bytes: 8 * 1024 * 1024 } }];
    const err = await failure(
      client.roomNodes('space-1', fake.allNodesRoomId(space), () => {}),
      CloudBadAnswerError,
    );
    assert.match(err.message, /larger than the 262144 bytes allowed/);
  });

  it('JSON of another shape: CloudBadAnswerError for each call', async () => {
    fake.faults = [{ fault: { kind: 'wrong-shape', body: { spaces: [] } } }];
    assert.match((await failure(client.spaces(), CloudBadAnswerError)).message, /an object where a JSON array of Spaces was expected/);
    fake.faults = [{ fault: { kind: 'wrong-shape', body: { spaces: [] } } }];
    assert.match((await failure(client.rooms('space-1'), CloudBadAnswerError)).message, /rooms/);
    assert.match(
      (
        await failure(
          client.roomNodes('space-1', 'r', () => {}),
          CloudBadAnswerError,
        )
      ).message,
      /without a "nodes" array/,
    );
    fake.faults = [{ fault: { kind: 'wrong-shape', body: { nodes: {} } } }];
    assert.match(
      (
        await failure(
          client.roomNodes('space-1', 'r', () => {}),
          CloudBadAnswerError,
        )
      ).message,
      /"nodes" is not an array/,
    );
    fake.faults = [{ fault: { kind: 'wrong-shape', body: [1, 2] } }];
    assert.match(
      (
        await failure(
          client.roomNodes('space-1', 'r', () => {}),
          CloudBadAnswerError,
        )
      ).message,
      /not a JSON object/,
    );
  });

  it('an unknown Space: 404 is a bad answer', async () => {
    await failure(client.rooms('nope'), CloudBadAnswerError);
  });

  it('nothing listening: CloudUnreachableError', async () => {
    const closed = new FakeCloudApi(TOKEN);
    const url = await closed.start();
    await closed.close();
    const err = await failure(new CloudClient({ apiUrl: url, token: TOKEN }).spaces(), CloudUnreachableError);
    assert.match(err.message, /ECONNREFUSED/);
  });

  it('fetchSnapshot: a refused token is the snapshot error; every failed call is counted once', async () => {
    const errors: CloudApiError[] = [];
    const wrong = new CloudClient({ apiUrl: fake.url, token: 'ndc.WRONG-token-value' });
    const snap = await fetchSnapshot(wrong, { spaces: 'all', claimRoomIds: [], now, onApiError: (e) => errors.push(e) });
    assert.ok(snap.error instanceof CloudTokenRefusedError);
    assert.equal(errors.length, 1);
    assert.equal(snapshotApiFailure(snap), snap.error);
  });

  it('fetchSnapshot: DOCTOR_CLOUD_SPACES naming a Space the token cannot see is an error for that Space only', async () => {
    const snap = await fetchSnapshot(client, { spaces: ['space-1', 'space-9'], claimRoomIds: [], now });
    assert.equal(snap.spaces.length, 2);
    assert.equal(snap.spaces[0]!.ok, true);
    const missing = snap.spaces[1]!;
    assert.ok(!missing.ok && missing.error instanceof CloudListingError && missing.error.kind === 'space-not-visible');
    assert.equal(snapshotApiFailure(snap), undefined);
  });

  it('fetchSnapshot: a Space whose node list fails is an error for it; when all fail, that is an API failure', async () => {
    fake.faults = [{ path: /nodes$/, fault: { kind: 'status', status: 500 } }];
    const snap = await fetchSnapshot(client, { spaces: 'all', claimRoomIds: [], now });
    assert.ok(!snap.spaces[0]!.ok && snap.spaces[0]!.error instanceof CloudServerError);
    assert.ok(snapshotApiFailure(snap) instanceof CloudServerError);
  });
});

describe('parseRetryAfter', () => {
  it('seconds, an HTTP date, absent, nonsense', () => {
    assert.equal(parseRetryAfter('5'), 5_000);
    assert.equal(parseRetryAfter('Fri, 04 Dec 2026 12:01:00 GMT', Date.parse('2026-12-04T12:00:00Z')), 60_000);
    assert.equal(parseRetryAfter(undefined), undefined);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter('99999999'), 24 * 3_600_000);
  });
});
