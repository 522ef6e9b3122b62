/**
 * X API v2 tweet text as X returns it: t.co links, entity offsets in UTF-16 units (the simulator
 * writes only BMP text, so these are code points too), retweets as `RT @handle: …` cut to 140
 * characters. Shared by the twarc2 writer and the information-operations CSV.
 */
import { code } from '../rng.js';
import type { SimAccount, SimPost } from '../types.js';
import { avatarUrl, displayUrl, iso, type WriterContext } from './common.js';

const X_DEFAULT_AVATAR = 'https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png';

export interface XEntities {
  hashtags?: Array<{ start: number; end: number; tag: string }>;
  urls?: Array<{ start: number; end: number; url: string; expanded_url: string; display_url: string; media_key?: string }>;
  mentions?: Array<{ start: number; end: number; username: string; id: string }>;
}

export interface XRendered {
  text: string;
  entities: XEntities;
  /** Expanded links (media links excluded), for the CSV's `urls` column. */
  links: string[];
}

const tco = (n: number, k: number): string => `https://t.co/${code(n, k, 10)}`;
export const mediaKey = (p: SimPost, k: number): string => `3_${p.id}${k === 0 ? '' : k}`;

/** Post text with t.co links and entity offsets, as X returns an original tweet. */
export function renderX(p: SimPost): XRendered {
  let text = '';
  const e: Required<XEntities> = { hashtags: [], urls: [], mentions: [] };
  const links: string[] = [];
  let k = 0;
  for (const s of p.segs) {
    const start = text.length;
    if (s.k === 't') text += s.s;
    else if (s.k === 'tag') {
      text += `#${s.s}`;
      e.hashtags.push({ start, end: text.length, tag: s.s });
    } else if (s.k === 'url') {
      const short = tco(p.n, k++);
      text += short;
      e.urls.push({ start, end: text.length, url: short, expanded_url: s.url, display_url: displayUrl(s.url) });
      links.push(s.url);
    } else {
      text += `@${s.who.handle}`;
      e.mentions.push({ start, end: text.length, username: s.who.handle, id: s.who.id });
    }
  }
  p.media.forEach((_, k) => {
    const short = tco(p.n, 100 + k);
    if (text !== '') text += ' ';
    const start = text.length;
    text += short;
    e.urls.push({
      start, end: text.length, url: short, expanded_url: `https://twitter.com/${p.author.handle}/status/${p.id}/photo/${k + 1}`,
      display_url: `pic.twitter.com/${short.slice(13)}`, media_key: mediaKey(p, k),
    });
  });
  const entities: XEntities = {};
  if (e.hashtags.length) entities.hashtags = e.hashtags;
  if (e.urls.length) entities.urls = e.urls;
  if (e.mentions.length) entities.mentions = e.mentions;
  return { text, entities, links };
}

/** A retweet's own text: `RT @handle: ` + the original, cut at 140 with `…`; entities cut with it. */
export function retweetText(orig: SimPost): XRendered {
  const o = renderX(orig);
  const prefix = `RT @${orig.author.handle}: `;
  let text = prefix + o.text;
  let limit = text.length;
  if (text.length > 140) {
    text = `${text.slice(0, 139)}…`;
    limit = 139;
  }
  const shift = <T extends { start: number; end: number }>(list: T[] | undefined): T[] =>
    (list ?? []).map((x) => ({ ...x, start: x.start + prefix.length, end: x.end + prefix.length })).filter((x) => x.end <= limit);
  const entities: XEntities = {};
  const hashtags = shift(o.entities.hashtags);
  const urls = shift(o.entities.urls);
  const mentions = [{ start: 3, end: 4 + orig.author.handle.length, username: orig.author.handle, id: orig.author.id }, ...shift(o.entities.mentions)];
  if (hashtags.length) entities.hashtags = hashtags;
  if (urls.length) entities.urls = urls;
  entities.mentions = mentions;
  return { text, entities, links: o.links };
}

export function xUser(a: SimAccount, ctx: WriterContext, tweetCount = a.posts): Record<string, unknown> {
  return {
    id: a.id,
    name: a.name,
    username: a.handle,
    created_at: iso(a.created),
    description: a.bio,
    location: '',
    profile_image_url: avatarUrl(a, ctx.media) ?? X_DEFAULT_AVATAR,
    protected: false,
    verified: false,
    url: '',
    public_metrics: { followers_count: a.followers, following_count: a.following, tweet_count: tweetCount, listed_count: 0 },
  };
}

/** `"text":…,"entities":{…}` of a rendered tweet, as JSON members. */
export const textJson = (r: XRendered): string =>
  `"text":${JSON.stringify(r.text)}${Object.keys(r.entities).length ? `,"entities":${JSON.stringify(r.entities)}` : ''}`;
