/**
 * The network's playbook turned into posts: releases spread with small edits, raids and hashtag
 * hijacks in tight bursts, shout-outs for returning accounts, viral organic posts (the false-positive
 * trap) and bot batches reposting their customers at regular intervals. Records the ground truth of
 * each as it goes (small: per campaign, not per post).
 */
import { Rng } from './rng.js';
import { link, networkMessage, organicPost, releaseText, shoutout, spaced, tag, text } from './content.js';
import type { Episode, RaidPlan, ReentryPlan, ReleasePlan, ViralPlan } from './plan.js';
import type { TruthCampaign, TruthRelease, TruthReentry } from './truth.js';
import { IMAGE_EDITS, type SimAccount, type SimEvent, type SimPost } from './types.js';
import { LANTERN, RELEASE_SITE, SHORTENERS } from './vocab/lantern.js';
import { alive, type World } from './world.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

interface CampaignState {
  truth: TruthCampaign;
  members: Set<string>;
  keys: Set<string>;
}

export class Campaigns {
  readonly states: CampaignState[] = [];
  readonly releases: TruthRelease[] = [];
  readonly reentries: TruthReentry[] = [];
  readonly virals: Array<{ post: string; author: string; at: number; reposts: number }> = [];
  private readonly rng: Rng;
  private readonly botNext = new Map<SimAccount, number>();
  private readonly botLastTarget = new Map<SimAccount, SimPost>();

  constructor(private readonly world: World) {
    this.rng = Rng.derive(world.opts.seed, 'campaigns');
    for (const b of world.plan.batches) {
      const st = this.open(b.id, 'amplification', b.start);
      for (const c of b.customers) st.keys.add(`customer:${world.ids.qualifiedAccount(c)}`);
      b.bots.forEach((bot, k) => this.botNext.set(bot, b.start + Math.floor((k * b.period) / b.bots.length)));
    }
  }

  trigger(ep: Episode): void {
    if (ep.kind === 'release') this.release(ep);
    else if (ep.kind === 'viral') this.viral(ep);
    else if (ep.kind === 'reentry') this.reentry(ep);
    else this.raid(ep);
  }

  private open(id: string, kind: TruthCampaign['kind'], t: number): CampaignState {
    const st: CampaignState = { truth: { id, kind, members: [], start: t, end: t, keys: [], posts: 0 }, members: new Set(), keys: new Set() };
    this.states.push(st);
    return st;
  }

  /** Marks a post as the campaign's and widens the campaign's members and span. */
  private note(st: CampaignState, p: SimPost): void {
    p.campaign = st.truth.id;
    st.members.add(this.world.ids.qualifiedAccount(p.author));
    st.truth.start = Math.min(st.truth.start, p.t);
    st.truth.end = Math.max(st.truth.end, p.t);
    st.truth.posts++;
  }

  private record(st: CampaignState, p: SimPost): void {
    this.note(st, p);
    this.world.push(p);
  }

  /** Distinct network members alive at their own posting time, drawn by activity. */
  private participants(count: number, t0: number, delay: () => number): Array<[SimAccount, number]> {
    const net = this.world.pop.network;
    const chosen = new Set<SimAccount>();
    const out: Array<[SimAccount, number]> = [];
    for (let tries = 0; out.length < count && tries < count * 20; tries++) {
      const a = net[this.world.networkTable.draw(this.rng)]!;
      const t = t0 + Math.round(delay());
      if (chosen.has(a) || !alive(a, t) || t >= this.world.end) continue;
      chosen.add(a);
      out.push([a, t]);
    }
    return out;
  }

  private release(ep: ReleasePlan): void {
    const w = this.world;
    const rng = this.rng;
    const st = this.open(ep.id, 'release', ep.t);
    const url = RELEASE_SITE + ep.code;
    const body = releaseText(ep.lang, rng, ep.title, ep.issue);
    const mainTag = LANTERN[ep.lang].hashtags[0]!;
    const original = w.media.release(ep.id, 'original');
    const post = w.post(ep.t, ep.author, spaced(text(body), link(url), tag(mainTag)), 'propaganda');
    if (original) post.media = [original];
    this.record(st, post);
    w.latestRelease = ep.code;
    const qp = w.ids.qualifiedPost(post);
    for (const k of [`url:${url}`, `post:${qp}`, `text:${body}`, `hashtag:${mainTag.toLowerCase()}`]) st.keys.add(k);
    if (original?.file) st.keys.add(`image:${original.file}`);
    const truth: TruthRelease = { id: ep.id, campaign: ep.id, post: qp, author: w.ids.qualifiedAccount(ep.author), at: ep.t, url, text: body, copies: [] };
    if (original?.file) truth.image = original.file;
    this.releases.push(truth);

    const alive0 = w.pop.network.filter((a) => alive(a, ep.t)).length;
    const n = Math.min(300, Math.round(alive0 * (0.3 + 0.4 * rng.next())));
    for (const [a, t] of this.participants(n, ep.t, () => Math.min(36 * HOUR, MIN + rng.lognormal(40 * MIN, 1.2)))) {
      if (a === ep.author) continue;
      if (rng.chance(0.45)) {
        const p = w.repost(t, a, post);
        this.record(st, p);
        truth.copies.push({ post: w.ids.qualifiedPost(p), author: w.ids.qualifiedAccount(a), at: t, kind: 'repost' });
        continue;
      }
      // A copy: same words with a few added, the link through another shortener, an edited image.
      const copyUrl = rng.chance(0.4) ? url : rng.pick(SHORTENERS) + ep.code;
      const added = rng.chance(0.6) ? rng.pick(LANTERN[ep.lang].additions) : undefined;
      const edit = original ? rng.pick(IMAGE_EDITS) : undefined;
      const media = edit ? w.media.release(ep.id, edit) : undefined;
      const p = w.post(t, a, spaced(added ? text(added) : undefined, text(body), link(copyUrl), tag(mainTag)), 'propaganda');
      if (media) p.media = [media];
      this.record(st, p);
      st.keys.add(`url:${copyUrl}`);
      const copy: TruthRelease['copies'][number] = { post: w.ids.qualifiedPost(p), author: w.ids.qualifiedAccount(a), at: t, kind: 'copy', url: copyUrl };
      if (media?.file) {
        copy.image = media.file;
        copy.edit = edit!;
      }
      truth.copies.push(copy);
    }
  }

