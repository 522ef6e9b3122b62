/**
 * Mastodon: REST `Status` entities (docs.joinmastodon.org/entities/Status) and streaming events
 * (`{"stream":[…],"event":"update","payload":"<Status as a JSON string>"}`; `status.update`; `delete`
 * with a bare id as payload).
 *
 * Two decoders share the format name: `mastodonDecoder` reads lines (one status, one streaming event or
 * one compact JSON array per line, which is what `curl …/api/v1/timelines/public` writes), and
 * `mastodonDocumentDecoder` reads a pretty-printed JSON array spanning many lines and splits it into one
 * record per status. Sniffing picks between them by whether the first line is a whole JSON value.
 *
 * Ids. The same status has a different numeric id on every instance that has seen it, but one
 * ActivityPub `uri`. A post id is therefore taken from the uri: `mastodon:<uri host>:<id>`, the id being
 * the `/statuses/<id>` segment (Mastodon) or the last path segment (Misskey `/notes/<id>`, Pleroma
 * `/objects/<uuid>`). For a status local to the instance serving it, this equals
 * `mastodon:<instance>:<status.id>`; a status seen through two instances gets one id. Only when the uri
 * is missing or unusable is the serving instance's own id used. `in_reply_to_id` and stream `delete`
 * payloads are the serving instance's ids: they map right when the target is local to that instance
 * (the usual case for a thread or a local timeline) and are only used when the serving instance is
 * known (`--map instance=…`, the connector's `instance` field, or a local author's profile URL).
 *
 * Accounts are `mastodon:<user@domain>` (lower-cased), local `acct`s qualified with their profile's host.
 */
import { accountId, postId } from '../../model/index.js';
import type { Account, AccountId, Media, Mention, Post, PostId } from '../../model/index.js';
import type { DecodeContext, DecodeProblemAt, DecodeResult, Decoder, RawRecord } from '../types.js';
import {
  boundText, canonicalUrls, hostOf, htmlLinks, htmlToText, idStr, isObj, isoMs, listField, nonNegInt, type Obj, Out, parseJson, str,
  textEntities, uniq,
} from './common.js';

interface Ctx {
  /** The instance whose API produced the record, when known. */
  instance?: string;
  now: number;
  position: RawRecord['position'];
  out: Out;
}

/** Every Status carries an Account with `acct`, and `created_at`, `content` or `reblog`; Jetstream (`time_us`) never does. */
const looksMastodon = (s: string): boolean =>
  /"acct"\s*:/.test(s) && /"created_at"\s*:/.test(s) && /"(content|reblog|visibility)"\s*:/.test(s) && !/"time_us"\s*:/.test(s);

