import { CoordinationBatch } from '../detectors/coordination/batch.js';
import { campaignSignals, detectCampaigns } from '../detectors/coordination/campaigns.js';
import type { CoActionType, CoEdge } from '../detectors/coordination/types.js';
import { HashtagTrends, type TrendOptions } from '../detectors/trends/index.js';
import type { Campaign, Signal } from '../model/index.js';
import type { QutFields } from '../sources/decoders/qut-csv.js';
import { readPostBatches } from '../sources/qut-read.js';
import type { FormatName } from '../sources/types.js';
import type { Store } from '../store/db.js';
import { iteratePosts } from '../store/read.js';
import { clearDetectorOutput, insertCampaigns, insertSignals } from '../store/signals.js';

export interface CoordinateOptions {
  types?: CoActionType[];
  windowSec?: number;
  minWeight?: number;
  viralGuard?: boolean;
  /** An account joins a campaign's periphery when it co-acted (even once) with this many of its members. */
  attachMin?: number;
  /**
   * Co-hashtag edges seed campaigns only from this weight (default `minWeight + 1`). A hashtag within a
   * minute of someone else's is the weakest trace: in a trending tag, unrelated people do it twice by
   * chance (in a 6,000-account world, 19 organic accounts formed 4 hashtag-only "campaigns" at weight
   * 2). A raid's hashtag ties come with texts, links or reposts, or recur over rounds.
   */
  hashtagMinWeight?: number;
  trends?: Partial<TrendOptions>;
}

export interface CoordinateReport {
  posts: number;
  edges: Record<string, number>;
  campaigns: number;
  coordinatedAccounts: number;
  bursts: number;
  hijacks: number;
  elapsedMs: number;
}

/** The co-actions a media raid shows: the same repost target, text, link, hashtag or reply target. */
export const DEFAULT_TYPES: CoActionType[] = ['co_retweet', 'co_tweet', 'co_similar_tweet', 'co_link', 'co_reply', 'co_hashtag'];

/**
 * What the co-action types read of a post beyond ids, times and text: QUT CSV rows skip the rest
 * (hashtag/mention regexes, URL canonicalisation), which costs more than all the rest of reading.
 */
export function fieldsFor(types: readonly CoActionType[]): QutFields {
  return { entities: types.includes('co_hashtag') || types.includes('co_mention'), urls: types.includes('co_link') };
}

/**
 * Reads the posts of some files into a batch: what `marsad coordination <files>` runs (and the
 * coordination bench measures). QUT CSV takes the fast reader; every format gives the same edges.
 */
export async function loadFiles(batch: CoordinationBatch, inputs: readonly string[], read: { format?: FormatName; mapping?: Record<string, string> } = {}): Promise<void> {
  for await (const posts of readPostBatches(inputs, { ...read, fields: fieldsFor(batch.types) })) {
    for (const post of posts) batch.add(post);
  }
}

/**
 * Runs coordination over every post in the store (batch; the streaming operator gives the same
 * edges), turns the graph into campaigns, then replays the posts through hashtag trends with the
 * campaign members flagged, so that a burst those members drive in an organic tag is a hijack.
 * Replaces the previous output of both detectors.
 */
