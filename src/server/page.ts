// The status page for people (CONTRACT §14): a pure function of the last report and the history → one HTML
// document. Every value goes through the `html` tag, which escapes each interpolation unless it is markup this
// file built itself: a container named `<img src=x onerror=alert(1)>` is shown as text. No inline script,
// no inline style, nothing from another origin; /assets/page.css styles it, /assets/page.js (optional) adds
// copy buttons and refresh. Without JavaScript a <noscript> meta refresh reloads it.

import type { NodeReport, Report } from '../diagnosis/diagnose.ts';
import type { Finding, Step } from '../checks/types.ts';
import type { Transition } from '../history/history.ts';
import { STATE_WORDS } from '../history/history.ts';

/** Markup built here; anything else interpolated into `html` is escaped. */
class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: unknown): string => String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);

type Part = Markup | string | number | null | undefined | readonly Part[];

function flatten(part: Part): string {
  if (part === null || part === undefined) return '';
  if (part instanceof Markup) return part.text;
  if (Array.isArray(part)) return (part as readonly Part[]).map(flatten).join('');
  return escapeHtml(part);
}

function html(strings: TemplateStringsArray, ...values: Part[]): Markup {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += flatten(values[i]) + strings[i + 1]!;
  return new Markup(out);
}

/** What the page needs besides the report; `now` is when it is rendered. */
export interface PageMeta {
  version: string;
  now: Date;
  /** Seconds between refreshes (the meta refresh without JavaScript, the script's poll with it). */
  refreshSeconds?: number;
}

/** What history the page reads: one node's transitions, newest first. */
export interface PageHistory {
  of(name: string): readonly Transition[];
}

/** The Cloud view as the report may carry it (CONTRACT §12): measured from Cloud's API, or inferred. */
interface CloudShown {
  shows?: string;
  source?: string;
}

const TIMELINE = 20;
const STATUS_WORDS = { pass: 'OK', warn: 'Warning', fail: 'Problem', skip: 'skipped' } as const;
const WHERE_WORDS: Record<Step['where'], string> = {
  host: 'on the Docker host',
  agent: 'on the Docker host (runs inside the agent)',
  compose: 'in the compose file',
};

const utc = (d: Date | string): string => {
  const date = typeof d === 'string' ? new Date(d) : d;
  return Number.isNaN(date.getTime()) ? String(d) : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
};
const time = (iso: string) => html`<time datetime="${iso}">${utc(iso)}</time>`;
const badge = (status: keyof typeof STATUS_WORDS) => html`<span class="badge s-${status}">${STATUS_WORDS[status]}</span>`;

/** `cloud` is in the report schema (CONTRACT §12) before NodeReport carries it: read it where present. */
const cloudOf = (node: NodeReport): CloudShown | undefined => (node as NodeReport & { cloud?: CloudShown }).cloud;

function cloudLine(node: NodeReport): Markup {
  const cloud = cloudOf(node);
  if (cloud?.shows) {
    const how = cloud.source === 'cloud-api' ? 'measured: asked Netdata Cloud' : 'inferred from the agent';
    return html`${cloud.shows} <span class="how">(${how})</span>`;
  }
  return html`${node.cloudView} <span class="how">(inferred from the agent)</span>`;
}

function steps(list: readonly Step[] | undefined): Markup {
  if (!list || list.length === 0) return html``;
  // No whitespace inside <pre>: what is copied is exactly `run`.
  const item = (s: Step) => html`<li><span class="where">${WHERE_WORDS[s.where] ?? s.where}</span>
<pre class="copy"><code>${s.run}</code></pre></li>`;
  return html`<ol class="steps">${list.map(item)}</ol>`;
}

function finding(f: Finding): Markup {
  return html`<li class="finding s-${f.status}">
<p class="summary">${badge(f.status)} <code class="check">${f.id}</code> ${f.summary}</p>
${f.remedy ? html`<p class="remedy"><b>What to do:</b> ${f.remedy}</p>` : ''}${steps(f.steps)}
${f.cause ? html`<p class="cause">cause <code>${f.cause}</code>${docsLink(f.docs)}</p>` : ''}
</li>`;
}

