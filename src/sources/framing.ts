import { createReadStream } from 'node:fs';
import { parse as parseCsv } from 'csv-parse';
import type { Readable } from 'node:stream';

/**
 * Framing cuts an input into records and says exactly where each one was, so that a record can be
 * dead-lettered with its position and an ingest can resume after the last committed record.
 * Framers yield records in batches: one await per batch, not per record, keeps the hot path fast.
 */
export interface FramedRecord {
  /** The record's exact bytes (a copy: safe to keep). */
  bytes: Buffer;
  text: string;
  /** 1-based line where the record starts. */
  line: number;
  /** Byte offset where the record starts. */
  offset: number;
  /** Byte offset just after the record: where a resumed read starts. */
  end: number;
  /** Line number just after the record. */
  endLine: number;
  /** CSV framing only: the parsed cells. */
  cells?: string[];
  /** Set when the framer itself could not cut a valid record here (an over-long line…). */
  problem?: { reason: string; detail: string };
}

export interface FrameStart {
  offset: number;
  line: number;
}

export const DEFAULT_MAX_RECORD_BYTES = 32 * 1024 * 1024;

/**
 * One record per line (JSONL / NDJSON). Blank lines are skipped; `\r\n` is accepted. A line longer
 * than `maxRecordBytes` is reported as a problem (with its first bytes) instead of growing memory.
 */
export async function* frameLines(
  input: Readable,
  start: FrameStart = { offset: 0, line: 1 },
  maxRecordBytes = DEFAULT_MAX_RECORD_BYTES,
): AsyncGenerator<FramedRecord[]> {
  let carry: Buffer[] = [];
  let carryLength = 0;
  let oversized = false;
  let offset = start.offset; // byte offset of the first byte of the current (carried) line
  let line = start.line;

  const emit = (lineBytes: Buffer, out: FramedRecord[], lineLength: number) => {
    const recordStart = offset;
    const recordLine = line;
    offset += lineLength + 1;
    line += 1;
    let bytes = lineBytes;
    if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    if (bytes.length === 0) return;
    out.push({ bytes, text: bytes.toString('utf8'), line: recordLine, offset: recordStart, end: offset, endLine: line });
  };

  for await (const chunk of input as AsyncIterable<Buffer>) {
    const out: FramedRecord[] = [];
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, from);
      if (nl === -1) break;
      const piece = chunk.subarray(from, nl);
      if (oversized) {
        out.push(oversizedRecord(carry, offset, line, carryLength + piece.length, maxRecordBytes));
        offset += carryLength + piece.length + 1;
        line += 1;
        oversized = false;
      } else if (carryLength > 0) {
        const whole = Buffer.concat([...carry, piece]);
        emit(whole, out, whole.length);
      } else {
        emit(Buffer.from(piece), out, piece.length);
      }
      carry = [];
      carryLength = 0;
      from = nl + 1;
    }
    if (from < chunk.length) {
      const rest = chunk.subarray(from);
      if (!oversized) carry.push(Buffer.from(rest));
      carryLength += rest.length;
      if (carryLength > maxRecordBytes && !oversized) {
        oversized = true;
        carry = [Buffer.concat(carry).subarray(0, 256)]; // keep the head as evidence, drop the rest
      }
    }
    if (out.length > 0) yield out;
  }
  if (oversized) {
    yield [oversizedRecord(carry, offset, line, carryLength, maxRecordBytes)];
  } else if (carryLength > 0) {
    const out: FramedRecord[] = [];
    const whole = Buffer.concat(carry);
    emit(whole, out, whole.length);
    // The last line had no newline: its end is the end of input, not one byte past it.
    const last = out[out.length - 1];
    if (last) last.end -= 1;
    if (out.length > 0) yield out;
  }
}

function oversizedRecord(head: Buffer[], offset: number, line: number, length: number, max: number): FramedRecord {
  const bytes = Buffer.concat(head).subarray(0, 256);
  return {
    bytes,
    text: bytes.toString('utf8'),
    line,
    offset,
    end: offset + length + 1,
    endLine: line + 1,
    problem: { reason: 'record_too_large', detail: `record of ${length} bytes exceeds the limit of ${max}; first 256 bytes kept` },
  };
}

/**
 * CSV rows (RFC 4180, quoted newlines allowed) through csv-parse. The header row is returned once
 * via `onHeader`; when resuming mid-file, pass the header saved in the checkpoint instead.
 */
export async function* frameCsv(
  input: Readable,
  options: { start?: FrameStart; header?: string[]; delimiter?: string; onHeader?: (header: string[]) => void },
): AsyncGenerator<FramedRecord[]> {
  const start = options.start ?? { offset: 0, line: 1 };
  let header = options.header;
  let offset = start.offset;
  let line = start.line;
  const parser = input.pipe(
    parseCsv({
      raw: true,
      info: true,
      bom: start.offset === 0,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      delimiter: options.delimiter ?? ',',
    }),
  );
  const skipped: FramedRecord[] = [];
  parser.on('skip', (error: Error & { lines?: number; raw?: string }) => {
    const raw = Buffer.from(String(error.raw ?? ''), 'utf8');
    skipped.push({
      bytes: raw,
      text: raw.toString('utf8'),
      line: error.lines ?? line,
      offset,
      end: offset,
      endLine: line,
      problem: { reason: 'csv_syntax', detail: error.message },
    });
  });
  let batch: FramedRecord[] = [];
  for await (const item of parser as AsyncIterable<{ record: string[]; raw: string; info: { bytes: number; lines: number } }>) {
    const end = start.offset + item.info.bytes;
    const endLine = start.line + item.info.lines;
    if (skipped.length > 0) batch.push(...skipped.splice(0));
    if (!header) {
      header = item.record.map((h) => h.trim());
      options.onHeader?.(header);
    } else {
      const bytes = Buffer.from(item.raw.replace(/\r?\n$/, ''), 'utf8');
      batch.push({ bytes, text: bytes.toString('utf8'), line, offset, end, endLine, cells: item.record });
    }
    offset = end;
    line = endLine;
    if (batch.length >= 1000) {
      yield batch;
      batch = [];
    }
  }
  batch.push(...skipped.splice(0));
  if (batch.length > 0) yield batch;
}

export function openFile(path: string, offset = 0): Readable {
  return createReadStream(path, { start: offset, highWaterMark: 1 << 20 });
}
