/**
 * X API v2 as twarc2 writes it: one response page per line (`data`, `includes.users/tweets/media`,
 * `meta`, `__twarc`), retweets with the full original in `includes.tweets`. Suspensions go to
 * `compliance.jsonl` in the batch-compliance result shape.
 *
 * Speed: a page goes to the file buffer as it is made (its `data` first, then the includes gathered on
 * the way), written as bytes in the field order `JSON.stringify` gave. What recurs is encoded once
 * and copied afterwards: each account's user object (around its changing tweet count) and author
 * fields, each reposted tweet's retweet text (all retweets of a post share it) and its object in
 * `includes.tweets`. Only post text goes through the UTF-8 encoder.
 */
import { join } from 'node:path';
import { Bytes, enc, Sink } from '../sink.js';
import { perAccount, type SimAccount, type SimEvent, type SimPost } from '../types.js';
import { COMPLIANCE_FILE, complianceLine, iso, mediaUrl, putIso, type FormatWriter, type WriterContext } from './common.js';
import { mediaKey, retweetText, textJson, writeXText, xUser } from './x-render.js';

const PAGE = 100;
const TWARC_URL =
  'https://api.twitter.com/2/tweets/search/all?expansions=author_id%2Cin_reply_to_user_id%2Creferenced_tweets.id%2Creferenced_tweets.id.author_id%2Centities.mentions.username%2Cattachments.media_keys&tweet.fields=attachments%2Cauthor_id%2Cconversation_id%2Ccreated_at%2Centities%2Cid%2Cin_reply_to_user_id%2Clang%2Cpublic_metrics%2Ctext%2Cpossibly_sensitive%2Creferenced_tweets%2Creply_settings%2Csource&user.fields=created_at%2Cdescription%2Cid%2Clocation%2Cname%2Cprofile_image_url%2Cprotected%2Cpublic_metrics%2Curl%2Cusername%2Cverified&media.fields=height%2Cmedia_key%2Ctype%2Curl%2Cwidth&max_results=100&query=sim';

/** JSON as UTF-8 around one count, the only part that changes between uses (users, reposted tweets). */
type Holed = [Buffer, Buffer];

/** Encoded JSON of a post others point at (kept on the post: bytes, not objects, live long). */
interface XCache {
  rtBody?: Buffer;
  /** The whole tweet object around its retweet count, for `includes.tweets` of later pages. */
  full?: Holed;
  /** Page the post was last put in `includes.tweets` of (dedupes per page). */
  page: number;
}
// All fields from the start: one object shape (added later, they made five and megamorphic reads).
const cacheOf = (p: SimPost): XCache => (p.render ??= { page: 0, rtBody: undefined, full: undefined }) as XCache;

const COUNT_HOLE = -987654321;
function holed(json: string): Holed {
  const [before, after] = json.split(String(COUNT_HOLE)) as [string, string];
  return [Buffer.from(before), Buffer.from(after)];
}

function putHoled(out: Bytes, h: Holed, count: number): void {
  out.raw(h[0]);
  out.int(count);
  out.raw(h[1]);
}

const T = {
  id: enc('{"id":"'),
  textStart: enc('",'),
  conversation: enc('","conversation_id":"'),
  replyUser: enc('","in_reply_to_user_id":"'),
  repliedTo: enc('","referenced_tweets":[{"type":"replied_to","id":"'),
  retweeted: enc('","referenced_tweets":[{"type":"retweeted","id":"'),
  refEnd: enc('"}]'),
  quote: enc('"'),
  tail: enc(',"reply_count":0,"like_count":0,"quote_count":0},"possibly_sensitive":false,"reply_settings":"everyone","edit_history_tweet_ids":["'),
  end: enc('"]}'),
};

