import type { Post } from '../../model/post.js';
import type { Json, Signal } from '../../model/signal.js';
import type { DetectorContext, DetectorOperator } from '../types.js';
import { DEFAULT_BURST_OPTIONS, EwmaBaseline, type BurstOptions, type EwmaState } from './bursts.js';

export interface TrendOptions extends BurstOptions {
  /** Bucket width in seconds (event time). */
  bucketSec: number;
  /** Posts may arrive this late (event time); older ones are dropped and counted. */
  allowedLatenessSec: number;
  /** Closed buckets kept per hashtag for `series()`. */
  history: number;
  /** Count reposts (they carry the original's hashtags and are how tags trend). */
  countReposts: boolean;
  /** Hijack: the tag's usual flagged share must be at most this… */
  organicMaxShare: number;
  /** …and the burst's flagged share at least this… */
  drivenMinShare: number;
  /** …after at least this many non-empty buckets of history (a tag born in the burst is not hijacked). */
  minHistory: number;
}

export const DEFAULT_TREND_OPTIONS: TrendOptions = {
  ...DEFAULT_BURST_OPTIONS,
  bucketSec: 300,
  allowedLatenessSec: 60,
  history: 288,
  countReposts: true,
  organicMaxShare: 0.2,
  drivenMinShare: 0.5,
  minHistory: 3,
};

interface OpenBucket {
  count: number;
  flagged: number;
  accounts: Record<string, number>;
  flaggedAccounts: Record<string, number>;
}
interface TagState {
  baseline: EwmaState;
  /** Last closed bucket index. */
  last: number | null;
  /**
   * Posts, and posts by flagged accounts, over the tag's whole history outside bursts. A whole-history
   * share, not a moving average: a network's own tag keeps its history after the public starts
   * reposting it, so a later raid on it is not mistaken for a hijack (with an average that forgets,
   * the demo world's raid tag read as organic by its third raid).
   */
  usualPosts: number;
  usualFlagged: number;
  nonEmpty: number;
  open: Record<string, OpenBucket>;
  series: [number, number][];
}
export interface TrendState {
  maxSeen: number | null;
  late: number;
  tags: Record<string, TagState>;
  /** Open bucket → tags with posts in it, so a tick touches only what closes. */
  openIndex: Record<string, string[]>;
}

const tagKey = (t: string): string => t.normalize('NFKC').toLowerCase();

/**
 * Hashtag trends on event time: per-tag bucket counts, bursts (robust z over an EWMA baseline) and
 * hijacks — a burst in a tag whose usual contributors are organic, driven by flagged accounts.
 * Flagged accounts come from `ctx.flagged` when a post arrives (e.g. campaign members); `campaigns`
 * maps account → campaign id so a hijack also signals on the campaign.
 */
export class HashtagTrends implements DetectorOperator<TrendState> {
  readonly name = 'trends';
  readonly opts: TrendOptions;
  private state: TrendState = { maxSeen: null, late: 0, tags: {}, openIndex: {} };

  constructor(
    options: Partial<TrendOptions> = {},
    private readonly campaigns: ReadonlyMap<string, string> = new Map(),
  ) {
    this.opts = { ...DEFAULT_TREND_OPTIONS, ...options };
  }

  private get bucketMs(): number {
    return this.opts.bucketSec * 1000;
  }

  private get watermark(): number {
    return (this.state.maxSeen ?? -Infinity) - this.opts.allowedLatenessSec * 1000;
  }

  partitionKeys(post: Post): string[] {
    return [...new Set(post.hashtags.map((h) => `hashtag:${tagKey(h)}`))];
  }

  onPost(post: Post, ctx: DetectorContext = {}): Signal[] {
    if (post.repostOf && !this.opts.countReposts) return [];
    if (post.createdAt < this.watermark) {
      this.state.late++;
      return [];
    }
    const bucket = String(Math.floor(post.createdAt / this.bucketMs));
    const flagged = ctx.flagged?.has(post.authorId) ?? false;
    for (const tag of new Set(post.hashtags.map(tagKey))) {
      const st = (this.state.tags[tag] ??= { baseline: { mean: 0, mad: 0, n: 0 }, last: null, usualPosts: 0, usualFlagged: 0, nonEmpty: 0, open: {}, series: [] });
      let b = st.open[bucket];
      if (!b) {
        b = st.open[bucket] = { count: 0, flagged: 0, accounts: {}, flaggedAccounts: {} };
        (this.state.openIndex[bucket] ??= []).push(tag);
      }
      b.count++;
      b.accounts[post.authorId] = (b.accounts[post.authorId] ?? 0) + 1;
      if (flagged) {
        b.flagged++;
        b.flaggedAccounts[post.authorId] = (b.flaggedAccounts[post.authorId] ?? 0) + 1;
      }
    }
    return this.onTick(post.createdAt);
  }

