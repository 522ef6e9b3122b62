/**
 * Byte writers for the hot path. `Bytes` is a growable buffer with typed appends: fixed fragments are
 * encoded once and copied (`raw`), ASCII (ids, times) is copied without UTF-8 encoding, integers are
 * written digit by digit, and only free text goes through the encoder. Records are written in the
 * field order `JSON.stringify` gave, so the bytes did not change when the writers moved to this.
 *
 * `Sink` is a `Bytes` that is also a file: at a line end past 1 MiB the buffer goes to the file
 * stream and a recycled one (back from the stream) takes its place. The producer awaits `ready()`
 * between time slices, which waits for the stream to drain when the disk is slower than the
 * generator. Memory stays at a few buffers.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

const FLUSH_AT = 1 << 20;
const QUOTE = 0x22;
/**
 * Whether `JSON.stringify` would escape something in `s`: quotes, backslashes, control characters,
 * lone surrogates (a paired one, an emoji, only takes the slow path, which gives the same bytes).
 */
export const needsJsonEscape = (s: string): boolean => NEEDS_ESCAPE.test(s);
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * Node's own latin1 writer under `Buffer#write(s, at, 'latin1')`, which parses its encoding argument
 * on every call: that cost more than the copy itself.
 */
interface Latin1 {
  latin1Write(s: string, offset: number): number;
}

/** Encodes a fixed fragment once (keys, punctuation, constant values). */
export const enc = (s: string): Buffer => Buffer.from(s, 'utf8');

export class Bytes {
  protected buf: Buffer;
  protected len = 0;

  constructor(size = 1 << 16) {
    this.buf = Buffer.allocUnsafe(size);
  }

  get length(): number {
    return this.len;
  }

  /** Makes room for `n` more bytes. */
  protected room(n: number): void {
    if (this.len + n > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    }
  }

  /** Appends bytes (already UTF-8). */
  raw(b: Uint8Array): void {
    const n = b.length;
    this.room(n);
    if (n <= 16) {
      // Short fragments (quotes, keys) are copied in a loop: cheaper than the call into `set`.
      const buf = this.buf;
      const o = this.len;
      for (let k = 0; k < n; k++) buf[o + k] = b[k]!;
      this.len = o + n;
      return;
    }
    this.buf.set(b, this.len);
    this.len += n;
  }

  /** Appends `src[start, end)`. */
  rawRange(src: Buffer, start: number, end: number): void {
    this.room(end - start);
    this.len += src.copy(this.buf, this.len, start, end);
  }

  /**
   * Appends a string known to be ASCII (ids, times, keys, fixed names): latin1 is a plain copy of a
   * one-byte string, no UTF-8 encoding; short strings are copied char by char, cheaper than a call.
   */
  ascii(s: string): void {
    const n = s.length;
    this.room(n);
    if (n > 24) {
      this.len += (this.buf as unknown as Latin1).latin1Write(s, this.len);
      return;
    }
    const buf = this.buf;
    let o = this.len;
    for (let k = 0; k < n; k++) buf[o++] = s.charCodeAt(k);
    this.len = o;
  }

  /** Appends any text as UTF-8. */
  text(s: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    this.room(s.length * 3);
    this.len += this.buf.write(s, this.len);
  }

  byte(c: number): void {
    this.room(1);
    this.buf[this.len++] = c;
  }

  /** Appends a non-negative integer below 10^width in exactly `width` digits (zero-padded). */
  pad(n: number, width: number): void {
    this.room(width);
    const buf = this.buf;
    let o = this.len + width;
    this.len = o;
    for (let k = 0; k < width; k++) {
      const q = Math.floor(n / 10);
      buf[--o] = 48 + n - q * 10;
      n = q;
    }
  }

  /** Appends a non-negative integer in decimal. */
  int(n: number): void {
    this.room(20);
    const buf = this.buf;
    if (n < 10) {
      buf[this.len++] = 48 + n;
      return;
    }
    let d = 10;
    while (d <= n) d *= 10;
    let o = this.len;
    while (d > 1) {
      d /= 10;
      const digit = Math.floor(n / d);
      buf[o++] = 48 + digit;
      n -= digit * d;
    }
    this.len = o;
  }

  /** Appends `s` as the inside of a JSON string (no quotes): as is, unless JSON must escape some of it. */
  jsonInner(s: string): void {
    this.text(needsJsonEscape(s) ? JSON.stringify(s).slice(1, -1) : s);
  }

  /** `jsonInner(s)`, returning the UTF-8 length of `s` itself (what byte offsets into the text count). */
  jsonText(s: string): number {
    if (needsJsonEscape(s)) {
      this.text(JSON.stringify(s).slice(1, -1));
      return Buffer.byteLength(s);
    }
    const start = this.len;
    this.text(s);
    return this.len - start;
  }

  /** Appends `s` as a JSON string. */
  json(s: string): void {
    this.byte(QUOTE);
    this.jsonInner(s);
    this.byte(QUOTE);
  }

  view(): Buffer {
    return this.buf.subarray(0, this.len);
  }

  /** The bytes written since `from`, as a copy (for caches). */
  copyFrom(from: number): Buffer {
    return Buffer.from(this.buf.subarray(from, this.len));
  }

  toString(): string {
    return this.view().toString('utf8');
  }

  reset(): void {
    this.len = 0;
  }
}

/** A line-oriented output file. */
export class Sink extends Bytes {
  private blocked = false;
  private readonly spare: Buffer[] = [];
  private readonly stream: WriteStream;

  constructor(readonly path: string) {
    super(2 * FLUSH_AT);
    this.stream = createWriteStream(path, { highWaterMark: 4 * FLUSH_AT });
  }

  /** Ends the current line. */
  end(): void {
    this.byte(0x0a);
    if (this.len >= FLUSH_AT) this.flush();
  }

  line(s: string): void {
    this.text(s);
    this.end();
  }

  private flush(): void {
    if (this.len === 0) return;
    const full = this.buf;
    // The stream holds the slice until it is on disk; the buffer is reused after that.
    const ok = this.stream.write(full.subarray(0, this.len), () => {
      if (full.length === 2 * FLUSH_AT) this.spare.push(full);
    });
    if (!ok) this.blocked = true;
    this.buf = this.spare.pop() ?? Buffer.allocUnsafe(2 * FLUSH_AT);
    this.len = 0;
  }

  async ready(): Promise<void> {
    if (this.len > FLUSH_AT / 2) this.flush();
    if (this.blocked) {
      await once(this.stream, 'drain');
      this.blocked = false;
    }
  }

  async close(): Promise<void> {
    this.flush();
    this.stream.end();
    await finished(this.stream);
  }
}
