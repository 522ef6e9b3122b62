/**
 * Small helpers shared by the non-X decoders: defensive access to parsed JSON, result building, entity
 * extraction from free text, time parsing, HTML reduction (Mastodon) and safe relative paths (Telegram).
 * Everything here is pure and never throws on bad data.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Mention, Platform, Post } from '../../model/index.js';
import { canonicalUrl, extractHashtags, extractMentions, extractUrls } from '../../text/index.js';
import type { DecodeContext, Decoded, DecodeProblem, DecodeResult } from '../types.js';

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** A non-empty string, or a finite number written as a string (ids come as either). */
export const idStr = (v: unknown): string | undefined =>
  typeof v === 'string' ? (v.length > 0 ? v : undefined) : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** `o[key]` as an array; a present value of another type (not null) is reported as `wrong_type`. */
export function listField(o: Obj, key: string, out: Out): unknown[] {
  const v = o[key];
  if (Array.isArray(v)) return v;
  if (v !== undefined && v !== null) out.problem('wrong_type', `${key} is not an array`);
  return [];
}
export const nonNegInt = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined;

/** The largest time a JS Date can hold (year 275760): epoch ms beyond it are garbage. */
export const MAX_MS = 8.64e15;

/** Texts longer than this are cut (the raw record keeps the whole): no platform allows posts near it. */
export const MAX_TEXT = 100_000;

/** Collects what one record yields; `done()` is the DecodeResult. */
export class Out {
  readonly items: Decoded[] = [];
  readonly problems: DecodeProblem[] = [];
  add(item: Decoded): this {
    this.items.push(item);
    return this;
  }
  problem(reason: string, detail?: string): this {
    this.problems.push(detail === undefined ? { reason } : { reason, detail: detail.slice(0, 300) });
    return this;
  }
  done(): DecodeResult {
    return { items: this.items, problems: this.problems };
  }
}

export type Parsed = { ok: true; value: unknown } | { ok: false; detail: string };
export function parseJson(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, detail: `${e instanceof Error ? e.message : String(e)} (record of ${text.length} chars)` };
  }
}

/** Cuts hostile giant texts, reporting it; returns the text to keep. */
export function boundText(text: string, out: Out): string {
  if (text.length <= MAX_TEXT) return text;
  out.problem('text_truncated', `${text.length} characters, kept ${MAX_TEXT}`);
  return text.slice(0, MAX_TEXT);
}

/** Order-preserving de-duplication. */
export function uniq<T>(xs: T[]): T[] {
  return xs.length < 2 ? xs : [...new Set(xs)];
}

