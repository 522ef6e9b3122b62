/**
 * Language identification for short posts: ar, en, fr, ru, de, nl, ckb (Sorani, Arabic script),
 * kmr (Kurmanji, Latin script), fa, ur, tr; Arabizi (Arabic in Latin letters and digits) as Arabic.
 *
 * The script picks the candidates (Arabic script: ar/fa/ur/ckb; Latin: en/fr/de/nl/tr/kmr;
 * Cyrillic: ru), then a character 1–4-gram naive Bayes model (trained by `bench/lang-train.ts`,
 * measured by `bench/lang-accuracy.ts`) ranks them. The platform's own tag is used when present.
 */
import { dominantScript, langWords, MAX_ORDER } from './lang-features.js';
import { LANG_MODEL } from './lang-model.js';

export interface LanguageGuess {
  /** ISO 639 code ('und' when the text has no letters or a script we do not model). */
  lang: string;
  /** 0–1. */
  confidence: number;
  source: 'platform' | 'model';
  /** Arabic written in Latin letters and digits ("3ala", "7abibi"). */
  arabizi?: boolean;
  /** The runners-up, best first (model guesses only). */
  alternatives?: { lang: string; confidence: number }[];
}

export interface DetectOptions {
  /** The platform's language tag (`lang` on X, `langs` on Bluesky, `language` on Mastodon). */
  platformLang?: string;
}

const CANDIDATES: Record<'Arabic' | 'Latin' | 'Cyrillic', string[]> = {
  Arabic: ['ar', 'fa', 'ur', 'ckb'],
  Latin: ['en', 'fr', 'de', 'nl', 'tr', 'kmr'],
  Cyrillic: ['ru'],
};

// --- the model -----------------------------------------------------------------------------------

/**
 * The n-grams live in an open-addressing hash table keyed by their UTF-16 units, so that scoring a
 * post hashes code units in place instead of slicing a string per n-gram.
 */
interface Model {
  langs: string[];
  mask: number;
  /** slot → gram index, -1 = empty */
  slots: Int32Array;
  /** gram index → its units in `units` (start, length) */
  start: Int32Array;
  length: Uint8Array;
  units: Uint16Array;
  /** gram index * langs.length + lang → log-probability */
  logp: Float32Array;
  floors: number[];
}
let model: Model | undefined;

const FNV = 0x811c9dc5;
const mix = (h: number, u: number) => Math.imul(h ^ u, 0x01000193);
const slotOf = (h: number, mask: number) => (h ^ (h >>> 15)) & mask;

function loadModel(): Model {
  const { langs, qMin, qStep, floors, grams } = LANG_MODEL;
  const rows = grams.split('\n'); // each row: the n-gram, then one quantised log-probability per language
  const L = langs.length;
  const logp = new Float32Array(rows.length * L);
  const start = new Int32Array(rows.length);
  const length = new Uint8Array(rows.length);
  const unitList: number[] = [];
  let size = 1;
  while (size < rows.length * 3) size <<= 1;
  const mask = size - 1;
  const slots = new Int32Array(size).fill(-1);
  rows.forEach((row, i) => {
    const sep = row.length - L;
    start[i] = unitList.length;
    length[i] = sep;
    let h = FNV;
    for (let k = 0; k < sep; k++) {
      unitList.push(row.charCodeAt(k));
      h = mix(h, row.charCodeAt(k));
    }
    let slot = slotOf(h, mask);
    while (slots[slot] !== -1) slot = (slot + 1) & mask;
    slots[slot] = i;
    for (let l = 0; l < L; l++) logp[i * L + l] = qMin + (row.charCodeAt(sep + l) - 35) * qStep;
  });
  return { langs: [...langs], mask, slots, start, length, units: Uint16Array.from(unitList), logp, floors: [...floors] };
}

/** Letters looked at per post: accuracy is flat beyond a tweet's length, and the cost is linear. */
const MAX_LETTERS = 280;

