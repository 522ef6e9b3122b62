/**
 * The world in time order, one 15-minute slice at a time: background chatter is drawn per slice (by
 * time zone, with a daily rhythm), planned episodes push their future posts into a min-heap, and each
 * slice is sorted and handed out. Memory holds the accounts, the heap and two bounded rings of recent
 * posts (what reposts and replies point at), never the output.
 */
import type { Population } from './accounts.js';
import { CALIBRATION as C, type SimOptions } from './params.js';
import type { Plan } from './plan.js';
import { AliasTable, Rng } from './rng.js';
import { Campaigns } from './campaigns.js';
import { organicPost, networkMessage, replyPost } from './content.js';
import type { IdScheme, Label, MediaLibrary, Seg, SimAccount, SimEvent, SimMedia, SimPost } from './types.js';
import { DIURNAL } from './vocab/organic.js';

const HOUR = 3_600_000;
export const SLICE_MS = 15 * 60_000;
const DIURNAL_MEAN = DIURNAL.reduce((a, b) => a + b, 0) / 24;
/**
 * Recent originals kept as repost and reply targets. Only a sample of organic originals enters (most
 * posts are never reposted, a few many times): fewer long-lived posts, far less garbage collection.
 */
const RING = 4096;
const RING_SAMPLE = 0.1;
const NONE: SimMedia[] = [];
const NO_SEGS: Seg[] = [];
const CLIENTS = ['Twitter for Android', 'Twitter for iPhone', 'Twitter Web App', 'Twitter for Android', 'Twitter for iPhone'];

export const alive = (a: SimAccount, t: number): boolean => t >= a.bornAt && t < a.suspendedAt;

