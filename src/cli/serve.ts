// serve: the sidecar. Watches the agents, answers HTTP from the last report, logs JSON on stdout.
// SIGTERM/SIGINT: stop accepting, stop watching, log `shutdown`, exit 0 well within Docker's 10 s.

import type { Server } from 'node:http';
import type { Config } from '../config/config.ts';
import { describeConfig } from '../config/config.ts';
import { createLogger } from '../log/logger.ts';
import { discoverEngine } from '../docker/engine.ts';
import { DockerodeClient } from '../docker/dockerode-client.ts';
import { UnreachableClient } from '../docker/unreachable-client.ts';
import { Watcher } from '../watch/watcher.ts';
import { Metrics } from '../server/metrics.ts';
import { createHttpServer } from '../server/http.ts';
import { VERSION } from '../version.ts';
import { Notifier } from '../notify/notifier.ts';

const SHUTDOWN_GRACE_MS = 1_500;

export async function runServe(config: Readonly<Config>, env: NodeJS.ProcessEnv, io: { stderr: NodeJS.WritableStream }): Promise<number> {
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, fd: 1 });
  logger.emit('info', { event: 'startup', version: VERSION, command: 'serve', config: describeConfig(config) });
  const metrics = new Metrics();
  const endpoint = discoverEngine(config.docker, (m) => logger.debug(m), env);
  const client = 'error' in endpoint
    ? new UnreachableClient(config.docker.host ?? 'no engine', endpoint.error)
    : new DockerodeClient(endpoint, undefined, () => metrics.dockerError());
  // Notifications (CONTRACT §13): off without DOCTOR_NOTIFY; the targets' secrets are redacted from every log line.
  const notify = config.notify;
  logger.addSecrets(notify?.targets.flatMap((t) => t.secrets) ?? []);
  const notifier = notify && notify.targets.length > 0
    ? new Notifier({ targets: notify.targets, afterMs: notify.afterMs, ...(notify.publicUrl ? { publicUrl: notify.publicUrl } : {}), logger,
      count: (target, event, result) => metrics.notification(target, event, result) })
    : undefined;
  if (notifier) void client.info().then((info) => info.name && notifier.setHostName(info.name), () => undefined);

  const watcher = new Watcher({ client, config, logger, releaseId: VERSION, onReport: (report, seconds) => {
    metrics.update(report, seconds);
    notifier?.observe(report, new Date());
  } });
  const server = createHttpServer({ report: () => watcher.lastReport, releaseId: VERSION, metrics });

  try {
    await listen(server, config.listen.host, config.listen.port);
  } catch (err) {
    const message = `cannot listen on ${config.listen.host}:${config.listen.port}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} (set DOCTOR_LISTEN)`;
    logger.error(message);
    io.stderr.write(`netdata-cloud-doctor: ${message}\n`);
    return 1;
  }

  return await new Promise<number>((resolve) => {
    const shutdown = (signal: NodeJS.Signals) => {
      logger.emit('info', { event: 'shutdown', signal });
      watcher.stop();
      notifier?.stop();
      server.close(() => resolve(0));
      server.closeIdleConnections();
      // Keep-alive clients must not hold the exit: after the grace time everything still open is cut.
      setTimeout(() => {
        server.closeAllConnections();
        resolve(0);
      }, SHUTDOWN_GRACE_MS).unref();
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
    void watcher.start();
  });
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