/** What a tweet object repeats for every tweet of one account: its author part, and lang + client. */
interface AuthorParts {
  /** `,"author_id":"…","created_at":"` */
  author: Buffer;
  lang: string;
  /** `,"lang":"…","source":"…","public_metrics":{"retweet_count":` for the account's own language. */
  langSource: Buffer;
}
const langSources = new Map<string, Buffer>();
const langSource = (lang: string, client: string): Buffer => {
  const key = `${lang}\u0000${client}`;
  let b = langSources.get(key);
  if (!b) langSources.set(key, (b = enc(`,"lang":"${lang}","source":"${client}","public_metrics":{"retweet_count":`)));
  return b;
};

/**
 * One tweet object up to its retweet count, in X's field order (the bytes `JSON.stringify` gave):
 * fixed and per-account parts are copied, ids are copied as ASCII, the time is written digit by
 * digit, and only the text goes through the UTF-8 encoder.
 */
function tweetHead(b: Bytes, p: SimPost, partsOf: Array<AuthorParts | undefined>): void {
  const orig = p.repostOf;
  const reply = p.replyTo;
  const a = p.author;
  const parts = (partsOf[a.i] ??= { author: enc(`,"author_id":"${a.id}","created_at":"`), lang: a.lang, langSource: langSource(a.lang, p.client) });
  b.raw(T.id);
  b.ascii(p.id);
  b.raw(T.textStart);
  if (orig) {
    const c = cacheOf(orig);
    b.raw((c.rtBody ??= Buffer.from(textJson(retweetText(orig)))));
  } else {
    writeXText(b, p);
  }
  b.raw(parts.author);
  putIso(b, p.t);
  b.raw(T.conversation);
  b.ascii(reply ? (reply.replyTo?.id ?? reply.id) : p.id);
  if (reply) {
    b.raw(T.replyUser);
    b.ascii(reply.author.id);
    b.raw(T.repliedTo);
    b.ascii(reply.id);
    b.raw(T.refEnd);
  } else if (orig) {
    b.raw(T.retweeted);
    b.ascii(orig.id);
    b.raw(T.refEnd);
  } else b.raw(T.quote);
  if (!orig && p.media.length) b.text(`,"attachments":{"media_keys":[${p.media.map((_, k) => `"${mediaKey(p, k)}"`).join(',')}]}`);
  b.raw(p.lang === parts.lang ? parts.langSource : langSource(p.lang, p.client));
}

function tweetTail(b: Bytes, p: SimPost): void {
  b.raw(T.tail);
  b.ascii(p.id);
  b.raw(T.end);
}

const P = {
  data: enc('{"data":['),
  users: enc('],"includes":{"users":['),
  tweets: enc('],"tweets":['),
  close: enc(']'),
  newest: enc('},"meta":{"newest_id":"'),
  oldest: enc('","oldest_id":"'),
  count: enc('","result_count":'),
};

export class XV2Writer implements FormatWriter {
  readonly files = {
    'tweets.jsonl': 'X API v2 response pages as twarc2 writes them (data + includes + meta + __twarc)',
    'compliance.jsonl': COMPLIANCE_FILE,
  };
  private readonly out: Sink;
  private readonly compliance: Sink;
  private readonly scratch = new Bytes();
  private count = 0;
  private first = '';
  private last = '';
  /**
   * The page's data goes straight to the file; what its includes need is gathered on the way:
   * accounts (deduped by a per-account page stamp) and referenced tweets (stamped in their cache).
   */
  private readonly users: SimAccount[] = [];
  private readonly onPage: Int32Array;
  private readonly refs: SimPost[] = [];
  /** Their retweet counts when first referenced on the page (later slices may add reposts). */
  private readonly refCounts: number[] = [];
  private pageNo = 1;
  private media: string[] = [];
  /** Per-account caches, dense arrays (filled at random indices, a plain `[]` turns into a hash table). */
  private readonly userJson: Array<Holed | undefined>;
  private readonly parts: Array<AuthorParts | undefined>;
  private readonly tail: Buffer;

