/**
 * Scoring a candidate link (removed account → new account): per-feature values combined by a small
 * logistic model, score = σ(BIAS + Σ WEIGHTS[f] · value[f]), every contribution reported.
 *
 * The weights are HAND-SET, not fitted, so a reviewer can weigh the evidence the same way:
 *   - the handle carries most weight (evaders keep a name their audience can find), sharpened so that
 *     identical / separator / incremented / changed digits stay apart among look-alike members, and
 *     another Latin spelling of the same words (`abu_omar` / `abou_omar`) counts as a transliteration;
 *   - display name and bio count in proportion to their rarity among removed accounts (a slogan the
 *     whole network uses says "member", not "which member");
 *   - avatar, writing style, posting hours and posting rate confirm (habits come back with the person);
 *   - shared hashtags, domains and neighbours, and shout-outs, say "a returning member" more than
 *     "returning as whom" (a shout-out counts fully only from an author particular to the old
 *     account's own circle; behaviour among look-alikes: `lookalikes.ts`);
 *   - time: a return comes after the removal, most within a day or two (decay 1 day); an account
 *     created — or seen active — before the removal gets −1 (a backup account at most), one whose
 *     creation time is unknown −0.5 (nothing shows it is new).
 * A field missing on either side scores 0 (no evidence, not counter-evidence). The values were
 * checked against simulator worlds (`marsad simulate` + `evaluateReentry`), not fitted to them.
 */
import { coreName, nameSimilarity, type NamePattern, type NameSimilarity } from '../../text/index.js';
import { estimateJaccard, pdqDistance, pdqFromHex } from '../../hashing/index.js';
import type { AccountPrint, Fingerprint } from './fingerprint.js';

export const FEATURES = ['handle', 'name', 'bio', 'avatar', 'style', 'hashtags', 'domains', 'neighbours', 'hours', 'rate', 'recency', 'shoutout'] as const;
export type Feature = (typeof FEATURES)[number];

export const BIAS = -7;
export const WEIGHTS: Record<Feature, number> = {
  handle: 6,
  name: 2.5,
  bio: 1.5,
  avatar: 2.5,
  style: 2,
  hashtags: 1,
  domains: 0.5,
  neighbours: 1.5,
  hours: 1,
  rate: 1.5,
  recency: 2,
  shoutout: 2.5,
};
/** Recency decays with this time constant after the removal (most returns come within a day or two). */
export const RECENCY_MS = 86_400_000;
/**
 * Handle similarities of look-alike members crowd between 0.9 and 1 (`abu_1` vs `abu_2`, `abu_12`):
 * the value is ((s − 0.5) / 0.5)³ so identical, separator-only, incremented and changed digits stay
 * apart by whole log-odds units, and a loose resemblance (s ≈ 0.7) counts little.
 */
export const handleValue = (s: number): number => (s <= 0.5 ? 0 : ((s - 0.5) / 0.5) ** 3);

export interface Shoutout {
  post: string;
  author: string;
  at: number;
  strength: number;
  phrase: string;
}

export interface FeatureScore {
  value: number;
  contribution: number;
  detail?: string;
}

export interface LinkScore {
  score: number;
  /** The model's log-odds (ranks candidates whose scores round to the same value). */
  logit: number;
  features: Record<Feature, FeatureScore>;
  patterns: NamePattern[];
}