export function coordinateStore(store: Store, options: CoordinateOptions = {}): CoordinateReport {
  const started = performance.now();
  const types = options.types ?? DEFAULT_TYPES;
  const viralGuard = options.viralGuard ?? true;
  const minWeight = options.minWeight ?? 2;
  // Edges are kept from weight 1: the campaigns come from the edges that reach `minWeight`, and the
  // single coincidences only serve to attach a campaign's periphery (see `attachPeriphery`).
  const batch = new CoordinationBatch(types, { windowSec: options.windowSec ?? 60, minWeight: 1, viralGuard });
  for (const post of iteratePosts(store)) batch.add(post);
  const lists = types.map((type) => batch.run(type));
  const all: Iterable<CoEdge> = { [Symbol.iterator]: function* () { for (const l of lists) yield* l; } };
  const weight = (e: CoEdge) => (viralGuard ? e.guardedWeight : e.weight);
  const hashtagMinWeight = options.hashtagMinWeight ?? minWeight + 1;
  const seeds = (e: CoEdge) => weight(e) >= (e.type === 'co_hashtag' ? hashtagMinWeight : minWeight);
  const strong: Iterable<CoEdge> = { [Symbol.iterator]: function* () { for (const e of all) if (seeds(e)) yield e; } };
  const campaigns = attachPeriphery(detectCampaigns(strong, { useGuardedWeight: viralGuard }), all, options.attachMin ?? 4);

  const memberOf = new Map<string, string>();
  for (const c of campaigns) for (const m of c.members) memberOf.set(m, c.id);
  const flagged = new Set(memberOf.keys());
  const trends = new HashtagTrends(options.trends ?? {}, memberOf);
  const trendSignals: Signal[] = [];
  for (const post of iteratePosts(store)) trendSignals.push(...trends.onPost(post, { flagged }));
  trendSignals.push(...trends.onTick(Number.POSITIVE_INFINITY));

  clearDetectorOutput(store, 'coordination', ['coordination', 'raid', 'hijack']);
  clearDetectorOutput(store, 'trends');
  insertCampaigns(store, markHijacks(campaigns, trendSignals));
  insertSignals(store, [...campaignSignals(campaigns), ...trendSignals]);

  return {
    posts: batch.size,
    edges: Object.fromEntries(lists.map((l) => [l.type, [...l].filter((e) => weight(e) >= minWeight).length])),
    campaigns: campaigns.length,
    coordinatedAccounts: flagged.size,
    bursts: trendSignals.filter((s) => s.detector === 'trends.burst').length,
    hijacks: trendSignals.filter((s) => s.detector === 'trends.hijack' && s.subject.kind === 'hashtag').length,
    elapsedMs: Math.round(performance.now() - started),
  };
}

/** A campaign that hijacked a hashtag says so in its summary (the reviewer sees which tag and when). */
function markHijacks(campaigns: Campaign[], signals: readonly Signal[]): Campaign[] {
  const hijacked = new Map<string, Set<string>>();
  for (const s of signals) {
    if (s.detector === 'trends.hijack' && s.subject.kind === 'campaign') {
      hijacked.set(s.subject.id, (hijacked.get(s.subject.id) ?? new Set()).add(String(s.evidence.hashtag)));
    }
  }
  return campaigns.map((c) => {
    const tags = hijacked.get(c.id);
    return tags ? { ...c, summary: { ...c.summary, hijackedHashtags: [...tags].sort() } } : c;
  });
}

/**
 * A raid's stragglers co-act with the core only once or twice, under the minimum weight, but with
 * several of its members. An account outside every campaign joins the campaign with which it shares
 * edges (of any weight) to at least `attachMin` distinct members; a member of the organic crowd
 * meets the core by chance once, not with `attachMin` of them.
 */
export function attachPeriphery(campaigns: Campaign[], edges: Iterable<CoEdge>, attachMin: number): Campaign[] {
  const campaignOf = new Map<string, number>();
  campaigns.forEach((c, i) => c.members.forEach((m) => campaignOf.set(m, i)));
  const ties = new Map<string, Map<number, Set<string>>>();
  const tie = (outsider: string, member: string) => {
    const c = campaignOf.get(member);
    if (c === undefined || campaignOf.has(outsider)) return;
    let byCampaign = ties.get(outsider);
    if (!byCampaign) ties.set(outsider, (byCampaign = new Map()));
    let members = byCampaign.get(c);
    if (!members) byCampaign.set(c, (members = new Set()));
    members.add(member);
  };
  for (const e of edges) {
    if (e.source === e.target) continue;
    tie(e.source, e.target);
    tie(e.target, e.source);
  }
  const joined = campaigns.map((c) => [...c.members]);
  for (const [outsider, byCampaign] of [...ties].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    let best: number | undefined;
    let bestCount = 0;
    for (const [c, members] of byCampaign) {
      if (members.size > bestCount || (members.size === bestCount && best !== undefined && c < best)) [best, bestCount] = [c, members.size];
    }
    if (best !== undefined && bestCount >= attachMin) joined[best]!.push(outsider as Campaign['members'][number]);
  }
  return campaigns.map((c, i) =>
    joined[i]!.length === c.members.length ? c : { ...c, members: joined[i]!, summary: { ...c.summary, periphery: joined[i]!.length - c.members.length } },
  );
}
