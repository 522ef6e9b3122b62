/**
 * Precomputed folding tables for `normalize()`.
 *
 * Instead of running NFKC, lower-casing and a dozen Arabic rules over every post, we run them ONCE per
 * BMP code unit (and once per code point of the supplementary planes that NFKC or case folding touch)
 * and store the result. The hot loop then does one typed-array lookup per code unit. A string whose
 * folding depends on context (a combining mark we keep, which NFKC may compose with its base; Hangul
 * jamo) takes the exact path: real NFKC first, then the same tables (see `normalize.ts`).
 */

export interface NormalizeOptions {
  /** Unicode NFKC: presentation forms, ligatures, full-width and mathematical letters. Default true. */
  nfkc?: boolean;
  /** Arabic harakat U+064B–U+0652 and superscript alef U+0670. Default true. */
  stripDiacritics?: boolean;
  /** Also U+0610–U+061A, U+0653–U+065F and Qur'anic marks U+06D6–U+06ED. Default true. */
  stripExtraMarks?: boolean;
  /** Tatweel U+0640 (kashida). Default true. */
  stripTatweel?: boolean;
  /** آ أ إ ٱ ٲ ٳ ٵ → ا. Default true. */
  foldAlef?: boolean;
  /** ى → ي. Default true. */
  foldAlefMaqsura?: boolean;
  /** ة → ه. Default true. */
  foldTaaMarbuta?: boolean;
  /** ؤ → و, ئ → ي. Default false (hamza carries meaning in careful text). */
  foldHamza?: boolean;
  /** Persian, Urdu and Kurdish letters to their Arabic base (ک → ك, ی → ي, پ → ب, ڕ → ر …). Default true. */
  foldPersian?: boolean;
  /** Arabic-Indic and Persian digits → 0–9. Default true. */
  foldDigits?: boolean;
  /** Arabic punctuation (، ؛ ؟ ٪) and typographic quotes and dashes → ASCII. Default true. */
  foldPunctuation?: boolean;
  /** Lower-case every script with case. Default true. */
  caseFold?: boolean;
  /** Drop accents from Latin, Greek and Cyrillic letters (é → e, ё → е, ş → s, ß → ss). Default true. */
  accentFold?: boolean;
  /** Runs of three or more of the same letter collapse to this many (elongation: "goooal" → "gooal"). 0 = off. Default 2. */
  maxRepeat?: number;
  /**
   * What a run of three or more Arabic-script letters collapses to: there a run of three is always
   * elongation ("العاااام" → "العام"), while two stay (تتابع); lam keeps two (الللله → الله). Default 1.
   */
  arabicMaxRepeat?: number;
  /** Every run of white space → one space, trimmed. Default true. */
  collapseWhitespace?: boolean;
}

export type ResolvedOptions = Required<NormalizeOptions>;

export const DEFAULT_OPTIONS: ResolvedOptions = {
  nfkc: true,
  stripDiacritics: true,
  stripExtraMarks: true,
  stripTatweel: true,
  foldAlef: true,
  foldAlefMaqsura: true,
  foldTaaMarbuta: true,
  foldHamza: false,
  foldPersian: true,
  foldDigits: true,
  foldPunctuation: true,
  caseFold: true,
  accentFold: true,
  maxRepeat: 2,
  arabicMaxRepeat: 1,
  collapseWhitespace: true,
};

/** What the hot loop does with a code unit. */
export const K_SINGLE = 0; // emit VAL[c]
export const K_DELETE = 1; // drop silently
export const K_MULTI = 2; // emit POOL[VAL[c] .. VAL[c] + LEN[c]]
export const K_SPACE = 3; // white space
export const K_BIDI = 4; // drop, report as a bidi control
export const K_INVISIBLE = 5; // drop, report as an invisible character
export const K_HIGH = 6; // high surrogate: look at the next unit
export const K_LOW = 7; // lone low surrogate
export const K_EXACT = 8; // needs real NFKC over the whole string first
export const ENTRY_SINGLE_LIMIT = 0x10000;

