/**
 * Automation score: how bot-like an account is, from features platforms expose. Each feature is a
 * value in 0–1 with a HAND-SET weight (not fitted), combined by a logistic model; every feature's
 * contribution (weight × value) is reported so an analyst sees why an account scored as it did.
 * Missing data scores 0 (no evidence), never guessed.
 *
 * | feature        | value                                                                |
 * |----------------|----------------------------------------------------------------------|
 * | young          | exp(−age / 60 days) at the reference time                            |
 * | postsPerDay    | log(1 + posts/day) / log(1 + 144) (144 a day = one every 10 minutes) |
 * | followRatio    | 1 / (1 + 10 · followers / following), only when following >= 20      |
 * | defaultProfile | 0.6 for the platform's default avatar + 0.4 for an empty bio         |
 * | handle         | digits in the handle ((n − 2) / 6 from 4 digits) or its entropy      |
 * | repostShare    | reposts / posts (from 5 posts)                                       |
 * | duplicateShare | own texts that repeat an earlier own text (from 5 originals)         |
 * | regularity     | (1 − CV of posting intervals) × min(1, intervals / 20), from 8 on    |
 * | client         | 1 for a posting client named like an automation tool                 |
 */
import { hashString32 } from '../../hashing/hash32.js';
import type { Post } from '../../model/index.js';
import { normalizeForMatching } from '../../text/index.js';

export const AUTOMATION_FEATURES = [
  'young', 'postsPerDay', 'followRatio', 'defaultProfile', 'handle', 'repostShare', 'duplicateShare', 'regularity', 'client',
] as const;
export type AutomationFeature = (typeof AUTOMATION_FEATURES)[number];

export const AUTOMATION_BIAS = -6;
export const AUTOMATION_WEIGHTS: Record<AutomationFeature, number> = {
  young: 1.5,
  postsPerDay: 1.5,
  followRatio: 1.5,
  defaultProfile: 2,
  handle: 1.5,
  repostShare: 1.5,
  duplicateShare: 1.5,
  regularity: 3,
  client: 2,
};

const DAY = 86_400_000;
const MAX_TEXTS = 256;
const AUTOMATION_CLIENT = /\b(bot|api|auto\w*|ifttt|zapier|buffer|hootsuite|dlvr|python|tweepy|postman|script|cron|scheduler)\b/i;

/** Posting behaviour of one account, accumulated post by post (constant memory per account). */
export interface PostingStats {
  posts: number;
  reposts: number;
  originals: number;
  duplicates: number;
  firstAt?: number;
  lastAt?: number;
  intervals: number;
  intervalSum: number;
  intervalSumSq: number;
  clients: Map<string, number>;
  texts: Set<number>;
}

export function emptyStats(): PostingStats {
  return { posts: 0, reposts: 0, originals: 0, duplicates: 0, intervals: 0, intervalSum: 0, intervalSumSq: 0, clients: new Map(), texts: new Set() };
}

/** Adds one of the account's posts; posts must come in event-time order per account. */
export function addPostStats(s: PostingStats, post: Post): void {
  s.posts++;
  if (s.lastAt !== undefined) {
    const dt = (post.createdAt - s.lastAt) / 1000;
    s.intervals++;
    s.intervalSum += dt;
    s.intervalSumSq += dt * dt;
  }
  s.firstAt ??= post.createdAt;
  s.lastAt = post.createdAt;
  if (post.repostOf) s.reposts++;
  else if (post.text.trim().length > 0) {
    s.originals++;
    const h = hashString32(normalizeForMatching(post.text), 0x41);
    if (s.texts.has(h)) s.duplicates++;
    else if (s.texts.size < MAX_TEXTS) s.texts.add(h);
  }
  if (post.client && (s.clients.has(post.client) || s.clients.size < 8)) s.clients.set(post.client, (s.clients.get(post.client) ?? 0) + 1);
}

export interface ProfileFacts {
  handle?: string;
  bio?: string;
  createdAt?: number;
  followers?: number;
  following?: number;
  /** Platform post count, when the platform reports it. */
  posts?: number;
  defaultAvatar?: boolean;
}

export interface AutomationFeatureScore {
  value: number;
  weight: number;
  contribution: number;
  /** The raw measurement the value came from. */
  raw: number | string | null;
}

