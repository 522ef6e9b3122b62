/**
 * Features for language identification, shared by `detectLanguage` and the trainer
 * (`bench/lang-train.ts`), so that the model sees at run time exactly what it saw in training.
 *
 * The normalisation here is deliberately NOT the matching one: Persian ی/ک, Kurdish ە/ێ/ۆ/ڵ/ڕ and
 * Urdu ے/ں/ٹ are what tell Arabic-script languages apart, so they are kept.
 */
import { normalize, type NormalizeOptions } from './normalize.js';

const LANG_NORMALIZE: NormalizeOptions = {
  foldPersian: false,
  foldAlef: false,
  foldAlefMaqsura: false,
  foldTaaMarbuta: false,
  foldHamza: false,
  accentFold: false,
  maxRepeat: 2,
};

const NOISE = /(?:https?:\/\/|www\.)\S+|[@＠][\p{L}\p{N}_.]+|\bRT\b|<LF>/gu;

/** Lower-cased words of a text with links, mentions, digits and punctuation removed. */
export function langWords(text: string): string[] {
  const cleaned = normalize(text.replace(NOISE, ' '), LANG_NORMALIZE).text;
  return cleaned.split(/[^\p{L}\p{M}]+/u).filter((w) => w.length > 0);
}

export const MIN_ORDER = 1;
export const MAX_ORDER = 4;

/** Character 1–4-grams of each word padded with spaces (" the ", " th", "he " …). */
export function langNgrams(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const word of words) {
    const w = ` ${word} `;
    for (let n = MIN_ORDER; n <= MAX_ORDER; n++) {
      for (let i = 0; i + n <= w.length; i++) {
        const g = w.slice(i, i + n);
        if (g !== ' ') out.push(g);
      }
    }
  }
  return out;
}

export type Script = 'Arabic' | 'Latin' | 'Cyrillic' | 'Other';

/** Script of a letter by code-unit range (the common blocks), 0 when elsewhere. */
function scriptOf(c: number): 1 | 2 | 3 | 0 {
  if (c < 0x80) return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a ? 2 : 0;
  if ((c >= 0x0600 && c <= 0x06ff) || (c >= 0x0750 && c <= 0x077f) || (c >= 0x08a0 && c <= 0x08ff) || (c >= 0xfb50 && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfeff)) return 1;
  if ((c >= 0x00c0 && c <= 0x024f) || (c >= 0x1e00 && c <= 0x1eff)) return 2;
  if (c >= 0x0400 && c <= 0x052f) return 3;
  return 0;
}

/** The script most letters are written in, with the share of letters in it. `words` hold letters and marks only. */
export function dominantScript(words: readonly string[]): { script: Script; share: number; letters: number; other?: string } {
  let arabic = 0;
  let latin = 0;
  let cyrillic = 0;
  let total = 0;
  const others = new Map<string, number>();
  for (const w of words) {
    for (let i = 0; i < w.length; i++) {
      const c = w.charCodeAt(i);
      const s = scriptOf(c);
      if (s === 1) arabic++;
      else if (s === 2) latin++;
      else if (s === 3) cyrillic++;
      else {
        const ch = String.fromCodePoint(w.codePointAt(i)!);
        if (ch.length === 2) i++;
        if (!/\p{L}/u.test(ch)) continue; // a combining mark
        const name = otherScript(ch);
        others.set(name, (others.get(name) ?? 0) + 1);
      }
      total++;
    }
  }
  if (total === 0) return { script: 'Other', share: 0, letters: 0 };
  const best = Math.max(arabic, latin, cyrillic);
  let otherName: string | undefined;
  let otherCount = 0;
  for (const [k, v] of others) if (v > otherCount) [otherName, otherCount] = [k, v];
  if (otherCount > best) return { script: 'Other', share: otherCount / total, letters: total, other: otherName! };
  const script: Script = best === arabic ? 'Arabic' : best === cyrillic ? 'Cyrillic' : 'Latin';
  return { script, share: best / total, letters: total };
}

/** A language for scripts used (nearly) by one language only; 'und' for the rest. */
const SCRIPT_LANG: [RegExp, string][] = [
  [/\p{Script=Hebrew}/u, 'he'],
  [/\p{Script=Greek}/u, 'el'],
  [/\p{Script=Hangul}/u, 'ko'],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, 'ja'],
  [/\p{Script=Han}/u, 'zh'],
  [/\p{Script=Thai}/u, 'th'],
  [/\p{Script=Devanagari}/u, 'hi'],
  [/\p{Script=Armenian}/u, 'hy'],
  [/\p{Script=Georgian}/u, 'ka'],
  [/\p{Script=Ethiopic}/u, 'am'],
  [/\p{Script=Bengali}/u, 'bn'],
  [/\p{Script=Tamil}/u, 'ta'],
];

function otherScript(ch: string): string {
  for (const [re, lang] of SCRIPT_LANG) if (re.test(ch)) return lang;
  return 'und';
}
