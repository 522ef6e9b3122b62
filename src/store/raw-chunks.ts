import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * Raw records are evidence: every record that put something in the store is kept, byte for byte,
 * with its sha256 and position. They are packed into chunks (one per batch and source) and deflated
 * at level 1: one small record at a time compresses badly and slowly, and ingest speed matters more
 * than the last few percent of size. Rows point at a record with a `raw_ref`:
 * chunk id × 2^16 + index in the chunk.
 *
 * A packed record: sha256 (32 bytes) | line (f64) | byte offset (f64) | cursor length (u16) |
 * cursor (utf8) | length (u32) | bytes. NaN stands for an unknown line or offset.
 */
export const RAW_CODEC = 'deflate-raw-1/v1';
export const MAX_RECORDS_PER_CHUNK = 1 << 16;

export interface RawEntry {
  sha256: Buffer;
  line?: number;
  offset?: number;
  cursor?: string;
  bytes: Uint8Array;
}

export interface UnpackedRaw {
  sha256: string;
  line?: number;
  offset?: number;
  cursor?: string;
  bytes: Buffer;
}

export const rawRef = (chunkId: number, idx: number): number => chunkId * MAX_RECORDS_PER_CHUNK + idx;
export const splitRawRef = (ref: number): { chunkId: number; idx: number } => ({
  chunkId: Math.floor(ref / MAX_RECORDS_PER_CHUNK),
  idx: ref % MAX_RECORDS_PER_CHUNK,
});

/**
 * Packs records one at a time into one growing buffer. Nothing per record stays alive until the chunk
 * is written (no entry objects, no views pinning the reader's 1 MB input chunks): at firehose rates,
 * keeping 65k small objects alive until the flush made every young-generation GC copy them.
 */
export class ChunkPacker {
  private buffer = Buffer.allocUnsafe(1 << 20);
  private at = 0;
  /** Records added since the last `finish`. */
  count = 0;

  add(record: RawEntry): void {
    const cursor = record.cursor ? Buffer.from(record.cursor, 'utf8') : undefined;
    const size = 50 + (cursor?.length ?? 0) + 4 + record.bytes.length;
    this.reserve(size);
    const b = this.buffer;
    let at = this.at;
    b.set(record.sha256, at);
    b.writeDoubleLE(record.line ?? Number.NaN, at + 32);
    b.writeDoubleLE(record.offset ?? Number.NaN, at + 40);
    b.writeUInt16LE(cursor?.length ?? 0, at + 48);
    at += 50;
    if (cursor) {
      b.set(cursor, at);
      at += cursor.length;
    }
    b.writeUInt32LE(record.bytes.length, at);
    b.set(record.bytes, at + 4);
    this.at = at + 4 + record.bytes.length;
    this.count += 1;
  }

  /** The deflated chunk of everything added; the packer starts empty again. */
  finish(): Buffer {
    const chunk = deflateRawSync(this.buffer.subarray(0, this.at), { level: 1 });
    this.clear();
    return chunk;
  }

  clear(): void {
    this.at = 0;
    this.count = 0;
    if (this.buffer.length > 64 << 20) this.buffer = Buffer.allocUnsafe(1 << 20); // give back an outsized one
  }

  private reserve(size: number): void {
    if (this.at + size <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + size));
    this.buffer.copy(grown, 0, 0, this.at);
    this.buffer = grown;
  }
}

export function unpackChunk(chunk: Uint8Array): UnpackedRaw[] {
  const packed = inflateRawSync(chunk);
  const out: UnpackedRaw[] = [];
  let at = 0;
  while (at < packed.length) {
    const sha256 = packed.subarray(at, at + 32).toString('hex');
    const line = packed.readDoubleLE(at + 32);
    const offset = packed.readDoubleLE(at + 40);
    const cursorLength = packed.readUInt16LE(at + 48);
    at += 50;
    const cursor = cursorLength > 0 ? packed.subarray(at, at + cursorLength).toString('utf8') : undefined;
    at += cursorLength;
    const length = packed.readUInt32LE(at);
    const bytes = packed.subarray(at + 4, at + 4 + length);
    at += 4 + length;
    out.push({
      sha256,
      ...(Number.isNaN(line) ? {} : { line }),
      ...(Number.isNaN(offset) ? {} : { offset }),
      ...(cursor ? { cursor } : {}),
      bytes,
    });
  }
  return out;
}
