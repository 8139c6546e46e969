// The human report of `check`: one block per node, worst first, each finding with its fix.
// Colour only where the stream is a terminal (util.styleText checks the stream and NO_COLOR).

import { styleText } from 'node:util';
import type { Diagnosis, NodeReport } from '../diagnosis/diagnose.ts';
import type { Finding, FindingStatus } from '../checks/types.ts';

type Style = 'green' | 'yellow' | 'red' | 'gray' | 'bold' | 'cyan';

const MARK: Record<FindingStatus, { mark: string; style: Style }> = {
  pass: { mark: '✓', style: 'green' },
  warn: { mark: '!', style: 'yellow' },
  fail: { mark: '✗', style: 'red' },
  skip: { mark: '-', style: 'gray' },
};
const ORDER: Record<FindingStatus, number> = { fail: 0, warn: 1, skip: 2, pass: 3 };

/**
 * Makes text from containers (env values, labels, log lines, agent answers) safe for a terminal: C0 and C1
 * controls, DEL, and the bidirectional overrides that can reorder what is shown become visible escapes, so
 * no value can move the cursor, recolour, retitle the terminal or hide text. Only our own newlines and
 * colours reach the terminal raw.
 */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

export function renderHuman(diagnosis: Diagnosis, stream: NodeJS.WriteStream, engineLine: string): string {
  const paint = (style: Style | Style[], text: string) => styleText(style, terminalSafe(text), { stream });
  const lines: string[] = [paint('bold', `netdata-cloud-doctor — ${engineLine}`), ''];

  const findingLines = (f: Finding, indent: string) => {
    const { mark, style } = MARK[f.status];
    const out = [
      `${indent}${paint(style, mark)} ${paint('bold', f.id.padEnd(20))} ${f.status === 'skip' ? paint('gray', `skipped: ${f.summary}`) : terminalSafe(f.summary)}`,
    ];
    if (f.remedy && (f.status === 'fail' || f.status === 'warn'))
      out.push(`${indent}    ${paint('cyan', 'fix:')} ${terminalSafe(f.remedy)}`);
    if (f.steps.length > 0 && (f.status === 'fail' || f.status === 'warn')) out.push(...stepLines(f, `${indent}    `, paint));
    if (f.status === 'fail' || f.status === 'warn') out.push(`${indent}    ${paint('gray', `docs: ${f.docs}`)}`);
    return out;
  };

  for (const f of diagnosis.engineFindings) if (f.status !== 'pass') lines.push(...findingLines(f, ''));
  if (diagnosis.engineFindings.some((f) => f.status !== 'pass')) lines.push('');

  const nodes = [...diagnosis.report.nodes].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  for (const node of nodes) lines.push(...renderNode(node, paint, findingLines), '');

  const { status, output } = diagnosis.report;
  lines.push(`${paint(['bold', MARK[status].style], status.toUpperCase())}  ${terminalSafe(output)}`);
  return `${lines.join('\n')}\n`;
}

function renderNode(
  node: NodeReport,
  paint: (style: Style | Style[], text: string) => string,
  findingLines: (f: Finding, indent: string) => string[],
): string[] {
  const version = node.agent.version ? `${node.agent.version}` : 'version unknown';
  const head = `${paint(['bold', MARK[node.status].style], node.status.toUpperCase().padEnd(4))}  ${paint('bold', node.container.name)}  (${terminalSafe(`${node.container.image}, ${version}`)})`;
  const measured =
    node.cloud.source === 'cloud-api'
      ? `measured by the Cloud API${node.cloud.fetchedAt ? ` at ${node.cloud.fetchedAt}` : ''}`
      : "inferred from the agent's side";
  const lines = [
    head,
    `      state: ${paint('bold', node.state)} (${terminalSafe(node.cause)}) · Netdata Cloud shows: ${terminalSafe(node.cloud.source === 'cloud-api' ? node.cloud.shows : node.cloudView)} (${measured})`,
  ];
  const findings = [...node.findings].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  for (const f of findings) lines.push(...findingLines(f, '      '));
  return lines;
}

/**
 * A finding's steps as a block to copy: host commands as they are, agent steps (whole `docker exec` lines)
 * likewise, compose lines under a comment naming them; each block between blank-free markers so a person can
 * select it whole.
 */
function stepLines(f: Finding, indent: string, paint: (style: Style | Style[], text: string) => string): string[] {
  const out = [`${indent}${paint('cyan', 'steps:')}`];
  f.steps.forEach((step, i) => {
    const label = step.where === 'compose' ? 'in the compose file:' : step.where === 'agent' ? 'inside the agent:' : 'on the host:';
    out.push(`${indent}  ${paint('gray', `${i + 1}. ${label}`)}`);
    // Each line of the step as its own line: a multi-line command or YAML block stays copyable.
    for (const line of step.run.split('\n')) out.push(`${indent}     ${terminalSafe(line)}`);
  });
  return out;
}
