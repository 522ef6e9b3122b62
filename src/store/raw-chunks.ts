import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * Raw records are packed into chunks: each record as a 4-byte little-endian length then its bytes,
 * the whole chunk deflated at level 1. Level 1 because ingest throughput matters more than the last
 * few percent of size; JSON from one source still compresses 5–10× at that level.
 */
export const RAW_CODEC = 'deflate-raw-1/len32';

export function packChunk(records: readonly Uint8Array[]): Buffer {
  let size = 0;
  for (const r of records) size += 4 + r.length;
  const packed = Buffer.allocUnsafe(size);
  let at = 0;
  for (const r of records) {
    packed.writeUInt32LE(r.length, at);
    packed.set(r, at + 4);
    at += 4 + r.length;
  }
  return deflateRawSync(packed, { level: 1 });
}

export function unpackRecord(chunk: Uint8Array, idx: number): Buffer {
  const packed = inflateRawSync(chunk);
  let at = 0;
  for (let i = 0; i < idx; i++) at += 4 + packed.readUInt32LE(at);
  if (at >= packed.length) throw new RangeError(`record ${idx} is not in this chunk`);
  const length = packed.readUInt32LE(at);
  return packed.subarray(at + 4, at + 4 + length);
}
