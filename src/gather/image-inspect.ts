// The image's inspect, for the run spec (src/docker/run-spec.ts) to keep only what the user set. Images do
// not change under an id, so one answer per id is kept (bounded). A failure (an engine that denies
// /images behind a socket proxy, an image removed since) is not an error: the spec then keeps everything.

import type { DockerClient } from '../docker/client.ts';

const MAX_IMAGES = 64;

export class ImageInspectCache {
  private readonly byId = new Map<string, unknown>();

  async get(client: DockerClient, imageId: string): Promise<unknown> {
    if (this.byId.has(imageId)) return this.byId.get(imageId);
    if (!client.inspectImage || !imageId) return undefined;
    let answer: unknown;
    try {
      answer = await client.inspectImage(imageId);
    } catch {
      return undefined; // not remembered: the next pass may be allowed
    }
    if (this.byId.size >= MAX_IMAGES) this.byId.delete(this.byId.keys().next().value as string);
    this.byId.set(imageId, answer);
    return answer;
  }
}

/** The inspect of the image a container runs (its `Image`, the id), or undefined when it cannot be read. */
export function imageInspectFor(
  client: DockerClient,
  rawContainer: unknown,
  cache: ImageInspectCache = new ImageInspectCache(),
): Promise<unknown> {
  const image = rawContainer && typeof rawContainer === 'object' ? (rawContainer as { Image?: unknown }).Image : undefined;
  return typeof image === 'string' ? cache.get(client, image) : Promise.resolve(undefined);
}