  private raid(ep: RaidPlan): void {
    const w = this.world;
    const rng = this.rng;
    const st = this.open(ep.id, ep.kind, ep.t);
    const v = LANTERN[ep.lang];
    const body = rng.pick(v.raid);
    const code = rng.chance(0.5) ? w.latestRelease : undefined;
    const url = code ? RELEASE_SITE + code : undefined;
    st.keys.add(`hashtag:${ep.tag.toLowerCase()}`);
    if (ep.kind === 'raid') st.keys.add(`text:${body}`);
    if (url) st.keys.add(`url:${url}`);
    // Seconds to minutes after the call, with human jitter (log-normal, median 45 s).
    for (const [a, t] of this.participants(ep.size, ep.t, () => Math.min(30 * MIN, rng.lognormal(45_000, 1.1)))) {
      const segs =
        ep.kind === 'raid'
          ? spaced(text(body), rng.chance(0.5) ? text(rng.pick(v.additions)) : undefined, tag(ep.tag), url ? link(url) : undefined)
          : [...networkMessage(ep.lang, rng), text(' '), tag(ep.tag)];
      this.record(st, w.post(t, a, segs, 'propaganda'));
    }
  }

  private viral(ep: ViralPlan): void {
    const w = this.world;
    const rng = this.rng;
    const organic = w.pop.organic;
    let author = organic[0]!;
    for (let k = 0; k < 30; k++) {
      const c = organic[Math.floor(rng.next() * organic.length)]!;
      if (alive(c, ep.t) && c.followers >= author.followers) author = c;
    }
    const post = w.post(ep.t, author, organicPost(author.lang, rng, { link: rng.chance(0.7), hashtag: true }), 'benign');
    post.media = w.organicPhoto(rng);
    w.push(post);
    // Thousands of unrelated people repost it over hours: a burst with no coordination behind it.
    const k = Math.min(Math.round(organic.length * 0.12), rng.int(1000, 5000));
    let count = 0;
    for (const i of rng.sample(organic.length, k)) {
      const a = organic[i]!;
      const t = ep.t + 5_000 + Math.round(rng.exponential(2 * HOUR));
      if (a === author || !alive(a, t) || t >= w.end) continue;
      w.push(w.repost(t, a, post));
      count++;
    }
    this.virals.push({ post: w.ids.qualifiedPost(post), author: w.ids.qualifiedAccount(author), at: ep.t, reposts: count });
  }

  private reentry(ep: ReentryPlan): void {
    const w = this.world;
    const rng = this.rng;
    const fresh = ep.account;
    w.push({ type: 'create', t: ep.t, n: w.nextSeq(), account: fresh });
    const truth: TruthReentry = {
      old: w.ids.qualifiedAccount(ep.old), new: w.ids.qualifiedAccount(fresh),
      oldHandle: w.ids.handle(ep.old.handle), newHandle: w.ids.handle(fresh.handle),
      oldName: ep.old.name, newName: fresh.name, suspendedAt: ep.old.suspendedAt, createdAt: ep.t, shoutouts: [],
    };
    this.reentries.push(truth);
    // Members ask their followers to support the new handle, and follow it themselves.
    for (const [a, t] of this.participants(rng.int(2, 6), ep.t, () => 5 * MIN + rng.exponential(2 * HOUR))) {
      if (a === fresh) continue;
      const p = w.post(t, a, shoutout(a.lang, rng, fresh), 'propaganda');
      w.push(p);
      truth.shoutouts.push(w.ids.qualifiedPost(p));
    }
    for (const [a, t] of this.participants(rng.int(5, 20), ep.t, () => rng.exponential(6 * HOUR))) {
      if (a !== fresh) w.push({ type: 'follow', t, n: w.nextSeq(), from: a, to: fresh });
    }
  }

  /** Bots repost a customer's latest post every `period` (small jitter): machine regularity. */
  botTicks(s: number, end: number, out: SimEvent[]): void {
    const w = this.world;
    w.plan.batches.forEach((b, k) => {
      const st = this.states[k]!; // opened first, in batch order
      for (const bot of b.bots) {
        let next = this.botNext.get(bot)!;
        for (; next < end; next += Math.round(b.period * (1 + 0.02 * this.rng.normal()))) {
          if (next < s) continue;
          const target = this.rng.pick(b.customers).lastPost;
          if (!target || this.botLastTarget.get(bot) === target) continue;
          this.botLastTarget.set(bot, target);
          const p = w.repost(next, bot, target);
          this.note(st, p);
          out.push(p);
        }
        this.botNext.set(bot, next);
      }
    });
  }

  /** Campaign truth with member and key sets frozen into sorted arrays. */
  finish(): TruthCampaign[] {
    for (const r of this.releases) r.copies.sort((a, b) => a.at - b.at || (a.post < b.post ? -1 : 1));
    return this.states.map((st) => ({ ...st.truth, members: [...st.members].sort(), keys: [...st.keys].sort() }));
  }
}
