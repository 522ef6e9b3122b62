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

export function packChunk(records: readonly RawEntry[]): Buffer {
  const cursors = records.map((r) => (r.cursor ? Buffer.from(r.cursor, 'utf8') : undefined));
  let size = 0;
  records.forEach((r, i) => (size += 32 + 8 + 8 + 2 + (cursors[i]?.length ?? 0) + 4 + r.bytes.length));
  const packed = Buffer.allocUnsafe(size);
  let at = 0;
  records.forEach((r, i) => {
    packed.set(r.sha256, at);
    packed.writeDoubleLE(r.line ?? Number.NaN, at + 32);
    packed.writeDoubleLE(r.offset ?? Number.NaN, at + 40);
    const cursor = cursors[i];
    packed.writeUInt16LE(cursor?.length ?? 0, at + 48);
    at += 50;
    if (cursor) {
      packed.set(cursor, at);
      at += cursor.length;
    }
    packed.writeUInt32LE(r.bytes.length, at);
    packed.set(r.bytes, at + 4);
    at += 4 + r.bytes.length;
  });
  return deflateRawSync(packed, { level: 1 });
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
