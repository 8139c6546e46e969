// What changed between two reports, as the log events of CONTRACT §8: a node's state or status, and each
// finding whose status changed. On the first pass every non-pass finding is news. Pure.

import type { LogEvent } from '../log/logger.ts';
import type { Report } from '../diagnosis/diagnose.ts';

export function changes(previous: Report | undefined, next: Report): LogEvent[] {
  const events: LogEvent[] = [];
  for (const node of next.nodes) {
    const name = node.container.name;
    const before = previous?.nodes.find((n) => n.container.id === node.container.id);
    if (!before || before.state !== node.state || before.status !== node.status) {
      events.push({ event: 'node.state', node: name, from: before?.state ?? null, to: node.state, status: node.status, output: nodeOutput(node) });
    }
    for (const f of node.findings) {
      const old = before?.findings.find((x) => x.id === f.id);
      const news = before ? old?.status !== f.status : f.status !== 'pass';
      if (!news) continue;
      const entry: LogEvent = { event: 'finding', node: name, check: f.id, status: f.status, summary: f.summary };
      if (f.remedy && (f.status === 'fail' || f.status === 'warn')) entry.remedy = f.remedy;
      events.push(entry);
    }
  }
  return events;
}

function nodeOutput(node: Report['nodes'][number]): string {
  const worst = node.findings.find((f) => f.status === 'fail') ?? node.findings.find((f) => f.status === 'warn');
  return worst ? `${node.state}: ${worst.summary}` : node.state;
}
