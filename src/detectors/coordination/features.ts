import type { Post } from '../../model/post.js';
import { hash53 } from './tables.js';
import type { CoActionType, CoordinationOptions } from './types.js';

/**
 * What a post offers to a co-action type. An `exact` feature matches another post's feature with the
 * same key; a `text` or `pdq` feature matches a near one (Jaccard of token sets, PDQ Hamming distance),
 * found through candidate indexes and verified exactly.
 */
export type Feature =
  | { kind: 'exact'; key: string }
  | { kind: 'text'; key: string; tokens: string[] }
  | { kind: 'pdq'; key: string; bits: Uint8Array };

// QUT's `social_media_cleaner`: an @ and everything up to the next whitespace.
const MENTION = /@\S*/gu;

/** QUT's `message_preprocessor`: lower-case, drop @mentions, collapse whitespace. */
export function normalizeMessage(text: string): string {
  const lower = text.toLowerCase();
  return (lower.includes('@') ? lower.replace(MENTION, '') : lower).replace(/\s+/g, ' ').trim();
}

// Words (letters, marks, digits, underscore, inner apostrophes) and single punctuation marks, as the
// Unicode word-break split QUT uses yields them: "the lazy dog." → {"the", "lazy", "dog", "."}.
const TOKEN = /[\p{L}\p{M}\p{N}_]+(?:['’][\p{L}\p{M}\p{N}_]+)*|[^\s\p{L}\p{M}\p{N}_]/gu;

/** QUT's `tokenize`: the sorted set of word tokens of the lower-cased text without mentions. */
export function tokenSet(text: string): string[] {
  const words = text.toLowerCase().replace(MENTION, '').match(TOKEN) ?? [];
  return [...new Set(words)].sort();
}

const PDQ_HEX = /^[0-9a-f]{64}$/iu;

export function pdqBits(hex: string): Uint8Array | undefined {
  if (!PDQ_HEX.test(hex)) return undefined;
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

const unique = (keys: string[]): Feature[] => [...new Set(keys)].map((key) => ({ kind: 'exact', key }));

/**
 * The features of `post` for `type`. Reposts carry features only for co_retweet: a repost's text,
 * links and tags are the original author's, not an action of the reposter (QUT ignores them too).
 * Posts without a URL, reply target, tag… have no feature and never match: unlike a SQL join on
 * NULL-able columns, an empty text is not a shared text.
 */
export function featuresOf(post: Post, type: CoActionType, opts: CoordinationOptions): Feature[] {
  if (type === 'co_retweet') return post.repostOf ? [{ kind: 'exact', key: post.repostOf }] : [];
  if (post.repostOf) return [];
  switch (type) {
    case 'co_tweet': {
      const text = normalizeMessage(post.text);
      return text ? [{ kind: 'exact', key: text }] : [];
    }
    case 'co_similar_tweet': {
      const tokens = tokenSet(post.text);
      return tokens.length >= Math.max(1, opts.minTokens) ? [{ kind: 'text', key: tokens.join(' '), tokens }] : [];
    }
    case 'co_link':
      return unique(post.urls.filter(Boolean));
    case 'co_reply':
      return post.replyTo ? [{ kind: 'exact', key: post.replyTo }] : [];
    case 'co_hashtag':
      return unique(post.hashtags.map((h) => h.normalize('NFKC').toLowerCase()).filter(Boolean));
    case 'co_mention':
      return unique(post.mentions.map((m) => m.id ?? (m.handle ? `@${m.handle.toLowerCase()}` : '')).filter(Boolean));
    case 'co_media': {
      const out: Feature[] = [];
      const exact = new Set<string>();
      for (const m of post.media) {
        if (m.sha256) exact.add(`sha256:${m.sha256.toLowerCase()}`);
        if (m.md5) exact.add(`md5:${m.md5.toLowerCase()}`);
        const bits = m.pdq && (m.pdqQuality === undefined || m.pdqQuality >= opts.pdqMinQuality) ? pdqBits(m.pdq) : undefined;
        if (bits) out.push({ kind: 'pdq', key: `pdq:${m.pdq!.toLowerCase()}`, bits });
      }
      return [...unique([...exact]), ...out];
    }
  }
}

/**
 * The hashes (`hash53`) of `post`'s exact keys for `type`, written to `out` from 0 — the keys of
 * `featuresOf`, in its order — and how many there are; -1 for the near types. The batch engine's hot
 * path: no feature objects, and for co_tweet, ASCII texts are normalised and hashed in one pass
 * without building the normalised string.
 */
export function exactKeyHashes(post: Post, type: CoActionType, out: number[]): number {
  switch (type) {
    case 'co_retweet':
      return post.repostOf ? ((out[0] = hash53(post.repostOf)), 1) : 0;
    case 'co_reply':
      return !post.repostOf && post.replyTo ? ((out[0] = hash53(post.replyTo)), 1) : 0;
    case 'co_tweet': {
      if (post.repostOf) return 0;
      let h = normalizedMessageHash(post.text);
      if (h === undefined) {
        const text = normalizeMessage(post.text);
        h = text ? hash53(text) : -1;
      }
      return h < 0 ? 0 : ((out[0] = h), 1);
    }
    case 'co_link':
      if (post.repostOf || post.urls.length === 0) return 0;
      if (post.urls.length === 1) return post.urls[0] ? ((out[0] = hash53(post.urls[0])), 1) : 0;
      break;
    case 'co_similar_tweet':
    case 'co_media':
      return -1;
  }
  const feats = featuresOf(post, type, DEFAULT_HASH_OPTIONS);
  for (let i = 0; i < feats.length; i++) out[i] = hash53(feats[i]!.key);
  return feats.length;
}
// Exact keys never depend on the options (only near features do).
const DEFAULT_HASH_OPTIONS = { minTokens: 1, pdqMinQuality: 0 } as CoordinationOptions;

/**
 * `hash53(normalizeMessage(text))` for an ASCII text in one pass (-1: the normalised text is empty);
 * undefined for other texts, which take the general path (Unicode case folding and white space).
 */
export function normalizedMessageHash(text: string): number | undefined {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  let len = 0;
  let space = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    if (c >= 128) return undefined;
    if (c === 64) {
      // A mention: '@' and everything up to the next white space is dropped.
      while (i + 1 < n) {
        const d = text.charCodeAt(i + 1);
        if (d >= 128) return undefined;
        if (d === 32 || (d >= 9 && d <= 13)) break;
        i++;
      }
      continue;
    }
    if (c === 32 || (c >= 9 && c <= 13)) {
      space = true;
      continue;
    }
    if (space && len > 0) {
      h1 = Math.imul(h1 ^ 32, 2654435761);
      h2 = Math.imul(h2 ^ 32, 1597334677);
      len++;
    }
    space = false;
    if (c >= 65 && c <= 90) c += 32;
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
    len++;
  }
  if (len === 0) return -1;
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
