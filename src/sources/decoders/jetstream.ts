/**
 * Bluesky Jetstream JSONL (github.com/bluesky-social/jetstream): one event per line, `kind` commit |
 * account | identity, with `did` and `time_us` (microseconds, when Jetstream saw the event).
 *
 * Ids: post `bsky:<did>/<rkey>`, account `bsky:<did>`. Posts, reposts, follows, blocks, profiles,
 * account status and handle changes are decoded; likes and every other collection are skipped (counted
 * by collection name). A delete marks a post deleted (the store never erases it).
 */
import { accountId, postId } from '../../model/index.js';
import type { Account, AccountEvent, AccountId, AccountStatus, Media, Mention, Post, PostId, SourcePosition } from '../../model/index.js';
import type { DecodeContext, DecodeResult, Decoder, RawRecord } from '../types.js';
import { arr, boundText, canonicalUrls, isObj, isoMs, MAX_MS, nonNegInt, type Obj, Out, parseJson, str, textEntities, uniq, uniqMentions } from './common.js';

const POST = 'app.bsky.feed.post';
const REPOST = 'app.bsky.feed.repost';
const FOLLOW = 'app.bsky.graph.follow';
const BLOCK = 'app.bsky.graph.block';
const PROFILE = 'app.bsky.actor.profile';

/**
 * `record.createdAt` is written by the author's client and can be forged (back-dated to slip out of a
 * detection window, or future-dated); `time_us` is when the network relayed the event. A new record's
 * claim is believed only within [time_us − 1 h, time_us + 5 min] (relay lag, clock skew), else time_us
 * is the event time. Updates legitimately carry an older createdAt, so for them only the future bound
 * applies.
 */
const MAX_LAG_MS = 60 * 60_000;
const MAX_AHEAD_MS = 5 * 60_000;

export function eventTime(createdAt: unknown, seenMs: number, isUpdate = false): number {
  const claimed = isoMs(createdAt);
  if (claimed === undefined || claimed > seenMs + MAX_AHEAD_MS) return seenMs;
  return isUpdate || claimed >= seenMs - MAX_LAG_MS ? claimed : seenMs;
}

/** `at://did:plc:x/app.bsky.feed.post/rkey` → `bsky:did:plc:x/rkey`; anything else (lists, feeds…) → undefined. */
export function atUriToPostId(uri: unknown): PostId | undefined {
  if (typeof uri !== 'string') return undefined;
  const m = /^at:\/\/(did:[a-z]+:[A-Za-z0-9._:%-]+)\/app\.bsky\.feed\.post\/([A-Za-z0-9._:~-]{1,512})$/.exec(uri);
  return m ? postId('bsky', `${m[1]}/${m[2]}`) : undefined;
}

const DID = /^did:[a-z]+:[A-Za-z0-9._:%-]{1,2048}$/;
const KEPT_COLLECTIONS = new Set([POST, REPOST, FOLLOW, BLOCK, PROFILE]);

/**
 * Jetstream writes every event's envelope in one fixed order (its Go structs): did, time_us, kind, then
 * the commit's rev, operation and collection. Most of a full firehose is in collections we only count
 * (likes alone are ~60%), and for those the envelope decides everything: they are counted without
 * parsing the record. Any other layout goes through JSON.parse as usual. What this gives up: an event of
 * a skipped collection that is malformed *after* its envelope is counted as skipped rather than
 * dead-lettered; it would not have been kept either way.
 */
