/**
 * Store adapter for the account detectors (ban evasion and bought amplification): reads accounts,
 * status events, follows and posts from the store in event-time order, runs the pure detectors and
 * writes their signals and campaigns back. Replaying the store this way gives the same signals, at the
 * same event times, as the live path would.
 */
import {
  addPostStats, automationScore, cohorts, DEFAULT_CLUSTER_OPTIONS, emptyStats, marketClusters,
  type Action, type AutomationScore, type ClusterAccount, type ClusterOptions, type PostingStats, type ProfileFacts,
} from '../detectors/amplification/index.js';
import { ReentryLinker, REMOVED_STATUSES, type AccountIdentity, type ReentryLink, type ReentryOptions } from '../detectors/reentry/index.js';
import type { AccountStatus, Campaign, Json, Signal } from '../model/index.js';
import type { Store } from '../store/db.js';
import { rowToAccount, rowToPost, type PostRow } from '../store/read.js';
import type { AccountsTable } from '../store/schema/accounts.js';
import { clearDetectorOutput, insertCampaigns, insertSignals } from '../store/signals.js';

type AccountRow = AccountsTable;

/** Events other than posts, merged with the post stream by time. Lower `order` first at equal times. */
type SideEvent =
  | { at: number; order: 0; kind: 'account'; identity: AccountIdentity }
  | { at: number; order: 1; kind: 'removed'; account: string; status: AccountStatus }
  | { at: number; order: 2; kind: 'follow'; from: string; to: string };

export interface AccountsReadOptions {
  /** Avatar URL → PDQ hex, when avatars were fetched and hashed. */
  avatarPdq?: ReadonlyMap<string, string>;
}

/**
 * Seconds within which an `active` status event before an account's first record counts as its
 * creation: Jetstream announces a new account with an `account` event (active) right before its
 * first commit. A later `active` event is a reactivation, not a creation.
 */
const CREATION_EVENT_SLACK_MS = 60_000;

export function identityOf(row: AccountRow, avatarPdq?: ReadonlyMap<string, string>, activeAt?: number): AccountIdentity {
  const a = rowToAccount(row);
  const id: AccountIdentity = { id: a.id, firstSeenAt: Number(row.first_seen_at) };
  if (a.handle) id.handle = a.handle;
  if (a.displayName) id.displayName = a.displayName;
  if (a.bio) id.bio = a.bio;
  if (a.avatarUrl) {
    id.avatarUrl = a.avatarUrl;
    const pdq = avatarPdq?.get(a.avatarUrl);
    if (pdq) id.avatarPdq = pdq;
  }
  if (a.createdAt !== undefined) id.createdAt = a.createdAt;
  else if (activeAt !== undefined && activeAt <= Number(row.first_seen_at) + CREATION_EVENT_SLACK_MS) id.createdAt = activeAt;
  return id;
}

/** Profiles, removals and follows, in time order. */
export function sideEvents(store: Store, opts: AccountsReadOptions = {}): SideEvent[] {
  const events: SideEvent[] = [];
  const removedByEvent = new Set<string>();
  const activeAt = new Map(
    (store.sqlite.prepare("SELECT account_id, min(at) AS at FROM account_events WHERE kind = 'status' AND status = 'active' GROUP BY account_id").all() as { account_id: string; at: number }[])
      .map((r) => [r.account_id, Number(r.at)]),
  );
  // An account appears when the data first shows it: its creation, its first post, or the first
  // record that carried its profile — whichever is earliest. (A collection tool's retrieval time,
  // which profile snapshots carry, can be days after the account started posting.)
  const firstPost = new Map(
    (store.sqlite.prepare('SELECT author_id, min(created_at) AS at FROM posts GROUP BY author_id').all() as { author_id: string; at: number }[])
      .map((r) => [r.author_id, Number(r.at)]),
  );
  for (const row of store.sqlite.prepare('SELECT * FROM accounts').iterate() as IterableIterator<AccountRow>) {
    const seen = Math.min(Number(row.first_seen_at), firstPost.get(row.id) ?? Infinity, row.created_at === null ? Infinity : Number(row.created_at));
    events.push({ at: seen, order: 0, kind: 'account', identity: identityOf(row, opts.avatarPdq, activeAt.get(row.id)) });
  }
  const statusRows = store.sqlite
    .prepare("SELECT account_id, at, status FROM account_events WHERE kind = 'status' AND status IS NOT NULL ORDER BY at, account_id")
    .all() as { account_id: string; at: number; status: string }[];
  for (const r of statusRows) {
    if (!REMOVED_STATUSES.has(r.status)) continue;
    removedByEvent.add(r.account_id);
    events.push({ at: Number(r.at), order: 1, kind: 'removed', account: r.account_id, status: r.status as AccountStatus });
  }
  // An import may carry only the status, without an event: the observation time stands in.
  const statusOnly = store.sqlite
    .prepare("SELECT id, status, observed_at FROM accounts WHERE status IN ('suspended', 'takendown', 'deleted')")
    .all() as { id: string; status: string; observed_at: number }[];
  for (const r of statusOnly) {
    if (!removedByEvent.has(r.id)) events.push({ at: Number(r.observed_at), order: 1, kind: 'removed', account: r.id, status: r.status as AccountStatus });
  }
  const follows = store.sqlite
    .prepare("SELECT from_id, to_id, at FROM relations WHERE kind = 'follow' AND action = 'created' AND to_id != ''")
    .all() as { from_id: string; to_id: string; at: number }[];
  for (const f of follows) events.push({ at: Number(f.at), order: 2, kind: 'follow', from: f.from_id, to: f.to_id });
  return events.sort((a, b) => a.at - b.at || a.order - b.order);
}

