import type { Generated } from 'kysely';

/**
 * The classifier registry: every model ever registered for a task, numbered 1, 2, … per task.
 * `status` is `active` (its scores are acted on; at most one per task, enforced by a partial unique
 * index), `shadow` (scored, never acted on) or `retired` (kept for audit and rollback).
 */
export interface ModelsTable {
  id: Generated<number>;
  task: string;
  version: number;
  status: string;
  /** The model file (JSON), exactly as `marsad model train` writes it. */
  model: string;
  /** JSON: the model file's metrics (held-out figures, solver). */
  metrics: string;
  /** JSON: where the training data came from (path, columns, sha256, size) and how many review labels. */
  training: string;
  created_at: number;
  /** When the status last changed. */
  updated_at: number;
}
