// Small constructors so that every check builds findings the same way.

import type { Sourced } from '../facts/types.ts';
import type { Cause, CheckId, EvidenceItem, Finding, FindingStatus, Step } from './types.ts';

export const docsFor = (id: CheckId): string => `docs/checks/${id}.md`;

/** The cause words after the check id (`ok`, `token-rejected`): lower-case words joined by `-`. */
const CAUSE_WORDS = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** `<check id>/<cause>`: the stable code state and status are derived from (CONTRACT §4). */
export function causeOf(id: CheckId, cause: string): Cause {
  if (!CAUSE_WORDS.test(cause)) throw new Error(`cause "${cause}" of ${id} is not lower-case words joined by -`);
  return `${id}/${cause}`;
}

export function finding(
  id: CheckId,
  status: FindingStatus,
  cause: string,
  summary: string,
  evidence: Record<string, EvidenceItem> = {},
  remedy?: string,
  steps: Step[] = [],
): Finding {
  const result: Finding = { id, status, cause: causeOf(id, cause), summary, evidence, steps, docs: docsFor(id) };
  if (remedy !== undefined) result.remedy = remedy;
  // Field order of the report: remedy before steps.
  return remedy !== undefined ? { id, status, cause: result.cause, summary, evidence, remedy, steps, docs: result.docs } : result;
}

/** A skip always says why: its cause names the reason, its summary says it. */
export const skip = (id: CheckId, cause: string, reason: string, evidence: Record<string, EvidenceItem> = {}): Finding =>
  finding(id, 'skip', cause, reason, evidence);

export const ev = (value: unknown, source: string): EvidenceItem => ({ value, source });

export const evSourced = (s: Sourced<unknown>): EvidenceItem => ev(s.value, s.detail ? `${s.source}: ${s.detail}` : s.source);

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s}s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.round(m / 60);
  return h < 48 ? `${h}h` : `${Math.round(h / 24)}d`;
}
