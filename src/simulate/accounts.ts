/**
 * The population: organic accounts (heavy-tailed activity and followers), the network (Zipf activity
 * with a hyperactive core, mostly Arabic profiles, ~1,000 followers on average) and bought bots
 * (created together, default profiles). Also the handle variants returning accounts pick.
 */
import { CALIBRATION as C, type SimOptions } from './params.js';
import { Rng } from './rng.js';
import type { IdScheme, SimAccount } from './types.js';
import { LANG_TZ, LANGS, NETWORK_LANG_MIX, ORGANIC, ORGANIC_LANG_MIX, type Lang } from './vocab/organic.js';
import { LANTERN, TRANSLIT } from './vocab/lantern.js';

const DAY = 86_400_000;
const LATIN_NAMES: Record<Lang, string[]> = {
  ar: ['ahmed', 'mohamed', 'fatima', 'ali', 'sara', 'youssef', 'mariam', 'omar', 'layla', 'khaled', 'nour', 'hassan'],
  en: ['james', 'emma', 'oliver', 'sophie', 'liam', 'grace', 'noah', 'chloe', 'ben', 'mia'],
  fr: ['lucas', 'camille', 'hugo', 'lea', 'louis', 'manon', 'yanis', 'ines'],
  ru: ['ivan', 'anna', 'dmitry', 'maria', 'ruslan', 'alina'],
  de: ['lukas', 'anna', 'jonas', 'lea', 'felix', 'hannah'],
  nl: ['daan', 'emma', 'sem', 'julia', 'finn', 'tess'],
  ckb: ['aras', 'shilan', 'hemin', 'rozhan', 'dler'],
  kmr: ['azad', 'rojda', 'berfin', 'welat', 'zozan'],
};
const HANDLE_WORDS = ['news', 'fan', 'daily', 'life', 'official', 'real', 'world', 'city', 'info', 'x'];
const BOT_STEMS = ['user', 'follow', 'promo', 'boost', 'gain'];

export function mixPick(rng: Rng, mix: Record<Lang, number>): Lang {
  return LANGS[rng.weighted(LANGS.map((l) => mix[l]))]!;
}

export interface Population {
  accounts: SimAccount[];
  network: SimAccount[];
  organic: SimAccount[];
  bots: SimAccount[][];
}

/** X handles are at most 15 characters; every platform accepts that. */
const clip = (h: string): string => h.slice(0, 15).replace(/_+$/, '');

export class HandleRegistry {
  private readonly used = new Set<string>();
  claim(base: string, rng: Rng): string {
    let h = clip(base);
    while (this.used.has(h.toLowerCase())) h = clip(base.slice(0, 11)) + rng.int(10, 9999);
    this.used.add(h.toLowerCase());
    return h;
  }
}

