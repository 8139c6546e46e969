// Where the agent's own log lines (CLAIM, ACLK, MACHINE_GUID …) are, when `docker logs` cannot hold them, so
// that a log-based verdict says "the lines are in the host's journal" instead of "the logs name no reason".
//
// Two things decide it. The container's log driver (HostConfig.LogConfig): `none` keeps nothing; a remote
// driver (awslogs, gelf, syslog, fluentd, splunk, gcplogs, …) is readable by `docker logs` only through Docker's
// dual logging cache, which `cache-disabled=true` turns off; json-file, local and journald are read natively.
// And netdata.conf: `[logs] daemon` (v1.44+; `[global] error log` before) may send the daemon's lines to the
// journal, syslog, nowhere, or a file other than the image's /var/log/netdata/daemon.log → /dev/stderr link
// (agent-vocabulary.md C.7). A bind mount over /var/log/netdata hides those links too. Pure; never throws.

import type { MountFact } from '../facts/types.ts';
import { iniValue, parseIni } from './ini.ts';

/** Drivers whose logs `docker logs` reads without the dual logging cache. */
const NATIVE_DRIVERS = new Set(['json-file', 'local', 'journald']);
/** What the official image links to the container's output. */
const OUTPUT_TARGETS = new Set([
  'stderr',
  'stdout',
  '/dev/stderr',
  '/dev/stdout',
  '/var/log/netdata/daemon.log',
  '/var/log/netdata/error.log',
]);

export interface LogLocationInput {
  logConfig?: { type: string; config: Record<string, string> };
  /** /etc/netdata/netdata.conf, when it could be read. */
  netdataConf?: string;
  mounts?: readonly MountFact[];
  /** The container's name, to fill in the command that reads a file inside it. */
  containerName?: string;
}

export type LogLocation =
  | { readable: true; entrypointReadable: true }
  | {
      readable: false;
      /** Whether `docker logs` still holds the entrypoint's own lines (run.sh, the v1 claim script). */
      entrypointReadable: boolean;
      /** Where the lines are, for a person to look: "the host's systemd journal", "the awslogs driver's destination", … */
      where: string;
      /** Why `docker logs` does not have them, one line. */
      why: string;
      /** The cause words every log-based check can put after its id: `<check>/logs-unreadable`. */
      causeWords: 'logs-unreadable';
      /** A command or place that shows the lines, when there is one. */
      readWith?: string;
    };

function driverLocation(type: string, config: Record<string, string>): { where: string; why: string; readWith?: string } | undefined {
  const driver = type.toLowerCase();
  if (driver === 'none') return { where: 'nowhere: the container\'s log driver is "none"', why: 'the log driver "none" keeps no output' };
  if (NATIVE_DRIVERS.has(driver)) return undefined;
  const cacheDisabled = (config['cache-disabled'] ?? '').toLowerCase() === 'true';
  if (!cacheDisabled) return undefined; // dual logging: docker logs reads the local cache
  const dest = ['syslog-address', 'gelf-address', 'fluentd-address', 'splunk-url', 'awslogs-group', 'gcp-project']
    .map((k) => config[k])
    .find(Boolean);
  return {
    where: `the ${driver} log driver's destination${dest ? ` (${dest})` : ''}`,
    why: `the log driver "${driver}" with cache-disabled=true leaves nothing for docker logs`,
  };
}

function daemonTarget(conf: string): { target: string; from: string } | undefined {
  const ini = parseIni(conf.slice(0, 1024 * 1024));
  const daemon = iniValue(ini, 'logs', 'daemon');
  if (daemon !== undefined) return { target: daemon, from: '[logs] daemon' };
  const old = iniValue(ini, 'global', 'error log') ?? iniValue(ini, 'global', 'errors log');
  if (old !== undefined) return { target: old, from: '[global] error log' };
  return undefined;
}

function confLocation(
  conf: string,
  mounts: readonly MountFact[],
  container: string,
): { where: string; why: string; readWith?: string } | undefined {
  const found = daemonTarget(conf);
  if (found) {
    const value = found.target.trim();
    const lower = value.toLowerCase();
    if (lower === 'journal' || lower.startsWith('journal')) {
      return {
        where: "the host's systemd journal",
        why: `netdata.conf ${found.from} = ${value} sends the daemon's lines to the journal`,
        readWith: 'journalctl --namespace=netdata -o cat; or journalctl _COMM=netdata -o cat',
      };
    }
    if (lower === 'syslog' || lower.startsWith('syslog')) {
      return {
        where: "syslog (the host's /dev/log, or the syslog server configured)",
        why: `netdata.conf ${found.from} = ${value} sends the daemon's lines to syslog`,
      };
    }
    if (lower === 'none' || lower === 'off' || lower === 'no') {
      return { where: 'nowhere: netdata.conf turns the daemon log off', why: `netdata.conf ${found.from} = ${value}` };
    }
    if (!OUTPUT_TARGETS.has(lower) && value.startsWith('/')) {
      const mount = mounts.find((m) => value === m.destination || value.startsWith(`${m.destination.replace(/\/$/, '')}/`));
      const onHost = mount ? ` (on the host: ${mount.source}${value.slice(mount.destination.replace(/\/$/, '').length)})` : '';
      return {
        where: `the file ${value} inside the container${onHost}`,
        why: `netdata.conf ${found.from} = ${value} writes the daemon's lines to a file`,
        readWith: `docker exec ${container} tail -n 300 ${value}`,
      };
    }
    if (OUTPUT_TARGETS.has(lower) && !lower.startsWith('/var/log/netdata/')) return undefined;
  }
  // The default (or an explicit /var/log/netdata/…) goes through the image's links, unless a bind mount hides them.
  const bind = mounts.find((m) => m.type === 'bind' && m.destination.replace(/\/$/, '') === '/var/log/netdata');
  if (bind) {
    return {
      where: `the files in ${bind.source} on the host (a bind mount over /var/log/netdata)`,
      why: "a bind mount over /var/log/netdata hides the image's links to the container's output",
      readWith: `tail -n 300 ${bind.source}/daemon.log`,
    };
  }
  return undefined;
}

/** Where the agent's daemon lines are; `readable: true` when `docker logs` holds them. */
export function agentLogLocation(input: LogLocationInput): LogLocation {
  try {
    const driver = input.logConfig ? driverLocation(input.logConfig.type, input.logConfig.config ?? {}) : undefined;
    if (driver) return { readable: false, entrypointReadable: false, causeWords: 'logs-unreadable', ...driver };
    const conf = confLocation(
      typeof input.netdataConf === 'string' ? input.netdataConf : '',
      input.mounts ?? [],
      input.containerName ?? 'netdata',
    );
    if (conf) return { readable: false, entrypointReadable: true, causeWords: 'logs-unreadable', ...conf };
  } catch {
    /* an unreadable input says nothing: assume the default */
  }
  return { readable: true, entrypointReadable: true };
}
