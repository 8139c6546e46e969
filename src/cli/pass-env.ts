// What `check` and `serve` both need to run passes: the engine connection and the pass settings, from the
// one validated configuration.

import type { Config } from '../config/config.ts';
import type { DoctorLogger } from '../log/logger.ts';
import { connectEngine } from '../docker/connect.ts';
import { Session } from '../gather/gather.ts';
import { ProbeScheduler } from '../network/scheduler.ts';
import type { PassEnv } from '../pass/run-pass.ts';
import { VERSION } from '../version.ts';

export interface PassEnvOptions {
  /** Counted in netdata_cloud_doctor_docker_errors_total by serve. */
  onDockerError?: () => void;
  /** serve: a finished probe asks for a rejudge. */
  onProbeResult?: () => void;
  clock?: () => Date;
  /** The Cloud API link, when a Cloud token is configured (CONTRACT §12). */
  cloud?: PassEnv['cloud'];
}

export function passEnv(config: Readonly<Config>, logger: DoctorLogger, env: NodeJS.ProcessEnv, options: PassEnvOptions = {}): PassEnv {
  const debug = (msg: string) => logger.debug(msg);
  const clock = options.clock ?? (() => new Date());
  return {
    client: connectEngine(config.docker, debug, env, options.onDockerError),
    // One clock for the pass and what the session times (wedged execs, the age of kept files).
    session: new Session(config.exec, { now: () => clock().getTime() }),
    scheduler: new ProbeScheduler({
      intervalMs: config.probeIntervalMs,
      ...(options.onProbeResult ? { onResult: options.onProbeResult } : {}),
    }),
    clock,
    settings: {
      targets: config.targets,
      exec: config.exec,
      startPeriodMs: config.startPeriodMs,
      releaseId: VERSION,
      ...(config.agentUrl ? { agentUrl: config.agentUrl } : {}),
      ...(config.cloudUrl ? { cloudUrl: config.cloudUrl } : {}),
    },
    debug,
    ...(options.cloud ? { cloud: options.cloud } : {}),
  };
}