export function buildPopulation(opts: SimOptions, ids: IdScheme, handles: HandleRegistry): Population {
  const rng = Rng.derive(opts.seed, 'accounts');
  const n = Math.max(50, opts.accounts);
  const nNet = Math.max(20, Math.round(n * C.networkShare));
  const nCore = Math.max(3, Math.round(nNet * C.coreShare));
  const nBatches = Math.max(2, Math.round(n / C.accountsPerBotBatch));
  const batchSizes = Array.from({ length: nBatches }, () => rng.int(C.botBatchMin, C.botBatchMax));
  const nOrganic = n - nNet - batchSizes.reduce((a, b) => a + b, 0);
  const accounts: SimAccount[] = [];
  const pop: Population = { accounts, network: [], organic: [], bots: [] };

  const make = (role: SimAccount['role'], lang: Lang, created: number, fields: Partial<SimAccount>): SimAccount => {
    const i = accounts.length;
    const a: SimAccount = {
      i, id: ids.accountId(i, created), role, core: false, handle: '', name: '', bio: '', lang,
      tz: rng.pick(LANG_TZ[lang]), created, followers: 0, following: 0, rate: 0, avatar: '',
      bornAt: -Infinity, suspendedAt: Infinity, posts: 0,
      // Every optional field present from the start: one object shape for all accounts keeps the
      // simulator's property reads monomorphic (five shapes made them megamorphic, a hash lookup each).
      customer: false, lastPost: undefined, predecessor: undefined, botBatch: undefined, ...fields,
    };
    accounts.push(a);
    return a;
  };

  for (let k = 0; k < nOrganic; k++) {
    const lang = mixPick(rng, ORGANIC_LANG_MIX);
    const v = ORGANIC[lang];
    const first = rng.int(0, v.names.length - 1);
    const sep = rng.pick(['_', '', '']);
    const base = `${LATIN_NAMES[lang][first % LATIN_NAMES[lang].length]}${sep}${rng.pick(HANDLE_WORDS)}${rng.chance(0.6) ? rng.int(1, 999) : ''}`;
    const created = opts.start - rng.int(30, 14 * 365) * DAY - rng.int(0, DAY);
    pop.organic.push(make('organic', lang, created, {
      handle: handles.claim(base, rng),
      name: v.names[first]!,
      bio: rng.pick(v.bios),
      followers: Math.min(5_000_000, Math.round(rng.lognormal(C.organicFollowersMedian, C.organicFollowersSigma))),
      following: Math.round(rng.lognormal(200, 0.9)),
      rate: Math.min(C.organicRateCap, rng.lognormal(C.organicRateMedian, C.organicRateSigma)),
      avatar: rng.chance(0.9) ? `stock-${k % 997}` : '',
    }));
  }

  // Network: Zipf activity by rank, normalised to the mean rate; the top ranks are the core.
  const zipf = zipfExponent(nNet, C.networkTopShare);
  let harmonic = 0;
  for (let r = 1; r <= nNet; r++) harmonic += 1 / r ** zipf;
  for (let r = 1; r <= nNet; r++) {
    const lang = mixPick(rng, NETWORK_LANG_MIX);
    const persona = memberPersona(lang, rng);
    const created = opts.start - rng.int(2, 400) * DAY - rng.int(0, DAY);
    const member = make('member', lang, created, {
      core: r <= nCore,
      handle: handles.claim(persona.handle, rng),
      name: persona.name,
      bio: memberBio(lang, rng),
      followers: Math.round(rng.lognormal(C.networkFollowersMedian, C.networkFollowersSigma)),
      following: Math.round(rng.lognormal(400, 0.8)),
      rate: Math.min(C.networkRateCap, (C.networkMeanRate * nNet) / (harmonic * r ** zipf)),
      // Most members pick their own picture; some wear one of the organisation's few emblems.
      avatar: rng.chance(0.2) ? `lantern-emblem-${rng.int(1, 4)}` : `lantern-avatar-${r}`,
    });
    pop.network.push(member);
  }

  // Bot batches: created within minutes of each other, default profiles, no posts of their own.
  batchSizes.forEach((size, b) => {
    const createdAt = opts.start - rng.int(1, 20) * DAY;
    const stem = rng.pick(BOT_STEMS);
    const batch: SimAccount[] = [];
    for (let k = 0; k < size; k++) {
      batch.push(make('bot', 'en', createdAt + k * rng.int(5_000, 90_000), {
        handle: handles.claim(`${stem}${rng.int(10000000, 99999999)}`, rng),
        name: `${stem}${rng.int(100, 999)}`,
        followers: rng.int(0, 12),
        following: rng.int(40, 400),
        botBatch: b,
      }));
    }
    pop.bots.push(batch);
  });
  return pop;
}

/**
 * The Zipf exponent at which the top 10/112 of `n` accounts write `share` of the posts (the Kaggle
 * set's concentration, whatever the network's size). Bisection: the share grows with the exponent.
 */
