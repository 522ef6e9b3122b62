import type { AccountId } from '../../model/ids.js';
import type { Post } from '../../model/post.js';
import { exactKeyHashes, featuresOf } from './features.js';
import { collectEdges, idRanks, PostMatcher, type CoEdgeList, type Resolver } from './match.js';
import { MatchLog } from './matches.js';
import { PdqNearIndex, TextNearIndex, type NearIndex, type TextFeature, type Tokens } from './near.js';
import { PostIdColumn } from './ids.js';
import { FloatColumn, hash53, IntColumn, MAX_ACCOUNTS, NumberInterner } from './tables.js';
import { DEFAULT_OPTIONS, type CoActionType, type CoEdge, type CoordinationOptions, type NodeInfo } from './types.js';

/** Near features per post are addressed as `ref * SLOTS + slot`. */
export const SLOTS = 64;

/** Per co-action type, the features of every post, in columns (arrival order). */
class TypeStore {
  readonly keys = new NumberInterner(1024);
  readonly keyCount = new IntColumn();
  /** Display text of keys seen at least twice (a key seen once never matches). */
  readonly keyText = new Map<number, string>();
  readonly exactStart = new IntColumn();
  readonly exactKey = new IntColumn();
  // co_similar_tweet: sorted token ids per post.
  readonly textStart = new IntColumn();
  readonly textTok = new IntColumn();
  // co_media: 32 PDQ bytes per near feature.
  readonly pdqStart = new IntColumn();
  pdqBytes = new Uint8Array(1024);
  pdqCount = 0;

  /** Only co_similar_tweet has text features and only co_media PDQ ones: the others skip the columns. */
  readonly hasText: boolean;
  readonly hasPdq: boolean;

  constructor(readonly type: CoActionType) {
    this.hasText = type === 'co_similar_tweet';
    this.hasPdq = type === 'co_media';
    this.exactStart.push(0);
    if (this.hasText) this.textStart.push(0);
    if (this.hasPdq) this.pdqStart.push(0);
  }
}

/**
 * Batch co-action detection. `add` posts (any order), then `run(type)`. Memory is a few columns per
 * post (ids compact, accounts and keys as 53-bit hashes); posts themselves are not kept. Exact keys go
 * into buckets sorted by time and each post scans only the window of its own buckets (two-sided,
 * never all pairs across keys); near types sweep a candidate index over time. Matches go to a log
 * sorted once into edges (`MatchLog`); the time order is shared by the runs of all types.
 */
export class CoordinationBatch {
  readonly opts: CoordinationOptions;
  /** Account id hash → index (53-bit hashes: a string Map cost 4× as much per post). */
  private readonly accounts = new NumberInterner(1024);
  private readonly accountIds: AccountId[] = [];
  private readonly handles: (string | undefined)[] = [];
  private readonly recent = new Map<number, { t: number; text: string }[]>();
  private readonly time = new FloatColumn();
  private readonly acc = new IntColumn();
  private readonly ids = new PostIdColumn();
  /** Time order and the columns in it, shared by the runs of every type until more posts arrive. */
  private sorted: { order: Int32Array; T: Float64Array; A: Int32Array } | undefined;
  private ranks: Int32Array | undefined;
  private readonly stores: Map<CoActionType, TypeStore>;
  private readonly storeList: TypeStore[];
  private readonly vocab = new NumberInterner(1024);
  private readonly words: string[] = [];
  /** Scratch for one post's key hashes. */
  private readonly hashes: number[] = [];
  /** Recent messages kept per account for the graph outputs (0: none). */
  private readonly keepMessages: number;

  constructor(
    readonly types: readonly CoActionType[],
    options: Partial<CoordinationOptions> & { keepMessages?: number } = {},
  ) {
    this.opts = { ...DEFAULT_OPTIONS, ...options };
    this.keepMessages = options.keepMessages ?? 0;
    this.stores = new Map(types.map((t) => [t, new TypeStore(t)]));
    this.storeList = [...this.stores.values()];
  }

  get size(): number {
    return this.ids.length;
  }

