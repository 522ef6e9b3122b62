import type { Generated } from 'kysely';

/**
 * Raw payloads are evidence. They are compressed in chunks of many records (one small record at a
 * time compresses badly and slowly); `raw_records` says where each record's bytes are.
 */
export interface RawChunksTable {
  id: Generated<number>;
  codec: string;
  count: number;
  data: Uint8Array;
}

export interface RawRecordsTable {
  sha256: string;
  chunk_id: number;
  idx: number;
  source: string;
  line: number | null;
  byte_offset: number | null;
  cursor: string | null;
}
