// identity.unique (CONTRACT §4): fail when the same machine GUID or own claim ID is on two running agents, or
// one volume is mounted by two running agents; warn when a running and a stopped agent share one, and for a
// known leaked GUID. Skip when there is nothing to compare.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { identityUnique, LEAKED_GUIDS } from '../../../src/checks/identity-unique.ts';
import { readFailed, readOk } from '../../../src/facts/types.ts';
import { GUID, V2_CLAIM_ID, V2_CLOUD_CONF, assertStatus, composeLabels, nodeFacts, runNodeCheck, v2NodeFacts } from '../fixtures.ts';

const OTHER_GUID = '9d6c7e1a-2b3f-4c5d-8e9f-0a1b2c3d4e5f';
const peer = (name: string, over: NonNullable<Parameters<typeof nodeFacts>[0]> = {}) =>
  nodeFacts({
    ...over,
    container: {
      id: name.padEnd(64, '0').replace(/[^0-9a-f]/g, 'e'),
      name,
      mounts: [
        {
          type: 'volume',
          name: `${name}-lib`,
          source: `/var/lib/docker/volumes/${name}-lib/_data`,
          destination: '/var/lib/netdata',
          rw: true,
        },
      ],
      ...over.container,
    },
    files: { machineGuid: readOk(OTHER_GUID), ...over.files },
  });

