import type { AccountId, PostId } from '../../model/ids.js';
import { countingOrder, type EdgeSource, type MatchSink } from './matches.js';
import type { EdgeRow } from './output.js';
import type { CoActionType, CoEdge, CoordinationOptions, EvidencePair } from './types.js';

/**
 * The per-post step both engines share. For one post p of account A, the caller offers every post q
 * (q ≠ p) that shares a feature with p inside the window; the matcher keeps, per other account B, the
 * nearest such q (ties: the earlier q, then the caller's order) and the best viral-guard factor, and
 * finally records one (p, B) match per B. That is QUT's weight: distinct posts of A with ≥ 1 match
 * among B's posts. Being order-independent within a post is what makes batch equal streaming.
 */
export class PostMatcher {
  private stamp = new Int32Array(0);
  private fstamp = new Int32Array(0);
  private bestQ = new Float64Array(0);
  private bestT = new Float64Array(0);
  private bestC = new Float64Array(0);
  private bestKey = new Float64Array(0);
  // Accounts touched by the current post / feature (typed arrays with counters: no array churn).
  private touched = new Int32Array(0);
  private touchedN = 0;
  private featureAccounts = new Int32Array(0);
  private featureN = 0;
  private postRound = 0;
  private featureRound = 0;
  private p = 0;
  private tp = 0;
  private a = 0;
  private key = 0;

  constructor(
    private readonly opts: Pick<CoordinationOptions, 'viralThreshold'>,
    /** Total order on post refs for ties at equal time (post id order). */
    private readonly before: (q1: number, q2: number) => boolean,
  ) {}

  /** Make room for account indices below `n`. */
  ensure(n: number): void {
    if (n <= this.stamp.length) return;
    const cap = Math.max(n, this.stamp.length * 2, 64);
    const grow = <T extends Int32Array | Float64Array>(old: T, make: (c: number) => T): T => {
      const next = make(cap);
      next.set(old);
      return next;
    };
    this.stamp = grow(this.stamp, (c) => new Int32Array(c));
    this.fstamp = grow(this.fstamp, (c) => new Int32Array(c));
    this.bestQ = grow(this.bestQ, (c) => new Float64Array(c));
    this.bestT = grow(this.bestT, (c) => new Float64Array(c));
    this.bestC = grow(this.bestC, (c) => new Float64Array(c));
    this.bestKey = grow(this.bestKey, (c) => new Float64Array(c));
    this.touched = grow(this.touched, (c) => new Int32Array(c));
    this.featureAccounts = grow(this.featureAccounts, (c) => new Int32Array(c));
  }

  begin(p: number, tp: number, a: number): void {
    this.p = p;
    this.tp = tp;
    this.a = a;
    this.postRound++;
    this.touchedN = 0;
  }

  /** Start the candidates of one feature (one semantic key: a URL, a hashtag, an image…). */
  beginFeature(key: number): void {
    this.key = key;
    this.featureRound++;
    this.featureN = 0;
  }

  offer(q: number, tq: number, b: number): void {
    if (this.fstamp[b] !== this.featureRound) {
      this.fstamp[b] = this.featureRound;
      this.featureAccounts[this.featureN++] = b;
    }
    const d = Math.abs(tq - this.tp);
    if (this.stamp[b] !== this.postRound) {
      this.stamp[b] = this.postRound;
      this.touched[this.touchedN++] = b;
      this.bestC[b] = 0;
    } else {
      const bd = Math.abs(this.bestT[b] - this.tp);
      if (d > bd) return;
      if (d === bd) {
        const bt = this.bestT[b];
        if (tq > bt || (tq === bt && !this.before(q, this.bestQ[b]))) return;
      }
    }
    this.bestQ[b] = q;
    this.bestT[b] = tq;
    this.bestKey[b] = this.key;
  }

  /** The feature's crowd is its distinct accounts in the window, A included. */
  endFeature(): void {
    const n = this.featureN;
    if (n === 0) return;
    const crowd = n + (this.fstamp[this.a] === this.featureRound ? 0 : 1);
    const c = Math.min(1, this.opts.viralThreshold / crowd);
    for (let i = 0; i < n; i++) {
      const b = this.featureAccounts[i];
      if (c > this.bestC[b]) this.bestC[b] = c;
    }
  }

  /** Records the post's matches; `onEdge` hears each edge touched (streaming signals, pinning). */
  finish(edges: MatchSink, onEdge?: (e: number, p: number, q: number, key: number) => void): void {
    for (let i = 0; i < this.touchedN; i++) {
      const b = this.touched[i];
      const q = this.bestQ[b];
      const e = edges.add(this.a, b, this.p, this.tp, q, this.bestT[b], this.bestC[b], this.bestKey[b]);
      onEdge?.(e, this.p, q, this.bestKey[b]);
    }
  }
}

/** How to turn refs of an engine back into ids and display text. */
export interface Resolver {
  account(index: number): AccountId;
  post(ref: number): PostId;
  time(ref: number): number;
  key(ref: number): string;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * The edges of one type that pass the filters, in (source id, target id) order, kept in the engine's
 * columns: an edge becomes a `CoEdge` object only when asked for. A million-post run has millions of
 * edges; materialising them all at once costs more than finding them.
 */
export class CoEdgeList implements Iterable<CoEdge> {
  private readonly keyText = new Map<number, string>();

