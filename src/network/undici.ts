// The doctor's own HTTP client is undici (issue 2), loaded through its narrowest entry points and only when
// first used. undici's index requires all of undici (fetch, WebSocket, mocks, caches, interceptors, SOCKS,
// H2C: ~110 modules, ~25 MB of RSS measured); the doctor needs `request`, `upgrade` and `ProxyAgent`, which
// come from lib/api, lib/global and lib/dispatcher/proxy-agent (~25 modules, ~15 MB). `request(url, opts)`
// of the index is `makeDispatcher(api.request)`: the URL split into origin and path, then the API function
// called on the dispatcher given or the global one; `bind` below does that, nothing more. Loaded on the
// first call: a doctor that reaches its agents only through `docker exec curl` never loads undici.

import { createRequire } from 'node:module';
import type * as Undici from 'undici';

export interface NarrowUndici {
  request: typeof Undici.request;
  upgrade: typeof Undici.upgrade;
  ProxyAgent: typeof Undici.ProxyAgent;
}

type ApiFunction = (this: Undici.Dispatcher, opts: Record<string, unknown>) => Promise<unknown>;

let loaded: NarrowUndici | undefined;

/** undici's request/upgrade/ProxyAgent, loaded on the first call. */
export function undici(): NarrowUndici {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const api = require('undici/lib/api/index.js') as { request: ApiFunction; upgrade: ApiFunction };
  const { getGlobalDispatcher } = require('undici/lib/global.js') as { getGlobalDispatcher: () => Undici.Dispatcher };
  const ProxyAgent = require('undici/lib/dispatcher/proxy-agent.js') as typeof Undici.ProxyAgent;
  const bind =
    (fn: ApiFunction) =>
    (url: string | URL, opts: Record<string, unknown> = {}) => {
      const parsed = new URL(url);
      const { dispatcher, ...rest } = opts as { dispatcher?: Undici.Dispatcher };
      return fn.call(dispatcher ?? getGlobalDispatcher(), {
        ...rest,
        origin: parsed.origin,
        path: `${parsed.pathname}${parsed.search}`,
        method: (rest as { method?: string }).method ?? ((rest as { body?: unknown }).body ? 'PUT' : 'GET'),
      });
    };
  loaded = {
    request: bind(api.request) as unknown as typeof Undici.request,
    upgrade: bind(api.upgrade) as unknown as typeof Undici.upgrade,
    ProxyAgent,
  };
  return loaded;
}

/** An answer's body as text, at most maxBytes: past that the body is destroyed and the read fails. */
export async function readBodyBounded(body: AsyncIterable<Buffer> & { destroy(): unknown }, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) {
      body.destroy();
      throw new Error(`answer larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
