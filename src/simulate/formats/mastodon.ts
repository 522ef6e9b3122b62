/**
 * Mastodon streaming capture: one `{"event":"update","payload":"<Status JSON as a string>"}` per line,
 * as the streaming API delivers it. Content is HTML (links, hashtags and mentions as Mastodon renders
 * them), reblogs wrap the original status. All accounts are local to one reserved-name instance.
 * The public streams carry no suspension events, so suspensions exist only in the truth.
 */
import { join } from 'node:path';
import { MASTODON_INSTANCE, snowflake } from '../ids.js';
import { Sink } from '../sink.js';
import type { SimAccount, SimEvent, SimPost } from '../types.js';
import { avatarUrl, displayUrl, iso, mediaUrl, type FormatWriter, type WriterContext } from './common.js';

const BASE = `https://${MASTODON_INSTANCE}`;
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function account(a: SimAccount, ctx: WriterContext): Record<string, unknown> {
  const avatar = avatarUrl(a, ctx.media) ?? `${BASE}/avatars/original/missing.png`;
  const day = new Date(a.created);
  day.setUTCHours(0, 0, 0, 0);
  return {
    id: a.id, username: a.handle, acct: a.handle, display_name: a.name, locked: false, bot: a.role === 'bot',
    discoverable: true, group: false, created_at: day.toISOString(), note: a.bio === '' ? '' : `<p>${esc(a.bio)}</p>`,
    url: `${BASE}/@${a.handle}`, uri: `${BASE}/users/${a.handle}`, avatar, avatar_static: avatar,
    header: `${BASE}/headers/original/missing.png`, header_static: `${BASE}/headers/original/missing.png`,
    followers_count: a.followers, following_count: a.following, statuses_count: a.posts, emojis: [], fields: [],
  };
}

export class MastodonWriter implements FormatWriter {
  readonly files = { 'mastodon.jsonl': `Mastodon streaming capture (update events) from ${MASTODON_INSTANCE}` };
  private readonly out: Sink;

  constructor(private readonly ctx: WriterContext) {
    this.out = new Sink(join(ctx.dir, 'mastodon.jsonl'));
  }

  private status(p: SimPost): Record<string, unknown> {
    const user = p.author.handle;
    let html = '';
    const mentions: unknown[] = [];
    const tags: unknown[] = [];
    for (const s of p.segs) {
      if (s.k === 't') html += esc(s.s);
      else if (s.k === 'tag') {
        html += `<a href="${BASE}/tags/${encodeURIComponent(s.s)}" class="mention hashtag" rel="tag">#<span>${esc(s.s)}</span></a>`;
        tags.push({ name: s.s.toLowerCase(), url: `${BASE}/tags/${encodeURIComponent(s.s.toLowerCase())}` });
      } else if (s.k === 'url') {
        html += `<a href="${esc(s.url)}" target="_blank" rel="nofollow noopener noreferrer">${esc(displayUrl(s.url))}</a>`;
      } else {
        const h = s.who.handle;
        html += `<span class="h-card" translate="no"><a href="${BASE}/@${h}" class="u-url mention">@<span>${h}</span></a></span>`;
        mentions.push({ id: s.who.id, username: h, url: `${BASE}/@${h}`, acct: h });
      }
    }
    return {
      id: p.id, created_at: iso(p.t), in_reply_to_id: p.replyTo?.id ?? null, in_reply_to_account_id: p.replyTo?.author.id ?? null,
      sensitive: false, spoiler_text: '', visibility: 'public', language: p.lang,
      uri: `${BASE}/users/${user}/statuses/${p.id}`, url: `${BASE}/@${user}/${p.id}`,
      replies_count: 0, reblogs_count: p.reposts, favourites_count: 0, edited_at: null,
      content: p.repostOf ? '' : `<p>${html}</p>`, reblog: null,
      application: { name: 'Web', website: null }, account: account(p.author, this.ctx),
      media_attachments: p.media.map((m, k) => ({
        id: snowflake(p.t, 65536, (p.n + k + 1) & 0xffff), type: 'image', url: mediaUrl(m), preview_url: mediaUrl(m),
        remote_url: null, description: null, blurhash: null,
        meta: { original: { width: m.width, height: m.height, size: `${m.width}x${m.height}`, aspect: m.width / m.height } },
      })),
      mentions, tags, emojis: [], card: null, poll: null,
    };
  }

  write(e: SimEvent): void {
    if (e.type !== 'post') return;
    const p = e;
    const s = this.status(p);
    if (p.repostOf) {
      s.reblog = this.status(p.repostOf);
      s.uri = `${BASE}/users/${p.author.handle}/statuses/${p.id}/activity`;
      s.url = null;
      s.language = null;
    }
    this.out.line(JSON.stringify({ event: 'update', payload: JSON.stringify(s) }));
  }

  ready(): Promise<void> {
    return this.out.ready();
  }

  close(): Promise<void> {
    return this.out.close();
  }
}
