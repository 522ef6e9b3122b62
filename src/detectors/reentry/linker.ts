/**
 * Re-entry linking as an event-time operator. Feed it, in event-time order, account profiles
 * (`onAccount`), removals (`onRemoved`), posts (`onPost`) and follows (`onFollow`); it keeps
 * fingerprints of removed accounts, watches accounts first seen after a removal, re-scores a watched
 * account when new evidence about it arrives (its profile, its early posts, a shout-out, a follow)
 * and emits one `reentry` signal per new account the first time its best link crosses the threshold.
 * A removed account returns once: a signal does not give away an old account a stronger signal
 * already claimed, and `links()` assigns old accounts one-to-one over all new accounts (`assign.ts`).
 * `links()` gives the ranked candidates with evidence at any time. Pure: no I/O, no clock.
 */
import type { AccountStatus, Json, Post, Signal } from '../../model/index.js';
import { addAmplifier, addFollowing, addOwnPost, emptyActivity, type Activity } from './activity.js';
import { assignOneToOne } from './assign.js';
import { fillFromLookalikes } from './lookalikes.js';
import { FingerprintIndex, type BlockRoute } from './blocking.js';
import { buildFingerprint, buildPrint, REMOVED_STATUSES, type AccountIdentity, type AccountPrint, type Fingerprint } from './fingerprint.js';
import { handleStem } from './names.js';
import { nameScores, scoreLink, type LinkScore, type NameScores, type Shoutout } from './score.js';
import { matchShoutout } from './shoutout.js';

export interface ReentryOptions {
  /** Signal when the best link scores at least this. */
  threshold: number;
  /** How long after it is first seen a new account is watched. */
  watchMs: number;
  /** Own posts after which a watched account is no longer re-scored on its posts. */
  watchPosts: number;
  /** Ranked candidates kept per new account. */
  topK: number;
  /** Assign each old account to at most one new account (off: every link ranked on its own). */
  oneToOne: boolean;
  /** Fill a behavioural feature a candidate has too little activity for with its look-alikes' typical value (`lookalikes.ts`). */
  fillBehaviour: boolean;
}

export const DEFAULT_REENTRY_OPTIONS: ReentryOptions = { threshold: 0.8, watchMs: 14 * 86_400_000, watchPosts: 32, topK: 5, oneToOne: true, fillBehaviour: true };

export interface CandidateLink {
  old: Fingerprint;
  score: LinkScore;
  routes: BlockRoute[];
  /** Another new account this old one was assigned to (one-to-one), with that link's log-odds. */
  takenBy?: { newAccount: string; logit: number };
}

export interface ReentryLink {
  newAccount: string;
  /** Best first. */
  candidates: CandidateLink[];
  newPrint: AccountPrint;
  firstSeenAt: number;
  firstPostAt?: number;
  /** Event time of the signal, when one was emitted. */
  signalAt?: number;
  shoutouts: Shoutout[];
}

interface Watch {
  firstSeenAt: number;
  candidates: Map<number, Set<BlockRoute>>;
  shoutouts: Shoutout[];
  blockedAtPosts: number;
  /** Style signature and the n-gram count it was computed at (recomputed only when blocking again). */
  style?: { grams: number; sig: Uint32Array };
  /** Name similarity per candidate, valid while the profile stays the same. */
  names: Map<number, NameScores>;
  bio?: { text: string; sig: Uint32Array };
  shoutoutsBlocked: number;
  best?: CandidateLink;
  signalAt?: number;
}

const isPow2 = (n: number) => n > 0 && (n & (n - 1)) === 0;

export class ReentryLinker {
  readonly index = new FingerprintIndex();
  private readonly opts: ReentryOptions;
  private readonly identities = new Map<string, AccountIdentity>();
  private readonly activity = new Map<string, Activity>();
  private readonly byHandle = new Map<string, string>();
  private readonly watched = new Map<string, Watch>();
  /** Old account → the signalled link that claimed it (a later look-alike needs a stronger link to take it). */
  private readonly claims = new Map<string, { newAccount: string; logit: number }>();
  private firstRemovalAt = Number.POSITIVE_INFINITY;

  constructor(options: Partial<ReentryOptions> = {}) {
    this.opts = { ...DEFAULT_REENTRY_OPTIONS, ...options };
  }

  private act(id: string): Activity {
    let a = this.activity.get(id);
    if (!a) this.activity.set(id, (a = emptyActivity()));
    return a;
  }