type PostWithTarget = PostRow & { target_author: string | null };

/** Posts in event-time order with the author of the post each one reposts, replies to or quotes. */
export function* postsWithTargets(store: Store): Generator<{ post: ReturnType<typeof rowToPost>; targetAuthor?: string }> {
  const rows = store.sqlite
    .prepare(`SELECT p.*, t.author_id AS target_author FROM posts p
      LEFT JOIN posts t ON t.id = coalesce(p.repost_of, p.quote_of, p.reply_to)
      ORDER BY p.created_at, p.id`)
    .iterate() as IterableIterator<PostWithTarget>;
  for (const row of rows) {
    const post = rowToPost(row);
    yield row.target_author ? { post, targetAuthor: row.target_author } : { post };
  }
}

export interface ReentryRun {
  links: ReentryLink[];
  signals: Signal[];
  fingerprints: number;
}

export interface AmplificationRun {
  /** Automation scores of every account that posted or has a profile. */
  scores: Map<string, AutomationScore>;
  campaigns: Campaign[];
  signals: Signal[];
}

export interface AccountsAnalysis {
  reentry: ReentryRun;
  amplification: AmplificationRun;
  /** Last event time in the store (the reference time of the automation scores). */
  at: number;
}

export type AccountsOptions = Partial<ReentryOptions> & AccountsReadOptions & {
  cluster?: Partial<ClusterOptions>;
  /** Automation signals for accounts scoring at least this (outside campaigns too). */
  automationThreshold?: number;
};

/** Profile facts the automation score reads, from a store row. */
export function profileFacts(row: AccountRow): ProfileFacts {
  const a = rowToAccount(row);
  const f: ProfileFacts = {};
  if (a.handle) f.handle = a.handle;
  if (a.bio) f.bio = a.bio;
  // Only the platform's creation time: first seen is when collection started, not the account's age.
  if (a.createdAt !== undefined) f.createdAt = a.createdAt;
  if (a.followers !== undefined) f.followers = a.followers;
  if (a.following !== undefined) f.following = a.following;
  if (a.posts !== undefined) f.posts = a.posts;
  if (a.defaultAvatar !== undefined) f.defaultAvatar = a.defaultAvatar;
  return f;
}

function clusterAccount(row: AccountRow): ClusterAccount {
  const a = rowToAccount(row);
  const c: ClusterAccount = { id: a.id, createdAt: a.createdAt ?? Number(row.first_seen_at) };
  if (a.handle) c.handle = a.handle;
  if (a.displayName) c.displayName = a.displayName;
  if (a.bio) c.bio = a.bio;
  if (a.defaultAvatar !== undefined) c.defaultAvatar = a.defaultAvatar;
  return c;
}

/**
 * Both account detectors in one pass over the store, in event time: re-entry linking (with its
 * signals at the event time they would fire live) and bought amplification (automation scores,
 * follower-market campaigns).
 */
