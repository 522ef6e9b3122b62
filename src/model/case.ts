import { z } from 'zod';
import { JsonSchema, SubjectSchema } from './signal.js';

export const CaseStatusSchema = z.enum(['open', 'in_review', 'decided', 'closed']);
export const CaseSchema = z.object({
  id: z.string(),
  subject: SubjectSchema,
  status: CaseStatusSchema,
  priority: z.number(),
  reasons: z.array(z.string()),
  openedAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Case = z.infer<typeof CaseSchema>;

export const VerdictSchema = z.enum(['violating', 'not_violating', 'needs_escalation', 'unsure']);
export const DecisionSchema = z.object({
  caseId: z.string(),
  reviewer: z.string(),
  verdict: VerdictSchema,
  /** Label the decision teaches the classifier (`propaganda`, `benign`…), if any. */
  label: z.string().optional(),
  note: z.string().optional(),
  at: z.number().int(),
});
export type Decision = z.infer<typeof DecisionSchema>;

export const ActionSchema = z.object({
  caseId: z.string(),
  kind: z.enum(['label', 'escalate', 'report_to_platform', 'add_to_bank', 'webhook']),
  params: z.record(z.string(), JsonSchema),
  at: z.number().int(),
});
export type Action = z.infer<typeof ActionSchema>;

/** Append-only, hash-chained: `hash = sha256(prevHash + canonical JSON of the entry)`. */
export const AuditEntrySchema = z.object({
  seq: z.number().int().nonnegative(),
  at: z.number().int(),
  actor: z.string(),
  action: z.string(),
  subject: SubjectSchema.optional(),
  details: z.record(z.string(), JsonSchema),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
