/** Follows and blocks, as created/removed events in time (a removal keeps the creation). */
export interface RelationsTable {
  kind: string;
  action: string;
  from_id: string;
  /** '' when the platform names only the record key (a Bluesky unfollow). */
  to_id: string;
  record_key: string;
  at: number;
  platform: string;
  raw_ref: number | null;
}