  constructor(private readonly ctx: WriterContext) {
    this.out = new Sink(join(ctx.dir, 'tweets.jsonl'));
    this.compliance = new Sink(join(ctx.dir, 'compliance.jsonl'));
    this.onPage = new Int32Array(ctx.accounts);
    this.userJson = perAccount<Holed>(ctx.accounts);
    this.parts = perAccount<AuthorParts>(ctx.accounts);
    const twarc = { url: TWARC_URL, version: '2.14.0', retrieved_at: iso(ctx.end).replace('.000Z', '+00:00') };
    this.tail = enc(`},"__twarc":${JSON.stringify(twarc)}}`);
  }

  write(e: SimEvent): void {
    if (e.type === 'status') {
      this.compliance.line(complianceLine(e.account, e.t, e.status));
      return;
    }
    if (e.type !== 'post') return;
    const p = e;
    const out = this.out;
    if (this.count === 0) {
      this.first = p.id;
      out.raw(P.data);
    } else out.byte(0x2c);
    this.count++;
    this.last = p.id;
    tweetHead(out, p, this.parts);
    out.int(p.reposts);
    tweetTail(out, p);
    this.user(p.author);
    const ref = p.repostOf ?? p.replyTo;
    if (ref) {
      const c = cacheOf(ref);
      if (c.page !== this.pageNo) {
        c.page = this.pageNo;
        this.refs.push(ref);
        this.refCounts.push(ref.reposts);
        this.user(ref.author);
        this.addMedia(ref);
      }
    }
    for (const s of (p.repostOf ?? p).segs) if (s.k === 'mention') this.user(s.who);
    if (!p.repostOf) this.addMedia(p);
    if (this.count >= PAGE) this.page();
  }

  private user(a: SimAccount): void {
    if (this.onPage[a.i] === this.pageNo) return;
    this.onPage[a.i] = this.pageNo;
    this.users.push(a);
  }

  private addMedia(p: SimPost): void {
    p.media.forEach((m, k) => this.media.push(JSON.stringify({ media_key: mediaKey(p, k), type: 'photo', url: mediaUrl(m), width: m.width, height: m.height })));
  }

  /** The whole tweet object around its retweet count, encoded once per referenced post. */
  private full(p: SimPost): Holed {
    const c = cacheOf(p);
    if (!c.full) {
      const b = this.scratch;
      b.reset();
      tweetHead(b, p, this.parts);
      const before = b.copyFrom(0);
      b.reset();
      tweetTail(b, p);
      c.full = [before, b.copyFrom(0)];
    }
    return c.full;
  }

  private page(): void {
    if (this.count === 0) return;
    const out = this.out;
    out.raw(P.users);
    const users = this.users;
    for (let k = 0; k < users.length; k++) {
      const a = users[k]!;
      if (k > 0) out.byte(0x2c);
      putHoled(out, (this.userJson[a.i] ??= holed(JSON.stringify(xUser(a, this.ctx, COUNT_HOLE)))), a.posts);
    }
    if (this.refs.length) {
      out.raw(P.tweets);
      this.refs.forEach((ref, k) => {
        if (k > 0) out.byte(0x2c);
        putHoled(out, this.full(ref), this.refCounts[k]!);
      });
    }
    out.raw(P.close);
    if (this.media.length) out.text(`,"media":[${this.media.join(',')}]`);
    out.raw(P.newest);
    out.ascii(this.last);
    out.raw(P.oldest);
    out.ascii(this.first);
    out.raw(P.count);
    out.int(this.count);
    out.raw(this.tail);
    out.end();
    this.count = 0;
    this.users.length = 0;
    this.refs.length = 0;
    this.refCounts.length = 0;
    this.pageNo++;
    this.media = [];
  }

  async ready(): Promise<void> {
    await this.out.ready();
    await this.compliance.ready();
  }

  async close(): Promise<void> {
    this.page();
    await this.out.close();
    await this.compliance.close();
  }
}
