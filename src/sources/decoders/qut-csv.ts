/**
 * The input CSV of QUT Digital Observatory's coordination-network-toolkit:
 * `message_id,user_id,username,repost_id,reply_id,message,timestamp,urls` — timestamp in epoch seconds
 * (decimals allowed; ISO-8601 accepted too), `urls` space-separated, empty cells for "none".
 *
 * Posts are platform `generic` (`--map platform=x` when the ids are X ids, so they join X data), ids
 * `<platform>:<message_id>`, authors `<platform>:<user_id>`. URLs come only from the `urls` column,
 * canonicalised, as in QUT's toolkit (a post without one never shares a link); hashtags and @mentions
 * are read from the message text.
 */
import type { AccountId, Platform, Post, PostId, SourcePosition } from '../../model/index.js';
import type { DecodeContext, DecodeResult, Decoder, RawRecord } from '../types.js';
import { boundText, canonicalUrls, columnIndex, csvCells, mappedPlatform, MAX_TEXT, Out, parseTime, textEntities } from './common.js';

export const QUT_COLUMNS = ['message_id', 'user_id', 'username', 'repost_id', 'reply_id', 'message', 'timestamp', 'urls'] as const;
const HEADER_LINE = QUT_COLUMNS.join(',');
const DEFAULT_HEADER: string[] = [...QUT_COLUMNS];

export const qutCsvDecoder: Decoder = {
  format: 'qut-csv',
  framing: 'csv',
  sniff(sample) {
    const first = sample.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0]!.trim().replace(/"/g, '');
    if (first === HEADER_LINE) return 0.98;
    const cols = new Set(first.split(',').map((c) => c.trim()));
    return QUT_COLUMNS.every((c) => cols.has(c)) ? 0.9 : 0;
  },
  decodeRow(cells, header, record, ctx) {
    return decodeQutRow(cells, header, record, ctx);
  },
  decode(record, ctx) {
    const parsed = csvCells(record.text);
    if ('problem' in parsed) return { items: [], problems: [parsed.problem] };
    return decodeQutRow(parsed.cells, ctx.header ?? DEFAULT_HEADER, record, ctx);
  },
};

/** Column positions of the QUT fields in a header (−1 when absent) and the required ones missing, per header array. */
const layouts = new WeakMap<string[], { pos: number[]; missing: string }>();
function layout(header: string[]): { pos: number[]; missing: string } {
  let l = layouts.get(header);
  if (l === undefined) {
    const col = columnIndex(header);
    const pos = QUT_COLUMNS.map((c) => col.get(c) ?? -1);
    l = { pos, missing: QUT_COLUMNS.filter((c, i) => c !== 'urls' && pos[i] === -1).join(',') };
    layouts.set(header, l);
  }
  return l;
}

export function decodeQutRow(cells: string[], header: string[], record: RawRecord, ctx: DecodeContext = {}): DecodeResult {
  const out = new Out();
  const { pos, missing } = layout(header);
  if (missing) return out.problem('missing_column', missing).done();
  if (isHeaderRow(cells, pos)) return out.add({ kind: 'skipped', what: 'header' }).done();
  const platform = mappedPlatform(ctx, out);
  const p = qutPost(cells, pos, platform, record.position, ALL_FIELDS, out);
  if (p === undefined) return out.done();
  if (p.authorHandle) out.add({ kind: 'account', account: { id: p.authorId, platform, handle: p.authorHandle, observedAt: p.createdAt } });
  return out.add({ kind: 'post', post: p }).done();
}

/** The header row itself, when a row is handed over unframed (or files were concatenated). */
const isHeaderRow = (cells: string[], pos: number[]): boolean =>
  cells[pos[0]!]?.trim() === 'message_id' && cells[pos[1]!]?.trim() === 'user_id';

/**
 * What to extract beyond ids, times and text. A caller that needs neither (co-retweet detection) skips
 * the entity regexes and URL canonicalisation, which cost more than the rest of a row together.
 */
export interface QutFields {
  /** Hashtags and @mentions from the message text. */
  entities: boolean;
  /** Canonical URLs from the `urls` column (else `urls` is left empty). */
  urls: boolean;
}
export const ALL_FIELDS: QutFields = { entities: true, urls: true };

/** Column positions of the QUT fields for a header, or the required columns it lacks. */
export function qutLayout(header: string[]): { pos: number[] } | { missing: string } {
  const l = layout(header);
  return l.missing ? { missing: l.missing } : { pos: l.pos };
}

/**
 * One row's post (`decodeRow`'s, for the fields asked), or undefined with the problem told to `out`
 * (the header row repeated inside a file is skipped silently). `pos`: from `qutLayout`.
 */
export function qutPost(cells: string[], pos: number[], platform: Platform, position: SourcePosition, fields: QutFields, out?: Out): Post | undefined {
  if (isHeaderRow(cells, pos)) return undefined;
  const id = cellAt(cells, pos[0]!);
  const user = cellAt(cells, pos[1]!);
  if (!id) return void out?.problem('missing_field', 'message_id');
  if (!user) return void out?.problem('missing_field', 'user_id');
  const rawTime = cellAt(cells, pos[6]!);
  const createdAt = parseTime(rawTime);
  if (createdAt === undefined) return void out?.problem('bad_time', `timestamp: ${rawTime.slice(0, 40)}`);

  const handle = cellAt(cells, pos[2]!);
  const message = cells[pos[5]!] ?? '';
  const text = message.length > MAX_TEXT ? boundText(message, out ?? new Out()) : message;
  const found = fields.entities ? textEntities(text) : undefined;
  const urls = fields.urls ? cellAt(cells, pos[7]!) : '';
  // Ids as `postId`/`accountId` build them, without their rest-argument join (a million rows).
  const p: Post = {
    id: `${platform}:${id}` as PostId, platform, authorId: `${platform}:${user}` as AccountId, createdAt, text,
    hashtags: found?.hashtags ?? [], urls: urls ? canonicalUrls(urls.split(/\s+/)) : [], mentions: found?.mentions ?? [], media: [],
    source: position,
  };
  if (handle) p.authorHandle = handle;
  const repost = cellAt(cells, pos[3]!);
  const reply = cellAt(cells, pos[4]!);
  if (repost) p.repostOf = `${platform}:${repost}` as PostId;
  if (reply) p.replyTo = `${platform}:${reply}` as PostId;
  return p;
}

function cellAt(cells: string[], i: number): string {
  return i < 0 ? '' : (cells[i] ?? '').trim();
}
