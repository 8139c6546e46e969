// A container's own `docker run` line, rebuilt from its RunSpec and changed only where a remedy says.
// Every value is shell-quoted; secrets (the claim token and anything named or shaped like a secret) are
// written as "$NAME", to be supplied from the person's shell, never as their value.

import type { RunMount, RunSpec, Step } from '../facts/types.ts';
import { shellQuote, shellVariable } from './shell.ts';

/** What a remedy changes in the container's configuration; everything else stays as it was. */
export interface RunChange {
  /** Set (or replace) environment variables. */
  setEnv?: Record<string, string>;
  removeEnv?: readonly string[];
  /** Add mounts; one at a target that already has a mount replaces it. */
  mounts?: readonly RunMount[];
  /** Remove the mounts at these targets. */
  removeMounts?: readonly string[];
  addSecurityOpt?: readonly string[];
  /** Remove every security option that starts with one of these (e.g. "seccomp="). */
  removeSecurityOpt?: readonly string[];
  restart?: RunSpec['restart'];
  /** Memory limit in bytes (0 = none); the swap limit follows the engine's default. */
  memory?: number;
  /** Another image (e.g. netdata/netdata:stable for an agent too old or built without Cloud). */
  image?: string;
}

const SECRET_NAME = /(^|_)(TOKEN|SECRET|PASSWORD|PASSWD|PASS|API_?KEY|PRIVATE_?KEY|CREDENTIALS?)(_|$)/i;
/** A claim token passed as an option (NETDATA_EXTRA_CLAIM_OPTS="-token=…", a v1 -token= argument). */
const TOKEN_OPTION = /(^|\s)--?token=/;
const URL_CREDENTIALS = /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i;

/** Whether an env entry must be written by reference: the claim token, names that say secret, URLs with a password. */
export function isSecretEnv(name: string, value: string): boolean {
  return name === 'NETDATA_CLAIM_TOKEN' || SECRET_NAME.test(name) || URL_CREDENTIALS.test(value) || TOKEN_OPTION.test(value);
}

const envName = (entry: string): string => (entry.includes('=') ? entry.slice(0, entry.indexOf('=')) : entry);

/** The spec with the change applied (a new object; the spec itself is not touched). */
export function applyChange(spec: RunSpec, change: RunChange = {}): RunSpec {
  const removeEnv = new Set([...(change.removeEnv ?? []), ...Object.keys(change.setEnv ?? {})]);
  const env = spec.env.filter((e) => !removeEnv.has(envName(e)));
  for (const [name, value] of Object.entries(change.setEnv ?? {})) env.push(`${name}=${value}`);
  const replaced = new Set([...(change.removeMounts ?? []), ...(change.mounts ?? []).map((m) => m.target)]);
  const mounts = [...spec.mounts.filter((m) => !replaced.has(m.target)), ...(change.mounts ?? [])];
  const dropOpt = (o: string): boolean => (change.removeSecurityOpt ?? []).some((prefix) => o.startsWith(prefix));
  const securityOpt = [...spec.securityOpt.filter((o) => !dropOpt(o)), ...(change.addSecurityOpt ?? [])];
  const memory = change.memory === undefined ? {} : { memory: change.memory, memorySwap: 0 };
  const restart = change.restart ?? spec.restart;
  return { ...spec, env, mounts, securityOpt: [...new Set(securityOpt)], restart, image: change.image ?? spec.image, ...memory };
}

/** `--restart` / compose `restart:` text: "on-failure:3", "always", … */
export const restartPolicyText = (r: RunSpec['restart']): string =>
  r.name === 'on-failure' && r.maximumRetryCount > 0 ? `on-failure:${r.maximumRetryCount}` : r.name;

/** Go duration text the docker CLI parses ("1500ms"), from nanoseconds. */
const duration = (ns: number): string => (ns % 1e9 === 0 ? `${ns / 1e9}s` : `${Math.round(ns / 1e6)}ms`);

const isDefaultNetwork = (mode: string): boolean => mode === 'default' || mode === 'bridge' || mode === '';

