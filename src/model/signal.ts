import { z } from 'zod';

export const SubjectKindSchema = z.enum(['post', 'account', 'campaign', 'hashtag', 'url', 'media']);
export type SubjectKind = z.infer<typeof SubjectKindSchema>;

export const SubjectSchema = z.object({ kind: SubjectKindSchema, id: z.string() });
export type Subject = z.infer<typeof SubjectSchema>;

/**
 * Evidence is detector-specific but always plain JSON so it can be stored, shown to a reviewer and
 * exported unchanged. Detectors document the keys they write.
 */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export const JsonSchema: z.ZodType<Json> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonSchema), z.record(z.string(), JsonSchema)]),
);

export const SignalSchema = z.object({
  subject: SubjectSchema,
  /** Detector name: `match.pdq`, `classify`, `coordination.co_retweet`, `reentry`, `amplification`… */
  detector: z.string(),
  score: z.number().min(0).max(1),
  evidence: z.record(z.string(), JsonSchema),
  /** Event time the signal refers to (epoch ms). */
  at: z.number().int(),
});
export type Signal = z.infer<typeof SignalSchema>;
