/**
 * Text → hashed sparse features: character n-grams inside words (padded with a space on each side, so
 * ` كل` and `لب ` mark word starts and ends, like scikit-learn's `char_wb`) or over the whole text
 * (`charSpan`), optionally plus those that span a word boundary (`charAcross`), word uni- to trigrams,
 * and hashtags. Feature hashing (signed, `2^hashBits` buckets)
 * means no vocabulary to store or grow, and the hot loop allocates no string per n-gram: hashes roll
 * over UTF-16 code units.
 *
 * Hashing is one-way, so explanations re-featurise a single post with `names` switched on, which
 * keeps the n-gram strings behind each bucket.
 */
import { extractHashtags } from '../../text/entities.js';
import { getNormalizer } from './normalizers.js';
import type { FeatureOptions } from './options.js';

export type { FeatureOptions };

// 32-bit hashing over UTF-16 code units. FNV-1a is cheap and *incremental*: extending an n-gram by one code unit is one xor and one multiply,
// so all n-grams of lengths 1..5 starting at a position cost five steps in total. FNV's low bits mix
// poorly, so every emitted hash goes through murmur3's finaliser before its low bits pick a bucket and
// its top bit picks a sign.
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;

/** murmur3's fmix32: full avalanche of a 32-bit state. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** FNV-1a of `s[start, end)` from `seed`, not finalised. */
function fnvRange(s: string, start: number, end: number, seed: number): number {
  let h = seed;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Combine two hashes in order (word bigrams). */
const combine = (a: number, b: number): number => fmix32(Math.imul(a, 0x9e3779b1) ^ b);

/** Namespace seeds so that the word `ab` and the char bigram `ab` land in different buckets. */
const SEED = {
  char: FNV_OFFSET,
  word: fmix32(0x776f7264),
  bigram: fmix32(0x62696772),
  trigram: fmix32(0x74726967),
  tag: fmix32(0x74616773),
} as const;

export type FeatureKind = 'char' | 'word' | 'bigram' | 'trigram' | 'tag';
export interface FeatureName {
  kind: FeatureKind;
  text: string;
}

/**
 * Word classes of BMP code units, computed once (~20 ms): 1 for letters, marks, digits and `_` (runs
 * make words), 2 for pictographs (each a word of its own). A table lookup per code unit replaces a
 * Unicode regex and its match objects in the hot loop. Astral characters (after normalisation: emoji)
 * stand alone too.
 */
const WORD_CLASS = ((): Uint8Array => {
  const table = new Uint8Array(0x10000);
  const letter = /[\p{L}\p{M}\p{N}_]/u;
  const pictograph = /\p{Extended_Pictographic}/u;
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    if (letter.test(ch)) table[c] = 1;
    else if (pictograph.test(ch)) table[c] = 2;
  }
  return table;
})();

const isSpace = (c: number): boolean =>
  c <= 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029 ||
  c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;

/**
 * Accumulates the signed counts of one text per bucket in a small open-addressing table (a tweet's few
 * hundred buckets stay in the L1/L2 cache, where a dense 2^20 array would miss on every n-gram), and
 * lists them in first-seen order: read `buckets[0..size)` and `counts[0..size)`. Not re-entrant: one
 * per thread of work.
 */
export class Featurizer {
  /** Character n-grams hash into the lower half of the buckets, words and tags into the upper half. */
  readonly half: number;
  buckets = new Int32Array(2048);
  counts = new Float64Array(2048);
  size = 0;
  /** Slot → entry index + 1 (0: empty); twice the entries' capacity keeps probe chains short. */
  private slots = new Int32Array(4096);
  private slotOf = new Int32Array(2048);
  /** The current word's code units with a space on each side. */
  private unitBuf = new Uint16Array(256);
  /** When set, the n-gram strings behind each bucket are kept (explanations only: allocates). */
  names: Map<number, FeatureName[]> | null = null;
  private readonly normalize: (text: string) => string;

  constructor(readonly options: FeatureOptions) {
    this.half = 1 << (options.hashBits - 1);
    this.normalize = getNormalizer(options.normalizer);
  }

