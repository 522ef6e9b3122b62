/**
 * Compact hash tables on typed arrays. A million posts make millions of (post, account) matches; JS
 * Maps of objects would cost ~100 bytes an entry and stop at 2^24 entries.
 */

/** cyrb53: a fast 53-bit string hash. Distinct keys collide with probability ~n²/2^54. */
export function hash53(s: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

const mix = (k: number): number => {
  // Spread a non-negative integer (< 2^53) over 32 bits for slot selection.
  const lo = k >>> 0;
  const hi = (k / 4294967296) >>> 0;
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
};

/** Non-negative integer (< 2^53) → dense index 0, 1, 2… in first-seen order. */
export class NumberInterner {
  private keys: Float64Array;
  private vals: Int32Array;
  private mask: number;
  size = 0;

  constructor(initial = 1024) {
    let cap = 16;
    while (cap < initial * 2) cap *= 2;
    this.keys = new Float64Array(cap).fill(-1);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /** The index of `key`, and whether it was new. */
  intern(key: number): number {
    let i = mix(key) & this.mask;
    for (;;) {
      const k = this.keys[i];
      if (k === key) return this.vals[i];
      if (k === -1) break;
      i = (i + 1) & this.mask;
    }
    this.keys[i] = key;
    this.vals[i] = this.size;
    // Load up to 3/4: linear probing stays short and the table costs ≤ 2.7 slots per key.
    if (++this.size * 4 > this.mask * 3) this.grow();
    return this.size - 1;
  }

  get(key: number): number {
    let i = mix(key) & this.mask;
    for (;;) {
      const k = this.keys[i];
      if (k === key) return this.vals[i];
      if (k === -1) return -1;
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const { keys, vals } = this;
    const cap = keys.length * 2;
    this.keys = new Float64Array(cap).fill(-1);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
    for (let j = 0; j < keys.length; j++) {
      if (keys[j] === -1) continue;
      let i = mix(keys[j]) & this.mask;
      while (this.keys[i] !== -1) i = (i + 1) & this.mask;
      this.keys[i] = keys[j];
      this.vals[i] = vals[j];
    }
  }
}

/** A growable Int32 column. */
export class IntColumn {
  data: Int32Array;
  length = 0;
  constructor(initial = 1024) {
    this.data = new Int32Array(initial);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(Math.ceil(this.data.length * 1.5) + 16);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  /** Drop the growth slack (after loading, before the big allocations of a run). */
  shrink(): void {
    if (this.data.length > this.length) this.data = this.data.slice(0, this.length);
  }
}

/** A growable Float64 column. */
export class FloatColumn {
  data: Float64Array;
  length = 0;
  constructor(initial = 1024) {
    this.data = new Float64Array(initial);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(Math.ceil(this.data.length * 1.5) + 16);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  shrink(): void {
    if (this.data.length > this.length) this.data = this.data.slice(0, this.length);
  }
}

/** Account indices of one run (both engines check it). */
export const MAX_ACCOUNTS = 2 ** 26;

// An edge row: STRIDE int32 slots, one cache line. Floats live in the same memory through views.
const STRIDE = 16;
const SRC = 0;
const DST = 1;
const WEIGHT = 2;
const GUARDED = 3; // float32
const SRC_LED = 4;
const DST_LED = 5;
const GAP_SUM = 3; // float64 slot (int32 slots 6–7)
const FIRST_AT = 4; // float64 (8–9)
const LAST_AT = 5; // float64 (10–11)
const EV0 = 12; // the first evidence pair: post, matched post, key
const OVERFLOW = 15; // 1 + index of the edge's further pairs in the overflow pages, or 0
const PAGE_BITS = 15;
const PAGE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE - 1;

const fmix = (a: number, b: number): number => {
  let h = Math.imul(a, 0x9e3779b1) ^ b;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
};

/**
 * The directed edges of one co-action type with their running evidence. Each `add` is one counted
 * (post of A, account B) match with its nearest post of B. Evidence keeps the first `maxEvidence`
 * matches in call order; both engines call in (time, post id) order of A's post, so these are the
 * earliest pairs.
 *
 * Millions of edges are added to millions of times in random order, so the layout is for memory
 * traffic: a row per edge in one cache line (not one array per field: eight misses per add), rows in
 * fixed pages (growing never copies, nor doubles the peak), an open-addressing index of row numbers
 * (4 bytes a slot), and only the first evidence pair inline — most edges are single coincidences;
 * the others get their further pairs in overflow pages when they reach weight 2.
 */
export class EdgeTable {
  size = 0;
  /** Whether the last `add` filled an evidence slot (streaming pins the posts it names). */
  lastFilled = false;
  private readonly i32: Int32Array[] = [];
  private readonly f32: Float32Array[] = [];
  private readonly f64: Float64Array[] = [];
  /** Further pairs: (maxEvidence − 1) × 3 int32 per edge that has them. */
  private readonly overflow: Int32Array[] = [];
  private overflowCount = 0;
  private readonly overflowWidth: number;
  private slots = new Int32Array(1024);
  private mask = 1023;

  constructor(readonly maxEvidence: number) {
    this.overflowWidth = Math.max(0, maxEvidence - 1) * 3;
  }

  /** The row of a→b, created (zeroed, times unset) when new. */
  private intern(a: number, b: number): number {
    let i = fmix(a, b) & this.mask;
    for (; ; i = (i + 1) & this.mask) {
      const e = this.slots[i] - 1;
      if (e < 0) break;
      const row = this.i32[e >>> PAGE_BITS];
      const o = (e & PAGE_MASK) * STRIDE;
      if (row[o + SRC] === a && row[o + DST] === b) return e;
    }
    const e = this.size++;
    if ((e & PAGE_MASK) === 0) {
      const buffer = new ArrayBuffer(PAGE * STRIDE * 4);
      this.i32.push(new Int32Array(buffer));
      this.f32.push(new Float32Array(buffer));
      this.f64.push(new Float64Array(buffer));
    }
    const row = this.i32[e >>> PAGE_BITS];
    const o = (e & PAGE_MASK) * STRIDE;
    row[o + SRC] = a;
    row[o + DST] = b;
    this.slots[i] = e + 1;
    // Load ≤ 1/2: short probes; the index costs ≤ 16 bytes an edge.
    if (this.size * 2 > this.mask) this.rehash();
    return e;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let e = 0; e < this.size; e++) {
      let i = fmix(this.src(e), this.dst(e)) & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = e + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }

  add(a: number, b: number, p: number, tp: number, q: number, tq: number, c: number, key: number): number {
    const e = this.intern(a, b);
    const pg = e >>> PAGE_BITS;
    const row = this.i32[pg];
    const f64 = this.f64[pg];
    const o = (e & PAGE_MASK) * STRIDE;
    const d = o >> 1;
    const lo = tp < tq ? tp : tq;
    const hi = tp < tq ? tq : tp;
    const n = row[o + WEIGHT]++;
    if (n === 0) {
      f64[d + FIRST_AT] = lo;
      f64[d + LAST_AT] = hi;
    } else {
      if (lo < f64[d + FIRST_AT]) f64[d + FIRST_AT] = lo;
      if (hi > f64[d + LAST_AT]) f64[d + LAST_AT] = hi;
    }
    this.f32[pg][o + GUARDED] += c;
    if (tp < tq) row[o + SRC_LED]++;
    else if (tq < tp) row[o + DST_LED]++;
    f64[d + GAP_SUM] += hi - lo;
    this.lastFilled = n < this.maxEvidence;
    if (this.lastFilled) this.setPair(e, n, p, q, key);
    return e;
  }

  /** Writes evidence pair `n` of edge `e`. */
  private setPair(e: number, n: number, p: number, q: number, key: number): void {
    const row = this.i32[e >>> PAGE_BITS];
    const o = (e & PAGE_MASK) * STRIDE;
    let page: Int32Array;
    let at: number;
    if (n === 0) {
      page = row;
      at = o + EV0;
    } else {
      if (row[o + OVERFLOW] === 0) {
        const x = this.overflowCount++;
        if ((x & PAGE_MASK) === 0) this.overflow.push(new Int32Array(PAGE * this.overflowWidth));
        row[o + OVERFLOW] = x + 1;
      }
      const x = row[o + OVERFLOW] - 1;
      page = this.overflow[x >>> PAGE_BITS];
      at = (x & PAGE_MASK) * this.overflowWidth + (n - 1) * 3;
    }
    page[at] = p;
    page[at + 1] = q;
    page[at + 2] = key;
  }

  private int(e: number, slot: number): number {
    return this.i32[e >>> PAGE_BITS][(e & PAGE_MASK) * STRIDE + slot];
  }
  private float(e: number, slot: number): number {
    return this.f64[e >>> PAGE_BITS][(e & PAGE_MASK) * (STRIDE / 2) + slot];
  }
  src(e: number): number {
    return this.int(e, SRC);
  }
  dst(e: number): number {
    return this.int(e, DST);
  }
  weight(e: number): number {
    return this.int(e, WEIGHT);
  }
  guarded(e: number): number {
    return this.f32[e >>> PAGE_BITS][(e & PAGE_MASK) * STRIDE + GUARDED];
  }
  srcLed(e: number): number {
    return this.int(e, SRC_LED);
  }
  dstLed(e: number): number {
    return this.int(e, DST_LED);
  }
  gapSum(e: number): number {
    return this.float(e, GAP_SUM);
  }
  firstAt(e: number): number {
    return this.float(e, FIRST_AT);
  }
  lastAt(e: number): number {
    return this.float(e, LAST_AT);
  }
  /** Evidence pair `n` (< min(weight, maxEvidence)) of edge `e`: [post ref, matched post ref, key ref]. */
  pair(e: number, n: number): [number, number, number] {
    if (n === 0) {
      const o = (e & PAGE_MASK) * STRIDE + EV0;
      const row = this.i32[e >>> PAGE_BITS];
      return [row[o], row[o + 1], row[o + 2]];
    }
    const x = this.int(e, OVERFLOW) - 1;
    const at = (x & PAGE_MASK) * this.overflowWidth + (n - 1) * 3;
    const page = this.overflow[x >>> PAGE_BITS];
    return [page[at], page[at + 1], page[at + 2]];
  }

  /** Appends a raw edge row (snapshots): the columns of `edgeTableToJson`, evidence padded with zeros. */
  pushRow(values: number[], evidence: number[]): void {
    const [a, b, weight, guarded, srcLed, dstLed, gapSum, firstAt, lastAt] = values as [number, number, number, number, number, number, number, number, number];
    const e = this.intern(a, b);
    const pg = e >>> PAGE_BITS;
    const o = (e & PAGE_MASK) * STRIDE;
    const row = this.i32[pg];
    row[o + WEIGHT] = weight;
    this.f32[pg][o + GUARDED] = guarded;
    row[o + SRC_LED] = srcLed;
    row[o + DST_LED] = dstLed;
    const f64 = this.f64[pg];
    f64[(o >> 1) + GAP_SUM] = gapSum;
    f64[(o >> 1) + FIRST_AT] = firstAt;
    f64[(o >> 1) + LAST_AT] = lastAt;
    for (let n = 0; n < Math.min(weight, this.maxEvidence); n++) this.setPair(e, n, evidence[n * 3]!, evidence[n * 3 + 1]!, evidence[n * 3 + 2]!);
  }
}

const COLUMNS = ['src', 'dst', 'weight', 'guarded', 'srcLed', 'dstLed', 'gapSum', 'firstAt', 'lastAt'] as const;

/** Plain-JSON form of an edge table (snapshots): one array per column, evidence `maxEvidence` × 3 per edge. */
export function edgeTableToJson(t: EdgeTable): Record<string, number[]> {
  const out: Record<string, number[]> = { maxEvidence: [t.maxEvidence] };
  for (const c of COLUMNS) out[c] = Array.from({ length: t.size }, (_, e) => t[c](e));
  const evidence = new Array<number>(t.size * t.maxEvidence * 3).fill(0);
  for (let e = 0; e < t.size; e++) {
    for (let n = 0; n < Math.min(t.weight(e), t.maxEvidence); n++) {
      const [p, q, key] = t.pair(e, n);
      const at = (e * t.maxEvidence + n) * 3;
      [evidence[at], evidence[at + 1], evidence[at + 2]] = [p, q, key];
    }
  }
  out.evidence = evidence;
  return out;
}

export function edgeTableFromJson(json: Record<string, number[]>): EdgeTable {
  const t = new EdgeTable(json.maxEvidence![0]!);
  const width = t.maxEvidence * 3;
  for (let e = 0; e < json.src!.length; e++) {
    t.pushRow(COLUMNS.map((c) => json[c]![e]!), json.evidence!.slice(e * width, (e + 1) * width));
  }
  return t;
}
