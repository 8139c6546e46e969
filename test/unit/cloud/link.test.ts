// CloudLink (src/cli/cloud-link.ts): how check and serve hold the Cloud API. serve polls from the first pass on
// (with that pass's claim rooms), check never polls; the token goes to the logger's redaction at once; an
// outage is one cloud.unreachable line, its end one cloud.recovered; every failed call is counted.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CloudLink } from '../../../src/cli/cloud-link.ts';
import { CloudTokenRefusedError, type CloudApi } from '../../../src/cloud/client.ts';
import type { DoctorLogger, LogEvent } from '../../../src/log/logger.ts';

function stubLogger() {
  const events: { level: string; entry: LogEvent }[] = [];
  const secrets: string[] = [];
  const logger = {
    pino: undefined as never,
    emit: (level: string, entry: LogEvent) => events.push({ level, entry }),
    debug: () => undefined,
    error: (m: string) => events.push({ level: 'error', entry: { event: 'shutdown', signal: m } }),
    addSecrets: (values: readonly string[]) => secrets.push(...values),
  } as unknown as DoctorLogger;
  return { logger, events, secrets };
}

function stubApi(state: { refuse: boolean; rooms: string[][] }): CloudApi {
  return {
    spaces: async () => {
      if (state.refuse) throw new CloudTokenRefusedError('/api/v2/spaces', 401);
      return [{ id: 's1', name: 'Main' }];
    },
    rooms: async () => [{ id: 'all', name: 'All nodes', untouchable: true }],
    roomNodes: async (_space, room, each) => {
      state.rooms.push([room]);
      each({ nd: '11111111-1111-1111-1111-111111111111', mg: '22222222-2222-2222-2222-222222222222', nm: 'a', state: 'reachable' });
    },
  };
}

const config = {
  token: 'a-cloud-token-value',
  tokenFrom: 'DOCTOR_CLOUD_TOKEN',
  apiUrl: 'http://127.0.0.1:9',
  spaces: 'all' as const,
  intervalMs: 3_600_000,
};

describe('CloudLink', () => {
  it('adds the token to the redaction before anything runs', () => {
    const { logger, secrets } = stubLogger();
    const link = new CloudLink({ config, logger, poll: false, api: stubApi({ refuse: false, rooms: [] }) });
    assert.deepEqual(secrets, ['a-cloud-token-value']);
    link.stop();
  });

  it('check (poll: false): no listing until refreshOnce, which answers with a snapshot', async () => {
    const { logger } = stubLogger();
    const state = { refuse: false, rooms: [] as string[][] };
    const link = new CloudLink({ config, logger, poll: false, api: stubApi(state) });
    link.noteClaimRooms(['room-x']);
    await new Promise((r) => setImmediate(r));
    assert.equal(state.rooms.length, 0, 'noting claim rooms does not list in check');
    const snapshot = await link.refreshOnce();
    assert.equal(snapshot.spaces.length, 1);
    assert.equal(link.snapshot(), snapshot);
    link.stop();
  });

  it('serve (poll: true): the first noted claim rooms start the polling, once', async () => {
    const { logger } = stubLogger();
    const state = { refuse: false, rooms: [] as string[][] };
    let snapshots = 0;
    const link = new CloudLink({ config, logger, poll: true, api: stubApi(state), onSnapshot: () => snapshots++ });
    assert.equal(link.snapshot(), undefined);
    link.noteClaimRooms(['room-x']);
    link.noteClaimRooms(['room-x']);
    for (let i = 0; i < 20 && snapshots === 0; i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(snapshots, 1, 'one listing, not one per pass');
    assert.ok(link.snapshot());
    link.stop();
  });

  it('a refused token: one cloud.unreachable line, each failed call counted, then cloud.recovered', async () => {
    const { logger, events } = stubLogger();
    const state = { refuse: true, rooms: [] as string[][] };
    let errors = 0;
    const link = new CloudLink({ config, logger, poll: false, api: stubApi(state), onApiError: () => errors++ });
    await link.refreshOnce();
    await link.refreshOnce();
    const names = () => events.map((e) => (e.entry as { event: string }).event);
    assert.deepEqual(names(), ['cloud.unreachable']);
    assert.equal((events[0]!.entry as { kind: string }).kind, 'token-refused');
    assert.equal(errors, 2);
    state.refuse = false;
    await link.refreshOnce();
    assert.deepEqual(names(), ['cloud.unreachable', 'cloud.recovered']);
    assert.ok(!JSON.stringify(events).includes('a-cloud-token-value'));
    link.stop();
  });
});
