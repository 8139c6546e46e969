// Docker events as the watcher needs them (CONTRACT §7): which events re-diagnose a node, which ones
// change the set of targets, and which are noise (exec_*). Pure over the event JSON.

export interface DockerEvent {
  type: string;
  action: string;
  /** Container ID for container events; for network events, the container that (dis)connected. */
  containerId?: string;
  name?: string;
  /** Event time as Docker's `since` wants it: "seconds.nanoseconds". */
  time: string;
}

const CONTAINER_ACTIONS = new Set([
  'create',
  'start',
  'restart',
  'die',
  'kill',
  'stop',
  'oom',
  'pause',
  'unpause',
  'destroy',
  'rename',
  'update',
  'health_status',
]);
/** Events after which the set of targets may differ (CONTRACT §3: re-discovered on these). */
const RESELECT_ACTIONS = new Set(['create', 'rename', 'destroy']);

export function parseEvent(raw: unknown): DockerEvent | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const e = raw as {
    Type?: unknown;
    Action?: unknown;
    status?: unknown;
    id?: unknown;
    Actor?: { ID?: unknown; Attributes?: Record<string, unknown> };
    time?: unknown;
    timeNano?: unknown;
  };
  const type = typeof e.Type === 'string' ? e.Type : 'container';
  const actionText = typeof e.Action === 'string' ? e.Action : typeof e.status === 'string' ? e.status : '';
  // "health_status: healthy", "exec_start: sh -c …": the verb is before the colon.
  const action = actionText.split(':')[0]!.trim();
  const attributes = e.Actor?.Attributes ?? {};
  const containerId =
    type === 'network'
      ? typeof attributes.container === 'string'
        ? attributes.container
        : undefined
      : typeof e.Actor?.ID === 'string'
        ? e.Actor.ID
        : typeof e.id === 'string'
          ? e.id
          : undefined;
  // JSON numbers can be ±Infinity (1e400), which BigInt() refuses and `since=` cannot carry.
  const nano =
    typeof e.timeNano === 'number' && Number.isFinite(e.timeNano) && e.timeNano >= 0 ? BigInt(Math.trunc(e.timeNano)) : undefined;
  const time =
    nano !== undefined
      ? `${nano / 1_000_000_000n}.${String(nano % 1_000_000_000n).padStart(9, '0')}`
      : typeof e.time === 'number' && Number.isFinite(e.time) && e.time >= 0
        ? `${Math.trunc(e.time)}.000000000`
        : '0';
  const event: DockerEvent = { type, action, time };
  if (containerId) event.containerId = containerId;
  if (typeof attributes.name === 'string') event.name = attributes.name;
  return event;
}

export type EventMeaning = 'ignore' | 'node' | 'reselect';

export function meaningOf(event: DockerEvent): EventMeaning {
  if (event.type === 'network') return event.action === 'connect' || event.action === 'disconnect' ? 'node' : 'ignore';
  if (event.type !== 'container') return 'ignore';
  if (RESELECT_ACTIONS.has(event.action)) return 'reselect';
  return CONTAINER_ACTIONS.has(event.action) ? 'node' : 'ignore';
}

/** The filters sent to the engine, so that it does not stream what would be ignored anyway. */
export const EVENT_FILTERS = {
  type: ['container', 'network'],
  event: [...CONTAINER_ACTIONS, 'connect', 'disconnect'],
};
