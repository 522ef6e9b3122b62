import { FloatColumn, IntColumn } from './tables.js';

/** Where the per-post step writes its (post of A, account B) matches. */
export interface MatchSink {
  /** One counted match of `p` (account `a`) with its nearest post `q` of account `b`; returns an edge index or −1. */
  add(a: number, b: number, p: number, tp: number, q: number, tq: number, c: number, key: number): number;
}

/** Read access to the directed edges of one type, whichever engine holds them. */
export interface EdgeSource {
  readonly size: number;
  readonly maxEvidence: number;
  src(e: number): number;
  dst(e: number): number;
  weight(e: number): number;
  /** Weight after the viral-key guard, accumulated in float32 (the same in both engines). */
  guarded(e: number): number;
  srcLed(e: number): number;
  dstLed(e: number): number;
  gapSum(e: number): number;
  firstAt(e: number): number;
  lastAt(e: number): number;
  /** Evidence pair `n` (< min(weight, maxEvidence)): [post ref, matched post ref, key ref]. */
  pair(e: number, n: number): [number, number, number];
}

/**
 * The batch engine's edges: an append-only log of matches, sorted once at the end by (source rank,
 * target rank) with two stable counting passes, so that each edge is a run of consecutive matches
 * in call order. Nothing is aggregated: an edge's weight is its run length, its other figures are
 * folded from the run when asked (in call order, so they equal the streaming engine's running sums).
 *
 * Against a hash table of running aggregates: appends are sequential writes (a hash table misses
 * cache twice per match, at random), the output is already in output order, and memory is
 * 20 bytes a match plus 4 an edge (most edges of a big run are single matches) instead of ~90 an edge.
 */
export class MatchLog implements MatchSink, EdgeSource {
  private readonly p: IntColumn;
  private readonly q: IntColumn;
  private readonly key: IntColumn;
  private readonly c: FloatColumn;
  /** After `seal`: edge e is the matches [start[e], start[e + 1]). */
  private start: Int32Array = new Int32Array(1);
  private A: Int32Array = new Int32Array(0);
  private T: Float64Array = new Float64Array(0);
  size = 0;

  /** `capacity`: expected matches (the post count is a fair guess): fewer regrowths, less garbage. */
  constructor(
    readonly maxEvidence: number,
    capacity = 1024,
  ) {
    this.p = new IntColumn(capacity);
    this.q = new IntColumn(capacity);
    this.key = new IntColumn(capacity);
    this.c = new FloatColumn(capacity);
  }

  add(_a: number, _b: number, p: number, _tp: number, q: number, _tq: number, c: number, key: number): number {
    // Accounts and times follow from the post refs (A[p], T[q]…): not stored.
    this.p.push(p);
    this.q.push(q);
    this.key.push(key);
    this.c.push(c);
    return -1;
  }

  /**
   * Groups the matches into edges, in (rank[source], rank[target]) order. `A`, `T`: account and time
   * of each post ref; `rank`: each account's place in the output order, `ranks` of them.
   */
  seal(A: Int32Array, T: Float64Array, rank: Int32Array, ranks: number): void {
    this.A = A;
    this.T = T;
    const m = this.p.length;
    const p = this.p.data;
    const q = this.q.data;
    const key = new Int32Array(m);
    for (let r = 0; r < m; r++) key[r] = rank[A[q[r]]];
    const byTarget = countingOrder(null, key, ranks, m);
    for (let r = 0; r < m; r++) key[r] = rank[A[p[r]]];
    this.permute(countingOrder(byTarget, key, ranks, m));
    const starts = new IntColumn(m + 1);
    const P = this.p.data;
    const Q = this.q.data;
    for (let i = 0; i < m; i++) {
      if (i === 0 || A[P[i]] !== A[P[i - 1]] || A[Q[i]] !== A[Q[i - 1]]) starts.push(i);
    }
    this.size = starts.length;
    starts.push(m);
    starts.shrink();
    this.start = starts.data;
  }

  /**
   * Puts match `order[i]` at `i`: one gather per column (sequential writes, one scratch array reused
   * for the three int columns) — about twice as fast as following the permutation's cycles in place.
   */
  private permute(order: Int32Array): void {
    const m = order.length;
    const scratch = new Int32Array(m);
    for (const column of [this.p, this.q, this.key]) {
      const from = column.data;
      for (let i = 0; i < m; i++) scratch[i] = from[order[i]];
      from.set(scratch.subarray(0, m));
    }
    const c = this.c.data;
    const gathered = new Float64Array(m);
    for (let i = 0; i < m; i++) gathered[i] = c[order[i]];
    c.set(gathered);
  }

  src(e: number): number {
    return this.A[this.p.data[this.start[e]]];
  }
  dst(e: number): number {
    return this.A[this.q.data[this.start[e]]];
  }
  weight(e: number): number {
    return this.start[e + 1] - this.start[e];
  }
  guarded(e: number): number {
    let g = 0;
    for (let i = this.start[e]; i < this.start[e + 1]; i++) g = Math.fround(g + this.c.data[i]);
    return g;
  }
  srcLed(e: number): number {
    return this.fold(e, (tp, tq, acc) => acc + (tp < tq ? 1 : 0), 0);
  }
  dstLed(e: number): number {
    return this.fold(e, (tp, tq, acc) => acc + (tq < tp ? 1 : 0), 0);
  }
  gapSum(e: number): number {
    return this.fold(e, (tp, tq, acc) => acc + Math.abs(tq - tp), 0);
  }
  firstAt(e: number): number {
    return this.fold(e, (tp, tq, acc) => Math.min(acc, tp, tq), Infinity);
  }
  lastAt(e: number): number {
    return this.fold(e, (tp, tq, acc) => Math.max(acc, tp, tq), -Infinity);
  }
  pair(e: number, n: number): [number, number, number] {
    const i = this.start[e] + n;
    return [this.p.data[i], this.q.data[i], this.key.data[i]];
  }

  private fold(e: number, f: (tp: number, tq: number, acc: number) => number, init: number): number {
    let acc = init;
    for (let i = this.start[e]; i < this.start[e + 1]; i++) acc = f(this.T[this.p.data[i]], this.T[this.q.data[i]], acc);
    return acc;
  }
}

/** `items` (null: 0…n−1) stably reordered by `key[item]`, in [0, keys) (counting sort). */
export function countingOrder(items: Int32Array | null, key: Int32Array, keys: number, n = items?.length ?? 0): Int32Array {
  const start = new Int32Array(keys + 1);
  for (let i = 0; i < n; i++) start[key[items ? items[i] : i] + 1]++;
  for (let k = 0; k < keys; k++) start[k + 1] += start[k];
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const item = items ? items[i] : i;
    out[start[key[item]]++] = item;
  }
  return out;
}
