import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerError, toDockerError, withTimeout } from '../../../src/docker/errors.ts';

describe('toDockerError', () => {
  const http = (statusCode: number, message: string) =>
    Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message}`), { statusCode, json: { message } });

  it("403 and 401 are forbidden, with the engine's message on one line", () => {
    const e = toDockerError(http(403, 'forbidden by socket proxy\nmore'), 'GET /info');
    assert.ok(e instanceof DockerError);
    assert.equal(e.kind, 'forbidden');
    assert.equal(e.statusCode, 403);
    assert.equal(e.message, 'GET /info: HTTP 403 forbidden by socket proxy');
    assert.equal(toDockerError(http(401, 'unauthorized'), 'x').kind, 'forbidden');
  });
  it('404 not-found, 409 conflict, 500 api', () => {
    assert.equal(toDockerError(http(404, 'No such container: netdata'), 'inspect').kind, 'not-found');
    assert.equal(toDockerError(http(409, 'container is paused'), 'exec').kind, 'conflict');
    const e500 = toDockerError(http(500, 'server error'), 'logs');
    assert.equal(e500.kind, 'api');
    assert.equal(e500.statusCode, 500);
  });
  it('ECONNREFUSED and ENOENT are unreachable', () => {
    const e = toDockerError(
      Object.assign(new Error('connect ECONNREFUSED /var/run/docker.sock'), { code: 'ECONNREFUSED' }),
      'GET /version',
    );
    assert.equal(e.kind, 'unreachable');
    assert.equal(e.message, 'GET /version: ECONNREFUSED');
    assert.equal(toDockerError({ code: 'ENOENT' }, 'x').kind, 'unreachable');
  });
  it('EACCES says how to fix the socket permission', () => {
    const e = toDockerError(Object.assign(new Error('connect EACCES /var/run/docker.sock'), { code: 'EACCES' }), 'GET /version');
    assert.equal(e.kind, 'unreachable');
    assert.match(e.message, /permission denied on the socket: add the socket's group with group_add/);
  });
  it("EACCES on a socket it can stat names the socket's group for group_add", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ncd-eacces-'));
    const socketPath = join(dir, 'engine.sock');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      chmodSync(socketPath, 0o660);
      const { gid } = statSync(socketPath);
      const e = toDockerError(
        Object.assign(new Error(`connect EACCES ${socketPath}`), { code: 'EACCES', address: socketPath }),
        'GET /version',
      );
      assert.equal(e.kind, 'unreachable');
      assert.ok(e.message.includes(`permission denied on ${socketPath} (owner ${statSync(socketPath).uid}:${gid}, mode 660;`), e.message);
      assert.ok(e.message.includes(`group_add: ["${gid}"] (docker run --group-add ${gid})`), e.message);
      chmodSync(socketPath, 0o600);
      const owner = toDockerError(Object.assign(new Error('connect EACCES'), { code: 'EACCES', address: socketPath }), 'GET /version');
      assert.ok(
        owner.message.includes(`mode 600;`) &&
          owner.message.includes(`only its owner may open it: run the doctor as uid ${statSync(socketPath).uid}`),
        owner.message,
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('timeouts', () => {
    assert.equal(toDockerError({ code: 'ETIMEDOUT' }, 'x').kind, 'timeout');
    assert.equal(toDockerError(new Error('socket timeout'), 'x').kind, 'timeout');
  });
  it('a DockerError passes through unchanged', () => {
    const original = new DockerError('conflict', 'already');
    assert.equal(toDockerError(original, 'x'), original);
  });
  it('the cause is kept', () => {
    const cause = http(500, 'boom');
    assert.equal(toDockerError(cause, 'x').cause, cause);
  });
  it('anything else thrown does not throw again', () => {
    for (const thing of [null, undefined, 'a string', 42, {}, { message: 'multi\nline' }]) {
      const e = toDockerError(thing, 'op');
      assert.equal(e.kind, 'api');
      assert.ok(e.message.startsWith('op: '));
      assert.ok(!e.message.includes('\n'));
    }
  });
});

describe('withTimeout', () => {
  it('returns the answer in time', async () => {
    assert.equal(await withTimeout(1_000, 'x', async () => 7), 7);
  });
  it('times out with a DockerError and aborts the call', async () => {
    let aborted = false;
    const started = Date.now();
    await assert.rejects(
      withTimeout(
        30,
        'GET /info',
        (signal) =>
          new Promise((resolve) => {
            signal.addEventListener('abort', () => {
              aborted = true;
            });
            setTimeout(resolve, 2_000).unref();
          }),
      ),
      (e: unknown) => e instanceof DockerError && e.kind === 'timeout' && /GET \/info: no answer within 30 ms/.test(e.message),
    );
    assert.equal(aborted, true);
    assert.ok(Date.now() - started < 1_000);
  });
  it('maps a failure', async () => {
    await assert.rejects(
      withTimeout(1_000, 'inspect', async () => {
        throw Object.assign(new Error('nope'), { statusCode: 404, json: { message: 'No such container' } });
      }),
      (e: unknown) => e instanceof DockerError && e.kind === 'not-found',
    );
  });
});
