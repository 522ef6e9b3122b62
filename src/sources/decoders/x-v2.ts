/**
 * X/Twitter API v2 as twarc2 writes it, one JSON value per line:
 * - a response page: `data` (an array; a single object on the filtered stream) + `includes` (`users`,
 *   `tweets`, `media`, `places`) + `__twarc` (request url, retrieval time);
 * - a flattened tweet (`twarc2 flatten`): the page's includes merged into each tweet (`author`,
 *   `referenced_tweets[i]` as whole tweets, `attachments.media`, mentions with user fields);
 * - a users page (`twarc2 users|followers|following`): `data` holds users, not tweets;
 * - a stream error line: `errors` and no `data` (an upstream disconnect, for example).
 *
 * Referenced tweets in `includes.tweets` are real posts with authors and are emitted too; a retweet
 * takes its full text and entities from the original there (its own `text` is the truncated
 * `RT @x: …`). Users in `includes.users` become account snapshots.
 */
import type { Account, Media, Post, Relation } from '../../model/index.js';
import type { DecodeContext, DecodeResult, Decoder, RawRecord } from '../types.js';
import { fail } from '../types.js';
import {
  arr, bool, clientName, Collector, count, describe, entityUrls, guarded, idStr, isDefaultAvatar, isObj, isoTime,
  mediaKind, bestVariant, mention, obj, type Obj, prune, sampleObjects, snowflakeTime, str, unique,
  uniqueMentions, xAccount, xLang, xPost,
} from './x-common.js';
import { parseJson } from './common.js';

/** Lookup tables of one record: a page's `includes`, or the objects embedded in a flattened tweet. */
interface Index {
  users: Map<string, Obj>;
  usersByName: Map<string, Obj>;
  /** By version id: every version of an edited tweet has its own id. */
  tweets: Map<string, Obj>;
  media: Map<string, Obj>;
}

const newIndex = (): Index => ({ users: new Map(), usersByName: new Map(), tweets: new Map(), media: new Map() });

export const xV2Decoder: Decoder = {
  format: 'x-v2',
  framing: 'lines',
  decode: (record, ctx) => guarded(() => decodeV2(record, ctx)),
  sniff: sniffV2,
};

function decodeV2(record: RawRecord, ctx: DecodeContext): DecodeResult {
  const parsed = parseJson(record.text);
  if (!parsed.ok) return fail('invalid_json', parsed.detail);
  const root = parsed.value;
  if (!isObj(root)) return fail('schema', `expected a JSON object, got ${describe(root)}`);
  const out = new Collector();
  if ('data' in root) decodePage(root, record, ctx, out);
  else if (Array.isArray(root.errors) || (typeof root.title === 'string' && 'detail' in root)) {
    return fail('stream_error', errorDetail(Array.isArray(root.errors) ? root.errors : [root]));
  } else if (isTweet(root)) decodeFlattened(root, record, ctx, out);
  else if (isUser(root)) accounts([root], observedTime(root, [], ctx), out);
  else return fail('schema', `not a twarc2 page, flattened tweet, user or stream error (keys: ${Object.keys(root).slice(0, 12).join(', ')})`);
  return out.result();
}

const isTweet = (o: Obj): boolean => 'text' in o || 'author_id' in o || 'edit_history_tweet_ids' in o;
const isUser = (o: Obj): boolean => 'username' in o && !isTweet(o);

/** `{title, detail, type}` problem objects of the v2 API → one readable line. */
function errorDetail(errors: unknown[]): string {
  const parts = errors.map((e) => {
    const o = obj(e);
    if (!o) return JSON.stringify(e);
    return [o.title, o.disconnect_type, o.detail, o.type].filter((x) => typeof x === 'string' && x !== '').join(': ');
  });
  return parts.join('; ').slice(0, 2000) || 'empty errors array';
}

