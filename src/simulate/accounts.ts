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
      bornAt: -Infinity, suspendedAt: Infinity, posts: 0, ...fields,
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
    const v = LANTERN[lang];
    const name = rng.pick(v.names);
    const created = opts.start - rng.int(2, 400) * DAY - rng.int(0, DAY);
    const member = make('member', lang, created, {
      core: r <= nCore,
      handle: handles.claim(networkHandle(name, rng), rng),
      name,
      bio: rng.pick(v.bios),
      followers: Math.round(rng.lognormal(C.networkFollowersMedian, C.networkFollowersSigma)),
      following: Math.round(rng.lognormal(400, 0.8)),
      rate: Math.min(C.networkRateCap, (C.networkMeanRate * nNet) / (harmonic * r ** zipf)),
      avatar: `lantern-avatar-${r % 6}`,
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

function networkHandle(name: string, rng: Rng): string {
  const words = name.split(/\s+/).map((w) => TRANSLIT[w] ?? w.toLowerCase().replace(/[^a-z0-9]/g, ''));
  const latin = words.filter((w) => /^[a-z0-9]+$/.test(w) && w.length > 0);
  const base = latin.length > 0 ? latin.join('_') : `lantern_${rng.int(1, 99)}`;
  return rng.chance(0.5) ? `${base}${rng.int(1, 99)}` : base;
}

const SPELLING: Array<[RegExp, string]> = [
  [/ee/, 'i'], [/ou/, 'u'], [/^abu/, 'abou'], [/^al/, 'el'], [/oo/, 'u'], [/a$/, 'ah'],
];

/**
 * The handle a suspended account returns under: digits added or incremented, separators added,
 * dropped or doubled, or another Latin spelling of the same Arabic words.
 */
export function handleVariant(handle: string, rng: Rng): string {
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
    const latin = name.split(/\s+/).map((w) => TRANSLIT[w]);
    if (latin.every((w) => w !== undefined)) return latin.map((w) => w![0]!.toUpperCase() + w!.slice(1)).join(' ');
  }
  return `${name} ${rng.pick(['2', '(3)', 'II', 'الجديد'])}`;
}