export function analyzeAccounts(store: Store, options: AccountsOptions = {}): AccountsAnalysis {
  const clusterOpts: ClusterOptions = { ...DEFAULT_CLUSTER_OPTIONS, ...options.cluster };
  const rows = store.sqlite.prepare('SELECT * FROM accounts ORDER BY id').all() as AccountRow[];
  // Cohorts come from profiles alone, so only their members' actions need keeping during the pass.
  const cohortList = cohorts(rows.map(clusterAccount), clusterOpts);
  const inCohort = new Set(cohortList.flatMap((c) => c.map((a) => a.id)));
  const actions: Action[] = [];
  const stats = new Map<string, PostingStats>();

  const linker = new ReentryLinker(options);
  const reentrySignals: Signal[] = [];
  const side = sideEvents(store, options);
  let last = Number.NEGATIVE_INFINITY;
  let k = 0;
  const drain = (until: number) => {
    for (; k < side.length && side[k]!.at <= until; k++) {
      const e = side[k]!;
      last = Math.max(last, e.at);
      if (e.kind === 'account') reentrySignals.push(...linker.onAccount(e.identity, e.at));
      else if (e.kind === 'removed') linker.onRemoved(e.account, e.status, e.at);
      else {
        reentrySignals.push(...linker.onFollow(e.from, e.to, e.at));
        if (inCohort.has(e.from)) actions.push({ actor: e.from, target: e.to, at: e.at, kind: 'follow' });
      }
    }
  };
  for (const { post, targetAuthor } of postsWithTargets(store)) {
    drain(post.createdAt);
    last = Math.max(last, post.createdAt);
    reentrySignals.push(...linker.onPost(post, targetAuthor));
    let st = stats.get(post.authorId);
    if (!st) stats.set(post.authorId, (st = emptyStats()));
    addPostStats(st, post);
    if (post.repostOf && targetAuthor && inCohort.has(post.authorId)) actions.push({ actor: post.authorId, target: targetAuthor, at: post.createdAt, kind: 'repost' });
  }
  drain(Number.POSITIVE_INFINITY);
  const at = Number.isFinite(last) ? last : 0;

  const scores = new Map<string, AutomationScore>();
  for (const row of rows) scores.set(row.id, automationScore(profileFacts(row), stats.get(row.id), at));
  const campaigns = marketClusters(cohortList, actions, (id) => scores.get(id)?.score ?? 0, clusterOpts);
  const ampSignals = amplificationSignals(campaigns, scores, options.automationThreshold ?? 0.9, at);
  return {
    reentry: { links: linker.links(0.05), signals: reentrySignals, fingerprints: linker.index.size },
    amplification: { scores, campaigns, signals: ampSignals },
    at,
  };
}

/** Top contributing features, for evidence. */
export function topFeatures(s: AutomationScore, n = 4): { [k: string]: Json } {
  const out: { [k: string]: Json } = {};
  for (const [k, f] of Object.entries(s.features).sort((a, b) => b[1].contribution - a[1].contribution).slice(0, n)) {
    if (f.contribution > 0) out[k] = f.contribution;
  }
  return out;
}

/**
 * Signals: every bot and customer of a campaign (detector `amplification`, role in the evidence), and
 * accounts outside campaigns whose automation score alone reaches `threshold` (`amplification.automation`).
 */
export function amplificationSignals(campaigns: readonly Campaign[], scores: ReadonlyMap<string, AutomationScore>, threshold: number, at: number): Signal[] {
  const out: Signal[] = [];
  const inCampaign = new Set<string>();
  for (const c of campaigns) {
    const customers = new Set(Array.isArray(c.summary.customers) ? (c.summary.customers as string[]) : []);
    for (const m of c.members) {
      inCampaign.add(m);
      const s = scores.get(m);
      const role = customers.has(m) ? 'customer' : 'bot';
      out.push({
        subject: { kind: 'account', id: m },
        detector: 'amplification',
        score: role === 'bot' ? Math.max(c.score, s?.score ?? 0) : c.score,
        at: c.end,
        evidence: { campaign: c.id, role, automation: s?.score ?? null, features: s ? topFeatures(s) : {}, customers: [...customers] },
      });
    }
  }
  for (const [id, s] of scores) {
    if (inCampaign.has(id) || s.score < threshold) continue;
    out.push({ subject: { kind: 'account', id }, detector: 'amplification.automation', score: s.score, at, evidence: { features: topFeatures(s, 9) } });
  }
  return out;
}

/** Runs re-entry linking alone (the `accounts reentry` listing). */
export function runReentry(store: Store, options: AccountsOptions = {}): ReentryRun {
  return analyzeAccounts(store, options).reentry;
}

/** The automation score of one account, from its profile and its posts in the store. */
export function scoreAccount(store: Store, id: string): { score: AutomationScore; stats: PostingStats; at: number } | undefined {
  const row = store.sqlite.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined;
  if (!row) return undefined;
  const stats = emptyStats();
  for (const r of store.sqlite.prepare('SELECT * FROM posts WHERE author_id = ? ORDER BY created_at, id').iterate(id) as IterableIterator<PostRow>) {
    addPostStats(stats, rowToPost(r));
  }
  const at = Number((store.sqlite.prepare('SELECT max(created_at) AS t FROM posts').get() as { t: number | null }).t ?? row.observed_at);
  return { score: automationScore(profileFacts(row), stats, at), stats, at };
}

/** Replaces the earlier output of the account detectors with this run's. */
export function writeAccountsOutput(store: Store, signals: readonly Signal[], campaigns: readonly Campaign[]): void {
  clearDetectorOutput(store, 'reentry');
  clearDetectorOutput(store, 'amplification', ['amplification']);
  insertSignals(store, signals);
  insertCampaigns(store, campaigns);
}
