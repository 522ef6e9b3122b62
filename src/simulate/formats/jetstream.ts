/**
 * Bluesky Jetstream JSONL: `commit` events for posts (facets in UTF-8 byte offsets), reposts, follows
 * and profiles; `identity` events carrying handles; `account` events for suspensions
 * (`active:false, status:"suspended"`). An account's identity and profile are announced just before
 * its first event (as a profile update would be), a returning account's when it is created.
 */
import { join } from 'node:path';
import { token } from '../rng.js';
import { tid } from '../ids.js';
import { Sink } from '../sink.js';
import type { SimAccount, SimEvent, SimMedia, SimPost } from '../types.js';
import { displayUrl, iso, type FormatWriter, type WriterContext } from './common.js';

const B32 = 'abcdefghijklmnopqrstuvwxyz234567';
const fakeCid = (key: string, prefix = 'bafyrei'): string => prefix + token(key, 52, B32);
const postUri = (p: SimPost): string => `at://${p.author.id}/app.bsky.feed.post/${p.id}`;
const postCid = (p: SimPost): string => fakeCid(`post:${p.author.id}/${p.id}`);
const strongRef = (p: SimPost): { cid: string; uri: string } => ({ cid: postCid(p), uri: postUri(p) });

function blob(m: SimMedia): Record<string, unknown> {
  return { $type: 'blob', ref: { $link: m.cid ?? fakeCid(`blob:${m.key}`, 'bafkrei') }, mimeType: m.mime, size: m.size ?? 0 };
}

interface BskyRendered {
  text: string;
  facets: Array<Record<string, unknown>>;
}

export class JetstreamWriter implements FormatWriter {
  readonly files = { 'jetstream.jsonl': 'Bluesky Jetstream events (commit, identity, account) in time order' };
  private readonly out: Sink;
  private readonly seen: Uint8Array;
  private seq = 9_000_000_000;

  constructor(private readonly ctx: WriterContext) {
    this.out = new Sink(join(ctx.dir, 'jetstream.jsonl'));
    this.seen = new Uint8Array(ctx.accounts);
  }

  private emit(did: string, t: number, n: number, kind: string, body: Record<string, unknown>): void {
    // time_us: event time in microseconds, the sequence in the sub-millisecond digits keeps it unique.
    this.out.line(JSON.stringify({ did, time_us: t * 1000 + (n % 1000), kind, ...body }));
  }

  private commit(a: SimAccount, t: number, n: number, collection: string, rkey: string, record: Record<string, unknown>, cid: string, operation = 'create'): void {
    this.emit(a.id, t, n, 'commit', { commit: { rev: tid(t * 1000 + (n % 1000), 0), operation, collection, rkey, record, cid } });
  }

  /** Identity (the handle) and profile, before an account's first appearance. */
  private announce(a: SimAccount, t: number, n: number, created: boolean): void {
    if (this.seen[a.i]) return;
    this.seen[a.i] = 1;
    const time = iso(t);
    this.emit(a.id, t, n, 'identity', { identity: { did: a.id, handle: this.ctx.ids.handle(a.handle), seq: this.seq++, time } });
    if (created) this.emit(a.id, t, n, 'account', { account: { active: true, did: a.id, seq: this.seq++, time } });
    const profile: Record<string, unknown> = { $type: 'app.bsky.actor.profile', createdAt: iso(a.created), description: a.bio, displayName: a.name };
    const avatar = a.avatar === '' ? undefined : this.ctx.media.avatar(a.avatar);
    if (avatar) profile.avatar = blob(avatar);
    this.commit(a, t, n, 'app.bsky.actor.profile', 'self', profile, fakeCid(`profile:${a.id}:${t}`), created ? 'create' : 'update');
  }

  private render(p: SimPost): BskyRendered {
    let text = '';
    let bytes = 0;
    const facets: Array<Record<string, unknown>> = [];
    const add = (s: string, feature?: Record<string, unknown>): void => {
      const len = Buffer.byteLength(s, 'utf8');
      if (feature) facets.push({ index: { byteStart: bytes, byteEnd: bytes + len }, features: [feature] });
      text += s;
      bytes += len;
    };
    for (const s of p.segs) {
      if (s.k === 't') add(s.s);
      else if (s.k === 'tag') add(`#${s.s}`, { $type: 'app.bsky.richtext.facet#tag', tag: s.s });
      else if (s.k === 'url') add(displayUrl(s.url), { $type: 'app.bsky.richtext.facet#link', uri: s.url });
      else add(`@${this.ctx.ids.handle(s.who.handle)}`, { $type: 'app.bsky.richtext.facet#mention', did: s.who.id });
    }
    return { text, facets };
  }

  write(e: SimEvent): void {
    if (e.type === 'create') {
      this.announce(e.account, e.t, e.n, true);
      return;
    }
    if (e.type === 'status') {
      const a = e.account;
      this.announce(a, e.t, e.n, false);
      this.emit(a.id, e.t, e.n, 'account', { account: { active: false, did: a.id, seq: this.seq++, status: e.status, time: iso(e.t) } });
      return;
    }
    if (e.type === 'follow') {
      this.announce(e.from, e.t, e.n, false);
      const rkey = tid(e.t * 1000 + (e.n % 1000), e.n % 1024);
      const record = { $type: 'app.bsky.graph.follow', createdAt: iso(e.t), subject: e.to.id };
      this.commit(e.from, e.t, e.n, 'app.bsky.graph.follow', rkey, record, fakeCid(`follow:${e.n}`));
      return;
    }
    const p = e;
    this.announce(p.author, p.t, p.n, false);
    if (p.repostOf) {
      const record = { $type: 'app.bsky.feed.repost', createdAt: iso(p.t), subject: strongRef(p.repostOf) };
      this.commit(p.author, p.t, p.n, 'app.bsky.feed.repost', p.id, record, fakeCid(`repost:${p.author.id}/${p.id}`));
      return;
    }
    const r = this.render(p);
    const record: Record<string, unknown> = { $type: 'app.bsky.feed.post', createdAt: iso(p.t), langs: [p.lang] };
    if (p.replyTo) record.reply = { parent: strongRef(p.replyTo), root: strongRef(p.replyTo.replyTo ?? p.replyTo) };
    record.text = r.text;
    if (r.facets.length) record.facets = r.facets;
    if (p.media.length) {
      record.embed = {
        $type: 'app.bsky.embed.images',
        images: p.media.map((m) => ({ alt: '', aspectRatio: { height: m.height, width: m.width }, image: blob(m) })),
      };
    }
    this.commit(p.author, p.t, p.n, 'app.bsky.feed.post', p.id, record, postCid(p));
  }

  ready(): Promise<void> {
    return this.out.ready();
  }

  close(): Promise<void> {
    return this.out.close();
  }
}
