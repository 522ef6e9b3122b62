import type { Generated } from 'kysely';

/** Raw records, packed and compressed per batch: see store/raw-chunks.ts for the layout. */
export interface RawChunksTable {
  id: Generated<number>;
  codec: string;
  source: string;
  count: number;
  data: Uint8Array;
}
