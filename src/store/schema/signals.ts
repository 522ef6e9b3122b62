import type { Generated } from 'kysely';

export interface SignalsTable {
  id: Generated<number>;
  subject_kind: string;
  subject_id: string;
  detector: string;
  score: number;
  evidence: string;
  at: number;
  created_at: number;
}

export interface CampaignsTable {
  id: string;
  kind: string;
  members: string;
  keys: string;
  start_at: number;
  end_at: number;
  score: number;
  edges: string;
  summary: string;
  created_at: number;
}