export interface FoldTables {
  kind: Uint8Array;
  val: Uint16Array;
  len: Uint8Array;
  pool: Uint16Array;
  /** Whether an output code unit is a letter (elongation applies to letters only). */
  letter: Uint8Array;
  /** Kind and value in one lookup: below ENTRY_SINGLE_LIMIT the entry is the output unit, else `entry >> 16` is the kind. */
  entry: Int32Array;
  /** Supplementary code points whose folding differs from themselves, as UTF-16; empty = delete. */
  astral: Map<number, Uint16Array>;
  options: ResolvedOptions;
}

/** Bidirectional formatting controls: the spoofing ones (Trojan Source, RLO file-name tricks). */
export const BIDI_CONTROLS = [0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069];
/**
 * Invisible characters that hide inside words ("is\u200Bis" evades a keyword list). ZWNJ (U+200C) and ZWJ
 * (U+200D) are also normal in Persian and Kurdish words and in emoji sequences: reported, but the spoofing
 * signal is `bidi`.
 */
export const INVISIBLES = [0x00ad, 0x034f, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x180e, 0x200b, 0x200c, 0x200d, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0x3164, 0xfeff, 0xffa0];

const ARABIC_DIACRITIC = (c: number) => (c >= 0x064b && c <= 0x0652) || c === 0x0670;
const ARABIC_EXTRA_MARK = (c: number) =>
  (c >= 0x0610 && c <= 0x061a) || (c >= 0x0653 && c <= 0x065f) || (c >= 0x06d6 && c <= 0x06ed);

/** Persian, Urdu, Kurdish (Sorani) and other Arabic-script letters → the Arabic letter a reader matches them with. */
const PERSIAN_FOLD: Record<number, number> = {
  0x067e: 0x0628, // پ peh → ب
  0x0686: 0x062c, // چ tcheh → ج
  0x0698: 0x0632, // ژ jeh → ز
  0x06a4: 0x0641, // ڤ veh → ف
  0x06a5: 0x0641,
  0x06cc: 0x064a, // ی farsi yeh → ي
  0x06cd: 0x064a,
  0x06ce: 0x064a, // ێ Kurdish yeh with v → ي
  0x06d0: 0x064a,
  0x06d1: 0x064a,
  0x06d2: 0x064a, // ے Urdu yeh barree → ي
  0x06be: 0x0647, // ھ heh doachashmee → ه
  0x06c0: 0x0647,
  0x06c1: 0x0647, // ہ heh goal → ه
  0x06c2: 0x0647,
  0x06c3: 0x0647, // teh marbuta goal → ه (as ة)
  0x06d5: 0x0647, // ە Kurdish ae → ه
  0x0679: 0x062a, // ٹ tteh → ت
  0x0688: 0x062f, // ڈ ddal → د
  0x0691: 0x0631, // ڑ rreh → ر
  0x0695: 0x0631, // ڕ Kurdish reh with v below → ر
  0x06ba: 0x0646, // ں noon ghunna → ن
  0x06bb: 0x0646,
  0x06b5: 0x0644, // ڵ Kurdish lam with v → ل
  0x06b6: 0x0644,
  0x06b7: 0x0644,
  0x06b8: 0x0644,
  0x06c5: 0x0648, // ۅ ۆ ۇ ۈ ۉ ۋ Kurdish/Uyghur waw forms → و
  0x06c6: 0x0648,
  0x06c7: 0x0648,
  0x06c8: 0x0648,
  0x06c9: 0x0648,
  0x06cb: 0x0648,
};
for (let c = 0x06a9; c <= 0x06b4; c++) PERSIAN_FOLD[c] = 0x0643; // ک keheh, گ gaf and their kin → ك

const ARABIC_PUNCT: Record<number, string> = {
  0x060c: ',', 0x061b: ';', 0x061f: '?', 0x066a: '%', 0x066b: '.', 0x066c: ',', 0x06d4: '.',
  0x2018: "'", 0x2019: "'", 0x201a: "'", 0x201b: "'", 0x2039: "'", 0x203a: "'",
  0x201c: '"', 0x201d: '"', 0x201e: '"', 0x201f: '"', 0x00ab: '"', 0x00bb: '"',
  0x2010: '-', 0x2011: '-', 0x2012: '-', 0x2013: '-', 0x2014: '-', 0x2015: '-', 0x2212: '-',
};

