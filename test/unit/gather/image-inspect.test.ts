// imageInspectFor: one engine call per image id, undefined (never a throw) when the engine refuses.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DockerClient } from '../../../src/docker/client.ts';
import { ImageInspectCache, imageInspectFor } from '../../../src/gather/image-inspect.ts';

function client(answer: (id: string) => Promise<unknown>): DockerClient & { calls: string[] } {
  const calls: string[] = [];
  return { calls, inspectImage: (id: string) => (calls.push(id), answer(id)) } as unknown as DockerClient & { calls: string[] };
}

describe('imageInspectFor', () => {
  it('asks once per image id', async () => {
    const c = client(async (id) => ({ Id: id, Config: { Env: ['A=1'] } }));
    const cache = new ImageInspectCache();
    assert.deepEqual(await imageInspectFor(c, { Image: 'sha256:aa' }, cache), { Id: 'sha256:aa', Config: { Env: ['A=1'] } });
    await imageInspectFor(c, { Image: 'sha256:aa' }, cache);
    assert.deepEqual(c.calls, ['sha256:aa']);
  });
  it('a refusal is undefined and asked again next time', async () => {
    const c = client(async () => {
      throw new Error('403 forbidden');
    });
    const cache = new ImageInspectCache();
    assert.equal(await imageInspectFor(c, { Image: 'sha256:bb' }, cache), undefined);
    assert.equal(await imageInspectFor(c, { Image: 'sha256:bb' }, cache), undefined);
    assert.equal(c.calls.length, 2);
  });
  it('no image id, or a client without inspectImage: undefined', async () => {
    assert.equal(
      await imageInspectFor(
        client(async () => ({})),
        { Image: 42 },
      ),
      undefined,
    );
    assert.equal(await imageInspectFor({} as DockerClient, { Image: 'sha256:cc' }), undefined);
  });
});
