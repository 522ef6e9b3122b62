/**
 * What the three X/Twitter decoders share: defensive readers for untrusted JSON, X's time formats,
 * snowflake ids, languages, URL cleaning and a problem collector. Everything here is pure.
 */
import type { Account, Media, Mention, Post } from '../../model/index.js';
import { accountId, postId } from '../../model/index.js';
import { canonicalUrl } from '../../text/urls.js';
import type { DecodeProblem, DecodeResult, Decoded } from '../types.js';
import { parseJson } from './common.js';

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const obj = (v: unknown): Obj | undefined => (isObj(v) ? v : undefined);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

/** What a value is, for problem details: `null`, `an array`, `string`… */
export const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

/** A count (followers, tweets…): a non-negative safe integer, given as a number or digits. */
export function count(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,15}(\.0+)?$/.test(v) ? Number(v) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** An X id string: digits only. Numbers are refused (ids above 2^53 arrive rounded; see `parseJsonLossless`). */
export const idStr = (v: unknown): string | undefined => (typeof v === 'string' && /^\d{1,20}$/.test(v) ? v : undefined);

export const xPost = (id: string) => postId('x', id);
export const xAccount = (id: string) => accountId('x', id);

/**
 * A copy without `undefined` members, so that records compare and serialise without empty keys. Copying
 * is cheaper than `delete`, which would also turn the object into a slow dictionary-mode object.
 */
export function prune<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const k in o) if (o[k] !== undefined) out[k] = o[k];
  return out as T;
}

// ---------------------------------------------------------------------------------------------------
// Times. Each format has one; all are read strictly so that a garbled value is reported, not guessed.

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:?\d\d)$/;
/** API v2: `2022-10-04T15:25:05.000Z`. */
export function isoTime(v: unknown): number | undefined {
  if (typeof v !== 'string' || !ISO.test(v)) return undefined;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : undefined;
}

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
const V1_TIME = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d\d) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d) (\d{4})$/;
/** API v1.1: `Wed Oct 10 20:19:24 +0000 2018`. */
export function twitterTime(v: unknown): number | undefined {
  const m = typeof v === 'string' ? V1_TIME.exec(v) : null;
  const month = m ? MONTHS[m[1]] : undefined;
  if (!m || month === undefined) return undefined;
  const offset = (m[6] === '-' ? -1 : 1) * (Number(m[7]) * 60 + Number(m[8])) * 60_000;
  const t = civil(Number(m[9]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
  return t === undefined ? undefined : t - offset;
}

const CSV_TIME = /^(\d{4})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d)(?::(\d\d))?)?$/;
/** Information-operations archives: `2018-01-13 21:22`, `2018-01-13 21:22:05` or a bare date, UTC. */
export function csvTime(v: string): number | undefined {
  const m = CSV_TIME.exec(v.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number);
  return civil(y, mo - 1, d, h, mi, s);
}

/** Date.UTC that refuses out-of-range parts (Date.UTC would roll 2018-02-31 over into March). */
function civil(y: number, mo: number, d: number, h: number, mi: number, s: number): number | undefined {
  const t = Date.UTC(y, mo, d, h, mi, s);
  const back = new Date(t);
  return back.getUTCMonth() === mo && back.getUTCDate() === d && h < 24 && mi < 60 && s < 60 ? t : undefined;
}

const TWEPOCH = 1288834974657n;
/** Snowflake ids (all tweets since Nov 2010) embed their creation time; floored to the second like `created_at`. */
export function snowflakeTime(id: string): number | undefined {
  if (id.length < 17) return undefined; // pre-snowflake sequential ids carry no time
  const ms = Number((BigInt(id) >> 22n) + TWEPOCH);
  return ms - (ms % 1000);
}

// ---------------------------------------------------------------------------------------------------
// Content.

/**
 * X's language field uses pseudo-codes that are not languages: `und` (undetermined) and the `q…`/`zxx`
 * codes for tweets made only of media, hashtags, mentions, cashtags or very short text. None tells a
 * detector anything about language, so they are dropped like `und`.
 */
const NOT_A_LANGUAGE = new Set(['und', 'zxx', 'qme', 'qht', 'qam', 'qct', 'qst', 'qlm']);
export function xLang(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' && !NOT_A_LANGUAGE.has(v) ? v : undefined;
}

/** `<a href="…" rel="nofollow">Twitter for Android</a>` (v1.1) → `Twitter for Android`; v2 gives plain text. */
export function clientName(v: unknown): string | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  const text = v.replace(/<[^>]*>/g, '').trim();
  return text || undefined;
}

export const isDefaultAvatar = (url: string): boolean => /\/default_profile_images\//.test(url);

/** Unique values in first-seen order. */
export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/**
 * A tweet's own link to itself: X appends `…/i/web/status/<id>` to truncated texts and
 * `…/<user>/status/<id>/photo/1` (the `pic.twitter.com` link) for attached media. Neither is a link the
 * author shared, and counting them as urls would make every media tweet share a unique "url".
 */
export function isSelfLink(expanded: string, ownIds: readonly string[]): boolean {
  const m = /^https?:\/\/(?:mobile\.)?(?:twitter|x)\.com\/(?:i\/web|[^/]+)\/status\/(\d+)(\/(?:photo|video)\/\d+)?\/?$/i.exec(expanded);
  if (!m || !ownIds.includes(m[1])) return false;
  return m[2] !== undefined || /\/i\/web\/status\//i.test(expanded);
}

