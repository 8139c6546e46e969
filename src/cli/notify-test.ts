// notify-test (CONTRACT §1, §13): one test event to every DOCTOR_NOTIFY target, one line per target.
// Exit 0 when every target accepted it, 1 when any refused or was unreachable, 2 when none is configured.

import type { Config } from '../config/config.ts';
import { createLogger } from '../log/logger.ts';
import { Notifier } from '../notify/notifier.ts';
import { redactText } from '../secrets/redact.ts';

type Streams = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };

export async function runNotifyTest(config: Readonly<Config>, io: Streams): Promise<number> {
  const targets = config.notify?.targets ?? [];
  if (targets.length === 0) {
    io.stderr.write(
      'netdata-cloud-doctor: DOCTOR_NOTIFY (--notify) is not set: no notification target to test ' + '(see docs/notifications.md)\n',
    );
    return 2;
  }
  const secrets = targets.flatMap((t) => t.secrets);
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, fd: 2 });
  logger.addSecrets(secrets);
  const { afterMs, publicUrl } = config.notify!;
  const notifier = new Notifier({ targets, afterMs, ...(publicUrl ? { publicUrl } : {}), logger });
  const results = await notifier.test();
  notifier.stop();
  for (const { target, error } of results) {
    const line = error ? `${target.display}: not delivered: ${error.message}` : `${target.display}: accepted`;
    io.stdout.write(`${redactText(line, secrets)}\n`);
  }
  return results.some((r) => r.error) ? 1 : 0;
}
