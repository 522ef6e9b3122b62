/**
 * The `raw_text` signal type (pytx's name): the signal is the text itself. Exact match on normalised
 * text, near-duplicate match at word-shingle Jaccard >= 0.8; distance = 1 − Jaccard.
 */
import { normalizeForMatching } from '../../text/normalize.js';
import { jaccardSorted } from '../minhash.js';
import type { SignalTypeDescriptor } from '../signal-type.js';
import { TextIndex } from '../text-index.js';
import { shingleIds } from '../text-shingles.js';

export const TEXT_MATCH_THRESHOLD = 0.8;

/** Jaccard similarity of two texts' word shingles after normalisation (1 when they normalise equal). */
export function textSimilarity(a: string, b: string): number {
  const na = normalizeForMatching(a);
  const nb = normalizeForMatching(b);
  if (na === nb) return 1;
  return jaccardSorted(shingleIds(a), shingleIds(b));
}

export const rawTextType: SignalTypeDescriptor = {
  name: 'raw_text',
  contentTypes: ['text'],
  validate(signal) {
    return normalizeForMatching(signal).trim() === '' ? { ok: false, error: 'empty text' } : { ok: true, signal };
  },
  hashText(text) {
    return normalizeForMatching(text).trim() === '' ? undefined : { signal: text };
  },
  compare(a, b) {
    const j = textSimilarity(a, b);
    return { match: j >= TEXT_MATCH_THRESHOLD, distance: 1 - j };
  },
  createIndex: (entries = []) => TextIndex.build(entries),
  deserializeIndex: (bytes) => TextIndex.deserialize(bytes),
  examples: [
    { signal: 'The Northern Lantern Brigade calls every supporter to share the new release today', note: 'synthetic' },
    { signal: 'the northern lantern brigade calls every supporter to share the new release TODAY!!', note: 'same after normalisation' },
  ],
};