  /** A profile was seen (first time or updated). Returns a signal if it completes a link. */
  onAccount(identity: AccountIdentity, at: number): Signal[] {
    const known = this.identities.get(identity.id);
    this.watched.get(identity.id)?.names.clear(); // the profile may have changed
    this.identities.set(identity.id, known ? { ...known, ...identity } : { ...identity, firstSeenAt: identity.firstSeenAt ?? at });
    const stem = handleStem(identity.handle).toLowerCase();
    if (stem) this.byHandle.set(stem, identity.id);
    if (!known && !this.index.get(identity.id)) {
      const created = identity.createdAt ?? identity.firstSeenAt ?? at;
      if (created >= this.firstRemovalAt) {
        this.watched.set(identity.id, { firstSeenAt: identity.firstSeenAt ?? at, candidates: new Map(), shoutouts: [], blockedAtPosts: -1, names: new Map(), shoutoutsBlocked: 0 });
      }
    }
    return this.rescore(identity.id, at);
  }

  /** The account was suspended, taken down or deleted: keep its fingerprint. */
  onRemoved(accountId: string, status: AccountStatus, at: number): void {
    if (!REMOVED_STATUSES.has(status) || this.index.get(accountId)) return;
    const identity = this.identities.get(accountId) ?? { id: accountId };
    this.index.add(buildFingerprint(identity, this.activity.get(accountId), status, at));
    this.firstRemovalAt = Math.min(this.firstRemovalAt, at);
    this.watched.delete(accountId);
  }

  /** A post; `targetAuthor` is the author of the post it reposts, replies to or quotes, when known. */
  onPost(post: Post, targetAuthor?: string): Signal[] {
    const out: Signal[] = [];
    addOwnPost(this.act(post.authorId), post, targetAuthor);
    if (targetAuthor && targetAuthor !== post.authorId) addAmplifier(this.act(targetAuthor), post.authorId);
    const mentioned = new Set<string>();
    for (const m of post.mentions) {
      const id = m.id ?? (m.handle ? this.byHandle.get(handleStem(m.handle).toLowerCase()) : undefined);
      if (id && id !== post.authorId) mentioned.add(id);
    }
    for (const id of mentioned) addAmplifier(this.act(id), post.authorId);
    const shout = mentioned.size > 0 ? matchShoutout(post.text) : undefined;
    if (shout) {
      for (const id of mentioned) {
        const w = this.watched.get(id);
        if (!w) continue;
        w.shoutouts.push({ post: post.id, author: post.authorId, at: post.createdAt, strength: shout.strength, phrase: shout.phrase });
        out.push(...this.rescore(id, post.createdAt));
      }
    }
    const w = this.watched.get(post.authorId);
    if (w && this.act(post.authorId).posts <= this.opts.watchPosts) out.push(...this.rescore(post.authorId, post.createdAt));
    return out;
  }

  onFollow(from: string, to: string, at: number): Signal[] {
    addFollowing(this.act(from), to);
    addAmplifier(this.act(to), from);
    return this.watched.has(to) ? this.rescore(to, at) : [];
  }

  private print(id: string, w: Watch, fresh: boolean): AccountPrint {
    const a = this.activity.get(id);
    const reuse = { ...(fresh || !w.style ? {} : { styleSig: w.style.sig }), ...(w.bio ? { bio: w.bio } : {}) };
    const p = buildPrint(this.identities.get(id) ?? { id }, a, reuse);
    if (p.styleSig && a) w.style = { grams: a.style.size, sig: p.styleSig };
    if (p.bioSig) w.bio = { text: p.bio, sig: p.bioSig };
    return p;
  }

  private rank(id: string, w: Watch, print: AccountPrint): CandidateLink[] {
    const ctx = { df: this.index.df, n: this.index.size, shoutouts: w.shoutouts };
    const links: CandidateLink[] = [];
    for (const [i, routes] of w.candidates) {
      const old = this.index.prints[i]!;
      if (old.id === id) continue;
      let names = w.names.get(i);
      if (!names) w.names.set(i, (names = nameScores(old, print)));
      links.push({ old, score: scoreLink(old, print, ctx, names), routes: [...routes] });
    }
    if (this.opts.fillBehaviour) {
      const filled = fillFromLookalikes(links.map((l) => l.score));
      links.forEach((l, k) => (l.score = filled[k]!));
    }
    return links.sort((a, b) => b.score.logit - a.score.logit || (a.old.id < b.old.id ? -1 : 1));
  }

