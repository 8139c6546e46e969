// A real headless browser for the status page tests: Debian's Chromium driven over the DevTools protocol with
// Node's own WebSocket. Every page gets a recorder of dialogs (an alert() means injected script ran), of
// requests (none may leave the page's origin) and of CSP violations.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO } from './harness.ts';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome'];

/** The browser binary, or a clear reason. In CI a missing browser fails the test; elsewhere it skips. */
export function findChromium(): string | { missing: string } {
  const fromEnv = process.env['NCD_CHROMIUM'];
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : { missing: `NCD_CHROMIUM=${fromEnv} does not exist` };
  for (const name of CANDIDATES) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return { missing: "Chromium not found: scripts/test installs Debian's chromium (apt-get install --no-install-recommends chromium)" };
}

export const ARTIFACTS = path.join(REPO, '.cache', 'artifacts');

export function saveArtifact(name: string, data: Buffer): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  writeFileSync(file, data);
  return file;
}

interface Pending {
  resolve(value: Record<string, unknown>): void;
  reject(err: Error): void;
  method: string;
}

type Listener = (params: Record<string, unknown>, sessionId?: string) => void;

/** What happened while a page was open. */
export interface PageRecord {
  dialogs: string[];
  requests: string[];
  consoleErrors: string[];
}

export class Page {
  readonly record: PageRecord = { dialogs: [], requests: [], consoleErrors: [] };
  constructor(
    private readonly browser: Browser,
    readonly sessionId: string,
  ) {}

  send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return this.browser.send(method, params, this.sessionId);
  }

  /** Navigates and waits for the load event. */
  async goto(url: string): Promise<void> {
    const loaded = this.browser.once('Page.loadEventFired', this.sessionId);
    const r = await this.send('Page.navigate', { url });
    if (r['errorText']) throw new Error(`navigation to ${url} failed: ${String(r['errorText'])}`);
    await loaded;
  }

  /** The value of an expression in the page (JSON-serialisable), even when the page's own scripts are off. */
  async evaluate<T>(expression: string): Promise<T> {
    const r = await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (r['exceptionDetails']) throw new Error(`evaluate failed: ${JSON.stringify(r['exceptionDetails'])}`);
    return (r['result'] as { value: T }).value;
  }

  /** The whole page, or only what the screen shows (`full: false`, as a phone shows it first). */
  async screenshot(options: { full?: boolean } = {}): Promise<Buffer> {
    const r = await this.send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: options.full ?? true });
    return Buffer.from(r['data'] as string, 'base64');
  }

  close(): Promise<unknown> {
    return this.browser.send('Target.closeTarget', { targetId: this.targetId });
  }

  targetId = '';
}

export class Browser {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<{ method: string; sessionId?: string; fn: Listener }>();
  private readonly pages = new Map<string, Page>();

  private constructor(
    private readonly child: ChildProcess,
    private readonly ws: WebSocket,
    private readonly profile: string,
  ) {
    ws.addEventListener('message', (ev) => this.onMessage(String(ev.data)));
    ws.addEventListener('close', () => {
      for (const p of this.pending.values()) p.reject(new Error(`browser connection closed during ${p.method}`));
      this.pending.clear();
    });
  }

