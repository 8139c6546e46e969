// Reads `{ "nodes": [ … ] }` as it arrives and hands over one node at a time, with only the fields matching
// needs: a Space of 10,000 nodes with full label sets is ~17 MB of JSON and ~80 MB once parsed whole, and the
// doctor keeps 5 short fields of each. A byte scanner follows strings, escapes and nesting; inside each element
// of the top-level "nodes" array it keeps the string values of the wanted keys and reads past everything else
// (labels, hardware, health) without building it. Memory stays at one chunk plus the wanted strings.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const LETTER_N = 0x6e;
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** The node fields kept; any other key of a node is read past. */
export const WANTED_FIELDS: ReadonlySet<string> = new Set(['nd', 'mg', 'nm', 'state', 'v']);
/** A wanted value longer than this is not a node ID, GUID, hostname, state or version: kept as a wrong type. */
const MAX_VALUE_BYTES = 1024;
const MAX_KEY_BYTES = 32;
/** Stands for a value of the wrong type (a number, an object, …): the listing drops such a node. */
const WRONG_TYPE = 0;

/** The answer is not `{ "nodes": [ … ] }` as documented, or not complete JSON. */
export class NodesShapeError extends Error {
  override name = 'NodesShapeError';
}

type Capture = 'key1' | 'key3' | 'value';