export function zipfExponent(n: number, share: number): number {
  const k = Math.max(1, Math.round((n * 10) / 112));
  const topShare = (s: number): number => {
    let top = 0;
    let all = 0;
    for (let r = 1; r <= n; r++) {
      const w = 1 / r ** s;
      all += w;
      if (r <= k) top += w;
    }
    return top / all;
  };
  let lo = 0;
  let hi = 4;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (topShare(mid) < share) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

const SPELLING: Array<[RegExp, string]> = [
  [/ee/, 'i'], [/ou/, 'u'], [/^abu/, 'abou'], [/^al/, 'el'], [/oo/, 'u'], [/a$/, 'ah'],
];

/**
 * The handle a suspended account returns under: digits added or incremented, separators added,
 * dropped or doubled, or another Latin spelling of the same Arabic words. A handle already at X's 15
 * characters has no room to grow: its owner swaps the last letters for digits instead (an appended
 * suffix would be clipped away, and the platform would offer random digits).
 */
export function handleVariant(handle: string, rng: Rng): string {
  const v = variantOf(handle, rng);
  if (v.length <= 15 && v !== handle) return v;
  const d = String(rng.int(1, 99));
  const tail = handle.slice(0, 15 - d.length).replace(/_+$/, '');
  return tail + d === handle ? `${tail.slice(0, -1)}${d}` : tail + d;
}

function variantOf(handle: string, rng: Rng): string {
  const kind = rng.int(0, 3);
  const digits = /(\d+)$/.exec(handle);
  if (kind === 0) return digits ? handle.slice(0, digits.index) + (Number(digits[1]) + rng.int(1, 3)) : `${handle}${rng.int(1, 9)}`;
  if (kind === 1) return handle.includes('_') ? handle.replace('_', rng.pick(['', '__'])) : handle.replace(/(\D)(\d)/, '$1_$2') + (digits ? '' : '_');
  if (kind === 2) {
    for (const [re, to] of rng.shuffle([...SPELLING])) if (re.test(handle)) return handle.replace(re, to);
  }
  return `${handle}_${rng.int(2, 9)}`;
}

/** Display name of a returning account: the same, transliterated, or with a marker added. */
export function nameVariant(name: string, rng: Rng): string {
  const k = rng.int(0, 2);
  if (k === 0) return name;
  if (k === 1) {
    const latin = name.split(/\s+/).map((w) => LATIN[w]?.[0]);
    if (latin.every((w) => w !== undefined)) return latin.map((w) => w![0]!.toUpperCase() + w!.slice(1)).join(' ');
  }
  return `${name} ${rng.pick(['2', '(3)', 'II', 'الجديد'])}`;
}

/*
 * Member personas. Pseudonymous networks name themselves after a pattern — kunya (أبو / أم + a given
 * name), an optional nisba or family name, an epithet — so members look alike, yet the combinations are
 * many: a real network of hundreds has few exact duplicates. Handles are built from the same words,
 * spelled as people spell them (omar / umar), shortened to fit X's 15 characters, often with digits.
 * Given names are common ones; nisbas are occupational family names and the organisation's own words.
 */
const GIVEN_M = ['عمر', 'حمزة', 'خالد', 'يوسف', 'عبدالله', 'سعد', 'أنس', 'معاذ', 'بلال', 'زيد', 'طارق', 'سلمان', 'ياسر', 'عمار', 'إبراهيم', 'إسماعيل', 'حسن', 'علي', 'سعيد', 'محمود', 'هشام', 'عادل', 'قاسم', 'ريان', 'محمد', 'أحمد', 'صهيب', 'جابر', 'وليد', 'نادر'];
const GIVEN_F = ['سارة', 'مريم', 'عائشة', 'خديجة', 'هاجر', 'فاطمة', 'زينب', 'آمنة', 'رقية', 'صفية'];
const NISBA = ['النجار', 'الحداد', 'الخطيب', 'السقا', 'الصباغ', 'البنا', 'العطار', 'الخياط', 'الطحان', 'الفخار', 'الرمادي', 'الفانوسي', 'الجمري', 'الغسقي', 'الشمعي', 'الفتيلي'];
const EPITHETS = ['حارس الجمرة', 'حامل الفانوس', 'صدى الرماد', 'نور الرمادي', 'ابن الغسق', 'أبو الفتيل', 'رفيق الفتيل', 'ظل الفانوس', 'شعلة الغسق'];
const NISBA_LATIN = ['al-Najjar', 'al-Haddad', 'al-Khatib', 'al-Attar', 'al-Rammadi', 'al-Fanousi', 'al-Jamri'];
const KUNYA_LATIN = ['Abu Omar', 'Abu Hamza', 'Abu Yusuf', 'Abu Khalid', 'Abu Bilal', 'Abu Zayd', 'Abu Salman', 'Abu Anas', 'Umm Maryam', 'Umm Sara', 'Abu Ibrahim', 'Abu Tariq'];

/** Latin spellings of every word a member's name is built from (the first is the usual one). */
export const LATIN: Record<string, string[]> = {
  ...Object.fromEntries(Object.entries(TRANSLIT).map(([ar, la]) => [ar, [la]])),
  أبو: ['abu', 'abou'], أم: ['umm', 'um'], ابن: ['ibn', 'ebn'], رفيق: ['rafiq', 'rafeeq'], ظل: ['dhil', 'zil'], شعلة: ['shuala'],
  عمر: ['omar', 'umar'], حمزة: ['hamza', 'hamzah'], خالد: ['khalid', 'khaled'], يوسف: ['yusuf', 'yousef'], عبدالله: ['abdullah', 'abdallah'],
  سعد: ['saad', 'sad'], أنس: ['anas'], معاذ: ['muadh', 'moaz'], بلال: ['bilal', 'belal'], زيد: ['zayd', 'zaid'], طارق: ['tariq', 'tarek'],
  سلمان: ['salman'], ياسر: ['yasir', 'yaser'], عمار: ['ammar'], إبراهيم: ['ibrahim', 'ebrahim'], إسماعيل: ['ismail', 'ismael'],
  حسن: ['hasan', 'hassan'], علي: ['ali'], سعيد: ['said', 'saeed'], محمود: ['mahmud', 'mahmoud'], هشام: ['hisham'], عادل: ['adil', 'adel'],
  قاسم: ['qasim', 'kassem'], ريان: ['rayyan'], محمد: ['muhammad', 'mohamed'], أحمد: ['ahmad', 'ahmed'], صهيب: ['suhayb', 'sohaib'],
  جابر: ['jabir', 'jaber'], وليد: ['walid', 'waleed'], نادر: ['nadir', 'nader'], سارة: ['sara', 'sarah'], مريم: ['maryam', 'mariam'],
  عائشة: ['aisha', 'aicha'], خديجة: ['khadija'], هاجر: ['hajar'], فاطمة: ['fatima', 'fatma'], زينب: ['zaynab', 'zainab'], آمنة: ['amina'],
  رقية: ['ruqayya'], صفية: ['safiyya'], النجار: ['alnajjar', 'najjar'], الحداد: ['alhaddad', 'haddad'], الخطيب: ['alkhatib', 'khatib'],
  السقا: ['alsaqqa', 'saqqa'], الصباغ: ['alsabbagh', 'sabbagh'], البنا: ['albanna', 'banna'], العطار: ['alattar', 'attar'],
  الخياط: ['alkhayyat', 'khayyat'], الطحان: ['altahhan', 'tahhan'], الفخار: ['alfakhkhar', 'fakhar'], الفانوسي: ['alfanousi', 'fanousi'],
  الجمري: ['aljamri', 'jamri'], الغسقي: ['alghasaqi', 'ghasaqi'], الشمعي: ['alshamai', 'shamai'], الفتيلي: ['alfateeli', 'fateeli'],
};

export interface Persona {
  name: string;
  handle: string;
}

/** A member's display name and the handle they build from it. */
export function memberPersona(lang: Lang, rng: Rng): Persona {
  let words: string[];
  if (lang === 'ar') {
    const kind = rng.weighted([0.6, 0.25, 0.15]);
    if (kind === 0) words = rng.chance(0.8) ? ['أبو', rng.pick(GIVEN_M)] : ['أم', rng.pick(GIVEN_F)];
    else if (kind === 1) words = rng.pick(EPITHETS).split(' ');
    else words = [rng.pick(GIVEN_M)];
    if (kind !== 1 ? rng.chance(0.6) : rng.chance(0.25)) words.push(rng.pick(NISBA));
    return { name: words.join(' '), handle: personaHandle(words.map((w) => rng.pick(LATIN[w] ?? [w])), rng) };
  }
  // Members writing in other languages use the organisation's epithet in their language, or a kunya
  // in Latin letters (often with a family name); handles are in Latin letters either way.
  const latinWords = (name: string) => name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9 ]/g, '').split(/\s+/).filter((w) => w.length > 0);
  const kunya = () => `${rng.pick(KUNYA_LATIN)}${rng.chance(0.5) ? ` ${rng.pick(NISBA_LATIN)}` : ''}`;
  const name = rng.chance(0.35) ? rng.pick(LANTERN[lang].names) : kunya();
  const latin = latinWords(name);
  return { name, handle: personaHandle(latin.length > 0 ? latin : latinWords(kunya()), rng) };
}

