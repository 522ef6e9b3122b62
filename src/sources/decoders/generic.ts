/**
 * Research datasets in CSV or JSONL, read through a column mapping (`--map field=column,…`):
 *
 *   post:    text (required), author (required unless authorId), time (required), id, authorId, lang,
 *            hashtags, urls, mentions, repostOf, replyTo, quoteOf
 *   account: displayName, bio, location, followers, following, posts, accountCreated
 *   options: platform=<x|bsky|mastodon|telegram|generic> (a value, default generic),
 *            dateOrder=mdy|dmy (for 1/6/2015-style dates, default mdy)
 *
 * JSONL columns may be dotted paths (`user.screen_name`). Times: see `parseTime` (ISO-8601, epoch s/ms,
 * `M/D/YYYY H:MM[:SS]`, `YYYY-MM-DD HH:MM[:SS]`, X's `Wed Oct 10 20:19:24 +0000 2018`; no zone = UTC).
 * List cells (hashtags, urls, mentions) may be JSON arrays, Python list strings (`['a', 'b']`) or
 * separated by spaces, commas, semicolons or pipes; when `hashtags`/`urls`/`mentions` are not mapped
 * they are read from the text.
 *
 * Ids: with an `id` column, `<platform>:<id>`; without, `<platform>:sha256-<first 32 hex of
 * sha256(author, time, text)>`, so re-ingesting the same file adds nothing. Authors are
 * `<platform>:<authorId>`, or `<platform>:@<author, lower-cased>` when only a handle is known (the `@`
 * keeps handles from colliding with numeric user ids). Author-level columns also give an `account`.
 *
 * The "How ISIS Uses Twitter" Kaggle layout (`name, username, description, location, followers,
 * numberstatuses, time, tweets`) is recognised and mapped without `--map`.
 */
import { accountId, postId } from '../../model/index.js';
import type { Account, Mention, Platform, Post, PostId } from '../../model/index.js';
import type { DecodeContext, DecodeResult, Decoder, RawRecord } from '../types.js';
import {
  boundText, canonicalUrls, columnIndex, csvCells, isObj, mappedPlatform, type Obj, Out, parseJson, parseTime, sha256hex, textEntities,
  uniq,
} from './common.js';

export const MAPPING_FIELDS = [
  'id', 'text', 'author', 'authorId', 'time', 'lang', 'hashtags', 'urls', 'mentions', 'repostOf', 'replyTo', 'quoteOf',
  'displayName', 'bio', 'location', 'followers', 'following', 'posts', 'accountCreated',
] as const;
export const MAPPING_OPTIONS = ['platform', 'dateOrder', 'instance'] as const;
type Field = (typeof MAPPING_FIELDS)[number];

export const KAGGLE_ISIS_HEADER = ['name', 'username', 'description', 'location', 'followers', 'numberstatuses', 'time', 'tweets'];
export const KAGGLE_ISIS_MAPPING: Record<string, string> = {
  text: 'tweets', author: 'username', time: 'time', displayName: 'name', bio: 'description', location: 'location',
  followers: 'followers', posts: 'numberstatuses',
};

/** Problems with a mapping itself (unknown keys, missing required fields, columns absent from the header). */
export function mappingProblems(mapping: Record<string, string>, header?: string[]): string[] {
  const problems: string[] = [];
  for (const k of Object.keys(mapping)) {
    if (!(MAPPING_FIELDS as readonly string[]).includes(k) && !(MAPPING_OPTIONS as readonly string[]).includes(k)) problems.push(`unknown field ${k}`);
  }
  if (mapping.text === undefined) problems.push('text is required');
  if (mapping.time === undefined) problems.push('time is required');
  if (mapping.author === undefined && mapping.authorId === undefined) problems.push('author or authorId is required');
  if (mapping.dateOrder !== undefined && mapping.dateOrder !== 'mdy' && mapping.dateOrder !== 'dmy') problems.push('dateOrder is mdy or dmy');
  if (header !== undefined) {
    const cols = columnIndex(header);
    for (const f of MAPPING_FIELDS) if (mapping[f] !== undefined && !cols.has(mapping[f]!)) problems.push(`column ${mapping[f]} (for ${f}) is not in the header`);
  }
  return problems;
}

const sameHeader = (header: string[]): boolean =>
  header.length === KAGGLE_ISIS_HEADER.length && header.every((h, i) => h.replace(/^\uFEFF/, '').trim().toLowerCase() === KAGGLE_ISIS_HEADER[i]);

