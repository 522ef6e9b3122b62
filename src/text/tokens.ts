/**
 * Tokens across scripts: words, hashtags (whole and split), mentions, URLs, emoji and numbers, plus
 * the word and character n-grams and shingles that hashing and the classifier build on.
 *
 * `tokenize()` keeps offsets into the original text (for highlighting evidence); `wordTokens()` is the
 * fast path for similarity (normalise once, split on a code-unit table).
 */
import { canonicalUrl } from './urls.js';
import { normalizeForMatching } from './normalize.js';

export type TokenKind = 'word' | 'hashtag' | 'mention' | 'url' | 'emoji' | 'number';

export interface Token {
  kind: TokenKind;
  /**
   * Normalised form: words, hashtags (without `#`) and mentions (without `@`) through
   * `normalizeForMatching`; URLs canonical (or as written when they do not parse); numbers with
   * ASCII digits; emoji without variation selectors.
   */
  text: string;
  /** Offsets in the original string (UTF-16 code units), end exclusive. */
  start: number;
  end: number;
  /** Hashtags only: the words of the tag (`#FreeSpeech2024` → free, speech, 2024). */
  parts?: string[];
}

// Invisible and bidi characters are allowed inside words so that "is\u200Bis" stays one word
// (and normalises to "isis") instead of splitting into two harmless halves.
const HIDDEN = '\\u00ad\\u061c\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff';
const WORD_CH = `\\p{L}\\p{M}\\p{N}_${HIDDEN}\\u0640`;
/** Alternatives in order: 1 url, 2 hashtag, 3 mention, 4 word, 5 number, 6 emoji. */
const TOKEN_RE = new RegExp(
  [
    `((?:https?://|www\\.)[^\\s<>"'\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]+)`,
    `((?<![\\p{L}\\p{N}_&/])[#＃][${WORD_CH}]*[\\p{L}\\p{M}][${WORD_CH}]*)`,
    `((?<![\\p{L}\\p{N}_])[@＠][\\p{L}\\p{N}_](?:[\\p{L}\\p{N}_.\\-]*[\\p{L}\\p{N}_])?(?:@[A-Za-z0-9.\\-]+\\.[A-Za-z]{2,})?)`,
    `([${WORD_CH}]*\\p{L}[${WORD_CH}]*(?:['’][${WORD_CH}]*\\p{L}[${WORD_CH}]*)*)`,
    `(\\p{N}+(?:[.,:/]\\p{N}+)*%?)`,
    `(\\p{Regional_Indicator}{2}|[\\p{Extended_Pictographic}\\p{Emoji_Presentation}](?:\\p{Emoji_Modifier}|\\ufe0f|\\u20e3|[\\u{e0020}-\\u{e007f}]|\\u200d[\\p{Extended_Pictographic}\\p{Emoji_Presentation}]\\ufe0f?)*)`,
  ].join('|'),
  'gu',
);
const URL_TRAILING = /[.,;:!?)\]}'"»،؛…]+$/u;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  // Numbered groups (not named ones: a `groups` object per match costs more than the match).
  for (let m = TOKEN_RE.exec(text); m !== null; m = TOKEN_RE.exec(text)) {
    const start = m.index;
    let raw = m[0];
    if (m[1] !== undefined) {
      raw = raw.replace(URL_TRAILING, '');
      TOKEN_RE.lastIndex = start + raw.length; // give trailing punctuation back to the scanner
      const withScheme = raw.startsWith('www.') ? `http://${raw}` : raw;
      tokens.push({ kind: 'url', text: canonicalUrl(withScheme) ?? raw, start, end: start + raw.length });
    } else if (m[2] !== undefined) {
      const tag = raw.slice(1);
      tokens.push({ kind: 'hashtag', text: normalizeForMatching(tag), start, end: start + raw.length, parts: splitHashtag(tag) });
    } else if (m[3] !== undefined) {
      tokens.push({ kind: 'mention', text: normalizeForMatching(raw.slice(1)), start, end: start + raw.length });
    } else if (m[4] !== undefined) {
      const text = normalizeForMatching(raw);
      if (text.length > 0) tokens.push({ kind: 'word', text, start, end: start + raw.length });
    } else if (m[5] !== undefined) {
      tokens.push({ kind: 'number', text: normalizeForMatching(raw), start, end: start + raw.length });
    } else {
      tokens.push({ kind: 'emoji', text: raw.replace(/\ufe0f/gu, ''), start, end: start + raw.length });
    }
  }
  return tokens;
}

/**
 * The words of a hashtag, normalised: `_` separates them everywhere (`#الدولة_الإسلامية`), and Latin
 * tags also split at camelCase and letter/digit boundaries (`#FreeSpeech2024`, `#COVID19Vaccine`).
 */
