/**
 * Bluesky Jetstream JSONL: `commit` events for posts (facets in UTF-8 byte offsets), reposts, follows
 * and profiles; `identity` events carrying handles; `account` events for suspensions
 * (`active:false, status:"suspended"`). An account's identity and profile are announced just before
 * its first event (as a profile update would be), a returning account's when it is created.
 *
 * Speed: posts and reposts (nearly every line) are written as bytes in the field order
 * `JSON.stringify` gave; the rare events (identity, profile, account, follow) still go through it.
 * A post's CID and URI are made once and kept on the post, for the reposts and replies that point at it.
 */
import { join } from 'node:path';
import { token, tokenBytes } from '../rng.js';
import { tid, tidBytes } from '../ids.js';
import { Bytes, enc, Sink } from '../sink.js';
import { perAccount, type SimAccount, type SimEvent, type SimMedia, type SimPost } from '../types.js';
import { displayUrl, iso, putIso, type FormatWriter, type WriterContext } from './common.js';

const B32 = 'abcdefghijklmnopqrstuvwxyz234567';
const CID_BODY = 52;
const fakeCid = (key: string, prefix = 'bafyrei'): string => prefix + token(key, CID_BODY, B32);
/** `fakeCid(key)` as bytes: the `bafyrei` prefix and 52 base32 characters. */
function cidBytes(key: string): Buffer {
  const b = Buffer.allocUnsafe(CID_PREFIX.length + CID_BODY);
  CID_PREFIX.copy(b, 0);
  tokenBytes(key, CID_BODY, B32, b, CID_PREFIX.length);
  return b;
}
const CID_PREFIX = enc('bafyrei');

function blob(m: SimMedia): Record<string, unknown> {
  return { $type: 'blob', ref: { $link: m.cid ?? fakeCid(`blob:${m.key}`, 'bafkrei') }, mimeType: m.mime, size: m.size ?? 0 };
}

/** What others point at in a post: its CID and `at://` URI (a strong ref is `{"cid":…,"uri":…}`). */
interface BskyRef {
  cid: Buffer;
  uri: Buffer;
}
function refOf(p: SimPost): BskyRef {
  return (p.render ??= { cid: cidBytes(`post:${p.author.id}/${p.id}`), uri: enc(`at://${p.author.id}/app.bsky.feed.post/${p.id}`) }) as BskyRef;
}

const J = {
  time: enc('","time_us":'),
  rev: enc(',"kind":"commit","commit":{"rev":"'),
  postCreate: enc('","operation":"create","collection":"app.bsky.feed.post","rkey":"'),
  repostCreate: enc('","operation":"create","collection":"app.bsky.feed.repost","rkey":"'),
  postRecord: enc('","record":{"$type":"app.bsky.feed.post","createdAt":"'),
  repostRecord: enc('","record":{"$type":"app.bsky.feed.repost","createdAt":"'),
  langs: enc('","langs":["'),
  replyParent: enc('"],"reply":{"parent":'),
  root: enc(',"root":'),
  replyEnd: enc('},"text":"'),
  text: enc('"],"text":"'),
  subject: enc('","subject":'),
  cid: enc('},"cid":"'),
  end: enc('"}}'),
  refCid: enc('{"cid":"'),
  refUri: enc('","uri":"'),
  refEnd: enc('"}'),
  facets: enc('","facets":['),
  start: enc('{"index":{"byteStart":'),
  byteEnd: enc(',"byteEnd":'),
  tag: enc('},"features":[{"$type":"app.bsky.richtext.facet#tag","tag":"'),
  link: enc('},"features":[{"$type":"app.bsky.richtext.facet#link","uri":"'),
  mention: enc('},"features":[{"$type":"app.bsky.richtext.facet#mention","did":"'),
  facetEnd: enc('"}]}'),
};

/** UTF-8 byte offset of each piece of the post being written (`writeText` is not reentrant). */
let offsets = new Int32Array(64);
const scratch = Buffer.alloc(64);

function putRef(b: Bytes, r: BskyRef): void {
  b.raw(J.refCid);
  b.raw(r.cid);
  b.raw(J.refUri);
  b.raw(r.uri);
  b.raw(J.refEnd);
}

export class JetstreamWriter implements FormatWriter {
  readonly files = { 'jetstream.jsonl': 'Bluesky Jetstream events (commit, identity, account) in time order' };
  private readonly out: Sink;
  private readonly seen: Uint8Array;
  private seq = 9_000_000_000;
  /** Per account: `{"did":"…` and the platform handle. */
  private readonly didJson: Array<Buffer | undefined>;
  private readonly handles: Array<string | undefined>;

  constructor(private readonly ctx: WriterContext) {
    this.out = new Sink(join(ctx.dir, 'jetstream.jsonl'));
    this.seen = new Uint8Array(ctx.accounts);
    this.didJson = perAccount<Buffer>(ctx.accounts);
    this.handles = perAccount<string>(ctx.accounts);
  }