function mappingFor(ctx: DecodeContext, header: string[] | undefined): Record<string, string> | undefined {
  if (ctx.mapping !== undefined && (ctx.mapping.text !== undefined || ctx.mapping.author !== undefined)) return ctx.mapping;
  if (header !== undefined && sameHeader(header)) return { ...KAGGLE_ISIS_MAPPING, ...ctx.mapping };
  return ctx.mapping;
}

export const genericCsvDecoder: Decoder = {
  format: 'generic-csv',
  framing: 'csv',
  sniff(sample, fileName) {
    const first = sample.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
    const cols = first.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
    if (sameHeader(cols)) return 0.7;
    // Any header-looking CSV could be mapped, but only --format and --map can say how: stay below 0.5.
    if (cols.length >= 2 && cols.every((c) => /^[\p{L}\p{N}_ .-]{1,64}$/u.test(c))) return /\.csv$/i.test(fileName) ? 0.4 : 0.3;
    return 0;
  },
  decodeRow(cells, header, record, ctx) {
    const out = new Out();
    const mapping = mappingFor(ctx, header);
    if (mapping === undefined) return out.problem('no_mapping', 'pass --map text=…,author=…,time=…').done();
    const col = columnIndex(header);
    const get = (f: Field): string | undefined => {
      const name = mapping[f];
      if (name === undefined) return undefined;
      const i = col.get(name);
      if (i === undefined) {
        out.problem('mapping_column_missing', `${f}=${name}`);
        return undefined;
      }
      return cells[i] ?? '';
    };
    return row(get, mapping, record, ctx, out);
  },
  decode(record, ctx) {
    const parsed = csvCells(record.text);
    if ('problem' in parsed) return { items: [], problems: [parsed.problem] };
    if (ctx.header === undefined) return { items: [], problems: [{ reason: 'no_header', detail: 'a CSV row needs its header' }] };
    return genericCsvDecoder.decodeRow!(parsed.cells, ctx.header, record, ctx);
  },
};

export const genericJsonlDecoder: Decoder = {
  format: 'generic-jsonl',
  framing: 'lines',
  sniff(sample) {
    return sample.trimStart().startsWith('{') ? 0.2 : 0;
  },
  decode(record, ctx) {
    const out = new Out();
    const mapping = ctx.mapping;
    if (mapping === undefined) return out.problem('no_mapping', 'pass --map text=…,author=…,time=…').done();
    const parsed = parseJson(record.text);
    if (!parsed.ok) return out.problem('invalid_json', parsed.detail).done();
    if (!isObj(parsed.value)) return out.problem('not_an_object').done();
    const obj = parsed.value;
    const get = (f: Field): string | undefined => {
      const path = mapping[f];
      if (path === undefined) return undefined;
      const v = dig(obj, path);
      if (v === undefined) {
        // Records of a JSONL file vary: only the absence of text or time is a problem here (a missing
        // author is reported by \`row\` when neither author nor authorId is there).
        if (f === 'text' || f === 'time') out.problem('missing_field', `${f}=${path}`);
        return undefined;
      }
      return v === null ? '' : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
    };
    return row(get, mapping, record, ctx, out);
  },
};

function dig(o: Obj, path: string): unknown {
  if (path in o) return o[path];
  let v: unknown = o;
  for (const k of path.split('.')) {
    if (!isObj(v)) return undefined;
    v = v[k];
  }
  return v;
}

