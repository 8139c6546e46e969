// Reads `{ "nodes": [ … ] }` as it arrives and hands over one node at a time: a Space of 10,000 nodes with full
// label sets is ~17 MB of JSON and ~80 MB once parsed whole, and the doctor keeps ~5 fields of each. A byte
// scanner finds where each element of the top-level "nodes" array begins and ends (strings, escapes and
// nesting followed, nothing else interpreted); each element alone goes through JSON.parse. Memory stays at one
// chunk plus one node, and each parsed node dies young.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** The answer is not `{ "nodes": [ … ] }` as documented, or not complete JSON. */
export class NodesShapeError extends Error {
  override name = 'NodesShapeError';
}

export class NodesArrayScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private started = false;
  private finished = false;
  /** At depth 1: the next string is a key. */
  private expectKey = false;
  private key = '';
  private keyTooLong = false;
  private readingKey = false;
  /** The last key at depth 1 was "nodes" and its value has not started yet. */
  private nodesValueNext = false;
  private inNodes = false;
  private sawNodes = false;
  /** Inside one element of the nodes array. */
  private element: 'container' | 'scalar' | undefined;
  private elementStart = -1;
  private elementParts: Buffer[] = [];
  private elementBytes = 0;
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
      if (this.inString && !this.escaped && !this.readingKey) {
        if (nextBackslash !== -1 && nextBackslash < i) nextBackslash = chunk.indexOf(BACKSLASH, i);
        const quote = chunk.indexOf(QUOTE, i);
        const stop = quote === -1 ? nextBackslash : nextBackslash === -1 ? quote : Math.min(quote, nextBackslash);
        if (stop === -1) break;
        i = stop;
      }
      const b = chunk[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (b === BACKSLASH) this.escaped = true;
        else if (b === QUOTE) {
          this.inString = false;
          if (this.readingKey) this.readingKey = false;
        } else if (this.readingKey) {
          if (this.key.length < 16) this.key += String.fromCharCode(b);
          else this.keyTooLong = true;
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
        this.elementParts = [];
        this.elementBytes = 0;
      }
      if (this.depth === 1 && this.nodesValueNext) {
        this.nodesValueNext = false;
        if (b !== OPEN_ARRAY) throw new NodesShapeError('"nodes" is not an array');
        this.inNodes = true;
        this.sawNodes = true;
        this.depth = 2;
        continue;
      }
      switch (b) {
        case QUOTE:
          this.inString = true;
          if (this.depth === 1 && this.expectKey) {
            this.readingKey = true;
            this.key = '';
            this.keyTooLong = false;
          }
          break;
        case OPEN_OBJECT:
        case OPEN_ARRAY:
          this.depth++;
          break;
        case CLOSE_OBJECT:
        case CLOSE_ARRAY:
          if (this.depth === 2 && this.inNodes && this.element === 'scalar') this.endScalar();
          this.depth--;
          if (this.depth === 2 && this.inNodes && this.element === 'container') this.endContainer(chunk, i);
          else if (this.depth === 1 && this.inNodes) this.inNodes = false;
          else if (this.depth === 0) this.finished = true;
          else if (this.depth < 0) throw new NodesShapeError('unbalanced brackets');
          break;
        case COMMA:
          if (this.depth === 1) this.expectKey = true;
          else if (this.depth === 2 && this.inNodes && this.element === 'scalar') this.endScalar();
          break;
        case COLON:
          if (this.depth === 1) {
            this.expectKey = false;
            this.nodesValueNext = this.key === 'nodes' && !this.keyTooLong;
          }
          break;
        default:
          break;
      }
    }
    if (this.element === 'container') {
      const part = chunk.subarray(this.elementStart >= 0 ? this.elementStart : 0);
      this.elementBytes += part.length;
      if (this.elementBytes > this.maxElementBytes) throw new NodesShapeError(`a node entry larger than ${this.maxElementBytes} bytes`);
      // Copied: a subarray would keep the whole chunk alive.
      this.elementParts.push(Buffer.from(part));
      this.elementStart = -1;
    }
  }

  /** The answer ended: throws unless it was a complete `{ "nodes": [ … ] }`. */
  end(): void {
    if (!this.started) throw new NodesShapeError('an empty answer');
    if (!this.finished || this.inString) throw new NodesShapeError(`JSON cut off after ${this.total} bytes`);
    if (!this.sawNodes) throw new NodesShapeError('an object without a "nodes" array');
  }

  private endScalar(): void {
    this.element = undefined;
    this.each(null);
  }

  private endContainer(chunk: Buffer, i: number): void {
    const tail = chunk.subarray(this.elementStart >= 0 ? this.elementStart : 0, i + 1);
    const bytes = this.elementParts.length === 0 ? tail : Buffer.concat([...this.elementParts, tail]);
    this.element = undefined;
    this.elementParts = [];
    this.elementStart = -1;
    if (bytes.length > this.maxElementBytes) throw new NodesShapeError(`a node entry larger than ${this.maxElementBytes} bytes`);
    let value: unknown;
    try {
      value = JSON.parse(bytes.toString('utf8'));
    } catch {
      throw new NodesShapeError('invalid JSON inside the node list');
    }
    this.each(value);
  }
}