export interface ScoreContext {
  /** Document frequencies of `#tag`, `d:domain` and neighbour ids among fingerprints, and their count. */
  df: ReadonlyMap<string, number>;
  n: number;
  shoutouts: readonly Shoutout[];
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** log(1 + N/df) / log(1 + N): 1 for something only one fingerprint has, towards 0 for what all share. */
function rarity(ctx: ScoreContext, key: string): number {
  const df = ctx.df.get(key) ?? 0;
  return df <= 1 || ctx.n <= 1 ? 1 : Math.log(1 + ctx.n / df) / Math.log(1 + ctx.n);
}
const round = (x: number) => Math.round(x * 1000) / 1000;

/** idf-weighted Jaccard: a tag every member uses says little about which member this is. */
function weightedOverlap(a: readonly string[], b: readonly string[], prefix: string, ctx: ScoreContext): { value: number; shared: string[] } {
  if (a.length === 0 || b.length === 0) return { value: 0, shared: [] };
  const idf = (x: string) => Math.log(1 + ctx.n / (ctx.df.get(prefix + x) ?? 1));
  const sb = new Set(b);
  let inter = 0;
  let union = 0;
  const shared: string[] = [];
  for (const x of new Set(a)) {
    const w = idf(x);
    union += w;
    if (sb.has(x)) {
      inter += w;
      shared.push(x);
      sb.delete(x);
    }
  }
  for (const x of sb) union += idf(x);
  return { value: union > 0 ? inter / union : 0, shared };
}

function postingRate(p: AccountPrint): number | undefined {
  if (p.posts < 5 || p.firstPostAt === undefined || p.lastPostAt === undefined) return undefined;
  return p.posts / (Math.max(p.lastPostAt - p.firstPostAt, 43_200_000) / 86_400_000);
}

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

export function avatarSimilarity(fp: AccountPrint, p: AccountPrint): { value: number; detail?: string } {
  if (fp.avatarPdq && p.avatarPdq) {
    const d = pdqDistance(pdqFromHex(fp.avatarPdq), pdqFromHex(p.avatarPdq));
    return { value: Math.max(0, 1 - d / 64), detail: `pdq distance ${d}` };
  }
  if (fp.avatarUrl && p.avatarUrl && fp.avatarUrl === p.avatarUrl) return { value: 1, detail: 'same avatar url' };
  return { value: 0 };
}

export interface NameScores {
  handle: NameSimilarity;
  name: NameSimilarity;
}

/**
 * Handle and display-name similarity (the costly part of a score, and fixed while the two profiles
 * are: callers re-scoring the same pair keep it). A display name can return in the other script, or
 * as the handle (and the other way round), at a small discount.
 */
export function nameScores(fp: AccountPrint, p: AccountPrint): NameScores {
  const none: NameSimilarity = { score: 0, patterns: [] };
  const handle = fp.stem && p.stem ? refineSpelling(fp, p, refineDigits(fp.stem, p.stem, nameSimilarity(fp.stem, p.stem))) : none;
  const direct = fp.name && p.name ? nameSimilarity(fp.name, p.name) : none;
  // The cross comparisons are discounted by 0.9, so they cannot beat a direct score of 0.9 or more.
  const cross = direct.score >= 0.9 ? [] : [
    fp.name && p.stem ? scaled(nameSimilarity(fp.name, p.stem), 0.9) : undefined,
    fp.stem && p.name ? scaled(nameSimilarity(fp.stem, p.name), 0.9) : undefined,
  ].filter((x) => x !== undefined);
  const name = cross.reduce((best, x) => (x.score > best.score ? x : best), direct);
  return { handle, name };
}

/** Scores `p` (a new account) as the return of `fp` (a removed one). */
export function scoreLink(fp: Fingerprint, p: AccountPrint, ctx: ScoreContext, names?: NameScores): LinkScore {
  const features = {} as Record<Feature, FeatureScore>;
  const set = (f: Feature, value: number, detail?: string) => {
    const v = Math.max(f === 'recency' ? -1 : 0, Math.min(1, value));
    features[f] = { value: round(v), contribution: round(WEIGHTS[f] * v), ...(detail ? { detail } : {}) };
  };
  const { handle, name } = names ?? nameScores(fp, p);
  set('handle', handleValue(handle.score), [`similarity ${handle.score}`, ...handle.patterns].join(', '));
  // A name or bio many removed accounts share says little about which one returned: scaled by rarity.
  const nameRarity = rarity(ctx, `name:${fp.name ? coreName(fp.name) : ''}`);
  set('name', name.score * nameRarity, [...name.patterns, ...(nameRarity < 1 ? [`shared name ×${round(nameRarity)}`] : [])].join(', ') || undefined);
  const bioRarity = rarity(ctx, `bio:${fp.bio}`);
  const bio = fp.bioSig && p.bioSig ? (fp.bio === p.bio ? 1 : estimateJaccard(fp.bioSig, p.bioSig)) : 0;
  set('bio', bio * bioRarity, bio > 0 && bioRarity < 1 ? `similarity ${round(bio)}, shared bio ×${round(bioRarity)}` : undefined);
  const avatar = avatarSimilarity(fp, p);
  set('avatar', avatar.value, avatar.detail);
  set('style', fp.styleSig && p.styleSig ? Math.min(1, 1.5 * estimateJaccard(fp.styleSig, p.styleSig)) : 0);
  const tags = weightedOverlap(fp.hashtags, p.hashtags, '#', ctx);
  set('hashtags', tags.value, tags.shared.slice(0, 5).map((t) => `#${t}`).join(' ') || undefined);
  const domains = weightedOverlap(fp.domains, p.domains, 'd:', ctx);
  set('domains', domains.value, domains.shared.slice(0, 5).join(' ') || undefined);
  const nb = weightedOverlap(fp.neighbours, p.neighbours, '', ctx);
  set('neighbours', Math.min(1, 2 * nb.value), nb.shared.length > 0 ? `${nb.shared.length} shared` : undefined);
  set('hours', fp.posts >= 5 && p.posts >= 5 ? cosine(fp.hours, p.hours) : 0);
  // Habits return with the person: posts per day, over at least half a day of activity.
  const rf = postingRate(fp);
  const rp = postingRate(p);
  set('rate', rf && rp ? Math.min(rf, rp) / Math.max(rf, rp) : 0, rf && rp ? `${round(rf)} vs ${round(rp)} posts/day` : undefined);
  // Time: a return comes after the removal. An account that existed before it (created, or seen
  // active, while the old one was still there) is a backup at most, so it is held back hard.
  const created = p.createdAt;
  if (created !== undefined && created >= fp.removedAt) {
    const dt = created - fp.removedAt;
    set('recency', Math.exp(-dt / RECENCY_MS), `${Math.round(dt / 3_600_000)} h after removal`);
  } else if (created !== undefined) set('recency', -1, 'created before the removal');
  else if (p.firstSeenAt !== undefined && p.firstSeenAt < fp.removedAt) set('recency', -1, 'seen active before the removal');
  else set('recency', -0.5, 'creation time unknown'); // nothing shows the account is new
  const network = new Set(fp.neighbours);
  let shout = 0;
  let fromNetwork = 0;
  for (const s of ctx.shoutouts) {
    // A shout-out from the old account's own circle says which member returned, but only as much as
    // the author is particular to that circle: a hub that acted on every member says no more than
    // any member's shout-out does.
    const circle = network.has(s.author) ? rarity(ctx, s.author) : 0;
    if (circle > 0) fromNetwork++;
    shout = Math.max(shout, s.strength * (0.7 + 0.3 * circle));
  }
  set('shoutout', shout, ctx.shoutouts.length > 0 ? `${ctx.shoutouts.length} shout-outs, ${fromNetwork} from its network` : undefined);
  return { ...combine(features), features, patterns: [...new Set([...handle.patterns, ...name.patterns])] };
}

/** The model: log-odds BIAS + Σ contributions, and the score σ(log-odds). */
export function combine(features: Record<Feature, FeatureScore>): { score: number; logit: number } {
  let z = BIAS;
  for (const f of FEATURES) z += features[f].contribution;
  return { score: round(sigmoid(z)), logit: round(z) };
}

/**
 * `grey_wick58` → `grey_wick58_5` keeps the old digits and appends: digits added, not changed (the
 * text layer compares digit groups one by one and calls it a change). The other way round too: X clips
 * handles at 15 characters, so `abu_alfatee3258` + a digit can come back as `abu_alfatee325`.
 */
function refineDigits(a: string, b: string, sim: NameSimilarity): NameSimilarity {
  if (!sim.patterns.includes('digits-changed')) return sim;
  const [da, db] = [digitsOf(a), digitsOf(b)];
  const [short, long] = da.length <= db.length ? [da, db] : [db, da];
  if (short.length >= 2 && long.length > short.length && (long.startsWith(short) || long.endsWith(short))) {
    return { score: Math.max(sim.score, 0.93), patterns: [...sim.patterns.filter((x) => x !== 'digits-changed'), 'digits-added'] };
  }
  return sim;
}

const digitsOf = (s: string): string => (s.match(/\d+/g) ?? []).join('');

/**
 * `abu_omar33` → `abou_omar33`, `hamil_fanous` → `hamil_fanus`: another Latin spelling of the same
 * Arabic words. Letter edits make these look far apart (similarity ≈ 0.75), yet they are the same
 * name to anyone who reads it aloud, so the same consonant skeleton (digits aside) counts as a
 * transliteration: as close as a separator change when the digits stay, a little less when they change.
 */
function refineSpelling(fp: AccountPrint, p: AccountPrint, sim: NameSimilarity): NameSimilarity {
  if (sim.score >= 0.92 || fp.stemKey.length < 3 || fp.stemKey !== p.stemKey) return sim;
  const [da, db] = [digitsOf(fp.stem), digitsOf(p.stem)];
  const score = da === db ? 0.92 : da === '' || db === '' || da.startsWith(db) || db.startsWith(da) ? 0.9 : 0.85;
  return score <= sim.score ? sim : { score, patterns: [...new Set([...sim.patterns.filter((x) => x !== 'edit-distance'), 'transliteration' as const])] };
}

function scaled(s: { score: number; patterns: NamePattern[] }, k: number) {
  return { score: s.score * k, patterns: s.patterns };
}
