/**
 * What is written beside the platform file, post by post: `truth-posts.tsv` (every post's label,
 * campaign, role and author), `labels.tsv` (original posts' text and class, for the classifier) and
 * the summary statistics. Per-account columns are encoded once: these lines are on the hot path.
 */
import { join } from 'node:path';
import { plainText } from './content.js';
import { enc, Sink } from './sink.js';
import { TRUTH_POST_COLUMNS, type TruthStats } from './truth.js';
import { perAccount, type IdScheme, type SimPost } from './types.js';

const BREAKS = /[\t\r\n]/;
const LABEL: Record<SimPost['label'], Buffer> = { propaganda: enc('\tpropaganda\t'), benign: enc('\tbenign\t') };

export class Sidecars {
  readonly stats: TruthStats = { posts: 0, reposts: 0, replies: 0, withLinks: 0, withHashtags: 0, propaganda: 0, byLang: {}, networkTopShare: 0 };
  private readonly truth: Sink;
  private readonly labels: Sink;
  /** `\t<role>\t<account>` and `<account>` per account, as UTF-8. */
  private readonly roleAccount: Array<Buffer | undefined>;
  private readonly account: Array<Buffer | undefined>;
  private readonly perMember = new Map<number, number>();
  private readonly handles: Array<string | undefined>;

  /** `accounts`: size of the account table (per-account caches are dense arrays of that size). */
  constructor(dir: string, private readonly ids: IdScheme, accounts: number) {
    this.roleAccount = perAccount<Buffer>(accounts);
    this.account = perAccount<Buffer>(accounts);
    this.handles = perAccount<string>(accounts);
    this.truth = new Sink(join(dir, 'truth-posts.tsv'));
    this.labels = new Sink(join(dir, 'labels.tsv'));
    this.truth.line(TRUTH_POST_COLUMNS.join('\t'));
    this.labels.line('text\tlabel\taccount');
  }

  post(p: SimPost): void {
    const s = this.stats;
    const a = p.author;
    const content = p.repostOf ?? p;
    s.posts++;
    if (p.repostOf) s.reposts++;
    if (p.replyTo) s.replies++;
    let links = false;
    let tags = false;
    for (const seg of content.segs) {
      if (seg.k === 'url') links = true;
      else if (seg.k === 'tag') tags = true;
    }
    if (links) s.withLinks++;
    if (tags) s.withHashtags++;
    if (p.label === 'propaganda') s.propaganda++;
    s.byLang[p.lang] = (s.byLang[p.lang] ?? 0) + 1;
    if (a.role === 'member') this.perMember.set(a.i, (this.perMember.get(a.i) ?? 0) + 1);

    const account = (this.account[a.i] ??= enc(this.ids.qualifiedAccount(a)));
    const truth = this.truth;
    // Qualified ids are ASCII on every platform (digits, base32 DIDs and TIDs, host names).
    truth.ascii(this.ids.qualifiedPost(p));
    truth.raw(LABEL[p.label]);
    if (p.campaign) truth.ascii(p.campaign);
    truth.raw((this.roleAccount[a.i] ??= enc(`\t${a.role}\t${this.ids.qualifiedAccount(a)}`)));
    truth.end();
    if (p.repostOf) return;
    this.labelText(p);
    this.labels.raw(LABEL[p.label]);
    this.labels.raw(account);
    this.labels.end();
  }

  /** The post's plain text (links as given), written piece by piece: what `plainText` gives. */
  private labelText(p: SimPost): void {
    const out = this.labels;
    for (const s of p.segs) {
      // Template text has no tabs or newlines; a stray one must not break the TSV.
      if (BREAKS.test(s.k === 't' || s.k === 'tag' ? s.s : s.k === 'url' ? s.url : s.who.handle)) {
        out.text(plainText(p.segs, (a) => this.ids.handle(a.handle)).replace(/[\t\r\n]+/g, ' '));
        return;
      }
    }
    for (const s of p.segs) {
      if (s.k === 't') out.text(s.s);
      else if (s.k === 'tag') {
        out.byte(0x23);
        out.text(s.s);
      } else if (s.k === 'url') out.text(s.url);
      else {
        out.byte(0x40);
        out.text((this.handles[s.who.i] ??= this.ids.handle(s.who.handle)));
      }
    }
  }

  ready(): Promise<unknown> {
    return Promise.all([this.truth.ready(), this.labels.ready()]);
  }

  /** Closes the files and completes the statistics. */
  async close(): Promise<TruthStats> {
    await Promise.all([this.truth.close(), this.labels.close()]);
    this.stats.networkTopShare = topShare([...this.perMember.values()]);
    this.stats.byLang = Object.fromEntries(Object.entries(this.stats.byLang).sort(([a], [b]) => (a < b ? -1 : 1)));
    return this.stats;
  }
}

/** Share of posts written by the top 10/112 of accounts (the Kaggle set's concentration measure). */
export function topShare(counts: number[]): number {
  if (counts.length === 0) return 0;
  const sorted = [...counts].sort((a, b) => b - a);
  const k = Math.max(1, Math.round((sorted.length * 10) / 112));
  const total = sorted.reduce((a, b) => a + b, 0);
  return sorted.slice(0, k).reduce((a, b) => a + b, 0) / total;
}
