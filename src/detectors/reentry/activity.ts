/**
 * What an account did, accumulated from its posts and relations: the behavioural half of a
 * fingerprint (the other half is its profile). Bounded per account — the style n-grams come from the
 * first `STYLE_POSTS` posts with text, the counted sets keep at most `MAX_KEYS` entries — so holding
 * one per account stays cheap at millions of accounts.
 */
import { hashString32 } from '../../hashing/hash32.js';
import type { Post } from '../../model/index.js';
import { charNgrams, registrableDomain } from '../../text/index.js';

export const STYLE_POSTS = 40;
export const MAX_STYLE_GRAMS = 2000;
const STYLE_SEED = 0x5354594c;
const MAX_KEYS = 200;

export interface Activity {
  posts: number;
  reposts: number;
  firstPostAt?: number;
  lastPostAt?: number;
  /** Posts per UTC hour of day. */
  hours: number[];
  langs: Map<string, number>;
  hashtags: Map<string, number>;
  domains: Map<string, number>;
  /** Accounts it mentioned, reposted, replied to or followed. */
  out: Map<string, number>;
  /** Accounts that mentioned, reposted or followed it (its amplifiers). */
  in: Map<string, number>;
  /** Distinct character 3-grams of its own text (writing style), hashed to 32 bits to stay small. */
  style: Set<number>;
  stylePosts: number;
}

export function emptyActivity(): Activity {
  return {
    posts: 0, reposts: 0, hours: new Array<number>(24).fill(0), langs: new Map(), hashtags: new Map(), domains: new Map(),
    out: new Map(), in: new Map(), style: new Set(), stylePosts: 0,
  };
}

function bump(m: Map<string, number>, key: string): void {
  const n = m.get(key);
  if (n !== undefined) m.set(key, n + 1);
  else if (m.size < MAX_KEYS) m.set(key, 1);
}

/**
 * Adds one of the account's own posts. `targetAuthor` is the author of the post it reposts / replies
 * to / quotes, when known (a Post names only the target post).
 */
export function addOwnPost(a: Activity, post: Post, targetAuthor?: string): void {
  a.posts++;
  a.firstPostAt = a.firstPostAt === undefined ? post.createdAt : Math.min(a.firstPostAt, post.createdAt);
  a.lastPostAt = a.lastPostAt === undefined ? post.createdAt : Math.max(a.lastPostAt, post.createdAt);
  a.hours[new Date(post.createdAt).getUTCHours()]!++;
  if (post.repostOf) a.reposts++;
  if (post.lang) bump(a.langs, post.lang.toLowerCase());
  for (const h of post.hashtags) bump(a.hashtags, h.toLowerCase());
  for (const u of post.urls) {
    const d = registrableDomain(u);
    if (d) bump(a.domains, d);
  }
  for (const m of post.mentions) {
    const key = m.id ?? (m.handle ? `@${m.handle.toLowerCase()}` : undefined);
    if (key) bump(a.out, key);
  }
  if (targetAuthor) bump(a.out, targetAuthor);
  if (!post.repostOf && post.text.length > 0 && a.stylePosts < STYLE_POSTS && a.style.size < MAX_STYLE_GRAMS) {
    a.stylePosts++;
    for (const g of charNgrams(post.text, 3, 3)) {
      if (a.style.size >= MAX_STYLE_GRAMS) break;
      a.style.add(hashString32(g, STYLE_SEED));
    }
  }
}

/** Another account acted on this one (reposted, mentioned, followed it). */
export function addAmplifier(a: Activity, from: string): void {
  bump(a.in, from);
}

/** The account followed another. */
export function addFollowing(a: Activity, to: string): void {
  bump(a.out, to);
}

/** Most frequent language of its posts. */
export function topKey(m: Map<string, number>): string | undefined {
  let best: string | undefined;
  let n = 0;
  for (const [k, v] of m) if (v > n || (v === n && best !== undefined && k < best)) [best, n] = [k, v];
  return best;
}