/** Only http(s) links become links; the docs URL comes from the doctor, but nothing else may become script. */
function docsLink(url: string): Markup {
  if (!/^https?:\/\//i.test(url)) return html``;
  return html` · <a href="${url}" rel="noreferrer noopener">docs</a>`;
}

function timeline(list: readonly Transition[]): Markup {
  if (list.length === 0) return html`<p class="muted">No change recorded yet.</p>`;
  const shown = list.slice(0, TIMELINE);
  const item = (t: Transition) => html`<li class="s-${t.status}">${time(t.time)}
<span class="change">${t.from ?? 'first seen'} → <b>${t.to}</b></span> ${badge(t.status)}
<span class="tsummary">${t.summary}</span>${t.cause ? html` <code class="check">${t.cause}</code>` : ''}</li>`;
  const older = list.length - TIMELINE;
  return html`<ol class="timeline">${shown.map(item)}</ol>
${older > 0 ? html`<p class="muted">${older} older change(s) in <a href="/history">/history</a>.</p>` : ''}`;
}

function nodeSection(node: NodeReport, history: PageHistory | undefined, index: number): Markup {
  const problems = node.findings.filter((f) => f.status === 'fail' || f.status === 'warn');
  problems.sort((a, b) => (a.status === b.status ? 0 : a.status === 'fail' ? -1 : 1));
  const version = node.agent.version ?? 'unknown';
  return html`<article class="node s-${node.status}" id="node-${index}" aria-labelledby="node-${index}-name">
<h2><span class="name" id="node-${index}-name">${node.container.name}</span> ${badge(node.status)}</h2>
<dl class="facts">
<dt>State</dt><dd><b class="state">${node.state}</b> — ${STATE_WORDS[node.state] ?? ''}</dd>
<dt>Netdata Cloud shows</dt><dd class="cloud">${cloudLine(node)}</dd>
<dt>Image</dt><dd><code>${node.container.image}</code></dd>
<dt>Agent version</dt><dd><code>${version}</code>${node.agent.generation ? html` (v${node.agent.generation} agent)` : ''}</dd>
</dl>
${
  problems.length > 0
    ? html`<h3>Findings</h3><ul class="findings">${problems.map(finding)}</ul>`
    : html`<p class="allgood">Every check passed or had nothing to judge.</p>`
}
${
  history
    ? html`<details class="history" open><summary>Recent changes</summary>
${timeline(history.of(node.container.name))}</details>`
    : ''
}
</article>`;
}

/** One line per node at the top, each a link to its section: many nodes stay readable. */
function overview(nodes: readonly NodeReport[]): Markup {
  if (nodes.length < 2) return html``;
  const row = (n: NodeReport, i: number) => html`<tr class="s-${n.status}">
<td>${badge(n.status)} <a href="#node-${i}">${n.container.name}</a></td>
<td>${n.state}</td><td>${cloudOf(n)?.shows ?? n.cloudView}</td></tr>`;
  return html`<nav class="overview" aria-label="Nodes"><table>
<thead><tr><th>Node</th><th>State</th><th>Netdata Cloud shows</th></tr></thead>
<tbody>${nodes.map(row)}</tbody></table></nav>`;
}

function engineSection(report: Report): Markup {
  const entries = (['docker.api', 'agent.discovery'] as const).flatMap((id) =>
    (report.checks[id] ?? []).filter((e) => e.componentId === 'docker').map((e) => ({ id, e })),
  );
  if (entries.length === 0) return html``;
  const item = ({ id, e }: (typeof entries)[number]) => html`<li class="finding s-${e.status}">
<p class="summary">${badge(e.status)} <code class="check">${id}</code> ${e.output}</p></li>`;
  return html`<section class="engine" aria-labelledby="engine-h"><h2 id="engine-h">Docker engine</h2>
<ul class="findings">${entries.map(item)}</ul></section>`;
}

function page(title: string, status: keyof typeof STATUS_WORDS | 'starting', body: Markup, meta: PageMeta): string {
  const refresh = meta.refreshSeconds ?? 30;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="stylesheet" href="/assets/page.css">
<script src="/assets/page.js" defer></script>
<noscript><meta http-equiv="refresh" content="${refresh}"></noscript>
</head>
<body class="overall-${status}" data-refresh="${refresh}">
${body}
<footer><p>netdata-cloud-doctor ${meta.version} · page rendered ${time(meta.now.toISOString())} ·
JSON: <a href="/health">/health</a> · <a href="/history">/history</a> · <a href="/metrics">/metrics</a></p></footer>
</body></html>
`.text;
}

/** The page before the first pass has finished. */
export function renderStartingPage(meta: PageMeta): string {
  const body = html`<header class="overall"><h1>Netdata Cloud doctor</h1>
<p class="lead">The first diagnosis is running; this page refreshes by itself.</p></header><main id="main"></main>`;
  // Sooner than the usual refresh: the first pass takes about a second.
  const refreshSeconds = Math.min(2, meta.refreshSeconds ?? 2);
  return page('Netdata Cloud doctor — first diagnosis running', 'starting', body, { ...meta, refreshSeconds });
}

/** The status page for one report and its history. Pure: same input, same bytes. */
export function renderStatusPage(report: Report, history: PageHistory | undefined, meta: PageMeta): string {
  const count = (s: NodeReport['status']) => report.nodes.filter((n) => n.status === s).length;
  const n = report.nodes.length;
  const tally = `${count('fail')} problem, ${count('warn')} warning, ${count('pass')} OK`;
  const counts = n === 0 ? 'no agent found' : `${n} node${n === 1 ? '' : 's'}: ${tally}`;
  const body = html`<header class="overall s-${report.status}"><h1>Netdata Cloud doctor ${badge(report.status)}</h1>
<p class="lead">${report.output}</p><p class="counts">${counts}</p></header>
<main id="main">
${overview(report.nodes)}
${report.nodes.map((n, i) => nodeSection(n, history, i))}
${engineSection(report)}
</main>`;
  return page(`${STATUS_WORDS[report.status]} — Netdata Cloud doctor`, report.status, body, meta);
}
