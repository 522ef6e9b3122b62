import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Post } from '../model/index.js';
import { DECODERS } from './decoders/index.js';
import { frameCsv, frameLines, openFile, type FramedRecord } from './framing.js';
import { chooseDecoder as pickDecoder, readHead, SNIFF_BYTES } from './sniff.js';
import type { DecodeContext, Decoded, Decoder, FormatName } from './types.js';

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

/**
 * Opens an input for reading: sniffs its decoder (or picks the forced format's) from its first
 * 64 KiB. Standard input cannot be re-read, so its head is buffered and replayed as `stream`.
 */
export async function openInput(file: string, options: { format?: FormatName; stdin?: Readable }): Promise<{ decoder?: Decoder; head: Buffer; stream?: Readable }> {
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



export async function* frameInput(
  decoder: Decoder,
  file: string,
  stdin: Readable | undefined,
  resume: { byteOffset: number; line: number } | undefined,
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

/**
 * Every decoded item of some inputs, without a store: for commands that work straight on files
 * (`marsad coordination`, `marsad match`). Undecodable records are skipped here; ingest is the path
 * that keeps them.
 */
export async function* readDecoded(
  paths: readonly string[],
  options: { format?: FormatName; mapping?: Record<string, string> } = {},
): AsyncGenerator<Decoded> {
  for (const file of expandInputs(paths)) {
    const { decoder, stream } = await openInput(file, options);
    if (!decoder) throw new Error(`could not tell the format of ${file} (use --format)`);
    const ctx: DecodeContext = { now: Date.now(), ...(options.mapping ? { mapping: options.mapping } : {}) };
    const state: { header?: string[] } = {};
    for await (const batch of frameInput(decoder, file, stream, undefined, state, () => {})) {
      for (const framed of batch) {
        if (framed.problem) continue;
        const record = { text: framed.text, position: { source: file, line: framed.line, offset: framed.offset } };
        let result;
        try {
          result = framed.cells && state.header && decoder.decodeRow ? decoder.decodeRow(framed.cells, state.header, record, ctx) : decoder.decode(record, ctx);
        } catch {
          continue;
        }
        yield* result.items;
      }
    }
  }
}

/** The posts of some inputs (see `readDecoded`). */
export async function* readPosts(paths: readonly string[], options: { format?: FormatName; mapping?: Record<string, string> } = {}): AsyncGenerator<Post> {
  for await (const item of readDecoded(paths, options)) if (item.kind === 'post') yield item.post;
}
