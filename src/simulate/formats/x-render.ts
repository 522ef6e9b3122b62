/**
 * X API v2 tweet text as X returns it: t.co links, entity offsets in UTF-16 units (the simulator
 * writes only BMP text, so these are code points too), retweets as `RT @handle: …` cut to 140
 * characters. Shared by the twarc2 writer and the information-operations CSV. `writeXText` is the
 * twarc2 writer's hot path: the same bytes as `textJson(renderX(p))`, without the objects.
 */
import { code, codeBytes } from '../rng.js';
import { enc, type Bytes } from '../sink.js';
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

/**
 * Scratch of the post being written (`writeXText` is not reentrant): each piece's UTF-16 offset, and
 * the t.co links as bytes (`https://t.co/` + 10 code characters), made once, copied twice.
 */
const MAX_PIECES = 64;
const starts = new Int32Array(MAX_PIECES);
const TCO = 23;
const TCO_PREFIX = 'https://t.co/';
const shorts = Buffer.from(TCO_PREFIX.padEnd(TCO, ' ').repeat(MAX_PIECES));
/** Hashtags come from small vocabularies: their JSON bytes are made once each. */
const tagJson = new Map<string, Buffer>();
const tagBytes = (tag: string): Buffer => {
  let b = tagJson.get(tag);
  if (!b) tagJson.set(tag, (b = enc(JSON.stringify(tag).slice(1, -1))));
  return b;
};

/** Makes the i-th link of the post (`tco(n, k)`) in `shorts` and writes it. */
function putShort(b: Bytes, i: number, n: number, k: number): void {
  codeBytes(n, k, TCO - TCO_PREFIX.length, shorts, i * TCO + TCO_PREFIX.length);
  b.rawRange(shorts, i * TCO, (i + 1) * TCO);
}

const J = {
  text: enc('"text":"'),
  entities: enc('","entities":{'),
  hashtags: enc('"hashtags":['),
  urls: enc('"urls":['),
  mentions: enc('"mentions":['),
  start: enc('{"start":'),
  end: enc(',"end":'),
  tag: enc(',"tag":"'),
  url: enc(',"url":"'),
  expanded: enc('","expanded_url":"'),
  display: enc('","display_url":"'),
  mediaKey: enc('","media_key":"'),
  username: enc(',"username":"'),
  id: enc('","id":"'),
  close: enc('"}'),
  photo: enc('/photo/'),
  pic: enc('pic.twitter.com/'),
  twitter: enc('https://twitter.com/'),
  status: enc('/status/'),
};

/** `{"start":…,"end":…` of the i-th entity in its list. */
function span(b: Bytes, i: number, start: number, end: number): void {
  if (i > 0) b.byte(0x2c);
  b.raw(J.start);
  b.int(start);
  b.raw(J.end);
  b.int(end);
}

/**
 * `"text":…,"entities":{…}` of an original tweet, the bytes `textJson(renderX(p))` gives, written
 * straight into `b` in two passes over the pieces (text, then entities) with no objects in between.
 */
export function writeXText(b: Bytes, p: SimPost): void {
  const segs = p.segs;
  // Posts are short; a pathological one takes the object path.
  if (segs.length + p.media.length > MAX_PIECES) {
    b.text(textJson(renderX(p)));
    return;
  }
  b.raw(J.text);
  let at = 0;
  let tags = 0;
  let urls = 0;
  let mentions = 0;
  for (let j = 0; j < segs.length; j++) {
    const s = segs[j]!;
    starts[j] = at;
    if (s.k === 't') {
      b.jsonInner(s.s);
      at += s.s.length;
    } else if (s.k === 'tag') {
      b.byte(0x23);
      b.raw(tagBytes(s.s));
      at += 1 + s.s.length;
      tags++;
    } else if (s.k === 'url') {
      putShort(b, urls, p.n, urls);
      at += TCO;
      urls++;
    } else {
      b.byte(0x40);
      b.jsonInner(s.who.handle);
      at += 1 + s.who.handle.length;
      mentions++;
    }
  }
  for (let m = 0; m < p.media.length; m++) {
    if (at > 0) {
      b.byte(0x20);
      at++;
    }
    starts[segs.length + m] = at;
    putShort(b, urls, p.n, 100 + m);
    at += TCO;
    urls++;
  }
  if (tags + urls + mentions === 0) {
    b.byte(0x22);
    return;
  }
  b.raw(J.entities);
  if (tags > 0) {
    b.raw(J.hashtags);
    let i = 0;
    for (let j = 0; j < segs.length; j++) {
      const s = segs[j]!;
      if (s.k !== 'tag') continue;
      span(b, i++, starts[j]!, starts[j]! + 1 + s.s.length);
      b.raw(J.tag);
      b.raw(tagBytes(s.s));
      b.raw(J.close);
    }
    b.byte(0x5d);
  }
  if (urls > 0) {
    if (tags > 0) b.byte(0x2c);
    b.raw(J.urls);
    let i = 0;
    for (let j = 0; j < segs.length; j++) {
      const s = segs[j]!;
      if (s.k !== 'url') continue;
      span(b, i, starts[j]!, starts[j]! + TCO);
      b.raw(J.url);
      b.rawRange(shorts, i * TCO, (i + 1) * TCO);
      b.raw(J.expanded);
      b.jsonInner(s.url);
      b.raw(J.display);
      b.jsonInner(displayUrl(s.url));
      b.raw(J.close);
      i++;
    }
    for (let m = 0; m < p.media.length; m++) {
      const start = starts[segs.length + m]!;
      span(b, i++, start, start + TCO);
      b.raw(J.url);
      b.rawRange(shorts, (i - 1) * TCO, i * TCO);
      b.raw(J.expanded);
      b.raw(J.twitter);
      b.jsonInner(p.author.handle);
      b.raw(J.status);
      b.ascii(p.id);
      b.raw(J.photo);
      b.int(m + 1);
      b.raw(J.display);
      b.raw(J.pic);
      b.rawRange(shorts, (i - 1) * TCO + TCO_PREFIX.length, i * TCO);
      b.raw(J.mediaKey);
      b.ascii(mediaKey(p, m));
      b.raw(J.close);
    }
    b.byte(0x5d);
  }
  if (mentions > 0) {
    if (tags + urls > 0) b.byte(0x2c);
    b.raw(J.mentions);
    let i = 0;
    for (let j = 0; j < segs.length; j++) {
      const s = segs[j]!;
      if (s.k !== 'mention') continue;
      span(b, i++, starts[j]!, starts[j]! + 1 + s.who.handle.length);
      b.raw(J.username);
      b.jsonInner(s.who.handle);
      b.raw(J.id);
      b.ascii(s.who.id);
      b.raw(J.close);
    }
    b.byte(0x5d);
  }
  b.byte(0x7d);
}
