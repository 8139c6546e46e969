// DOCTOR_STATE_DIR in the doctor's image as the compose example sets it: read-only root, uid 10001, a fresh
// named volume at /var/lib/netdata-cloud-doctor. The history is written there, survives a recreate of the
// doctor's container, and a state dir the image's user cannot write stops serve with a clear line.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { assertTestImages, cleanupOnExit, docker, execIn, startScenario, RUN_ID, TEST_LABEL, type Scenario } from '../testbed/scenarios.ts';
import { DOCKER_SOCKET, ensureDoctorImage, freePort, httpGet, socketGid, until } from './deploy-harness.ts';
import { reliability } from '../reliability/record.ts';

const STATE = '/var/lib/netdata-cloud-doctor';

describe('image: DOCTOR_STATE_DIR on a named volume', { timeout: 600_000 }, () => {
  let image: string;
  let agent: Scenario;
  let volume: string;
  const made: string[] = [];
  const gid = socketGid();

  const startDoctor = async (env: string[], binds: string[]): Promise<{ id: string; port: number }> => {
    const port = await freePort();
    const container = await docker.createContainer({
      name: `ncd-doctor-state-${randomBytes(3).toString('hex')}`,
      Image: image,
      Labels: { [TEST_LABEL]: RUN_ID },
      Env: [`DOCTOR_LISTEN=127.0.0.1:${port}`, `DOCTOR_TARGETS=${agent.name}`, 'DOCTOR_START_PERIOD=0s', 'DOCTOR_INTERVAL=1h', ...env],
      HostConfig: {
        NetworkMode: 'host',
        ReadonlyRootfs: true,
        GroupAdd: [String(gid)],
        Binds: [`${DOCKER_SOCKET}:${DOCKER_SOCKET}:ro`, ...binds],
        CapDrop: ['ALL'],
        SecurityOpt: ['no-new-privileges:true'],
      },
    });
    made.push(container.id);
    await container.start();
    return { id: container.id, port };
  };

  before(async () => {
    await assertTestImages();
    image = await ensureDoctorImage();
    agent = await startScenario('healthy-unclaimed');
    volume = `ncd-doctor-state-${randomBytes(3).toString('hex')}`;
    await docker.createVolume({ Name: volume, Labels: { [TEST_LABEL]: RUN_ID } });
  });
  after(async () => {
    for (const id of made)
      await docker
        .getContainer(id)
        .remove({ force: true })
        .catch(() => undefined);
    await docker
      .getVolume(volume)
      .remove()
      .catch(() => undefined);
    await cleanupOnExit();
  });

  test('the history is written to the volume by uid 10001 and read back by a new container', async () => {
    const first = await startDoctor([`DOCTOR_STATE_DIR=${STATE}`], [`${volume}:${STATE}`]);
    const history = async (port: number) => (await httpGet(`http://127.0.0.1:${port}/history`)).body;
    const before = await until(
      'a first sighting in /history',
      async () => {
        const body = await history(first.port).catch(() => '');
        return body.includes(agent.name) ? body : undefined;
      },
      60_000,
    );
    const file = await execIn(first.id, ['cat', `${STATE}/history.jsonl`]);
    assert.match(file.stdout, new RegExp(`"node":"${agent.name}".*"from":null`));
    await docker.getContainer(first.id).remove({ force: true });
    const second = await startDoctor([`DOCTOR_STATE_DIR=${STATE}`], [`${volume}:${STATE}`]);
    const ready = async () => (await httpGet(`http://127.0.0.1:${second.port}/readyz`).catch(() => ({ status: 0 }))).status === 200;
    const after = await until('readyz', async () => ((await ready()) ? history(second.port) : undefined), 60_000);
    assert.deepEqual(JSON.parse(after), JSON.parse(before), 'the same history, no second first sighting');
  });

  test("a state dir the image's user cannot write: serve exits 1 and says why", async (t) => {
    const observed = reliability(t, {
      area: 'config',
      tried: 'DOCTOR_STATE_DIR set to a directory of the read-only root filesystem (/app) in the image',
      expected: 'serve exits 1 at start with a line naming DOCTOR_STATE_DIR and the error; no crash trace',
    });
    const { id } = await startDoctor(['DOCTOR_STATE_DIR=/app'], []);
    const { StatusCode } = (await docker.getContainer(id).wait()) as { StatusCode: number };
    const logs = (await docker.getContainer(id).logs({ stdout: true, stderr: true })).toString('utf8');
    assert.equal(StatusCode, 1, logs);
    assert.match(logs, /DOCTOR_STATE_DIR \/app: cannot write history\.jsonl \((EROFS|EACCES)\)/);
    assert.doesNotMatch(logs, /\n\s+at /, 'no stack trace');
    observed(`exit ${StatusCode}: ${/DOCTOR_STATE_DIR[^\n"]*/.exec(logs)?.[0]}`);
  });
});
