import type { Account, AccountEvent, Post, PostId, Relation, SourcePosition } from '../model/index.js';

/** Every format Marsad reads. `auto` sniffs. */
export const FORMATS = [
  'x-v2',
  'x-v1',
  'x-csv',
  'x-compliance',
  'mastodon',
  'jetstream',
  'telegram',
  'qut-csv',
  'generic-csv',
  'generic-jsonl',
] as const;
export type FormatName = (typeof FORMATS)[number];

/** One thing a decoder found in a record. A record (a twarc2 page, say) may yield many. */
export type Decoded =
  | { kind: 'post'; post: Post }
  | { kind: 'account'; account: Account }
  | { kind: 'accountEvent'; event: AccountEvent }
  | { kind: 'relation'; relation: Relation }
  /** A platform delete: the post is marked deleted, never erased. */
  | { kind: 'postDeleted'; postId: PostId; at: number }
  /** A record deliberately not kept (a Bluesky like…): counted by `what`. */
  | { kind: 'skipped'; what: string };

/** A record that could not be decoded, with why. Goes to the dead-letter store. */
export interface DecodeProblem {
  reason: string;
  detail?: string;
}

/** Read-only for whoever receives it: a decoder may hand the same result out for many records. */
export interface DecodeResult {
  readonly items: readonly Decoded[];
  readonly problems: readonly DecodeProblem[];
}

/** One raw record as framed from the input: its exact bytes (as text) and where it was. */
export interface RawRecord {
  text: string;
  position: SourcePosition;
}

/** Per-source context a decoder may need (column mapping, the file's folder for media paths…). */
export interface DecodeContext {
  /** Generic CSV/JSONL: model field → source column. */
  mapping?: Record<string, string>;
  /** Column names, for CSV-framed formats (set by the framer from the header row). */
  header?: string[];
  /** Folder of the source file, to resolve relative media paths. */
  baseDir?: string;
  /** Used when a record has no time of its own (e.g. ingest of a profile snapshot). */
  now?: number;
}

export type Framing = 'lines' | 'csv' | 'document';

export interface Decoder {
  format: FormatName;
  /**
   * How records are cut from the input: one JSON value per line, one CSV row, or the whole file as
   * one document (formats that platforms only emit as a single JSON file, such as Telegram's export;
   * the decoder then splits it into records itself via `split`).
   */
  framing: Framing;
  /** Decode one framed record. Must not throw for bad data: report problems instead. */
  decode(record: RawRecord, ctx: DecodeContext): DecodeResult;
  /**
   * How sure this decoder is (0–1) that a file starting with `sample` (its first ~64 KiB, possibly cut
   * mid-record) is in its format. The highest score wins; ties and scores < 0.5 ask for `--format`.
   */
  sniff(sample: string, fileName: string): number;
  /** For `csv` framing: decode one row already split into cells (the framer parsed it). */
  decodeRow?(cells: string[], header: string[], record: RawRecord, ctx: DecodeContext): DecodeResult;
  /** For `document` framing: split the parsed document into records (each kept raw as evidence). */
  split?(document: string, source: string): Iterable<RawRecord | DecodeProblemAt>;
}

export interface DecodeProblemAt extends DecodeProblem {
  position: SourcePosition;
  raw: string;
}

export const ok = (...items: Decoded[]): DecodeResult => ({ items, problems: [] });
export const fail = (reason: string, detail?: string): DecodeResult => ({
  items: [],
  problems: [detail === undefined ? { reason } : { reason, detail }],
});

/**
 * A live source (Jetstream WebSocket, Mastodon streaming). It frames records itself and hands each to
 * `onRecord` with a resumable cursor in `position.cursor`; it reconnects with backoff until `signal`
 * aborts. The ingest pipeline persists the cursor of the last record it committed, and passes it back
 * as `cursor` after a restart.
 */
export interface LiveConnector {
  format: FormatName;
  run(options: { signal: AbortSignal; cursor?: string; onRecord: (record: RawRecord) => Promise<void> | void }): Promise<void>;
}
