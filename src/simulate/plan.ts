/**
 * The schedule of everything that is not background chatter: news events that make hashtags trend,
 * viral posts, the network's releases, raids and hijacks, suspensions and returns, bot batches.
 * Planned once, up front, from its own random stream; it is small (events, not posts).
 */
import { handleVariant, mixPick, nameVariant, type HandleRegistry, type Population } from './accounts.js';
import { CALIBRATION as C, type SimOptions } from './params.js';
import { Rng } from './rng.js';
import type { IdScheme, SimAccount } from './types.js';
import { LANGS, ORGANIC, ORGANIC_LANG_MIX, type Lang } from './vocab/organic.js';
import { LANTERN } from './vocab/lantern.js';

const HOUR = 3_600_000;

export interface NewsEvent {
  lang: Lang;
  tag: string;
  sentence: string;
  start: number;
  end: number;
}

export interface ReleasePlan {
  kind: 'release';
  id: string;
  t: number;
  author: SimAccount;
  lang: Lang;
  title: string;
  issue: number;
  code: string;
}

export interface RaidPlan {
  kind: 'raid' | 'hijack';
  id: string;
  t: number;
  lang: Lang;
  tag: string;
  size: number;
  news?: NewsEvent;
}

export interface ViralPlan {
  kind: 'viral';
  t: number;
}

export interface ReentryPlan {
  kind: 'reentry';
  id: string;
  t: number;
  old: SimAccount;
  account: SimAccount;
}

export interface BotBatchPlan {
  id: string;
  bots: SimAccount[];
  customers: SimAccount[];
  period: number;
  start: number;
}

export type Episode = ReleasePlan | RaidPlan | ViralPlan | ReentryPlan;

export interface Plan {
  news: NewsEvent[];
  episodes: Episode[];
  suspensions: Array<{ account: SimAccount; t: number }>;
  reentries: ReentryPlan[];
  batches: BotBatchPlan[];
}

const alive = (a: SimAccount, t: number): boolean => t >= a.bornAt && t < a.suspendedAt;

export function makePlan(opts: SimOptions, pop: Population, ids: IdScheme, handles: HandleRegistry): Plan {
  const rng = Rng.derive(opts.seed, 'plan');
  const span = opts.days * 24 * HOUR;
  const end = opts.start + span;
  const at = (lo: number, hi: number): number => opts.start + Math.floor(span * (lo + rng.next() * (hi - lo)));
  const count = (perDay: number): number => Math.max(1, Math.round(perDay * opts.days));
  const plan: Plan = { news: [], episodes: [], suspensions: [], reentries: [], batches: [] };

  for (let k = 0; k < count(C.newsPerDay); k++) {
    const lang = mixPick(rng, ORGANIC_LANG_MIX);
    const [tagName, sentence] = rng.pick(ORGANIC[lang].news);
    const start = at(0, 0.9);
    plan.news.push({ lang, tag: tagName, sentence, start, end: Math.min(end, start + rng.int(6, 24) * HOUR) });
  }
  plan.news.sort((a, b) => a.start - b.start);
  for (let k = 0; k < count(C.viralsPerDay); k++) plan.episodes.push({ kind: 'viral', t: at(0.02, 0.9) });

  // Suspensions first: later choices (release authors, raiders) must respect who is still there.
  const net = pop.network;
  const nSusp = Math.round(net.length * C.suspensionShare);
  // The more active, the likelier the platform notices, but only mildly: a random draw times rate^0.3.
  const bySuspicion = net.map((a) => ({ a, key: a.rate ** 0.3 * rng.next() })).sort((x, y) => y.key - x.key || x.a.i - y.a.i);
  for (const { a: account } of bySuspicion.slice(0, nSusp)) {
    account.suspendedAt = at(0.1, 0.85);
    plan.suspensions.push({ account, t: account.suspendedAt });
    if (!rng.chance(C.reentryShare)) continue;
    const t = account.suspendedAt + Math.round(Math.min(72 * HOUR, rng.lognormal(10 * HOUR, 1.0)));
    if (t > end - 2 * HOUR) continue;
    const i = pop.accounts.length;
    const fresh: SimAccount = {
      ...account,
      i,
      id: ids.accountId(i, t),
      handle: handles.claim(handleVariant(account.handle, rng), rng),
      name: nameVariant(account.name, rng),
      bio: rng.chance(0.7) ? account.bio : rng.pick(LANTERN[account.lang].bios),
      created: t,
      followers: rng.int(0, 40),
      following: rng.int(20, 200),
      avatar: `${account.avatar}-r${i}`,
      bornAt: t,
      suspendedAt: Infinity,
      posts: 0,
      predecessor: account,
    };
    fresh.lastPost = undefined;
    pop.accounts.push(fresh);
    net.push(fresh);
    const re: ReentryPlan = { kind: 'reentry', id: `reentry-${plan.reentries.length + 1}`, t, old: account, account: fresh };
    plan.reentries.push(re);
    plan.episodes.push(re);
  }
  plan.suspensions.sort((a, b) => a.t - b.t || a.account.i - b.account.i);

  const core = net.filter((a) => a.core);
  const pickAlive = (pool: SimAccount[], t: number): SimAccount => {
    for (let k = 0; k < 50; k++) {
      const a = rng.pick(pool);
      if (alive(a, t)) return a;
    }
    return pool.find((a) => alive(a, t)) ?? pool[0]!;
  };
  for (let k = 0; k < count(C.releasesPerDay); k++) {
    const t = at(0.02, 0.85);
    const author = pickAlive(core, t);
    const v = LANTERN[author.lang];
    plan.episodes.push({
      kind: 'release', id: `release-${k + 1}`, t, author, lang: author.lang,
      title: rng.pick(v.titles), issue: rng.int(10, 400), code: `${rng.int(1000, 9999)}${k + 1}`,
    });
  }
  const raidSize = (): number => Math.max(12, Math.min(Math.round(net.length * 0.6), rng.int(24, 200)));
  for (let k = 0; k < count(C.raidsPerDay); k++) {
    const lang: Lang = rng.chance(0.75) ? 'ar' : rng.pick(LANGS);
    plan.episodes.push({ kind: 'raid', id: `raid-${k + 1}`, t: at(0.02, 0.95), lang, tag: rng.pick(LANTERN[lang].hashtags), size: raidSize() });
  }
  for (let k = 0; k < count(C.hijacksPerDay); k++) {
    const news = rng.pick(plan.news);
    // Strike while the tag trends: in the first half of its run.
    const t = news.start + Math.floor((news.end - news.start) * (0.1 + 0.4 * rng.next()));
    plan.episodes.push({ kind: 'hijack', id: `hijack-${k + 1}`, t, lang: news.lang, tag: news.tag, size: raidSize(), news });
  }

  pop.bots.forEach((bots, b) => {
    // Paying customers: a network member wanting reach, and ordinary accounts wanting to look popular.
    const customers = [pickAlive(net.filter((a) => !a.core && a.bornAt < opts.start), opts.start)];
    const stars = pop.organic.filter((a) => a.rate > 2 && a.followers < 2000);
    for (let k = rng.int(1, 2); k > 0 && stars.length > 0; k--) customers.push(rng.pick(stars));
    for (const c of customers) c.customer = true;
    plan.batches.push({
      id: `amplification-${b + 1}`, bots, customers,
      period: Math.round(rng.int(C.botPeriodHoursMin * 60, C.botPeriodHoursMax * 60) * 60_000), start: opts.start + rng.int(0, 6) * HOUR,
    });
  });

  plan.episodes.sort((a, b) => a.t - b.t);
  return plan;
}
