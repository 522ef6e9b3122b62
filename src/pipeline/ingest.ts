import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { mappingProblems } from '../sources/decoders/generic.js';
import type { FramedRecord } from '../sources/framing.js';
import { expandInputs, frameInput, openInput } from '../sources/read.js';
import type { DecodeContext, Decoder, FormatName } from '../sources/types.js';
import { pauseMmap, type Store } from '../store/db.js';
import { IngestWriter, type CheckpointRow } from '../store/ingest-writer.js';
import { emptySummary, processRecord, type FileSummary, type IngestSummary } from './record.js';

export type { FileSummary, IngestSummary } from './record.js';

const MAX_BATCH_BYTES = 64 * 1024 * 1024;

/**
 * Records per transaction. Every commit writes each page the batch dirtied, and a firehose dirties index
 * pages all over the tree: 100k-record batches cost ~12% less CPU than 25k ones (Jetstream, 1M events),
 * and a kill -9 loses at most one batch of work, never data (the checkpoint commits with it).
 */
const DEFAULT_BATCH_RECORDS = 100_000;

export interface IngestOptions {
  /** Force a format instead of sniffing each file. */
  format?: FormatName;
  /** Generic CSV/JSONL column mapping (`text=tweets,author=username,…`). */
  mapping?: Record<string, string>;
  /** Records per transaction (and per checkpoint). */
  batchSize?: number;
  onProgress?: (progress: IngestProgress) => void;
  /** Standard input, when an input is `-`. */
  stdin?: Readable;
  /** Test hook: stop making progress after this many committed batches (to test kill -9 resume). */
  stallAfterBatches?: number;
}

/** An input the ingest cannot start on (a column mapping that does not fit the file…). */
export class IngestError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** A wrong `--map` would dead-letter every row: say so once, before reading. */
function checkMapping(mapping: Record<string, string> | undefined, decoder: Decoder, source: string, header?: string[]): void {
  if (!mapping || !decoder.format.startsWith('generic')) return;
  const problems = mappingProblems(mapping, header);
  if (problems.length > 0) throw new IngestError(`--map does not fit ${source}: ${problems.join('; ')}`, 'bad_mapping');
}

export interface IngestProgress {
  source: string;
  records: number;
  bytesDone: number;
  bytesTotal: number;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');


/**
 * Ingests files, folders or standard input into the store. Each file is sniffed (or `format` is
 * used), framed into records, decoded, and written in batched transactions whose last statement is
 * the file's checkpoint, so that a killed ingest resumes after its last committed record.
 */
export async function ingest(store: Store, inputs: readonly string[], options: IngestOptions = {}): Promise<IngestSummary> {
  const resumeMmap = pauseMmap(store.sqlite);
  try {
    return await ingestFiles(store, inputs, options);
  } finally {
    resumeMmap();
  }
}

async function ingestFiles(store: Store, inputs: readonly string[], options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  const writer = new IngestWriter(store.sqlite);
  const summary = emptySummary();
  const files = expandInputs(inputs);
  const bytesTotal = files.reduce((sum, f) => sum + (f === '-' ? 0 : statSync(f).size), 0);
  let bytesBefore = 0;
  let batchesCommitted = 0;

  for (const file of files) {
    const fileSummary: FileSummary = { source: file, format: null, records: 0, deadLetters: 0 };
    summary.files.push(fileSummary);
    const source = file === '-' ? 'stdin' : resolve(file);
    const { decoder, head, stream } = await openInput(file, options);
    if (!decoder) {
      fileSummary.skipped = 'format not recognised (use --format)';
      continue;
    }
    fileSummary.format = decoder.format;
    checkMapping(options.mapping, decoder, file);
    const ctx: DecodeContext = {
      now: Date.now(),
      ...(options.mapping ? { mapping: options.mapping } : {}),
      ...(file === '-' ? {} : { baseDir: dirname(resolve(file)) }),
    };

    // Resume from a checkpoint of this very file (same first 64 KiB), unless it finished.
    const headSha256 = sha256(head);
    const previous = file === '-' ? undefined : writer.readCheckpoint(source);
    const resume = previous && !previous.done && previous.headSha256 === headSha256 && previous.format === decoder.format ? previous : undefined;
    if (resume) fileSummary.resumedFrom = { line: resume.line, offset: resume.byteOffset };
    const state: { header?: string[] } = resume ? (JSON.parse(resume.state) as typeof state) : {};

    const checkpoint = (last: FramedRecord | undefined, done: boolean): CheckpointRow | undefined =>
      file === '-'
        ? undefined
        : {
            source,
            format: decoder.format,
            headSha256,
            line: last?.endLine ?? resume?.line ?? 1,
            byteOffset: last?.end ?? resume?.byteOffset ?? 0,
            state: JSON.stringify(state),
            cursor: null,
            done,
          };

    const batchSize = options.batchSize ?? DEFAULT_BATCH_RECORDS;
    let pending = 0;
    let pendingBytes = 0;
    let last: FramedRecord | undefined;
    writer.begin();
    try {
      const onHeader = (header: string[]) => checkMapping(options.mapping, decoder, file, header);
      for await (const batch of frameInput(decoder, file, stream, resume, state, onHeader)) {
        for (const framed of batch) {
          fileSummary.deadLetters += processRecord(writer, decoder, framed, { source, line: framed.line, offset: framed.offset }, ctx, state.header, summary);
          fileSummary.records += 1;
          pending += 1;
          pendingBytes += framed.bytes.length;
          last = framed;
          summary.bytes += framed.end - framed.offset;
          // A batch is bounded in records and in bytes: its raw records are packed in memory until
          // commit, and a twarc2 page of 100 tweets is ~100 KB where a Jetstream event is ~400 bytes.
          if (pending >= batchSize || pendingBytes >= MAX_BATCH_BYTES) {
            writer.commit(checkpoint(last, false));
            batchesCommitted += 1;
            pending = 0;
            pendingBytes = 0;
            if (options.stallAfterBatches !== undefined && batchesCommitted >= options.stallAfterBatches) {
              process.stderr.write('marsad: stalled (test hook)\n');
              await new Promise(() => setInterval(() => {}, 60_000)); // wait to be killed
            }
            writer.begin();
          }
        }
        options.onProgress?.({ source, records: summary.records, bytesDone: bytesBefore + (last?.end ?? 0), bytesTotal });
      }
      writer.commit(checkpoint(last, true));
    } catch (error) {
      writer.rollback();
      throw error;
    }
    if (file !== '-') bytesBefore += statSync(file).size;
  }
  summary.elapsedMs = Math.round(performance.now() - started);
  return summary;
}

