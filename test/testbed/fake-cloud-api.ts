// A fake Netdata Cloud REST API for tests and the benchmark, on node:http bound to 127.0.0.1 only. It answers
// exactly as shared/reference/netdata-cloud-api.md documents: `GET /api/v2/spaces` (array), `GET
// /api/v2/spaces/{id}/rooms` (array; the "All nodes" room is `untouchable`), `POST
// /api/v3/spaces/{id}/rooms/{roomId}/nodes` with a JSON body (object `{ nodes }`), Bearer auth (401 for a missing
// or wrong token, 403 for a token whose scope does not allow the call), 404 for an unknown Space or room.
// Each test sets the Spaces and a fault; the fake counts requests per path.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

export interface FakeRoom {
  id: string;
  name: string;
  untouchable?: boolean;
  /** Node IDs in this room (the "All nodes" room holds every node of the Space whatever this says). */
  nodeIds?: string[];
}

export interface FakeSpace {
  id: string;
  name: string;
  slug?: string;
  /** Raw node entries, as Cloud sends them (makeNode), or anything else for the bad-input tests. */
  nodes: unknown[];
  /** Extra rooms; an "All nodes" room is added first unless noAllNodesRoom. */
  rooms?: FakeRoom[];
  noAllNodesRoom?: boolean;
  /** The id of its "All nodes" room (made up when not given). */
  allNodesRoomId?: string;
}

export type FakeFault =
  | { kind: 'status'; status: number; retryAfter?: string; location?: string }
  | { kind: 'hang' }
  | { kind: 'html' }
  /** Content-Length of the whole body, half of it sent, then the connection closed. */
  | { kind: 'truncated' }
  /** A complete HTTP answer whose JSON stops in the middle. */
  | { kind: 'cut-json' }
  /** A valid but endless-looking JSON node list, sent chunked until `bytes` or until the client hangs up. */
  | { kind: 'huge'; bytes: number }
  /** JSON of another shape than documented. */
  | { kind: 'wrong-shape'; body: unknown };

export interface FaultRule {
  /** Which paths the fault applies to (all when absent). */
  path?: RegExp;
  fault: FakeFault;
  /** Apply to this many requests, then answer normally (forever when absent). */
  times?: number;
}

export interface FakeNodeOptions {
  nd?: string;
  mg?: string;
  nm: string;
  state?: 'reachable' | 'stale' | 'unreachable';
  v?: string;
  /** Add the full documented field set with a realistic label set (the 10,000-node Space). */
  full?: boolean;
}

/** A node entry with the fields netdata-cloud-api.md lists as verified live. */
export function makeNode(options: FakeNodeOptions): Record<string, unknown> {
  const node: Record<string, unknown> = {
    nd: options.nd ?? randomUUID(),
    mg: options.mg ?? randomUUID(),
    nm: options.nm,
    state: options.state ?? 'reachable',
    v: options.v ?? 'v2.10.3',
  };
  if (!options.full) return node;
  return {
    ...node,
    labels: {
      _architecture: 'x86_64',
      _kernel_version: '6.1.0-28-amd64',
      _os_name: 'Debian GNU/Linux',
      _os_version: '12 (bookworm)',
      _container: 'docker',
      _container_detection: 'dockerenv',
      _virtualization: 'kvm',
      _virt_detection: 'systemd-detect-virt',
      _is_k8s_node: 'false',
      _is_parent: 'false',
      _is_ephemeral: 'false',
      _has_unstable_connection: 'false',
      _install_type: 'oci',
      _prebuilt_arch: 'x86_64',
      _prebuilt_dist: 'debian',
      _system_cores: '8',
      _system_cpu_freq: '2900000000',
      _system_ram_total: '33554432000',
      _system_disk_space: '512110190592',
      _cloud_provider_type: 'AWS',
      _cloud_instance_type: 'm5.2xlarge',
      _cloud_instance_region: 'eu-central-1',
      _aclk_available: 'true',
      _mqtt_version: '5',
      _aclk_proxy: 'none',
      _timezone: 'Etc/UTC',
      _hostname: options.nm,
      team: 'platform',
      environment: 'production',
      service: `svc-${options.nm}`,
    },
    hw: {
      cpus: 8,
      memory: 33554432000,
      disk_space: 512110190592,
      architecture: 'x86_64',
      cpu_frequency: 2900000000,
      virtualization: 'kvm',
      container: 'docker',
    },
    os: { id: 'debian', nm: 'Debian GNU/Linux', v: '12', kernel: { nm: 'Linux', v: '6.1.0-28-amd64' } },
    health: { status: 'running', alerts: { warning: 2, critical: 0 } },
    capabilities: {
      funcs: { enabled: true, version: 1 },
      ml: { enabled: true, version: 1 },
      mc: { enabled: true, version: 1 },
      proto: { enabled: true, version: 1 },
      ctx: { enabled: true, version: 1 },
      dyncfg: { enabled: true, version: 2 },
    },
    eligibility: { reason: '', eligible: true },
    room_memberships: [randomUUID()],
    replication: { replicatedBy: [], replicating: [] },
    replication_factor: 0,
    isPreferred: true,
  };
}

