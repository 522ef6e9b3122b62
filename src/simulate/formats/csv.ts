/**
 * The X information-operations archive CSV (the files X published about state-backed networks): one row
 * per tweet, Python-list cells for hashtags, urls and mentioned user ids, `True`/`False` flags, times to
 * the minute. Ids are not hashed here. Suspensions go to `compliance.jsonl` as for `x-v2`.
 */
import { join } from 'node:path';
import { enc, Sink } from '../sink.js';
import { perAccount, type SimEvent, type SimPost } from '../types.js';
import { COMPLIANCE_FILE, complianceLine, iso, putMinute, type FormatWriter, type WriterContext } from './common.js';
import { renderX } from './x-render.js';

export const IO_COLUMNS = [
  'tweetid', 'userid', 'user_display_name', 'user_screen_name', 'user_reported_location', 'user_profile_description',
  'user_profile_url', 'follower_count', 'following_count', 'account_creation_date', 'account_language', 'tweet_language',
  'tweet_text', 'tweet_time', 'tweet_client_name', 'in_reply_to_userid', 'in_reply_to_tweetid', 'quoted_tweet_tweetid',
  'is_retweet', 'retweet_userid', 'retweet_tweetid', 'latitude', 'longitude', 'quote_count', 'reply_count', 'like_count',
  'retweet_count', 'hashtags', 'urls', 'user_mentions', 'poll_choices',
] as const;

/** Python's repr of a list of strings: `['a', "it's"]`. */
export function pyList(items: readonly string[]): string {
  const repr = (s: string): string =>
    s.includes("'") && !s.includes('"') ? `"${s.replace(/\\/g, '\\\\')}"` : `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return `[${items.map(repr).join(', ')}]`;
}

const cell = (v: string | number): string => {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * What a row takes from the post it shows (the original, for a retweet): the text cell, and the
 * hashtags, urls and user_mentions cells. Encoded once per reposted post and copied for every retweet.
 */
interface CsvContent {
  text: Buffer;
  /** `,<retweet_count>` goes before these: `,hashtags,urls,user_mentions,` */
  lists: Buffer;
}

function content(p: SimPost, retweet: boolean): CsvContent {
  const r = renderX(p);
  const text = retweet ? `RT @${p.author.handle}: ${r.text}` : r.text;
  const lists = `,${cell(pyList((r.entities.hashtags ?? []).map((h) => h.tag)))},${cell(pyList(r.links))},${cell(pyList((r.entities.mentions ?? []).map((m) => m.id)))},`;
  return { text: enc(cell(text)), lists: enc(lists) };
}
const TRUE = enc(',True,');
const FALSE = enc(',False,');
const COUNTS = enc(',,,0,0,0,');

export class IoCsvWriter implements FormatWriter {
  readonly files = {
    'tweets.csv': 'X information-operations archive CSV (one row per tweet)',
    'compliance.jsonl': COMPLIANCE_FILE,
  };
  private readonly out: Sink;
  private readonly compliance: Sink;
  /** Per account: `,userid,…,account_language,` (profile cells that every row of the account repeats). */
  private readonly accountCells: Array<Buffer | undefined>;
  private readonly clients = new Map<string, Buffer>();

  constructor(ctx: WriterContext) {
    this.out = new Sink(join(ctx.dir, 'tweets.csv'));
    this.compliance = new Sink(join(ctx.dir, 'compliance.jsonl'));
    this.out.line(IO_COLUMNS.join(','));
    this.accountCells = perAccount<Buffer>(ctx.accounts);
  }

  write(e: SimEvent): void {
    if (e.type === 'status') {
      this.compliance.line(complianceLine(e.account, e.t, e.status));
      return;
    }
    if (e.type !== 'post') return;
    const p = e;
    const a = p.author;
    const orig = p.repostOf;
    const out = this.out;
    const c = orig ? ((orig.render ??= content(orig, true)) as CsvContent) : content(p, false);
    out.ascii(p.id);
    out.raw((this.accountCells[a.i] ??= enc(`,${[a.id, a.name, a.handle, '', a.bio, '', a.followers, a.following, iso(a.created).slice(0, 10), a.lang].map(cell).join(',')},`)));
    out.ascii(p.lang);
    out.byte(0x2c);
    out.raw(c.text);
    out.byte(0x2c);
    putMinute(out, p.t);
    out.byte(0x2c);
    let client = this.clients.get(p.client);
    if (!client) this.clients.set(p.client, (client = enc(cell(p.client))));
    out.raw(client);
    out.byte(0x2c);
    if (p.replyTo) {
      out.ascii(p.replyTo.author.id);
      out.byte(0x2c);
      out.ascii(p.replyTo.id);
    } else out.byte(0x2c);
    out.byte(0x2c);
    if (orig) {
      out.raw(TRUE);
      out.ascii(orig.author.id);
      out.byte(0x2c);
      out.ascii(orig.id);
    } else {
      out.raw(FALSE);
      out.byte(0x2c);
    }
    out.raw(COUNTS);
    out.int(p.reposts);
    out.raw(c.lists);
    out.end();
  }

  async ready(): Promise<void> {
    await this.out.ready();
    await this.compliance.ready();
  }

  async close(): Promise<void> {
    await this.out.close();
    await this.compliance.close();
  }
}
