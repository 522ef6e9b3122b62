/**
 * A buffered text file writer with backpressure. Text is encoded straight into a 1 MiB buffer piece
 * by piece (no joined strings, no second copy), full buffers go to the file stream, and the producer
 * awaits `ready()` between time slices, which waits for the stream to drain when the disk is slower
 * than the generator. Memory stays at a few buffers.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

const SIZE = 1 << 20;

export class Sink {
  private buf = Buffer.allocUnsafe(SIZE);
  private off = 0;
  private blocked = false;
  private readonly stream: WriteStream;
  lines = 0;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { highWaterMark: 4 * SIZE });
  }

  /** Appends text to the current line. */
  put(s: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.off + s.length * 3 > SIZE) {
      this.flush();
      if (s.length * 3 > SIZE) {
        if (!this.stream.write(s)) this.blocked = true;
        return;
      }
    }
    this.off += this.buf.write(s, this.off);
  }

  /** Appends bytes (already UTF-8) to the current line. */
  putBytes(b: Uint8Array): void {
    if (this.off + b.length > SIZE) {
      this.flush();
      if (b.length > SIZE) {
        if (!this.stream.write(Buffer.from(b))) this.blocked = true;
        return;
      }
    }
    this.buf.set(b, this.off);
    this.off += b.length;
  }

  /** Ends the current line. */
  end(): void {
    if (this.off >= SIZE) this.flush();
    this.buf[this.off++] = 0x0a;
    this.lines++;
  }

  line(s: string): void {
    this.put(s);
    this.end();
  }

  private flush(): void {
    if (this.off === 0) return;
    if (!this.stream.write(this.buf.subarray(0, this.off))) this.blocked = true;
    // The stream keeps the written slice until it is on disk: continue in a fresh buffer.
    this.buf = Buffer.allocUnsafe(SIZE);
    this.off = 0;
  }

  async ready(): Promise<void> {
    if (this.off > SIZE / 2) this.flush();
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

/** A growable byte buffer for a record assembled out of order (a page's data before its includes). */
export class Bytes {
  private buf = Buffer.allocUnsafe(1 << 16);
  private len = 0;

  put(s: string): void {
    this.ensure(s.length * 3);
    this.len += this.buf.write(s, this.len);
  }

  putBytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  view(): Buffer {
    return this.buf.subarray(0, this.len);
  }

  reset(): void {
    this.len = 0;
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(bigger, 0, 0, this.len);
    this.buf = bigger;
  }
}
