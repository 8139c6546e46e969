// The one kit for reading JSON from outside (the engine's inspect, the agent's API, Cloud's answers): each
// reader takes `unknown` and gives the value only when it has the expected type, else a neutral fallback, so a
// wrong type is ignored, never fatal. Netdata-specific readers (ids, dates, yes/no) build on these in
// src/agent/api/coerce.ts.

export type JsonObject = Record<string, unknown>;

export const isRecord = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An object, or {} for anything else. */
export const record = (value: unknown): JsonObject => (isRecord(value) ? value : {});

/** A string, or the fallback. */
export const string = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);

/** A finite number, or the fallback. */
export const finite = (value: unknown, fallback = 0): number => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);

/** The strings of an array (others dropped), or []. */
export const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : []);

/** The string-valued entries of an object. */
export const stringRecord = (value: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(record(value)).filter((e): e is [string, string] => typeof e[1] === 'string'));
