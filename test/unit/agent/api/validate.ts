// Structural checks for parser results, used by the example tests and the fuzz suite.

import assert from 'node:assert/strict';
import {
  CLOUD_STATUSES,
  DAEMON_STATUSES,
  isParseError,
  type AgentCloudView,
  type CloudConfig,
  type ParseError,
} from '../../../../src/agent/api/index.ts';

const SOURCES = ['api-v3-info', 'api-v2-info', 'api-v1-info', 'api-v1-aclk', 'aclk-state-json', 'aclk-state-text', 'status-file'];

const VIEW_KEYS = new Set([
  'kind',
  'source',
  'status',
  'unknownStatus',
  'claimed',
  'online',
  'banned',
  'claimId',
  'parentClaimId',
  'nodeId',
  'machineGuid',
  'hostname',
  'cloudUrl',
  'reason',
  'connectionCount',
  'since',
  'nextCheck',
  'nextInSeconds',
  'reconnectCount',
  'lastBackoffSeconds',
  'lastConnectedAt',
  'lastDisconnectedAt',
  'version',
  'aclkProxy',
  'children',
  'cloudEnabled',
  'cloudAvailable',
  'daemon',
]);

const optional = (v: unknown, check: (v: unknown) => boolean, what: string): void => {
  if (v !== undefined) assert.ok(check(v), `${what}: ${String(v).slice(0, 80)}`);
};
const isStr = (v: unknown): boolean => typeof v === 'string' && v.length <= 4096;
const isNonEmptyStr = (v: unknown): boolean => isStr(v) && (v as string).length > 0;
const isStrOrNull = (v: unknown): boolean => v === null || isNonEmptyStr(v);
const isBool = (v: unknown): boolean => typeof v === 'boolean';
const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isNum = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isDate = (v: unknown): boolean => v instanceof Date && !Number.isNaN(v.getTime());

export function assertParseError(result: unknown): asserts result is ParseError {
  assert.ok(isParseError(result), `expected a ParseError, got ${JSON.stringify(result)?.slice(0, 200)}`);
  assert.equal(typeof result.message, 'string');
  assert.ok(result.message.length > 0 && result.message.length < 400);
  assert.equal(typeof result.source, 'string');
}

export function assertValidView(result: unknown): asserts result is AgentCloudView {
  assert.ok(typeof result === 'object' && result !== null, 'result is an object');
  const v = result as AgentCloudView;
  assert.equal(v.kind, 'cloud-view');
  assert.ok(SOURCES.includes(v.source), `source ${v.source}`);
  for (const [key, value] of Object.entries(v)) {
    assert.ok(VIEW_KEYS.has(key), `unexpected key ${key}`);
    assert.notEqual(value, undefined, `${key} is present but undefined`);
  }
  optional(v.status, (s) => (CLOUD_STATUSES as readonly unknown[]).includes(s), 'status');
  optional(v.unknownStatus, isNonEmptyStr, 'unknownStatus');
  assert.ok(!(v.status !== undefined && v.unknownStatus !== undefined), 'status and unknownStatus together');
  for (const key of ['claimed', 'online', 'banned', 'cloudEnabled', 'cloudAvailable'] as const) optional(v[key], isBool, key);
  for (const key of ['claimId', 'nodeId', 'cloudUrl'] as const) optional(v[key], isStrOrNull, key);
  for (const key of ['parentClaimId', 'machineGuid', 'hostname', 'reason', 'version', 'aclkProxy'] as const)
    optional(v[key], isNonEmptyStr, key);
  for (const key of ['connectionCount', 'reconnectCount'] as const) optional(v[key], isCount, key);
  for (const key of ['nextInSeconds', 'lastBackoffSeconds'] as const) optional(v[key], isNum, key);
  for (const key of ['since', 'nextCheck', 'lastConnectedAt', 'lastDisconnectedAt'] as const) optional(v[key], isDate, key);
  // Consistency the parsers promise.
  if (v.status === 'online') assert.equal(v.online, true);
  if (v.status !== undefined && v.status !== 'online') assert.notEqual(v.online, true);
  if (v.status === 'banned') assert.equal(v.banned, true);
  if (v.status === 'available') assert.equal(v.claimed, false);
  if (v.status === 'indirect' && v.source !== 'status-file')
    assert.equal(v.claimId, undefined, 'the info APIs never report a parent id as own');
  if (v.children !== undefined) {
    assert.ok(Array.isArray(v.children) && v.children.length > 0 && v.children.length <= 1000);
    for (const c of v.children) {
      assert.ok(isStrOrNull(c.nodeId), 'child nodeId');
      optional(c.hostname, isNonEmptyStr, 'child hostname');
      optional(c.machineGuid, isNonEmptyStr, 'child machineGuid');
      optional(c.claimId, isStrOrNull, 'child claimId');
      optional(c.claimed, isBool, 'child claimed');
      optional(c.online, isBool, 'child online');
      optional(c.hops, isCount, 'child hops');
    }
  }
  if (v.daemon !== undefined) {
    const d = v.daemon;
    assert.equal(v.source, 'status-file');
    optional(d.status, (s) => (DAEMON_STATUSES as readonly unknown[]).includes(s), 'daemon status');
    for (const key of ['writtenAt', 'startedAt', 'machineGuidSince'] as const) optional(d[key], isDate, `daemon ${key}`);
    for (const key of ['uptimeSeconds', 'restarts', 'crashes', 'fileVersion'] as const) optional(d[key], isCount, `daemon ${key}`);
    optional(d.exitReason, (e) => Array.isArray(e) && e.every(isNonEmptyStr), 'daemon exitReason');
  }
}

export function assertViewOrError(result: unknown): void {
  if (isParseError(result)) assertParseError(result);
  else assertValidView(result);
}

export function assertValidConfig(result: unknown): asserts result is CloudConfig {
  assert.ok(typeof result === 'object' && result !== null);
  const c = result as CloudConfig;
  assert.equal(c.kind, 'cloud-config');
  assert.ok(c.file === 'cloud.conf' || c.file === 'claim.conf');
  optional(c.layout, (l) => l === 1 || l === 2, 'layout');
  for (const key of ['url', 'proxy', 'machineGuid', 'claimedId', 'hostname'] as const) optional(c[key], isStr, key);
  optional(c.urlKey, (k) => k === 'url' || k === 'cloud base url', 'urlKey');
  for (const key of ['enabled', 'insecure'] as const) optional(c[key], isBool, key);
  optional(c.rooms, (r) => Array.isArray(r) && r.every(isNonEmptyStr), 'rooms');
  if (c.token !== undefined) {
    assert.ok(isCount(c.token.length) && isBool(c.token.quoted) && isBool(c.token.whitespace));
    assert.deepEqual(Object.keys(c.token).sort(), ['length', 'quoted', 'whitespace']);
  }
  for (const key of ['keys', 'problems', 'secrets'] as const)
    assert.ok(Array.isArray(c[key]) && c[key].every((s) => typeof s === 'string'), key);
}

export function assertConfigOrError(result: unknown): void {
  if (isParseError(result)) assertParseError(result);
  else assertValidConfig(result);
}

/** The config without its `secrets`, serialised: what a report could ever show. */
export const shownPart = (c: CloudConfig): string => JSON.stringify({ ...c, secrets: undefined });
