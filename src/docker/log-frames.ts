// The logs endpoint answers in one of two framings: multiplexed 8-byte-header frames for containers
// without a TTY, raw bytes (all "stdout") for containers with one. Bounded: only the newest bytes are kept.

export interface SplitLogs {
  stdout: string;
  stderr: string;
  truncated: boolean;
}

/** A multiplexed stream starts with a header: stream type 0-2, three zero bytes, a big-endian length. */
export function looksMultiplexed(chunk: Buffer): boolean {
  return chunk.length >= 8 && chunk[0]! <= 2 && chunk[1] === 0 && chunk[2] === 0 && chunk[3] === 0;
}

export interface Frame {
  stream: 'stdout' | 'stderr';
  bytes: Buffer;
}

/** Splits a byte stream into frames as they complete; raw (TTY) streams are one stdout frame per chunk. */
export class FrameSplitter {
  private pending: Buffer = Buffer.alloc(0);
  private multiplexed: boolean | undefined;

  constructor(tty?: boolean) {
    if (tty !== undefined) this.multiplexed = !tty;
  }

  push(chunk: Buffer): Frame[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    if (this.multiplexed === undefined) {
      // A header is 8 bytes: decide the framing only once that much has arrived.
      if (this.pending.length < 8) return [];
      this.multiplexed = looksMultiplexed(this.pending);
    }
    if (!this.multiplexed) {
      const bytes = this.pending;
      this.pending = Buffer.alloc(0);
      return [{ stream: 'stdout', bytes }];
    }
    const frames: Frame[] = [];
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      frames.push({ stream: this.pending[0] === 2 ? 'stderr' : 'stdout', bytes: this.pending.subarray(8, 8 + size) });
      this.pending = this.pending.subarray(8 + size);
    }
    return frames;
  }

  /** At the end of the stream: bytes too few to decide the framing are plain output. */
  flush(): Frame[] {
    if (this.multiplexed !== undefined || this.pending.length === 0) return [];
    const bytes = this.pending;
    this.pending = Buffer.alloc(0);
    return [{ stream: 'stdout', bytes }];
  }
}

/** Accumulates log bytes and keeps at most `maxBytes` per stream, dropping the oldest. */
export class LogCollector {
  private readonly splitter: FrameSplitter;
  private readonly parts: { stdout: Buffer[]; stderr: Buffer[] } = { stdout: [], stderr: [] };
  private readonly sizes = { stdout: 0, stderr: 0 };
  truncated = false;

  constructor(
    private readonly maxBytes: number,
    tty?: boolean,
  ) {
    this.splitter = new FrameSplitter(tty);
  }

  push(chunk: Buffer): void {
    for (const frame of this.splitter.push(chunk)) this.keep(frame.stream, frame.bytes);
  }

  private keep(stream: 'stdout' | 'stderr', bytes: Buffer): void {
    this.parts[stream].push(Buffer.from(bytes));
    this.sizes[stream] += bytes.length;
    // Drop whole old parts while the rest still fills the window, then trim the oldest one to fit.
    const parts = this.parts[stream];
    while (this.sizes[stream] > this.maxBytes && parts.length > 1) {
      const excess = this.sizes[stream] - this.maxBytes;
      const oldest = parts[0]!;
      this.truncated = true;
      if (oldest.length <= excess) {
        parts.shift();
        this.sizes[stream] -= oldest.length;
      } else {
        parts[0] = oldest.subarray(excess);
        this.sizes[stream] -= excess;
      }
    }
  }

  result(): SplitLogs {
    for (const frame of this.splitter.flush()) this.keep(frame.stream, frame.bytes);
    const text = (stream: 'stdout' | 'stderr') => {
      let buf = Buffer.concat(this.parts[stream]);
      if (buf.length > this.maxBytes) {
        buf = buf.subarray(buf.length - this.maxBytes);
        this.truncated = true;
      }
      return buf.toString('utf8');
    };
    return { stdout: text('stdout'), stderr: text('stderr'), truncated: this.truncated };
  }
}

/** Turns chunks into complete lines; a line longer than `maxLine` is cut, so memory stays bounded. */
export class LineSplitter {
  private partial = '';
  constructor(private readonly maxLine = 16 * 1024) {}
  push(text: string): string[] {
    const parts = (this.partial + text).split(/\r?\n/);
    this.partial = parts.pop()!.slice(-this.maxLine);
    return parts.map((l) => l.slice(0, this.maxLine));
  }
}

/** Docker's `since`/`until` take "seconds.nanoseconds"; keep the nanoseconds of StartedAt exactly. */
export function dockerTimestamp(iso: string): string | undefined {
  const match = /^(.*?)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(iso);
  if (!match) return undefined;
  const seconds = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(seconds) || seconds <= 0) return undefined;
  return `${Math.floor(seconds / 1000)}.${(match[2] ?? '0').padEnd(9, '0').slice(0, 9)}`;
}
