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

/** Accounts are packed into one edge key as `a * 2^26 + b`: up to 67M accounts per run. */
export const MAX_ACCOUNTS = 2 ** 26;

/** A column of an edge table: typed storage plus the fill level, as `IntColumn` / `FloatColumn`. */
interface Column<T extends Int32Array | Float32Array | Float64Array> {
  data: T;
  length: number;
}

/**
 * The directed edges of one co-action type with their running evidence. Each `add` is one counted
 * (post of A, account B) match with its nearest post of B. Evidence slots keep the first
 * `maxEvidence` matches in call order; both engines call in (time, post id) order of A's post, so the
 * slots hold the earliest pairs. Columns grow together; a new edge is written in place (no pushes).
 */
export class EdgeTable {
  readonly index = new NumberInterner(1024);
  private cap = 1024;
  src: Column<Int32Array> = { data: new Int32Array(this.cap), length: 0 };
  dst: Column<Int32Array> = { data: new Int32Array(this.cap), length: 0 };
  weight: Column<Int32Array> = { data: new Int32Array(this.cap), length: 0 };
  guarded: Column<Float32Array> = { data: new Float32Array(this.cap), length: 0 };
  srcLed: Column<Int32Array> = { data: new Int32Array(this.cap), length: 0 };
  dstLed: Column<Int32Array> = { data: new Int32Array(this.cap), length: 0 };
  gapSum: Column<Float64Array> = { data: new Float64Array(this.cap), length: 0 };
  firstAt: Column<Float64Array> = { data: new Float64Array(this.cap), length: 0 };
  lastAt: Column<Float64Array> = { data: new Float64Array(this.cap), length: 0 };
  /**
   * Per edge `maxEvidence` × (post ref, matched post ref, key ref), as int32: refs stay below 2^31
   * (a batch's post count; a stream's arrival counter, so one stream instance takes 2^31 posts).
   */
  evidence: Column<Int32Array>;

  /** Whether the last `add` filled an evidence slot (streaming pins the posts it names). */
  lastFilled = false;

  constructor(readonly maxEvidence: number) {
    this.evidence = { data: new Int32Array(this.cap * maxEvidence * 3), length: 0 };
  }

  get size(): number {
    return this.index.size;
  }

  private columns(): Column<Int32Array | Float32Array | Float64Array>[] {
    return [this.src, this.dst, this.weight, this.guarded, this.srcLed, this.dstLed, this.gapSum, this.firstAt, this.lastAt];
  }

  private grow(): void {
    // ×1.5, not ×2: at 10M posts the edge columns are the largest allocation of a run.
    this.cap = Math.ceil(this.cap * 1.5);
    for (const c of [...this.columns(), this.evidence]) {
      const next = new (c.data.constructor as Int32ArrayConstructor | Float32ArrayConstructor | Float64ArrayConstructor)(c === this.evidence ? this.cap * this.maxEvidence * 3 : this.cap);
      next.set(c.data);
      c.data = next;
    }
  }

  /** Appends a raw edge row (snapshots). */
  pushRow(values: number[], evidence: number[]): void {
    const e = this.index.intern(values[0]! * MAX_ACCOUNTS + values[1]!);
    if (e >= this.cap) this.grow();
    this.columns().forEach((c, i) => {
      c.data[e] = values[i]!;
      c.length = e + 1;
    });
    this.evidence.data.set(evidence, e * this.maxEvidence * 3);
    this.evidence.length = (e + 1) * this.maxEvidence * 3;
  }

  add(a: number, b: number, p: number, tp: number, q: number, tq: number, c: number, key: number): number {
    const e = this.index.intern(a * MAX_ACCOUNTS + b);
    const lo = tp < tq ? tp : tq;
    const hi = tp < tq ? tq : tp;
    if (e === this.src.length) {
      if (e >= this.cap) this.grow();
      const n = e + 1;
      this.src.data[e] = a;
      this.dst.data[e] = b;
      this.firstAt.data[e] = lo;
      this.lastAt.data[e] = hi;
      this.src.length = this.dst.length = this.weight.length = this.guarded.length = n;
      this.srcLed.length = this.dstLed.length = this.gapSum.length = this.firstAt.length = this.lastAt.length = n;
      this.evidence.length = n * this.maxEvidence * 3;
    }
    const n = this.weight.data[e]++;
    this.guarded.data[e] += c;
    if (tp < tq) this.srcLed.data[e]++;
    else if (tq < tp) this.dstLed.data[e]++;
    this.gapSum.data[e] += hi - lo;
    if (lo < this.firstAt.data[e]) this.firstAt.data[e] = lo;
    if (hi > this.lastAt.data[e]) this.lastAt.data[e] = hi;
    this.lastFilled = n < this.maxEvidence;
    if (this.lastFilled) {
      const o = (e * this.maxEvidence + n) * 3;
      this.evidence.data[o] = p;
      this.evidence.data[o + 1] = q;
      this.evidence.data[o + 2] = key;
    }
    return e;
  }
}

const COLUMNS = ['src', 'dst', 'weight', 'guarded', 'srcLed', 'dstLed', 'gapSum', 'firstAt', 'lastAt'] as const;

/** Plain-JSON form of an edge table (snapshots). */
export function edgeTableToJson(t: EdgeTable): Record<string, number[]> {
  const out: Record<string, number[]> = { maxEvidence: [t.maxEvidence] };
  for (const c of COLUMNS) out[c] = Array.from(t[c].data.subarray(0, t[c].length));
  out.evidence = Array.from(t.evidence.data.subarray(0, t.evidence.length));
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