  onTick(eventTime: number): Signal[] {
    this.state.maxSeen = Math.max(this.state.maxSeen ?? -Infinity, eventTime);
    // A bucket closes when the watermark passes its end.
    const closable = Math.floor(this.watermark / this.bucketMs); // buckets < this are closed
    const signals: Signal[] = [];
    const ready = Object.keys(this.state.openIndex)
      .map(Number)
      .filter((b) => b < closable)
      .sort((a, b) => a - b);
    for (const b of ready) {
      for (const tag of this.state.openIndex[String(b)]!.sort()) {
        const st = this.state.tags[tag]!;
        signals.push(...this.close(tag, st, b, st.open[String(b)]!));
        delete st.open[String(b)];
      }
      delete this.state.openIndex[String(b)];
    }
    return signals;
  }

  /** End of input: close every bucket. */
  flush(): Signal[] {
    return this.onTick(Number.POSITIVE_INFINITY);
  }

  private close(tag: string, st: TagState, b: number, bucket: OpenBucket): Signal[] {
    const base = new EwmaBaseline(this.opts, st.baseline);
    if (st.last !== null) base.decay(b - st.last - 1);
    const x = bucket.count;
    const mean = base.state.mean;
    const z = base.z(x);
    const burst = base.isBurst(x);
    const share = bucket.flagged / x;
    const history = st.nonEmpty;
    const usual = st.usualPosts === 0 ? 0 : st.usualFlagged / st.usualPosts;
    base.update(x);
    st.baseline = base.state;
    st.last = b;
    st.series.push([b * this.bucketMs, x]);
    if (st.series.length > this.opts.history) st.series.splice(0, st.series.length - this.opts.history);
    if (!burst) {
      st.usualPosts += x;
      st.usualFlagged += bucket.flagged;
      st.nonEmpty++;
    }
    if (!burst) return [];

    const at = (b + 1) * this.bucketMs - 1;
    const round = (v: number): number => Math.round(v * 1000) / 1000;
    const evidence: Record<string, Json> = {
      bucketStart: b * this.bucketMs,
      bucketSec: this.opts.bucketSec,
      count: x,
      baseline: round(mean),
      z: round(z),
      accounts: Object.keys(bucket.accounts).length,
      flaggedShare: round(share),
      usualFlaggedShare: round(usual),
    };
    const signals: Signal[] = [
      { subject: { kind: 'hashtag', id: tag }, detector: 'trends.burst', score: round(1 - Math.exp(-z / (2 * this.opts.zThreshold))), evidence, at },
    ];
    const hijack = history >= this.opts.minHistory && usual <= this.opts.organicMaxShare && share >= this.opts.drivenMinShare;
    if (!hijack) return signals;
    const byCampaign = new Map<string, number>();
    for (const [acc, n] of Object.entries(bucket.flaggedAccounts)) {
      const c = this.campaigns.get(acc);
      if (c) byCampaign.set(c, (byCampaign.get(c) ?? 0) + n);
    }
    const drivers = Object.entries(bucket.flaggedAccounts)
      .sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : 1))
      .slice(0, 20)
      .map(([account, posts]) => ({ account, posts }));
    const campaigns = [...byCampaign].sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : 1));
    const score = round(Math.min(1, (share - usual) / (1 - usual + 1e-9)));
    signals.push({
      subject: { kind: 'hashtag', id: tag },
      detector: 'trends.hijack',
      score,
      evidence: { ...evidence, drivers, campaigns: campaigns.map(([id, posts]) => ({ id, posts })) },
      at,
    });
    for (const [id, posts] of campaigns) {
      signals.push({ subject: { kind: 'campaign', id }, detector: 'trends.hijack', score, evidence: { hashtag: tag, posts, ...evidence }, at });
    }
    return signals;
  }

  /** Closed bucket counts of a tag: [bucket start (ms), posts]. Empty buckets are absent. */
  series(tag: string): [number, number][] {
    return [...(this.state.tags[tagKey(tag)]?.series ?? [])];
  }

  stats(): { tags: number; late: number } {
    return { tags: Object.keys(this.state.tags).length, late: this.state.late };
  }

  snapshot(): TrendState {
    return structuredClone(this.state);
  }

  restore(state: TrendState): void {
    this.state = structuredClone(state);
  }
}
