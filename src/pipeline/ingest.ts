import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { DECODERS } from '../sources/decoders/index.js';
import { mappingProblems } from '../sources/decoders/generic.js';
import { frameCsv, frameLines, openFile, type FramedRecord } from '../sources/framing.js';
import { chooseDecoder as pickDecoder, readHead, SNIFF_BYTES } from '../sources/sniff.js';
import type { DecodeContext, Decoder, FormatName } from '../sources/types.js';
import type { Store } from '../store/db.js';
import { IngestWriter, type CheckpointRow } from '../store/ingest-writer.js';
import { emptySummary, processRecord, type FileSummary, type IngestSummary } from './record.js';

export type { FileSummary, IngestSummary } from './record.js';

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

/** In a folder, files that are never records: media beside a Telegram export, notes, web pages. */
const NOT_DATA = /\.(md|jpe?g|png|gif|webp|bmp|tiff?|heic|mp4|mov|webm|mkv|ogg|oga|opus|mp3|m4a|wav|pdf|html?|css|js)$/i;

/** Files under a directory, depth first, sorted so that runs are reproducible. */
export function expandInputs(inputs: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (path: string) => {
    if (path === '-') return void out.push(path);
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) {
        if (!name.startsWith('.') && !NOT_DATA.test(name)) walk(join(path, name));
      }
    } else {
      out.push(path);
    }
  };
  for (const input of inputs) walk(input);
  return out;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Ingests files, folders or standard input into the store. Each file is sniffed (or `format` is
 * used), framed into records, decoded, and written in batched transactions whose last statement is
 * the file's checkpoint, so that a killed ingest resumes after its last committed record.
 */
export async function ingest(store: Store, inputs: readonly string[], options: IngestOptions = {}): Promise<IngestSummary> {
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
    const { decoder, head, stream } = await chooseDecoder(file, options);
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

    const batchSize = options.batchSize ?? 5000;
    let pending = 0;
    let last: FramedRecord | undefined;
    writer.begin();
    try {
      const onHeader = (header: string[]) => checkMapping(options.mapping, decoder, file, header);
      for await (const batch of frame(decoder, file, stream, resume, state, onHeader)) {
        for (const framed of batch) {
          fileSummary.deadLetters += processRecord(writer, decoder, framed, { source, line: framed.line, offset: framed.offset }, ctx, state.header, summary);
          fileSummary.records += 1;
          pending += 1;
          last = framed;
          summary.bytes += framed.end - framed.offset;
          if (pending >= batchSize) {
            writer.commit(checkpoint(last, false));
            batchesCommitted += 1;
            pending = 0;
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

async function chooseDecoder(file: string, options: IngestOptions): Promise<{ decoder?: Decoder; head: Buffer; stream?: Readable }> {
  if (file === '-') {
    // Standard input cannot be re-read: buffer its head for sniffing, then replay it.
    const input = options.stdin ?? process.stdin;
    const chunks: Buffer[] = [];
    let size = 0;
    const iterator = (input as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    while (size < SNIFF_BYTES) {
      const next = await iterator.next();
      if (next.done) break;
      const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
      chunks.push(chunk);
      size += chunk.length;
    }
    const head = Buffer.concat(chunks);
    const rest = Readable.from((async function* () {
      yield head;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    })());
    const decoder = pickDecoder(head, 'stdin', DECODERS, options.format);
    return { ...(decoder ? { decoder } : {}), head, stream: rest };
  }
  const head = readHead(file);
  const decoder = pickDecoder(head, file, DECODERS, options.format);
  return { ...(decoder ? { decoder } : {}), head };
}

async function* frame(
  decoder: Decoder,
  file: string,
  stdin: Readable | undefined,
  resume: CheckpointRow | undefined,
  state: { header?: string[] },
  onHeader: (header: string[]) => void,
): AsyncGenerator<FramedRecord[]> {
  const start = { offset: resume?.byteOffset ?? 0, line: resume?.line ?? 1 };
  const input = () => stdin ?? openFile(file, start.offset);
  if (decoder.framing === 'lines') {
    yield* frameLines(input(), start);
  } else if (decoder.framing === 'csv') {
    const delimiter = /\.tsv$/i.test(file) ? '\t' : ',';
    yield* frameCsv(input(), {
      start,
      ...(state.header ? { header: state.header } : {}),
      delimiter,
      onHeader: (header) => {
        onHeader(header);
        state.header = header;
      },
    });
  } else {
    yield* frameDocument(decoder, file, stdin, start.line - 1);
  }
}

/**
 * Whole-document formats (Telegram's result.json, a Mastodon REST array): the decoder splits the
 * document into records. Offsets inside a parsed document mean nothing to a reader, so the
 * checkpoint counts records instead: a record's `endLine` is its 1-based index + 1.
 */
async function* frameDocument(decoder: Decoder, file: string, stdin: Readable | undefined, skip: number): AsyncGenerator<FramedRecord[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of (stdin ?? openFile(file)) as AsyncIterable<Buffer>) chunks.push(chunk);
  const document = Buffer.concat(chunks).toString('utf8');
  let index = 0;
  let batch: FramedRecord[] = [];
  for (const item of decoder.split?.(document, file) ?? []) {
    index += 1;
    if (index <= skip) continue;
    const raw = 'reason' in item ? item.raw : item.text;
    const bytes = Buffer.from(raw, 'utf8');
    const framed: FramedRecord = {
      bytes,
      text: raw,
      line: item.position.line ?? index,
      offset: item.position.offset ?? 0,
      end: 0,
      endLine: index + 1,
    };
    if ('reason' in item) framed.problem = { reason: item.reason, detail: item.detail ?? '' };
    batch.push(framed);
    if (batch.length >= 1000) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

