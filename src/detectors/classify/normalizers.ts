/**
 * Normalisers by name, so that a model file says which one its features were computed with and
 * prediction uses the same one.
 */
import { normalizeForMatching } from '../../text/normalize.js';

export type NormalizerName = 'matching' | 'lower' | 'none';
export const NORMALIZER_NAMES: readonly NormalizerName[] = ['matching', 'lower', 'none'];

const NORMALIZERS: Record<NormalizerName, (text: string) => string> = {
  /** The project-wide folding (Arabic letter variants, diacritics, case, elongation…). */
  matching: normalizeForMatching,
  lower: (t) => t.toLowerCase(),
  none: (t) => t,
};

export function getNormalizer(name: NormalizerName): (text: string) => string {
  const fn = NORMALIZERS[name];
  if (!fn) throw new Error(`unknown normaliser: ${String(name)}`);
  return fn;
}
