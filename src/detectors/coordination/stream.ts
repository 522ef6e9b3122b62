import type { AccountId, PostId } from '../../model/ids.js';
import type { Post } from '../../model/post.js';
import type { Signal } from '../../model/signal.js';
import type { DetectorOperator } from '../types.js';
import { SLOTS } from './batch.js';
import { featuresOf, type Feature } from './features.js';
import { collectEdges, PostMatcher, type CoEdgeList } from './match.js';
import { PdqNearIndex, TextNearIndex, type NearIndex, type TextFeature } from './near.js';
import { EdgeTable, edgeTableFromJson, edgeTableToJson } from './tables.js';
import { DEFAULT_OPTIONS, type CoActionType, type CoEdge, type CoordinationOptions } from './types.js';

export interface StreamOptions extends CoordinationOptions {
  /**
   * How far out of order (event time) posts may arrive. The watermark is the latest event time seen
   * minus this; a post older than the watermark is dropped and counted in `stats().late`. Posts are
   * finalised once the watermark passes their time + window, and forgotten at time + 2·window, so
   * live state spans 2·window + lateness of event time.
   */
  allowedLatenessSec: number;
}

type NearF = { slot: number; keyRef: number; f: TextFeature | Uint8Array };
interface Live {
  ref: number;
  post: Post;
  acc: number;
  finalized: boolean;
  exact: Map<CoActionType, string[]>;
  near: Map<CoActionType, NearF[]>;
}
interface Bucket {
  keyRef: number;
  items: number[];
}
interface TypeState {
  type: CoActionType;
  buckets: Map<string, Bucket>;
  near: NearIndex<TextFeature> | NearIndex<Uint8Array> | undefined;
  edges: EdgeTable;
  signalled: Set<number>;
}

export interface StreamState {
  version: 1;
  maxSeen: number | null;
  late: number;
  nextRef: number;
  nextKeyRef: number;
  accounts: string[];
  live: { ref: number; post: Post; finalized: boolean; keys: Record<string, { exact: number[]; near: number[] }> }[];
  edges: Record<string, Record<string, number[]>>;
  signalled: Record<string, number[]>;
  pinnedPosts: [number, string, number][];
  pinnedKeys: [number, string][];
}

/** A time-ordered queue: consumed from `head`, compacted now and then (no per-post array copies). */
interface Queue {
  items: number[];
  head: number;
}
const compact = (q: Queue): void => {
  if (q.head > 1024 && q.head * 2 > q.items.length) {
    q.items = q.items.slice(q.head);
    q.head = 0;
  }
};

const NEAR_TYPES = new Set<CoActionType>(['co_similar_tweet', 'co_media']);

/**
 * Streaming co-action detection on event time: the same edges as `CoordinationBatch` on the same
 * posts (when none arrive later than the allowed lateness), computed incrementally. Emits a signal on
 * an account the first time one of its edges reaches the minimum weight.
 */
export class CoordinationStream implements DetectorOperator<StreamState> {
  readonly name = 'coordination';
  readonly opts: StreamOptions;
  private readonly states: TypeState[];
  private readonly accounts = new Map<string, number>();
  private readonly accountIds: AccountId[] = [];
  private readonly live = new Map<number, Live>();
  /** Not yet finalised, in (time, id) order; then finalised and waiting for eviction. */
  private pending: Queue = { items: [], head: 0 };
  private finalized: Queue = { items: [], head: 0 };
  private readonly keyText = new Map<number, string>();
  private readonly pinnedPosts = new Map<number, { id: PostId; t: number }>();
  private readonly pinnedKeys = new Map<number, string>();
  private readonly matcher: PostMatcher;
  private maxSeen = -Infinity;
  private late = 0;
  private nextRef = 0;
  private nextKeyRef = 0;

  constructor(
    readonly types: readonly CoActionType[],
    options: Partial<StreamOptions> = {},
  ) {
    this.opts = { ...DEFAULT_OPTIONS, allowedLatenessSec: 30, ...options };
    this.states = types.map((type) => ({
      type,
      buckets: new Map(),
      near: type === 'co_similar_tweet' ? new TextNearIndex(this.opts) : type === 'co_media' ? new PdqNearIndex(this.opts.pdqMaxDistance) : undefined,
      edges: new EdgeTable(this.opts.maxEvidence),
      signalled: new Set(),
    }));
    this.matcher = new PostMatcher(this.opts, (q1, q2) => this.order(q1, q2) < 0);
  }

  private get watermark(): number {
    return this.maxSeen - this.opts.allowedLatenessSec * 1000;
  }

  /**
   * Shard by these keys and the (post, account) matches of each shard are exact. Weights of a
   * multi-key type (links, tags, mentions, media) must then be merged per (post, account), not summed:
   * a post that met B through two keys on two shards counts once.
   */
  partitionKeys(post: Post): string[] {
    return this.types.flatMap((type) => {
      const feats = featuresOf(post, type, this.opts);
      // Near matches cross keys (similar texts, near images): one partition for the whole type.
      return NEAR_TYPES.has(type) && feats.some((f) => f.kind !== 'exact') ? [type] : feats.map((f) => `${type}:${f.key}`);
    });
  }

