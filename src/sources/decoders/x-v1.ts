/**
 * X/Twitter API v1.1 ("original format"), one JSON value per line as the streaming and REST APIs and
 * the tools built on them (twarc 1, Gnip/PowerTrack) wrote it.
 *
 * A tweet carries its author (`user`) and the tweets it embeds: a retweet's `retweeted_status` (whose
 * full text the retweet takes; the retweet's own `text` is a truncated `RT @x: …`) and a quote's
 * `quoted_status`. Each embedded tweet is a post of its own. Long tweets keep their full text and
 * entities in `extended_tweet` (streaming) or `full_text` (REST with `tweet_mode=extended`).
 *
 * Stream control messages: `delete` marks a post deleted, `user_withheld` becomes an account event,
 * `disconnect` a stream error; `limit`, `status_withheld`, `scrub_geo`, stall `warning`s and the
 * user-stream preamble are counted and skipped.
 */
import type { Media, Post } from '../../model/index.js';
import type { DecodeContext, DecodeResult, Decoder, RawRecord } from '../types.js';
import { fail } from '../types.js';
import {
  arr, bestVariant, bool, clientName, Collector, count, describe, entityUrls, guarded, idStr, isDefaultAvatar, isObj,
  mediaKind, mention, obj, type Obj, parseJsonLossless, prune, sampleObjects, snowflakeTime, str, twitterTime,
  unique, uniqueMentions, xAccount, xLang, xPost,
} from './x-common.js';
import { parseJson } from './common.js';

export const xV1Decoder: Decoder = {
  format: 'x-v1',
  framing: 'lines',
  decode: (record, ctx) => guarded(() => decodeV1(record, ctx)),
  sniff: sniffV1,
};

/** Keys of stream messages that carry nothing Marsad keeps; counted under `x-v1.<key>`. */
const SKIPPED = ['limit', 'status_withheld', 'scrub_geo', 'warning', 'friends', 'friends_str', 'event', 'control', 'for_user'];

function decodeV1(record: RawRecord, ctx: DecodeContext): DecodeResult {
  const parsed = parseJson(record.text);
  if (!parsed.ok) return fail('invalid_json', parsed.detail);
  if (!isObj(parsed.value)) return fail('schema', `expected a JSON object, got ${describe(parsed.value)}`);
  const root = needsLossless(parsed.value) ? lossless(record.text, parsed.value) : parsed.value;

  const out = new Collector();
  if (isObj(root.delete)) deleted(root, ctx, out);
  else if (isObj(root.user_withheld)) withheld(root.user_withheld, record, ctx, out);
  else if (isObj(root.disconnect)) {
    const d = root.disconnect;
    return fail('stream_error', `disconnect ${String(d.code ?? '?')} (${String(d.stream_name ?? 'stream')}): ${String(d.reason ?? 'no reason given')}`);
  } else if ('text' in root || 'full_text' in root || 'extended_tweet' in root) tweet(root, 'tweet', record, out, 0);
  else {
    const key = SKIPPED.find((k) => k in root);
    if (key === undefined) return fail('schema', `not a v1.1 tweet or stream message (keys: ${Object.keys(root).slice(0, 12).join(', ')})`);
    out.push({ kind: 'skipped', what: `x-v1.${key}` });
  }
  return out.result();
}

/**
 * A payload whose ids exist only as numbers above 2^53 (no `id_str`: some exporters drop it) has lost
 * precision in JSON.parse; it is parsed again with those numbers kept as digit strings.
 */
function needsLossless(root: Obj): boolean {
  const unsafe = (o: unknown): boolean => {
    const x = obj(o);
    return !!x && typeof x.id === 'number' && !Number.isSafeInteger(x.id) && typeof x.id_str !== 'string';
  };
  const status = obj(obj(root.delete)?.status);
  return [root, root.user, root.retweeted_status, root.quoted_status, status, root.user_withheld].some(unsafe) ||
    (!!status && typeof status.user_id === 'number' && !Number.isSafeInteger(status.user_id) && status.user_id_str === undefined);
}

function lossless(text: string, fallback: Obj): Obj {
  try {
    return obj(parseJsonLossless(text)) ?? fallback;
  } catch {
    return fallback; // the rewrite met a pathological string; rounded ids are then refused by v1Id
  }
}

