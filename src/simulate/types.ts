/** The simulator's own, platform-neutral world. Format writers turn it into platform records. */
import type { Lang } from './vocab/organic.js';

export type Role = 'organic' | 'member' | 'bot';

export interface SimAccount {
  /** Index in the world's account table. */
  i: number;
  /** Native id on the platform (X user id, Bluesky DID, Mastodon account id). */
  id: string;
  role: Role;
  core: boolean;
  /** Handle base with `_` separators; formats adapt it (`-` on Bluesky). */
  handle: string;
  name: string;
  bio: string;
  lang: Lang;
  /** UTC offset in hours. */
  tz: number;
  created: number;
  followers: number;
  following: number;
  /** Own posts per day (organic loop). */
  rate: number;
  /** Avatar: a generated file's name (network) or a stock key; `''` is the platform default. */
  avatar: string;
  /** Posts from this instant (a returning account exists only after its creation). */
  bornAt: number;
  suspendedAt: number;
  posts: number;
  /** Buys amplification: bots repost its latest post (kept only for customers, to bound memory). */
  customer?: boolean;
  lastPost?: SimPost;
  predecessor?: SimAccount;
  botBatch?: number;
}

/** A piece of post text; entity pieces carry what the platform links them to. */
export type Seg =
  | { k: 't'; s: string }
  | { k: 'tag'; s: string }
  | { k: 'url'; url: string }
  | { k: 'mention'; who: SimAccount };

export interface SimMedia {
  /** Stable media key (also the generated file's stem). */
  key: string;
  /** File name under `media/` when images were generated. */
  file?: string;
  width: number;
  height: number;
  mime: string;
  sha256?: string;
  /** Bluesky blob CID (CIDv1 raw, sha256) of the file bytes. */
  cid?: string;
  size?: number;
}

export type Label = 'propaganda' | 'benign';

export interface SimPost {
  type: 'post';
  /** Global sequence number: deterministic order of creation. */
  n: number;
  /** Native post id (tweet id, Bluesky rkey, Mastodon status id). */
  id: string;
  t: number;
  author: SimAccount;
  /** Original text as pieces; empty for a plain repost. */
  segs: Seg[];
  lang: Lang;
  media: SimMedia[];
  repostOf?: SimPost;
  replyTo?: SimPost;
  label: Label;
  /** Campaign id (truth) this post belongs to, if any. */
  campaign?: string;
  /** Client name shown on X ("Twitter for Android"). */
  client: string;
  /** Repost count so far (for public metrics). */
  reposts: number;
  /** A writer's cache for posts others point at (reposts and replies of it reuse it). */
  render?: unknown;
}

export type SimEvent =
  | SimPost
  | { type: 'status'; t: number; n: number; account: SimAccount; status: 'suspended' }
  | { type: 'create'; t: number; n: number; account: SimAccount }
  | { type: 'follow'; t: number; n: number; from: SimAccount; to: SimAccount };

/** Platform id scheme: native ids and the qualified ids Marsad's decoders produce. */
export interface IdScheme {
  platform: 'x' | 'bsky' | 'mastodon';
  accountId(i: number, created: number): string;
  postId(t: number, n: number, author: SimAccount): string;
  qualifiedAccount(a: SimAccount): string;
  qualifiedPost(p: SimPost): string;
  /** How a handle base appears on the platform. */
  handle(base: string): string;
}

/** How release copies alter the image: none, or one of the edits hash matching must see through. */
export const IMAGE_EDITS = ['original', 'jpeg', 'crop', 'recolor', 'resize', 'rotate'] as const;
export type ImageEdit = (typeof IMAGE_EDITS)[number];

/** Images available to posts; empty without `--images` (posts then carry no media). */
export interface MediaLibrary {
  release(releaseId: string, edit: ImageEdit): SimMedia | undefined;
  organic(k: number): SimMedia | undefined;
  organicCount: number;
  /** A generated avatar image for an account's avatar key (network members and their returns). */
  avatar(key: string): SimMedia | undefined;
}

export const NO_MEDIA: MediaLibrary = { release: () => undefined, organic: () => undefined, organicCount: 0, avatar: () => undefined };

/**
 * A per-account cache: a packed array of `n` undefined slots. Filling `[]` at random account indices
 * (or `new Array(n)` past 100k) leaves V8 a dictionary, a hash lookup on every post.
 */
export function perAccount<T>(n: number): Array<T | undefined> {
  const out: Array<T | undefined> = [];
  for (let i = 0; i < n; i++) out.push(undefined);
  return out;
}
