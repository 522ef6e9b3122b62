/**
 * Similarity of handles and display names for ban evasion: a suspended `@abu_example` coming back
 * as `@abu_example2`, `@abu.example_new`, `@abu_examp1e`, `@ابو_اكزامبل` or `@abu_exampIe`.
 * Each comparison reports the evasion patterns it recognised, so an analyst sees *why* two names
 * were linked.
 */
import { normalizeForMatching } from './normalize.js';
import { skeleton } from './skeleton.js';
import { phoneticKey } from './translit.js';

export type NamePattern =
  | 'identical'
  | 'case-or-accent'
  | 'confusable'
  | 'separator'
  | 'digits-added'
  | 'digits-changed'
  | 'digits-incremented'
  | 'affix'
  | 'transliteration'
  | 'contains'
  | 'edit-distance';

export interface NameSimilarity {
  /** 0–1; 1 = the same name. */
  score: number;
  patterns: NamePattern[];
}

/** Words that evaders add to a returning account's name. */
const AFFIXES = [
  'new', 'back', 'again', 'returns', 'return', 'official', 'real', 'the', 'backup', 'alt', 'reserve', 'v2', 'v3',
  'neu', 'nouveau', 'nouvelle', 'officiel', 'echt', 'nieuw', 'новый', 'jdid', 'jadid', 'yeni', 'nû',
  'جديد', 'الجديد', 'جديده', 'عوده', 'العوده', 'احتياط', 'احتياطي', 'بديل', 'البديل', 'الرسمي', 'رسمي', 'عاجل', 'نيو',
];
const AFFIX_RE = new RegExp(`(?:^|[\\s_.\\-])(?:${AFFIXES.join('|')})(?=$|[\\s_.\\-\\d])|^(?:${AFFIXES.join('|')})[_.\\-]`, 'giu');
const SEPARATORS = /[\s_.\-·•|]+/gu;

/** A handle or display name folded for comparison: no @, NFKC, case, accents, Arabic letter variants. */
export function foldName(name: string): string {
  return normalizeForMatching(name.replace(/^[@＠]/u, ''));
}

/** The name without separators, digits and evasion affixes: what stays when an evader rebrands. */
export function coreName(name: string): string {
  return foldName(name).replace(AFFIX_RE, ' ').replace(SEPARATORS, '').replace(/\d+/g, '');
}

/** Levenshtein distance over code points. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  if (x.length === 0) return y.length;
  if (y.length === 0) return x.length;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length]!;
}

/** 1 − edit distance / length of the longer string. */
export function editSimilarity(a: string, b: string): number {
  const n = Math.max([...a].length, [...b].length);
  return n === 0 ? 1 : 1 - editDistance(a, b) / n;
}

const digitsOf = (s: string) => s.match(/\d+/g) ?? [];
const hasArabic = (s: string) => /\p{Script=Arabic}/u.test(s);
const hasLatin = (s: string) => /\p{Script=Latin}/u.test(s);

export function nameSimilarity(a: string, b: string): NameSimilarity {
  const patterns = new Set<NamePattern>();
  let score = 0;
  const raise = (s: number, p?: NamePattern) => {
    if (p) patterns.add(p);
    score = Math.max(score, s);
  };
  const ra = a.replace(/^[@＠]/u, '');
  const rb = b.replace(/^[@＠]/u, '');
  const fa = foldName(ra);
  const fb = foldName(rb);
  if (ra === rb) return { score: 1, patterns: ['identical'] };
  if (fa.length === 0 || fb.length === 0) return { score: 0, patterns: [] };
  if (fa === fb) raise(0.99, 'case-or-accent');

  const sa = skeleton(ra);
  const sb = skeleton(rb);
  if (sa === sb && fa !== fb) raise(0.97, 'confusable');

  const noSep = (s: string) => s.replace(SEPARATORS, '');
  if (fa !== fb && noSep(fa) === noSep(fb)) raise(0.96, 'separator');

  // Digits: added, changed or incremented (abu_1 → abu_2), with the letters otherwise equal.
  const lettersA = noSep(fa).replace(/\d+/g, '');
  const lettersB = noSep(fb).replace(/\d+/g, '');
  if (lettersA.length > 0 && lettersA === lettersB && noSep(fa) !== noSep(fb)) {
    const da = digitsOf(fa);
    const db = digitsOf(fb);
    if (da.length === 0 || db.length === 0) raise(0.93, 'digits-added');
    else if (da.length === db.length && da.every((d, i) => Math.abs(Number(d) - Number(db[i])) <= 3)) raise(0.94, 'digits-incremented');
    else raise(0.9, 'digits-changed');
  }

  const ca = coreName(ra);
  const cb = coreName(rb);
  if (ca.length >= 3 && ca === cb && lettersA !== lettersB) raise(0.92, 'affix');

  // Arabic ↔ Latin (and Arabizi): compare consonant skeletons.
  const xa = coreOfRaw(ra);
  const xb = coreOfRaw(rb);
  if ((hasArabic(xa) && hasLatin(xb)) || (hasLatin(xa) && hasArabic(xb))) {
    const ka = phoneticKey(xa);
    const kb = phoneticKey(xb);
    if (ka.length >= 2 && kb.length >= 2) {
      // A final h is written in one script and not the other (Abdullah/عبدالله, Fatimah/فاطمة).
      const trim = (k: string) => k.replace(/H$/, '');
      const sim = Math.max(editSimilarity(ka, kb), editSimilarity(trim(ka), trim(kb)));
      if (sim === 1) raise(0.9, 'transliteration');
      else if (sim >= 0.75) raise(0.9 * sim, 'transliteration');
    }
  }

  // Containment: "abuexample" inside "realabuexample2024".
  const [short, long] = ca.length <= cb.length ? [ca, cb] : [cb, ca];
  if (short.length >= 4 && short !== long && long.includes(short)) raise(0.8 + 0.15 * (short.length / long.length), 'contains');

  const sim = Math.max(editSimilarity(sa, sb), editSimilarity(ca, cb));
  if (sim >= 0.75 && score < sim * 0.9) raise(sim * 0.9, 'edit-distance');
  else raise(sim * 0.9);
  return { score: Math.round(score * 1000) / 1000, patterns: [...patterns] };
}

/** Separators and digits removed but Arabic letters kept raw (taa marbuta matters to transliteration). */
function coreOfRaw(name: string): string {
  return name.replace(AFFIX_RE, ' ').replace(/(?<!\p{L})\d+|\d+(?!\p{L})/gu, '').trim();
}
