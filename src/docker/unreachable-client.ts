// Stands in for the engine when none could even be located, so that gathering and reporting run the
// same way and docker.api fails with the discovery error.

import type { DockerClient } from './client.ts';
import { DockerError } from './errors.ts';

export class UnreachableClient implements DockerClient {
  constructor(
    readonly endpoint: string,
    private readonly reason: string,
  ) {}
  private fail(): Promise<never> {
    return Promise.reject(new DockerError('unreachable', this.reason));
  }
  version = () => this.fail();
  info = () => this.fail();
  listContainers = () => this.fail();
  inspect = () => this.fail();
  logs = () => this.fail();
  readPath = () => this.fail();
  exec = () => this.fail();
  events(): AsyncIterable<never> {
    return { [Symbol.asyncIterator]: () => ({ next: () => this.fail() }) };
  }
  followStderr(): AsyncIterable<never> {
    return this.events();
  }
}