/** Letters without a decomposition that readers still see as an accented base letter. */
const LATIN_EXTRA: Record<string, string> = {
  ß: 'ss', ẞ: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', ħ: 'h', ı: 'i', þ: 'th',
  ŀ: 'l', ŧ: 't', ƒ: 'f', ɨ: 'i', ƶ: 'z', ȼ: 'c', ɇ: 'e', ς: 'σ',
};

const LETTER_RE = /^[\p{L}]$/u;
const MARK_RE = /\p{M}/u;
const FOLDABLE_BASE = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u;
const COMBINING_FOR_LATIN = /[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/u;
const SPACE_RE = /^[\s\u0085\u180e]$/u;

/** Arabic rules on one code point (before and after NFKC, so that presentation forms fold too). */
function arabicFold(c: number, o: ResolvedOptions): string | undefined {
  if (o.stripDiacritics && ARABIC_DIACRITIC(c)) return '';
  if (o.stripExtraMarks && ARABIC_EXTRA_MARK(c)) return '';
  if (o.stripTatweel && c === 0x0640) return '';
  if (o.foldAlef && (c === 0x0622 || c === 0x0623 || c === 0x0625 || (c >= 0x0671 && c <= 0x0673) || c === 0x0675)) return 'ا';
  if (o.foldAlefMaqsura && c === 0x0649) return 'ي';
  if (o.foldTaaMarbuta && c === 0x0629) return 'ه';
  if (o.foldHamza && (c === 0x0624 || c === 0x0676)) return 'و';
  if (o.foldHamza && (c === 0x0626 || c === 0x0678)) return 'ي';
  if (o.foldPersian && PERSIAN_FOLD[c] !== undefined) return String.fromCharCode(PERSIAN_FOLD[c]);
  if (o.foldDigits && c >= 0x0660 && c <= 0x0669) return String.fromCharCode(0x30 + c - 0x0660);
  if (o.foldDigits && c >= 0x06f0 && c <= 0x06f9) return String.fromCharCode(0x30 + c - 0x06f0);
  if (o.foldPunctuation && ARABIC_PUNCT[c] !== undefined) return ARABIC_PUNCT[c];
  return undefined;
}

/** The whole fold of one code point, as a string ('' = delete). */
export function foldCodePoint(cp: number, o: ResolvedOptions): string {
  const ch = String.fromCodePoint(cp);
  const pre = arabicFold(cp, o);
  let s = pre ?? ch;
  if (o.nfkc) s = s.normalize('NFKC');
  let out = '';
  for (const part of s) {
    const c = part.codePointAt(0)!;
    const a = arabicFold(c, o);
    let t = a ?? part;
    if (o.caseFold) t = t.toLowerCase();
    if (o.accentFold) t = accentFold(t);
    if (o.caseFold) t = t.toLowerCase();
    out += t;
  }
  return out;
}

function accentFold(t: string): string {
  let r = '';
  for (const ch of t) {
    const extra = LATIN_EXTRA[ch];
    if (extra !== undefined) {
      r += extra;
      continue;
    }
    const d = ch.normalize('NFD');
    if (d.length > 1 && FOLDABLE_BASE.test(d[0]!)) r += d.replace(/\p{M}/gu, '');
    else if (!COMBINING_FOR_LATIN.test(ch)) r += ch; // generic combining marks (and Zalgo stacks) go
  }
  return r;
}

const cache = new Map<string, FoldTables>();

export function resolveOptions(options?: NormalizeOptions): ResolvedOptions {
  if (!options) return DEFAULT_OPTIONS;
  const r = { ...DEFAULT_OPTIONS };
  for (const k of Object.keys(options) as (keyof NormalizeOptions)[]) {
    const v = options[k];
    if (v !== undefined) (r as Record<string, unknown>)[k] = v;
  }
  return r;
}

/** Tables for a set of options, built once (about 150 ms) and cached. */
export function tablesFor(o: ResolvedOptions): FoldTables {
  const key = JSON.stringify({ ...o, maxRepeat: 0, arabicMaxRepeat: 0, collapseWhitespace: true });
  let t = cache.get(key);
  if (!t) {
    t = build(o);
    cache.set(key, t);
  }
  return t;
}

function build(o: ResolvedOptions): FoldTables {
  const kind = new Uint8Array(65536);
  const val = new Uint16Array(65536);
  const len = new Uint8Array(65536);
  const letter = new Uint8Array(65536);
  const poolParts: number[] = [];
  const bidi = new Set(BIDI_CONTROLS);
  const invisible = new Set(INVISIBLES);
  for (let c = 0; c < 65536; c++) {
    const ch = String.fromCharCode(c);
    if (LETTER_RE.test(ch)) letter[c] = 1;
    if (c >= 0xd800 && c <= 0xdbff) kind[c] = K_HIGH;
    else if (c >= 0xdc00 && c <= 0xdfff) kind[c] = K_LOW;
    else if (bidi.has(c)) kind[c] = K_BIDI;
    else if (invisible.has(c)) kind[c] = K_INVISIBLE;
    else if (c >= 0xfe00 && c <= 0xfe0f) kind[c] = K_DELETE; // variation selectors: presentation only
    else if (SPACE_RE.test(ch) || c < 0x20 || (c >= 0x7f && c <= 0x9f)) kind[c] = K_SPACE;
    else {
      const f = foldCodePoint(c, o);
      // A mark we keep may compose with its base under NFKC; Hangul jamo compose into syllables.
      const needsExact = o.nfkc && ((c >= 0x1100 && c <= 0x11ff) || (MARK_RE.test(ch) && f.length > 0));
      if (needsExact || (f.length > 1 && f.trim().length > 0)) {
        // K_EXACT stores its fold like K_MULTI: the exact pass (after real NFKC) emits it as is.
        kind[c] = needsExact ? K_EXACT : K_MULTI;
        val[c] = poolParts.length;
        len[c] = f.length;
        for (let i = 0; i < f.length; i++) poolParts.push(f.charCodeAt(i));
      } else if (f.length === 0) kind[c] = K_DELETE;
      else if (f.length === 1 && !SPACE_RE.test(f)) {
        kind[c] = K_SINGLE;
        val[c] = f.charCodeAt(0);
      } else kind[c] = K_SPACE;
    }
  }
  const astral = new Map<number, Uint16Array>();
  const scan = (from: number, to: number) => {
    for (let cp = from; cp <= to; cp++) {
      const f = foldCodePoint(cp, o);
      if (f !== String.fromCodePoint(cp)) astral.set(cp, Uint16Array.from({ length: f.length }, (_, i) => f.charCodeAt(i)));
    }
  };
  scan(0x10000, 0x1ffff);
  scan(0x2f800, 0x2fa1f);
  for (let cp = 0xe0000; cp <= 0xe01ef; cp++) astral.set(cp, new Uint16Array(0)); // tags and variation selectors
  if (poolParts.length > 0xffff) throw new Error('fold pool overflow');
  const entry = new Int32Array(65536);
  for (let c = 0; c < 65536; c++) {
    entry[c] = kind[c] === K_SINGLE ? val[c]! : kind[c]! << 16;
  }
  return { kind, val, len, pool: Uint16Array.from(poolParts), letter, entry, astral, options: o };
}

const caps = new Map<string, Int32Array>();

/** Longest allowed run per output code unit (elongation), for the repeat options of `o`. */
export function repeatCaps(t: FoldTables, o: ResolvedOptions): Int32Array {
  const key = `${o.maxRepeat}/${o.arabicMaxRepeat}`;
  let cap = caps.get(key);
  if (!cap) {
    cap = new Int32Array(65536).fill(0x7fffffff);
    if (o.maxRepeat > 0) {
      for (let c = 0; c < 65536; c++) {
        if (t.letter[c] !== 1) continue;
        const arabic = (c >= 0x0620 && c <= 0x064a) || (c >= 0x066e && c <= 0x06d5) || (c >= 0x06fa && c <= 0x06ff);
        cap[c] = arabic && o.arabicMaxRepeat > 0 ? (c === 0x0644 ? Math.max(2, o.arabicMaxRepeat) : o.arabicMaxRepeat) : o.maxRepeat;
      }
    }
    caps.set(key, cap);
  }
  return cap;
}