export const mastodonDecoder: Decoder = {
  format: 'mastodon',
  framing: 'lines',
  sniff(sample) {
    const s = sample.trimStart();
    if (/^\{\s*"(stream|event)"\s*:/.test(s) && /"event"\s*:\s*"(update|status\.update|delete|notification)"/.test(s)) return 0.95;
    if (!looksMastodon(s)) return 0;
    if (s.startsWith('{')) return 0.9;
    return s.startsWith('[') && wholeFirstLine(s) ? 0.9 : 0;
  },
  decode(record, ctx) {
    const out = new Out();
    const parsed = parseJson(record.text);
    if (!parsed.ok) return out.problem('invalid_json', parsed.detail).done();
    const v = parsed.value;
    const c: Ctx = { instance: ctx.mapping?.instance?.toLowerCase(), now: ctx.now ?? Date.now(), position: record.position, out };
    if (Array.isArray(v)) {
      for (const s of v) status(c, s, 0);
      return out.done();
    }
    if (!isObj(v)) return out.problem('not_an_object').done();
    if (typeof v.event === 'string') return streamEvent(c, v);
    status(c, v, 0);
    return out.done();
  },
};

export const mastodonDocumentDecoder: Decoder = {
  format: 'mastodon',
  framing: 'document',
  sniff(sample) {
    const s = sample.trimStart();
    return s.startsWith('[') && !wholeFirstLine(s) && looksMastodon(s) ? 0.9 : 0;
  },
  decode: mastodonDecoder.decode,
  *split(document, source): Iterable<RawRecord | DecodeProblemAt> {
    const parsed = parseJson(document);
    if (!parsed.ok) {
      yield { reason: 'invalid_json', detail: parsed.detail, position: { source, offset: 0 }, raw: document };
      return;
    }
    const list = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
    for (let i = 0; i < list.length; i++) yield { text: JSON.stringify(list[i]), position: { source, cursor: `$[${i}]` } };
  },
};

/** Both Mastodon decoders, for the registry (`--format mastodon` then sniffs between them). */
export const mastodonDecoders: Decoder[] = [mastodonDecoder, mastodonDocumentDecoder];

/** True when the first line of the sample is a complete JSON value (a compact array on one line). */
function wholeFirstLine(s: string): boolean {
  const nl = s.indexOf('\n');
  if (nl < 0) return s.trimEnd().endsWith(']');
  return parseJson(s.slice(0, nl)).ok;
}

const IGNORED_EVENTS = new Set(['notification', 'filters_changed', 'conversation', 'announcement', 'announcement.reaction', 'announcement.delete', 'encrypted_message']);

function streamEvent(c: Ctx, ev: Obj): DecodeResult {
  const { out } = c;
  if (typeof ev.instance === 'string') c.instance = ev.instance.toLowerCase();
  const event = ev.event as string;
  if (event === 'update' || event === 'status.update') {
    // The payload is a JSON string; some relays already unwrap it into an object.
    let payload = ev.payload;
    if (typeof payload === 'string') {
      const inner = parseJson(payload);
      if (!inner.ok) return out.problem('invalid_json', `payload: ${inner.detail}`).done();
      payload = inner.value;
    }
    status(c, payload, 0);
    return out.done();
  }
  if (event === 'delete') {
    const id = idStr(ev.payload);
    if (id === undefined || id.length > 64) return out.problem('missing_field', 'delete payload (a status id)').done();
    if (c.instance === undefined) return out.problem('unknown_instance', 'a delete names a local id: pass --map instance=<host>').done();
    return out.add({ kind: 'postDeleted', postId: postId('mastodon', c.instance, id), at: c.now }).done();
  }
  return out.add({ kind: 'skipped', what: IGNORED_EVENTS.has(event) ? `event:${event}` : 'event:other' }).done();
}

/** Decodes one Status (and its reblogged / quoted status). Returns its post id when it made a post. */
function status(c: Ctx, s: unknown, depth: number): PostId | undefined {
  const { out } = c;
  if (!isObj(s)) {
    out.problem('not_an_object', 'status');
    return undefined;
  }
  const acc = isObj(s.account) ? s.account : undefined;
  if (acc === undefined) {
    out.problem('missing_field', 'account');
    return undefined;
  }
  const author = accountOf(acc, c);
  if (author === undefined) return undefined;
  // A local author's profile URL names the serving instance, when nothing else did.
  const instance = c.instance ?? (str(acc.acct)?.includes('@') === false ? hostOf(acc.url) : undefined);
  const sc: Ctx = instance === c.instance ? c : { ...c, instance };
  const id = statusId(s, sc);
  if (id === undefined) return undefined;
  const createdAt = isoMs(s.created_at);
  if (createdAt === undefined) {
    out.problem('bad_time', `created_at: ${String(s.created_at).slice(0, 40)}`);
    return undefined;
  }
  const editedAt = isoMs(s.edited_at);
  out.add({ kind: 'account', account: { ...author.account, observedAt: editedAt ?? createdAt } });

  const p: Post = {
    id, platform: 'mastodon', authorId: author.id, authorHandle: author.handle, createdAt, text: '',
    hashtags: [], urls: [], mentions: [], media: [], source: c.position,
  };
  if (editedAt !== undefined) p.editedAt = editedAt;

  if (depth === 0 && isObj(s.reblog)) {
    // A boost: the wrapper is the repost (empty text, like an X retweet); the boosted status is its own post.
    const inner = status(sc, s.reblog, 1);
    if (inner !== undefined) p.repostOf = inner;
    out.add({ kind: 'post', post: p });
    return id;
  }

  const content = str(s.content) ?? '';
  const spoiler = str(s.spoiler_text) ?? '';
  // A content warning is part of what readers see first: keep it ahead of the body.
  p.text = boundText(spoiler ? `${spoiler}\n\n${htmlToText(content)}` : htmlToText(content), out);
  const lang = str(s.language);
  if (lang && lang !== 'und' && lang.length <= 35) p.lang = lang;
  const app = isObj(s.application) ? str(s.application.name) : undefined;
  if (app) p.client = app.slice(0, 200);

  const found = textEntities(p.text);
  // Tags: the server's list says which are hashtags; the text keeps the case the author wrote.
  const written = new Map(found.hashtags.map((t) => [t.toLowerCase(), t]));
  const tags = listField(s, 'tags', out).flatMap((t) => (isObj(t) && typeof t.name === 'string' && t.name.length <= 640 ? [t.name] : []));
  p.hashtags = uniq([...tags.map((t) => written.get(t.toLowerCase()) ?? t), ...found.hashtags]);

  const mentionUrls = new Set<string>();
  const mentions: Mention[] = [];
  for (const m of listField(s, 'mentions', out)) {
    if (!isObj(m)) continue;
    const handle = qualify(str(m.acct), m.url, sc.instance);
    if (handle === undefined) continue;
    mentions.push({ id: accountId('mastodon', handle), handle });
    if (typeof m.url === 'string') mentionUrls.add(m.url);
  }
  p.mentions = mentions;

  const card = isObj(s.card) ? str(s.card.url) : undefined;
  const links = htmlLinks(content).filter((u) => !mentionUrls.has(u) && !/\/tags\/[^/]+$/.test(u));
  p.urls = canonicalUrls(card === undefined ? links : [...links, card]);
  p.media = listField(s, 'media_attachments', out).flatMap((m) => (isObj(m) ? [attachment(m)] : []));
  if (card !== undefined) {
    const [canonical] = canonicalUrls([card]);
    if (canonical !== undefined) p.media.push({ kind: 'link-card', url: canonical });
  }

  const replyId = idStr(s.in_reply_to_id);
  if (replyId !== undefined && sc.instance !== undefined) p.replyTo = postId('mastodon', sc.instance, replyId);
  if (depth === 0) {
    const q = quoted(s.quote);
    const qid = q === undefined ? undefined : typeof q === 'string' ? (sc.instance ? postId('mastodon', sc.instance, q) : undefined) : status(sc, q, 1);
    if (qid !== undefined) p.quoteOf = qid;
  }
  out.add({ kind: 'post', post: p });
  return id;
}

/** Mastodon 4.4+ `quote: {state, quoted_status}` or a shallow `{quoted_status_id}`; older forks put the status itself. */
function quoted(q: unknown): Obj | string | undefined {
  if (!isObj(q)) return undefined;
  if (isObj(q.quoted_status)) return q.quoted_status;
  if (q.quoted_status_id !== undefined) return idStr(q.quoted_status_id);
  return isObj(q.account) ? q : undefined;
}

const STATUS_URI = /\/statuses\/([^/?#]+)(?:\/activity)?\/?$/;

function statusId(s: Obj, c: Ctx): PostId | undefined {
  const uri = str(s.uri);
  const host = hostOf(uri);
  if (uri !== undefined && host !== undefined) {
    const path = new URL(uri).pathname;
    const seg = STATUS_URI.exec(path)?.[1] ?? path.split('/').filter(Boolean).pop();
    if (seg !== undefined && seg.length <= 128) return postId('mastodon', host, seg);
  }
  const id = idStr(s.id);
  if (id !== undefined && c.instance !== undefined && id.length <= 64) return postId('mastodon', c.instance, id);
  c.out.problem('missing_field', 'uri (https) or id with a known instance');
  return undefined;
}

/** `user` (local to the server whose profile URL it has) or `user@domain` → `user@domain`, lower-cased. */
function qualify(acct: string | undefined, url: unknown, instance: string | undefined): string | undefined {
  if (acct === undefined || acct.length === 0 || acct.length > 300) return undefined;
  const a = acct.replace(/^@/, '').toLowerCase();
  if (a.includes('@')) return /^[^@\s]+@[^@\s]+$/.test(a) ? a : undefined;
  const host = hostOf(url) ?? instance;
  return host === undefined || /\s/.test(a) ? undefined : `${a}@${host}`;
}

function accountOf(a: Obj, c: Ctx): { id: AccountId; handle: string; account: Omit<Account, 'observedAt'> } | undefined {
  const handle = qualify(str(a.acct), a.url ?? a.uri, c.instance);
  if (handle === undefined) {
    c.out.problem('missing_field', 'account.acct (with a known domain)');
    return undefined;
  }
  const id = accountId('mastodon', handle);
  const acc: Omit<Account, 'observedAt'> = { id, platform: 'mastodon', handle };
  if (typeof a.display_name === 'string') acc.displayName = a.display_name.slice(0, 1000);
  if (typeof a.note === 'string') acc.bio = htmlToText(a.note).slice(0, 10_000);
  if (typeof a.url === 'string' && a.url.length <= 2048) acc.url = a.url;
  const created = isoMs(a.created_at);
  if (created !== undefined) acc.createdAt = created;
  const followers = nonNegInt(a.followers_count);
  const following = nonNegInt(a.following_count);
  const posts = nonNegInt(a.statuses_count);
  if (followers !== undefined) acc.followers = followers;
  if (following !== undefined) acc.following = following;
  if (posts !== undefined) acc.posts = posts;
  if (typeof a.avatar === 'string' && a.avatar.length <= 2048) {
    acc.avatarUrl = a.avatar;
    acc.defaultAvatar = a.avatar.endsWith('/avatars/original/missing.png');
  }
  if (typeof a.bot === 'boolean') acc.bot = a.bot;
  if (typeof a.locked === 'boolean') acc.protected = a.locked;
  if (a.suspended === true) acc.status = 'suspended';
  return { id, handle, account: acc };
}

const KINDS: Record<string, Media['kind']> = { image: 'image', gifv: 'gif', video: 'video', audio: 'audio' };

function attachment(m: Obj): Media {
  const media: Media = { kind: KINDS[String(m.type)] ?? 'file' };
  const url = str(m.url) ?? str(m.remote_url);
  if (url !== undefined && url.length <= 2048) media.url = url;
  if (typeof m.description === 'string' && m.description.length > 0) media.altText = m.description.slice(0, 10_000);
  const original = isObj(m.meta) && isObj(m.meta.original) ? m.meta.original : undefined;
  const w = nonNegInt(original?.width);
  const h = nonNegInt(original?.height);
  if (w !== undefined && h !== undefined) Object.assign(media, { width: w, height: h });
  return media;
}
