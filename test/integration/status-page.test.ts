// The status page (CONTRACT §14) in a real headless browser (Debian's Chromium over the DevTools protocol):
// every node state, hostile strings shown as text and never run, JavaScript off, a phone in dark mode, copy
// buttons, nothing from another origin. First from stored reports served by createHttpServer in-process (every
// state, including those the engine cannot produce here), then the real `serve` binary watching fake agents
// whose API answers and labels carry markup, with its history kept in DOCTOR_STATE_DIR across a restart.
// Screenshots go to .cache/artifacts/ for people to look at.

import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createHttpServer } from '../../src/server/http.ts';
import { Metrics } from '../../src/server/metrics.ts';
import { History } from '../../src/history/history.ts';
import { NODE_STATES } from '../../src/diagnosis/state.ts';
import type { Report } from '../../src/diagnosis/diagnose.ts';
import { Browser, findChromium, saveArtifact, type Page } from './browser.ts';
import { HOSTILE, reportInEveryState } from '../unit/server/page-reports.ts';
import { REPO, freePort, serveEnv, spawnServe, until } from './harness.ts';
import { assertFakeImages, removeFakeResources, startFakeAgent, type FakeAgent } from '../testbed/fakes.ts';
import { docker } from '../testbed/scenarios.ts';
import { reliability } from '../reliability/record.ts';

const chromium = findChromium();
/** Outside CI a machine without Chromium skips with the reason; in CI (CI=true) it fails. */
function needBrowser(t: TestContext): boolean {
  if (typeof chromium === 'string') return true;
  if (process.env['CI']) assert.fail(chromium.missing);
  t.skip(chromium.missing);
  return false;
}

/** What a person sees of the page, read in the browser. */
interface Seen {
  nodes: { name: string; text: string }[];
  buttons: number;
  copyBlocks: number;
  injected: number;
  scripts: string[];
  text: string;
  title: string;
}

const SEEN = `(() => ({
  nodes: [...document.querySelectorAll('article.node')].map((a) => ({ name: a.querySelector('.name').textContent, text: a.innerText })),
  buttons: document.querySelectorAll('button.copy').length,
  copyBlocks: document.querySelectorAll('pre.copy').length,
  injected: document.querySelectorAll('img, svg, iframe, object, embed, body script:not([src]), [onerror], [onload]').length,
  scripts: [...document.scripts].map((s) => s.getAttribute('src') ?? 'inline'),
  text: document.body.innerText,
  title: document.title,
}))()`;

/** GET /history. */
interface HistoryJson {
  nodes: Record<string, { time: string; from: string | null; to: string; status: string; summary: string }[]>;
}

function assertSameOrigin(page: Page, origin: string): void {
  const foreign = page.record.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && u !== 'about:blank');
  assert.deepEqual(foreign, [], 'no request to another origin');
}

