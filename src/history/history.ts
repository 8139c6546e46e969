// Node history (CONTRACT §14): every change of a node's state or status, the last 200 per node, newest first.
// Fed each published report. With DOCTOR_STATE_DIR set it is also kept as JSON lines in that directory,
// appended per transition and compacted when the file holds twice what is retained, so a restart keeps it.

import { appendFileSync, closeSync, openSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Report, NodeReport } from '../diagnosis/diagnose.ts';
import { NODE_STATES, type NodeState, type NodeStatus } from '../diagnosis/state.ts';

export interface Transition {
  time: string;
  /** null at the first sighting of a node. */
  from: NodeState | null;
  to: NodeState;
  status: NodeStatus;
  /** The worst finding's cause code (`claim.state/token-rejected`), when findings carry one. */
  cause?: string;
  summary: string;
}

export interface HistoryOptions {
  /** DOCTOR_STATE_DIR: where history.jsonl lives; in memory only without it. */
  dir?: string;
  perNode?: number;
  /** Most nodes kept; the node whose last change is oldest goes first (renamed and destroyed containers). */
  maxNodes?: number;
  debug?: (message: string) => void;
  warn?: (message: string) => void;
}

export class HistoryError extends Error {
  override name = 'HistoryError' as const;
}

export const HISTORY_FILE = 'history.jsonl';
export const PER_NODE = 200;
const MAX_NODES = 1_000;
/** A line longer than this is not one we wrote: skipped on load. */
const MAX_LINE = 8 * 1024;
const MAX_SUMMARY = 1_000;
const MAX_FILE = 64 * 1024 * 1024;

const STATUSES: readonly string[] = ['pass', 'warn', 'fail'];

/** What a person reads for a state when no finding explains it (a live node has no failing finding). */
export const STATE_WORDS: Record<NodeState, string> = {
  live: 'connected to Netdata Cloud',
  indirect: 'shown in Cloud through its parent',
  unseen: 'claimed, never connected',
  offline: 'claimed, not connected now',
  banned: 'banned by Netdata Cloud',
  'claim-failed': 'the claim failed',
  'not-claimed': 'not claimed',
  'cloud-disabled': 'Cloud is disabled in this agent',
  'agent-down': 'the agent is not running',
  unknown: 'the Cloud connection could not be determined',
};

/** The finding that explains a node: its first fail, else its first warn. */
export function worstFinding(node: NodeReport): NodeReport['findings'][number] | undefined {
  return node.findings.find((f) => f.status === 'fail') ?? node.findings.find((f) => f.status === 'warn');
}

function transitionOf(node: NodeReport, from: NodeState | null, at: Date): Transition {
  const worst = worstFinding(node);
  const summary = (worst?.summary ?? STATE_WORDS[node.state]).slice(0, MAX_SUMMARY);
  const t: Transition = { time: at.toISOString(), from, to: node.state, status: node.status, summary };
  if (worst?.cause) t.cause = worst.cause;
  return t;
}

/** One stored line, checked field by field: anything else in the file is skipped. */
function parseLine(line: string): { node: string; t: Transition } | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const isState = (s: unknown): s is NodeState => typeof s === 'string' && (NODE_STATES as readonly string[]).includes(s);
  if (typeof o.node !== 'string' || o.node === '' || typeof o.time !== 'string' || Number.isNaN(Date.parse(o.time))) return undefined;
  if (!(o.from === null || isState(o.from)) || !isState(o.to)) return undefined;
  if (typeof o.status !== 'string' || !STATUSES.includes(o.status)) return undefined;
  if (typeof o.summary !== 'string' || (o.cause !== undefined && typeof o.cause !== 'string')) return undefined;
  const t: Transition = { time: o.time, from: o.from, to: o.to, status: o.status as NodeStatus, summary: o.summary.slice(0, MAX_SUMMARY) };
  if (typeof o.cause === 'string') t.cause = o.cause;
  return { node: o.node, t };
}

const codeOf = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

const lineOf = (node: string, t: Transition): string => `${JSON.stringify({ node, ...t })}\n`;

export class History {
  /** Per node, newest first. */
  private readonly nodes = new Map<string, Transition[]>();
  private readonly perNode: number;
  private readonly maxNodes: number;
  private readonly file: string | undefined;
  private linesInFile = 0;
  private writeFailing = false;
  /** Bumped on every change: presenters re-render when it moves. */
  version = 0;