/**
 * `abu_omar_alnajjar` does not fit in 15 characters: people drop the article, join words, keep the
 * distinctive ones (`omar_najjar`), or let the platform clip; about half add digits.
 */
function personaHandle(latin: string[], rng: Rng): string {
  const words = rng.chance(0.5) ? latin.map((w) => (w.length > 4 && w.startsWith('al') ? w.slice(2) : w)) : latin;
  const shape = rng.int(0, 2);
  const kept = shape === 2 && words.length > 2 ? words.slice(1) : words;
  const sep = shape === 1 ? '' : rng.pick(['_', '_', '']);
  const digits = rng.chance(0.5) ? String(rng.chance(0.7) ? rng.int(1, 99) : rng.int(100, 2024)) : '';
  const base = kept.join(sep);
  return base.length + digits.length <= 15 ? base + digits : base.slice(0, 15 - Math.min(digits.length, 3)) + digits.slice(0, 3);
}

/** A member's bio: a slogan, often with a personal touch; some leave it empty. */
export function memberBio(lang: Lang, rng: Rng): string {
  if (rng.chance(0.15)) return '';
  const v = LANTERN[lang];
  const main = rng.pick([...v.bios, ...v.slogans]);
  const extra = rng.weighted([0.5, 0.2, 0.15, 0.15]);
  if (extra === 0) return main;
  if (extra === 1) return `${main} ${rng.pick(['🏮', '🕯️', '🔥', '🌘', '✨'])}`;
  if (extra === 2) return `${main} | ${rng.pick(v.slogans)}`;
  return lang === 'ar' ? `${main} — الحساب ${rng.int(2, 12)}` : `${main} — acc ${rng.int(2, 12)}`;
}
