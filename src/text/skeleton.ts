/**
 * Confusable skeletons in the spirit of Unicode TR39: two strings that look alike get the same
 * skeleton, so `skeleton('pаypal') === skeleton('paypal')` although the first `а` is Cyrillic.
 *
 * Differences from TR39 (deliberate, for comparing handles and display names): the skeleton is also
 * NFKC-, case- and accent-folded and Arabic-folded (via `normalize`), and invisible characters are
 * dropped. The table is curated (Latin, Cyrillic, Greek, IPA and small-capital look-alikes, digits
 * and symbols that pass for letters, and the Arabic-script letters that pass for each other); it is
 * not the full `confusables.txt`.
 */
import { normalize } from './normalize.js';

/** Applied before case folding: letters whose capital form is what makes them confusable. */
const BEFORE_CASE: Record<string, string> = {
  I: 'l', // capital i looks like small L
  Ι: 'l', // Greek capital iota
  І: 'l', // Cyrillic capital byelorussian-ukrainian i
  Ӏ: 'l', // Cyrillic palochka
  '١': 'ا', // Arabic-Indic one reads as alef in Arabic-script names
  '۱': 'ا',
  '٥': 'ه', // Arabic-Indic five reads as heh
  '۵': 'ه',
};

/** Applied after folding: one character → its prototype. */
const PROTOTYPE: Record<string, string> = {
  // Cyrillic
  а: 'a', в: 'b', е: 'e', з: '3', к: 'k', м: 'm', н: 'h', о: 'o', п: 'n', р: 'p', с: 'c', т: 't',
  у: 'y', х: 'x', ь: 'b', ѕ: 's', і: 'i', ј: 'j', ԁ: 'd', ԛ: 'q', ԝ: 'w', һ: 'h', ӏ: 'l', г: 'r',
  ү: 'y', ѵ: 'v', ɡ: 'g', ә: 'e', ӡ: '3', ԍ: 'g', ԃ: 'd',
  // Greek
  α: 'a', β: 'b', γ: 'y', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u',
  χ: 'x', ω: 'w', ϲ: 'c', ϳ: 'j', µ: 'u', μ: 'u', ζ: 'z',
  // IPA and small capitals
  ɑ: 'a', ɩ: 'i', ɪ: 'i', ʟ: 'l', ɴ: 'n', ʀ: 'r', ʏ: 'y', ꞵ: 'b', ꜱ: 's', ᴄ: 'c', ᴏ: 'o', ᴠ: 'v',
  ᴡ: 'w', ᴢ: 'z', ƚ: 'l', ɛ: 'e', ɔ: 'c', ʋ: 'u', ɢ: 'g', ʜ: 'h', ᴋ: 'k', ᴍ: 'm', ᴘ: 'p', ᴛ: 't',
  ᴜ: 'u', ᴅ: 'd', ᴇ: 'e', ᴊ: 'j', ᴀ: 'a', ʙ: 'b', ꜰ: 'f',
  // Digits and symbols that pass for letters
  '0': 'o', '1': 'l', '|': 'l', '!': 'l', $: 's', '@': 'a',
  // Arabic-script letters that look alike once dots are small or missing
  // (ی ک ە ة and their kin are already folded by normalize)
  ٮ: 'ب', ٯ: 'ق', ڡ: 'ف',
};

/** Character pairs that render like one letter in most fonts. */
const SEQUENCES: [RegExp, string][] = [
  [/rn/g, 'm'],
  [/vv/g, 'w'],
  [/cl/g, 'd'],
];

/** The confusable skeleton of a string (for handle and display-name comparison). */
export function skeleton(s: string): string {
  let pre = '';
  for (const ch of s.normalize('NFKC')) pre += BEFORE_CASE[ch] ?? ch;
  // Keep digits and elongation: in a handle "aaa" and "aa" are different names.
  const folded = normalize(pre, { maxRepeat: 0, foldDigits: true }).text;
  let out = '';
  for (const ch of folded) out += PROTOTYPE[ch] ?? ch;
  for (const [re, to] of SEQUENCES) out = out.replace(re, to);
  return out;
}

/** Do two strings look the same (same skeleton) although they differ? The homoglyph-spoofing case. */
export function isConfusable(a: string, b: string): boolean {
  return a !== b && skeleton(a) === skeleton(b);
}

/**
 * Scripts used by the letters of a string. A single word mixing Latin with Cyrillic or Greek is the
 * classic homoglyph trick ("pаypal"); across words mixing is normal (an Arabic post quoting a Latin tag).
 */
export function scriptsOf(s: string): Set<string> {
  const scripts = new Set<string>();
  for (const ch of s) {
    if (/\p{Script=Latin}/u.test(ch)) scripts.add('Latin');
    else if (/\p{Script=Cyrillic}/u.test(ch)) scripts.add('Cyrillic');
    else if (/\p{Script=Greek}/u.test(ch)) scripts.add('Greek');
    else if (/\p{Script=Arabic}/u.test(ch)) scripts.add('Arabic');
    else if (/\p{Script=Hebrew}/u.test(ch)) scripts.add('Hebrew');
    else if (/\p{L}/u.test(ch)) scripts.add('Other');
  }
  return scripts;
}

/** Words that mix Latin with Cyrillic or Greek letters: a spoofing signal for handles and names. */
export function mixedScriptWords(s: string): string[] {
  return s.split(/[\s_.\-]+/u).filter((w) => {
    const sc = scriptsOf(w);
    return sc.has('Latin') && (sc.has('Cyrillic') || sc.has('Greek'));
  });
}