  /**
   * In memory, or loaded from and kept in `dir`. Throws HistoryError when `dir` is set but is not a
   * writable directory: the user asked for persistence, so a doctor that could not keep it does not start.
   */
  constructor(private readonly options: HistoryOptions = {}) {
    this.perNode = options.perNode ?? PER_NODE;
    this.maxNodes = options.maxNodes ?? MAX_NODES;
    if (options.dir === undefined) return;
    const dir = options.dir;
    let isDir: boolean;
    try {
      isDir = statSync(dir).isDirectory();
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : (err as Error).message;
      throw new HistoryError(`DOCTOR_STATE_DIR ${dir}: ${why} (mount a writable volume there, or unset it)`);
    }
    if (!isDir) throw new HistoryError(`DOCTOR_STATE_DIR ${dir}: is not a directory`);
    this.file = path.join(dir, HISTORY_FILE);
    this.load();
    try {
      closeSync(openSync(this.file, 'a'));
    } catch (err) {
      const why = `cannot write ${HISTORY_FILE} (${codeOf(err)})`;
      throw new HistoryError(`DOCTOR_STATE_DIR ${dir}: ${why}; mount a writable volume there, or unset it`);
    }
    if (this.linesInFile > this.retained()) {
      try {
        this.compact();
      } catch (err) {
        throw new HistoryError(`DOCTOR_STATE_DIR ${dir}: cannot rewrite ${HISTORY_FILE} (${codeOf(err)})`);
      }
    }
  }

  private retained(): number {
    let n = 0;
    for (const list of this.nodes.values()) n += list.length;
    return n;
  }

  private load(): void {
    let text: string;
    try {
      const size = statSync(this.file!).size;
      if (size > MAX_FILE) {
        this.options.warn?.(`history: ${this.file} is ${size} bytes, over ${MAX_FILE}: starting a new history`);
        this.linesInFile = Number.MAX_SAFE_INTEGER; // forces a rewrite from what is retained (nothing)
        return;
      }
      text = readFileSync(this.file!, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new HistoryError(`DOCTOR_STATE_DIR: cannot read ${this.file}: ${codeOf(err)}`);
    }
    let skipped = 0;
    const lines = text.split('\n');
    for (const line of lines) {
      if (line === '') continue;
      this.linesInFile++;
      const parsed = line.length <= MAX_LINE ? parseLine(line) : undefined;
      if (!parsed) {
        skipped++;
        continue;
      }
      // Lines are appended oldest first.
      this.insert(parsed.node, parsed.t);
    }
    if (skipped > 0) this.options.debug?.(`history: skipped ${skipped} corrupt or oversized line(s) in ${this.file}`);
    // A file written out of order (clock steps) is still shown newest first.
    for (const list of this.nodes.values()) list.sort((a, b) => Date.parse(b.time) - Date.parse(a.time));
  }

  private insert(node: string, t: Transition): void {
    let list = this.nodes.get(node);
    if (!list) {
      list = [];
      this.nodes.set(node, list);
    } else {
      // Most recently changed node last in the Map's order, so eviction takes the first.
      this.nodes.delete(node);
      this.nodes.set(node, list);
    }
    list.unshift(t);
    if (list.length > this.perNode) list.length = this.perNode;
    while (this.nodes.size > this.maxNodes) this.nodes.delete(this.nodes.keys().next().value!);
  }

  /** Records the report's transitions; returns them (per node name) so the caller can count them. */
  observe(report: Report, at: Date): { node: string; transition: Transition }[] {
    const changes: { node: string; transition: Transition }[] = [];
    for (const node of report.nodes) {
      const name = node.container.name;
      const last = this.nodes.get(name)?.[0];
      if (last && last.to === node.state && last.status === node.status) continue;
      const transition = transitionOf(node, last ? last.to : null, at);
      this.insert(name, transition);
      changes.push({ node: name, transition });
    }
    if (changes.length > 0) {
      this.version++;
      this.persist(changes);
    }
    return changes;
  }

  private persist(changes: { node: string; transition: Transition }[]): void {
    if (!this.file) return;
    try {
      if (this.linesInFile + changes.length > 2 * this.retained() + 100) {
        this.compact();
      } else {
        appendFileSync(this.file, changes.map((c) => lineOf(c.node, c.transition)).join(''));
        this.linesInFile += changes.length;
      }
      if (this.writeFailing) this.options.warn?.(`history: writing ${this.file} works again`);
      this.writeFailing = false;
    } catch (err) {
      // Kept in memory; said once per failing streak, not once per pass.
      if (!this.writeFailing) this.options.warn?.(`history: cannot write ${this.file} (${codeOf(err)}); keeping it in memory`);
      this.writeFailing = true;
    }
  }

  /** Rewrites the file with exactly what is retained (oldest first), atomically by rename. */
  private compact(): void {
    const lines: string[] = [];
    for (const [node, list] of this.nodes) for (let i = list.length - 1; i >= 0; i--) lines.push(lineOf(node, list[i]!));
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, lines.join(''));
    renameSync(tmp, this.file!);
    this.linesInFile = lines.length;
  }

  /** One node's transitions, newest first. */
  of(name: string): readonly Transition[] {
    return this.nodes.get(name) ?? [];
  }

  /** GET /history: per node, newest first. */
  toJSON(): { nodes: Record<string, Transition[]> } {
    // No prototype: a stored node name is data, never a key of Object.prototype.
    const nodes = Object.create(null) as Record<string, Transition[]>;
    for (const [name, list] of [...this.nodes].sort(([a], [b]) => a.localeCompare(b))) nodes[name] = list;
    return { nodes };
  }
}