export function uniqMentions(ms: Mention[]): Mention[] {
  if (ms.length < 2) return ms;
  const seen = new Set<string>();
  return ms.filter((m) => {
    const key = `${m.id ?? ''}|${m.handle ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Canonicalising a URL costs microseconds (WHATWG parse, query rewrite) and the same links recur
 * across a dataset (that is what co-link detection looks for), so results are memoised in two bounded
 * generations: when the young one fills, it becomes the old one and the old one is dropped, so links
 * still in use survive a turnover (emptying a single map threw away the hot links with the cold ones:
 * at 1M posts over 100k distinct links, canonicalising cost 2× more).
 */
let urlCache = new Map<string, string | null>();
let urlCacheOld = new Map<string, string | null>();
const URL_CACHE_GENERATION = 50_000;

function canonicalCached(u: string): string | null {
  let c = urlCache.get(u);
  if (c !== undefined) return c;
  c = urlCacheOld.get(u);
  if (c === undefined) c = u.length > 4096 ? null : (canonicalUrl(u) ?? null);
  if (urlCache.size >= URL_CACHE_GENERATION) {
    urlCacheOld = urlCache;
    urlCache = new Map();
  }
  urlCache.set(u, c);
  return c;
}

export function canonicalUrls(urls: Iterable<string>): string[] {
  const out: string[] = [];
  for (const u of urls) {
    const c = canonicalCached(u);
    if (c !== null) out.push(c);
  }
  return uniq(out);
}

type Entities = Pick<Post, 'hashtags' | 'urls' | 'mentions'>;
const NONE: Entities = { hashtags: [], urls: [], mentions: [] };
/** Retweets and copy-paste campaigns repeat texts verbatim: extraction is memoised (bounded) by text. */
const entityCache = new Map<string, Entities>();
const ENTITY_CACHE_MAX = 20_000;

/** Hashtags, canonical URLs and @handles found in plain text (formats that do not mark entities). */
export function textEntities(text: string): Entities {
  // Cheap guards: most posts have no '#', no '@' and no link, and the regexes are the costly part.
  const tag = text.includes('#') || text.includes('＃');
  const link = /https?:\/\//i.test(text);
  const at = text.includes('@');
  if (!tag && !link && !at) return { hashtags: [], urls: [], mentions: [] };
  let e = text.length <= 1000 ? entityCache.get(text) : undefined;
  if (e === undefined) {
    e = {
      hashtags: tag ? uniq(extractHashtags(text)) : NONE.hashtags,
      urls: link ? canonicalUrls(extractUrls(text)) : NONE.urls,
      mentions: at ? uniq(extractMentions(text)).map((handle) => ({ handle })) : NONE.mentions,
    };
    if (text.length <= 1000) {
      if (entityCache.size >= ENTITY_CACHE_MAX) entityCache.clear();
      entityCache.set(text, e);
    }
  }
  // Copies: a post's arrays are its own, whoever else shares the text.
  return { hashtags: e.hashtags.slice(), urls: e.urls.slice(), mentions: e.mentions.map((m) => ({ ...m })) };
}

export const sha256hex = (s: string): string => createHash('sha256').update(s).digest('hex');

/** A strict ISO-8601 timestamp (as platforms write them) to epoch ms; no zone means UTC. */
const ISO = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
export function isoMs(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  // Fast path for the shape nearly every platform writes: 2026-05-25T14:23:28.757Z.
  if (v.length === 24 && v.charCodeAt(23) === 90 /* Z */ && v.charCodeAt(10) === 84 /* T */ && ISO.test(v)) {
    const ms = Date.parse(v);
    return Number.isFinite(ms) ? ms : undefined;
  }
  if (v.length > 40 || !ISO.test(v)) return undefined;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(v) ? v : `${v}Z`;
  // JS Date takes at most millisecond precision: cut longer fractions (Bluesky writes microseconds).
  const ms = Date.parse(zoned.replace(' ', 'T').replace(/(\.\d{3})\d+/, '$1'));
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Times in research datasets, to epoch ms UTC. Accepted: ISO-8601 (`2015-01-06T21:07:00Z`, zone
 * optional → UTC); epoch seconds or milliseconds (digits, optional decimals; values below 10^11 are
 * seconds); `M/D/YYYY H:MM[:SS] [AM|PM]` (US order as Kaggle exports write it, `dateOrder: 'dmy'` for
 * D/M/YYYY); `YYYY-MM-DD HH:MM[:SS]`; X's `Wed Oct 10 20:19:24 +0000 2018`. Anything else: undefined.
 */
export function parseTime(raw: string, dateOrder: 'mdy' | 'dmy' = 'mdy'): number | undefined {
  const s = raw.trim();
  if (s.length === 0 || s.length > 40) return undefined;
  if (/^\d+(\.\d+)?$/.test(s)) {
    const n = Number(s);
    const ms = Math.round(n < 1e11 ? n * 1000 : n);
    return ms <= MAX_MS ? ms : undefined;
  }
  const iso = isoMs(s);
  if (iso !== undefined) return iso;
  const slash = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?$/i.exec(s);
  if (slash) {
    const [a, b] = [Number(slash[1]), Number(slash[2])];
    const [month, day] = dateOrder === 'mdy' ? [a, b] : [b, a];
    let hour = slash[4] === undefined ? 0 : Number(slash[4]);
    const ampm = slash[7]?.toUpperCase();
    if (ampm !== undefined && (hour < 1 || hour > 12)) return undefined;
    if (ampm === 'PM' && hour < 12) hour += 12;
    if (ampm === 'AM' && hour === 12) hour = 0;
    return utc(Number(slash[3]), month, day, hour, Number(slash[5] ?? 0), Number(slash[6] ?? 0));
  }
  const twitter = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/.exec(s);
  if (twitter) {
    const month = MONTHS.indexOf(twitter[1]!) + 1;
    const t = utc(Number(twitter[9]), month, Number(twitter[2]), Number(twitter[3]), Number(twitter[4]), Number(twitter[5]));
    if (t === undefined) return undefined;
    const offset = (Number(twitter[7]) * 60 + Number(twitter[8])) * 60_000;
    return twitter[6] === '+' ? t - offset : t + offset;
  }
  return undefined;
}
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Epoch ms from calendar fields, or undefined when a field is out of range (no silent roll-over). */
function utc(y: number, mo: number, d: number, h: number, mi: number, s: number): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  return new Date(t).getUTCDate() === d ? t : undefined;
}

/** Host of an http(s) URL, lower-cased, or undefined. */
export function hostOf(url: unknown): string | undefined {
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) return undefined;
  try {
    return new URL(url).hostname.toLowerCase() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * A media path from an export, kept relative to the export folder — or undefined when it would escape
 * that folder (absolute, `..`, drive letters, NUL): a hostile export must not make the media hasher
 * read `/etc/passwd`.
 */
export function safeRelativePath(p: string): string | undefined {
  if (p.length === 0 || p.length > 1024 || p.includes('\0')) return undefined;
  const unix = p.replace(/\\/g, '/');
  if (unix.startsWith('/') || /^[A-Za-z]:/.test(unix)) return undefined;
  const norm = posix.normalize(unix);
  if (norm === '..' || norm.startsWith('../') || norm === '.') return undefined;
  return norm;
}

// ---- HTML → text (Mastodon `content`, account `note`) ----

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', hellip: '…', mdash: '—', ndash: '–',
  laquo: '«', raquo: '»', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', copy: '©', reg: '®', shy: '\u00ad',
  zwj: '\u200d', zwnj: '\u200c', lrm: '\u200e', rlm: '\u200f',
};

/** Decodes HTML character references; invalid code points (NUL, surrogates, > U+10FFFF) become U+FFFD. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#[xX][0-9a-fA-F]{1,8}|#\d{1,10}|[a-zA-Z]{2,8});/g, (all, body: string) => {
    if (body[0] !== '#') return NAMED[body] ?? all;
    const cp = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    if (!(cp > 0 && cp <= 0x10ffff) || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
    return String.fromCodePoint(cp);
  });
}

/**
 * Mastodon's HTML reduced to the text a reader sees: `<br>` → newline, paragraphs separated by a blank
 * line, `<script>`/`<style>` dropped with their content, every other tag stripped (an unclosed tag at
 * the end is dropped too), then entities decoded — after stripping, so `&lt;b&gt;` stays literal text.
 * Bidi controls (`&#x202E;`) are decoded and kept: the text is evidence; the text layer and the UI
 * neutralise them, and URL extraction already stops at them.
 */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style)\b[^]*?(<\/\1\s*>|$)/gi, '')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/p\s*>\s*<p\b[^>]*>/gi, '\n\n')
      .replace(/<\/?[A-Za-z!?][^>]*(>|$)/g, ''),
  ).trim();
}