interface Counts {
  [path: string]: number;
}

export class FakeCloudApi {
  private server: Server | undefined;
  private base = '';
  readonly counts: Counts = {};
  spaces: FakeSpace[] = [];
  faults: FaultRule[] = [];
  /** Serialize each room's node list once and send the same bytes again (the benchmark: the fake's own JSON work out of the figure). */
  cacheAnswers = false;
  private readonly cached = new Map<string, Buffer>();
  /** Tokens that answer 403 (a scope that does not allow the call). */
  forbiddenTokens: string[] = [];

  constructor(readonly token: string) {}

  get url(): string {
    return this.base;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.answer(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.base;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  /** Requests received for a path (or every path). */
  count(path?: string): number {
    if (path !== undefined) return this.counts[path] ?? 0;
    return Object.values(this.counts).reduce((a, b) => a + b, 0);
  }

  resetCounts(): void {
    for (const key of Object.keys(this.counts)) delete this.counts[key];
  }

  allNodesRoomId(space: FakeSpace): string {
    space.allNodesRoomId ??= randomUUID();
    return space.allNodesRoomId;
  }

  private roomsOf(space: FakeSpace): FakeRoom[] {
    const extra = space.rooms ?? [];
    return space.noAllNodesRoom ? extra : [{ id: this.allNodesRoomId(space), name: 'All nodes', untouchable: true }, ...extra];
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0]!;
    this.counts[path] = (this.counts[path] ?? 0) + 1;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => this.route(req, res, path, Buffer.concat(chunks).toString('utf8')));
  }

