// serve: the sidecar. Watches the agents, answers HTTP from the last report, logs JSON on stdout.
// SIGTERM/SIGINT: stop accepting, stop watching, log `shutdown`, exit 0 well within Docker's 10 s.

import type { Server } from 'node:http';
import type { Config } from '../config/config.ts';
import { describeConfig } from '../config/config.ts';
import { createLogger } from '../log/logger.ts';
import { Watcher } from '../watch/watcher.ts';
import { passEnv } from './pass-env.ts';
import { Metrics } from '../server/metrics.ts';
import { createHttpServer } from '../server/http.ts';
import { VERSION } from '../version.ts';
import { History, HistoryError } from '../history/history.ts';
import { Notifier } from '../notify/notifier.ts';
import { CloudLink } from './cloud-link.ts';
import { cloudMetricState } from '../server/metrics.ts';

const SHUTDOWN_GRACE_MS = 1_500;

export async function runServe(config: Readonly<Config>, env: NodeJS.ProcessEnv, io: { stderr: NodeJS.WritableStream }): Promise<number> {
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, fd: 1 });
  logger.emit('info', { event: 'startup', version: VERSION, command: 'serve', config: describeConfig(config) });
  const metrics = new Metrics();
  // History (CONTRACT §14), kept in DOCTOR_STATE_DIR when set: a directory that cannot hold it stops serve.
  let history: History;
  try {
    const log = { debug: (m: string) => logger.debug(m), warn: (m: string) => logger.pino.warn(m) };
    history = new History({ ...(config.stateDir ? { dir: config.stateDir } : {}), ...log });
  } catch (err) {
    if (!(err instanceof HistoryError)) throw err;
    logger.error(err.message);
    io.stderr.write(`netdata-cloud-doctor: ${err.message}\n`);
    return 1;
  }
  // Notifications (CONTRACT §13): off without DOCTOR_NOTIFY; the targets' secrets are redacted from every log line.
  const notify = config.notify;
  logger.addSecrets(notify?.targets.flatMap((t) => t.secrets) ?? []);
  const notifier =
    notify && notify.targets.length > 0
      ? new Notifier({
          targets: notify.targets,
          afterMs: notify.afterMs,
          ...(notify.publicUrl ? { publicUrl: notify.publicUrl } : {}),
          logger,
          count: (target, event, result) => metrics.notification(target, event, result),
        })
      : undefined;
  const onReport = (report: Parameters<History['observe']>[0], seconds: number) => {
    metrics.update(report, seconds);
    if (cloud) metrics.setCloudNodeStates(report.nodes.map((n) => ({ node: n.container.name, state: cloudMetricState(n.cloud) })));
    for (const change of history.observe(report, new Date())) metrics.nodeStateChanged(change.node);
    notifier?.observe(report, new Date());
  };
  // A finished probe asks the watcher to judge again; the watcher exists by the time any probe finishes.
  let watcher: Watcher | undefined;
  // The Cloud API (CONTRACT §12): polled from the first pass on, one listing per Space per interval; each listing re-judges.
  const cloud = config.cloud
    ? new CloudLink({
        config: config.cloud,
        logger,
        poll: true,
        onApiError: () => metrics.cloudApiError(),
        onSnapshot: () => watcher?.requestRejudge(),
      })
    : undefined;
  const passes = passEnv(config, logger, env, {
    onDockerError: () => metrics.dockerError(),
    onProbeResult: () => watcher?.requestRejudge(),
    ...(cloud ? { cloud } : {}),
  });
  if (notifier)
    void passes.client.info().then(
      (info) => info.name && notifier.setHostName(info.name),
      () => undefined,
    );
  watcher = new Watcher({ env: passes, intervalMs: config.intervalMs, startPeriodMs: config.startPeriodMs, logger, onReport });
  const running = watcher;
  const server = createHttpServer({ report: () => running.lastReport, releaseId: VERSION, metrics, history });

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
      running.stop();
      cloud?.stop();
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
    void running.start();
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
