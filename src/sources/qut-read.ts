import type { Post } from '../model/index.js';
import { fastCsvRows } from './csv-fast.js';
import { mappedPlatform, Out } from './decoders/common.js';
import { ALL_FIELDS, qutLayout, qutPost, type QutFields } from './decoders/qut-csv.js';
import { expandInputs, openInput, readPosts } from './read.js';
import type { FormatName } from './types.js';

export interface PostBatchOptions {
  format?: FormatName;
  mapping?: Record<string, string>;
  /** QUT CSV only: what to extract beyond ids, times and text (default: everything). */
  fields?: QutFields;
}

const BATCH = 4096;

/**
 * The posts of some inputs in batches, as `readPosts` gives them, one by one otherwise. QUT CSV files
 * (the input of bulk coordination runs) take a fast path: `fastCsvRows` and the decoder's own row
 * logic (`qutPost`), no per-record framing objects, no per-post await, and only the `fields` asked
 * for. Other formats, standard input and TSV go through `readPosts`.
 */
export async function* readPostBatches(paths: readonly string[], options: PostBatchOptions = {}): AsyncGenerator<Post[]> {
  const read = { ...(options.format ? { format: options.format } : {}), ...(options.mapping ? { mapping: options.mapping } : {}) };
  for (const file of expandInputs(paths)) {
    if (file !== '-' && !/\.tsv$/i.test(file)) {
      const { decoder } = await openInput(file, read);
      if (decoder?.format === 'qut-csv') {
        yield* readQutFile(file, options.mapping, options.fields ?? ALL_FIELDS);
        continue;
      }
    }
    let batch: Post[] = [];
    for await (const post of readPosts([file], read)) {
      batch.push(post);
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }
}

/** One QUT CSV file's posts; rows that do not decode are skipped, as `readPosts` skips them. */
export async function* readQutFile(file: string, mapping: Record<string, string> | undefined, fields: QutFields): AsyncGenerator<Post[]> {
  const platform = mappedPlatform(mapping ? { mapping } : {}, new Out());
  let pos: number[] | undefined;
  for await (const rows of fastCsvRows(file, (header) => {
    const l = qutLayout(header);
    pos = 'pos' in l ? l.pos : undefined;
  })) {
    if (!pos) continue;
    const posts: Post[] = [];
    for (const row of rows) {
      const p = qutPost(row.cells, pos, platform, { source: file, line: row.line, offset: row.offset }, fields);
      if (p) posts.push(p);
    }
    if (posts.length > 0) yield posts;
  }
}