  onPost(post: Post): Signal[] {
    if (post.createdAt < this.watermark) {
      this.late++;
      return [];
    }
    this.insert(post, this.nextRef++, false);
    this.maxSeen = Math.max(this.maxSeen, post.createdAt);
    return this.advance();
  }

  onTick(eventTime: number): Signal[] {
    this.maxSeen = Math.max(this.maxSeen, eventTime);
    return this.advance();
  }

  /** End of input: finalise everything. */
  flush(): Signal[] {
    return this.onTick(Number.POSITIVE_INFINITY);
  }

  stats(): { live: number; pending: number; late: number; accounts: number } {
    return { live: this.live.size, pending: this.pending.items.length - this.pending.head, late: this.late, accounts: this.accountIds.length };
  }

  edges(type: CoActionType): CoEdgeList {
    const st = this.states.find((s) => s.type === type);
    if (!st) throw new Error(`type not configured: ${type}`);
    return collectEdges(st.edges, type, this.opts, {
      account: (i) => this.accountIds[i],
      post: (ref) => this.pinnedPosts.get(ref)!.id,
      time: (ref) => this.pinnedPosts.get(ref)!.t,
      key: (ref) => this.pinnedKeys.get(ref) ?? '',
    });
  }

  /** (time, post id) order of two live posts. */
  private order(r1: number, r2: number): number {
    const a = this.live.get(r1)!.post;
    const b = this.live.get(r2)!.post;
    return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  }

  private insertSorted(list: number[], ref: number, from = 0): void {
    let i = list.length;
    while (i > from && this.order(list[i - 1], ref) > 0) i--;
    if (i === list.length) list.push(ref);
    else list.splice(i, 0, ref);
  }

  private insert(post: Post, ref: number, finalized: boolean, keyRefs?: StreamState['live'][number]['keys']): void {
    let acc = this.accounts.get(post.authorId);
    if (acc === undefined) {
      acc = this.accountIds.length;
      this.accounts.set(post.authorId, acc);
      this.accountIds.push(post.authorId);
      this.matcher.ensure(this.accountIds.length);
    }
    const live: Live = { ref, post, acc, finalized, exact: new Map(), near: new Map() };
    this.live.set(ref, live);
    for (const st of this.states) {
      const feats: Feature[] = featuresOf(post, st.type, this.opts);
      const exact: string[] = [];
      const near: NearF[] = [];
      let e = 0;
      for (const f of feats) {
        if (f.kind === 'exact') {
          let b = st.buckets.get(f.key);
          if (!b) {
            const keyRef = keyRefs?.[st.type]?.exact[e] ?? this.nextKeyRef++;
            st.buckets.set(f.key, (b = { keyRef, items: [] }));
            this.keyText.set(keyRef, f.key.slice(0, 200));
          }
          e++;
          this.insertSorted(b.items, ref);
          exact.push(f.key);
        } else if (near.length < SLOTS) {
          const keyRef = keyRefs?.[st.type]?.near[near.length] ?? this.nextKeyRef++;
          this.keyText.set(keyRef, f.key.slice(0, 200));
          const nf: NearF = { slot: near.length, keyRef, f: f.kind === 'text' ? { tokens: f.tokens } : f.bits };
          (st.near as NearIndex<unknown>).add(ref * SLOTS + nf.slot, nf.f);
          near.push(nf);
        }
      }
      live.exact.set(st.type, exact);
      live.near.set(st.type, near);
    }
    const queue = finalized ? this.finalized : this.pending;
    this.insertSorted(queue.items, ref, queue.head);
  }

  private advance(): Signal[] {
    const W = this.opts.windowSec * 1000;
    const mark = this.watermark;
    const signals: Signal[] = [];
    const p = this.pending;
    for (; p.head < p.items.length; p.head++) {
      const live = this.live.get(p.items[p.head])!;
      if (!(live.post.createdAt + W < mark)) break;
      for (const st of this.states) this.finalize(st, live, signals);
      live.finalized = true;
      this.finalized.items.push(live.ref);
    }
    compact(p);
    const f = this.finalized;
    for (; f.head < f.items.length; f.head++) {
      const live = this.live.get(f.items[f.head])!;
      if (!(live.post.createdAt < mark - 2 * W)) break;
      this.evict(live);
    }
    compact(f);
    return signals;
  }