  constructor(
    readonly type: CoActionType,
    private readonly table: EdgeSource,
    /** Edge indices of the table, in output order. */
    private readonly order: Int32Array,
    private readonly resolve: Resolver,
  ) {}

  get length(): number {
    return this.order.length;
  }

  source(i: number): AccountId {
    return this.resolve.account(this.table.src(this.order[i]));
  }
  target(i: number): AccountId {
    return this.resolve.account(this.table.dst(this.order[i]));
  }
  weight(i: number): number {
    return this.table.weight(this.order[i]);
  }
  guardedWeight(i: number): number {
    return round(this.table.guarded(this.order[i]));
  }
  /** What the graph writers need of edge `i`, without its evidence (no post ids resolved). */
  row(i: number): EdgeRow {
    return { source: this.source(i), target: this.target(i), type: this.type, weight: this.weight(i), guardedWeight: this.guardedWeight(i) };
  }
  /** Every `row`, walkable more than once (the writers walk nodes, then edges). */
  rows(): Iterable<EdgeRow> {
    const rows = (function* (list: CoEdgeList): Generator<EdgeRow> {
      for (let i = 0; i < list.length; i++) yield list.row(i);
    });
    return { [Symbol.iterator]: () => rows(this) };
  }

  private key(ref: number): string {
    let k = this.keyText.get(ref);
    if (k === undefined) this.keyText.set(ref, (k = `${this.type}:${this.resolve.key(ref)}`));
    return k;
  }

  get(i: number): CoEdge {
    const t = this.table;
    const e = this.order[i];
    const weight = t.weight(e);
    const pairs: EvidencePair[] = [];
    for (let n = 0; n < Math.min(weight, t.maxEvidence); n++) {
      const [p, q, key] = t.pair(e, n);
      pairs.push({ source: this.resolve.post(p), target: this.resolve.post(q), gapMs: this.resolve.time(q) - this.resolve.time(p), key: this.key(key) });
    }
    return {
      source: this.resolve.account(t.src(e)),
      target: this.resolve.account(t.dst(e)),
      type: this.type,
      weight,
      guardedWeight: this.guardedWeight(i),
      sourceLed: t.srcLed(e),
      targetLed: t.dstLed(e),
      simultaneous: weight - t.srcLed(e) - t.dstLed(e),
      meanAbsGapMs: round(t.gapSum(e) / weight),
      firstAt: t.firstAt(e),
      lastAt: t.lastAt(e),
      pairs,
    };
  }

  *[Symbol.iterator](): Iterator<CoEdge> {
    for (let i = 0; i < this.order.length; i++) yield this.get(i);
  }

  toArray(): CoEdge[] {
    return [...this];
  }
}

/**
 * The edges that pass the options' filters, sorted by source then target account id (`sorted`: the
 * source already holds them in that order).
 */
export function collectEdges(table: EdgeSource, type: CoActionType, opts: CoordinationOptions, resolve: Resolver, sorted = false): CoEdgeList {
  const kept = new Int32Array(table.size);
  let nKept = 0;
  for (let e = 0; e < table.size; e++) {
    if (!opts.selfLoops && table.src(e) === table.dst(e)) continue;
    if ((opts.viralGuard ? table.guarded(e) : table.weight(e)) < opts.minWeight) continue;
    kept[nKept++] = e;
  }
  if (sorted) return new CoEdgeList(type, table, kept.slice(0, nKept), resolve);
  // Accounts ranked by id (one string sort of the accounts involved), then the edges ordered by
  // (source rank, target rank) with two stable counting passes: linear in the edges, no comparisons.
  const src = new Int32Array(nKept);
  const dst = new Int32Array(nKept);
  let maxAccount = -1;
  for (let i = 0; i < nKept; i++) {
    src[i] = table.src(kept[i]);
    dst[i] = table.dst(kept[i]);
    maxAccount = Math.max(maxAccount, src[i], dst[i]);
  }
  const mark = new Uint8Array(maxAccount + 1);
  for (let i = 0; i < nKept; i++) mark[src[i]] = mark[dst[i]] = 1;
  const used: number[] = [];
  for (let i = 0; i <= maxAccount; i++) if (mark[i]) used.push(i);
  const rank = idRanks(used.map((i) => resolve.account(i)), used, maxAccount + 1);
  const key = dst.map((b) => rank[b]);
  const byTarget = countingOrder(null, key, used.length, nKept);
  for (let i = 0; i < nKept; i++) key[i] = rank[src[i]];
  const order = countingOrder(byTarget, key, used.length);
  for (let i = 0; i < nKept; i++) order[i] = kept[order[i]];
  return new CoEdgeList(type, table, order, resolve);
}

/** Rank (place in string order) of each account index of `indices`, whose ids are `ids`, in an array of `size`. */
export function idRanks(ids: readonly string[], indices: readonly number[], size: number): Int32Array {
  const byId = ids.map((_, k) => k).sort((x, y) => (ids[x]! < ids[y]! ? -1 : ids[x]! > ids[y]! ? 1 : 0));
  const rank = new Int32Array(size);
  byId.forEach((k, r) => (rank[indices[k]!] = r));
  return rank;
}
