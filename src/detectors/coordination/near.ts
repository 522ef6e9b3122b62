import { lshParams, LshIndex } from '../../hashing/lsh.js';
import { minhashSignature } from '../../hashing/minhash.js';
import { popcount32 } from '../../hashing/hash32.js';
import type { CoordinationOptions } from './types.js';

/**
 * Candidate indexes for the near co-action types. Items are keyed by a number the engine chooses
 * (post ref × 64 + feature slot). `query` may return items outside the time window: the engine filters
 * by time, then `verify` decides exactly. Never all pairs: a query touches only its buckets.
 */
export interface NearIndex<F> {
  add(item: number, feature: F): void;
  remove(item: number): void;
  /** Candidates for `feature`; `item` names it when it is itself indexed (its stored hashes are reused). */
  query(feature: F, item?: number): number[];
  verify(a: F, b: F): boolean;
  /** The stored feature of an item (for verification against the query). */
  get(item: number): F | undefined;
}

/** Sorted unique tokens (strings, or interned ids in ascending order). */
export type Tokens = ArrayLike<string> | ArrayLike<number>;

/** Exact Jaccard of two sorted unique arrays by merging (no Set allocation). */
export function sortedJaccard(a: Tokens, b: Tokens): number {
  let i = 0;
  let j = 0;
  let inter = 0;
  while (i < a.length && j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x === y) {
      inter++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  const union = a.length + b.length - inter;
  return union === 0 ? 0 : inter / union;
}

export interface TextFeature {
  tokens: Tokens;
  /** Token strings for hashing, when `tokens` are ids. */
  words?: (tokens: Tokens) => Iterable<string>;
}

/** co_similar_tweet: MinHash LSH candidates (hashing/lsh), exact Jaccard verification. */
export class TextNearIndex implements NearIndex<TextFeature> {
  private readonly lsh: LshIndex<number>;
  private readonly items = new Map<number, { f: TextFeature; sig: Uint32Array }>();

  constructor(private readonly opts: Pick<CoordinationOptions, 'similarityThreshold' | 'numPerm'>) {
    this.lsh = new LshIndex<number>(lshParams(opts.similarityThreshold, opts.numPerm));
  }

  private signature(f: TextFeature): Uint32Array {
    const words = f.words ? f.words(f.tokens) : Array.from(f.tokens as ArrayLike<string>);
    return minhashSignature(words, this.opts.numPerm);
  }

  add(item: number, f: TextFeature): void {
    const sig = this.signature(f);
    this.items.set(item, { f, sig });
    this.lsh.add(item, sig);
  }
  remove(item: number): void {
    if (this.items.delete(item)) this.lsh.remove(item);
  }
  query(f: TextFeature, item?: number): number[] {
    const stored = item === undefined ? undefined : this.items.get(item);
    return this.lsh.query(stored?.sig ?? this.signature(f));
  }
  verify(a: TextFeature, b: TextFeature): boolean {
    return sortedJaccard(a.tokens, b.tokens) >= this.opts.similarityThreshold;
  }
  get(item: number): TextFeature | undefined {
    return this.items.get(item)?.f;
  }
}

/** Hamming distance of two 256-bit PDQ hashes given as 32 bytes. */
export function pdqDistance(a: Uint8Array, b: Uint8Array): number {
  let d = 0;
  for (let i = 0; i < 32; i += 4) {
    const x = (a[i] | (a[i + 1] << 8) | (a[i + 2] << 16) | (a[i + 3] << 24)) ^ (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24));
    d += popcount32(x);
  }
  return d;
}

/**
 * co_media near matches: multi-index hashing on the 32 bytes of a PDQ hash. Two hashes within
 * Hamming distance ≤ 31 agree exactly on at least one of the 32 bytes (pigeonhole), so the 32 byte
 * buckets give every candidate; distance is then checked exactly.
 */
export class PdqNearIndex implements NearIndex<Uint8Array> {
  private readonly buckets = new Map<number, Set<number>>();
  private readonly items = new Map<number, Uint8Array>();

  constructor(private readonly maxDistance: number) {
    if (maxDistance > 31) throw new RangeError(`PDQ distance above 31 is not supported by the byte index: ${maxDistance}`);
  }

  add(item: number, bits: Uint8Array): void {
    this.items.set(item, bits);
    for (let i = 0; i < 32; i++) {
      const k = i * 256 + bits[i];
      let set = this.buckets.get(k);
      if (!set) this.buckets.set(k, (set = new Set()));
      set.add(item);
    }
  }
  remove(item: number): void {
    const bits = this.items.get(item);
    if (!bits) return;
    this.items.delete(item);
    for (let i = 0; i < 32; i++) {
      const k = i * 256 + bits[i];
      const set = this.buckets.get(k)!;
      set.delete(item);
      if (set.size === 0) this.buckets.delete(k);
    }
  }
  query(bits: Uint8Array, _item?: number): number[] {
    const out = new Set<number>();
    for (let i = 0; i < 32; i++) for (const item of this.buckets.get(i * 256 + bits[i]) ?? []) out.add(item);
    return [...out];
  }
  verify(a: Uint8Array, b: Uint8Array): boolean {
    return pdqDistance(a, b) <= this.maxDistance;
  }
  get(item: number): Uint8Array | undefined {
    return this.items.get(item);
  }
}