/** One row, whatever its source: `get` answers a mapped field's cell (undefined when not mapped or absent). */
function row(get: (f: Field) => string | undefined, mapping: Record<string, string>, record: RawRecord, ctx: DecodeContext, out: Out): DecodeResult {
  const platform = mappedPlatform(ctx, out);
  if (mapping.text === undefined) return out.problem('bad_mapping', 'text is not mapped').done();
  if (mapping.time === undefined) return out.problem('bad_mapping', 'time is not mapped').done();
  const rawText = get('text');
  const author = get('author')?.trim().replace(/^@/, '');
  const authorKey = get('authorId')?.trim();
  const rawTime = get('time')?.trim();
  if (out.problems.length > 0) return out.done(); // a mapped column is missing: every field would be suspect
  if (!authorKey && !author) return out.problem('missing_field', 'author').done();
  if (!rawTime) return out.problem('missing_field', 'time').done();
  const createdAt = parseTime(rawTime, mapping.dateOrder === 'dmy' ? 'dmy' : 'mdy');
  if (createdAt === undefined) return out.problem('bad_time', `${rawTime.slice(0, 40)} (ISO-8601, epoch s/ms, M/D/YYYY H:MM, YYYY-MM-DD HH:MM)`).done();

  const text = boundText(rawText ?? '', out);
  const authorId = accountId(platform, authorKey || `@${author!.toLowerCase()}`);
  const id = get('id')?.trim();
  const p: Post = {
    id: id ? postId(platform, id) : postId(platform, `sha256-${sha256hex(`${authorId}\u0000${createdAt}\u0000${text}`).slice(0, 32)}`),
    platform, authorId, createdAt, text, hashtags: [], urls: [], mentions: [], media: [], source: record.position,
  };
  if (author) p.authorHandle = author;
  const found = textEntities(text);
  const tags = get('hashtags');
  const urls = get('urls');
  const mentions = get('mentions');
  p.hashtags = tags === undefined ? found.hashtags : uniq(list(tags).map((t) => t.replace(/^[#＃]/, '')).filter(Boolean));
  p.urls = urls === undefined ? found.urls : canonicalUrls(list(urls));
  p.mentions = mentions === undefined ? found.mentions : uniq(list(mentions).map((m) => m.replace(/^@/, '').toLowerCase())).filter(Boolean).map((handle): Mention => ({ handle }));
  const lang = get('lang')?.trim();
  if (lang && lang !== 'und' && lang.length <= 35) p.lang = lang;
  const ref = (f: 'repostOf' | 'replyTo' | 'quoteOf'): PostId | undefined => {
    const v = get(f)?.trim();
    return v ? postId(platform, v) : undefined;
  };
  const repostOf = ref('repostOf');
  const replyTo = ref('replyTo');
  const quoteOf = ref('quoteOf');
  if (repostOf) p.repostOf = repostOf;
  if (replyTo) p.replyTo = replyTo;
  if (quoteOf) p.quoteOf = quoteOf;

  const account = accountOf(get, platform, authorId, author, createdAt, mapping.dateOrder === 'dmy' ? 'dmy' : 'mdy', out);
  if (account !== undefined) out.add({ kind: 'account', account });
  return out.add({ kind: 'post', post: p }).done();
}

const ACCOUNT_FIELDS = ['displayName', 'bio', 'location', 'followers', 'following', 'posts', 'accountCreated'] as const;

function accountOf(
  get: (f: Field) => string | undefined, platform: Platform, id: Account['id'], handle: string | undefined, observedAt: number,
  dateOrder: 'mdy' | 'dmy', out: Out,
): Account | undefined {
  const values = ACCOUNT_FIELDS.map((f) => [f, get(f)?.trim()] as const).filter(([, v]) => v !== undefined);
  if (values.length === 0) return undefined;
  const a: Account = { id, platform, observedAt };
  if (handle) a.handle = handle;
  for (const [f, v] of values) {
    if (!v) continue;
    if (f === 'displayName') a.displayName = v.slice(0, 1000);
    else if (f === 'bio') a.bio = v.slice(0, 10_000);
    else if (f === 'location') a.location = v.slice(0, 1000);
    else if (f === 'accountCreated') {
      const t = parseTime(v, dateOrder);
      if (t === undefined) out.problem('bad_time', `accountCreated: ${v.slice(0, 40)}`);
      else a.createdAt = t;
    } else {
      const n = count(v);
      if (n === undefined) out.problem('bad_number', `${f}: ${v.slice(0, 40)}`);
      else a[f] = n;
    }
  }
  return a;
}

/** `1234`, `1,234`, `1234.0` → 1234; anything else (negative, text, 1e400) → undefined. */
function count(v: string): number | undefined {
  const s = v.replace(/[,\s_]/g, '');
  if (!/^\d+(\.0+)?$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A list cell: JSON array, Python list string, or separated values. */
function list(cell: string): string[] {
  const s = cell.trim();
  if (s === '' || s === '[]') return [];
  if (s.startsWith('[') && s.endsWith(']')) {
    const json = parseJson(s);
    if (json.ok && Array.isArray(json.value)) return json.value.filter((x): x is string => typeof x === 'string').map((x) => x.trim());
    // Python repr: ['a', "b"] — quoted items, either quote.
    return [...s.slice(1, -1).matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g)].map((m) => (m[1] ?? m[2] ?? '').replace(/\\(.)/g, '$1').trim()).filter(Boolean);
  }
  return s.split(/[\s,;|]+/).filter(Boolean);
}