  private route(req: IncomingMessage, res: ServerResponse, path: string, body: string): void {
    const auth = req.headers.authorization ?? '';
    const presented = /^Bearer (.+)$/.exec(auth)?.[1];
    if (presented !== this.token && !(presented !== undefined && this.forbiddenTokens.includes(presented))) {
      return this.json(res, 401, { errorCode: 'unauthorized', errorMsgKey: 'ErrUnauthorized', errorMessage: 'Unauthorized' });
    }
    if (presented !== this.token) {
      return this.json(res, 403, { errorCode: 'forbidden', errorMsgKey: 'ErrForbidden', errorMessage: 'Forbidden' });
    }

    const rule = this.faults.find((f) => !f.path || f.path.test(path));
    if (rule) {
      if (rule.times !== undefined && --rule.times <= 0) this.faults.splice(this.faults.indexOf(rule), 1);
      return this.fault(res, rule.fault);
    }

    let m: RegExpExecArray | null;
    if (req.method === 'GET' && path === '/api/v2/spaces') {
      return this.json(
        res,
        200,
        this.spaces.map((s) => ({
          id: s.id,
          slug: s.slug ?? s.name.toLowerCase().replace(/\W+/g, '-'),
          name: s.name,
          description: '',
          iconURL: '',
          permissions: ['space:ReadNodes', 'room:ReadNodes'],
          createdAt: '2026-01-01T00:00:00Z',
        })),
      );
    }
    if (req.method === 'GET' && (m = /^\/api\/v2\/spaces\/([^/]+)\/rooms$/.exec(path))) {
      const space = this.spaces.find((s) => s.id === decodeURIComponent(m![1]!));
      if (!space) return this.json(res, 404, { errorCode: 'not-found', errorMsgKey: 'ErrSpaceNotFound', errorMessage: 'space not found' });
      return this.json(
        res,
        200,
        this.roomsOf(space).map((r) => ({
          id: r.id,
          slug: r.name.toLowerCase().replace(/\W+/g, '-'),
          name: r.name,
          description: '',
          private: false,
          untouchable: r.untouchable === true,
          node_count: r.untouchable ? space.nodes.length : (r.nodeIds ?? []).length,
          member_count: 1,
          isMember: true,
          permissions: ['room:ReadNodes'],
          createdAt: '2026-01-01T00:00:00Z',
        })),
      );
    }
    if (req.method === 'POST' && (m = /^\/api\/v3\/spaces\/([^/]+)\/rooms\/([^/]+)\/nodes$/.exec(path))) {
      const space = this.spaces.find((s) => s.id === decodeURIComponent(m![1]!));
      const room = space ? this.roomsOf(space).find((r) => r.id === decodeURIComponent(m![2]!)) : undefined;
      if (!space || !room)
        return this.json(res, 404, { errorCode: 'not-found', errorMsgKey: 'ErrRoomNotFound', errorMessage: 'room not ' + 'found' });
      try {
        JSON.parse(body || 'x');
      } catch {
        return this.json(res, 400, { errorCode: 'bad-request', errorMsgKey: 'ErrBadRequest', errorMessage: 'body is not JSON' });
      }
      const members = room.nodeIds ?? [];
      const nodes = room.untouchable ? space.nodes : space.nodes.filter((n) => members.includes((n as { nd?: string }).nd ?? ''));
      if (this.cacheAnswers) {
        const key = `${space.id}/${room.id}`;
        let bytes = this.cached.get(key);
        if (!bytes) this.cached.set(key, (bytes = Buffer.from(JSON.stringify({ nodes }))));
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes.length }).end(bytes);
        return;
      }
      return this.jsonStream(res, nodes);
    }
    if (['/api/v2/spaces'].includes(path) || /^\/api\/v[23]\/spaces\//.test(path)) {
      res.writeHead(405, { allow: path.startsWith('/api/v3') ? 'POST' : 'GET' }).end();
      return;
    }
    this.json(res, 404, { errorCode: 'not-found', errorMsgKey: 'ErrNotFound', errorMessage: 'not found' });
  }

  private json(res: ServerResponse, status: number, value: unknown): void {
    const text = JSON.stringify(value);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
  }

  /** `{ "nodes": [...] }` written in pieces of ~64 KB: a 10,000-node answer is never one string on the fake's side either. */
  private jsonStream(res: ServerResponse, nodes: readonly unknown[]): void {
    res.writeHead(200, { 'content-type': 'application/json' });
    let i = 0;
    const pump = (): void => {
      while (i <= nodes.length) {
        let piece = i === 0 ? '{"nodes":[' : '';
        while (i < nodes.length && piece.length < 65_536) piece += `${i > 0 ? ',' : ''}${JSON.stringify(nodes[i++])}`;
        if (i === nodes.length) {
          res.end(`${piece}]}`);
          i++;
          return;
        }
        if (!res.write(piece)) {
          res.once('drain', pump);
          return;
        }
      }
    };
    pump();
  }

  private fault(res: ServerResponse, fault: FakeFault): void {
    switch (fault.kind) {
      case 'status': {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
        if (fault.location !== undefined) headers.location = fault.location;
        res.writeHead(fault.status, headers).end(JSON.stringify({ errorCode: String(fault.status), errorMessage: 'fake fault' }));
        return;
      }
      case 'hang':
        return; // never answers; close() ends the connection
      case 'html':
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end('<!doctype html><html><body>Sign in to ' + 'Netdata</body></html>');
        return;
      case 'truncated': {
        const text = JSON.stringify({ nodes: [makeNode({ nm: 'a' }), makeNode({ nm: 'b' })] });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.write(text.slice(0, text.length >> 1), () => res.socket?.destroy());
        return;
      }
      case 'cut-json': {
        const text = JSON.stringify([{ id: 'x', name: 'cut' }]).slice(0, 15);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
        return;
      }
      case 'huge': {
        res.writeHead(200, { 'content-type': 'application/json' });
        const entry = JSON.stringify(makeNode({ nm: 'huge', full: true }));
        let sent = 0;
        const pump = (): void => {
          while (sent < fault.bytes && !res.destroyed) {
            const piece = sent === 0 ? `{"nodes":[${entry}` : `,${entry}`;
            sent += piece.length;
            if (!res.write(piece)) {
              res.once('drain', pump);
              return;
            }
          }
          if (!res.destroyed) res.end(']}');
        };
        res.on('close', () => {
          sent = fault.bytes;
        });
        pump();
        return;
      }
      case 'wrong-shape':
        this.json(res, 200, fault.body);
    }
  }
}