  add(post: Post): void {
    const a = this.accounts.intern(hash53(post.authorId));
    if (a === this.accountIds.length) {
      if (a >= MAX_ACCOUNTS) throw new RangeError('too many accounts for one run');
      this.accountIds.push(post.authorId);
      this.handles.push(post.authorHandle);
    } else if (post.authorHandle && post.authorHandle !== this.handles[a]) this.handles[a] = post.authorHandle;
    this.time.push(post.createdAt);
    this.acc.push(a);
    this.ids.push(post.id);
    this.sorted = undefined;
    if (this.keepMessages > 0) this.remember(a, post);
    for (let i = 0; i < this.storeList.length; i++) this.addFeatures(this.storeList[i], post);
  }

  private remember(a: number, post: Post): void {
    let list = this.recent.get(a);
    if (!list) this.recent.set(a, (list = []));
    list.push({ t: post.createdAt, text: post.text });
    if (list.length > this.keepMessages * 2) this.trimRecent(list);
  }

  private trimRecent(list: { t: number; text: string }[]): void {
    list.sort((x, y) => y.t - x.t);
    list.length = Math.min(list.length, this.keepMessages);
  }

  /** Interns an exact key of the current post; true when the key has just been seen a second time. */
  private addExact(s: TypeStore, hash: number): boolean {
    const k = s.keys.intern(hash);
    if (k === s.keyCount.length) s.keyCount.push(0);
    s.exactKey.push(k);
    return ++s.keyCount.data[k] === 2;
  }

  private addFeatures(s: TypeStore, post: Post): void {
    const n = exactKeyHashes(post, s.type, this.hashes);
    if (n >= 0) {
      for (let i = 0; i < n; i++) {
        // Display text only for keys that can match; featuresOf gives the keys in the hashes' order.
        if (this.addExact(s, this.hashes[i])) s.keyText.set(s.exactKey.data[s.exactKey.length - 1], featuresOf(post, s.type, this.opts)[i]!.key.slice(0, 200));
      }
      s.exactStart.push(s.exactKey.length);
      return;
    }
    for (const f of featuresOf(post, s.type, this.opts)) {
      if (f.kind === 'exact') {
        if (this.addExact(s, hash53(f.key))) s.keyText.set(s.exactKey.data[s.exactKey.length - 1], f.key.slice(0, 200));
      } else if (f.kind === 'text') {
        const ids = f.tokens.map((w) => {
          const id = this.vocab.intern(hash53(w));
          if (id === this.words.length) this.words.push(w);
          return id;
        });
        for (const id of ids.sort((x, y) => x - y)) s.textTok.push(id);
      } else if (s.pdqCount - s.pdqStart.data[s.pdqStart.length - 1] < SLOTS) {
        if ((s.pdqCount + 1) * 32 > s.pdqBytes.length) {
          const next = new Uint8Array(Math.max(1024, s.pdqBytes.length * 2));
          next.set(s.pdqBytes);
          s.pdqBytes = next;
        }
        s.pdqBytes.set(f.bits, s.pdqCount++ * 32);
      }
    }
    s.exactStart.push(s.exactKey.length);
    if (s.hasText) s.textStart.push(s.textTok.length);
    if (s.hasPdq) s.pdqStart.push(s.pdqCount);
  }