  private finalize(st: TypeState, p: Live, signals: Signal[]): void {
    const W = this.opts.windowSec * 1000;
    const tp = p.post.createdAt;
    const m = this.matcher;
    m.begin(p.ref, tp, p.acc);
    for (const key of p.exact.get(st.type)!) {
      const b = st.buckets.get(key)!;
      if (b.items.length < 2) continue;
      m.beginFeature(b.keyRef);
      let lo = 0;
      let hi = b.items.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.live.get(b.items[mid])!.post.createdAt < tp - W) lo = mid + 1;
        else hi = mid;
      }
      for (let j = lo; j < b.items.length; j++) {
        const q = this.live.get(b.items[j])!;
        if (q.post.createdAt > tp + W) break;
        if (q.ref !== p.ref) m.offer(q.ref, q.post.createdAt, q.acc);
      }
      m.endFeature();
    }
    const index = st.near as NearIndex<TextFeature | Uint8Array> | undefined;
    for (const nf of index ? p.near.get(st.type)! : []) {
      m.beginFeature(nf.keyRef);
      for (const cand of index!.query(nf.f, p.ref * SLOTS + nf.slot)) {
        const q = this.live.get(Math.floor(cand / SLOTS));
        if (!q || q.ref === p.ref || Math.abs(q.post.createdAt - tp) > W) continue;
        if (index!.verify(nf.f, index!.get(cand)!)) m.offer(q.ref, q.post.createdAt, q.acc);
      }
      m.endFeature();
    }
    m.finish(st.edges, (e, pRef, qRef, keyRef) => {
      if (st.edges.lastFilled) {
        for (const r of [pRef, qRef]) {
          const post = this.live.get(r)!.post;
          this.pinnedPosts.set(r, { id: post.id, t: post.createdAt });
        }
        this.pinnedKeys.set(keyRef, this.keyText.get(keyRef) ?? '');
      }
      this.maybeSignal(st, e, signals);
    });
  }

  private maybeSignal(st: TypeState, e: number, signals: Signal[]): void {
    const t = st.edges;
    const a = t.src(e);
    const b = t.dst(e);
    if (st.signalled.has(e) || (a === b && !this.opts.selfLoops)) return;
    const weight = this.opts.viralGuard ? t.guarded(e) : t.weight(e);
    if (weight < this.opts.minWeight) return;
    st.signalled.add(e);
    signals.push({
      subject: { kind: 'account', id: this.accountIds[a] },
      detector: `coordination.${st.type}`,
      score: Math.min(1, weight / (4 * Math.max(1, this.opts.minWeight))),
      evidence: { peer: this.accountIds[b], weight: t.weight(e), guardedWeight: Math.round(t.guarded(e) * 1000) / 1000 },
      at: t.lastAt(e),
    });
  }

  private evict(live: Live): void {
    for (const st of this.states) {
      for (const key of live.exact.get(st.type)!) {
        const b = st.buckets.get(key)!;
        const i = b.items.indexOf(live.ref);
        b.items.splice(i, 1);
        if (b.items.length === 0) {
          st.buckets.delete(key);
          this.keyText.delete(b.keyRef);
        }
      }
      for (const nf of live.near.get(st.type)!) {
        st.near!.remove(live.ref * SLOTS + nf.slot);
        this.keyText.delete(nf.keyRef);
      }
    }
    this.live.delete(live.ref);
  }

  snapshot(): StreamState {
    const live = [...this.live.values()].sort((x, y) => x.ref - y.ref);
    return {
      version: 1,
      maxSeen: Number.isFinite(this.maxSeen) ? this.maxSeen : null,
      late: this.late,
      nextRef: this.nextRef,
      nextKeyRef: this.nextKeyRef,
      accounts: [...this.accountIds],
      live: live.map((l) => ({
        ref: l.ref,
        post: l.post,
        finalized: l.finalized,
        keys: Object.fromEntries(
          this.states.map((st) => [
            st.type,
            {
              exact: l.exact.get(st.type)!.map((k) => st.buckets.get(k)!.keyRef),
              near: l.near.get(st.type)!.map((n) => n.keyRef),
            },
          ]),
        ),
      })),
      edges: Object.fromEntries(this.states.map((st) => [st.type, edgeTableToJson(st.edges)])),
      signalled: Object.fromEntries(this.states.map((st) => [st.type, [...st.signalled]])),
      pinnedPosts: [...this.pinnedPosts].map(([r, p]) => [r, p.id, p.t]),
      pinnedKeys: [...this.pinnedKeys],
    };
  }

  /** Load a snapshot into a fresh instance built with the same types and options. */
  restore(state: StreamState): void {
    if (state.version !== 1) throw new Error(`unknown coordination snapshot version: ${String(state.version)}`);
    if (this.live.size > 0 || this.accountIds.length > 0) throw new Error('restore into a fresh instance');
    for (const id of state.accounts) {
      this.accounts.set(id, this.accountIds.length);
      this.accountIds.push(id as AccountId);
    }
    this.matcher.ensure(this.accountIds.length);
    for (const l of state.live) this.insert(l.post, l.ref, l.finalized, l.keys);
    this.maxSeen = state.maxSeen ?? -Infinity;
    this.late = state.late;
    this.nextRef = state.nextRef;
    this.nextKeyRef = state.nextKeyRef;
    for (const st of this.states) {
      st.edges = edgeTableFromJson(state.edges[st.type]!);
      for (const e of state.signalled[st.type] ?? []) st.signalled.add(e);
    }
    for (const [r, id, t] of state.pinnedPosts) this.pinnedPosts.set(r, { id: id as PostId, t });
    for (const [r, text] of state.pinnedKeys) this.pinnedKeys.set(r, text);
  }
}