function decodePage(root: Obj, record: RawRecord, ctx: DecodeContext, out: Collector): void {
  const idx = newIndex();
  const includes = root.includes;
  if (includes !== undefined && !isObj(includes)) out.problem('schema', `includes: expected an object, got ${describe(includes)}`);
  const inc = obj(includes) ?? {};
  for (const u of arr(inc.users)) addUser(idx, u);
  for (const m of arr(inc.media)) addMedia(idx, m);
  for (const t of arr(inc.tweets)) addTweet(idx, t);

  const data = root.data;
  const list = Array.isArray(data) ? data : isObj(data) ? [data] : undefined;
  if (!list) {
    out.problem('schema', `data: expected an array or an object, got ${describe(data)}`);
    return;
  }
  const tweets: [Obj, string][] = [];
  const users: Obj[] = [];
  list.forEach((item, i) => {
    const path = Array.isArray(data) ? `data[${i}]` : 'data';
    if (!isObj(item)) out.problem('schema', `${path}: expected an object, got ${describe(item)}`);
    else if (isTweet(item)) {
      tweets.push([item, path]);
      addTweet(idx, item);
    } else if (isUser(item)) {
      users.push(item);
      addUser(idx, item);
    } else out.problem('schema', `${path}: neither a tweet nor a user (keys: ${Object.keys(item).slice(0, 12).join(', ')})`);
  });
  arr(inc.tweets).forEach((t, i) => {
    if (isObj(t)) tweets.push([t, `includes.tweets[${i}]`]);
    else out.problem('schema', `includes.tweets[${i}]: expected an object, got ${describe(t)}`);
  });
  const posted = tweets.map(([t, path]) => tweetPost(t, idx, path, record, out));
  const observedAt = observedTime(root, posted, ctx);
  accounts(idx.users.values(), observedAt, out);
  if (users.length > 0) relations(root, users, record, ctx, out);
}

function decodeFlattened(root: Obj, record: RawRecord, ctx: DecodeContext, out: Collector): void {
  const idx = newIndex();
  collectFlattened(root, idx, 0);
  const posted = [tweetPost(root, idx, 'tweet', record, out)];
  for (const [id, t] of idx.tweets) if (t !== root) posted.push(tweetPost(t, idx, `referenced tweet ${id}`, record, out));
  accounts(idx.users.values(), observedTime(root, posted, ctx), out);
}

/** Registers the objects twarc's `flatten` merged into a tweet, recursively (a quote of a retweet…). */
function collectFlattened(t: Obj, idx: Index, depth: number): void {
  if (depth > 4) return;
  addTweet(idx, t);
  addUser(idx, t.author);
  addUser(idx, t.in_reply_to_user);
  for (const m of arr(obj(t.entities)?.mentions)) addUser(idx, m);
  for (const m of arr(obj(t.attachments)?.media)) addMedia(idx, m);
  for (const r of arr(t.referenced_tweets)) {
    const ro = obj(r);
    if (ro && ('text' in ro || 'author_id' in ro)) collectFlattened(ro, idx, depth + 1);
  }
}

function addTweet(idx: Index, t: unknown): void {
  const o = obj(t);
  const id = idStr(o?.id);
  if (o && id && !idx.tweets.has(id)) idx.tweets.set(id, o);
}

/** A user object (also a flattened mention, which is the mention merged with its user). */
function addUser(idx: Index, u: unknown): void {
  const o = obj(u);
  const id = idStr(o?.id);
  const name = str(o?.username);
  if (!o || !id || !name || !('name' in o || 'created_at' in o || 'public_metrics' in o || 'description' in o)) return;
  if (!idx.users.has(id)) idx.users.set(id, o);
  idx.usersByName.set(name.toLowerCase(), idx.users.get(id) as Obj);
}

function addMedia(idx: Index, m: unknown): void {
  const o = obj(m);
  const key = str(o?.media_key);
  if (o && key) idx.media.set(key, o);
}

/**
 * Edits: X gives every version of an edited tweet its own id and lists them all, oldest first, in
 * `edit_history_tweet_ids`. Marsad keys a post by its FIRST id, so all versions land on one post and
 * the store can keep them as that post's history; a later version carries `editedAt` (its own
 * `created_at`) while `createdAt` stays the original posting time. References to any version
 * (a reply to the edited text, say) are mapped to the first id when the referenced tweet is in the
 * record; when it is not, its history is unknown and the id is kept as given.
 */
function firstVersion(id: string, idx: Index): string {
  return idStr(arr(idx.tweets.get(id)?.edit_history_tweet_ids)[0]) ?? id;
}

