/**
 * X API v2 as twarc2 writes it: one response page per line (`data`, `includes.users/tweets/media`,
 * `meta`, `__twarc`), retweets with the full original in `includes.tweets`. Suspensions go to
 * `compliance.jsonl` in the batch-compliance result shape.
 *
 * Speed: a page is streamed from parts, never built as one string. What recurs is encoded to UTF-8
 * once and copied afterwards: each account's user object (around its changing tweet count), each
 * reposted tweet's retweet text (all retweets of a post share it) and its object in `includes.tweets`.
 */
import { join } from 'node:path';
import { Bytes, Sink } from '../sink.js';
import type { SimAccount, SimEvent, SimPost } from '../types.js';
import { COMPLIANCE_FILE, complianceLine, iso, mediaUrl, type FormatWriter, type WriterContext } from './common.js';
import { mediaKey, renderX, retweetText, textJson, xUser } from './x-render.js';

const PAGE = 100;
const TWARC_URL =
  'https://api.twitter.com/2/tweets/search/all?expansions=author_id%2Cin_reply_to_user_id%2Creferenced_tweets.id%2Creferenced_tweets.id.author_id%2Centities.mentions.username%2Cattachments.media_keys&tweet.fields=attachments%2Cauthor_id%2Cconversation_id%2Ccreated_at%2Centities%2Cid%2Cin_reply_to_user_id%2Clang%2Cpublic_metrics%2Ctext%2Cpossibly_sensitive%2Creferenced_tweets%2Creply_settings%2Csource&user.fields=created_at%2Cdescription%2Cid%2Clocation%2Cname%2Cprofile_image_url%2Cprotected%2Cpublic_metrics%2Curl%2Cusername%2Cverified&media.fields=height%2Cmedia_key%2Ctype%2Curl%2Cwidth&max_results=100&query=sim';

/** Encoded JSON of a post others point at (kept on the post: bytes, not objects, live long). */
interface XCache {
  rtBody?: Buffer;
  /** The whole tweet object around its retweet count, for `includes.tweets` of later pages. */
  full?: [Buffer, Buffer];
}
const cacheOf = (p: SimPost): XCache => (p.render ??= {}) as XCache;

/** JSON as UTF-8 around one count, the only part that changes between uses (users, reposted tweets). */
type Holed = [Buffer, Buffer];
const COUNT_HOLE = -987654321;
function holed(json: string): Holed {
  const [before, after] = json.split(String(COUNT_HOLE)) as [string, string];
  return [Buffer.from(before), Buffer.from(after)];
}

function putHoled(out: Sink | Bytes, [before, after]: Holed, count: number): void {
  out.putBytes(before);
  out.put(`${count}`);
  out.putBytes(after);
}

/** One tweet object, written field by field: ids, counts and fixed strings need no escaping. */
function writeTweet(b: Bytes, p: SimPost, retweets = p.reposts): void {
  const orig = p.repostOf;
  const reply = p.replyTo;
  b.put(`{"id":"${p.id}",`);
  if (orig) {
    const c = cacheOf(orig);
    b.putBytes((c.rtBody ??= Buffer.from(textJson(retweetText(orig)))));
  } else {
    b.put(textJson(renderX(p)));
  }
  let s = `,"author_id":"${p.author.id}","created_at":"${iso(p.t)}","conversation_id":"${reply ? (reply.replyTo?.id ?? reply.id) : p.id}"`;
  if (reply) s += `,"in_reply_to_user_id":"${reply.author.id}","referenced_tweets":[{"type":"replied_to","id":"${reply.id}"}]`;
  if (orig) s += `,"referenced_tweets":[{"type":"retweeted","id":"${orig.id}"}]`;
  else if (p.media.length) s += `,"attachments":{"media_keys":[${p.media.map((_, k) => `"${mediaKey(p, k)}"`).join(',')}]}`;
  b.put(
    `${s},"lang":"${p.lang}","source":"${p.client}","public_metrics":{"retweet_count":${retweets},"reply_count":0,"like_count":0,"quote_count":0},"possibly_sensitive":false,"reply_settings":"everyone","edit_history_tweet_ids":["${p.id}"]}`,
  );
}

export class XV2Writer implements FormatWriter {
  readonly files = {
    'tweets.jsonl': 'X API v2 response pages as twarc2 writes them (data + includes + meta + __twarc)',
    'compliance.jsonl': COMPLIANCE_FILE,
  };
  private readonly out: Sink;
  private readonly compliance: Sink;
  private readonly data = new Bytes();
  private readonly tweets = new Bytes();
  private readonly scratch = new Bytes();
  private count = 0;
  private first = '';
  private last = '';
  /** Accounts and referenced tweets on the current page; `onPage` stamps dedupe them per page. */
  private users: SimAccount[] = [];
  private readonly onPage: Int32Array;
  private tweetIds = new Set<string>();
  private pageNo = 1;
  private media: string[] = [];
  private readonly userJson: Array<Holed | undefined> = [];
  private readonly tail: string;

  constructor(private readonly ctx: WriterContext) {
    this.out = new Sink(join(ctx.dir, 'tweets.jsonl'));
    this.compliance = new Sink(join(ctx.dir, 'compliance.jsonl'));
    this.onPage = new Int32Array(ctx.accounts);
    const twarc = { url: TWARC_URL, version: '2.14.0', retrieved_at: iso(ctx.end).replace('.000Z', '+00:00') };
    this.tail = `,"__twarc":${JSON.stringify(twarc)}}`;
  }

  write(e: SimEvent): void {
    if (e.type === 'status') {
      this.compliance.line(complianceLine(e.account, e.t, e.status));
      return;
    }
    if (e.type !== 'post') return;
    const p = e;
    if (this.count === 0) this.first = p.id;
    else this.data.put(',');
    this.count++;
    this.last = p.id;
    writeTweet(this.data, p);
    this.user(p.author);
    const ref = p.repostOf ?? p.replyTo;
    if (ref && !this.tweetIds.has(ref.id)) {
      if (this.tweetIds.size > 0) this.tweets.put(',');
      this.tweetIds.add(ref.id);
      const c = cacheOf(ref);
      if (!c.full) {
        this.scratch.reset();
        writeTweet(this.scratch, ref, COUNT_HOLE);
        c.full = holed(this.scratch.view().toString());
      }
      putHoled(this.tweets, c.full, ref.reposts);
      this.user(ref.author);
      this.addMedia(ref);
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

  private page(): void {
    if (this.count === 0) return;
    const out = this.out;
    out.put('{"data":[');
    out.putBytes(this.data.view());
    out.put('],"includes":{"users":[');
    this.users.forEach((a, k) => {
      if (k > 0) out.put(',');
      putHoled(out, (this.userJson[a.i] ??= holed(JSON.stringify(xUser(a, this.ctx, COUNT_HOLE)))), a.posts);
    });
    out.put(']');
    if (this.tweetIds.size) {
      out.put(',"tweets":[');
      out.putBytes(this.tweets.view());
      out.put(']');
    }
    if (this.media.length) out.put(`,"media":[${this.media.join(',')}]`);
    out.put(`},"meta":{"newest_id":"${this.last}","oldest_id":"${this.first}","result_count":${this.count}}`);
    out.put(this.tail);
    out.end();
    this.data.reset();
    this.tweets.reset();
    this.count = 0;
    this.users = [];
    this.tweetIds = new Set();
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