/** Canonical, de-duplicated URLs from plain strings, skipping the unparsable. */
export function cleanUrls(candidates: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const c of candidates) {
    const u = canonicalUrl(c);
    if (u !== undefined) out.add(u);
  }
  return [...out];
}

/**
 * The links a tweet shares, from its url entities (v1.1 and v2 alike): the best-known target
 * (`unwound` redirects followed, else `expanded_url`, else the t.co link), canonical, de-duplicated.
 * Self-links (see `isSelfLink`) and links to attached media are left out. (`expandUrl` of text/urls
 * chooses the same way but also parses the short link and the domain: a third of the decode time.)
 */
export function entityUrls(entities: unknown[], ownIds: readonly string[]): string[] {
  const out = new Set<string>();
  for (const e of entities) {
    const o = obj(e);
    const url = str(o?.url);
    if (!o || !url || 'media_key' in o) continue; // v2 marks the pic.twitter.com link of attached media
    const expanded = str(o.expanded_url);
    if (expanded && isSelfLink(expanded, ownIds)) continue;
    const unwound = str(o.unwound_url) ?? str(obj(o.unwound)?.url); // v2, and v1.1 enterprise streams
    const target = (unwound && canonicalUrl(unwound)) ?? (expanded && canonicalUrl(expanded)) ?? canonicalUrl(url);
    if (target !== undefined) out.add(target);
  }
  return [...out];
}

/** Mentions de-duplicated on handle, lower-cased as the model wants. */
export function mention(handle: string | undefined, id: string | undefined): Mention | undefined {
  if (handle === undefined && id === undefined) return undefined;
  return prune({ id: id === undefined ? undefined : xAccount(id), handle: handle?.toLowerCase() });
}

export function uniqueMentions(ms: (Mention | undefined)[]): Mention[] {
  const seen = new Set<string>();
  const out: Mention[] = [];
  for (const m of ms) {
    if (!m) continue;
    const key = `${m.id ?? ''}|${m.handle ?? ''}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(m);
    }
  }
  return out;
}

export const mediaKind = (type: unknown): Media['kind'] =>
  type === 'video' ? 'video' : type === 'animated_gif' ? 'gif' : 'image';

/** The highest-bitrate MP4 of a video's variants (v1.1 `video_info.variants`, v2 `variants`). */
export function bestVariant(variants: unknown): { url: string; mimeType: string } | undefined {
  let best: { url: string; mimeType: string; rate: number } | undefined;
  for (const v of arr(variants)) {
    const o = obj(v);
    const url = str(o?.url);
    const type = str(o?.content_type);
    if (!url || type !== 'video/mp4') continue;
    const rate = count(o?.bit_rate ?? o?.bitrate) ?? 0;
    if (!best || rate > best.rate) best = { url, mimeType: type, rate };
  }
  return best && { url: best.url, mimeType: best.mimeType };
}

// ---------------------------------------------------------------------------------------------------
// Records.

/** Collects a record's items and problems; one per decode call. */
export class Collector {
  readonly items: Decoded[] = [];
  readonly problems: DecodeProblem[] = [];
  private readonly seenPosts = new Set<string>();
  private readonly seenAccounts = new Set<string>();

  problem(reason: string, detail?: string): void {
    this.problems.push(detail === undefined ? { reason } : { reason, detail });
  }
  /** Adds a post once per *version* key (an edited tweet's versions share a post id). */
  post(post: Post, versionKey: string = post.id): void {
    if (this.seenPosts.has(versionKey)) return;
    this.seenPosts.add(versionKey);
    this.items.push({ kind: 'post', post });
  }
  account(account: Account): void {
    if (this.seenAccounts.has(account.id)) return;
    this.seenAccounts.add(account.id);
    this.items.push({ kind: 'account', account });
  }
  push(item: Decoded): void {
    this.items.push(item);
  }
  result(): DecodeResult {
    return { items: this.items, problems: this.problems };
  }
}

export function parseJsonLossless(text: string): unknown {
  return JSON.parse(text.replace(/((?<!\\)"[^"\\]*"\s*:\s*)(\d{16,})(?=\s*[,}\]])/g, '$1"$2"'));
}

/** A decoder must never throw on data: anything unexpected becomes a problem on the record. */
export function guarded(run: () => DecodeResult): DecodeResult {
  try {
    return run();
  } catch (err) {
    return { items: [], problems: [{ reason: 'internal', detail: err instanceof Error ? err.message : String(err) }] };
  }
}

/** The complete lines at the start of a sniff sample (the last may be cut), BOM and blanks removed. */
export function sampleLines(sample: string, max = 5): string[] {
  const text = sample.charCodeAt(0) === 0xfeff ? sample.slice(1) : sample;
  const lines = text.split('\n');
  if (lines.length > 1) lines.pop(); // possibly cut mid-line
  return lines.map((l) => l.trim()).filter((l) => l !== '').slice(0, max);
}

/** The first lines of a sample parsed as JSON objects (unparsable ones skipped), plus whether any failed. */
export function sampleObjects(sample: string): { objects: Obj[]; cut: boolean } {
  const objects: Obj[] = [];
  let cut = false;
  for (const line of sampleLines(sample)) {
    const r = parseJson(line);
    if (r.ok && isObj(r.value)) objects.push(r.value);
    else cut = true;
  }
  return { objects, cut };
}
