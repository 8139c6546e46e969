// The order of CONTRACT §3 for reaching the agent API, and finding the doctor's own container.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { waysToReach } from '../../../src/gather/agent-api.ts';
import { ownContainerId } from '../../../src/gather/self.ts';
import { containerFacts } from '../fixtures.ts';

const agent = containerFacts({
  id: 'a'.repeat(64),
  name: 'netdata',
  networks: [
    { name: 'mon', ip: '172.20.0.2' },
    { name: 'other', ip: '172.21.0.2' },
  ],
  ports: [{ containerPort: 19999, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 29999 }],
});

describe('waysToReach', () => {
  it('from the host: label, networks, published port, exec', () => {
    const ways = waysToReach({ ...agent, labels: { 'netdata-cloud-doctor.url': 'http://nd:19999/' } }, { kind: 'host' }, undefined);
    assert.deepEqual(
      ways.map((w) => w.via),
      ['label netdata-cloud-doctor.url', 'network mon', 'network other', 'published port', 'exec curl'],
    );
    assert.equal(ways[0]!.base, 'http://nd:19999');
    assert.equal(ways[3]!.base, 'http://127.0.0.1:29999');
  });
  it('from a container: only networks it shares; no published port', () => {
    const self = {
      kind: 'container' as const,
      id: 'b'.repeat(64),
      facts: containerFacts({ networks: [{ name: 'mon', ip: '172.20.0.9' }], networkMode: 'mon' }),
    };
    assert.deepEqual(
      waysToReach(agent, self, undefined).map((w) => w.via),
      ['network mon', 'exec curl'],
    );
  });
  it('a shared namespace comes before networks; NETDATA_LISTENER_PORT sets the port', () => {
    const host = { ...agent, networkMode: 'host', env: { NETDATA_LISTENER_PORT: '20000' } };
    const ways = waysToReach(host, { kind: 'host' }, 'http://given:1');
    assert.deepEqual(
      ways.slice(0, 2).map((w) => `${w.via} ${w.base}`),
      ['DOCTOR_AGENT_URL http://given:1', 'shared network namespace http://127.0.0.1:20000'],
    );
  });
});

describe('ownContainerId', () => {
  it('reads the ID from mountinfo of a container, nothing on a host', () => {
    const id = 'c'.repeat(64);
    assert.equal(ownContainerId(`612 600 0:52 /docker/containers/${id}/hostname /etc/hostname rw`), id);
    assert.equal(ownContainerId('22 1 8:1 / / rw,relatime - ext4 /dev/vda rw'), undefined);
  });
});