export interface AutomationScore {
  score: number;
  logit: number;
  features: Record<AutomationFeature, AutomationFeatureScore>;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Shannon entropy of a string's characters, in bits per character. */
export function entropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  const n = [...s].length;
  for (const c of counts.values()) h -= (c / n) * Math.log2(c / n);
  return h;
}

function handleValue(handle: string | undefined): { value: number; raw: string | null } {
  if (!handle) return { value: 0, raw: null };
  const stem = handle.replace(/^@/, '').split(/[@.]/)[0] ?? '';
  const digits = (stem.match(/\d/g) ?? []).length;
  const byDigits = digits >= 4 ? Math.min(1, (digits - 2) / 6) : 0;
  const h = entropy(stem.toLowerCase());
  const byEntropy = stem.length >= 8 ? Math.max(0, Math.min(1, h - 3)) : 0;
  return { value: Math.max(byDigits, byEntropy), raw: `${digits} digits, ${h.toFixed(2)} bits/char` };
}

/**
 * The automation score of an account. `at` is the reference time (the last event seen), so age and
 * posts per day are measured in event time, not on the wall clock.
 */
export function automationScore(profile: ProfileFacts, stats: PostingStats | undefined, at: number): AutomationScore {
  const features = {} as Record<AutomationFeature, AutomationFeatureScore>;
  const set = (f: AutomationFeature, value: number, raw: number | string | null) => {
    const v = Math.max(0, Math.min(1, Number.isFinite(value) ? value : 0));
    features[f] = { value: round(v), weight: AUTOMATION_WEIGHTS[f], contribution: round(v * AUTOMATION_WEIGHTS[f]), raw: typeof raw === 'number' ? round(raw) : raw };
  };
  const ageDays = profile.createdAt !== undefined ? Math.max(0, (at - profile.createdAt) / DAY) : undefined;
  set('young', ageDays === undefined ? 0 : Math.exp(-ageDays / 60), ageDays ?? null);
  // Posts per day: the platform's lifetime count over the account's age, else the posts seen over their span.
  let ppd: number | undefined;
  if (profile.posts !== undefined && ageDays !== undefined) ppd = profile.posts / Math.max(1, ageDays);
  else if (stats && stats.posts >= 2 && stats.firstAt !== undefined && stats.lastAt !== undefined) ppd = stats.posts / Math.max(1, (stats.lastAt - stats.firstAt) / DAY);
  set('postsPerDay', ppd === undefined ? 0 : Math.log1p(ppd) / Math.log1p(144), ppd ?? null);
  const following = profile.following ?? 0;
  const ratio = profile.followers !== undefined && following >= 20 ? profile.followers / following : undefined;
  set('followRatio', ratio === undefined ? 0 : 1 / (1 + 10 * ratio), ratio ?? null);
  const noBio = profile.bio === undefined || profile.bio.trim() === '';
  set('defaultProfile', (profile.defaultAvatar ? 0.6 : 0) + (noBio ? 0.4 : 0), `${profile.defaultAvatar ? 'default avatar' : 'own avatar'}, ${noBio ? 'no bio' : 'bio'}`);
  const h = handleValue(profile.handle);
  set('handle', h.value, h.raw);
  set('repostShare', stats && stats.posts >= 5 ? stats.reposts / stats.posts : 0, stats ? stats.reposts / Math.max(1, stats.posts) : null);
  set('duplicateShare', stats && stats.originals >= 5 ? stats.duplicates / stats.originals : 0, stats ? stats.duplicates : null);
  let cv: number | undefined;
  if (stats && stats.intervals >= 8) {
    const mean = stats.intervalSum / stats.intervals;
    const variance = Math.max(0, stats.intervalSumSq / stats.intervals - mean * mean);
    cv = mean > 0 ? Math.sqrt(variance) / mean : undefined;
  }
  // A handful of intervals can look regular by chance: confidence grows with their number.
  set('regularity', cv === undefined ? 0 : (1 - cv) * Math.min(1, stats!.intervals / 20), cv ?? null);
  const client = stats ? [...stats.clients].sort((a, b) => b[1] - a[1])[0]?.[0] : undefined;
  set('client', client && AUTOMATION_CLIENT.test(client) ? 1 : 0, client ?? null);
  let z = AUTOMATION_BIAS;
  for (const f of AUTOMATION_FEATURES) z += features[f].contribution;
  return { score: round(1 / (1 + Math.exp(-z))), logit: round(z), features };
}