/** The network `docker run --network` attaches; the others need `docker network connect`. */
function primaryNetwork(spec: RunSpec): string | undefined {
  if (isDefaultNetwork(spec.networkMode)) return undefined;
  return spec.networkMode;
}

export function extraNetworks(spec: RunSpec): RunSpec['networks'] {
  const mode = spec.networkMode;
  if (mode === 'host' || mode === 'none' || mode.startsWith('container:')) return [];
  const primary = isDefaultNetwork(mode) ? 'bridge' : mode;
  return spec.networks.filter((n) => n.name !== primary);
}

/** A profile inspect carries inline (the CLI read the file the user named); it is written to this file first. */
export const seccompProfileFile = (spec: RunSpec): string => `./${spec.name}.seccomp.json`;
const inlineSeccomp = (opt: string): string | undefined => (/^seccomp[=:]\s*\{/.test(opt) ? opt.replace(/^seccomp[=:]/, '') : undefined);

function mountArg(m: RunMount): string[] {
  if (m.type === 'tmpfs') return ['--tmpfs', m.options ? `${m.target}:${m.options}` : m.target];
  const options: string[] = [];
  if (m.readOnly) options.push('ro');
  if (m.type === 'volume' && m.noCopy) options.push('nocopy');
  if (m.type === 'bind' && m.propagation) options.push(m.propagation);
  if (m.type === 'bind' && m.selinux) options.push(m.selinux);
  const source = m.type === 'volume' ? m.name : m.source;
  return ['-v', `${source}:${m.target}${options.length ? `:${options.join(',')}` : ''}`];
}

/** Each option as its words, unquoted; `raw` words (the "$NAME" references) are marked to skip quoting. */
type Word = string | { raw: string };

function options(spec: RunSpec): Word[][] {
  const out: Word[][] = [['--name', spec.name]];
  const add = (...words: Word[]) => out.push(words);
  if (spec.hostname) add('--hostname', spec.hostname);
  if (spec.domainname) add('--domainname', spec.domainname);
  if (spec.user) add('--user', spec.user);
  if (spec.workingDir) add('--workdir', spec.workingDir);
  for (const entry of spec.env) {
    const name = envName(entry);
    if (!entry.includes('=')) add('-e', name);
    else if (isSecretEnv(name, entry.slice(name.length + 1))) add('-e', { raw: `${shellQuote(name)}=${shellVariable(name)}` });
    else add('-e', entry);
  }
  for (const [key, value] of Object.entries(spec.labels)) add('--label', `${key}=${value}`);
  for (const m of spec.mounts) add(...mountArg(m));
  for (const from of spec.volumesFrom) add('--volumes-from', from);
  const primary = primaryNetwork(spec);
  if (primary) {
    add('--network', primary);
    const net = spec.networks.find((n) => n.name === primary);
    for (const alias of net?.aliases ?? []) add('--network-alias', alias);
    if (net?.ipv4) add('--ip', net.ipv4);
    if (net?.ipv6) add('--ip6', net.ipv6);
  }
  for (const link of spec.links) {
    // HostConfig.Links: "/other:/this/alias".
    const [other = '', alias = ''] = link.split(':');
    add('--link', `${other.replace(/^\//, '')}:${alias.split('/').pop() ?? ''}`);
  }
  if (spec.macAddress) add('--mac-address', spec.macAddress);
  for (const p of spec.ports) {
    const hostIp = p.hostIp.includes(':') ? `[${p.hostIp}]` : p.hostIp;
    const hostSide = hostIp ? `${hostIp}:${p.hostPort}:` : p.hostPort ? `${p.hostPort}:` : '';
    add('-p', `${hostSide}${p.containerPort}${p.protocol === 'tcp' ? '' : `/${p.protocol}`}`);
  }
  if (spec.publishAll) add('--publish-all');
  for (const port of spec.expose) add('--expose', port);
  for (const dns of spec.dns) add('--dns', dns);
  for (const search of spec.dnsSearch) add('--dns-search', search);
  for (const option of spec.dnsOptions) add('--dns-option', option);
  for (const extra of spec.extraHosts) add('--add-host', extra);
  if (spec.restart.name !== 'no' && spec.restart.name !== '') {
    add('--restart', restartPolicyText(spec.restart));
  }
  if (spec.autoRemove) add('--rm');
  if (spec.privileged) add('--privileged');
  for (const cap of spec.capAdd) add('--cap-add', cap);
  for (const cap of spec.capDrop) add('--cap-drop', cap);
  for (const opt of spec.securityOpt) add('--security-opt', inlineSeccomp(opt) !== undefined ? `seccomp=${seccompProfileFile(spec)}` : opt);
  if (spec.readOnly) add('--read-only');
  for (const d of spec.devices) {
    add('--device', `${d.pathOnHost}:${d.pathInContainer}${d.permissions && d.permissions !== 'rwm' ? `:${d.permissions}` : ''}`);
  }
  for (const rule of spec.deviceCgroupRules) add('--device-cgroup-rule', rule);
  if (spec.pidMode) add('--pid', spec.pidMode);
  if (spec.ipcMode) add('--ipc', spec.ipcMode);
  if (spec.utsMode) add('--uts', spec.utsMode);
  if (spec.usernsMode) add('--userns', spec.usernsMode);
  if (spec.cgroupParent) add('--cgroup-parent', spec.cgroupParent);
  if (spec.runtime) add('--runtime', spec.runtime);
  if (spec.memory > 0) add('--memory', `${spec.memory}b`);
  if (spec.memoryReservation > 0) add('--memory-reservation', `${spec.memoryReservation}b`);
  if (spec.memorySwap !== 0 && spec.memory > 0) add('--memory-swap', spec.memorySwap < 0 ? '-1' : `${spec.memorySwap}b`);
  if (spec.memorySwappiness !== undefined) add('--memory-swappiness', String(spec.memorySwappiness));
  if (spec.nanoCpus > 0) add('--cpus', String(spec.nanoCpus / 1e9));
  if (spec.cpuShares > 0) add('--cpu-shares', String(spec.cpuShares));
  if (spec.cpuPeriod > 0) add('--cpu-period', String(spec.cpuPeriod));
  if (spec.cpuQuota > 0) add('--cpu-quota', String(spec.cpuQuota));
  if (spec.cpusetCpus) add('--cpuset-cpus', spec.cpusetCpus);
  if (spec.cpusetMems) add('--cpuset-mems', spec.cpusetMems);
  if (spec.blkioWeight > 0) add('--blkio-weight', String(spec.blkioWeight));
  if (spec.pidsLimit !== undefined) add('--pids-limit', String(spec.pidsLimit));
  if (spec.oomKillDisable) add('--oom-kill-disable');
  if (spec.oomScoreAdj !== 0) add('--oom-score-adj', String(spec.oomScoreAdj));
  if (spec.shmSize !== undefined) add('--shm-size', `${spec.shmSize}b`);
  for (const u of spec.ulimits) add('--ulimit', `${u.name}=${u.soft}:${u.hard}`);
  for (const [key, value] of Object.entries(spec.sysctls)) add('--sysctl', `${key}=${value}`);
  for (const group of spec.groupAdd) add('--group-add', group);
  if (spec.init) add('--init');
  if (spec.logDriver && (spec.logDriver !== 'json-file' || Object.keys(spec.logOptions).length > 0)) add('--log-driver', spec.logDriver);
  for (const [key, value] of Object.entries(spec.logOptions)) add('--log-opt', `${key}=${value}`);
  if (spec.stopSignal) add('--stop-signal', spec.stopSignal);
  if (spec.stopTimeout !== undefined) add('--stop-timeout', String(spec.stopTimeout));
  const hc = spec.healthcheck;
  if (hc?.disabled) add('--no-healthcheck');
  if (hc?.test && hc.test.length > 0) {
    // CMD-SHELL carries one shell string; CMD's argv becomes that string (the same command through sh).
    const [kind, ...rest] = hc.test;
    add('--health-cmd', kind === 'CMD-SHELL' ? rest.join(' ') : rest.map(shellQuote).join(' '));
  }
  if (hc?.intervalNs) add('--health-interval', duration(hc.intervalNs));
  if (hc?.timeoutNs) add('--health-timeout', duration(hc.timeoutNs));
  if (hc?.startPeriodNs) add('--health-start-period', duration(hc.startPeriodNs));
  if (hc?.retries) add('--health-retries', String(hc.retries));
  if (spec.tty) add('--tty');
  if (spec.interactive) add('--interactive');
  // --entrypoint takes one word; the rest of an entrypoint goes before the command (the same argv runs).
  if (spec.entrypoint !== undefined) add('--entrypoint', spec.entrypoint[0] ?? '');
  return out;
}

const render = (word: Word): string => (typeof word === 'string' ? shellQuote(word) : word.raw);

/**
 * The `docker run -d …` line (or `docker create …` when the container is on more than one network, since
 * `docker run` attaches one), one option a line. The image is Config.Image as the user gave it.
 */
export function dockerRunLine(spec: RunSpec, change: RunChange = {}): string {
  const changed = applyChange(spec, change);
  const head = extraNetworks(changed).length > 0 ? 'docker create' : 'docker run -d';
  const args = [...(changed.entrypoint?.slice(1) ?? []), ...(changed.cmd ?? [])];
  const lines = [head, ...options(changed).map((words) => words.map(render).join(' ')), [changed.image, ...args].map(shellQuote).join(' ')];
  return lines.join(' \\\n  ');
}

/**
 * Every step that starts the container anew from its spec: the seccomp profile file when inspect holds one
 * inline, the run (or create, network connects, start) line. The old container must be out of the way first.
 */
export function dockerRunSteps(spec: RunSpec, change: RunChange = {}): Step[] {
  const changed = applyChange(spec, change);
  const steps: Step[] = [];
  for (const opt of changed.securityOpt) {
    const profile = inlineSeccomp(opt);
    if (profile === undefined) continue;
    steps.push({ where: 'host', run: `printf '%s\\n' ${shellQuote(profile)} > ${shellQuote(seccompProfileFile(changed))}` });
  }
  steps.push({ where: 'host', run: dockerRunLine(spec, change) });
  const extra = extraNetworks(changed);
  for (const net of extra) {
    const words = ['docker', 'network', 'connect'];
    for (const alias of net.aliases) words.push('--alias', alias);
    if (net.ipv4) words.push('--ip', net.ipv4);
    if (net.ipv6) words.push('--ip6', net.ipv6);
    steps.push({ where: 'host', run: [...words, net.name, changed.name].map(shellQuote).join(' ') });
  }
  if (extra.length > 0) steps.push({ where: 'host', run: `docker start ${shellQuote(changed.name)}` });
  return steps;
}

/** Where the old container goes while its replacement starts, so nothing is lost if the new line fails. */
export const replacedName = (spec: RunSpec): string => `${spec.name}-replaced`;

/**
 * Recreate a `docker run` container with the change: stop it, keep it aside under another name, start the
 * new one from the rebuilt line, then remove the old one (its volumes stay: `docker rm` without -v).
 * A container started with --rm is gone once stopped, so it is not renamed.
 */
export function recreateRunSteps(spec: RunSpec, change: RunChange = {}, options: { stopped?: boolean } = {}): Step[] {
  const name = shellQuote(spec.name);
  const steps: Step[] = [];
  if (!options.stopped) steps.push({ where: 'host', run: `docker stop ${name}` });
  if (!spec.autoRemove) steps.push({ where: 'host', run: `docker rename ${name} ${shellQuote(replacedName(spec))}` });
  steps.push(...dockerRunSteps(spec, change));
  if (!spec.autoRemove) steps.push({ where: 'host', run: `docker rm ${shellQuote(replacedName(spec))}` });
  return steps;
}