export function splitHashtag(tag: string): string[] {
  const body = tag.replace(/^[#＃]/u, '');
  const parts: string[] = [];
  for (const chunk of body.split(/[_\s]+/u)) {
    const pieces = chunk
      // lower→Upper ("freeSpeech"), UPPER→Upperlower ("COVIDVaccine"), letter↔digit ("covid19")
      .replace(/(\p{Ll})(\p{Lu})/gu, '$1\u0000$2')
      .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1\u0000$2')
      .replace(/(\p{L})(\p{Nd})/gu, '$1\u0000$2')
      .replace(/(\p{Nd})(\p{L})/gu, '$1\u0000$2')
      .split('\u0000');
    for (const p of pieces) {
      const n = normalizeForMatching(p);
      if (n.length > 0) parts.push(n);
    }
  }
  return parts;
}

// --- fast words ------------------------------------------------------------------------------

/** 1 where a code unit of normalised text belongs to a word (letters, marks, digits). */
const WORD_UNIT = (() => {
  const t = new Uint8Array(65536);
  for (let c = 0; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    if (/[\p{L}\p{M}\p{N}]/u.test(String.fromCharCode(c))) t[c] = 1;
  }
  return t;
})();

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
function isInnerJoiner(c: number, before: number, after: number): boolean {
  if (c === 0x27) return WORD_UNIT[before] === 1 && WORD_UNIT[after] === 1 && !isDigit(after);
  return (c === 0x2e || c === 0x2c || c === 0x3a || c === 0x2f) && isDigit(before) && isDigit(after);
}

const URL_ANYWHERE = /(?:https?:\/\/|www\.)\S+/giu;

/**
 * Normalised words, in order (for Jaccard, shingles, MinHash). URLs are dropped (link shorteners make
 * every copy differ); `#` and `@` are dropped but their words kept; `_` splits words.
 */
export function wordTokens(text: string): string[] {
  const src = text.includes('://') || text.includes('www.') ? text.replace(URL_ANYWHERE, ' ') : text;
  const s = normalizeForMatching(src);
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (WORD_UNIT[c] === 1) {
      if (start < 0) start = i;
    } else if (start >= 0 && i + 1 < s.length && isInnerJoiner(c, s.charCodeAt(i - 1), s.charCodeAt(i + 1))) {
      // "can't", "l'etat", "1,000", "3.5" stay one word, as in tokenize()
    } else if (start >= 0) {
      words.push(s.slice(start, i));
      start = -1;
    }
  }
  if (start >= 0) words.push(s.slice(start));
  return words;
}

/**
 * Character n-grams inside word boundaries, each word padded with one space on both sides (like
 * scikit-learn's `char_wb`): `charNgrams('ab', 2, 3)` → ' a', 'ab', 'b ', ' ab', 'ab '. A padded word
 * shorter than n yields itself once. Code units, not code points: words hold no surrogates after
 * `wordTokens`.
 */
export function charNgrams(text: string, min: number, max: number): string[] {
  if (!(min >= 1 && max >= min)) throw new RangeError(`charNgrams: need 1 <= min <= max, got ${min}, ${max}`);
  const out: string[] = [];
  for (const word of wordTokens(text)) {
    const w = ` ${word} `;
    for (let n = min; n <= max; n++) {
      if (w.length < n) {
        if (n === min) out.push(w);
        continue;
      }
      for (let i = 0; i + n <= w.length; i++) out.push(w.slice(i, i + n));
    }
  }
  return out;
}

/** Contiguous k-word shingles joined by a space; fewer than k words → the whole text as one shingle. */
export function wordShingles(words: readonly string[], k: number): string[] {
  if (!(k >= 1)) throw new RangeError(`wordShingles: k must be >= 1, got ${k}`);
  if (words.length === 0) return [];
  if (words.length <= k) return [words.join(' ')];
  const out: string[] = [];
  for (let i = 0; i + k <= words.length; i++) out.push(words.slice(i, i + k).join(' '));
  return out;
}

/** Word n-grams from 1 to `max` (features for the classifier). */
export function wordNgrams(words: readonly string[], max: number): string[] {
  const out: string[] = [...words];
  for (let k = 2; k <= max; k++) for (let i = 0; i + k <= words.length; i++) out.push(words.slice(i, i + k).join(' '));
  return out;
}

/** Jaccard similarity of two token sets (1 for two empty sets: nothing differs). */
export function jaccard(a: Iterable<string>, b: Iterable<string>): number {
  const sa = new Set(a);
  const sb = new Set(b);
  if (sa.size === 0 && sb.size === 0) return 1;
  let inter = 0;
  for (const x of sa) if (sb.has(x)) inter++;
  return inter / (sa.size + sb.size - inter);
}
