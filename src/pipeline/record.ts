import { hash } from 'node:crypto';
import type { FramedRecord } from '../sources/framing.js';
import type { DecodeContext, Decoder, DecodeResult, RawRecord } from '../sources/types.js';
import type { IngestWriter, WriteOutcome } from '../store/ingest-writer.js';
import type { SourcePosition } from '../model/index.js';

export interface FileSummary {
  source: string;
  format: string | null;
  records: number;
  deadLetters: number;
  resumedFrom?: { line: number; offset: number };
  /** Why the file was not read (no decoder recognised it…). */
  skipped?: string;
}

export interface IngestSummary {
  /** New posts stored. */
  posts: number;
  /** Accounts first seen in this run. */
  accounts: number;
  /** Account profiles that changed (history written). */
  accountUpdates: number;
  accountEvents: number;
  relations: number;
  deletions: number;
  /** New versions of known posts (edits; the old version stays in history). */
  edits: number;
  /** Items already in the store: re-ingesting the same input only adds to this. */
  duplicates: number;
  /** Records that could not be decoded in this run (stored with position, reason and raw bytes). */
  deadLetters: number;
  deadLettersByReason: Record<string, number>;
  /** Records deliberately not kept, by kind (Bluesky likes…). */
  skipped: Record<string, number>;
  records: number;
  bytes: number;
  files: FileSummary[];
  elapsedMs: number;
}

export const emptySummary = (): IngestSummary => ({
  posts: 0,
  accounts: 0,
  accountUpdates: 0,
  accountEvents: 0,
  relations: 0,
  deletions: 0,
  edits: 0,
  duplicates: 0,
  deadLetters: 0,
  deadLettersByReason: {},
  skipped: {},
  records: 0,
  bytes: 0,
  files: [],
  elapsedMs: 0,
});

/** Runs a decoder, turning a thrown exception into a problem: hostile input never stops an ingest. */
function safeDecode(decoder: Decoder, record: RawRecord, cells: string[] | undefined, header: string[] | undefined, ctx: DecodeContext): DecodeResult {
  try {
    if (cells && header && decoder.decodeRow) return decoder.decodeRow(cells, header, record, ctx);
    return decoder.decode(record, ctx);
  } catch (error) {
    return { items: [], problems: [{ reason: 'decoder_error', detail: error instanceof Error ? error.message : String(error) }] };
  }
}

/**
 * Decodes one framed record and writes what it carried, counting into `summary`. Returns the number
 * of dead letters it produced.
 */
export function processRecord(
  writer: IngestWriter,
  decoder: Decoder,
  framed: FramedRecord,
  position: SourcePosition,
  ctx: DecodeContext,
  header: string[] | undefined,
  summary: IngestSummary,
): number {
  summary.records += 1;
  // Hashed only when kept or dead-lettered: most firehose records (likes) are neither.
  let digest: Buffer | undefined;
  const sha256 = () => (digest ??= hash('sha256', framed.bytes, 'buffer'));
  const now = Date.now();
  const result: DecodeResult = framed.problem
    ? { items: [], problems: [framed.problem] }
    : safeDecode(decoder, { text: framed.text, position }, framed.cells, header, ctx);

  for (const problem of result.problems) {
    summary.deadLetters += 1;
    summary.deadLettersByReason[problem.reason] = (summary.deadLettersByReason[problem.reason] ?? 0) + 1;
    writer.writeDeadLetter({
      position,
      format: decoder.format,
      reason: problem.reason,
      ...(problem.detail !== undefined ? { detail: problem.detail } : {}),
      raw: framed.bytes,
      rawSha256: sha256().toString('hex'),
      at: now,
    });
  }

  // Rows point at the raw record they came from. It is kept only if something it carried was new:
  // re-ingesting a record adds no second copy.
  const ref = writer.nextRawRef(position.source);
  let kept = false;
  for (const item of result.items) {
    let outcome: WriteOutcome;
    switch (item.kind) {
      case 'skipped':
        summary.skipped[item.what] = (summary.skipped[item.what] ?? 0) + 1;
        continue;
      case 'post':
        outcome = writer.writePost(item.post, ref, now);
        if (outcome === 'new') summary.posts += 1;
        else if (outcome === 'edit') summary.edits += 1;
        else summary.duplicates += 1;
        break;
      case 'account':
        outcome = writer.writeAccount(item.account);
        if (outcome === 'new') summary.accounts += 1;
        else if (outcome === 'edit') summary.accountUpdates += 1;
        break;
      case 'accountEvent':
        outcome = writer.writeAccountEvent(item.event, ref);
        if (outcome === 'new') summary.accountEvents += 1;
        else summary.duplicates += 1;
        break;
      case 'relation':
        outcome = writer.writeRelation(item.relation, ref);
        if (outcome === 'new') summary.relations += 1;
        else summary.duplicates += 1;
        break;
      case 'postDeleted':
        outcome = writer.deletePost(item.postId, item.at, ref);
        if (outcome === 'new') summary.deletions += 1;
        else summary.duplicates += 1;
        break;
    }
    if (outcome !== 'duplicate') kept = true;
  }
  if (kept) writer.addRaw(sha256(), framed.bytes, position);
  return result.problems.length;
}
