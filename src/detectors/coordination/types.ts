import type { AccountId, PostId } from '../../model/ids.js';

/** The co-action types. The first five are QUT coordination-network-toolkit's, with its semantics. */
export const CO_ACTION_TYPES = [
  'co_retweet',
  'co_tweet',
  'co_similar_tweet',
  'co_link',
  'co_reply',
  'co_hashtag',
  'co_media',
  'co_mention',
] as const;
export type CoActionType = (typeof CO_ACTION_TYPES)[number];

export const isCoActionType = (s: string): s is CoActionType => (CO_ACTION_TYPES as readonly string[]).includes(s);

export interface CoordinationOptions {
  /** ±window in seconds, inclusive: posts `w` seconds apart match, `w + 0.001` apart do not. */
  windowSec: number;
  /** Edges lighter than this are dropped (QUT `--min-edge-weight`). */
  minWeight: number;
  /** Keep A→A edges (an account repeating itself within the window). */
  selfLoops: boolean;
  /**
   * Viral-key guard: a match made through a key shared by `n` distinct accounts within the post's
   * window counts `min(1, viralThreshold / n)` instead of 1 (inverse key frequency, Pacheco et al.
   * style). When on, `minWeight` is applied to the guarded weight; the raw QUT weight is kept beside it.
   */
  viralGuard: boolean;
  viralThreshold: number;
  /** co_similar_tweet: Jaccard of word-token sets at least this. */
  similarityThreshold: number;
  /** co_similar_tweet: posts with fewer distinct tokens never match (QUT `MinDocSizeSimilarity`). */
  minTokens: number;
  /** MinHash permutations for the co_similar_tweet LSH candidates. */
  numPerm: number;
  /** co_media: PDQ Hamming distance that still counts as the same image. */
  pdqMaxDistance: number;
  /** co_media: PDQ hashes with a known quality below this never match. */
  pdqMinQuality: number;
  /** Post pairs kept as evidence per edge (the earliest ones). */
  maxEvidence: number;
}

export const DEFAULT_OPTIONS: CoordinationOptions = {
  windowSec: 60,
  minWeight: 1,
  selfLoops: false,
  viralGuard: true,
  viralThreshold: 50,
  similarityThreshold: 0.8,
  minTokens: 1,
  numPerm: 64,
  pdqMaxDistance: 31,
  pdqMinQuality: 50,
  maxEvidence: 3,
};

/** One pair of posts that made an edge: `source` (by the edge's source account) matched `target`. */
export interface EvidencePair {
  source: PostId;
  target: PostId;
  /** `target` time minus `source` time, ms: negative when the target account acted first. */
  gapMs: number;
  /** The shared key, as `type:value` display text. */
  key: string;
}

/**
 * A directed co-action edge. `weight` is QUT's: the number of distinct posts of `source` with at least
 * one match among `target`'s posts within the window. Each counted post is paired with its nearest
 * match; the lead counts and gaps are over those pairs.
 */
export interface CoEdge {
  source: AccountId;
  target: AccountId;
  type: CoActionType;
  weight: number;
  /** Weight after the viral-key guard (equal to `weight` when no key was crowded). */
  guardedWeight: number;
  /** Pairs in which `source` posted first / `target` posted first / both in the same millisecond. */
  sourceLed: number;
  targetLed: number;
  simultaneous: number;
  meanAbsGapMs: number;
  firstAt: number;
  lastAt: number;
  /** The earliest pairs (up to `maxEvidence`). */
  pairs: EvidencePair[];
}

/** Display data for a node of the output graph. */
export interface NodeInfo {
  id: AccountId;
  username?: string;
  /** Most recent messages first. */
  messages: string[];
}