/** `id_str` first; a numeric `id` only when exact (small, or kept as digits by the lossless parse). */
function v1Id(o: Obj, key = 'id'): string | undefined {
  const s = idStr(o[`${key}_str`]) ?? idStr(o[key]);
  if (s) return s;
  const n = o[key];
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? String(n) : undefined;
}

function deleted(root: Obj, ctx: DecodeContext, out: Collector): void {
  const del = root.delete as Obj;
  const status = obj(del.status);
  if (!status) {
    out.push({ kind: 'skipped', what: isObj(del.direct_message) ? 'x-v1.delete.direct_message' : 'x-v1.delete' });
    return;
  }
  const id = v1Id(status);
  if (!id) return out.problem('schema', `delete.status.id: expected an id, got ${describe(status.id)}`);
  const at = count(del.timestamp_ms) ?? ctx.now;
  if (at === undefined) return out.problem('missing_time', `delete of ${id}: no timestamp_ms and no ingest time`);
  out.push({ kind: 'postDeleted', postId: xPost(id), at });
}

function withheld(w: Obj, record: RawRecord, ctx: DecodeContext, out: Collector): void {
  const id = v1Id(w);
  if (!id) return out.problem('schema', `user_withheld.id: expected an id, got ${describe(w.id)}`);
  const at = count(w.timestamp_ms) ?? ctx.now;
  if (at === undefined) return out.problem('missing_time', `user_withheld ${id}: the message has no time and no ingest time was given`);
  const countries = arr(w.withheld_in_countries).filter((c): c is string => typeof c === 'string');
  out.push({
    kind: 'accountEvent',
    event: { accountId: xAccount(id), kind: 'status', at, detail: `withheld_in:${countries.join(',')}`, source: record.position },
  });
}

/** One tweet, then the tweets it embeds. `depth` bounds hostile nesting. */
function tweet(t: Obj, path: string, record: RawRecord, out: Collector, depth: number, observedAt?: number): void {
  const seen = onePost(t, path, record, out, observedAt);
  if (depth >= 3) return;
  for (const key of ['retweeted_status', 'quoted_status']) {
    const inner = obj(t[key]);
    if (inner) tweet(inner, `${path}.${key}`, record, out, depth + 1, observedAt ?? seen);
  }
}

/**
 * One tweet → a post and its author's profile. Profiles are dated by the outermost tweet: an embedded
 * original carries its author's profile as it was when the retweet was served, not when it was posted.
 * Returns the tweet's time.
 */
function onePost(t: Obj, path: string, record: RawRecord, out: Collector, observedAt?: number): number | undefined {
  const versionId = v1Id(t);
  if (!versionId) return void out.problem('schema', `${path}.id_str: expected an id, got ${describe(t.id_str ?? t.id)}`);
  const user = obj(t.user);
  const author = user && v1Id(user);
  if (!user || !author) return void out.problem('missing_author', `${path} (tweet ${versionId}): no user, the tweet cannot be attributed`);
  const own = twitterTime(t.created_at) ?? snowflakeTime(versionId);
  if (own === undefined) return void out.problem('bad_time', `${path}.created_at: expected "Wed Oct 10 20:19:24 +0000 2018", got ${JSON.stringify(t.created_at) ?? 'nothing'}`);
  const rt = obj(t.retweeted_status);
  const rtId = rt && v1Id(rt);
  if (rt && !rtId) return void out.problem('schema', `${path}.retweeted_status: has no id`);
  // Edits (2022+ payloads): every version points at the first, which is the post id (see x-v2.ts).
  const first = idStr(obj(t.edit_history)?.initial_tweet_id) ?? versionId;
  const createdAt = first === versionId ? own : (snowflakeTime(first) ?? own);

  const content = rt ?? t; // a retweet says what the original says
  const ext = obj(content.extended_tweet);
  const text = str(ext?.full_text) ?? str(content.full_text) ?? str(content.text);
  if (text === undefined) return void out.problem('schema', `${path}.text: expected a string, got ${describe(content.text)}`);
  const entities = obj(ext?.entities) ?? obj(content.entities) ?? {};
  const media = arr(obj(ext?.extended_entities ?? content.extended_entities)?.media ?? entities.media);
  const quoted = obj(t.quoted_status);
  const quotedId = (quoted && v1Id(quoted)) ?? idStr(t.quoted_status_id_str);
  const replyId = idStr(t.in_reply_to_status_id_str) ?? v1Id(t, 'in_reply_to_status_id');

  const post: Post = prune({
    id: xPost(first),
    platform: 'x' as const,
    authorId: xAccount(author),
    authorHandle: str(user.screen_name),
    createdAt,
    text,
    lang: xLang(content.lang) ?? xLang(t.lang),
    hashtags: unique(arr(entities.hashtags).map((h) => str(obj(h)?.text)).filter((h): h is string => !!h)),
    urls: entityUrls(arr(entities.urls), [v1Id(content) ?? versionId]),
    mentions: uniqueMentions(
      arr(entities.user_mentions).map((m) => {
        const mo = obj(m);
        return mo ? mention(str(mo.screen_name), v1Id(mo)) : undefined;
      }),
    ),
    media: media.map((m) => (isObj(m) ? mediaOf(m) : undefined)).filter((m): m is Media => m !== undefined),
    repostOf: rtId ? xPost(rtId) : undefined,
    // A retweet's own reply/quote fields describe the original, which has its own post.
    replyTo: rt || !replyId ? undefined : xPost(replyId),
    quoteOf: rt || !quotedId ? undefined : xPost(quotedId),
    client: clientName(t.source),
    editedAt: first === versionId ? undefined : own,
    source: record.position,
  });
  out.post(post, versionId);
  out.account(userAccount(user, author, observedAt ?? own));
  return own;
}