  /** Clears the previous text and counts `text`. */
  count(text: string): void {
    this.clear();
    const o = this.options;
    const t = this.normalize(text);
    if (o.charMax > 0 && (o.charSpan || o.charAcross > 0)) this.charGrams(t, 0, t.length);
    else if (o.charMax > 0) {
      let i = 0;
      const n = t.length;
      while (i < n) {
        while (i < n && isSpace(t.charCodeAt(i))) i++;
        const start = i;
        while (i < n && !isSpace(t.charCodeAt(i))) i++;
        if (i > start) this.charGrams(t, start, i);
      }
    }
    if (o.wordNgrams > 0) {
      let prev = 0;
      let prevStart = -1;
      let prev2 = 0;
      let prev2Start = -1;
      const n = t.length;
      for (let i = 0; i < n; ) {
        const c = t.charCodeAt(i);
        const cls = WORD_CLASS[c]!;
        const start = i;
        if (cls === 1) while (i < n && WORD_CLASS[t.charCodeAt(i)] === 1) i++;
        else if (cls === 2) i++;
        else if ((c & 0xfc00) === 0xd800 && i + 1 < n && (t.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i += 2;
        else {
          i++;
          continue;
        }
        const h = fnvRange(t, start, i, SEED.word);
        this.emit(fmix32(h), 'word', t, start, i);
        if (o.wordNgrams > 1 && prevStart >= 0) this.emit(combine(prev, h) ^ SEED.bigram, 'bigram', t, prevStart, i);
        if (o.wordNgrams > 2 && prev2Start >= 0) this.emit(combine(combine(prev2, prev), h) ^ SEED.trigram, 'trigram', t, prev2Start, i);
        prev2 = prev;
        prev2Start = prevStart;
        prev = h;
        prevStart = start;
      }
    }
    if (o.hashtags && (text.includes('#') || text.includes('＃'))) {
      for (const tag of extractHashtags(text)) {
        const norm = this.normalize(tag.toLowerCase());
        this.emit(fmix32(fnvRange(norm, 0, norm.length, SEED.tag)), 'tag', '#' + norm, 0, norm.length + 1);
      }
    }
  }

  clear(): void {
    for (let i = 0; i < this.size; i++) this.slots[this.slotOf[i]!] = 0;
    this.size = 0;
    this.names?.clear();
  }

  /**
   * n-grams of `" " + t[s,e) + " "`, from a reused code-unit buffer (no string per n-gram). A surrogate
   * pair (most emoji) counts as one character: no n-gram starts or ends inside one. Called on one word
   * at a time, or, for `charSpan` and `charAcross`, on the whole text at once: there an n-gram with a
   * space strictly inside spans a word boundary, and is kept when `charSpan`, or when `charAcross` and
   * at most `charAcross` long (and not ending on a space). An n-gram without one is exactly a
   * within-word n-gram, so one pass yields both kinds (measured ~8% faster than a second pass).
   */
  private charGrams(t: string, s: number, e: number): void {
    const { charMin, charMax, charSpan, charAcross } = this.options;
    const longest = charSpan ? charMax : Math.max(charMax, charAcross);
    const len = e - s + 2;
    if (this.unitBuf.length < len) this.unitBuf = new Uint16Array(len * 2);
    const u = this.unitBuf;
    u[0] = 32;
    // `charSpan` (model format 1) reads the text as it is; the others never see white space but spaces.
    for (let i = s; i < e; i++) {
      const c = t.charCodeAt(i);
      u[i - s + 1] = !charSpan && isSpace(c) ? 32 : c;
    }
    u[len - 1] = 32;
    for (let p = 0; p < len; p++) {
      if ((u[p]! & 0xfc00) === 0xdc00 && p > 0 && (u[p - 1]! & 0xfc00) === 0xd800) continue;
      // A second space in a row (text not collapsed) starts nothing a word or a boundary needs.
      if (!charSpan && u[p] === 32 && p > 0 && u[p - 1] === 32) continue;
      let h = SEED.char;
      let q = p;
      let inner = false;
      let last = 0;
      for (let n = 1; n <= longest && q < len; n++) {
        if (n >= 3 && last === 32) inner = true;
        const c = u[q++]!;
        last = c;
        h = Math.imul(h ^ c, FNV_PRIME);
        if ((c & 0xfc00) === 0xd800 && q < len && (u[q]! & 0xfc00) === 0xdc00) h = Math.imul(h ^ u[q++]!, FNV_PRIME);
        let keep: boolean;
        if (!inner) keep = n >= charMin && n <= charMax && !(n === 1 && c === 32); // a lone padding space says nothing
        else if (charSpan) keep = n >= charMin && n <= charMax;
        else if (n > charAcross) break;
        else keep = c !== 32;
        if (keep) {
          const f = fmix32(h);
          this.add(f & (this.half - 1), f);
          if (this.names) this.name(f & (this.half - 1), 'char', (' ' + t.slice(s, e) + ' ').slice(p, q));
        }
      }
    }
  }

  private emit(h: number, kind: FeatureKind, t: string, start: number, end: number): void {
    const b = (h & (this.half - 1)) | this.half;
    this.add(b, h);
    if (this.names) this.name(b, kind, t.slice(start, end));
  }

  /** Adds ±1 to bucket `b`, the sign from the hash's top bit. */
  private add(b: number, h: number): void {
    const mask = this.slots.length - 1;
    // `b` comes from a finalised hash: its low bits are already uniform.
    for (let slot = b & mask; ; slot = (slot + 1) & mask) {
      const e = this.slots[slot]!;
      if (e === 0) {
        if (this.size === this.buckets.length) {
          this.grow();
          this.add(b, h);
          return;
        }
        this.slots[slot] = this.size + 1;
        this.slotOf[this.size] = slot;
        this.buckets[this.size] = b;
        this.counts[this.size++] = h < 0 ? -1 : 1;
        return;
      }
      if (this.buckets[e - 1] === b) {
        this.counts[e - 1] += h < 0 ? -1 : 1;
        return;
      }
    }
  }

  private grow(): void {
    const n = this.buckets.length * 2;
    const buckets = new Int32Array(n);
    buckets.set(this.buckets);
    const counts = new Float64Array(n);
    counts.set(this.counts);
    this.buckets = buckets;
    this.counts = counts;
    this.slots = new Int32Array(n * 2);
    this.slotOf = new Int32Array(n);
    const mask = n * 2 - 1;
    for (let i = 0; i < this.size; i++) {
      let slot = buckets[i]! & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = i + 1;
      this.slotOf[i] = slot;
    }
  }

  private name(b: number, kind: FeatureKind, text: string): void {
    let list = this.names!.get(b);
    if (!list) this.names!.set(b, (list = []));
    if (!list.some((f) => f.kind === kind && f.text === text)) list.push({ kind, text });
  }
}

/** Feature value from a signed count: sublinear tf keeps the sign of a hashed bucket. */
export function tfValue(count: number, sublinear: boolean): number {
  if (count === 0) return 0;
  if (!sublinear) return count;
  return count > 0 ? 1 + Math.log(count) : -(1 + Math.log(-count));
}
