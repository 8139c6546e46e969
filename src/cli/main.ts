// The command line: parse, validate, dispatch. A thin shell over gather → diagnose → present; it returns
// the exit code instead of exiting, so tests can run it in-process.

import { parseArgs } from 'node:util';
import { ConfigError, SETTINGS, loadConfig, type Config, type Flags } from '../config/config.ts';
import { createLogger } from '../log/logger.ts';
import { passEnv } from './pass-env.ts';
import { runPass } from '../pass/run-pass.ts';
import { redactText } from '../secrets/redact.ts';
import { renderHuman } from './human-report.ts';
import { USAGE } from './usage.ts';
import { VERSION } from '../version.ts';
import { runServe } from './serve.ts';
import { runHealthcheck } from './healthcheck.ts';
import { runNotifyTest } from './notify-test.ts';
import { CloudLink } from './cloud-link.ts';

export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

export const EXIT = { ok: 0, problems: 1, usage: 2, nothingDiagnosable: 3 } as const;
const COMMANDS = new Set(['serve', 'check', 'healthcheck', 'notify-test']);

const settingOptions = Object.fromEntries(Object.values(SETTINGS).map(({ flag }) => [flag, { type: 'string' as const }]));

function fail(io: Io, message: string, code: number): number {
  io.stderr.write(`netdata-cloud-doctor: ${message}\n`);
  return code;
}

/**
 * Error lines echo what the user gave (a URL with credentials, "token=…" pasted into a value): the last
 * stop before the terminal redacts them by pattern (CONTRACT §10). Logs are redacted by the logger.
 */
function redactingStderr(stderr: Io['stderr']): Io['stderr'] {
  const write = (chunk: string | Uint8Array, ...rest: never[]): boolean =>
    stderr.write(typeof chunk === 'string' ? redactText(chunk) : chunk, ...rest);
  return Object.assign(Object.create(stderr) as Io['stderr'], { write });
}

function parseCommandLine(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      ...settingOptions,
      json: { type: 'boolean' },
      strict: { type: 'boolean' },
      url: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
    },
  });
}

export async function main(argv: readonly string[], rawIo: Io): Promise<number> {
  const io: Io = { ...rawIo, stderr: redactingStderr(rawIo.stderr) };
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (err) {
    const healthcheck = argv.find((a) => !a.startsWith('-')) === 'healthcheck';
    return fail(io, `${(err as Error).message.split(/\.\s|\n/)[0]} (see --help)`, healthcheck ? EXIT.problems : EXIT.usage);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  if (values.version) {
    io.stdout.write(`netdata-cloud-doctor ${VERSION}\n`);
    return EXIT.ok;
  }
  const [first, ...rest] = positionals;
  const command = first ?? 'serve';
  if (!COMMANDS.has(command))
    return fail(io, `unknown command "${command}" (commands: serve, check, healthcheck, notify-test; see --help)`, EXIT.usage);
  if (command !== 'check' && rest.length > 0)
    return fail(io, `${command} takes no arguments, got "${rest[0]}"`, command === 'healthcheck' ? EXIT.problems : EXIT.usage);
  // healthcheck never exits 2: Docker reserves it (CONTRACT §1).
  const usage = command === 'healthcheck' ? EXIT.problems : EXIT.usage;
  if ((values.json || values.strict) && command !== 'check') return fail(io, `--json and --strict belong to check`, usage);
  if (values.url !== undefined && command !== 'healthcheck') return fail(io, `--url belongs to healthcheck`, EXIT.usage);

  let config: Readonly<Config>;
  try {
    config = loadConfig(io.env, values as Flags, command === 'check' ? rest : []);
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const problem of err.problems) io.stderr.write(`netdata-cloud-doctor: ${problem}\n`);
      return usage;
    }
    throw err;
  }

  switch (command) {
    case 'check':
      return runCheck(config, { json: values.json === true, strict: values.strict === true }, io);
    case 'notify-test':
      return runNotifyTest(config, io);
    case 'healthcheck':
      return runHealthcheck(config, typeof values.url === 'string' ? values.url : undefined, io);
    default:
      return runServe(config, io.env, io);
  }
}

async function runCheck(config: Readonly<Config>, opts: { json: boolean; strict: boolean }, io: Io): Promise<number> {
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, fd: 2 });
  // One full pass; check is one-shot, so it waits for the probes of the nodes that are not live.
  // With a Cloud token, the pass lists Cloud once beside its probes and judges with that listing (CONTRACT §12).
  const cloud = config.cloud ? new CloudLink({ config: config.cloud, logger, poll: false }) : undefined;
  const result = await runPass({ kind: 'full' }, passEnv(config, logger, io.env, cloud ? { cloud } : {}), undefined, 'settle');
  cloud?.stop();
  const { facts, diagnosis } = result!;
  logger.addSecrets(diagnosis.secrets);

  if (opts.json) io.stdout.write(`${JSON.stringify(diagnosis.report, null, 2)}\n`);
  else {
    const engineLine = facts.engine.reachable
      ? `Docker ${facts.engine.version} at ${facts.engine.endpoint}`
      : `no Docker engine (${facts.engine.endpoint})`;
    io.stdout.write(renderHuman(diagnosis, io.stdout, engineLine));
  }

  const nodes = diagnosis.report.nodes;
  if (nodes.length === 0) {
    if (!opts.json) io.stderr.write(`netdata-cloud-doctor: ${diagnosis.report.output}\n`);
    return EXIT.nothingDiagnosable;
  }
  if (facts.discovery.missing.length > 0 || nodes.some((n) => n.status === 'fail')) return EXIT.problems;
  if (opts.strict && nodes.some((n) => n.status !== 'pass')) return EXIT.problems;
  return EXIT.ok;
}