describe('identity.unique', () => {
  it('pass: unique GUID among the agents here', () => {
    const f = runNodeCheck(identityUnique, nodeFacts(), { others: [peer('b1')] });
    assertStatus(f, 'pass');
    assert.equal(f.summary, `machine GUID ${GUID} is unique among 2 agent(s) here`);
    assert.deepEqual(f.evidence.comparedWith!.value, ['b1']);
  });

  it('pass: alone', () => {
    assertStatus(runNodeCheck(identityUnique, nodeFacts()), 'pass');
  });

  it('fail: same GUID on two running agents names the other agent', () => {
    const f = runNodeCheck(identityUnique, nodeFacts(), {
      others: [peer('clone', { files: { machineGuid: readOk(GUID.toUpperCase()) } })],
    });
    assertStatus(f, 'fail');
    assert.equal(f.summary, `shares machine GUID ${GUID} with the running agent clone: Netdata Cloud sees one node flapping`);
    assert.match(f.remedy!, /^Give netdata a fresh identity \(apply the steps to one of the two agents only\)/);
    assert.equal(f.steps[0]!.run, 'docker stop netdata');
    assert.match(f.steps[1]!.run, /rm -f \/var\/lib\/netdata\/registry\/netdata\.public\.unique\.id/);
    assert.equal(f.evidence.sharedWith!.value, 'clone');
  });

  it('fail: same v2 claim ID on two running agents', () => {
    const me = v2NodeFacts({ files: { cloudConf: readOk(V2_CLOUD_CONF) } });
    const other = v2NodeFacts({
      container: {
        id: 'd'.repeat(64),
        name: 'copy',
        mounts: [{ type: 'volume', name: 'copylib', source: '/x', destination: '/var/lib/netdata', rw: true }],
      },
      files: { machineGuid: readOk(OTHER_GUID), cloudConf: readOk(V2_CLOUD_CONF.replace(GUID, OTHER_GUID)) },
    });
    const f = runNodeCheck(identityUnique, me, { others: [other] });
    assertStatus(f, 'fail');
    assert.match(f.summary, new RegExp(`claim ID ${V2_CLAIM_ID}`));
    assert.match(f.summary, /running agent copy/);
  });

  it('fail: one volume mounted by two running agents', () => {
    const other = peer('second', {
      container: {
        mounts: [
          {
            type: 'volume',
            name: 'netdatalib',
            source: '/var/lib/docker/volumes/netdatalib/_data',
            destination: '/var/lib/netdata',
            rw: true,
          },
        ],
      },
    });
    const f = runNodeCheck(identityUnique, nodeFacts(), { others: [other] });
    assertStatus(f, 'fail');
    assert.match(f.summary, /shares the volume netdatalib with the running agent second/);
  });

  it('fail: everything shared is named at once', () => {
    const other = peer('second', {
      container: { mounts: [{ type: 'volume', name: 'netdatalib', source: '/x', destination: '/var/lib/netdata', rw: true }] },
      files: { machineGuid: readOk(GUID) },
    });
    const f = runNodeCheck(identityUnique, nodeFacts(), { others: [other] });
    assert.match(f.summary, new RegExp(`shares machine GUID ${GUID} and the volume netdatalib with the running agent second`));
  });

  it('fail: a restarting peer counts as running', () => {
    const other = peer('loop', { container: { status: 'restarting', restarting: true }, files: { machineGuid: readOk(GUID) } });
    assertStatus(runNodeCheck(identityUnique, nodeFacts(), { others: [other] }), 'fail');
  });

  it('warn: shared with a stopped agent', () => {
    const other = peer('old', { container: { status: 'exited', exitCode: 0 }, files: { machineGuid: readOk(GUID) } });
    const f = runNodeCheck(identityUnique, nodeFacts(), { others: [other] });
    assertStatus(f, 'warn');
    assert.equal(f.summary, `shares machine GUID ${GUID} with the stopped agent old: both cannot run at once`);
    assert.match(f.remedy!, /^Remove the unused container, or:/);
  });

  // Seen from the stopped agent, the other one is running: the summary must not call it "stopped".
  it('warn: seen from the stopped agent, the running peer is not called "stopped"', () => {
    const me = nodeFacts({ container: { status: 'exited', exitCode: 0 } });
    const other = peer('live-one', { files: { machineGuid: readOk(GUID) } });
    const f = runNodeCheck(identityUnique, me, { others: [other] });
    assertStatus(f, 'warn');
    assert.doesNotMatch(f.summary, /stopped agent live-one/);
    assert.match(f.summary, /live-one/);
  });

  it('warn: a known leaked GUID', () => {
    const leaked = '8a795b0c-2311-11e6-8563-000c295076a6';
    assert.ok(LEAKED_GUIDS.has(leaked));
    const f = runNodeCheck(
      identityUnique,
      nodeFacts({ container: { labels: composeLabels('agent') }, files: { machineGuid: readOk(leaked) } }),
    );
    assertStatus(f, 'warn');
    assert.equal(f.summary, `machine GUID ${leaked} is a known leaked GUID shared by many installations`);
    assert.match(f.remedy!, /^Give the agent its own identity with the steps/);
    assert.match(f.steps[1]!.run, /netdata\.public\.unique\.id/);
  });

  it('v1: claim ID equal to the GUID is not compared twice', () => {
    const f = runNodeCheck(identityUnique, nodeFacts({ files: { claimedId: readOk(GUID) } }), { others: [peer('b1')] });
    assertStatus(f, 'pass');
    assert.equal(f.evidence.claimId, undefined);
  });

  it('skip: no GUID, no claim ID, no volume', () => {
    const f = runNodeCheck(
      identityUnique,
      nodeFacts({
        container: { mounts: [] },
        files: { machineGuid: readFailed('the archive API is denied by the engine or socket proxy') },
      }),
    );
    assertStatus(f, 'skip');
    assert.equal(f.summary, 'no identity to compare: the archive API is denied by the engine or socket proxy');
  });

  it('skip: an empty GUID file', () => {
    const f = runNodeCheck(identityUnique, nodeFacts({ container: { mounts: [] }, files: { machineGuid: readOk('  \n') } }));
    assertStatus(f, 'skip');
    assert.match(f.summary, /GUID file empty/);
  });

  it('pass: no GUID readable, but the volume is its own', () => {
    const f = runNodeCheck(identityUnique, nodeFacts({ files: { machineGuid: readFailed('denied') } }), { others: [peer('b1')] });
    assertStatus(f, 'pass');
    assert.equal(f.summary, 'no identity shared with the 1 other agent(s) here');
  });
});