  private handle(a: SimAccount): string {
    return (this.handles[a.i] ??= this.ctx.ids.handle(a.handle));
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
    this.emit(a.id, t, n, 'identity', { identity: { did: a.id, handle: this.handle(a), seq: this.seq++, time } });
    if (created) this.emit(a.id, t, n, 'account', { account: { active: true, did: a.id, seq: this.seq++, time } });
    const profile: Record<string, unknown> = { $type: 'app.bsky.actor.profile', createdAt: iso(a.created), description: a.bio, displayName: a.name };
    const avatar = a.avatar === '' ? undefined : this.ctx.media.avatar(a.avatar);
    if (avatar) profile.avatar = blob(avatar);
    this.commit(a, t, n, 'app.bsky.actor.profile', 'self', profile, fakeCid(`profile:${a.id}:${t}`), created ? 'create' : 'update');
  }

  /** `{"did":"…","time_us":…,"kind":"commit","commit":{"rev":"…` of a post or repost. */
  private commitHead(p: SimPost): void {
    const out = this.out;
    const a = p.author;
    out.raw((this.didJson[a.i] ??= enc(`{"did":"${a.id}`)));
    out.raw(J.time);
    const us = p.t * 1000 + (p.n % 1000);
    out.int(us);
    out.raw(J.rev);
    tidBytes(us, 0, scratch, 0);
    out.rawRange(scratch, 0, 13);
  }

  /** The text (after its opening quote) and the facets: text pieces first, their byte offsets kept for the second pass. */
  private writeText(p: SimPost): void {
    const out = this.out;
    const segs = p.segs;
    let bytes = 0;
    let facets = 0;
    if (offsets.length <= segs.length) offsets = new Int32Array(2 * segs.length + 1);
    for (let j = 0; j < segs.length; j++) {
      const s = segs[j]!;
      offsets[j] = bytes;
      if (s.k === 't') bytes += out.jsonText(s.s);
      else {
        facets++;
        if (s.k === 'tag') {
          out.byte(0x23);
          bytes += 1 + out.jsonText(s.s);
        } else if (s.k === 'url') bytes += out.jsonText(displayUrl(s.url));
        else {
          out.byte(0x40);
          bytes += 1 + out.jsonText(this.handle(s.who));
        }
      }
    }
    offsets[segs.length] = bytes;
    if (facets === 0) {
      out.byte(0x22);
      return;
    }
    out.raw(J.facets);
    let first = true;
    for (let j = 0; j < segs.length; j++) {
      const s = segs[j]!;
      if (s.k === 't') continue;
      if (!first) out.byte(0x2c);
      first = false;
      out.raw(J.start);
      out.int(offsets[j]!);
      out.raw(J.byteEnd);
      out.int(offsets[j + 1]!);
      if (s.k === 'tag') {
        out.raw(J.tag);
        out.jsonText(s.s);
      } else if (s.k === 'url') {
        out.raw(J.link);
        out.jsonText(s.url);
      } else {
        out.raw(J.mention);
        out.ascii(s.who.id);
      }
      out.raw(J.facetEnd);
    }
    out.byte(0x5d);
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
    const out = this.out;
    this.announce(p.author, p.t, p.n, false);
    this.commitHead(p);
    if (p.repostOf) {
      out.raw(J.repostCreate);
      out.ascii(p.id);
      out.raw(J.repostRecord);
      putIso(out, p.t);
      out.raw(J.subject);
      putRef(out, refOf(p.repostOf));
      out.raw(J.cid);
      out.raw(cidBytes(`repost:${p.author.id}/${p.id}`));
      out.raw(J.end);
      out.end();
      return;
    }
    out.raw(J.postCreate);
    out.ascii(p.id);
    out.raw(J.postRecord);
    putIso(out, p.t);
    out.raw(J.langs);
    out.ascii(p.lang);
    if (p.replyTo) {
      out.raw(J.replyParent);
      putRef(out, refOf(p.replyTo));
      out.raw(J.root);
      putRef(out, refOf(p.replyTo.replyTo ?? p.replyTo));
      out.raw(J.replyEnd);
    } else out.raw(J.text);
    this.writeText(p);
    if (p.media.length) {
      const images = p.media.map((m) => ({ alt: '', aspectRatio: { height: m.height, width: m.width }, image: blob(m) }));
      out.text(`,"embed":${JSON.stringify({ $type: 'app.bsky.embed.images', images })}`);
    }
    out.raw(J.cid);
    out.raw(refOf(p).cid);
    out.raw(J.end);
    out.end();
  }

  ready(): Promise<void> {
    return this.out.ready();
  }

  close(): Promise<void> {
    return this.out.close();
  }
}
