/**
 * Ingest throughput per format on >= 1M generated records (raw payloads kept), next to a parse-only
 * pass over the same bytes in the same run (the ceiling), and peak RSS at two input sizes to show it
 * is flat (streaming, never whole-file); `MARSAD_BENCH_INGEST_LARGE=<events>` adds a longer Jetstream run.
 * Each ingest runs in its own process so RSS is its own.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { frameLines } from '../src/sources/framing.js';
import { writeJetstream, writeXV1, writeXV2 } from './ingest-data.js';
import type { BenchOptions, BenchRow } from './types.js';

interface WorkerResult {
  records: number;
  posts: number;
  items: number;
  elapsedMs: number;
  cpuMs: number;
  maxRssMb: number;
}

const worker = fileURLToPath(new URL(`./ingest-worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url));

function runWorker(file: string, format: string, db: string): WorkerResult {
  const child = spawnSync(process.execPath, [...process.execArgv, worker, file, format, db], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`ingest worker failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as WorkerResult;
}

/** The ceiling: frame the same file into lines and JSON.parse each, nothing else. */
async function parseOnly(file: string, countItems: (value: unknown) => number): Promise<{ items: number; seconds: number }> {
  const started = performance.now();
  let items = 0;
  for await (const batch of frameLines(createReadStream(file, { highWaterMark: 1 << 20 }))) {
    for (const record of batch) items += countItems(JSON.parse(record.text));
  }
  return { items, seconds: (performance.now() - started) / 1000 };
}

const pagePosts = (v: unknown) => {
  const page = v as { data?: unknown[]; includes?: { tweets?: unknown[] } };
  return (page.data?.length ?? 0) + (page.includes?.tweets?.length ?? 0);
};
const one = () => 1;
/** A v1.1 tweet carries the tweets it retweets or quotes as whole objects: each is a post. */
const v1Posts = (v: unknown) => {
  const t = v as { retweeted_status?: unknown; quoted_status?: unknown };
  return 1 + (t.retweeted_status ? 1 : 0) + (t.quoted_status ? 1 : 0);
};

export async function run({ quick }: BenchOptions): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'marsad-bench-ingest-'));
  const rows: BenchRow[] = [];
  const size = quick ? 100_000 : 1_000_000;
  const formats = [
    // Posts are counted as decoded: a twarc2 page's data and includes.tweets, a v1.1 tweet and the
    // tweets it embeds (stored new or recognised as duplicates).
    { format: 'x-v2', write: writeXV2, unit: 'posts/s', target: '>= 30000', count: pagePosts, perItem: 'posts' as const },
    { format: 'x-v1', write: writeXV1, unit: 'posts/s', target: '>= 30000', count: v1Posts, perItem: 'posts' as const },
    { format: 'jetstream', write: writeJetstream, unit: 'events/s', target: '>= 100000', count: one, perItem: 'records' as const },
  ];
  try {
    for (const f of formats) {
      const file = join(dir, `${f.format}.jsonl`);
      await f.write(file, size);
      const mb = statSync(file).size / 1e6;
      const parsed = await parseOnly(file, f.count);
      const result = runWorker(file, f.format, join(dir, `${f.format}.db`));
      const measured = f.perItem === 'posts' ? result.items : result.records;
      const rate = measured / (result.elapsedMs / 1000);
      const ceiling = parsed.items / parsed.seconds;
      rows.push({
        area: 'ingest', name: `${f.format} ingest (${size} input ${f.format === 'jetstream' ? 'events' : 'tweets'}, ${mb.toFixed(0)} MB)`,
        value: rate, unit: f.unit, baseline: { name: 'parse-only', value: ceiling }, ratio: rate / ceiling, target: f.target,
      });
      // The same work per CPU-second of the ingest process: what a shared, busy machine cannot hide.
      rows.push({
        area: 'ingest', name: `${f.format} ingest per CPU-second`, value: measured / (result.cpuMs / 1000), unit: f.unit,
        baseline: { name: 'parse-only', value: ceiling }, ratio: measured / (result.cpuMs / 1000) / ceiling,
      });
      rows.push({ area: 'ingest', name: `${f.format} peak RSS at ${size}`, value: result.maxRssMb, unit: 'MB' });
      if (!quick) {
        // Flat memory: a quarter of the input must need about the same peak RSS.
        const small = join(dir, `${f.format}-small.jsonl`);
        await f.write(small, size / 4);
        const smallResult = runWorker(small, f.format, join(dir, `${f.format}-small.db`));
        rows.push({
          area: 'ingest', name: `${f.format} peak RSS ratio 1M vs 250k input`, value: result.maxRssMb, unit: 'MB',
          baseline: { name: 'RSS at 250k', value: smallResult.maxRssMb }, ratio: result.maxRssMb / smallResult.maxRssMb, target: '~1 (flat)',
        });
        rmSync(small);
      }
      // A longer firehose on request (minutes): MARSAD_BENCH_INGEST_LARGE=4000000 npm run bench -- ingest
      const large = Number(process.env.MARSAD_BENCH_INGEST_LARGE ?? 0);
      if (!quick && large > size && f.format === 'jetstream') {
        const big = join(dir, `${f.format}-large.jsonl`);
        await f.write(big, large);
        const bigResult = runWorker(big, f.format, join(dir, `${f.format}-large.db`));
        const bigRate = (f.perItem === 'posts' ? bigResult.items : bigResult.records) / (bigResult.elapsedMs / 1000);
        rows.push({ area: 'ingest', name: `${f.format} ingest at ${large}`, value: bigRate, unit: f.unit, baseline: { name: `rate at ${size}`, value: rate }, ratio: bigRate / rate });
        rows.push({
          area: 'ingest', name: `${f.format} peak RSS ratio ${large} vs ${size} input`, value: bigResult.maxRssMb, unit: 'MB',
          baseline: { name: `RSS at ${size}`, value: result.maxRssMb }, ratio: bigResult.maxRssMb / result.maxRssMb, target: '~1 (flat)',
        });
        rmSync(big);
      }
      rmSync(file);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await run({ quick: process.argv.includes('--quick') })) console.log(JSON.stringify(row));
}
