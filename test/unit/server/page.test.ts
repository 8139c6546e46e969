// The status page renderer (CONTRACT §14): every node state shown, every value escaped, no inline script or
// style, nothing from another origin.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, renderStartingPage, renderStatusPage } from '../../../src/server/page.ts';
import { History } from '../../../src/history/history.ts';
import { NODE_STATES } from '../../../src/diagnosis/state.ts';
import { HOSTILE, HOSTILE_ALL, reportInEveryState } from './page-reports.ts';
import { reliability } from '../../reliability/record.ts';

const META = { version: '1.2.3', now: new Date('2026-12-04T16:30:00Z') };

/** Every start tag in the document, with its attributes. */
const tags = (doc: string): string[] => [...doc.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)].map((m) => m[0]);

function assertInert(doc: string): void {
  for (const tag of tags(doc)) {
    assert.doesNotMatch(tag, /\son\w+\s*=/i, `an event handler attribute: ${tag}`);
    assert.doesNotMatch(tag, /^<(img|svg|iframe|object|embed|base|form|style)\b/i, `an element no value may create: ${tag}`);
    assert.doesNotMatch(tag, /javascript:/i, `a javascript: URL in ${tag}`);
    assert.doesNotMatch(tag, /\sstyle\s*=/i, `an inline style in ${tag}`);
  }
  const scripts = tags(doc).filter((t) => /^<script\b/i.test(t));
  assert.deepEqual(scripts, ['<script src="/assets/page.js" defer>'], "the only script is the doctor's own asset");
  assert.doesNotMatch(doc, /<script\b[^>]*>[^<]+<\/script>/i, 'no inline script body');
  assert.doesNotMatch(doc, /(src|href)="(https?:)?\/\/(?!learn\.netdata\.cloud)/i, 'nothing loaded from another origin');
}

describe('status page renderer', () => {
  it('escapeHtml escapes the five characters that matter', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('shows every node state with its name, image, version, Cloud view and findings', () => {
    const report = reportInEveryState({ withCloud: true });
    const doc = renderStatusPage(report, undefined, META);
    assertInert(doc);
    for (const state of NODE_STATES) {
      assert.ok(doc.includes(`ncd-page-${state}`), state);
      assert.ok(doc.includes(`<b class="state">${state}</b>`), state);
    }
    assert.match(doc, /<code>netdata\/netdata:v2\.10\.4<\/code>/);
    assert.match(doc, /Offline <span class="how">\(measured: asked Netdata Cloud\)/, 'cloud.shows measured');
    assert.match(doc, /Offline <span class="how">\(inferred from the agent\)/, 'cloud.shows inferred');
    assert.match(doc, /view of indirect <span class="how">\(inferred/, 'the cloudView when cloud is absent');
    assert.match(doc, /remedy for banned/);
    assert.match(doc, /<pre class="copy"><code>docker restart node-4<\/code><\/pre>/, 'steps as copyable blocks');
    assert.match(doc, /engine 27\.5 up/, 'the engine findings');
    assert.match(doc, /2 candidates/);
    assert.match(doc, /<meta name="viewport"/);
    assert.match(doc, /<link rel="stylesheet" href="\/assets\/page.css">/);
    assert.match(doc, /<noscript><meta http-equiv="refresh"/, 'refreshes without JavaScript');
  });

  it('a finding without steps still renders (steps are optional)', () => {
    const report = reportInEveryState();
    const node = report.nodes.find((n) => n.state === 'live')!;
    node.status = 'warn';
    node.findings = [
      { id: 'agent.version', status: 'warn', summary: 'old agent', evidence: {}, docs: '' } as unknown as (typeof node.findings)[number],
    ];
    const doc = renderStatusPage({ ...report, nodes: [node] }, undefined, META);
    assert.match(doc, /old agent/);
    assert.doesNotMatch(doc, /class="steps"/);
  });

  it('hostile values from containers and agents are text, in every field', (t) => {
    const observed = reliability(t, {
      area: 'input',
      tried:
        'a report whose every container- and agent-supplied string (name, image, version, Cloud view, summaries, remedies, ' +
        'steps, causes, docs URL, engine output, history) is markup: <img onerror>, <script>, attribute breakouts, ' +
        'javascript: URLs',
      expected:
        "the rendered page holds none of them as markup: no event handler, no injected element, one script (the doctor's " +
        'own); each shows as escaped text',
    });
    const report = reportInEveryState({ hostile: true, withCloud: true });
    const history = new History();
    history.observe(report, new Date('2026-12-04T16:00:00Z'));
    const doc = renderStatusPage(report, history, { ...META, version: HOSTILE_ALL });
    assertInert(doc);
    for (const value of Object.values(HOSTILE)) assert.ok(doc.includes(escapeHtml(value)), `shown escaped: ${value}`);
    assert.ok(!doc.includes(HOSTILE.img) && !doc.includes(HOSTILE.script) && !doc.includes('<svg'), 'never raw');
    const shown = doc.split(escapeHtml(HOSTILE.img)).length - 1;
    observed(`${tags(doc).length} tags, none with a handler or injected element; ${shown} escaped <img> strings shown as text`);
  });

  it("shows each node's history as a timeline, newest first, capped with a link to /history", () => {
    const report = reportInEveryState();
    const history = new History();
    const node = report.nodes[0]!;
    for (let i = 0; i < 30; i++) {
      node.state = i % 2 ? 'offline' : 'live';
      node.status = i % 2 ? 'fail' : 'pass';
      history.observe({ ...report, nodes: [node] }, new Date(Date.UTC(2026, 11, 4, 10, i)));
    }
    const doc = renderStatusPage(report, history, META);
    const section = doc.slice(doc.indexOf('id="node-0"'), doc.indexOf('id="node-1"'));
    const times = [...section.matchAll(/<time datetime="([^"]+)"/g)].map((m) => m[1]!);
    assert.equal(times.length, 20);
    assert.equal(times[0], '2026-12-04T10:29:00.000Z');
    assert.deepEqual([...times].sort().reverse(), times);
    assert.match(section, /10 older change\(s\) in <a href="\/history">/);
    assert.match(section, /live → <b>offline<\/b>/);
    assert.doesNotMatch(section, /first seen/, 'the first sighting is among the older changes');
  });

  it('before the first pass: a page that says the first diagnosis is running', () => {
    const doc = renderStartingPage(META);
    assert.match(doc, /first diagnosis is running/);
    assertInert(doc);
  });

  it('no nodes: says so, and is the same bytes for the same input (pure)', () => {
    const report = { ...reportInEveryState(), nodes: [] };
    assert.match(renderStatusPage(report, undefined, META), /no agent found/);
    assert.equal(renderStatusPage(report, undefined, META), renderStatusPage(report, undefined, META));
  });
});
