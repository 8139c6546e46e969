// What a notification says (CONTRACT §13): the event as JSON (the generic webhook's body) and, from it, the
// one-line headline and the plain-text body every other target renders in its own format.

import type { Step } from '../checks/types.ts';

export const NOTIFY_EVENTS = ['node.problem', 'node.recovered', 'node.flapping', 'notify.test'] as const;
export type NotifyEventName = (typeof NOTIFY_EVENTS)[number];

/** The event as sent to a generic webhook, and the source of every other rendering. */
export interface NotifyEvent {
  event: NotifyEventName;
  node: string;
  /** The Docker host's name (engine /info Name, or the doctor's host name). */
  host: string;
  /** Node state before → now (`null` when the doctor never saw another). */
  from: string | null;
  to: string;
  status: 'pass' | 'warn' | 'fail';
  /** ISO time: when the problem began (problem, flapping) or when the node recovered. */
  since: string;
  cause: string;
  summary: string;
  remedy: string | null;
  steps: Step[];
  /** What Netdata Cloud shows for the node (`Live`, `Offline`, …). */
  cloudShows: string;
  /** The status page (DOCTOR_PUBLIC_URL), or null when not configured. */
  statusPage: string | null;
  /** node.flapping: problems in the last 30 minutes. */
  count?: number;
  /** ISO time the event was decided. */
  at: string;
}

export interface NotifyMessage {
  event: NotifyEvent;
  /** One line: the e-mail subject, the Slack/Discord/ntfy/Apprise title. */
  title: string;
  /** Plain text, several lines. */
  text: string;
  severity: 'problem' | 'recovered' | 'info';
}

const arrow = (from: string | null, to: string) => `${from ?? 'new'} → ${to}`;

export function headline(e: NotifyEvent): string {
  switch (e.event) {
    case 'node.problem':
      return `${e.node} on ${e.host}: ${arrow(e.from, e.to)}: ${e.summary}`;
    case 'node.recovered':
      return `${e.node} on ${e.host} recovered: ${arrow(e.from, e.to)}`;
    case 'node.flapping':
      return `${e.node} on ${e.host} is flapping: ${e.count ?? 0} problems in 30 minutes`;
    default:
      return `netdata-cloud-doctor test notification from ${e.host}`;
  }
}

/** Keeps one line short enough for every target's title field. */
const oneLine = (text: string, max = 250) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

export function renderMessage(e: NotifyEvent): NotifyMessage {
  const lines: string[] = [];
  if (e.event === 'notify.test') {
    lines.push('This is a test from netdata-cloud-doctor notify-test: this target is configured correctly.', `Host: ${e.host}`);
  } else {
    lines.push(`Node: ${e.node} (Docker host ${e.host})`);
    lines.push(`State: ${arrow(e.from, e.to)} (${e.status}) since ${e.since}`);
    if (e.event === 'node.flapping') {
      lines.push(`Problems in the last 30 minutes: ${e.count ?? 0}. No more notices until it is stable for 30 minutes.`);
    }
    lines.push(`Netdata Cloud shows: ${e.cloudShows}`);
    lines.push(`Cause: ${e.cause}`, `Summary: ${e.summary}`);
    if (e.remedy) lines.push(`Remedy: ${e.remedy}`);
    if (e.steps.length > 0) {
      lines.push('Steps:');
      for (const step of e.steps) lines.push(`  [${step.where}] ${step.run}`);
    }
  }
  if (e.statusPage) lines.push(`Status page: ${e.statusPage}`);
  const severity = e.event === 'node.recovered' ? 'recovered' : e.event === 'notify.test' ? 'info' : 'problem';
  return { event: e, title: oneLine(headline(e)), text: lines.join('\n'), severity };
}
