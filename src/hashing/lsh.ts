/**
 * Locality-sensitive hashing over MinHash signatures (banding): a signature is cut into `bands`
 * bands of `rows` values; two signatures become candidates when any band is identical, which happens
 * with probability 1 − (1 − J^rows)^bands for Jaccard similarity J.
 *
 * Memory-lean: no object per (item, band). Every band bucket is one 12-byte entry in typed arrays
 * (bucket key, item id, next-in-chain) chained from an open hash table; removal marks the item dead
 * and the dead entries are swept once they outnumber the live ones.
 */
import { fmix32, mixBlock } from './hash32.js';

export interface LshParams {
  bands: number;
  rows: number;
}

/** Probability that a pair with Jaccard similarity `s` becomes a candidate. */
export function candidateProbability(s: number, { bands, rows }: LshParams): number {
  return 1 - Math.pow(1 - Math.pow(s, rows), bands);
}

/**
 * Bands and rows for a Jaccard `threshold` with `numPerm` values: among the splits whose false-negative
 * rate at the threshold itself is at most `maxFalseNegative` (pairs above the threshold do better),
 * the one with the smallest false-positive mass below the threshold (fewer candidates to verify).
 */
export function lshParams(threshold: number, numPerm: number, maxFalseNegative = 0.01): LshParams {
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`threshold must be in (0, 1]: ${threshold}`);
  let best: (LshParams & { fp: number; fn: number }) | undefined;
  for (let rows = 1; rows <= numPerm; rows++) {
    const bands = Math.floor(numPerm / rows);
    const p = { bands, rows };
    const fn = 1 - candidateProbability(threshold, p);
    let fp = 0; // ∫_0^t P(candidate | s) ds, midpoint rule
    const steps = 200;
    for (let i = 0; i < steps; i++) fp += candidateProbability(((i + 0.5) / steps) * threshold, p);
    fp *= threshold / steps;
    const ok = fn <= maxFalseNegative;
    const bestOk = best !== undefined && best.fn <= maxFalseNegative;
    if (!best || (ok && (!bestOk || fp < best.fp)) || (!ok && !bestOk && fn < best.fn)) best = { ...p, fp, fn };
  }
  return { bands: best!.bands, rows: best!.rows };
}

const EMPTY = -1;

export class LshIndex<K> {
  readonly bands: number;
  readonly rows: number;
  private readonly idOf = new Map<K, number>();
  private keyOf: (K | undefined)[] = [];
  private freeIds: number[] = [];
  private alive = new Uint8Array(16);
  private stamp = new Uint32Array(16);
  private epoch = 0;
  private dead = 0;
  // Entries: one per (item, band).
  private entKey = new Uint32Array(64);
  private entId = new Int32Array(64);
  private entNext = new Int32Array(64);
  private entries = 0;
  private heads = new Int32Array(64).fill(EMPTY);

  constructor(opts: LshParams) {
    if (!(opts.bands >= 1 && opts.rows >= 1)) throw new RangeError('bands and rows must be >= 1');
    this.bands = opts.bands;
    this.rows = opts.rows;
  }

  get size(): number {
    return this.idOf.size;
  }

  has(key: K): boolean {
    return this.idOf.has(key);
  }

  add(key: K, sig: Uint32Array): void {
    this.checkSig(sig);
    if (this.idOf.has(key)) this.remove(key);
    const id = this.freeIds.length > 0 ? this.freeIds.pop()! : this.keyOf.length;
    if (id === this.keyOf.length) this.keyOf.push(key);
    else this.keyOf[id] = key;
    this.idOf.set(key, id);
    if (id >= this.alive.length) this.growItems(id + 1);
    this.alive[id] = 1;
    if (this.entries + this.bands > this.entKey.length) this.growEntries(this.entries + this.bands);
    for (let b = 0; b < this.bands; b++) this.link(this.bandKey(sig, b), id);
  }