/** One tweet object → a post. Returns its time (for the record's observation time) or undefined. */
function tweetPost(t: Obj, idx: Index, path: string, record: RawRecord, out: Collector): number | undefined {
  const versionId = idStr(t.id);
  if (!versionId) {
    out.problem('schema', `${path}.id: expected a string of digits, got ${describe(t.id)}`);
    return undefined;
  }
  const author = idStr(t.author_id);
  if (!author) {
    out.problem('missing_author', `${path} (tweet ${versionId}): no author_id, the tweet cannot be attributed`);
    return undefined;
  }
  const own = isoTime(t.created_at) ?? snowflakeTime(versionId);
  if (own === undefined) {
    out.problem('bad_time', `${path}.created_at: expected an ISO time, got ${JSON.stringify(t.created_at) ?? 'nothing'}`);
    return undefined;
  }
  const first = idStr(arr(t.edit_history_tweet_ids)[0]) ?? versionId;
  const createdAt = first === versionId ? own : (isoTime(idx.tweets.get(first)?.created_at) ?? snowflakeTime(first) ?? own);

  let content = t;
  let repostOf: Post['repostOf'];
  let replyTo: Post['replyTo'];
  let quoteOf: Post['quoteOf'];
  arr(t.referenced_tweets).forEach((r, i) => {
    const ro = obj(r);
    const rid = idStr(ro?.id);
    if (!ro || !rid) return out.problem('schema', `${path}.referenced_tweets[${i}]: expected {type, id}, got ${JSON.stringify(r)?.slice(0, 100)}`);
    const target = xPost(firstVersion(rid, idx));
    if (ro.type === 'retweeted') {
      repostOf = target;
      content = idx.tweets.get(rid) ?? t; // the original's full text and entities
    } else if (ro.type === 'quoted') quoteOf = target;
    else if (ro.type === 'replied_to') replyTo = target;
  });

  const note = obj(content.note_tweet); // long posts: the full text and its entities live here
  const text = str(note?.text) ?? str(content.text);
  if (text === undefined) {
    out.problem('schema', `${path}.text: expected a string, got ${describe(content.text)}`);
    return undefined;
  }
  // A note's entities cover the full text; each kind falls back to the visible text's (a prefix of it).
  const noteEntities = obj(note?.entities) ?? {};
  const visibleEntities = obj(content.entities) ?? {};
  const entity = (kind: string): unknown[] => (Array.isArray(noteEntities[kind]) ? arr(noteEntities[kind]) : arr(visibleEntities[kind]));
  const contentId = idStr(content.id) ?? versionId;
  const ownIds = [contentId, ...arr(content.edit_history_tweet_ids).filter((x): x is string => typeof x === 'string')];
  const conversation = idStr(t.conversation_id);

  const post: Post = prune({
    id: xPost(first),
    platform: 'x' as const,
    authorId: xAccount(author),
    authorHandle: str(idx.users.get(author)?.username),
    createdAt,
    text,
    lang: xLang(content.lang) ?? xLang(t.lang),
    hashtags: unique(entity('hashtags').map((h) => str(obj(h)?.tag)).filter((h): h is string => !!h)),
    urls: entityUrls(entity('urls'), ownIds),
    mentions: uniqueMentions(
      entity('mentions').map((m) => {
        const name = str(obj(m)?.username);
        return mention(name, idStr(obj(m)?.id) ?? idStr(name ? idx.usersByName.get(name.toLowerCase())?.id : undefined));
      }),
    ),
    media: arr(obj(content.attachments)?.media_keys)
      .map((k) => (typeof k === 'string' ? mediaOf(k, idx) : undefined))
      .filter((m): m is Media => m !== undefined),
    repostOf,
    replyTo,
    quoteOf,
    conversationId: conversation ? xPost(firstVersion(conversation, idx)) : undefined,
    client: clientName(t.source),
    editedAt: first === versionId ? undefined : own,
    source: record.position,
  });
  out.post(post, versionId);
  return own;
}

/** A media key prefix names its type even when `includes.media` lacks the object. */
const KEY_KIND: Record<string, Media['kind']> = { '3': 'image', '7': 'video', '13': 'video', '16': 'gif' };

function mediaOf(key: string, idx: Index): Media | undefined {
  const m = idx.media.get(key);
  if (!m) {
    const kind = KEY_KIND[key.split('_')[0]];
    return kind ? { kind } : undefined;
  }
  const kind = mediaKind(m.type);
  // Videos and GIFs have no `url`: the best MP4 variant is the file; the preview image stands in without one.
  const variant = kind === 'image' ? undefined : bestVariant(m.variants);
  return prune({
    kind,
    url: str(m.url) ?? variant?.url ?? str(m.preview_image_url),
    mimeType: str(m.url) ? undefined : variant?.mimeType,
    altText: str(m.alt_text),
    width: count(m.width),
    height: count(m.height),
  });
}

