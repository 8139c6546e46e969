// Field-by-field readers shared by the parsers in this folder. Each takes `unknown` and returns the value
// only when it has the expected type and a sane range, else undefined: a wrong type is ignored, never fatal.

import { Buffer } from 'node:buffer';
import { MAX_BODY_BYTES, parseError, type ParseError } from './cloud-status.ts';

/** Longest free-text value kept (reasons, URLs, proxy displays); longer ones are cut. */
export const MAX_TEXT = 4096;
/** Longest identifier kept (GUIDs, claim and node ids are 36 characters). */
export const MAX_ID = 128;

export { isRecord, type JsonObject } from '../../facts/json.ts';
import { isRecord, type JsonObject } from '../../facts/json.ts';

/** Refuses what no parser should look at: a non-string, an empty body, or more than MAX_BODY_BYTES. */
export function checkBody(text: unknown, source: string): ParseError | undefined {
  if (typeof text !== 'string') return parseError(source, `expected text, got ${text === null ? 'null' : typeof text}`);
  // UTF-8 never takes fewer bytes than UTF-16 code units, so the cheap length test is exact in one direction.
  if (text.length > MAX_BODY_BYTES || Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) {
    return parseError(source, `body larger than ${MAX_BODY_BYTES} bytes`);
  }
  if (text.trim() === '') return parseError(source, 'empty body');
  return undefined;
}

/** JSON.parse for a body that must be one JSON object (JSON.parse keeps the last of duplicate keys). */
export function parseJsonObject(text: unknown, source: string): { object: JsonObject } | { error: ParseError } {
  const refused = checkBody(text, source);
  if (refused) return { error: refused };
  let value: unknown;
  try {
    // A leading BOM is harmless; JSON.parse would reject it.
    value = JSON.parse((text as string).replace(/^\uFEFF/, ''));
  } catch (error) {
    const detail = error instanceof Error ? error.message.slice(0, 120) : 'invalid JSON';
    return { error: parseError(source, `not JSON: ${detail}`) };
  }
  if (!isRecord(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    return { error: parseError(source, `expected a JSON object, got ${got}`) };
  }
  return { object: value };
}

/** Runs a parser body so that nothing it meets can make it throw. */
export function guarded<T>(source: string, body: () => T): T | ParseError {
  try {
    return body();
  } catch (error) {
    return parseError(source, `unreadable: ${String(error).slice(0, 120)}`);
  }
}

export const hasAnyKey = (object: JsonObject, keys: readonly string[]): boolean => keys.some((k) => Object.hasOwn(object, k));

/** A property of a record, without ever reaching into the prototype chain. */
export const prop = (object: unknown, key: string): unknown => (isRecord(object) && Object.hasOwn(object, key) ? object[key] : undefined);

export function text(value: unknown, max = MAX_TEXT): string | undefined {
  if (typeof value !== 'string') return undefined;
  return value.length > max ? value.slice(0, max) : value;
}

/** A non-empty, trimmed string. */
export function nonEmpty(value: unknown, max = MAX_TEXT): string | undefined {
  const s = text(value, max)?.trim();
  return s ? s : undefined;
}

export const bool = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);

const ZERO_UUID = /^0{8}-?0{4}-?0{4}-?0{4}-?0{12}$/;

/**
 * An identifier (GUID, claim id, node id). JSON null, an empty string, the literal "null" and the zero UUID
 * all mean "none" (null); other strings are kept trimmed; any other type is ignored (undefined).
 */
export function idOrNull(value: unknown): string | null | undefined {
  if (value === null) return null;
  if (typeof value !== 'string') return undefined;
  const s = value.trim().slice(0, MAX_ID);
  if (s === '' || s.toLowerCase() === 'null' || ZERO_UUID.test(s)) return null;
  return s;
}

/** A non-negative integer count. */
export function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** A non-negative duration in seconds (fractions allowed), at most ~31 years. */
export function seconds(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1e9 ? value : undefined;
}

const MAX_EPOCH_S = 32503680000; // 3000-01-01

/** Unix seconds → Date. 0 (the agent's "never") and out-of-range values are ignored. */
export function epochSeconds(value: unknown): Date | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_EPOCH_S) return undefined;
  const date = new Date(Math.round(value * 1000));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function validDate(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offsetMin: number): Date | undefined {
  if (y < 1970 || y > 2999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const t = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), ms) - offsetMin * 60_000;
  const date = new Date(t);
  if (Number.isNaN(date.getTime())) return undefined;
  // Reject 2026-02-31 and the like, which Date.UTC would roll over.
  const check = new Date(Date.UTC(y, mo - 1, d));
  return check.getUTCMonth() === mo - 1 && check.getUTCDate() === d ? date : undefined;
}

/**
 * The agent's "YYYY-MM-DD HH:MM:SS" timestamps, read as UTC: aclk-state JSON's `*-utc` fields are UTC; the text
 * form prints local time, which in the official image is UTC unless TZ is set.
 */
export function utcDateTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})\s*$/.exec(value.slice(0, 64));
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return validDate(y, mo, d, h, mi, s, 0, 0);
}

/** RFC 3339 (`2025-03-19T10:00:05.123Z`, `…+02:00`), as status-netdata.json writes `@timestamp`. */
export function rfc3339(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:?\d{2})\s*$/.exec(value.slice(0, 64));
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string | undefined,
    string,
  ];
  let offset = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2, 4));
    if (oh > 23 || om > 59) return undefined;
    offset = sign * (oh * 60 + om);
  }
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  return validDate(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), ms, offset);
}

/** Yes/No as the agent's text output prints it (case-insensitive; `true`/`false` too). */
export function yesNo(value: string | undefined): boolean | undefined {
  const v = value?.trim().toLowerCase();
  if (v === 'yes' || v === 'true') return true;
  if (v === 'no' || v === 'false') return false;
  return undefined;
}

/** A copy without the keys whose value is undefined, so views compare and print cleanly. */
export function prune<T extends object>(object: T): T {
  for (const key of Object.keys(object) as (keyof T)[]) if (object[key] === undefined) delete object[key];
  return object;
}