/** A local agent's identity, as the fake's scenarios place it in Cloud. */
export interface AgentInCloud {
  nd: string;
  mg: string;
  nm: string;
}

export type CloudScenario =
  | 'reachable'
  | 'stale'
  | 'unreachable'
  | 'absent'
  | 'ghosts'
  | 'guid-on-other-host'
  | 'not-in-claim-rooms'
  | 'no-all-nodes-room'
  | 'wrongly-typed';

/**
 * A Space in which Cloud shows `agent` as the scenario says, among a few unrelated nodes. `not-in-claim-rooms`
 * adds the room `claimRoomId` without the agent; `wrongly-typed` lists the agent with a numeric machine GUID
 * (so it is dropped) beside nodes with other broken fields.
 */
export function scenarioSpace(
  kind: CloudScenario,
  agent: AgentInCloud,
  options: { id?: string; name?: string; claimRoomId?: string } = {},
): FakeSpace {
  const others = [makeNode({ nm: 'unrelated-1' }), makeNode({ nm: 'unrelated-2', state: 'stale' })];
  const me = (state: 'reachable' | 'stale' | 'unreachable', nm = agent.nm) =>
    makeNode({ nd: agent.nd, mg: agent.mg, nm, state, full: true });
  const space: FakeSpace = { id: options.id ?? randomUUID(), name: options.name ?? `Space ${kind}`, nodes: others };
  switch (kind) {
    case 'reachable':
    case 'stale':
    case 'unreachable':
      space.nodes = [...others, me(kind)];
      break;
    case 'absent':
      break;
    case 'ghosts':
      space.nodes = [
        ...others,
        me('reachable'),
        makeNode({ nm: agent.nm, state: 'unreachable' }),
        makeNode({ nm: agent.nm, state: 'unreachable' }),
      ];
      break;
    case 'guid-on-other-host':
      space.nodes = [...others, me('reachable', `${agent.nm}-clone-host`)];
      break;
    case 'not-in-claim-rooms':
      space.nodes = [...others, me('reachable')];
      space.rooms = [{ id: options.claimRoomId ?? randomUUID(), name: 'Claim room', nodeIds: [] }];
      break;
    case 'no-all-nodes-room':
      space.nodes = [...others, me('reachable')];
      space.noAllNodesRoom = true;
      space.rooms = [{ id: randomUUID(), name: 'Some room', nodeIds: [agent.nd] }];
      break;
    case 'wrongly-typed':
      space.nodes = [
        ...others,
        { ...me('reachable'), mg: 42 },
        { nd: randomUUID(), nm: 'x', state: 'reachable' },
        { nd: randomUUID(), mg: randomUUID(), nm: 'y', state: 'gone' },
      ];
      break;
  }
  return space;
}
