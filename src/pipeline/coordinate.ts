import { CoordinationBatch } from '../detectors/coordination/batch.js';
import { campaignSignals, detectCampaigns } from '../detectors/coordination/campaigns.js';
import type { CoActionType, CoEdge } from '../detectors/coordination/types.js';
import { HashtagTrends, type TrendOptions } from '../detectors/trends/index.js';
import type { Campaign, Signal } from '../model/index.js';
import type { Store } from '../store/db.js';
import { iteratePosts } from '../store/read.js';
import { clearDetectorOutput, insertCampaigns, insertSignals } from '../store/signals.js';

export interface CoordinateOptions {
  types?: CoActionType[];
  windowSec?: number;
  minWeight?: number;
  viralGuard?: boolean;
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
 * Runs coordination over every post in the store (batch; the streaming operator gives the same
 * edges), turns the graph into campaigns, then replays the posts through hashtag trends with the
 * campaign members flagged, so that a burst those members drive in an organic tag is a hijack.
 * Replaces the previous output of both detectors.
 */
export function coordinateStore(store: Store, options: CoordinateOptions = {}): CoordinateReport {
  const started = performance.now();
  const types = options.types ?? DEFAULT_TYPES;
  const viralGuard = options.viralGuard ?? true;
  const batch = new CoordinationBatch(types, {
    windowSec: options.windowSec ?? 60,
    minWeight: options.minWeight ?? 2,
    viralGuard,
  });
  for (const post of iteratePosts(store)) batch.add(post);
  const lists = types.map((type) => batch.run(type));
  const edges: Iterable<CoEdge> = { [Symbol.iterator]: function* () { for (const l of lists) yield* l; } };
  const campaigns = detectCampaigns(edges, { useGuardedWeight: viralGuard });

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
    edges: Object.fromEntries(lists.map((l) => [l.type, l.length])),
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
