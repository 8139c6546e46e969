// Small constructors so that every check builds findings the same way.

import type { Sourced } from '../facts/types.ts';
import type { CheckId, EvidenceItem, Finding, FindingStatus } from './types.ts';

export const docsFor = (id: CheckId): string => `docs/checks/${id}.md`;

export function finding(
  id: CheckId,
  status: FindingStatus,
  summary: string,
  evidence: Record<string, EvidenceItem> = {},
  remedy?: string,
): Finding {
  const result: Finding = { id, status, summary, evidence, docs: docsFor(id) };
  if (remedy !== undefined) result.remedy = remedy;
  return result;
}

/** A skip always says why. */
export const skip = (id: CheckId, reason: string, evidence: Record<string, EvidenceItem> = {}): Finding =>
  finding(id, 'skip', reason, evidence);

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