const ENVELOPE = /^\{"did":"did:[a-z]+:[A-Za-z0-9._:%-]{1,2048}","time_us":([1-9]\d{0,15}),"kind":"commit","commit":\{"rev":"[^"\\]{0,128}","operation":"(?:create|update|delete)","collection":"([A-Za-z0-9.-]{1,317})"/;

/**
 * One shared, frozen result per skipped collection: a firehose skips hundreds of thousands of records and
 * they all decode to the same thing. Bounded, since collection names come from the input.
 */
const skippedResults = new Map<string, DecodeResult>();
function skippedResult(collection: string): DecodeResult {
  let result = skippedResults.get(collection);
  if (result === undefined) {
    result = Object.freeze({ items: Object.freeze([{ kind: 'skipped', what: collection.slice(0, 100) }] as const), problems: Object.freeze([]) });
    if (skippedResults.size < 256) skippedResults.set(collection, result);
  }
  return result;
}

/** The collection of an event that needs no parsing (a skipped collection with a valid envelope), else undefined. */
function skippableCollection(text: string): string | undefined {
  const m = ENVELOPE.exec(text);
  if (m === null || KEPT_COLLECTIONS.has(m[2]!) || Number(m[1]) > MAX_MS * 1000) return undefined;
  return text.charCodeAt(text.length - 1) === 125 /* } */ ? m[2] : undefined;
}
const isDid = (v: unknown): v is string => typeof v === 'string' && DID.test(v);

export const jetstreamDecoder: Decoder = {
  format: 'jetstream',
  framing: 'lines',
  sniff(sample) {
    const first = sample.trimStart();
    if (!first.startsWith('{')) return 0;
    if (/"time_us"\s*:/.test(sample) && /"kind"\s*:\s*"(commit|account|identity)"/.test(sample)) return 0.95;
    return /"did"\s*:\s*"did:/.test(sample) && /"collection"\s*:\s*"app\.bsky\./.test(sample) ? 0.6 : 0;
  },
  decode(record: RawRecord, _ctx: DecodeContext): DecodeResult {
    const out = new Out();
    const skippable = skippableCollection(record.text);
    if (skippable !== undefined) return skippedResult(skippable);
    const parsed = parseJson(record.text);
    if (!parsed.ok) return out.problem('invalid_json', parsed.detail).done();
    const ev = parsed.value;
    if (!isObj(ev)) return out.problem('not_an_object').done();
    if (!isDid(ev.did)) return out.problem('missing_field', 'did (a DID string)').done();
    if (typeof ev.time_us !== 'number' || !(ev.time_us > 0 && ev.time_us <= MAX_MS * 1000)) {
      return out.problem('missing_field', 'time_us (positive number)').done();
    }
    const e: Ev = { did: ev.did, author: accountId('bsky', ev.did), at: Math.floor(ev.time_us / 1000), source: record.position, out };
    switch (ev.kind) {
      case 'commit':
        return isObj(ev.commit) ? commit(e, ev.commit) : out.problem('missing_field', 'commit').done();
      case 'account':
        return isObj(ev.account) ? account(e, ev.account) : out.problem('missing_field', 'account').done();
      case 'identity':
        return isObj(ev.identity) ? identity(e, ev.identity) : out.problem('missing_field', 'identity').done();
      default:
        return out.problem('unknown_kind', String(ev.kind).slice(0, 50)).done();
    }
  },
};

interface Ev {
  did: string;
  author: AccountId;
  /** Jetstream's time, epoch ms. */
  at: number;
  source: SourcePosition;
  out: Out;
}

function commit(e: Ev, c: Obj): DecodeResult {
  const { out } = e;
  const collection = str(c.collection);
  const op = c.operation;
  const rkey = str(c.rkey);
  if (!collection) return out.problem('missing_field', 'commit.collection').done();
  if (op !== 'create' && op !== 'update' && op !== 'delete') return out.problem('bad_operation', String(op).slice(0, 50)).done();
  if (!KEPT_COLLECTIONS.has(collection)) return skippedResult(collection);
  if (rkey === undefined || rkey.length === 0 || rkey.length > 512) return out.problem('missing_field', 'commit.rkey').done();
  const id = postId('bsky', `${e.did}/${rkey}`);
  if (op === 'delete') {
    if (collection === POST || collection === REPOST) return out.add({ kind: 'postDeleted', postId: id, at: e.at }).done();
    if (collection === PROFILE) return out.add({ kind: 'skipped', what: `${PROFILE}#delete` }).done();
    const kind = collection === FOLLOW ? 'follow' : 'block';
    return out.add({ kind: 'relation', relation: { kind, action: 'removed', from: e.author, recordKey: rkey, at: e.at, platform: 'bsky', source: e.source } }).done();
  }
  const rec = c.record;
  if (!isObj(rec)) return out.problem('missing_field', 'commit.record').done();
  switch (collection) {
    case POST:
      return post(e, id, rec, op === 'update');
    case REPOST: {
      const subject = isObj(rec.subject) ? atUriToPostId(rec.subject.uri) : undefined;
      if (subject === undefined) return out.problem('bad_reference', 'repost subject.uri is not an at:// post URI').done();
      const createdAt = eventTime(rec.createdAt, e.at, op === 'update');
      return out.add({ kind: 'post', post: bare(e, id, createdAt, '', { repostOf: subject }) }).done();
    }
    case PROFILE:
      return profile(e, rec);
    default: {
      if (!isDid(rec.subject)) return out.problem('bad_reference', `${collection} subject is not a DID`).done();
      const kind = collection === FOLLOW ? 'follow' : 'block';
      const at = eventTime(rec.createdAt, e.at, op === 'update');
      return out
        .add({ kind: 'relation', relation: { kind, action: 'created', from: e.author, to: accountId('bsky', rec.subject), recordKey: rkey, at, platform: 'bsky', source: e.source } })
        .done();
    }
  }
}

function bare(e: Ev, id: PostId, createdAt: number, text: string, extra: Partial<Post> = {}): Post {
  return { id, platform: 'bsky', authorId: e.author, createdAt, text, hashtags: [], urls: [], mentions: [], media: [], ...extra, source: e.source };
}

function post(e: Ev, id: PostId, rec: Obj, isUpdate: boolean): DecodeResult {
  const { out } = e;
  if (rec.text !== undefined && typeof rec.text !== 'string') return out.problem('wrong_type', 'record.text is not a string').done();
  const text = boundText(str(rec.text) ?? '', out);
  const p = bare(e, id, eventTime(rec.createdAt, e.at, isUpdate), text);
  if (isUpdate) p.editedAt = e.at;
  const lang = str(arr(rec.langs)[0]);
  if (lang !== undefined && lang !== 'und' && lang.length <= 35) p.lang = lang;

  const hashtags: string[] = [];
  const urls: string[] = [];
  const mentions: Mention[] = [];
  if (Array.isArray(rec.facets)) facets(rec.facets, text, hashtags, urls, mentions, out);
  else if (text.length > 0) {
    // No facets: a client (often a bot) that did not mark its entities. Read them from the text.
    const found = textEntities(text);
    hashtags.push(...found.hashtags);
    urls.push(...found.urls);
    mentions.push(...found.mentions);
  }
  for (const t of arr(rec.tags)) if (typeof t === 'string' && t.length > 0 && t.length <= 640) hashtags.push(t.replace(/^[#＃]/, ''));

  const reply = isObj(rec.reply) ? rec.reply : undefined;
  if (reply !== undefined) {
    const parent = isObj(reply.parent) ? atUriToPostId(reply.parent.uri) : undefined;
    const root = isObj(reply.root) ? atUriToPostId(reply.root.uri) : undefined;
    if (parent !== undefined) p.replyTo = parent;
    else out.problem('bad_reference', 'reply.parent.uri is not an at:// post URI');
    if (root !== undefined) p.conversationId = root;
  }
  if (isObj(rec.embed)) embed(e, rec.embed, p, urls, 0);
  p.hashtags = uniq(hashtags);
  p.urls = canonicalUrls(urls);
  p.mentions = uniqMentions(mentions);
  return out.add({ kind: 'post', post: p }).done();
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Rich-text facets. Their `index` counts UTF-8 **bytes** of the text, not UTF-16 units, so the text is
 * encoded once and sliced in bytes. Each feature carries its own value (tag, uri, did); the byte range
 * gives the visible text (the @handle of a mention). A range out of bounds or cutting a UTF-8 sequence
 * is reported; the feature's own value is still used.
 */
function facets(list: unknown[], text: string, hashtags: string[], urls: string[], mentions: Mention[], out: Out): void {
  let bytes: Buffer | undefined;
  for (const f of list) {
    if (!isObj(f)) continue;
    const features = arr(f.features);
    let slice: string | undefined;
    const index = isObj(f.index) ? f.index : undefined;
    const needsSlice = features.some((x) => isObj(x) && x.$type === 'app.bsky.richtext.facet#mention');
    if (needsSlice) {
      bytes ??= Buffer.from(text, 'utf8');
      slice = byteSlice(bytes, index?.byteStart, index?.byteEnd, out);
    }
    for (const feat of features) {
      if (!isObj(feat)) continue;
      switch (feat.$type) {
        case 'app.bsky.richtext.facet#tag': {
          const tag = str(feat.tag)?.replace(/^[#＃]/, '');
          if (tag && tag.length <= 640) hashtags.push(tag);
          break;
        }
        case 'app.bsky.richtext.facet#link':
          if (typeof feat.uri === 'string') urls.push(feat.uri);
          break;
        case 'app.bsky.richtext.facet#mention': {
          if (!isDid(feat.did)) {
            out.problem('bad_facet', 'mention without a DID');
            break;
          }
          const m: Mention = { id: accountId('bsky', feat.did) };
          const handle = slice?.replace(/^@/, '').trim().toLowerCase();
          if (handle) m.handle = handle;
          mentions.push(m);
          break;
        }
      }
    }
  }
}

function byteSlice(bytes: Uint8Array, start: unknown, end: unknown, out: Out): string | undefined {
  const s = nonNegInt(start);
  const en = nonNegInt(end);
  if (s === undefined || en === undefined || s >= en || en > bytes.length) {
    out.problem('facet_out_of_range', `byteStart=${String(start)} byteEnd=${String(end)} length=${bytes.length}`);
    return undefined;
  }
  try {
    return decoder.decode(bytes.subarray(s, en));
  } catch {
    out.problem('facet_splits_utf8', `byteStart=${s} byteEnd=${en}`);
    return undefined;
  }
}

/** Embeds: images, video, external link cards, quoted records, and record-with-media (both). */
function embed(e: Ev, em: Obj, p: Post, urls: string[], depth: number): void {
  switch (em.$type) {
    case 'app.bsky.embed.images':
      for (const img of arr(em.images)) {
        if (!isObj(img)) continue;
        const cid = blobCid(img.image);
        const m: Media = { kind: 'image' };
        if (cid !== undefined) m.url = `https://cdn.bsky.app/img/feed_fullsize/plain/${e.did}/${cid}@jpeg`;
        addBlobMeta(m, img.image, img.alt, img.aspectRatio);
        p.media.push(m);
      }
      break;
    case 'app.bsky.embed.video': {
      const cid = blobCid(em.video);
      const m: Media = { kind: 'video' };
      if (cid !== undefined) m.url = `https://video.bsky.app/watch/${encodeURIComponent(e.did)}/${cid}/playlist.m3u8`;
      addBlobMeta(m, em.video, em.alt, em.aspectRatio);
      p.media.push(m);
      break;
    }
    case 'app.bsky.embed.external': {
      const uri = isObj(em.external) ? str(em.external.uri) : undefined;
      if (uri === undefined) break;
      urls.push(uri);
      const [canonical] = canonicalUrls([uri]);
      if (canonical !== undefined) p.media.push({ kind: 'link-card', url: canonical });
      break;
    }
    case 'app.bsky.embed.record': {
      const q = isObj(em.record) ? atUriToPostId(em.record.uri) : undefined;
      if (q !== undefined) p.quoteOf = q;
      break;
    }
    case 'app.bsky.embed.recordWithMedia':
      if (depth > 0) break;
      if (isObj(em.record)) embed(e, { $type: 'app.bsky.embed.record', record: em.record.record }, p, urls, 1);
      if (isObj(em.media)) embed(e, em.media, p, urls, 1);
      break;
  }
}

const CID = /^[A-Za-z0-9]{8,128}$/;
/** A blob's CID: `{ref: {$link}}` (current) or `{cid}` (legacy blobs). Only base32/58 characters pass. */
function blobCid(blob: unknown): string | undefined {
  if (!isObj(blob)) return undefined;
  const cid = isObj(blob.ref) ? blob.ref.$link : blob.cid;
  return typeof cid === 'string' && CID.test(cid) ? cid : undefined;
}

function addBlobMeta(m: Media, blob: unknown, alt: unknown, aspect: unknown): void {
  if (isObj(blob) && typeof blob.mimeType === 'string' && blob.mimeType.length <= 100) m.mimeType = blob.mimeType;
  if (typeof alt === 'string' && alt.length > 0) m.altText = alt.slice(0, 10_000);
  if (isObj(aspect)) {
    const w = nonNegInt(aspect.width);
    const h = nonNegInt(aspect.height);
    if (w !== undefined && h !== undefined) Object.assign(m, { width: w, height: h });
  }
}

function profile(e: Ev, rec: Obj): DecodeResult {
  // Not in the brief's list, but the profile is what account history (name, bio, avatar) is made of.
  const a: Account = { id: e.author, platform: 'bsky', observedAt: e.at };
  if (typeof rec.displayName === 'string') a.displayName = rec.displayName.slice(0, 1000);
  if (typeof rec.description === 'string') a.bio = rec.description.slice(0, 10_000);
  // The profile's own creation time is what account age needs (ban evasion, automation). It is
  // client-written, so a time after the event itself is not believed.
  const created = isoMs(rec.createdAt);
  if (created !== undefined && created <= e.at) a.createdAt = created;
  const avatar = blobCid(rec.avatar);
  a.defaultAvatar = avatar === undefined;
  if (avatar !== undefined) a.avatarUrl = `https://cdn.bsky.app/img/avatar/plain/${e.did}/${avatar}@jpeg`;
  return e.out.add({ kind: 'account', account: a }).done();
}

const STATUS: Record<string, AccountStatus> = { takendown: 'takendown', suspended: 'suspended', deleted: 'deleted', deactivated: 'deactivated' };

function account(e: Ev, acc: Obj): DecodeResult {
  if (typeof acc.active !== 'boolean') return e.out.problem('missing_field', 'account.active (boolean)').done();
  const event: AccountEvent = { accountId: e.author, kind: 'status', at: e.at, source: e.source };
  if (acc.active) event.status = 'active';
  else {
    const s = str(acc.status);
    const mapped = s === undefined ? undefined : STATUS[s];
    if (mapped !== undefined) event.status = mapped;
    // Statuses with no equivalent (`throttled`, `desynchronized`…) or none at all keep the platform's word.
    else event.detail = (s ?? 'inactive').slice(0, 100);
  }
  return e.out.add({ kind: 'accountEvent', event }).done();
}

function identity(e: Ev, id: Obj): DecodeResult {
  const handle = str(id.handle)?.toLowerCase();
  // An identity event without a handle is a DID-document change (keys, PDS move): nothing to record.
  if (handle === undefined || handle.length === 0) return e.out.add({ kind: 'skipped', what: 'identity-without-handle' }).done();
  if (handle.length > 253) return e.out.problem('wrong_type', 'identity.handle longer than 253 characters').done();
  return e.out
    .add({ kind: 'accountEvent', event: { accountId: e.author, kind: 'handle', at: e.at, handle, source: e.source } })
    .add({ kind: 'account', account: { id: e.author, platform: 'bsky', handle, observedAt: e.at } })
    .done();
}
