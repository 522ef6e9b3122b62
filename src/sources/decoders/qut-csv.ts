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
import { accountId, postId } from '../../model/index.js';
import type { Post } from '../../model/index.js';
import type { DecodeContext, DecodeResult, Decoder, RawRecord } from '../types.js';
import { boundText, canonicalUrls, columnIndex, csvCells, mappedPlatform, Out, parseTime, textEntities } from './common.js';

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
  const [iId, iUser, iName, iRepost, iReply, iMessage, iTime, iUrls] = pos as [number, number, number, number, number, number, number, number];
  const cell = (i: number): string => (i < 0 ? '' : (cells[i] ?? '').trim());
  const id = cell(iId);
  const user = cell(iUser);
  // The header row itself, when a row is handed over unframed.
  if (id === 'message_id' && user === 'user_id') return out.add({ kind: 'skipped', what: 'header' }).done();

  const platform = mappedPlatform(ctx, out);
  if (!id) return out.problem('missing_field', 'message_id').done();
  if (!user) return out.problem('missing_field', 'user_id').done();
  const rawTime = cell(iTime);
  const createdAt = parseTime(rawTime);
  if (createdAt === undefined) return out.problem('bad_time', `timestamp: ${rawTime.slice(0, 40)}`).done();

  const authorId = accountId(platform, user);
  const handle = cell(iName);
  const text = boundText(cells[iMessage] ?? '', out);
  const found = textEntities(text);
  const urls = cell(iUrls);
  const p: Post = {
    id: postId(platform, id), platform, authorId, createdAt, text,
    hashtags: found.hashtags, urls: urls ? canonicalUrls(urls.split(/\s+/)) : [], mentions: found.mentions, media: [],
    source: record.position,
  };
  if (handle) p.authorHandle = handle;
  const repost = cell(iRepost);
  const reply = cell(iReply);
  if (repost) p.repostOf = postId(platform, repost);
  if (reply) p.replyTo = postId(platform, reply);
  if (handle) out.add({ kind: 'account', account: { id: authorId, platform, handle, observedAt: createdAt } });
  return out.add({ kind: 'post', post: p }).done();
}