/** Per-candidate log-likelihood of the words' 1–4-grams (as `langNgrams` makes them), and their count. */
function score(words: string[], candidates: string[]): { scores: Map<string, number>; n: number } {
  const m = (model ??= loadModel());
  const { slots, start, length, units, logp, floors, mask } = m;
  const L = m.langs.length;
  const cols = candidates.map((c) => m.langs.indexOf(c));
  const C = cols.length;
  const sums = new Float64Array(C);
  let count = 0;
  let letters = 0;
  for (const word of words) {
    if (letters > MAX_LETTERS) break;
    letters += word.length;
    const padded = ` ${word} `;
    const P = padded.length;
    for (let i = 0; i < P; i++) {
      let h = FNV;
      for (let n = 1; n <= MAX_ORDER && i + n <= P; n++) {
        h = mix(h, padded.charCodeAt(i + n - 1));
        if (n === 1 && padded.charCodeAt(i) === 32) continue; // a lone space is not a feature
        // open-addressing lookup of padded[i, i + n)
        let g = -1;
        for (let slot = slotOf(h, mask); ; slot = (slot + 1) & mask) {
          const cand = slots[slot]!;
          if (cand === -1) break;
          if (length[cand] !== n) continue;
          const s0 = start[cand]!;
          let k = 0;
          while (k < n && units[s0 + k] === padded.charCodeAt(i + k)) k++;
          if (k === n) {
            g = cand;
            break;
          }
        }
        count++;
        if (g === -1) for (let k = 0; k < C; k++) sums[k]! += floors[cols[k]!]!;
        else for (let k = 0; k < C; k++) sums[k]! += logp[g * L + cols[k]!]!;
      }
    }
  }
  return { scores: new Map(candidates.map((c, k) => [c, sums[k]!])), n: count };
}

// --- Arabizi -------------------------------------------------------------------------------------

/** Words that are Arabic in Latin letters and rarely anything else. */
const ARABIZI_STRONG = new Set(
  ('inshallah insha2allah inshalla wallah wallahi walla yalla yallah habibi habibti mashallah mashalla alhamdulillah ' +
    'hamdulillah hamdellah shukran shokran ya3ni yaani ya3ny tayeb tayyib khalas 5alas kteer ktir awi 2awi jiddan gedan ' +
    'ezay izzay kifak kifik keefak kaifak akhi ukhti e7na ehna a7na 3ala 3al ma3 3an 3ashan 3shan leh lesh laish ' +
    'delwa2ti dilwa2ti halla2 baddi bidi 3ayez 3ayz 3awz 3aref mafi mafish mfeesh wa7ed wa7da bukra bokra embare7 ' +
    'ahlan marhaba 5eir kheir 7elw helw 7ilu mni7 mnee7 keda kda hena hon hnak aywa aiwa la2 na3am lazem lazim ba3d ' +
    'ba3den kaman kamaan shway shwaya shwayya rabbena allah allahu akbar salam alaikum alaykum 3alaikum 3alaykom enta enti inta inti ' +
    'ento intu howa hiya ana mesh mish msh mush shu sho eih ezzay 7aga 7aja 7abibi 7abibti').split(' '),
);
/** Short words that are Arabizi in context but also exist elsewhere (ya, el, fi …): half weight. */
const ARABIZI_WEAK = new Set('ya el al wel bel fel fi fe min mn ma la wala bas eh w b ana'.split(' '));
/** A word with a digit standing for an Arabic letter (2 ء, 3 ع, 5 خ, 6 ط, 7 ح, 8 ق, 9 ص) and a vowel. */
const ARABIZI_DIGIT = /^(?=[a-z]*[aeiou])[a-z]*[a-z][2356789][a-z]*$|^[2356789][a-z]*[aeiou][a-z]+$/;

