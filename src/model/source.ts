import { z } from 'zod';

/** Where a record came from: a file (line and byte offset) or a live stream (cursor). */
export const SourcePositionSchema = z.object({
  source: z.string(),
  line: z.number().int().nonnegative().optional(),
  offset: z.number().int().nonnegative().optional(),
  cursor: z.string().optional(),
});
export type SourcePosition = z.infer<typeof SourcePositionSchema>;
