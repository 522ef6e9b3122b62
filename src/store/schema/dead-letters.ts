import type { Generated } from 'kysely';

/** Records that could not be decoded: where they were, why, and their exact bytes. */
export interface DeadLettersTable {
  id: Generated<number>;
  source: string;
  format: string | null;
  line: number | null;
  byte_offset: number | null;
  cursor: string | null;
  reason: string;
  detail: string | null;
  raw: Uint8Array;
  raw_sha256: string;
  at: number;
}