/** Min-heap of events by (time, sequence): the total order every run reproduces. */
class EventHeap {
  private readonly items: SimEvent[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): SimEvent | undefined {
    return this.items[0];
  }
  /** Queues a future event (an episode's posts, a suspension…) for the slice it falls in. */
  push(e: SimEvent): void {
    const a = this.items;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }
  pop(): SimEvent | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && before(a[l]!, a[m]!)) m = l;
        if (r < a.length && before(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}
const before = (a: SimEvent, b: SimEvent): boolean => a.t < b.t || (a.t === b.t && a.n < b.n);

/** A fixed-size ring of recent posts that reposts and replies draw their targets from. */
class Ring {
  private readonly items: SimPost[] = [];
  private next = 0;
  add(p: SimPost): void {
    if (this.items.length < RING) this.items.push(p);
    else this.items[this.next] = p;
    this.next = (this.next + 1) % RING;
  }
  /** Two candidates, the better-followed wins: popular accounts get reposted more. */
  pick(rng: Rng): SimPost | undefined {
    if (this.items.length === 0) return undefined;
    const a = this.items[Math.floor(rng.next() * this.items.length)]!;
    const b = this.items[Math.floor(rng.next() * this.items.length)]!;
    return a.author.followers >= b.author.followers ? a : b;
  }
}

interface Group {
  members: SimAccount[];
  table: AliasTable;
  rate: number;
  tz: number;
}

export class World {
  readonly campaigns: Campaigns;
  private seq = 0;
  private readonly rng: Rng;
  private readonly heap = new EventHeap();
  private readonly groups: Group[];
  /** Organic accounts by language: who joins a trending topic. */
  private readonly speakers = new Map<string, SimAccount[]>();
  private readonly organicRing = new Ring();
  private readonly networkRing = new Ring();
  readonly networkTable: AliasTable;
  readonly end: number;
  /** Code of the network's latest release: members link to it in their messages and raids. */
  latestRelease: string | undefined;

  constructor(
    readonly opts: SimOptions,
    readonly pop: Population,
    readonly plan: Plan,
    readonly ids: IdScheme,
    readonly media: MediaLibrary,
  ) {
    this.rng = Rng.derive(opts.seed, 'world');
    this.end = opts.start + opts.days * 24 * HOUR;
    const byTz = new Map<number, SimAccount[]>();
    for (const a of pop.accounts) {
      if (a.role === 'bot') continue;
      const list = byTz.get(a.tz) ?? [];
      list.push(a);
      byTz.set(a.tz, list);
    }
    this.groups = [...byTz.entries()]
      .sort(([a], [b]) => a - b)
      .map(([tz, members]) => ({ tz, members, table: new AliasTable(members.map((a) => a.rate)), rate: members.reduce((s, a) => s + a.rate, 0) }));
    this.networkTable = new AliasTable(pop.network.map((a) => a.rate));
    for (const a of pop.organic) {
      const list = this.speakers.get(a.lang);
      if (list) list.push(a);
      else this.speakers.set(a.lang, [a]);
    }
    this.campaigns = new Campaigns(this);
    for (const s of plan.suspensions) this.push({ type: 'status', t: s.t, n: this.nextSeq(), account: s.account, status: 'suspended' });
    for (const b of plan.batches) {
      for (const bot of b.bots) for (const c of b.customers) this.push({ type: 'follow', t: b.start + this.rng.int(0, 600_000), n: this.nextSeq(), from: bot, to: c });
    }
  }

  nextSeq(): number {
    return this.seq++;
  }

  /** Queues a future event (an episode's posts, a suspension…) for the slice it falls in. */
  push(e: SimEvent): void {
    this.heap.push(e);
  }

  /** Every post is built here with all fields present: one object shape keeps the hot path fast. */
  post(t: number, author: SimAccount, segs: Seg[], label: Label, replyTo?: SimPost): SimPost {
    const n = this.nextSeq();
    return {
      type: 'post', n, id: this.ids.postId(t, n, author), t, author, segs, lang: author.lang, media: NONE, label,
      client: CLIENTS[author.i % CLIENTS.length]!, reposts: 0, repostOf: undefined, replyTo, campaign: undefined, render: undefined,
    };
  }

  repost(t: number, author: SimAccount, target: SimPost): SimPost {
    target.reposts++;
    const p = this.post(t, author, NO_SEGS, target.label);
    p.repostOf = target;
    p.lang = target.lang;
    return p;
  }

  organicPhoto(rng: Rng): SimMedia[] {
    const m = this.media.organicCount > 0 ? this.media.organic(Math.floor(rng.next() * this.media.organicCount)) : undefined;
    return m ? [m] : [];
  }

  /** The slices, each sorted by (time, sequence); bookkeeping for rings is done before handing out. */
  *slices(): Generator<SimEvent[]> {
    let ep = 0;
    const episodes = this.plan.episodes;
    for (let s = this.opts.start; s < this.end; s += SLICE_MS) {
      const sliceEnd = Math.min(this.end, s + SLICE_MS);
      while (ep < episodes.length && episodes[ep]!.t < sliceEnd) this.campaigns.trigger(episodes[ep++]!);
      const out: SimEvent[] = [];
      this.chatter(s, sliceEnd, out);
      this.campaigns.botTicks(s, sliceEnd, out);
      while (this.heap.size > 0 && this.heap.peek()!.t < sliceEnd) {
        const e = this.heap.pop()!;
        if (e.t >= this.opts.start) out.push(e);
      }
      out.sort((a, b) => a.t - b.t || a.n - b.n);
      for (const e of out) if (e.type === 'post') this.remember(e);
      yield out;
    }
  }

  private remember(p: SimPost): void {
    p.author.posts++;
    if (p.repostOf) return;
    if (p.author.customer) p.author.lastPost = p;
    if (p.label === 'propaganda') this.networkRing.add(p);
    else if (p.author.role === 'organic' && !p.replyTo && (Math.imul(p.n, 0x9e3779b1) >>> 0) % 1000 < RING_SAMPLE * 1000) this.organicRing.add(p);
  }

  private chatter(s: number, sliceEnd: number, out: SimEvent[]): void {
    const rng = this.rng;
    const width = sliceEnd - s;
    const trending = this.plan.news.filter((e) => e.start <= s && e.end > s);
    for (const g of this.groups) {
      const hour = Math.floor(((s + width / 2) / HOUR + g.tz + 48) % 24);
      const expected = ((g.rate * width) / (24 * HOUR)) * (DIURNAL[hour]! / DIURNAL_MEAN);
      for (let k = rng.poisson(expected); k > 0; k--) {
        const author = g.members[g.table.draw(rng)]!;
        const t = s + Math.floor(rng.next() * width);
        if (!alive(author, t)) continue;
        const p = author.role === 'member' ? this.memberPost(t, author) : this.organicPost(t, author, trending);
        if (p) out.push(p);
      }
    }
    // Trending news adds posts of its own: the hashtag spikes, which is what makes it worth hijacking.
    for (const e of trending) {
      const speakers = this.speakers.get(e.lang) ?? [];
      // Volume independent of the language's size: news events are already drawn by the language mix.
      const perHour = Math.max(3, this.pop.organic.length * 0.003);
      for (let k = speakers.length > 0 ? rng.poisson((perHour * width) / HOUR) : 0; k > 0; k--) {
        const author = speakers[Math.floor(rng.next() * speakers.length)]!;
        const t = s + Math.floor(rng.next() * width);
        if (!alive(author, t)) continue;
        const segs = organicPost(author.lang, rng, { link: rng.chance(0.5), hashtag: false, trending: e.tag });
        segs.unshift({ k: 't', s: `${e.sentence} ` });
        const p = this.post(t, author, segs, 'benign');
        out.push(p);
      }
    }
  }

  private organicPost(t: number, author: SimAccount, trending: Plan['news']): SimPost | undefined {
    const rng = this.rng;
    const r = rng.next();
    if (r < C.repostShare) {
      const target = this.organicRing.pick(rng);
      return target ? this.repost(t, author, target) : undefined;
    }
    if (r < C.repostShare + C.replyShare) {
      const target = this.organicRing.pick(rng);
      if (!target) return undefined;
      return this.post(t, author, replyPost(author.lang, rng, target.author), 'benign', target);
    }
    const news = trending.find((e) => e.lang === author.lang);
    const segs = organicPost(author.lang, rng, {
      link: rng.chance(C.linkShareOfOriginals),
      hashtag: rng.chance(C.hashtagShare),
      trending: news && rng.chance(0.3) ? news.tag : undefined,
      mentionOf: rng.chance(0.04) ? this.pop.organic[Math.floor(rng.next() * this.pop.organic.length)] : undefined,
    });
    const p = this.post(t, author, segs, 'benign');
    if (rng.chance(0.04)) p.media = this.organicPhoto(rng);
    return p;
  }

  private memberPost(t: number, author: SimAccount): SimPost | undefined {
    const rng = this.rng;
    const r = rng.next();
    if (r < C.networkMessageShare) {
      const code = rng.chance(0.3) ? this.latestRelease : undefined;
      return this.post(t, author, networkMessage(author.lang, rng, code), 'propaganda');
    }
    if (r < C.networkMessageShare + C.networkRepostShare) {
      const target = this.networkRing.pick(rng);
      return target ? this.repost(t, author, target) : undefined;
    }
    return this.organicPost(t, author, []);
  }
}
