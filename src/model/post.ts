import { z } from 'zod';
import { AccountIdSchema, PlatformSchema, PostIdSchema } from './ids.js';
import { SourcePositionSchema } from './source.js';

export const MediaKindSchema = z.enum(['image', 'video', 'gif', 'audio', 'file', 'link-card']);

export const MediaSchema = z.object({
  kind: MediaKindSchema,
  /** Remote location as the platform gave it. */
  url: z.string().optional(),
  /** Local file, relative to the source file's folder (Telegram exports, downloaded media). */
  path: z.string().optional(),
  mimeType: z.string().optional(),
  altText: z.string().optional(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  sha256: z.string().optional(),
  md5: z.string().optional(),
  pdq: z.string().optional(),
  pdqQuality: z.number().int().optional(),
});
export type Media = z.infer<typeof MediaSchema>;

export const MentionSchema = z.object({
  /** Platform-qualified account id, when the platform names it (X, Bluesky DIDs, Mastodon). */
  id: AccountIdSchema.optional(),
  /** Handle without the leading @, lower-cased; `user@instance` on Mastodon. */
  handle: z.string().optional(),
});
export type Mention = z.infer<typeof MentionSchema>;

export const PostSchema = z.object({
  id: PostIdSchema,
  platform: PlatformSchema,
  authorId: AccountIdSchema,
  /** The author's handle at posting time, when the record carries it. */
  authorHandle: z.string().optional(),
  /** Epoch milliseconds, UTC: the event time every window runs on. */
  createdAt: z.number().int(),
  text: z.string(),
  /** BCP-47-ish language tag given by the platform (`und` dropped). */
  lang: z.string().optional(),
  /** Hashtags without '#', as written (case kept; detectors fold case). */
  hashtags: z.array(z.string()),
  /** Canonical URLs (expanded where the platform gave the expansion). */
  urls: z.array(z.string()),
  mentions: z.array(MentionSchema),
  media: z.array(MediaSchema),
  repostOf: PostIdSchema.optional(),
  replyTo: PostIdSchema.optional(),
  quoteOf: PostIdSchema.optional(),
  /** Thread / conversation root when known. */
  conversationId: z.string().optional(),
  /** Posting client ("Twitter for Android"): an automation feature. */
  client: z.string().optional(),
  /** Platform edit marker: later versions of a post supersede earlier ones, which stay in history. */
  editedAt: z.number().int().optional(),
  source: SourcePositionSchema.optional(),
});
export type Post = z.infer<typeof PostSchema>;
