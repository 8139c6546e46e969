import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FrameSplitter, LineSplitter, LogCollector, dockerTimestamp, looksMultiplexed } from '../../../src/docker/log-frames.ts';

/** One frame of Docker's multiplexed stream: type (1 stdout, 2 stderr), three zero bytes, big-endian length. */
const frame = (stream: 1 | 2, text: string): Buffer => {
  const body = Buffer.from(text, 'utf8');
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
};
const chunks = (buf: Buffer, size: number): Buffer[] => {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
};

const STREAM = Buffer.concat([
  frame(1, 'Connection attempt 1 successful\n'),
  frame(2, 'Token: ****************\nBase URL: https://cloud.test:53599\n'),
  frame(2, 'Failed to claim node with the following error message:"token expired/token not found/invalid token"\n'),
  frame(1, 'ACLK CONNECTED\n'),
]);
const STDOUT = 'Connection attempt 1 successful\nACLK CONNECTED\n';
const STDERR =
  'Token: ****************\nBase URL: https://cloud.test:53599\nFailed to claim node with the following error message:"token expired/token not found/invalid token"\n';

describe('LogCollector', () => {
  for (const size of [1, 3, 7, 8, 9, 13, 64, 100_000]) {
    it(`multiplexed frames split across ${size}-byte chunks (tty known)`, () => {
      const c = new LogCollector(1 << 20, false);
      for (const chunk of chunks(STREAM, size)) c.push(chunk);
      assert.deepEqual(c.result(), { stdout: STDOUT, stderr: STDERR, truncated: false });
    });
  }

  it('multiplexed detected from the first chunk when tty is not given', () => {
    const c = new LogCollector(1 << 20);
    for (const chunk of chunks(STREAM, 20)) c.push(chunk);
    assert.deepEqual(c.result(), { stdout: STDOUT, stderr: STDERR, truncated: false });
  });

  it('multiplexed detected even when the first chunk is shorter than a header', () => {
    const c = new LogCollector(1 << 20);
    for (const chunk of chunks(STREAM, 3)) c.push(chunk);
    assert.deepEqual(c.result(), { stdout: STDOUT, stderr: STDERR, truncated: false });
  });

  it('TTY: raw bytes, all stdout, even if they look like a header', () => {
    const c = new LogCollector(1 << 20, true);
    const raw = Buffer.from('\u0001\u0000\u0000\u0000 weird but raw\r\nsecond line\r\n');
    for (const chunk of chunks(raw, 5)) c.push(chunk);
    assert.deepEqual(c.result(), { stdout: raw.toString('utf8'), stderr: '', truncated: false });
  });

  it('raw detected from text when tty is not given', () => {
    const c = new LogCollector(1 << 20);
    c.push(Buffer.from('2022-02-20 15:15:07: netdata INFO  : MAIN : started\n'));
    assert.equal(c.result().stdout, '2022-02-20 15:15:07: netdata INFO  : MAIN : started\n');
  });

  it('maxBytes keeps only the newest bytes per stream and says it truncated', () => {
    const c = new LogCollector(10, false);
    c.push(frame(1, '0123456789'));
    c.push(frame(1, 'abcdefghij'));
    c.push(Buffer.concat([frame(1, 'KLMNO'), frame(2, 'err-1\n')]));
    const r = c.result();
    assert.ok(r.stdout.length <= 10);
    assert.ok('0123456789abcdefghijKLMNO'.endsWith(r.stdout), r.stdout);
    assert.ok(r.stdout.endsWith('KLMNO'));
    assert.equal(r.stderr, 'err-1\n');
    assert.equal(r.truncated, true);
  });

  // Dropping whole older parts until the total is below maxBytes can drop far more than needed: one large
  // old chunk (TTY streams deliver big chunks) followed by a small one leaves only the small one.
  it('maxBytes keeps a full window of the newest bytes', () => {
    const c = new LogCollector(10, true);
    c.push(Buffer.from('xxxxxxxxxx'));
    c.push(Buffer.from('y'));
    assert.deepEqual(c.result(), { stdout: 'xxxxxxxxxy', stderr: '', truncated: true });
  });

  it('one frame bigger than maxBytes is cut to its tail', () => {
    const c = new LogCollector(4, false);
    c.push(frame(2, 'first line\nlast'));
    assert.deepEqual(c.result(), { stdout: '', stderr: 'last', truncated: true });
  });

  it('TTY output is bounded too', () => {
    const c = new LogCollector(6, true);
    for (const piece of ['aaaa', 'bbbb', 'cccc']) c.push(Buffer.from(piece));
    const r = c.result();
    assert.ok(r.stdout.length <= 6 && r.stdout.endsWith('cccc') && !r.stdout.includes('a'), r.stdout);
    assert.equal(r.truncated, true);
  });

  it('an incomplete trailing frame is not emitted', () => {
    const c = new LogCollector(1 << 20, false);
    const whole = frame(2, 'complete\n');
    c.push(Buffer.concat([whole, frame(1, 'partial line').subarray(0, 12)]));
    assert.deepEqual(c.result(), { stdout: '', stderr: 'complete\n', truncated: false });
  });
});

describe('FrameSplitter / looksMultiplexed / LineSplitter', () => {
  it('frames come out as they complete', () => {
    const s = new FrameSplitter(false);
    const f = frame(2, 'hello');
    assert.deepEqual(s.push(f.subarray(0, 10)), []);
    const out = s.push(f.subarray(10));
    assert.equal(out.length, 1);
    assert.equal(out[0]!.stream, 'stderr');
    assert.equal(out[0]!.bytes.toString(), 'hello');
  });
  it('looksMultiplexed', () => {
    assert.equal(looksMultiplexed(frame(1, 'x')), true);
    assert.equal(looksMultiplexed(Buffer.from('time=2026 msg="x"')), false);
    assert.equal(looksMultiplexed(Buffer.from([1, 0, 0])), false);
  });
  it('LineSplitter keeps partial lines and bounds long ones', () => {
    const l = new LineSplitter(8);
    assert.deepEqual(l.push('abc'), []);
    assert.deepEqual(l.push('def\r\nghi\n'), ['abcdef', 'ghi']);
    assert.deepEqual(l.push('0123456789ABCDEF\n'), ['01234567']);
  });
});

describe('dockerTimestamp', () => {
  const seconds = (iso: string) => String(Date.parse(iso) / 1000);
  it('keeps the nanoseconds of StartedAt', () => {
    assert.equal(dockerTimestamp('2026-11-23T19:15:38.421937625Z'), `${seconds('2026-11-23T19:15:38Z')}.421937625`);
  });
  it('pads milliseconds (Date#toISOString) and a missing fraction', () => {
    assert.equal(dockerTimestamp('2026-11-23T19:15:38.421Z'), `${seconds('2026-11-23T19:15:38Z')}.421000000`);
    assert.equal(dockerTimestamp('2026-11-23T19:15:38Z'), `${seconds('2026-11-23T19:15:38Z')}.000000000`);
  });
  it('honours an offset', () => {
    assert.equal(dockerTimestamp('2026-11-23T21:15:38.5+02:00'), `${seconds('2026-11-23T19:15:38Z')}.500000000`);
  });
  it('never, garbage: undefined', () => {
    assert.equal(dockerTimestamp('0001-01-01T00:00:00Z'), undefined);
    assert.equal(dockerTimestamp('yesterday'), undefined);
    assert.equal(dockerTimestamp(''), undefined);
  });
});
