/** The review queue: one case per subject under review. */
export interface CasesTable {
  id: string;
  subject_kind: string;
  subject_id: string;
  status: string;
  priority: number;
  /** JSON array of why the case was opened (detector names, rule ids). */
  reasons: string;
  opened_at: number;
  updated_at: number;
}

export interface DecisionsTable {
  case_id: string;
  reviewer: string;
  verdict: string;
  label: string | null;
  note: string | null;
  at: number;
}

/** Append-only and hash-chained: each entry's hash covers the previous hash, so edits are evident. */
export interface AuditTable {
  seq: number;
  at: number;
  actor: string;
  action: string;
  subject_kind: string | null;
  subject_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}
