/**
 * Word shingles of a text for near-duplicate matching, hashed to 32-bit ids. Words come from the text
 * layer's `wordTokens` (Arabic-first normalisation, URLs dropped since shorteners make every copy
 * differ), so matching sees text exactly as the rest of Marsad does.
 *
 * Word bigrams by default: posts are short, and with trigrams a single substituted word in a 20-word
 * post removes 3 of ~18 shingles (Jaccard ≈ 0.71), below the 0.8 threshold; with bigrams it stays ≈ 0.81.
 */
import { wordTokens } from '../text/tokens.js';
import { fmix32, hashString32, mixBlock } from './hash32.js';

const SHINGLE_SEED = 0x7368696e; // "shin"

export const DEFAULT_SHINGLE_SIZE = 2;

/**
 * Sorted distinct 32-bit ids of the text's word shingles; a text shorter than `size` words is one
 * shingle. Each word is hashed once and a shingle's id mixes its words' hashes in order, so no
 * shingle string is ever built.
 */
export function shingleIds(text: string, size = DEFAULT_SHINGLE_SIZE): Uint32Array {
  const tokens = wordTokens(text);
  if (tokens.length === 0) return new Uint32Array(0);
  const words = tokens.map((t) => hashString32(t, SHINGLE_SEED));
  const k = Math.min(size, words.length);
  const n = words.length - k + 1;
  const ids = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let h = SHINGLE_SEED ^ k;
    for (let j = i; j < i + k; j++) h = mixBlock(h, words[j]);
    ids[i] = fmix32(h);
  }
  ids.sort();
  let w = 0;
  for (let i = 0; i < n; i++) if (i === 0 || ids[i] !== ids[w - 1]) ids[w++] = ids[i];
  return ids.slice(0, w);
}

/** A 53-bit identity of a normalised text, for exact matching without keeping the text. */
export function textKey(normalized: string): number {
  return (hashString32(normalized, 0x74657874) >>> 0) * 2 ** 21 + (hashString32(normalized, 0x6b657921) >>> 11);
}