  remove(key: K): void {
    const id = this.idOf.get(key);
    if (id === undefined) return;
    this.idOf.delete(key);
    this.alive[id] = 0;
    this.keyOf[id] = undefined;
    this.dead++;
    if (this.dead > 1024 && this.dead > this.idOf.size) this.sweep();
  }

  /** Keys of every item sharing at least one band with `sig`, each once, in no particular order. */
  query(sig: Uint32Array): K[] {
    this.checkSig(sig);
    const out: K[] = [];
    const epoch = this.nextEpoch();
    const mask = this.heads.length - 1;
    for (let b = 0; b < this.bands; b++) {
      const bk = this.bandKey(sig, b);
      for (let e = this.heads[bk & mask]; e !== EMPTY; e = this.entNext[e]) {
        if (this.entKey[e] !== bk) continue;
        const id = this.entId[e];
        if (this.alive[id] === 0 || this.stamp[id] === epoch) continue;
        this.stamp[id] = epoch;
        out.push(this.keyOf[id] as K);
      }
    }
    return out;
  }

  private checkSig(sig: Uint32Array): void {
    if (sig.length < this.bands * this.rows) {
      throw new RangeError(`signature has ${sig.length} values; ${this.bands}×${this.rows} needed`);
    }
  }

  /** Bucket key of band `b`: the band index is mixed in so equal values in different bands differ. */
  private bandKey(sig: Uint32Array, b: number): number {
    let h = mixBlock(0x9747b28c, b);
    const start = b * this.rows;
    for (let i = start; i < start + this.rows; i++) h = mixBlock(h, sig[i]);
    return fmix32(h ^ this.rows);
  }

  private link(bk: number, id: number): void {
    const e = this.entries++;
    const slot = bk & (this.heads.length - 1);
    this.entKey[e] = bk;
    this.entId[e] = id;
    this.entNext[e] = this.heads[slot];
    this.heads[slot] = e;
    if (this.entries > this.heads.length) this.rehash(this.heads.length * 2);
  }

  private nextEpoch(): number {
    this.epoch = (this.epoch + 1) >>> 0;
    if (this.epoch === 0) {
      this.stamp.fill(0);
      this.epoch = 1;
    }
    return this.epoch;
  }

  private growItems(min: number): void {
    const cap = Math.max(min, this.alive.length * 2);
    const alive = new Uint8Array(cap);
    alive.set(this.alive);
    this.alive = alive;
    const stamp = new Uint32Array(cap);
    stamp.set(this.stamp);
    this.stamp = stamp;
  }

  private growEntries(min: number): void {
    const cap = Math.max(min, Math.ceil(this.entKey.length * 1.5));
    const key = new Uint32Array(cap);
    key.set(this.entKey);
    this.entKey = key;
    const id = new Int32Array(cap);
    id.set(this.entId);
    this.entId = id;
    const next = new Int32Array(cap);
    next.set(this.entNext);
    this.entNext = next;
  }

  private rehash(size: number): void {
    this.heads = new Int32Array(size).fill(EMPTY);
    const mask = size - 1;
    for (let e = 0; e < this.entries; e++) {
      const slot = this.entKey[e] & mask;
      this.entNext[e] = this.heads[slot];
      this.heads[slot] = e;
    }
  }

  /** Drops the entries of removed items and frees their ids. */
  private sweep(): void {
    let w = 0;
    for (let e = 0; e < this.entries; e++) {
      if (this.alive[this.entId[e]] === 0) continue;
      this.entKey[w] = this.entKey[e];
      this.entId[w] = this.entId[e];
      w++;
    }
    this.entries = w;
    this.freeIds = [];
    for (let id = this.keyOf.length - 1; id >= 0; id--) if (this.alive[id] === 0) this.freeIds.push(id);
    this.dead = 0;
    let size = 64;
    while (size < this.entries) size *= 2;
    this.rehash(size);
  }
}
