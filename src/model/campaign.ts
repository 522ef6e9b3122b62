import { z } from 'zod';
import { AccountIdSchema } from './ids.js';
import { JsonSchema } from './signal.js';

export const CampaignKindSchema = z.enum(['coordination', 'raid', 'hijack', 'amplification', 'release', 'reentry']);
export type CampaignKind = z.infer<typeof CampaignKindSchema>;

/** One edge of evidence: two accounts that did the same thing, and what made it the same. */
export const EvidenceEdgeSchema = z.object({
  source: AccountIdSchema,
  target: AccountIdSchema,
  type: z.string(),
  weight: z.number(),
  examples: z.array(JsonSchema).default([]),
});
export type EvidenceEdge = z.infer<typeof EvidenceEdgeSchema>;

export const CampaignSchema = z.object({
  id: z.string(),
  kind: CampaignKindSchema,
  members: z.array(AccountIdSchema),
  /** The keys the members shared: repost targets, texts, urls, hashtags… as `type:value`. */
  keys: z.array(z.string()),
  start: z.number().int(),
  end: z.number().int(),
  score: z.number().min(0).max(1),
  edges: z.array(EvidenceEdgeSchema).default([]),
  summary: z.record(z.string(), JsonSchema).default({}),
});
export type Campaign = z.infer<typeof CampaignSchema>;
