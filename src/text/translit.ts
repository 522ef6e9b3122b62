/**
 * Arabic ↔ Latin for names. Two jobs:
 *   - `arabicToLatin`: a readable romanisation (ALA-LC without diacritics: محمد → mhmd, with long
 *     vowels written: علي → aly) for analysts who do not read Arabic script;
 *   - `phoneticKey`: a consonant skeleton shared by both scripts and by Arabizi, so that محمد,
 *     Mohammed, Muhammad, Mohamed and mo7amed all give "MHMD". Vowels are dropped (Arabic script
 *     mostly omits them), letters that romanise several ways share a class (ق/ك/خ/q/k/kh → K).
 */

const ROMAN: Record<string, string> = {
  ا: 'a', أ: 'a', إ: 'i', آ: 'aa', ٱ: 'a', ء: "'", ؤ: "'", ئ: "'", ب: 'b', ت: 't', ث: 'th', ج: 'j', ح: 'h', خ: 'kh',
  د: 'd', ذ: 'dh', ر: 'r', ز: 'z', س: 's', ش: 'sh', ص: 's', ض: 'd', ط: 't', ظ: 'z', ع: "'", غ: 'gh', ف: 'f', ق: 'q',
  ك: 'k', ل: 'l', م: 'm', ن: 'n', ه: 'h', ة: 'a', و: 'w', ي: 'y', ى: 'a', پ: 'p', چ: 'ch', ژ: 'zh', گ: 'g', ک: 'k',
  ی: 'y', ڤ: 'v', ە: 'e', ێ: 'ê', ۆ: 'o', ڵ: 'll', ڕ: 'rr',
};

const MARKS = /[\u064b-\u065f\u0670\u0640\u06d6-\u06ed]/gu;

/** Readable Latin for Arabic-script text; other characters pass through. */
export function arabicToLatin(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFKC').replace(MARKS, '')) out += ROMAN[ch] ?? ch;
  return out.replace(/'+/g, "'");
}

/** Arabic-script letter → consonant class ('' = vowel or glottal, dropped). */
const AR_CLASS: Record<string, string> = {
  ب: 'B', پ: 'B', ت: 'T', ط: 'T', ث: 'T', ج: 'J', چ: 'X', ح: 'H', ه: 'H', خ: 'K', ق: 'K', ك: 'K', ک: 'K', گ: 'J',
  د: 'D', ض: 'D', ذ: 'Z', ظ: 'Z', ز: 'Z', ژ: 'Z', ر: 'R', ڕ: 'R', س: 'S', ص: 'S', ش: 'X', غ: 'G', ف: 'F', ڤ: 'F',
  ل: 'L', ڵ: 'L', م: 'M', ن: 'N', و: 'W', ۆ: 'W', ي: 'Y', ی: 'Y', ێ: 'Y',
  ا: '', أ: '', إ: '', آ: '', ٱ: '', ء: '', ؤ: '', ئ: '', ع: '', ة: '', ى: '', ە: '',
};

/** Latin digraphs first, then single letters; Arabizi digits stand for Arabic letters. */
const LATIN_RULES: [RegExp, string][] = [
  [/sch|sh|ch|ş|š/g, 'X'],
  [/kh|ck|q|k|c(?=[aou])|x/g, 'K'],
  [/gh|ğ/g, 'G'],
  [/dj|dsch|j|g/g, 'J'],
  [/th|t/g, 'T'],
  [/dh|d/g, 'D'],
  [/ph|f|v/g, 'F'],
  [/ss|s|c|ç/g, 'S'],
  [/z/g, 'Z'],
  [/b|p/g, 'B'],
  [/h/g, 'H'],
  [/l/g, 'L'],
  [/m/g, 'M'],
  [/n/g, 'N'],
  [/r/g, 'R'],
  [/w/g, 'W'],
  [/y/g, 'Y'],
  [/7/g, 'H'],
  [/5/g, 'K'],
  [/8/g, 'K'],
  [/9/g, 'S'],
  [/6/g, 'T'],
];

/** Consonant skeleton of one word in Latin letters (or Arabizi). */
function latinWordKey(word: string): string {
  let w = word.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  if (w.length > 4 && /^(al|el)-?[^aeiou]/.test(w)) w = w.replace(/^(al|el)-?/, ''); // the article
  w = w.replace(/([aeiou])h$/, '$1'); // Fatimah → Fatima (taa marbuta)
  const initial = /^[wy]/.test(w) ? w[0]!.toUpperCase() : '';
  if (initial) w = w.slice(1);
  // ou/oo/ee/ie are vowels; w and y between vowels or at the end are vowels too
  w = w.replace(/[wy](?![aeiou])/g, '');
  for (const [re, to] of LATIN_RULES) w = w.replace(re, to);
  return initial + w.replace(/[^A-Z]/g, '');
}

/** Consonant skeleton of one word in Arabic script. */
function arabicWordKey(word: string): string {
  let w = word.normalize('NFKC').replace(MARKS, '');
  if (w.length > 3 && w.startsWith('ال')) w = w.slice(2); // the article
  let out = '';
  for (let i = 0; i < w.length; i++) {
    const ch = w[i]!;
    let cls = AR_CLASS[ch];
    if (cls === undefined) continue;
    // و and ي are long vowels except at the start of a word
    if ((cls === 'W' || cls === 'Y') && i > 0) cls = '';
    out += cls;
  }
  return out;
}

/** The same key for a name in Arabic script, Latin letters or Arabizi (consonants, doubled ones once). */
export function phoneticKey(name: string): string {
  const words = name.split(/[\s_.\-]+|(?<=\p{Ll})(?=\p{Lu})/u).filter(Boolean);
  let key = '';
  for (const word of words) key += /\p{Script=Arabic}/u.test(word) ? arabicWordKey(word) : latinWordKey(word.replace(/[^\p{L}5-9]/gu, ''));
  return key.replace(/(.)\1+/g, '$1');
}
