// GET / and GET /history through createHttpServer: rendered once per report or history change (not per
// request), the starting page before the first pass, the page's headers.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createHttpServer, type HistorySource } from '../../../src/server/http.ts';
import { Metrics } from '../../../src/server/metrics.ts';
import { History } from '../../../src/history/history.ts';
import type { Report } from '../../../src/diagnosis/diagnose.ts';
import { reportInEveryState } from './page-reports.ts';

describe('GET / and /history over HTTP', () => {
  let server: Server;
  let origin: string;
  let report: Report | undefined;
  const history = new History();
  let serialised = 0;
  // Counts how often the server serialises the history: once per change, whatever the number of requests.
  const counting: HistorySource = {
    get version() {
      return history.version;
    },
    of: (name) => history.of(name),
    toJSON: () => {
      serialised++;
      return history.toJSON();
    },
  };

  before(async () => {
    server = createHttpServer({ report: () => report, releaseId: 't', metrics: new Metrics(), history: counting });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('before the first pass: 200 with the starting page; /history is empty', async () => {
    const res = await fetch(`${origin}/`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /first diagnosis is running/);
    assert.deepEqual(await (await fetch(`${origin}/history`)).json(), { nodes: {} });
  });

  it('renders once per report or history change, not per request', async () => {
    report = reportInEveryState();
    history.observe(report, new Date('2026-12-04T16:00:00Z'));
    serialised = 0;
    const bodies = await Promise.all(Array.from({ length: 20 }, async () => (await fetch(`${origin}/`)).text()));
    await Promise.all(Array.from({ length: 5 }, async () => (await fetch(`${origin}/history`)).text()));
    assert.equal(serialised, 1);
    assert.equal(new Set(bodies).size, 1);
    const changed = structuredClone(report);
    changed.nodes[0]!.state = 'offline';
    changed.nodes[0]!.status = 'fail';
    history.observe(changed, new Date('2026-12-04T16:01:00Z'));
    const page = await (await fetch(`${origin}/`)).text();
    assert.match(page, /live → <b>offline<\/b>/, 'a history change renders the page again');
    await fetch(`${origin}/history`);
    assert.equal(serialised, 2, 'and /history');
    report = changed;
    const again = await (await fetch(`${origin}/`)).text();
    assert.notEqual(again, page, 'a new report renders the page again');
    await fetch(`${origin}/history`);
    assert.equal(serialised, 2, 'but not /history: the history did not change');
  });

  it('headers of the page and its assets', async () => {
    const res = await fetch(`${origin}/`);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.doesNotMatch(res.headers.get('content-security-policy') ?? 'missing', /unsafe-inline|missing/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    assert.equal((await fetch(`${origin}/history`, { method: 'HEAD' })).headers.get('content-type'), 'application/json');
    const js = await fetch(`${origin}/assets/page.js`);
    assert.equal(js.headers.get('x-content-type-options'), 'nosniff');
    assert.match(await js.text(), /addButtons/);
    assert.equal((await fetch(`${origin}/assets/page.css`, { method: 'PUT' })).status, 405);
    assert.equal((await fetch(`${origin}/assets/`)).status, 404);
  });
});
