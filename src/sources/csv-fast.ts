import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { DEFAULT_MAX_RECORD_BYTES, frameCsv, openFile } from './framing.js';

/**
 * A fast CSV splitter for big comma-separated research files (QUT's coordination input: a million rows
 * a few seconds). It cuts whole chunks of text with native `indexOf`/`split` instead of a per-byte
 * state machine, and yields rows in batches.
 *
 * It gives exactly what `frameCsv` (csv-parse) gives — cells, start line and byte offset as the framer
 * reports them (a record's position is the end of the previous one, blank lines skipped) — for the
 * regular shape of CSV: LF or CRLF rows (as the header row ends), RFC 4180 quoted fields with `""`
 * and quoted LF newlines. Anything else (a quote inside an unquoted field, text after a closing quote,
 * a stray CR, an unterminated quote) hands the rest of the file, from that record on, to `frameCsv`,
 * whose relaxed rules then decide. So the fast path never has to copy csv-parse's quirks.
 */
export interface CsvRow {
  cells: string[];
  /** Line and byte offset as `frameCsv` reports them. */
  line: number;
  offset: number;
}

const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;
const CHUNK_BYTES = 1 << 22;
const BATCH = 1024;

/** Cuts complete rows off `s` from `from`; stops at an incomplete row (unless `final`) or an irregular one. */
export interface Cut {
  rows: CsvRow[];
  /** Where the rows stopped: the start of the first row not returned. */
  next: number;
  /** Byte offset and line at `next`. */
  offset: number;
  line: number;
  /** The row at `next` is not regular: the caller must hand the rest to csv-parse. */
  irregular: boolean;
}

/**
 * One pass over decoded text. `crlf`: rows end with CRLF (else LF). `offset`/`line`: position of
 * `s[from]`. Positions are in bytes: unless `ascii`, each row's byte length is measured.
 */
export function cutRows(s: string, from: number, offset: number, line: number, crlf: boolean, final: boolean, limit = Infinity, ascii = Buffer.byteLength(s) === s.length): Cut {
  const rows: CsvRow[] = [];
  let i = from;
  let nextQuote = -2;
  let nextCr = -2;
  const n = s.length;
  const stop = (irregular: boolean): Cut => ({ rows, next: i, offset, line, irregular });
  while (i < n && rows.length < limit) {
    // Blank lines are skipped; their bytes belong to the next record, as csv-parse counts them.
    let start = i;
    let lines = 0;
    for (;;) {
      const c = s.charCodeAt(start);
      if (c === LF && !crlf) (start += 1), lines++;
      else if (c === CR && crlf && s.charCodeAt(start + 1) === LF) (start += 2), lines++;
      else break;
    }
    if (start >= n) {
      if (!final) return stop(false);
      i = n;
      break;
    }
    if (nextQuote < start && nextQuote !== -1) nextQuote = s.indexOf('"', start);
    if (nextCr < start && nextCr !== -1) nextCr = s.indexOf('\r', start);
    let nl = s.indexOf('\n', start);
    let cells: string[];
    let end: number; // just after the record's terminator
    if (nextQuote === -1 || (nl !== -1 && nextQuote > nl)) {
      if (nl === -1) {
        if (!final) return stop(false);
        nl = n;
      }
      let e = nl;
      if (crlf && nl < n) {
        if (s.charCodeAt(nl - 1) !== CR) return stop(true);
        e = nl - 1;
      }
      if (nextCr !== -1 && nextCr < e) return stop(true);
      cells = s.slice(start, e).split(',');
      end = nl < n ? nl + 1 : n;
      lines += 1;
    } else {
      const r = quotedRow(s, start, crlf, final);
      if (r === undefined) return stop(false);
      if (r === null) return stop(true);
      cells = r.cells;
      end = r.end;
      lines += r.lines;
      if (nextCr < end) nextCr = -2;
    }
    rows.push({ cells, line, offset });
    offset += ascii ? end - i : Buffer.byteLength(s.slice(i, end));
    line += lines;
    i = end;
  }
  return stop(false);
}

/**
 * A row with quotes, field by field. `undefined`: incomplete (more text needed); `null`: irregular.
 * A CR inside a quoted field is irregular too: csv-parse counts its lines differently.
 */
