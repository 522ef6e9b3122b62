import { decodersFor } from '../sources/decoders/index.js';
import type { FramedRecord } from '../sources/framing.js';
import type { LiveConnector } from '../sources/types.js';
import { pauseMmap, type Store } from '../store/db.js';
import { IngestWriter } from '../store/ingest-writer.js';
import { emptySummary, processRecord, type IngestSummary } from './record.js';

export interface LiveIngestOptions {
  /** Checkpoint key, e.g. `jetstream:wss://host/subscribe`: the cursor is saved and resumed under it. */
  source: string;
  signal: AbortSignal;
  /** Commit after this many records… */
  batchSize?: number;
  /** …or this long after the first uncommitted record, whichever comes first. */
  flushMs?: number;
  onCommit?: (summary: IngestSummary, cursor: string | undefined) => void;
}

/**
 * Runs a live connector into the store through the same record path as file ingest. The cursor of
 * the last committed record is saved in the same transaction as the records, and handed back to the
 * connector after a restart, so a restart resumes where the store stopped (the connector rewinds a
 * little; re-seen records are duplicates, which ingest ignores).
 */
export async function ingestLive(store: Store, connector: LiveConnector, options: LiveIngestOptions): Promise<IngestSummary> {
  // Live records arrive one per message: the line-framed decoder of the format reads them.
  const decoder = decodersFor(connector.format).find((d) => d.framing === 'lines');
  if (!decoder) throw new Error(`no decoder for ${connector.format}`);
  const writer = new IngestWriter(store.sqlite);
  const summary = emptySummary();
  const started = performance.now();
  const resumeMmap = pauseMmap(store.sqlite);
  const batchSize = options.batchSize ?? 1000;
  const flushMs = options.flushMs ?? 1000;
  const previous = writer.readCheckpoint(options.source);
  let pending = 0;
  let cursor: string | undefined;
  let timer: NodeJS.Timeout | undefined;

  const commit = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending === 0) return;
    writer.commit({
      source: options.source,
      format: connector.format,
      headSha256: '',
      line: 0,
      byteOffset: 0,
      state: '{}',
      cursor: cursor ?? previous?.cursor ?? null,
      done: false,
    });
    pending = 0;
    options.onCommit?.(summary, cursor);
  };

  try {
    await connector.run({
      signal: options.signal,
      ...(previous?.cursor ? { cursor: previous.cursor } : {}),
      onRecord: (record) => {
        if (pending === 0) writer.begin();
        const bytes = Buffer.from(record.text, 'utf8');
        const framed: FramedRecord = { bytes, text: record.text, line: 0, offset: 0, end: 0, endLine: 0 };
        processRecord(writer, decoder, framed, { ...record.position, source: options.source }, { now: Date.now() }, undefined, summary);
        if (record.position.cursor !== undefined) cursor = record.position.cursor;
        pending += 1;
        if (pending >= batchSize) commit();
        else timer ??= setTimeout(commit, flushMs);
      },
    });
  } finally {
    commit();
    resumeMmap();
  }
  summary.elapsedMs = Math.round(performance.now() - started);
  return summary;
}