export class NodesArrayScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private started = false;
  private finished = false;
  /** At depth 1: the next string is a key. */
  private expectKey = false;
  private key = '';
  /** The last key at depth 1 was "nodes" and its value has not started yet. */
  private nodesValueNext = false;
  private inNodes = false;
  private sawNodes = false;
  /** Inside one element of the nodes array. */
  private element: 'container' | 'scalar' | undefined;
  private elementStart = -1;
  private elementBytes = 0;
  /** The wanted fields of the current element, when it is an object. */
  private current: Record<string, unknown> | undefined;
  private expectKey3 = false;
  private key3 = '';
  /** A wanted key was read at depth 3: its value comes next. */
  private valueFor: string | undefined;
  /** The string being kept, if any. */
  private capture: Capture | undefined;
  private captureStart = -1;
  private captureParts: Buffer[] = [];
  private captureBytes = 0;
  private captureEscaped = false;
  private total = 0;

  constructor(
    private readonly each: (node: unknown) => void,
    private readonly maxElementBytes = 1024 * 1024,
  ) {}

  push(chunk: Buffer): void {
    this.total += chunk.length;
    const n = chunk.length;
    // Most bytes are inside strings (label values): jump to the next quote or backslash with indexOf (native)
    // instead of looking at each byte. The next backslash is remembered, as there are few.
    let nextBackslash = -2;
    for (let i = 0; i < n; i++) {
      if (this.inString && !this.escaped) {
        if (nextBackslash !== -1 && nextBackslash < i) nextBackslash = chunk.indexOf(BACKSLASH, i);
        const quote = chunk.indexOf(QUOTE, i);
        const stop = quote === -1 ? nextBackslash : nextBackslash === -1 ? quote : Math.min(quote, nextBackslash);
        if (stop === -1) break;
        i = stop;
      }
      const b = chunk[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (b === BACKSLASH) {
          this.escaped = true;
          if (this.capture) this.captureEscaped = true;
        } else if (b === QUOTE) {
          this.inString = false;
          if (this.capture) this.endCapture(chunk, i);
        }
        continue;
      }
      if (isSpace(b)) continue;
      if (this.finished) throw new NodesShapeError('data after the end of the JSON answer');
      if (!this.started) {
        if (b !== OPEN_OBJECT) throw new NodesShapeError(b === 0x3c ? 'HTML, not JSON' : 'not a JSON object');
        this.started = true;
        this.depth = 1;
        this.expectKey = true;
        continue;
      }
      if (this.inNodes && this.depth === 2 && this.element === undefined && b !== COMMA && b !== CLOSE_ARRAY) {
        this.element = b === OPEN_OBJECT || b === OPEN_ARRAY ? 'container' : 'scalar';
        this.elementStart = i;
        this.elementBytes = 0;
        this.current = b === OPEN_OBJECT ? {} : undefined;
        this.expectKey3 = true;
        this.valueFor = undefined;
      }
      if (this.depth === 1 && this.nodesValueNext) {
        this.nodesValueNext = false;
        if (b !== OPEN_ARRAY) throw new NodesShapeError('"nodes" is not an array');
        this.inNodes = true;
        this.sawNodes = true;
        this.depth = 2;
        continue;
      }
      if (this.valueFor !== undefined && this.depth === 3) {
        const field = this.valueFor;
        this.valueFor = undefined;
        if (b === CLOSE_OBJECT || b === COMMA || b === COLON || b === CLOSE_ARRAY)
          throw new NodesShapeError('invalid JSON inside the ' + 'node list');
        if (b === QUOTE) {
          this.inString = true;
          this.startCapture('value', i, field);
          continue;
        }
        this.current![field] = b === LETTER_N ? null : WRONG_TYPE;
      }
      switch (b) {
        case QUOTE:
          this.inString = true;
          if (this.depth === 1 && this.expectKey) this.startCapture('key1', i);
          else if (this.depth === 3 && this.current && this.expectKey3) this.startCapture('key3', i);
          break;
        case OPEN_OBJECT:
        case OPEN_ARRAY:
          this.depth++;
          break;
        case CLOSE_OBJECT:
        case CLOSE_ARRAY:
          if (this.depth === 2 && this.inNodes && this.element === 'scalar') this.endScalar();
          this.depth--;
          if (this.depth === 2 && this.inNodes && this.element === 'container') this.endContainer(i);
          else if (this.depth === 1 && this.inNodes) this.inNodes = false;
          else if (this.depth === 0) this.finished = true;
          else if (this.depth < 0) throw new NodesShapeError('unbalanced brackets');
          break;
        case COMMA:
          if (this.depth === 1) this.expectKey = true;
          else if (this.depth === 3 && this.current) this.expectKey3 = true;
          else if (this.depth === 2 && this.inNodes && this.element === 'scalar') this.endScalar();
          break;
        case COLON:
          if (this.depth === 1) {
            this.expectKey = false;
            this.nodesValueNext = this.key === 'nodes';
          } else if (this.depth === 3 && this.current) {
            this.expectKey3 = false;
            if (WANTED_FIELDS.has(this.key3)) this.valueFor = this.key3;
          }
          break;
        default:
          break;
      }
    }
    if (this.capture) {
      const start = this.captureStart >= 0 ? this.captureStart : 0;
      this.addCaptured(chunk.subarray(start), true);
      this.captureStart = -1;
    }
    if (this.element === 'container') {
      this.elementBytes += n - (this.elementStart >= 0 ? this.elementStart : 0);
      this.elementStart = -1;
      if (this.elementBytes > this.maxElementBytes) throw new NodesShapeError(`a node entry larger than ${this.maxElementBytes} bytes`);
    }
  }

  /** The answer ended: throws unless it was a complete `{ "nodes": [ … ] }`. */
  end(): void {
    if (!this.started) throw new NodesShapeError('an empty answer');
    if (!this.finished || this.inString) throw new NodesShapeError(`JSON cut off after ${this.total} bytes`);
    if (!this.sawNodes) throw new NodesShapeError('an object without a "nodes" array');
  }

  private captureField: string | undefined;

  private startCapture(kind: Capture, quoteAt: number, field?: string): void {
    this.capture = kind;
    this.captureStart = quoteAt + 1;
    this.captureParts = [];
    this.captureBytes = 0;
    this.captureEscaped = false;
    this.captureField = field;
  }

  private addCaptured(part: Buffer, copy: boolean): void {
    this.captureBytes += part.length;
    const limit = this.capture === 'value' ? MAX_VALUE_BYTES : MAX_KEY_BYTES;
    if (this.captureBytes <= limit) this.captureParts.push(copy ? Buffer.from(part) : part);
  }

  private endCapture(chunk: Buffer, quoteAt: number): void {
    this.addCaptured(chunk.subarray(this.captureStart >= 0 ? this.captureStart : 0, quoteAt), false);
    const kind = this.capture!;
    const limit = kind === 'value' ? MAX_VALUE_BYTES : MAX_KEY_BYTES;
    let text: string | undefined;
    if (this.captureBytes <= limit) {
      const raw = (this.captureParts.length === 1 ? this.captureParts[0]! : Buffer.concat(this.captureParts)).toString('utf8');
      try {
        text = this.captureEscaped ? (JSON.parse(`"${raw}"`) as string) : raw;
      } catch {
        throw new NodesShapeError('invalid JSON inside the node list');
      }
    }
    this.capture = undefined;
    this.captureParts = [];
    this.captureStart = -1;
    if (kind === 'key1') this.key = text ?? '';
    else if (kind === 'key3') this.key3 = text ?? '';
    else this.current![this.captureField!] = text ?? WRONG_TYPE;
  }

  private endScalar(): void {
    this.element = undefined;
    this.each(null);
  }

  private endContainer(i: number): void {
    this.elementBytes += i + 1 - (this.elementStart >= 0 ? this.elementStart : 0);
    const node = this.current ?? null;
    this.element = undefined;
    this.current = undefined;
    this.elementStart = -1;
    if (this.elementBytes > this.maxElementBytes) throw new NodesShapeError(`a node entry larger than ${this.maxElementBytes} bytes`);
    this.each(node);
  }
}