  /** Edges of one type, filtered by the options (min weight, self-loops, viral guard). */
  run(type: CoActionType): CoEdgeList {
    const s = this.stores.get(type);
    if (!s) throw new Error(`type not configured: ${type}`);
    const { order, T, A } = this.timeSorted();
    const n = order.length;
    const W = this.opts.windowSec * 1000;
    const matcher = new PostMatcher(this.opts, (q1, q2) => q1 < q2);
    matcher.ensure(this.accountIds.length);
    const edges = new MatchLog(this.opts.maxEvidence, n);

    // Exact buckets: keys → posts in time order (counting sort); featPos: where each feature sits.
    const es = s.exactStart.data;
    const ek = s.exactKey.data;
    const bucketStart = new Int32Array(s.keys.size + 1);
    for (let i = 0; i < s.exactKey.length; i++) bucketStart[ek[i] + 1]++;
    for (let k = 0; k < s.keys.size; k++) bucketStart[k + 1] += bucketStart[k];
    const fill = bucketStart.slice(0, s.keys.size);
    const bucketPost = new Int32Array(s.exactKey.length);
    const bucketTime = new Float64Array(s.exactKey.length);
    const featPos = new Int32Array(s.exactKey.length);
    for (let p = 0; p < n; p++) {
      const o = order[p];
      for (let f = es[o]; f < es[o + 1]; f++) {
        const at = fill[ek[f]]++;
        bucketPost[at] = p;
        bucketTime[at] = T[p];
        featPos[f] = at;
      }
    }

    const near = this.nearSweep(s, order);
    let lo = 0;
    let hi = 0;
    for (let p = 0; p < n; p++) {
      const o = order[p];
      const tp = T[p];
      matcher.begin(p, tp, A[p]);
      for (let f = es[o]; f < es[o + 1]; f++) {
        const k = ek[f];
        if (bucketStart[k + 1] - bucketStart[k] < 2) continue;
        matcher.beginFeature(k);
        const at = featPos[f];
        for (let j = at - 1; j >= bucketStart[k] && bucketTime[j] >= tp - W; j--) matcher.offer(bucketPost[j], bucketTime[j], A[bucketPost[j]]);
        for (let j = at + 1; j < bucketStart[k + 1] && bucketTime[j] <= tp + W; j++) matcher.offer(bucketPost[j], bucketTime[j], A[bucketPost[j]]);
        matcher.endFeature();
      }
      if (near) {
        // The index holds exactly the posts within [tp - W, tp + W].
        for (; hi < n && T[hi] <= tp + W; hi++) near.add(hi);
        for (; T[lo] < tp - W; lo++) near.remove(lo);
        near.match(p, matcher, T, A);
      }
      matcher.finish(edges);
    }

    edges.seal(A, T, this.accountRanks(), this.accountIds.length);
    const resolve: Resolver = {
      account: (i) => this.accountIds[i],
      post: (ref) => this.ids.get(order[ref]),
      time: (ref) => T[ref],
      key: (ref) => (ref >= 0 ? (s.keyText.get(ref) ?? '') : (near?.describe(-ref - 1) ?? '')),
    };
    return collectEdges(edges, type, this.opts, resolve, true);
  }

  /** Each account's place in id order (the output order), shared by the runs until accounts are added. */
  private accountRanks(): Int32Array {
    if (this.ranks?.length !== this.accountIds.length) {
      this.ranks = idRanks(this.accountIds, this.accountIds.map((_, i) => i), this.accountIds.length);
    }
    return this.ranks;
  }