  private rescore(id: string, at: number): Signal[] {
    const w = this.watched.get(id);
    if (!w || at - w.firstSeenAt > this.opts.watchMs || this.index.size === 0) return [];
    const posts = this.activity.get(id)?.posts ?? 0;
    // Blocking again only when the print has grown enough to find new candidates (posts 0, 1, 2, 4…).
    const reblock = w.blockedAtPosts < 0 || (posts !== w.blockedAtPosts && isPow2(posts));
    const print = this.print(id, w, reblock);
    if (reblock || w.shoutouts.length > w.shoutoutsBlocked) {
      w.shoutoutsBlocked = w.shoutouts.length;
      for (const [i, r] of this.index.candidates(print)) {
        const s = w.candidates.get(i);
        if (s) for (const x of r) s.add(x);
        else w.candidates.set(i, new Set(r));
      }
      w.blockedAtPosts = print.posts;
    }
    const ranked = this.rank(id, w, print);
    // One old account, one return: skip an old account a signal already gave to a stronger link.
    const best = (this.opts.oneToOne ? ranked.find((c) => !this.takenFrom(id, c)) : undefined) ?? ranked[0];
    if (best) w.best = best;
    if (!best || w.signalAt !== undefined || best.score.score < this.opts.threshold) return [];
    w.signalAt = at;
    this.claims.set(best.old.id, { newAccount: id, logit: best.score.logit });
    return [reentrySignal(id, best, at, w.shoutouts)];
  }

  private takenFrom(id: string, c: CandidateLink): boolean {
    const claim = this.claims.get(c.old.id);
    return claim !== undefined && claim.newAccount !== id && claim.logit >= c.score.logit;
  }

  /**
   * Ranked candidate links of every watched account that has any, best first, after the one-to-one
   * assignment (`assign.ts`): each new account's assigned old account first, then the free ones, then
   * those assigned to another new account (marked `takenBy`).
   */
  links(minScore = 0): ReentryLink[] {
    const ranked = new Map<string, { w: Watch; print: AccountPrint; list: CandidateLink[] }>();
    for (const [id, w] of this.watched) {
      if (w.candidates.size === 0) continue;
      const print = this.print(id, w, true);
      ranked.set(id, { w, print, list: this.rank(id, w, print) });
    }
    const assigned = !this.opts.oneToOne ? new Map<string, string>() : assignOneToOne(new Map([...ranked].map(([id, r]) => [id, r.list.map((c) => ({ old: c.old.id, logit: c.score.logit }))])));
    const owner = new Map<string, { newAccount: string; logit: number }>();
    for (const [n, o] of assigned) owner.set(o, { newAccount: n, logit: ranked.get(n)!.list.find((c) => c.old.id === o)!.score.logit });
    const out: ReentryLink[] = [];
    for (const [id, { w, print, list }] of ranked) {
      const mine = assigned.get(id);
      const order = (c: CandidateLink) => (c.old.id === mine ? 0 : c.takenBy ? 2 : 1);
      const candidates = list
        .map((c) => {
          const o = owner.get(c.old.id);
          return o && o.newAccount !== id ? { ...c, takenBy: o } : c;
        })
        .sort((a, b) => order(a) - order(b)) // stable: logit order within each group
        .filter((c) => c.score.score >= minScore)
        .slice(0, this.opts.topK);
      if (candidates.length === 0) continue;
      const link: ReentryLink = { newAccount: id, candidates, newPrint: print, firstSeenAt: w.firstSeenAt, shoutouts: w.shoutouts };
      if (print.firstPostAt !== undefined) link.firstPostAt = print.firstPostAt;
      if (w.signalAt !== undefined) link.signalAt = w.signalAt;
      out.push(link);
    }
    return out.sort((a, b) => b.candidates[0]!.score.logit - a.candidates[0]!.score.logit || (a.newAccount < b.newAccount ? -1 : 1));
  }
}

/** Side-by-side identity of a print for evidence. */
export function printSummary(p: AccountPrint): { [k: string]: Json } {
  const out: { [k: string]: Json } = { id: p.id, handle: p.handle, name: p.name, bio: p.bio, posts: p.posts };
  if (p.avatarUrl) out.avatarUrl = p.avatarUrl;
  if (p.avatarPdq) out.avatarPdq = p.avatarPdq;
  if (p.createdAt !== undefined) out.createdAt = p.createdAt;
  if (p.lang) out.lang = p.lang;
  return out;
}

export function reentrySignal(newAccount: string, best: CandidateLink, at: number, shoutouts: readonly Shoutout[]): Signal {
  const features: { [k: string]: Json } = {};
  for (const [k, f] of Object.entries(best.score.features)) features[k] = { ...f };
  return {
    subject: { kind: 'account', id: newAccount },
    detector: 'reentry',
    score: best.score.score,
    at,
    evidence: {
      old: { ...printSummary(best.old), status: best.old.status, removedAt: best.old.removedAt },
      features,
      patterns: best.score.patterns,
      routes: best.routes,
      shoutouts: shoutouts.slice(0, 10).map((s) => ({ post: s.post, author: s.author, at: s.at, phrase: s.phrase })),
    },
  };
}
