// What changed between two reports, as the log events of CONTRACT §8: a node's state or status, and each
// finding whose status changed, the engine's own (docker.api, agent.discovery: a named target that
// disappears or comes back) included. On the first pass every non-pass finding is news. Pure.

import type { LogEvent } from '../log/logger.ts';
import type { Report } from '../diagnosis/diagnose.ts';
import type { Finding } from '../checks/types.ts';

/** The componentId of engine-level findings in `Report.checks` (CONTRACT §6). */
const ENGINE = 'docker';

export function changes(previous: Report | undefined, next: Report, engineFindings: readonly Finding[] = []): LogEvent[] {
  const events: LogEvent[] = engineChanges(previous, next, engineFindings);
  for (const node of next.nodes) {
    const name = node.container.name;
    const before = previous?.nodes.find((n) => n.container.id === node.container.id);
    if (!before || before.state !== node.state || before.status !== node.status) {
      events.push({
        event: 'node.state',
        node: name,
        from: before?.state ?? null,
        to: node.state,
        status: node.status,
        cause: node.cause,
        output: nodeOutput(node),
      });
    }
    for (const f of node.findings) {
      const old = before?.findings.find((x) => x.id === f.id);
      const news = before ? old?.status !== f.status : f.status !== 'pass';
      if (!news) continue;
      const entry: LogEvent = { event: 'finding', node: name, check: f.id, status: f.status, cause: f.cause, summary: f.summary };
      if (f.remedy && (f.status === 'fail' || f.status === 'warn')) entry.remedy = f.remedy;
      events.push(entry);
    }
  }
  return events;
}

const engineDown = (report: Report): boolean => engineEntry(report, 'docker.api')?.status === 'fail';
const engineEntry = (report: Report, check: string) =>
  report.checks[check as keyof Report['checks']]?.find((e) => e.componentId === ENGINE);

/**
 * Engine-level findings whose status changed. While the engine is gone every one of them fails with it:
 * that is told once by docker.unreachable / docker.recovered (the watcher), so here it is no news, and
 * after a recovery the engine's findings are news as on a first pass.
 */
function engineChanges(previous: Report | undefined, next: Report, engineFindings: readonly Finding[]): LogEvent[] {
  if (engineDown(next)) return [];
  const baseline = previous && !engineDown(previous) ? previous : undefined;
  const events: LogEvent[] = [];
  for (const check of Object.keys(next.checks)) {
    const now = engineEntry(next, check);
    if (!now) continue;
    const news = baseline ? engineEntry(baseline, check)?.status !== now.status : now.status !== 'pass';
    if (!news) continue;
    const found = engineFindings.find((f) => f.id === check);
    const entry: LogEvent = {
      event: 'finding',
      node: ENGINE,
      check,
      status: now.status,
      ...(found ? { cause: found.cause } : {}),
      summary: now.output,
    };
    const remedy = found?.remedy;
    if (remedy && now.status !== 'pass') entry.remedy = remedy;
    events.push(entry);
  }
  return events;
}

function nodeOutput(node: Report['nodes'][number]): string {
  const worst = node.findings.find((f) => f.status === 'fail') ?? node.findings.find((f) => f.status === 'warn');
  return worst ? `${node.state}: ${worst.summary}` : node.state;
}