function quotedRow(s: string, i: number, crlf: boolean, final: boolean): { cells: string[]; end: number; lines: number } | undefined | null {
  const cells: string[] = [];
  const n = s.length;
  let lines = 1;
  for (;;) {
    let j = i;
    if (s.charCodeAt(j) === QUOTE) {
      let value = '';
      let k = j + 1;
      for (;;) {
        const q = s.indexOf('"', k);
        if (q === -1) return final ? null : undefined;
        const part = s.slice(k, q);
        if (part.includes('\r')) return null;
        for (let x = part.indexOf('\n'); x !== -1; x = part.indexOf('\n', x + 1)) lines++;
        value += part;
        if (q + 1 >= n && !final) return undefined;
        if (s.charCodeAt(q + 1) === QUOTE) {
          value += '"';
          k = q + 2;
          continue;
        }
        j = q + 1;
        break;
      }
      cells.push(value);
    } else {
      for (;;) {
        const c = s.charCodeAt(j);
        if (j >= n || c === COMMA || c === LF || c === CR) break;
        if (c === QUOTE) return null;
        j++;
      }
      cells.push(s.slice(i, j));
    }
    // After a field: a comma, the row terminator, or the end of the input.
    if (j >= n) return final ? { cells, end: n, lines } : undefined;
    const c = s.charCodeAt(j);
    if (c === COMMA) {
      i = j + 1;
      continue;
    }
    if (c === LF && !crlf) return { cells, end: j + 1, lines };
    if (c === CR && crlf) {
      if (j + 1 >= n) return final ? null : undefined;
      return s.charCodeAt(j + 1) === LF ? { cells, end: j + 2, lines } : null;
    }
    return null;
  }
}

/**
 * Rows of a CSV file (header excluded, reported once through `onHeader`, trimmed as `frameCsv` does),
 * in batches. Falls back to `frameCsv` from the first irregular record (see above).
 */
export async function* fastCsvRows(path: string, onHeader: (header: string[]) => void, chunkBytes = CHUNK_BYTES): AsyncGenerator<CsvRow[]> {
  const decoder = new StringDecoder('utf8');
  let offset = 0;
  let line = 1;
  let header: string[] | undefined;
  let crlf = false;
  let fallback = false;
  // Small batches, handed on at once: rows kept across young-generation collections get promoted,
  // and a whole chunk's worth (50k rows) made collection cost half of the reading.
  function* rowsOf(s: string, final: boolean): Generator<CsvRow[], string> {
    let from = 0;
    // Byte offsets are character offsets in ASCII text: measured once per chunk, not per batch.
    const ascii = Buffer.byteLength(s) === s.length;
    if (!header) {
      if (s.charCodeAt(0) === 0xfeff) {
        from = 1;
        offset = 3;
      }
      const nl = s.indexOf('\n', from);
      crlf = nl > 0 && s.charCodeAt(nl - 1) === CR;
      const head = nl === -1 && !final ? undefined : cutRows(s, from, offset, line, crlf, final, 1, ascii);
      if (head?.irregular) fallback = true;
      if (!head || head.rows.length === 0) return s;
      header = head.rows[0]!.cells.map((h) => h.trim());
      onHeader(header);
      ({ offset, line } = head);
      from = head.next;
    }
    for (;;) {
      const cut = cutRows(s, from, offset, line, crlf, final, BATCH, ascii);
      ({ offset, line } = cut);
      from = cut.next;
      if (cut.rows.length > 0) yield cut.rows;
      if (cut.irregular) fallback = true;
      if (cut.irregular || cut.rows.length < BATCH) return s.slice(from);
    }
  }
  const stream = createReadStream(path, { highWaterMark: chunkBytes });
  try {
    let rest = '';
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      rest = yield* rowsOf(rest + decoder.write(chunk), false);
      // A record still open after this much (an unterminated quote…) would be rescanned per chunk:
      // csv-parse, with its own limits, takes it from here.
      if (rest.length > DEFAULT_MAX_RECORD_BYTES) fallback = true;
      if (fallback) break;
    }
    if (!fallback) yield* rowsOf(rest + decoder.end(), true);
  } finally {
    stream.destroy();
  }
  if (!fallback) return;
  // The rest through csv-parse. From the top, not from the record that was not regular: csv-parse
  // detects the record delimiter on the first one it meets, and a stray CR would fool it mid-file.
  // Regular rows have the same cells and positions either way, so the rows already given are skipped.
  const resumeAt = header ? offset : 0;
  const framed = frameCsv(openFile(path), {
    onHeader: (h) => {
      if (!header) onHeader(h);
      header = h;
    },
  });
  for await (const batch of framed) {
    const rows: CsvRow[] = [];
    for (const r of batch) if (r.cells && !r.problem && r.offset >= resumeAt) rows.push({ cells: r.cells, line: r.line, offset: r.offset });
    if (rows.length > 0) yield rows;
  }
}
