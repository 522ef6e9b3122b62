/**
 * The X information-operations archive CSV (the files X published about state-backed networks): one row
 * per tweet, Python-list cells for hashtags, urls and mentioned user ids, `True`/`False` flags, times to
 * the minute. Ids are not hashed here. Suspensions go to `compliance.jsonl` as for `x-v2`.
 */
import { join } from 'node:path';
import { Sink } from '../sink.js';
import type { SimEvent } from '../types.js';
import { COMPLIANCE_FILE, complianceLine, iso, type FormatWriter, type WriterContext } from './common.js';
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

export class IoCsvWriter implements FormatWriter {
  readonly files = {
    'tweets.csv': 'X information-operations archive CSV (one row per tweet)',
    'compliance.jsonl': COMPLIANCE_FILE,
  };
  private readonly out: Sink;
  private readonly compliance: Sink;

  constructor(ctx: WriterContext) {
    this.out = new Sink(join(ctx.dir, 'tweets.csv'));
    this.compliance = new Sink(join(ctx.dir, 'compliance.jsonl'));
    this.out.line(IO_COLUMNS.join(','));
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
    const r = renderX(orig ?? p);
    const text = orig ? `RT @${orig.author.handle}: ${r.text}` : r.text;
    const minute = iso(p.t).slice(0, 16).replace('T', ' ');
    const row: Array<string | number> = [
      p.id, a.id, a.name, a.handle, '', a.bio, '', a.followers, a.following, iso(a.created).slice(0, 10), a.lang, p.lang,
      text, minute, p.client, p.replyTo?.author.id ?? '', p.replyTo?.id ?? '', '',
      orig ? 'True' : 'False', orig?.author.id ?? '', orig?.id ?? '', '', '', 0, 0, 0, p.reposts,
      pyList((r.entities.hashtags ?? []).map((h) => h.tag)), pyList(r.links), pyList((r.entities.mentions ?? []).map((m) => m.id)), '',
    ];
    this.out.line(row.map(cell).join(','));
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
