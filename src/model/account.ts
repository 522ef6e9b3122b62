import { z } from 'zod';
import { AccountIdSchema, PlatformSchema } from './ids.js';
import { SourcePositionSchema } from './source.js';

/**
 * Account status as platforms report it. `deactivated` is the owner closing the account (Bluesky,
 * Mastodon), distinct from the platform's `suspended` / `takendown`: ban-evasion cares which.
 */
export const AccountStatusSchema = z.enum(['active', 'suspended', 'deleted', 'takendown', 'deactivated']);
export type AccountStatus = z.infer<typeof AccountStatusSchema>;

export const AccountSchema = z.object({
  id: AccountIdSchema,
  platform: PlatformSchema,
  handle: z.string().optional(),
  displayName: z.string().optional(),
  bio: z.string().optional(),
  location: z.string().optional(),
  url: z.string().optional(),
  createdAt: z.number().int().optional(),
  followers: z.number().int().nonnegative().optional(),
  following: z.number().int().nonnegative().optional(),
  posts: z.number().int().nonnegative().optional(),
  avatarUrl: z.string().optional(),
  /** True when the platform says the avatar is its default image (an automation feature). */
  defaultAvatar: z.boolean().optional(),
  verified: z.boolean().optional(),
  protected: z.boolean().optional(),
  bot: z.boolean().optional(),
  status: AccountStatusSchema.optional(),
  /**
   * When this profile snapshot was observed: the collection time when the record says (twarc's
   * `retrieved_at`), else the event time of the record that carried it.
   */
  observedAt: z.number().int(),
});
export type Account = z.infer<typeof AccountSchema>;

export const AccountEventKindSchema = z.enum(['status', 'handle']);

/** A change the platform announced: a status change (suspension…) or a handle change. */
export const AccountEventSchema = z.object({
  accountId: AccountIdSchema,
  kind: AccountEventKindSchema,
  at: z.number().int(),
  status: AccountStatusSchema.optional(),
  /** Platform's own wording when it has no equivalent in AccountStatus (`throttled`…). */
  detail: z.string().optional(),
  handle: z.string().optional(),
  source: SourcePositionSchema.optional(),
});
export type AccountEvent = z.infer<typeof AccountEventSchema>;

export const RelationSchema = z.object({
  kind: z.enum(['follow', 'block']),
  action: z.enum(['created', 'removed']),
  from: AccountIdSchema,
  /** The target; on Bluesky a delete names only the record key, so `to` may be unknown then. */
  to: AccountIdSchema.optional(),
  /** Platform record key (Bluesky rkey) linking a removal to its creation. */
  recordKey: z.string().optional(),
  at: z.number().int(),
  platform: PlatformSchema,
  source: SourcePositionSchema.optional(),
});
export type Relation = z.infer<typeof RelationSchema>;