/** How Arabizi a Latin-script text looks: a 0–1 score (share of Arabizi words, weighted). */
export function arabiziScore(text: string): number {
  const tokens = text
    .toLowerCase()
    .replace(/(?:https?:\/\/|www\.)\S+|@\w+/g, ' ')
    .split(/[^a-z0-9']+/)
    .filter((t) => t.length > 0 && !/^\d+$/.test(t));
  if (tokens.length === 0) return 0;
  let hits = 0;
  let strong = 0;
  for (const t of tokens) {
    if (ARABIZI_STRONG.has(t) || ARABIZI_DIGIT.test(t)) {
      hits += 1;
      strong++;
    } else if (ARABIZI_WEAK.has(t)) hits += 0.5;
  }
  if (strong === 0) return 0;
  return Math.min(1, hits / tokens.length);
}

// --- platform tags -------------------------------------------------------------------------------

/** Tags that say something other than the language (X: media only, mentions only, hashtags only…). */
const NOT_A_LANGUAGE = new Set(['und', 'qme', 'qam', 'qct', 'qht', 'qst', 'zxx', 'mul', 'mis', 'art']);
const TAG_ALIAS: Record<string, string> = {
  in: 'id', iw: 'he', ji: 'yi', prs: 'fa', pes: 'fa', arb: 'ar', arz: 'ar', apc: 'ar', ary: 'ar', acm: 'ar',
  afb: 'ar', ajp: 'ar', aeb: 'ar', arq: 'ar', sdh: 'ckb', nb: 'no', nn: 'no',
};

/** The language a platform tag names, or undefined when it names none. `ku` is resolved by script. */
export function platformLanguage(tag: string | undefined, text = ''): string | undefined {
  if (!tag) return undefined;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0]!;
  if (!/^[a-z]{2,3}$/.test(primary) || NOT_A_LANGUAGE.has(primary)) return undefined;
  if (primary === 'ku' || primary === 'kur') return /\p{Script=Arabic}/u.test(text) ? 'ckb' : 'kmr';
  return TAG_ALIAS[primary] ?? primary;
}

// --- detection -----------------------------------------------------------------------------------

export function detectLanguage(text: string, options: DetectOptions = {}): LanguageGuess {
  const words = langWords(text);
  const script = dominantScript(words);
  const arabizi = script.script === 'Latin' ? arabiziScore(text) : 0;
  const fromPlatform = platformLanguage(options.platformLang, text);
  // Platforms tag Arabizi as English, Indonesian, Tagalog…: a clear Arabizi text overrides a Latin tag.
  const arabiziWins = arabizi >= 0.34;
  if (fromPlatform && !(arabiziWins && fromPlatform !== 'ar')) {
    return { lang: fromPlatform, confidence: 0.95, source: 'platform' };
  }
  if (arabiziWins) return { lang: 'ar', confidence: Math.min(0.99, 0.5 + arabizi / 2), source: 'model', arabizi: true };
  if (script.letters === 0) return { lang: 'und', confidence: 0, source: 'model' };
  if (script.script === 'Other') {
    const lang = script.other === 'zh' && /[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text) ? 'ja' : (script.other ?? 'und');
    return { lang, confidence: lang === 'und' ? 0 : script.share * 0.9, source: 'model' };
  }
  const candidates = CANDIDATES[script.script];
  if (candidates.length === 1) return { lang: candidates[0]!, confidence: Math.round(script.share * 0.95 * 1000) / 1000, source: 'model' };
  const { scores, n } = score(words, candidates);
  // Softmax over log-likelihoods scaled by 1/sqrt(n): long texts grow confident, two words stay modest.
  const scale = 1 / Math.sqrt(Math.max(1, n));
  const best = Math.max(...scores.values());
  let z = 0;
  const ranked = [...scores].map(([lang, s]) => {
    const e = Math.exp((s - best) * scale);
    z += e;
    return { lang, e };
  });
  ranked.sort((a, b) => b.e - a.e);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const conf = (e: number) => round((e / z) * script.share);
  return {
    lang: ranked[0]!.lang,
    confidence: conf(ranked[0]!.e),
    source: 'model',
    alternatives: ranked.slice(1, 3).map((r) => ({ lang: r.lang, confidence: conf(r.e) })),
  };
}
