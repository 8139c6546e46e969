// The HTTP surface of serve (CONTRACT §7): answered from the last report, never waiting on Docker or the
// network. GET and HEAD only; 405 with Allow for other methods; 404 for unknown paths.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Report } from '../diagnosis/diagnose.ts';
import type { Metrics } from './metrics.ts';
import type { Transition } from '../history/history.ts';
import { renderStartingPage, renderStatusPage } from './page.ts';
import { PAGE_CSS, PAGE_JS } from './assets.ts';

/** What the page and /history read of src/history/history.ts; `version` moves on every change. */
export interface HistorySource {
  readonly version: number;
  of(name: string): readonly Transition[];
  toJSON(): unknown;
}

export interface HttpSource {
  report(): Report | undefined;
  releaseId: string;
  metrics: Metrics;
  /** Node history for the page and GET /history; without it /history answers empty. */
  history?: HistorySource;
  /** How often the page refreshes itself (default 30 s). */
  pageRefreshSeconds?: number;
}

/** The page, serialised once per report or history change. */
interface RenderedPage {
  report: Report | undefined;
  historyVersion: number;
  page: Buffer;
}

interface Pages {
  page(): Buffer;
  history(): Buffer;
}

/** A report's answers, serialised once per published report: a GET then only writes prepared bytes. */
interface Rendered {
  report: Report;
  health: Buffer;
  nodes: Map<string, { status: number; body: Buffer }>;
}

const HEALTH_JSON = 'application/health+json';
const HTML = 'text/html; charset=utf-8';
/** No inline script or style, nothing from another origin; the page may only fetch itself (its refresh). */
const PAGE_HEADERS = {
  'content-security-policy': [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};
const ASSETS: Record<string, { type: string; body: Buffer }> = {
  '/assets/page.css': { type: 'text/css; charset=utf-8', body: Buffer.from(PAGE_CSS) },
  '/assets/page.js': { type: 'text/javascript; charset=utf-8', body: Buffer.from(PAGE_JS) },
};
const MAX_URL = 2048;

/** The report restricted to one node: its checks, its status. */
export function nodeReport(report: Report, name: string): Report | undefined {
  const node = report.nodes.find((n) => n.container.name === name);
  if (!node) return undefined;
  const checks: Report['checks'] = {};
  for (const [id, entries] of Object.entries(report.checks) as [
    keyof Report['checks'],
    NonNullable<Report['checks'][keyof Report['checks']]>,
  ][]) {
    const mine = entries.filter((e) => e.componentId === name);
    if (mine.length) checks[id] = mine;
  }
  const worst = node.findings.find((f) => f.status === 'fail') ?? node.findings.find((f) => f.status === 'warn');
  return { ...report, status: node.status, output: `${name}: ${node.state}${worst ? ` — ${worst.summary}` : ''}`, checks, nodes: [node] };
}

function notYet(releaseId: string): Report {
  return {
    status: 'fail',
    serviceId: 'netdata-cloud-doctor',
    releaseId,
    output: 'no diagnosis yet: the first pass has not finished',
    description: 'starting',
    checks: {},
    nodes: [],
  };
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(req.method === 'HEAD' ? undefined : body);
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

const LIVE = Buffer.from(json({ status: 'pass' }));
const READY = Buffer.from(json({ status: 'pass', output: 'first pass finished' }));
const NOT_READY = Buffer.from(json({ status: 'fail', output: 'first pass not finished' }));

export function createHttpServer(source: HttpSource): Server {
  let rendered: Rendered | undefined;
  /** The answers for the current report, rendered the first time they are asked for. */
  const current = (): Rendered | undefined => {
    const report = source.report();
    if (!report) return undefined;
    if (rendered?.report !== report) rendered = { report, health: Buffer.from(json(report)), nodes: new Map() };
    return rendered;
  };
  let pageCache: RenderedPage | undefined;
  let historyCache: { version: number; body: Buffer } | undefined;
  /** The page for the current report and history, rendered on the first ask after a change of either. */
  const pages: Pages = {
    page: () => {
      const report = source.report();
      const historyVersion = source.history?.version ?? 0;
      if (!pageCache || pageCache.report !== report || pageCache.historyVersion !== historyVersion) {
        const meta = { version: source.releaseId, now: new Date(), refreshSeconds: source.pageRefreshSeconds ?? 30 };
        const page = report ? renderStatusPage(report, source.history, meta) : renderStartingPage(meta);
        pageCache = { report, historyVersion, page: Buffer.from(page) };
      }
      return pageCache.page;
    },
    /** GET /history, serialised once per history change. */
    history: () => {
      const version = source.history?.version ?? 0;
      if (historyCache?.version !== version) historyCache = { version, body: Buffer.from(json(source.history?.toJSON() ?? { nodes: {} })) };
      return historyCache.body;
    },
  };
  // Node checks headersTimeout/requestTimeout only every connectionsCheckingInterval (30 s by default):
  // check every second, so a slow client is cut after 5 s, not 35.
  const server = createServer(
    { maxHeaderSize: 8 * 1024, requestTimeout: 10_000, headersTimeout: 5_000, keepAliveTimeout: 5_000, connectionsCheckingInterval: 1_000 },
    (req, res) => {
      void handle(source, current, pages, req, res).catch(() => {
        if (!res.headersSent) send(req, res, 500, 'text/plain; charset=utf-8', 'internal error\n');
        else res.destroy();
      });
    },
  );
  // Slow or oversized requests are closed, never left open.
  // Node's default answer, made explicit: a status line for a malformed request when the socket can still
  // take it (431 for oversized headers, 408 for a client too slow), then close.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (socket.writable && !(socket as { _httpMessage?: unknown })._httpMessage) {
      const status =
        err.code === 'HPE_HEADER_OVERFLOW'
          ? '431 Request Header Fields Too Large'
          : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? '408 Request Timeout'
            : '400 Bad Request';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    socket.destroy();
  });
  return server;
}

