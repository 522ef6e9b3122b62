import type { Store } from './db.js';
import { splitRawRef, unpackChunk, type UnpackedRaw } from './raw-chunks.js';

export interface RawEvidence extends UnpackedRaw {
  source: string;
}

/** The exact bytes (with sha256 and position) of the record a row came from. */
export async function readRaw(store: Store, ref: number): Promise<RawEvidence | undefined> {
  const { chunkId, idx } = splitRawRef(ref);
  const chunk = await store.db.selectFrom('raw_chunks').select(['source', 'data']).where('id', '=', chunkId).executeTakeFirst();
  if (!chunk) return undefined;
  const record = unpackChunk(chunk.data)[idx];
  return record ? { ...record, source: chunk.source } : undefined;
}