  static async launch(executable: string): Promise<Browser> {
    const profile = mkdtempSync(path.join(tmpdir(), 'ncd-chromium-'));
    const child = spawn(
      executable,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--no-first-run',
        '--no-default-browser-check',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-extensions',
        '--remote-debugging-port=0',
        `--user-data-dir=${profile}`,
        'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()).length > 20_000 && (stderr = stderr.slice(-10_000)));
    // Chromium writes the port it took into the profile once it listens.
    const portFile = path.join(profile, 'DevToolsActivePort');
    const deadline = Date.now() + 30_000;
    while (!existsSync(portFile) || readFileSync(portFile, 'utf8').split('\n').length < 2) {
      if (child.exitCode !== null) throw new Error(`chromium exited ${child.exitCode}: ${stderr.slice(-2000)}`);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`chromium did not open its DevTools port within 30 s: ${stderr.slice(-2000)}`);
      }
      await sleep(50);
    }
    const [port, wsPath] = readFileSync(portFile, 'utf8').split('\n');
    const ws = new WebSocket(`ws://127.0.0.1:${port}${wsPath}`);
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener('open', () => resolve(), { once: true });
      ws.addEventListener('error', () => reject(new Error("cannot connect to chromium's DevTools socket")), { once: true });
    });
    return new Browser(child, ws, profile);
  }

  private onMessage(text: string): void {
    const msg = JSON.parse(text) as {
      id?: number;
      result?: Record<string, unknown>;
      error?: { message: string };
      method?: string;
      params?: Record<string, unknown>;
      sessionId?: string;
    };
    if (msg.id !== undefined) {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
      else p.resolve(msg.result ?? {});
      return;
    }
    for (const l of [...this.listeners]) {
      if (l.method === msg.method && (l.sessionId === undefined || l.sessionId === msg.sessionId)) l.fn(msg.params ?? {}, msg.sessionId);
    }
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer from chromium within 30 s`));
      }, 30_000);
      this.pending.set(id, {
        method,
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  }

  on(method: string, fn: Listener, sessionId?: string): void {
    this.listeners.add({ method, fn, ...(sessionId ? { sessionId } : {}) });
  }

  once(method: string, sessionId?: string): Promise<Record<string, unknown>> {
    return new Promise((resolve) => {
      const entry = {
        method,
        ...(sessionId ? { sessionId } : {}),
        fn: (params: Record<string, unknown>) => {
          this.listeners.delete(entry);
          resolve(params);
        },
      };
      this.listeners.add(entry);
    });
  }

  /**
   * A new tab. `javascript: false` turns the page's scripts off (as a reader with JavaScript disabled);
   * the test's own Runtime.evaluate still works. Dialogs are recorded and dismissed at once.
   */
  async newPage(options: { javascript?: boolean; width?: number; height?: number; mobile?: boolean; dark?: boolean } = {}): Promise<Page> {
    const { targetId } = (await this.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    const page = new Page(this, sessionId);
    page.targetId = targetId;
    this.pages.set(sessionId, page);
    this.on(
      'Page.javascriptDialogOpening',
      (p) => {
        page.record.dialogs.push(`${String(p['type'])}: ${String(p['message'])}`);
        void page.send('Page.handleJavaScriptDialog', { accept: false }).catch(() => undefined);
      },
      sessionId,
    );
    this.on('Network.requestWillBeSent', (p) => page.record.requests.push(String((p['request'] as { url: string }).url)), sessionId);
    this.on('Runtime.exceptionThrown', (p) => page.record.consoleErrors.push(JSON.stringify(p['exceptionDetails'])), sessionId);
    this.on(
      'Log.entryAdded',
      (p) => {
        const entry = p['entry'] as { level: string; text: string; url?: string };
        if (entry.level === 'error' && !/favicon\.ico/.test(entry.url ?? '')) page.record.consoleErrors.push(entry.text);
      },
      sessionId,
    );
    await Promise.all([page.send('Page.enable'), page.send('Network.enable'), page.send('Runtime.enable'), page.send('Log.enable')]);
    if (options.javascript === false) await page.send('Emulation.setScriptExecutionDisabled', { value: true });
    if (options.width) {
      const metrics = { width: options.width, height: options.height ?? 900, deviceScaleFactor: 1, mobile: options.mobile ?? false };
      await page.send('Emulation.setDeviceMetricsOverride', metrics);
    }
    if (options.dark) await page.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: 'dark' }] });
    return page;
  }

  async close(): Promise<void> {
    try {
      await this.send('Browser.close').catch(() => undefined);
    } finally {
      this.ws.close();
      if (this.child.exitCode === null) {
        const exited = new Promise((resolve) => this.child.once('exit', resolve));
        const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(this.profile, { recursive: true, force: true });
    }
  }
}
