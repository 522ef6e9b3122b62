/**
 * X/Twitter information-operations archives ("elections integrity" / transparency datasets of accounts
 * X removed for state-backed manipulation): one CSV row per tweet, the author's profile repeated on
 * every row. Columns:
 *   tweetid, userid, user_display_name, user_screen_name, user_reported_location,
 *   user_profile_description, user_profile_url, follower_count, following_count, account_creation_date,
 *   account_language, tweet_language, tweet_text, tweet_time, tweet_client_name, in_reply_to_userid,
 *   in_reply_to_tweetid, quoted_tweet_tweetid, is_retweet, retweet_userid, retweet_tweetid, latitude,
 *   longitude, quote_count, reply_count, like_count, retweet_count, hashtags, urls, user_mentions,
 *   poll_choices
 * Quirks handled: list cells are Python list literals (`['a', "b's"]`, `[]`); accounts with few
 * followers are anonymised, their user id (and display and screen name) replaced by a base64 hash;
 * counts are written as floats (`17.0`); times are UTC `YYYY-MM-DD HH:MM`; a missing value is an
 * empty cell; latitude/longitude say `absent`.
 */
import { parse } from 'csv-parse/sync';
import type { Post, SourcePosition } from '../../model/index.js';
import type { DecodeContext, DecodeResult, Decoder, RawRecord } from '../types.js';
import { fail } from '../types.js';
import { cleanUrls, Collector, count, csvTime, guarded, prune, sampleLines, unique, xAccount, xLang, xPost } from './x-common.js';

export const xCsvDecoder: Decoder = {
  format: 'x-csv',
  framing: 'csv',
  decode: (record, ctx) => guarded(() => decodeText(record, ctx)),
  // The framer splits rows itself and calls this; `decode` parses `record.text` for other callers.
  decodeRow: (cells, header, record) => guarded(() => decodeRow(cells, header, record.position)),
  sniff: sniffCsv,
};

function decodeText(record: RawRecord, ctx: DecodeContext): DecodeResult {
  if (!ctx.header) return fail('schema', 'no CSV header: the framer must pass the header row in ctx.header');
  let rows: string[][];
  try {
    rows = parse(record.text, { relax_column_count: true, bom: true });
  } catch (err) {
    return fail('invalid_csv', (err as Error).message);
  }
  if (rows.length !== 1) return fail('invalid_csv', `expected one CSV row, found ${rows.length}`);
  return decodeRow(rows[0], ctx.header, record.position);
}

/** Column name → index, computed once per header array. */
const columnCache = new WeakMap<string[], Map<string, number>>();
function columns(header: string[]): Map<string, number> {
  let map = columnCache.get(header);
  if (!map) {
    map = new Map(header.map((h, i) => [h.replace(/^\uFEFF/, '').trim().toLowerCase(), i]));
    columnCache.set(header, map);
  }
  return map;
}

/**
 * A tweet id cell. The archives' ids are digits; files round-tripped through a spreadsheet or pandas
 * may hold `1.0e+18` (precision lost: refused) or `123.0` (exact: accepted).
 */
type IdCell = { id?: string; lossy?: string };
function idCell(v: string): IdCell {
  const s = v.trim();
  if (s === '') return {};
  const m = /^(\d{1,20})(\.0+)?$/.exec(s);
  return m ? { id: m[1] } : { lossy: s };
}

