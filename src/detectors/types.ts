import type { Post } from '../model/post.js';
import type { Signal } from '../model/signal.js';

/**
 * What the runtime tells an operator besides the post itself. Kept small on purpose: an operator must
 * be a pure function of the posts it has seen (and of this context), so that replaying history gives
 * the same signals as watching it live.
 */
export interface DetectorContext {
  /**
   * Accounts other detectors (or analysts) have flagged: coordinated, known propaganda accounts…
   * Operators that need it (hijack detection) read it; others ignore it.
   */
  readonly flagged?: ReadonlySet<string>;
}

/**
 * A detector as a stream operator (DESIGN.md, "Detectors as stream operators").
 *
 * - `partitionKeys(post)` names the keys the operator's state is keyed by (a repost target, a hashtag,
 *   an account). Posts with disjoint keys never interact, so a deployment may shard the stream by
 *   these keys and run one operator instance per shard.
 * - `onPost` consumes one post (event time = `post.createdAt`) and returns the signals it caused now.
 * - `onTick(eventTime)` advances event time without a post (window expiry, end of stream with
 *   `Number.POSITIVE_INFINITY`).
 * - `snapshot()` returns plain JSON-compatible state; `restore(state)` loads it into a fresh instance.
 *
 * Pure and deterministic: no I/O, no wall clock, no randomness without a seed.
 */
export interface DetectorOperator<State = unknown> {
  readonly name: string;
  partitionKeys(post: Post): string[];
  onPost(post: Post, ctx?: DetectorContext): Signal[];
  onTick(eventTime: number): Signal[];
  snapshot(): State;
  restore(state: State): void;
}
