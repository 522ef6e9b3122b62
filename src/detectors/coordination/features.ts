import type { Post } from '../../model/post.js';
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