/** `href`s of the links in Mastodon HTML whose class is not mention/hashtag, entity-decoded. */
export function htmlLinks(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<a\b([^>]*)>/gi)) {
    const attrs = m[1]!;
    const cls = /\bclass\s*=\s*"([^"]*)"/i.exec(attrs)?.[1] ?? '';
    if (/\b(mention|hashtag)\b/.test(cls)) continue;
    const href = /\bhref\s*=\s*"([^"]*)"/i.exec(attrs)?.[1];
    if (href !== undefined) out.push(decodeEntities(href));
  }
  return out;
}

// ---- CSV-framed formats ----

/** One CSV row's cells from its raw text (quoted newlines allowed), or a problem. */
export function csvCells(text: string): { cells: string[] } | { problem: DecodeProblem } {
  try {
    const rows = parseCsv(text.replace(/^\uFEFF/, ''), { relax_column_count: true, relax_quotes: true, skip_empty_lines: true });
    if (rows.length !== 1) return { problem: { reason: 'csv_syntax', detail: `expected one row, found ${rows.length}` } };
    return { cells: rows[0]! };
  } catch (e) {
    return { problem: { reason: 'csv_syntax', detail: e instanceof Error ? e.message.slice(0, 300) : String(e) } };
  }
}

/** Column name → index, cached per header array (the framer passes the same array for every row). */
const indexCache = new WeakMap<string[], Map<string, number>>();
export function columnIndex(header: string[]): Map<string, number> {
  let m = indexCache.get(header);
  if (m === undefined) {
    m = new Map(header.map((h, i) => [h.replace(/^\uFEFF/, '').trim(), i] as const));
    indexCache.set(header, m);
  }
  return m;
}

const PLATFORMS = new Set<string>(['x', 'bsky', 'mastodon', 'telegram', 'generic']);
/** `--map platform=x` names the platform a research dataset came from; default `generic`. */
export function mappedPlatform(ctx: DecodeContext | undefined, out: Out): Platform {
  const p = ctx?.mapping?.platform;
  if (p === undefined) return 'generic';
  if (PLATFORMS.has(p)) return p as Platform;
  out.problem('bad_mapping', `platform=${p.slice(0, 40)} (one of ${[...PLATFORMS].join(', ')})`);
  return 'generic';
}