async function handle(
  source: HttpSource,
  current: () => Rendered | undefined,
  pages: Pages,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const rawUrl = req.url ?? '/';
  if (rawUrl.length > MAX_URL) return send(req, res, 414, 'text/plain; charset=utf-8', 'URI too long\n');
  let path: string;
  try {
    path = decodeURIComponent(new URL(rawUrl, 'http://doctor').pathname);
  } catch {
    return send(req, res, 400, 'text/plain; charset=utf-8', 'bad request\n');
  }
  const page = path === '/' || path === '/history' || Object.hasOwn(ASSETS, path);
  const route = page || path === '/health' || path === '/livez' || path === '/readyz' || path === '/metrics' || path.startsWith('/health/');
  if (!route) return send(req, res, 404, 'text/plain; charset=utf-8', 'not found\n');
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return send(req, res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', { allow: 'GET, HEAD' });

  const asset = Object.hasOwn(ASSETS, path) ? ASSETS[path] : undefined;
  if (asset) return send(req, res, 200, asset.type, asset.body, { 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' });
  if (path === '/') return send(req, res, 200, HTML, pages.page(), PAGE_HEADERS);
  if (path === '/history') return send(req, res, 200, 'application/json', pages.history(), { 'x-content-type-options': 'nosniff' });

  switch (path) {
    case '/livez':
      return send(req, res, 200, HEALTH_JSON, LIVE);
    case '/readyz': {
      const ready = source.report() !== undefined;
      return send(req, res, ready ? 200 : 503, HEALTH_JSON, ready ? READY : NOT_READY);
    }
    case '/metrics':
      return send(req, res, 200, source.metrics.contentType, await source.metrics.body());
    // Only the answers that carry the report render it (a scrape of /metrics must not serialise 50 nodes).
    case '/health': {
      const view = current();
      if (!view) return send(req, res, 503, HEALTH_JSON, json(notYet(source.releaseId)));
      return send(req, res, view.report.status === 'fail' ? 503 : 200, HEALTH_JSON, view.health);
    }
    default: {
      const view = current();
      const name = path.slice('/health/'.length);
      if (!view) return send(req, res, 503, HEALTH_JSON, json(notYet(source.releaseId)));
      let answer = view.nodes.get(name);
      if (!answer) {
        const one = nodeReport(view.report, name);
        if (!one) return send(req, res, 404, HEALTH_JSON, json({ status: 'fail', output: `no node named ${name}` }));
        answer = { status: one.status === 'fail' ? 503 : 200, body: Buffer.from(json(one)) };
        view.nodes.set(name, answer);
      }
      return send(req, res, answer.status, HEALTH_JSON, answer.body);
    }
  }
}