describe('status page in Chromium: stored reports (every state, hostile strings)', () => {
  let browser: Browser | undefined;
  let server: Server;
  let origin: string;
  let current: Report | undefined;
  const history = new History();

  before(async () => {
    if (typeof chromium === 'string') browser = await Browser.launch(chromium);
    const metrics = new Metrics();
    server = createHttpServer({ report: () => current, releaseId: 'test', metrics, history });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('before the first pass: 200, "first diagnosis running"', async (t) => {
    if (!needBrowser(t)) return;
    current = undefined;
    const page = await browser!.newPage();
    await page.goto(`${origin}/`);
    const seen = await page.evaluate<Seen>(SEEN);
    assert.match(seen.text, /first diagnosis is running/);
    assert.equal(seen.nodes.length, 0);
    await page.close();
  });

  test('every node state: name, state, Cloud view, findings with remedy and copyable steps, history; the engine findings', async (t) => {
    if (!needBrowser(t)) return;
    const report = reportInEveryState({ withCloud: true });
    // A history with two changes per node: first sighting (unknown, fail), then the state shown.
    const before = structuredClone(report);
    for (const n of before.nodes) {
      n.state = 'unknown';
      n.status = 'fail';
    }
    history.observe(before, new Date('2026-12-04T15:00:00Z'));
    history.observe(report, new Date('2026-12-04T15:05:00Z'));
    current = report;
    const page = await browser!.newPage({ width: 1200, height: 900 });
    await page.goto(`${origin}/`);
    const seen = await page.evaluate<Seen>(SEEN);
    assert.deepEqual(
      seen.nodes.map((n) => n.name),
      NODE_STATES.map((s) => `ncd-page-${s}`),
    );
    for (const [i, state] of NODE_STATES.entries()) {
      const text = seen.nodes[i]!.text;
      assert.match(text, new RegExp(`State\\s+${state}\\b`), state);
      assert.match(text, /Netdata Cloud shows\s+\S/, state);
      assert.match(text, /netdata\/netdata:v2\.10\.4/);
      const timeline = new RegExp(`Recent changes[\\s\\S]*unknown → ${state}[\\s\\S]*first seen → unknown`);
      assert.match(text, timeline, `${state}: its timeline`);
      if (report.nodes[i]!.status !== 'pass') assert.match(text, new RegExp(`What to do: remedy for ${state}`), state);
    }
    assert.match(seen.nodes[0]!.text, /\(measured: asked Netdata Cloud\)/);
    assert.match(seen.text, /Docker engine[\s\S]*engine 27\.5 up/);
    assert.ok(seen.copyBlocks > 0);
    assert.equal(seen.buttons, seen.copyBlocks, 'a copy button on every step');
    assert.equal(seen.injected, 0);
    assert.deepEqual(page.record.dialogs, []);
    assert.deepEqual(page.record.consoleErrors, [], 'no CSP violation, no script error');
    assertSameOrigin(page, origin);
    const file = saveArtifact('status-page.png', await page.screenshot());
    t.diagnostic(`screenshot: ${path.relative(REPO, file)}`);
    await page.close();
  });

  test("a copy button puts the step's exact text on the clipboard", async (t) => {
    if (!needBrowser(t)) return;
    current = reportInEveryState();
    await browser!.send('Browser.grantPermissions', { origin, permissions: ['clipboardReadWrite', 'clipboardSanitizedWrite'] });
    const page = await browser!.newPage();
    await page.goto(`${origin}/`);
    await page.send('Page.bringToFront');
    const expected = await page.evaluate<string>(`document.querySelector('pre.copy code').textContent`);
    const copied = await page.evaluate<string>(`(async () => {
      const button = document.querySelector('pre.copy button.copy');
      button.click();
      for (let i = 0; i < 100 && button.textContent === 'Copy'; i++) await new Promise((r) => setTimeout(r, 20));
      return button.textContent === 'Copied' ? navigator.clipboard.readText() : 'button says: ' + button.textContent;
    })()`);
    assert.equal(copied, expected);
    await page.close();
  });

  test('hostile strings in every field are shown as text and never run', async (t) => {
    if (!needBrowser(t)) return;
    const observed = reliability(t, {
      area: 'input',
      tried:
        'the page in Chromium for a report whose container names, images, versions, Cloud views, summaries, remedies, ' +
        'steps, causes and engine output are <img src=x onerror=alert(1)>, <script>alert(2)</script>, "><svg ' +
        'onload=alert(3)> and a javascript: URL',
      expected: 'no dialog opens, no injected element exists, the only script is /assets/page.js, each string is visible as typed',
    });
    const report = reportInEveryState({ hostile: true, withCloud: true });
    history.observe(report, new Date('2026-12-04T15:10:00Z'));
    current = report;
    for (const javascript of [true, false]) {
      const page = await browser!.newPage({ javascript });
      await page.goto(`${origin}/`);
      const seen = await page.evaluate<Seen>(SEEN);
      assert.equal(seen.injected, 0, 'no injected element');
      assert.deepEqual(seen.scripts, ['/assets/page.js']);
      for (const value of Object.values(HOSTILE)) assert.ok(seen.text.includes(value), `shown as typed: ${value}`);
      assert.ok(seen.title.length > 0);
      // A javascript: docs URL never becomes a link.
      assert.equal(await page.evaluate<number>(`[...document.links].filter((a) => a.protocol === 'javascript:').length`), 0);
      assert.deepEqual(page.record.dialogs, [], 'no dialog: nothing ran');
      const js = javascript ? 'on' : 'off';
      const scripts = JSON.stringify(seen.scripts);
      const dialogs = page.record.dialogs.length;
      observed(`JavaScript ${js}: ${seen.nodes.length} nodes, ${seen.injected} injected elements, scripts ${scripts}, ${dialogs} dialogs`);
      await page.close();
    }
  });

  test('JavaScript off: every node, its findings and steps still shown; no copy buttons (the script adds them)', async (t) => {
    if (!needBrowser(t)) return;
    current = reportInEveryState({ withCloud: true });
    const page = await browser!.newPage({ javascript: false });
    await page.goto(`${origin}/`);
    const seen = await page.evaluate<Seen>(SEEN);
    assert.equal(seen.nodes.length, NODE_STATES.length);
    assert.ok(seen.copyBlocks > 0);
    assert.equal(seen.buttons, 0);
    assert.match(seen.text, /docker restart node-2/);
    await page.close();
  });

  test('a phone in dark mode: no sideways scrolling, dark background, readable', async (t) => {
    if (!needBrowser(t)) return;
    current = reportInEveryState({ withCloud: true });
    const page = await browser!.newPage({ width: 390, height: 844, mobile: true, dark: true });
    await page.goto(`${origin}/`);
    const layout = await page.evaluate<{ scrollWidth: number; width: number; bg: string; fg: string }>(`({
      scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth,
      bg: getComputedStyle(document.body).backgroundColor, fg: getComputedStyle(document.body).color })`);
    assert.ok(layout.scrollWidth <= layout.width, `page ${layout.scrollWidth} px wide on a ${layout.width} px screen`);
    const lum = (rgb: string) =>
      rgb
        .match(/\d+/g)!
        .slice(0, 3)
        .map(Number)
        .reduce((a, b) => a + b, 0) / 3;
    assert.ok(lum(layout.bg) < 60 && lum(layout.fg) > 180, `dark: background ${layout.bg}, text ${layout.fg}`);
    saveArtifact('status-page-dark-mobile.png', await page.screenshot({ full: false }));
    await page.close();
  });

  test('with JavaScript the page refreshes in place: from "first diagnosis running" to the nodes, then a change', async (t) => {
    if (!needBrowser(t)) return;
    let live: Report | undefined;
    const quick = createHttpServer({ report: () => live, releaseId: 'test', metrics: new Metrics(), pageRefreshSeconds: 1 });
    await new Promise<void>((resolve) => quick.listen(0, '127.0.0.1', resolve));
    const quickOrigin = `http://127.0.0.1:${(quick.address() as AddressInfo).port}`;
    try {
      const page = await browser!.newPage();
      await page.goto(`${quickOrigin}/`);
      // A marker that a reload would lose: the page must change without navigating.
      await page.evaluate('window.ncdKept = true');
      live = reportInEveryState();
      const count = await until(
        'the nodes to appear',
        async () => {
          const n = await page.evaluate<number>(`document.querySelectorAll('article.node').length`);
          return n > 0 ? n : undefined;
        },
        20_000,
        100,
      );
      assert.equal(count, NODE_STATES.length);
      const changed = structuredClone(live);
      changed.nodes[0]!.state = 'offline';
      live = changed;
      const twoOffline = /State\s+offline[\s\S]*State\s+offline/;
      const shown = async () => twoOffline.test(await page.evaluate<string>('document.body.innerText'));
      await until('the change to show', async () => ((await shown()) ? true : undefined), 20_000, 100);
      assert.equal(await page.evaluate<boolean>('window.ncdKept === true'), true, 'refreshed in place, not reloaded');
      const seen = await page.evaluate<Seen>(SEEN);
      assert.equal(seen.buttons, seen.copyBlocks, 'copy buttons on the refreshed steps too');
      assert.deepEqual(page.record.consoleErrors, []);
      await page.close();
    } finally {
      await new Promise<void>((resolve) => quick.close(() => resolve()));
    }
  });

  test('headers: CSP without unsafe-inline, nosniff, no-referrer; HEAD; 405 with Allow; /history JSON; the assets', async () => {
    current = reportInEveryState();
    const res = await fetch(`${origin}/`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    const head = await fetch(`${origin}/`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
    for (const p of ['/', '/history', '/assets/page.js']) {
      const post = await fetch(`${origin}${p}`, { method: 'POST' });
      assert.equal(post.status, 405);
      assert.equal(post.headers.get('allow'), 'GET, HEAD');
    }
    const hist = await fetch(`${origin}/history`);
    assert.equal(hist.headers.get('content-type'), 'application/json');
    const doc = (await hist.json()) as HistoryJson;
    const list = doc.nodes['ncd-page-live']!;
    assert.ok(list.length >= 2);
    assert.deepEqual(
      [...list].sort((a, b) => b.time.localeCompare(a.time)),
      list,
      'newest first',
    );
    assert.equal(list.at(-1)!.from, null);
    assert.equal((await fetch(`${origin}/assets/page.css`)).headers.get('content-type'), 'text/css; charset=utf-8');
    assert.equal((await fetch(`${origin}/assets/page.js`)).headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal((await fetch(`${origin}/assets/nope.js`)).status, 404);
  });
});

describe('status page in Chromium: the real serve with fake agents (hostile API answers and labels, history kept)', () => {
  let browser: Browser | undefined;
  let doctor: ChildProcess | undefined;
  let port: number;
  let stateDir: string;
  let env: Record<string, string>;
  let live: FakeAgent;
  let hostile: FakeAgent;
  let stdout = '';

  const start = async () => {
    stdout = '';
    doctor = spawnServe(env);
    doctor.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    doctor.stderr!.on('data', (d: Buffer) => (stdout += d.toString()));
    await until('readyz', async () => ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200 ? true : undefined), 60_000);
  };
  const stop = async () => {
    if (!doctor || doctor.exitCode !== null) return;
    const exited = new Promise((resolve) => doctor!.once('exit', resolve));
    doctor.kill('SIGTERM');
    await exited;
  };

  before(async () => {
    if (typeof chromium !== 'string') return;
    await assertFakeImages();
    browser = await Browser.launch(chromium);
    // The agent's own API answers carry markup (its version, everywhere it reports it); the compose labels too,
    // and the doctor writes the compose service into its remedies.
    [live, hostile] = await Promise.all([
      startFakeAgent({ generation: 'v2', state: 'online' }),
      startFakeAgent({
        generation: 'v2',
        state: 'not-claimed',
        env: { FAKE_AGENT_VERSION: `v2.10.4${HOSTILE.img}` },
        labels: { 'com.docker.compose.project': `p${HOSTILE.script}`, 'com.docker.compose.service': `svc${HOSTILE.img}` },
      }),
    ]);
    port = await freePort();
    stateDir = mkdtempSync(path.join(tmpdir(), 'ncd-state-'));
    env = serveEnv(port, { DOCTOR_TARGETS: [live.name, hostile.name].join(','), DOCTOR_STATE_DIR: stateDir });
    await start();
  });
  after(async () => {
    if (doctor?.exitCode === null) doctor.kill('SIGKILL');
    await browser?.close();
    await removeFakeResources();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  test("markup from an agent's API and from labels is shown as text and never runs", async (t) => {
    if (!needBrowser(t)) return;
    const observed = reliability(t, {
      area: 'input',
      tried:
        'a fake agent whose API reports the version v2.10.4<img src=x onerror=alert(1)> (everywhere it reports one) and ' +
        'whose compose labels are <script>…</script> and <img onerror> markup, watched by the real serve; its page opened ' +
        'in Chromium',
      expected:
        'both nodes shown; no dialog, no injected element; the label markup (in the remedy) visible as text; the version ' +
        'shown parsed, without the markup',
    });
    const page = await browser!.newPage({ width: 1200, height: 900 });
    await page.goto(`http://127.0.0.1:${port}/`);
    const seen = await page.evaluate<Seen>(SEEN);
    assert.deepEqual(seen.nodes.map((n) => n.name).sort(), [live.name, hostile.name].sort());
    assert.equal(seen.injected, 0);
    assert.deepEqual(seen.scripts, ['/assets/page.js']);
    assert.deepEqual(page.record.dialogs, []);
    assert.deepEqual(page.record.consoleErrors, []);
    assertSameOrigin(page, `http://127.0.0.1:${port}`);
    const hostileText = seen.nodes.find((n) => n.name === hostile.name)!.text;
    assert.ok(hostileText.includes(`svc${HOSTILE.img}`), `the compose service from the label, as text:\n${hostileText}`);
    const liveText = seen.nodes.find((n) => n.name === live.name)!.text;
    assert.match(liveText, /State\s+live/);
    assert.match(hostileText, /State\s+not-claimed/);
    // The version is parsed out of the agent's answer: the markup around it never reaches the report.
    assert.match(hostileText, /Agent version\s+v2\.10\.4 \(v2 agent\)/);
    saveArtifact('status-page-serve.png', await page.screenshot());
    const version = /Agent version\s+(.*)/.exec(hostileText)?.[1] ?? '?';
    observed(
      `nodes ${seen.nodes.length}, injected ${seen.injected}, dialogs ${page.record.dialogs.length}; ` +
        `the hostile node's text shows ${JSON.stringify(`svc${HOSTILE.img}`)}; version shown: ${version}`,
    );
    await page.close();
  });

  test('a kill shows in /history, the timeline and the metric; a restart of the doctor keeps the history', async (t) => {
    if (!needBrowser(t)) return;
    await docker.getContainer(live.id).kill();
    const down = await until(
      'agent-down in /history',
      async () => {
        const doc = (await (await fetch(`http://127.0.0.1:${port}/history`)).json()) as HistoryJson;
        return doc.nodes[live.name]?.[0]?.to === 'agent-down' ? doc : undefined;
      },
      20_000,
    );
    assert.deepEqual(
      down.nodes[live.name]!.map((x) => [x.from, x.to]),
      [
        ['live', 'agent-down'],
        [null, 'live'],
      ],
    );
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    assert.match(metrics, new RegExp(`netdata_cloud_doctor_node_state_changes_total\\{node="${live.name}"\\} 2`));
    const page = await browser!.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    const seen = await page.evaluate<Seen>(SEEN);
    assert.match(seen.nodes.find((n) => n.name === live.name)!.text, /live → agent-down/);
    await page.close();

    await stop();
    const file = readFileSync(path.join(stateDir, 'history.jsonl'), 'utf8').trim().split('\n');
    assert.equal(file.length, 3, file.join('\n'));
    await start();
    const again = (await (await fetch(`http://127.0.0.1:${port}/history`)).json()) as typeof down;
    assert.deepEqual(again.nodes[live.name], down.nodes[live.name], 'kept across the restart, no new first sighting');
    await stop();
  });
});
