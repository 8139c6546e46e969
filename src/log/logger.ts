// pino, one JSON line per event with an `event` field (CONTRACT §8); `pretty` for people.
// Every line passes through redaction: known secret values and token/credential patterns.

import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';
import { redactDeep, redactText } from '../secrets/redact.ts';

export type LogEvent =
  | { event: 'startup'; config: Record<string, unknown>; version: string; command: string }
  | { event: 'node.state'; node: string; from: string | null; to: string; status: string; cause: string; output: string }
  | { event: 'finding'; node: string; check: string; status: string; cause?: string; summary: string; remedy?: string }
  | { event: 'docker.unreachable'; endpoint: string; error: string }
  | { event: 'docker.recovered'; endpoint: string }
  | { event: 'notify.failed'; target: string; error: string }
  | { event: 'notify.recovered'; target: string }
  /** The Netdata Cloud API stopped answering (CONTRACT §12): `kind` from CloudApiError, `error` its one-line message. */
  | { event: 'cloud.unreachable'; api: string; kind: string; error: string }
  | { event: 'cloud.recovered'; api: string }
  | { event: 'shutdown'; signal: string };

export interface DoctorLogger {
  readonly pino: Logger;
  emit(level: 'info' | 'warn' | 'error', entry: LogEvent, msg?: string): void;
  debug(msg: string): void;
  error(msg: string): void;
  /** Secret values learnt while running (claim tokens seen in containers) are redacted from then on. */
  addSecrets(values: readonly string[]): void;
}

export interface LoggerOptions {
  level: string;
  format: 'json' | 'pretty';
  /** 1 for serve (stdout), 2 for check and healthcheck (stderr). */
  fd: 1 | 2;
  /** For tests: write here instead of the file descriptor. */
  stream?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions): DoctorLogger {
  const secrets = new Set<string>();
  const destination =
    options.stream ??
    (options.format === 'pretty'
      ? // Loaded only for the pretty format (most runs log JSON): pino-pretty and its colour and date helpers are ~8 MB of RSS.
        (createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty)({
          destination: options.fd,
          sync: true,
          colorize: false,
          ignore: 'pid,hostname',
        })
      : pino.destination({ dest: options.fd, sync: true }));
  const logger = pino(
    {
      level: options.level,
      base: { service: 'netdata-cloud-doctor' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => redactDeep(obj, [...secrets]),
      },
      hooks: {
        logMethod(args, method) {
          const redacted = args.map((a) => (typeof a === 'string' ? redactText(a, [...secrets]) : a)) as Parameters<typeof method>;
          method.apply(this, redacted);
        },
      },
    },
    destination,
  );
  return {
    pino: logger,
    emit: (level, entry, msg) => logger[level](entry, msg ?? sentence(entry)),
    debug: (msg) => logger.debug(msg),
    error: (msg) => logger.error(msg),
    addSecrets: (values) => {
      for (const v of values) if (v.length >= 4) secrets.add(v);
    },
  };
}

/**
 * Each line's `msg` is a sentence a person can read in `docker logs` (CONTRACT §8); the fields carry the
 * same for machines.
 */
export function sentence(entry: LogEvent): string {
  switch (entry.event) {
    case 'startup':
      return `netdata-cloud-doctor ${entry.version} ${entry.command} starting`;
    case 'node.state':
      return `${entry.node}: ${entry.from === null ? entry.to : `${entry.from} → ${entry.to}`} (${entry.status}): ${entry.output}`;
    case 'finding':
      return `${entry.node}: ${entry.check} ${entry.status}: ${entry.summary}${entry.remedy ? ` — fix: ${entry.remedy}` : ''}`;
    case 'docker.unreachable':
      return `the Docker Engine at ${entry.endpoint} is unreachable: ${entry.error}`;
    case 'docker.recovered':
      return `the Docker Engine at ${entry.endpoint} answers again`;
    case 'shutdown':
      return `stopping on ${entry.signal}`;
    case 'notify.failed':
      return `notifications to ${entry.target} fail: ${entry.error} (told once until they work again)`;
    case 'notify.recovered':
      return `notifications to ${entry.target} work again`;
    case 'cloud.unreachable':
      return `the Netdata Cloud API at ${entry.api} does not answer (${entry.kind}): ${entry.error}; cloud.node skips until it does`;
    case 'cloud.recovered':
      return `the Netdata Cloud API at ${entry.api} answers again`;
  }
}