function mediaOf(m: Obj): Media {
  const kind = mediaKind(m.type);
  const variant = kind === 'image' ? undefined : bestVariant(obj(m.video_info)?.variants);
  const size = obj(m.original_info);
  return prune({
    kind,
    url: variant?.url ?? str(m.media_url_https) ?? str(m.media_url),
    mimeType: variant?.mimeType,
    altText: str(m.ext_alt_text),
    width: count(size?.width),
    height: count(size?.height),
  });
}

function userAccount(u: Obj, id: string, observedAt: number) {
  const avatar = str(u.profile_image_url_https) ?? str(u.profile_image_url);
  const link = str(u.url);
  const entity = obj(arr(obj(obj(u.entities)?.url)?.urls)[0]);
  return prune({
    id: xAccount(id),
    platform: 'x' as const,
    handle: str(u.screen_name),
    displayName: str(u.name),
    bio: str(u.description),
    location: str(u.location),
    url: link && entity && str(entity.url) === link ? (str(entity.expanded_url) ?? link) : link,
    createdAt: twitterTime(u.created_at),
    followers: count(u.followers_count),
    following: count(u.friends_count),
    posts: count(u.statuses_count),
    avatarUrl: avatar,
    defaultAvatar: bool(u.default_profile_image) ?? (avatar === undefined ? undefined : isDefaultAvatar(avatar)),
    verified: bool(u.verified),
    protected: bool(u.protected),
    observedAt,
  });
}

function sniffV1(sample: string): number {
  const { objects } = sampleObjects(sample);
  let best = 0;
  for (const o of objects) {
    let score = 0;
    if (('id_str' in o || typeof o.id === 'number') && ('text' in o || 'full_text' in o) && 'created_at' in o) {
      score = twitterTime(o.created_at) !== undefined ? 0.95 : 0.6;
      if (!isObj(o.user)) score -= 0.1;
    } else if (isObj(o.delete) || isObj(o.limit) || isObj(o.status_withheld) || isObj(o.user_withheld) || isObj(o.disconnect)) score = 0.7;
    best = Math.max(best, score);
  }
  if (best > 0) return best;
  // One payload longer than the sample: look for keys only v1.1 writes.
  const head = sample.replace(/^\uFEFF/, '').trimStart();
  if (!head.startsWith('{') || !/"id_str"\s*:/.test(head)) return 0;
  return V1_MARKERS.filter((re) => re.test(head)).length >= 2 ? 0.8 : 0;
}

const V1_MARKERS = [
  /"in_reply_to_status_id_str"\s*:/,
  /"is_quote_status"\s*:/,
  /"user_mentions"\s*:/,
  /"screen_name"\s*:/,
  /"favorite_count"\s*:/,
  /"created_at"\s*:\s*"[A-Z][a-z]{2} [A-Z][a-z]{2} \d\d /,
];
