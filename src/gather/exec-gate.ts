// Whether an exec may go into a container, and what each exec's answer teaches: the engine's permission
// (learnt from the first answer, once per connection; an expected 403 is not an error, CONTRACT §3), and
// the wedged-exec rule. The engine does not end an exec the doctor gave up on, so after one timed out in a
// run of a container no exec goes into that run until it restarts or WEDGED_RETRY_MS have passed: a wedged
// agent then holds one hung `netdatacli`, not one per pass.

import type { DockerClient } from '../docker/client.ts';
import { DockerError } from '../docker/errors.ts';
import { readFailed, readOk, type ContainerFacts, type EngineFacts, type Read } from '../facts/types.ts';
import { runKey } from './cache.ts';

/** How long execs stay off a container's run after one timed out there. */
export const WEDGED_RETRY_MS = 15 * 60_000;

const DENIED = 'exec denied by the engine or socket proxy';

export class ExecGate {
  permission: EngineFacts['permissions']['exec'];
  private readonly wedged = new Map<string, { run: string; what: string; since: number }>();

  constructor(
    mode: 'auto' | 'never',
    private readonly now: () => number,
  ) {
    this.permission = mode === 'never' ? 'disabled' : 'unknown';
  }

  /** Exec may be tried (allowed, or not known yet: the first answer tells). */
  get open(): boolean {
    return this.permission === 'allowed' || this.permission === 'unknown';
  }

  /** Why no exec may go into any container, or undefined. */
  closed(): string | undefined {
    if (this.permission === 'disabled') return 'exec disabled (DOCTOR_EXEC=never)';
    if (this.permission === 'denied') return DENIED;
    return undefined;
  }

  /** The engine refused an exec (403): no more are tried on this connection. */
  deny(): void {
    this.permission = 'denied';
  }

  /** Runs one read-only command, unless the gate is closed or this run of the container is wedged. */
  async run(client: DockerClient, c: ContainerFacts, argv: string[], maxBytes: number): Promise<Read<string>> {
    if (this.permission === 'denied') return readFailed(DENIED);
    const thisRun = runKey(c);
    const wedged = this.wedged.get(c.id);
    if (wedged && wedged.run === thisRun && this.now() - wedged.since < WEDGED_RETRY_MS) {
      const retry = new Date(wedged.since + WEDGED_RETRY_MS).toISOString().slice(11, 16);
      return readFailed(
        `not run: "${wedged.what}" timed out in this container at ${new Date(wedged.since).toISOString().slice(11, 19)} UTC and may still hang there; exec is tried again after a restart or at ${retry} UTC`,
      );
    }
    try {
      const result = await client.exec(c.id, argv, maxBytes);
      this.permission = 'allowed';
      if (result.exitCode !== 0)
        return readFailed(`${argv.join(' ')} exited ${result.exitCode}: ${(result.stderr || result.stdout).trim().split('\n')[0] ?? ''}`);
      return readOk(result.stdout);
    } catch (err) {
      if (err instanceof DockerError && err.kind === 'forbidden' && err.statusCode !== undefined) this.deny();
      if (err instanceof DockerError && err.kind === 'timeout' && thisRun)
        this.wedged.set(c.id, { run: thisRun, what: argv.join(' '), since: this.now() });
      return readFailed(err instanceof Error ? err.message : String(err));
    }
  }
}