/**
 * When the profiles in a record were observed: twarc's `retrieved_at` (a search of 2019 tweets run in
 * 2022 shows 2022 follower counts), else the newest tweet time in the record, else the ingest's `now`.
 */
function observedTime(root: Obj, times: (number | undefined)[], ctx: DecodeContext): number | undefined {
  const retrieved = isoTime(str(obj(root.__twarc)?.retrieved_at));
  const newest = times.reduce<number | undefined>((a, b) => (b === undefined ? a : a === undefined ? b : Math.max(a, b)), undefined);
  return retrieved ?? newest ?? ctx.now;
}

function accounts(users: Iterable<Obj>, observedAt: number | undefined, out: Collector): void {
  for (const u of users) {
    if (observedAt === undefined) {
      out.problem('missing_time', `user ${String(u.id)}: no retrieval time, tweet time or ingest time to date the profile`);
      return;
    }
    const a = userAccount(u, observedAt);
    if (a) out.account(a);
  }
}

export function userAccount(u: Obj, observedAt: number): Account | undefined {
  const id = idStr(u.id);
  if (!id) return undefined;
  const pm = obj(u.public_metrics);
  const avatar = str(u.profile_image_url);
  const link = str(u.url);
  const entity = obj(arr(obj(obj(u.entities)?.url)?.urls)[0]);
  return prune({
    id: xAccount(id),
    platform: 'x' as const,
    handle: str(u.username),
    displayName: str(u.name),
    bio: str(u.description),
    location: str(u.location),
    url: link && entity && str(entity.url) === link ? (str(entity.expanded_url) ?? link) : link,
    createdAt: isoTime(u.created_at),
    followers: count(pm?.followers_count),
    following: count(pm?.following_count),
    posts: count(pm?.tweet_count),
    avatarUrl: avatar,
    defaultAvatar: avatar === undefined ? undefined : isDefaultAvatar(avatar),
    verified: bool(u.verified),
    protected: bool(u.protected),
    observedAt,
  });
}

/** `twarc2 followers|following` pages: the request url names whose list this is. */
function relations(root: Obj, users: Obj[], record: RawRecord, ctx: DecodeContext, out: Collector): void {
  const url = str(obj(root.__twarc)?.url) ?? '';
  const m = /\/2\/users\/(\d+)\/(followers|following|blocking)\b/.exec(url);
  if (!m) return;
  const at = isoTime(str(obj(root.__twarc)?.retrieved_at)) ?? ctx.now;
  if (at === undefined) return out.problem('missing_time', `${m[2]} of ${m[1]}: no retrieval time to date the relations`);
  const subject = xAccount(m[1]);
  for (const u of users) {
    const id = idStr(u.id);
    if (!id) continue;
    const other = xAccount(id);
    const relation: Relation = {
      kind: m[2] === 'blocking' ? 'block' : 'follow',
      action: 'created',
      from: m[2] === 'followers' ? other : subject,
      to: m[2] === 'followers' ? subject : other,
      at,
      platform: 'x',
      source: record.position,
    };
    out.push({ kind: 'relation', relation });
  }
}

function sniffV2(sample: string): number {
  const { objects } = sampleObjects(sample);
  let best = 0;
  for (const o of objects) {
    let score = 0;
    if ('data' in o && (isObj(o.includes) || isObj(o.__twarc) || isObj(o.meta))) score = 0.95;
    else if ('data' in o) {
      const first = obj(Array.isArray(o.data) ? o.data[0] : o.data);
      score = first && ('author_id' in first || 'edit_history_tweet_ids' in first || 'username' in first) ? 0.85 : 0.3;
    } else if (typeof o.id === 'string' && 'text' in o && ('author_id' in o || 'edit_history_tweet_ids' in o)) {
      score = isObj(o.author) || isObj(o.__twarc) ? 0.95 : 0.8;
    } else if (Array.isArray(o.errors) && !('id_str' in o)) score = 0.5;
    best = Math.max(best, score);
  }
  if (best > 0) return best;
  // A single line longer than the sample: judge by its start.
  const head = sample.replace(/^\uFEFF/, '').trimStart();
  if (/^\{\s*"data"\s*:/.test(head) && /"(author_id|edit_history_tweet_ids|__twarc)"\s*:/.test(head)) return 0.8;
  if (/"__twarc"\s*:/.test(head) && /"author_id"\s*:/.test(head)) return 0.7;
  return 0;
}
