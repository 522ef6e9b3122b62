/**
 * Where an ingest of a source got to, written in the same transaction as the records before it, so
 * a killed ingest resumes exactly there: nothing lost, nothing twice.
 */
export interface CheckpointsTable {
  source: string;
  format: string;
  /** sha256 of the source's first 64 KiB: a different file at the same path starts over. */
  head_sha256: string;
  line: number;
  byte_offset: number;
  /** Framing state needed to resume (CSV header, document record index) as JSON. */
  state: string;
  cursor: string | null;
  done: number;
  updated_at: number;
}

export interface IngestRunsTable {
  id: string;
  started_at: number;
  finished_at: number | null;
  summary: string;
}