  private timeSorted(): { order: Int32Array; T: Float64Array; A: Int32Array } {
    if (this.sorted) return this.sorted;
    this.shrink();
    const order = this.timeOrder();
    const n = order.length;
    const T = new Float64Array(n);
    const A = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      T[i] = this.time.data[order[i]];
      A[i] = this.acc.data[order[i]];
    }
    return (this.sorted = { order, T, A });
  }

  /** Loading is over once a run starts: give the columns' growth slack back (10M posts: ~1 GB). */
  private shrink(): void {
    this.time.shrink();
    this.acc.shrink();
    this.ids.shrink();
    for (const s of this.stores.values()) {
      for (const c of [s.keyCount, s.exactStart, s.exactKey, s.textStart, s.textTok, s.pdqStart]) c.shrink();
      s.pdqBytes = s.pdqBytes.slice(0, s.pdqCount * 32);
    }
  }

  /** Arrival indices sorted by (time, post id): the total order every engine uses. */
  private timeOrder(): Int32Array {
    const n = this.ids.length;
    const t = this.time.data;
    const ids = this.ids;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    let sorted = true;
    let lo = Infinity;
    let hi = -Infinity;
    let integral = true;
    for (let i = 0; i < n; i++) {
      if (integral && !Number.isInteger(t[i])) integral = false;
      if (i > 0 && sorted) sorted = t[i - 1] < t[i] || (t[i - 1] === t[i] && ids.compare(i - 1, i) <= 0);
      if (t[i] < lo) lo = t[i];
      if (t[i] > hi) hi = t[i];
    }
    if (sorted) return order;
    if (integral && (hi - lo + 1) * n < 2 ** 53) {
      // One native sort of (time, arrival) packed into a double, then id order within equal times.
      const packed = new Float64Array(n);
      for (let i = 0; i < n; i++) packed[i] = (t[i] - lo) * n + i;
      packed.sort();
      for (let i = 0; i < n; i++) order[i] = packed[i] % n;
      for (let i = 0; i < n; ) {
        let j = i + 1;
        while (j < n && t[order[j]] === t[order[i]]) j++;
        if (j - i > 1) order.subarray(i, j).sort((x, y) => ids.compare(x, y));
        i = j;
      }
      return order;
    }
    return order.sort((x, y) => t[x] - t[y] || ids.compare(x, y));
  }

  /** The near features of a type as a sweep over sorted positions, or undefined when it has none. */
  private nearSweep(s: TypeStore, order: Int32Array) {
    const hasText = s.hasText && s.textTok.length > 0;
    const hasPdq = s.hasPdq && s.pdqCount > 0;
    if (!hasText && !hasPdq) return undefined;
    const ts = s.textStart.data;
    const tt = s.textTok.data;
    const ps = s.pdqStart.data;
    const words = (tokens: Tokens): string[] => Array.from(tokens as ArrayLike<number>, (id) => this.words[id]);
    const text = (o: number): TextFeature => ({ tokens: tt.subarray(ts[o], ts[o + 1]), words });
    const pdq = (i: number): Uint8Array => s.pdqBytes.subarray(i * 32, i * 32 + 32);
    const index: NearIndex<TextFeature> | NearIndex<Uint8Array> = hasText ? new TextNearIndex(this.opts) : new PdqNearIndex(this.opts.pdqMaxDistance);
    const textIndex = index as NearIndex<TextFeature>;
    const pdqIndex = index as NearIndex<Uint8Array>;
    return {
      add: (p: number): void => {
        const o = order[p];
        if (hasText && ts[o + 1] > ts[o]) textIndex.add(p * SLOTS, text(o));
        if (hasPdq) for (let i = ps[o]; i < ps[o + 1]; i++) pdqIndex.add(p * SLOTS + (i - ps[o]), pdq(i));
      },
      remove: (p: number): void => {
        const o = order[p];
        if (hasText) textIndex.remove(p * SLOTS);
        if (hasPdq) for (let i = ps[o]; i < ps[o + 1]; i++) pdqIndex.remove(p * SLOTS + (i - ps[o]));
      },
      match: (p: number, m: PostMatcher, T: Float64Array, A: Int32Array): void => {
        const o = order[p];
        // Key refs of near features are negative: -(1 + text offset or pdq index).
        const run = <F>(idx: NearIndex<F>, f: F, item: number, keyRef: number): void => {
          m.beginFeature(keyRef);
          for (const cand of idx.query(f, item)) {
            const q = Math.floor(cand / SLOTS);
            if (q !== p && idx.verify(f, idx.get(cand)!)) m.offer(q, T[q], A[q]);
          }
          m.endFeature();
        };
        if (hasText && ts[o + 1] > ts[o]) run(textIndex, text(o), p * SLOTS, -1 - o);
        if (hasPdq) for (let i = ps[o]; i < ps[o + 1]; i++) run(pdqIndex, pdq(i), p * SLOTS + (i - ps[o]), -1 - i);
      },
      describe: (r: number): string =>
        hasText ? words(tt.subarray(ts[r], ts[r + 1])).sort().join(' ').slice(0, 200) : `pdq:${Buffer.from(pdq(r)).toString('hex')}`,
    };
  }

  /** Username and most recent messages of the given accounts (needs `keepMessages`). */
  nodes(ids: Iterable<AccountId>): NodeInfo[] {
    const out: NodeInfo[] = [];
    for (const id of ids) {
      const a = this.accounts.get(hash53(id));
      if (a < 0) continue;
      const list = this.recent.get(a) ?? [];
      this.trimRecent(list);
      out.push({ id, ...(this.handles[a] ? { username: this.handles[a] } : {}), messages: list.map((m) => m.text) });
    }
    return out;
  }

  /** Event-time span of the input. */
  span(): { start: number; end: number } {
    let start = Infinity;
    let end = -Infinity;
    for (let i = 0; i < this.time.length; i++) {
      start = Math.min(start, this.time.data[i]);
      end = Math.max(end, this.time.data[i]);
    }
    return { start, end };
  }
}
