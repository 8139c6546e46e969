// Compose-managed containers are changed in their compose file: the YAML lines to put under the service, and
// the `docker compose … up -d <service>` that applies them, with the project's own name and files.

import path from 'node:path';
import type { RunMount, RunSpec, Step } from '../facts/types.ts';
import { isSecretEnv, restartPolicyText, type RunChange } from './docker-run.ts';
import { shellQuote } from './shell.ts';

type ComposeInfo = NonNullable<RunSpec['compose']>;

/** A YAML scalar: always double-quoted (JSON strings are valid YAML), `$` doubled against compose interpolation. */
const yamlString = (value: string, interpolate = false): string => JSON.stringify(interpolate ? value : value.replace(/\$/g, '$$$$'));

function mountEntry(m: RunMount): string {
  if (m.type === 'tmpfs') return yamlString(m.target);
  const source = m.type === 'volume' ? m.name : m.source;
  return yamlString(`${source}:${m.target}${m.readOnly ? ':ro' : ''}`);
}

/**
 * The compose step: YAML for `services.<service>` (and the top-level `volumes:` a new named volume needs,
 * declared `external` with its exact name, since the remedy creates it before compose runs). Secrets are
 * written `${NAME}` for compose to take from the shell or the project's `.env`. Removals are comments,
 * since YAML has no way to say "delete this line".
 */
export function composeSnippet(compose: ComposeInfo, change: RunChange): string {
  const lines = ['services:', `  ${compose.service}:`];
  if (change.image) lines.push(`    image: ${yamlString(change.image)}`);
  const setEnv = Object.entries(change.setEnv ?? {});
  if (setEnv.length > 0) {
    lines.push('    environment:');
    for (const [name, value] of setEnv) {
      lines.push(`      - ${isSecretEnv(name, value) ? yamlString(`${name}=\${${name}}`, true) : yamlString(`${name}=${value}`)}`);
    }
  }
  for (const name of change.removeEnv ?? []) lines.push(`    # remove ${name} from environment`);
  const volumes = (change.mounts ?? []).filter((m) => m.type !== 'tmpfs');
  const tmpfs = (change.mounts ?? []).filter((m) => m.type === 'tmpfs');
  if (volumes.length > 0) {
    lines.push('    volumes:');
    for (const m of volumes) lines.push(`      - ${mountEntry(m)}`);
  }
  if (tmpfs.length > 0) {
    lines.push('    tmpfs:');
    for (const m of tmpfs) lines.push(`      - ${mountEntry(m)}`);
  }
  for (const target of change.removeMounts ?? []) lines.push(`    # remove the volumes entry for ${target}`);
  if ((change.addSecurityOpt ?? []).length > 0) {
    lines.push('    security_opt:');
    for (const opt of change.addSecurityOpt ?? []) lines.push(`      - ${yamlString(opt)}`);
  }
  for (const prefix of change.removeSecurityOpt ?? []) lines.push(`    # remove every security_opt entry that starts with ${prefix}`);
  if (change.restart) {
    const r = change.restart;
    lines.push(`    restart: ${yamlString(restartPolicyText(r))}`);
  }
  if (change.memory !== undefined) lines.push(`    mem_limit: ${change.memory > 0 ? change.memory : 0}`);
  const named = volumes.filter((m): m is Extract<RunMount, { type: 'volume' }> => m.type === 'volume' && !m.anonymous);
  if (named.length > 0) {
    lines.push('volumes:');
    for (const m of named) lines.push(`  ${yamlString(m.name)}:`, `    name: ${yamlString(m.name)}`, '    external: true');
  }
  return lines.join('\n');
}

/** `docker compose -p <project> -f <file>… <args>`, from the directory the files are relative to when they are. */
export function composeCommand(compose: ComposeInfo, args: readonly string[]): string {
  const words = ['docker', 'compose', '-p', compose.project, ...compose.configFiles.flatMap((f) => ['-f', f]), ...args];
  const line = words.map(shellQuote).join(' ');
  const relative = compose.configFiles.some((f) => !path.isAbsolute(f));
  return relative && compose.workingDir ? `cd ${shellQuote(compose.workingDir)} && ${line}` : line;
}

/** Change a compose service: the lines for its entry, then `up -d <service>`, which recreates what changed. */
export function recreateComposeSteps(compose: ComposeInfo, change: RunChange, options: { force?: boolean } = {}): Step[] {
  const steps: Step[] = [];
  const says = (v: unknown): boolean =>
    typeof v === 'number' ||
    (typeof v === 'string' && v !== '') ||
    (Array.isArray(v) ? v.length > 0 : Boolean(v) && typeof v === 'object' && Object.keys(v as object).length > 0);
  const hasChange = Object.values(change).some(says);
  if (hasChange) steps.push({ where: 'compose', run: composeSnippet(compose, change) });
  const up = ['up', '-d', ...(options.force ? ['--force-recreate'] : []), compose.service];
  steps.push({ where: 'host', run: composeCommand(compose, up) });
  return steps;
}
