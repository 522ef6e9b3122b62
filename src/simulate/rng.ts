/**
 * Seeded randomness. Every draw in the simulator goes through an `Rng` built from the seed and a
 * stream name, so the same seed gives the same world and one part's draws never shift another's
 * (adding a raid does not change which organic posts exist). sfc32: fast, 128-bit state, good enough
 * for simulation.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    [this.a, this.b, this.c, this.d] = cyrb128(seed);
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A uniform float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** A uniform integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Index drawn with the given (unnormalised) weights; fine for short lists. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  normal(): number {
    // Box–Muller; the 1 - u keeps log away from 0.
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given median and shape (sigma of the underlying normal). */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Poisson count; normal approximation above 50 (counts per time slice can be large). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** `k` distinct indices from [0, n) (k <= n), in draw order. */
  sample(n: number, k: number): number[] {
    const out: number[] = [];
    if (k >= n) {
      for (let i = 0; i < n; i++) out.push(i);
      return this.shuffle(out);
    }
    const seen = new Set<number>();
    while (out.length < k) {
      const i = Math.floor(this.next() * n);
      if (!seen.has(i)) {
        seen.add(i);
        out.push(i);
      }
    }
    return out;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }

  /** A child generator: deterministic in (this seed, name), independent of draws made so far. */
  static derive(seed: string, name: string): Rng {
    return new Rng(`${seed}\u0000${name}`);
  }
}

/** 128-bit string hash (cyrb128) used to seed sfc32 and to derive stable pseudo-random ids. */
export function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A stable pseudo-random token of `length` characters from `alphabet`, derived from `key`. */
export function token(key: string, length: number, alphabet = ALNUM): string {
  const out = new Uint8Array(length);
  tokenBytes(key, length, alphabet, out, 0);
  return String.fromCharCode.apply(null, out as unknown as number[]);
}

/** `token(key, length, alphabet)` as ASCII codes in `out` from `at` (alphabet: ASCII). */
export function tokenBytes(key: string, length: number, alphabet: string, out: Uint8Array, at: number): void {
  let [a, b, c, d] = cyrb128(key);
  const n = alphabet.length;
  for (let i = 0; i < length; i++) {
    const v = i % 4 === 0 ? a : i % 4 === 1 ? b : i % 4 === 2 ? c : d;
    out[at + i] = alphabet.charCodeAt(v % n);
    const next = Math.floor(v / n) ^ Math.imul(v, 2654435761);
    if (i % 4 === 0) a = next >>> 0;
    else if (i % 4 === 1) b = next >>> 0;
    else if (i % 4 === 2) c = next >>> 0;
    else d = next >>> 0;
  }
}

/** A stable short code from two integers (integer mixing only: this runs once per link). */
export function code(a: number, b: number, length: number): string {
  let h = codeSeed(a, b);
  let out = '';
  for (let i = 0; i < length; i++) {
    h = codeStep(h);
    out += ALNUM[(h >>> 0) % 62];
  }
  return out;
}

/** `code(a, b, length)` as ASCII codes in `out` from `at`, for writers that copy it without a string. */
export function codeBytes(a: number, b: number, length: number, out: Uint8Array, at: number): void {
  let h = codeSeed(a, b);
  for (let i = 0; i < length; i++) {
    h = codeStep(h);
    out[at + i] = ALNUM.charCodeAt((h >>> 0) % 62);
  }
}

const codeSeed = (a: number, b: number): number => Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
function codeStep(h: number): number {
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return Math.imul(h ^ (h >>> 12), 0x297a2d39) ^ (h >>> 15);
}

/**
 * Walker's alias table: O(1) draws from a fixed discrete distribution. Used to pick post authors by
 * activity weight among many accounts.
 */
export class AliasTable {
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;

  constructor(weights: readonly number[]) {
    const n = weights.length;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    let total = 0;
    for (const w of weights) total += w;
    const scaled = weights.map((w) => (total > 0 ? (w * n) / total : 1));
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.prob[s] = scaled[s]!;
      this.alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      (scaled[l]! < 1 ? small : large).push(l);
    }
    for (const i of [...small, ...large]) {
      this.prob[i] = 1;
      this.alias[i] = i;
    }
  }

  get size(): number {
    return this.prob.length;
  }

  draw(rng: Rng): number {
    const u = rng.next() * this.prob.length;
    const i = Math.floor(u);
    return u - i < this.prob[i]! ? i : this.alias[i]!;
  }
}
