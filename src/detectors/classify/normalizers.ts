/**
 * Normalisers by name, so that a model file says which one its features were computed with and
 * prediction uses the same one.
 */
import { normalize, normalizeForMatching, type NormalizeOptions } from '../../text/normalize.js';

export type NormalizerName = 'matching' | 'repeat2' | 'hamza' | 'lower' | 'none';
export const NORMALIZER_NAMES: readonly NormalizerName[] = ['matching', 'repeat2', 'hamza', 'lower', 'none'];

const REPEAT2: NormalizeOptions = { arabicMaxRepeat: 2 };
const HAMZA: NormalizeOptions = { foldHamza: true };

const NORMALIZERS: Record<NormalizerName, (text: string) => string> = {
  /** The project-wide folding (Arabic letter variants, diacritics, case, elongation…). */
  matching: normalizeForMatching,
  repeat2: (t) => normalize(t, REPEAT2).text,
  hamza: (t) => normalize(t, HAMZA).text,
  lower: (t) => t.toLowerCase(),
  none: (t) => t,
};

export function getNormalizer(name: NormalizerName): (text: string) => string {
  const fn = NORMALIZERS[name];
  if (!fn) throw new Error(`unknown normaliser: ${String(name)}`);
  return fn;
}
