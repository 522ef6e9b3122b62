import { z } from 'zod';

/**
 * Platform-qualified identifiers. A bare "1589…" could be an X tweet or a Telegram message; the
 * prefix (`x:`, `bsky:`, `mastodon:<instance>:`, `telegram:<chat>:`) makes ids unique across sources,
 * and the brand stops a post id being passed where an account id is expected.
 */
export const PlatformSchema = z.enum(['x', 'bsky', 'mastodon', 'telegram', 'generic']);
export type Platform = z.infer<typeof PlatformSchema>;

export const PostIdSchema = z.string().min(3).brand<'PostId'>();
export type PostId = z.infer<typeof PostIdSchema>;

export const AccountIdSchema = z.string().min(3).brand<'AccountId'>();
export type AccountId = z.infer<typeof AccountIdSchema>;

export const postId = (platform: Platform | string, ...parts: string[]): PostId =>
  [platform, ...parts].join(':') as PostId;

export const accountId = (platform: Platform | string, ...parts: string[]): AccountId =>
  [platform, ...parts].join(':') as AccountId;

/** The platform part of a qualified id (`x:123` → `x`). */
export const platformOf = (id: string): string => id.slice(0, id.indexOf(':'));
