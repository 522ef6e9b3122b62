/**
 * MinHash signatures over sets of string shingles (Broder 1997). Each shingle gets a 64-bit identity
 * as two independent 32-bit MurmurHash3 values (a, b); permutation i maps it to
 * fmix32((a ^ k1[i]) + b·k2[i]) — a keyed mix of the full 64 bits, so two distinct shingles collide in
 * a permutation with probability ~2^-32 and never through float rounding (all int32 arithmetic).
 * The permutation keys come from `seed`, so signatures are comparable only with the same
 * (numPerm, seed).
 */
import { fmix32, hashString32, splitmix32 } from './hash32.js';

export const DEFAULT_NUM_PERM = 128;
export const DEFAULT_SEED = 0x4d415253; // "MARS"

interface PermKeys {
  k1: Uint32Array;
  k2: Uint32Array;
  seedA: number;
  seedB: number;
}

const keyCache = new Map<string, PermKeys>();

function permKeys(numPerm: number, seed: number): PermKeys {
  const id = `${numPerm}:${seed}`;
  let keys = keyCache.get(id);
  if (!keys) {
    const next = splitmix32(seed);
    const k1 = new Uint32Array(numPerm);
    const k2 = new Uint32Array(numPerm);
    for (let i = 0; i < numPerm; i++) {
      k1[i] = next();
      k2[i] = next() | 1; // odd: multiplication by it is a bijection mod 2^32
    }
    keys = { k1, k2, seedA: next(), seedB: next() };
    keyCache.set(id, keys);
  }
  return keys;
}

/**
 * The MinHash signature of a set of shingles (duplicates are harmless). An empty set gives a
 * signature of all 0xffffffff, which estimates Jaccard 1 with another empty set: callers that match
 * should skip empty inputs.
 */
export function minhashSignature(shingles: Iterable<string>, numPerm = DEFAULT_NUM_PERM, seed = DEFAULT_SEED): Uint32Array {
  if (!Number.isInteger(numPerm) || numPerm < 1) throw new RangeError(`numPerm must be a positive integer: ${numPerm}`);
  const { k1, k2, seedA, seedB } = permKeys(numPerm, seed >>> 0);
  const sig = new Uint32Array(numPerm).fill(0xffffffff);
  for (const shingle of shingles) {
    const a = hashString32(shingle, seedA);
    const b = hashString32(shingle, seedB);
    for (let i = 0; i < numPerm; i++) {
      const v = fmix32(((a ^ k1[i]) + Math.imul(b, k2[i])) | 0);
      if (v < sig[i]) sig[i] = v;
    }
  }
  return sig;
}

/** The fraction of equal positions: an unbiased estimate of the Jaccard similarity of the two sets. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length) throw new RangeError(`signature lengths differ: ${a.length} vs ${b.length}`);
  if (a.length === 0) return 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/** Exact Jaccard similarity |A∩B| / |A∪B|; two empty sets count as identical (1). */
export function jaccard<T>(a: Set<T>, b: Set<T>): number {
  if (a.size === 0 && b.size === 0) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let inter = 0;
  for (const x of small) if (large.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/**
 * MinHash over shingles already hashed to 32-bit ids (what the text index stores: 4 bytes per shingle
 * instead of a string). Each keyed 32-bit mix yields two 16-bit values, one per signature position,
 * which halves the hashing; two different shingles tie at a position with probability 2^-16, far
 * below what changes a candidate set that is verified with the exact Jaccard afterwards. Signatures
 * are comparable only with other `minhashFromHashes` signatures of the same (numPerm, seed).
 */
export function minhashFromHashes(ids: ArrayLike<number>, numPerm = DEFAULT_NUM_PERM, seed = DEFAULT_SEED): Uint32Array {
  const half = (numPerm + 1) >>> 1;
  const { k1, k2, seedA, seedB } = permKeys(half, seed >>> 0);
  const sig = new Uint32Array(half * 2).fill(0xffff);
  for (let s = 0; s < ids.length; s++) {
    const a = fmix32(ids[s] ^ seedA);
    const b = fmix32((ids[s] + seedB) | 0);
    for (let i = 0; i < half; i++) {
      const v = fmix32(((a ^ k1[i]) + Math.imul(b, k2[i])) | 0);
      const lo = v & 0xffff;
      const hi = v >>> 16;
      if (lo < sig[2 * i]) sig[2 * i] = lo;
      if (hi < sig[2 * i + 1]) sig[2 * i + 1] = hi;
    }
  }
  return numPerm === half * 2 ? sig : sig.subarray(0, numPerm);
}

/** Exact Jaccard of two sorted arrays of distinct values (a merge). */
export function jaccardSorted(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length === 0 && b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let inter = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      inter++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return inter / (a.length + b.length - inter);
}
