/**
 * Mastodon streaming capture: one `{"event":"update","payload":"<Status JSON as a string>"}` per line,
 * as the streaming API delivers it. Content is HTML (links, hashtags and mentions as Mastodon renders
 * them), reblogs wrap the original status. All accounts are local to one reserved-name instance.
 * The public streams carry no suspension events, so suspensions exist only in the truth.
 *
 * Speed: the payload is JSON inside a JSON string, so it is written already escaped twice, in the
 * field order `JSON.stringify` gave: fixed fragments are escaped once at load, each account's object
 * once per run (around its changing status count), each reblogged post's content once per post.
 */
import { join } from 'node:path';
import { MASTODON_INSTANCE, snowflake } from '../ids.js';
import { Bytes, enc, needsJsonEscape, Sink } from '../sink.js';
import { perAccount, type SimAccount, type SimEvent, type SimPost } from '../types.js';
import { avatarUrl, displayUrl, mediaUrl, putIso, type FormatWriter, type WriterContext } from './common.js';

const BASE = `https://${MASTODON_INSTANCE}`;
const HTML_SPECIAL = /[&<>"']/;
const esc = (s: string): string =>
  HTML_SPECIAL.test(s) ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;') : s;

function account(a: SimAccount, ctx: WriterContext, statuses: number): Record<string, unknown> {
  const avatar = avatarUrl(a, ctx.media) ?? `${BASE}/avatars/original/missing.png`;
  const day = new Date(a.created);
  day.setUTCHours(0, 0, 0, 0);
  return {
    id: a.id, username: a.handle, acct: a.handle, display_name: a.name, locked: false, bot: a.role === 'bot',
    discoverable: true, group: false, created_at: day.toISOString(), note: a.bio === '' ? '' : `<p>${esc(a.bio)}</p>`,
    url: `${BASE}/@${a.handle}`, uri: `${BASE}/users/${a.handle}`, avatar, avatar_static: avatar,
    header: `${BASE}/headers/original/missing.png`, header_static: `${BASE}/headers/original/missing.png`,
    followers_count: a.followers, following_count: a.following, statuses_count: statuses, emojis: [], fields: [],
  };
}

/** `s` as it appears inside the payload string: JSON-escaped for the status, then for the line. */
const twice = (s: string): string => JSON.stringify(JSON.stringify(s).slice(1, -1)).slice(1, -1);
/** Status JSON as it appears inside the payload string (escaped once). */
const once = (json: string): string => JSON.stringify(json).slice(1, -1);
const E = (json: string): Buffer => enc(once(json));

function putTwice(b: Bytes, s: string): void {
  b.text(needsJsonEscape(s) ? twice(s) : s);
}

const COUNT_HOLE = -987654321;
type Holed = [Buffer, Buffer];
function holed(escaped: string): Holed {
  const [before, after] = escaped.split(String(COUNT_HOLE)) as [string, string];
  return [enc(before), enc(after)];
}

const F = {
  line: enc('{"event":"update","payload":"'),
  lineEnd: enc('"}'),
  id: E('{"id":"'),
  created: E('","created_at":"'),
  replyTo: E('","in_reply_to_id":"'),
  replyAccount: E('","in_reply_to_account_id":"'),
  noReply: E('","in_reply_to_id":null,"in_reply_to_account_id":null'),
  replyEnd: E('"'),
  language: E(',"sensitive":false,"spoiler_text":"","visibility":"public","language":"'),
  noLanguage: E(',"sensitive":false,"spoiler_text":"","visibility":"public","language":null'),
  uri: E(`","uri":"${BASE}/users/`),
  uriNull: E(`,"uri":"${BASE}/users/`),
  statuses: E('/statuses/'),
  activityNoUrl: E('/activity","url":null'),
  url: E(`","url":"${BASE}/@`),
  slash: E('/'),
  reblogs: E('","replies_count":0,"reblogs_count":'),
  reblogsNoUrl: E(',"replies_count":0,"reblogs_count":'),
  content: E(',"favourites_count":0,"edited_at":null,"content":"'),
  noReblog: E('","reblog":null'),
  reblog: E('","reblog":'),
  account: E(',"application":{"name":"Web","website":null},"account":'),
  media: E(',"media_attachments":'),
  noMedia: E(',"media_attachments":[]'),
  mentions: E(',"mentions":['),
  tags: E('],"tags":['),
  end: E('],"emojis":[],"card":null,"poll":null}'),
  comma: E(','),
  // HTML sits inside a string of the status: escaped twice.
  p: enc(twice('<p>')),
  pEnd: enc(twice('</p>')),
  linkStart: enc(twice('<a href="')),
  linkMid: enc(twice('" target="_blank" rel="nofollow noopener noreferrer">')),
  linkEnd: enc(twice('</a>')),
};

/** What a status shows of its post: content HTML and the mentions and tags lists, escaped for the payload. */
interface MastodonContent {
  html: Buffer;
  mentions: Buffer;
  tags: Buffer;
}

export class MastodonWriter implements FormatWriter {
  readonly files = { 'mastodon.jsonl': `Mastodon streaming capture (update events) from ${MASTODON_INSTANCE}` };
  private readonly out: Sink;
  private readonly scratch = new Bytes();
  private readonly accounts: Array<Holed | undefined>;
  /** Per account: its mention's HTML and its entry in `mentions`, escaped for the payload. */
  private readonly mentionParts: Array<[Buffer, Buffer] | undefined>;
  /** Per hashtag: its HTML and its entry in `tags` (vocabularies are small). */
  private readonly tagParts = new Map<string, [Buffer, Buffer]>();

  constructor(private readonly ctx: WriterContext) {
    this.out = new Sink(join(ctx.dir, 'mastodon.jsonl'));
    this.accounts = perAccount<Holed>(ctx.accounts);
    this.mentionParts = perAccount<[Buffer, Buffer]>(ctx.accounts);
  }

  private tag(s: string): [Buffer, Buffer] {
    let t = this.tagParts.get(s);
    if (!t) {
      const html = `<a href="${BASE}/tags/${encodeURIComponent(s)}" class="mention hashtag" rel="tag">#<span>${esc(s)}</span></a>`;
      const entry = JSON.stringify({ name: s.toLowerCase(), url: `${BASE}/tags/${encodeURIComponent(s.toLowerCase())}` });
      this.tagParts.set(s, (t = [enc(twice(html)), E(entry)]));
    }
    return t;
  }

  private mention(a: SimAccount): [Buffer, Buffer] {
    const h = a.handle;
    return (this.mentionParts[a.i] ??= [
      enc(twice(`<span class="h-card" translate="no"><a href="${BASE}/@${h}" class="u-url mention">@<span>${h}</span></a></span>`)),
      E(JSON.stringify({ id: a.id, username: h, url: `${BASE}/@${h}`, acct: h })),
    ]);
  }

  /** Content HTML and the mentions and tags lists of an original post. */
  private content(p: SimPost): MastodonContent {
    const b = this.scratch;
    b.reset();
    b.raw(F.p);
    for (const s of p.segs) {
      if (s.k === 't') putTwice(b, esc(s.s));
      else if (s.k === 'tag') b.raw(this.tag(s.s)[0]);
      else if (s.k === 'url') {
        b.raw(F.linkStart);
        putTwice(b, esc(s.url));
        b.raw(F.linkMid);
        putTwice(b, esc(displayUrl(s.url)));
        b.raw(F.linkEnd);
      } else b.raw(this.mention(s.who)[0]);
    }
    b.raw(F.pEnd);
    const html = b.copyFrom(0);
    b.reset();
    let first = true;
    for (const s of p.segs) {
      if (s.k !== 'mention') continue;
      if (!first) b.raw(F.comma);
      first = false;
      b.raw(this.mention(s.who)[1]);
    }
    const mentions = b.copyFrom(0);
    b.reset();
    first = true;
    for (const s of p.segs) {
      if (s.k !== 'tag') continue;
      if (!first) b.raw(F.comma);
      first = false;
      b.raw(this.tag(s.s)[1]);
    }
    return { html, mentions, tags: b.copyFrom(0) };
  }

  /** One status; `reblogOf`: this is the reblog wrapper of that post. */
  private status(p: SimPost, reblogOf?: SimPost): void {
    const out = this.out;
    const a = p.author;
    out.raw(F.id);
    out.ascii(p.id);
    out.raw(F.created);
    putIso(out, p.t);
    if (p.replyTo) {
      out.raw(F.replyTo);
      out.ascii(p.replyTo.id);
      out.raw(F.replyAccount);
      out.ascii(p.replyTo.author.id);
      out.raw(F.replyEnd);
    } else out.raw(F.noReply);
    if (reblogOf) out.raw(F.noLanguage);
    else {
      out.raw(F.language);
      out.ascii(p.lang);
    }
    out.raw(reblogOf ? F.uriNull : F.uri);
    putTwice(out, a.handle);
    out.raw(F.statuses);
    out.ascii(p.id);
    if (reblogOf) {
      out.raw(F.activityNoUrl);
      out.raw(F.reblogsNoUrl);
    } else {
      out.raw(F.url);
      putTwice(out, a.handle);
      out.raw(F.slash);
      out.ascii(p.id);
      out.raw(F.reblogs);
    }
    out.int(p.reposts);
    out.raw(F.content);
    const c = reblogOf || p.repostOf ? undefined : this.contentOf(p);
    if (c) out.raw(c.html);
    if (reblogOf) {
      out.raw(F.reblog);
      this.status(reblogOf);
    } else out.raw(F.noReblog);
    out.raw(F.account);
    const acc = (this.accounts[a.i] ??= holed(once(JSON.stringify(account(a, this.ctx, COUNT_HOLE)))));
    out.raw(acc[0]);
    out.int(a.posts);
    out.raw(acc[1]);
    if (p.media.length) {
      out.raw(F.media);
      const media = p.media.map((m, k) => ({
        id: snowflake(p.t, 65536, (p.n + k + 1) & 0xffff), type: 'image', url: mediaUrl(m), preview_url: mediaUrl(m),
        remote_url: null, description: null, blurhash: null,
        meta: { original: { width: m.width, height: m.height, size: `${m.width}x${m.height}`, aspect: m.width / m.height } },
      }));
      out.raw(E(JSON.stringify(media)));
    } else out.raw(F.noMedia);
    out.raw(F.mentions);
    if (c) out.raw(c.mentions);
    out.raw(F.tags);
    if (c) out.raw(c.tags);
    out.raw(F.end);
  }

  /** A post's content: made for each original, kept on it when others reblog it. */
  private contentOf(p: SimPost): MastodonContent {
    return (p.render as MastodonContent | undefined) ?? (p.render = this.content(p));
  }

  write(e: SimEvent): void {
    if (e.type !== 'post') return;
    const out = this.out;
    out.raw(F.line);
    this.status(e, e.repostOf);
    out.raw(F.lineEnd);
    out.end();
  }

  ready(): Promise<void> {
    return this.out.ready();
  }

  close(): Promise<void> {
    return this.out.close();
  }
}