function decodeRow(cells: string[], header: string[], position: SourcePosition): DecodeResult {
  const col = columns(header);
  if (cells.length !== header.length) return fail('schema', `row has ${cells.length} cells, the header has ${header.length}`);
  const get = (name: string): string => {
    const i = col.get(name);
    return i === undefined ? '' : (cells[i] ?? '');
  };
  const out = new Collector();
  const tweet = idCell(get('tweetid'));
  if (!tweet.id) return fail('schema', tweet.lossy ? `tweetid "${tweet.lossy}" is not a digit string (precision lost?)` : 'tweetid is empty');
  const user = get('userid').trim();
  if (user === '') return fail('missing_author', `tweet ${tweet.id}: userid is empty, the tweet cannot be attributed`);
  const createdAt = csvTime(get('tweet_time'));
  if (createdAt === undefined) return fail('bad_time', `tweet ${tweet.id}: tweet_time "${get('tweet_time').slice(0, 40)}" is not YYYY-MM-DD HH:MM`);

  const ref = (column: string): Post['repostOf'] => {
    const c = idCell(get(column));
    if (c.lossy) out.problem('lossy_id', `tweet ${tweet.id}: ${column} "${c.lossy.slice(0, 40)}" is not a digit string; the reference is dropped`);
    return c.id ? xPost(c.id) : undefined;
  };
  const list = (column: string): string[] => {
    const cell = get(column);
    const items = parsePythonList(cell);
    if (items === undefined) out.problem('schema', `tweet ${tweet.id}: ${column} "${cell.slice(0, 60)}" is not a Python list`);
    return items ?? [];
  };
  const isRetweet = /^(true|1)$/i.test(get('is_retweet').trim());
  const handle = get('user_screen_name');
  const name = get('user_display_name');
  const opt = (v: string): string | undefined => (v === '' ? undefined : v);
  // Anonymised accounts repeat the hashed id as their names: that is no handle.
  const anonymised = (v: string): string | undefined => (v === '' || v === user ? undefined : v);

  out.post(
    prune({
      id: xPost(tweet.id),
      platform: 'x' as const,
      authorId: xAccount(user),
      authorHandle: anonymised(handle),
      createdAt,
      text: get('tweet_text'),
      lang: xLang(get('tweet_language')),
      hashtags: unique(list('hashtags').map((h) => h.replace(/^#/, '')).filter((h) => h !== '')),
      urls: cleanUrls(list('urls')),
      mentions: unique(list('user_mentions').filter((m) => m !== '')).map((m) => ({ id: xAccount(m) })),
      media: [],
      repostOf: isRetweet ? ref('retweet_tweetid') : undefined,
      replyTo: ref('in_reply_to_tweetid'),
      quoteOf: ref('quoted_tweet_tweetid'),
      client: opt(get('tweet_client_name')),
      source: position,
    }),
  );
  out.account(
    prune({
      id: xAccount(user),
      platform: 'x' as const,
      handle: anonymised(handle),
      displayName: anonymised(name),
      bio: opt(get('user_profile_description')),
      location: opt(get('user_reported_location')),
      url: opt(get('user_profile_url')),
      createdAt: csvTime(get('account_creation_date')),
      followers: count(get('follower_count')),
      following: count(get('following_count')),
      observedAt: createdAt,
    }),
  );
  return out.result();
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0' };

/**
 * A Python list literal as `str(list)` writes it: quoted strings (either quote, with backslash escapes
 * including `\xNN`, `\uNNNN`, `\UNNNNNNNN`), numbers, `None` (skipped). Bare words are accepted as
 * strings, since some exports dropped the quotes. An empty cell is an empty list; anything else that
 * is not a list is `undefined`.
 */
export function parsePythonList(cell: string): string[] | undefined {
  const s = cell.trim();
  if (s === '') return [];
  if (s[0] !== '[' || s[s.length - 1] !== ']') return undefined;
  const out: string[] = [];
  let i = 1;
  const end = s.length - 1;
  const skipSpace = (): void => {
    while (i < end && /\s/.test(s[i])) i++;
  };
  for (;;) {
    skipSpace();
    if (i >= end) return out;
    const q = s[i];
    if (q === "'" || q === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= end) return undefined; // unterminated string
        const c = s[i];
        if (c === q) break;
        if (c !== '\\') {
          value += c;
          i++;
          continue;
        }
        const e = s[i + 1];
        const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
        if (hex > 0) {
          const digits = s.slice(i + 2, i + 2 + hex);
          const code = /^[0-9a-fA-F]+$/.test(digits) && digits.length === hex ? parseInt(digits, 16) : NaN;
          if (!(code <= 0x10ffff)) return undefined;
          value += String.fromCodePoint(code);
          i += 2 + hex;
        } else if (e !== undefined && e in ESCAPES) {
          value += ESCAPES[e];
          i += 2;
        } else {
          value += `\\${e ?? ''}`; // Python keeps unknown escapes as written
          i += 2;
        }
      }
      i++; // closing quote
      out.push(value);
    } else {
      const start = i;
      while (i < end && s[i] !== ',') i++;
      const word = s.slice(start, i).trim();
      if (word !== 'None') out.push(word);
    }
    skipSpace();
    if (i >= end) return out;
    if (s[i] !== ',') return undefined;
    i++;
  }
}

const REQUIRED = ['tweetid', 'userid', 'tweet_text', 'tweet_time'];
const TYPICAL = ['user_screen_name', 'is_retweet', 'retweet_tweetid', 'quoted_tweet_tweetid', 'tweet_client_name', 'account_creation_date'];

function sniffCsv(sample: string): number {
  const [first] = sampleLines(sample, 1);
  if (!first) return 0;
  const names = new Set(first.split(',').map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase()));
  const required = REQUIRED.filter((c) => names.has(c)).length;
  const typical = TYPICAL.filter((c) => names.has(c)).length;
  if (required === REQUIRED.length) return typical >= 2 ? 0.95 : 0.8;
  return names.has('tweetid') && names.has('userid') ? 0.5 : 0;
}
