/**
 * Generation speed of `marsad simulate` to a file, in posts per second, against a baseline measured in
 * the same run: `JSON.stringify` + buffered write of as many pre-built X v2 tweet objects (the least
 * any generator writing JSON must do). Also peak RSS, and whether memory stays flat when the same
 * world runs for longer (live heap at a quarter of the run against the end).
 *
 * Then one row per format: posts per CPU-second of the streaming part (population and plan excluded:
 * they cost the same whatever the output, and dominate a small world), with the wall rate in the
 * note. CPU time because the machine is shared: wall time depends on the neighbours, CPU time less.
 * These run after the first run, in the same process: the JIT is warm, so they show the steady state
 * (a cold run of 60k posts spends about a third of its CPU compiling).
 */
import type { BenchRow } from './types.js';
import { createWriteStream, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SIM_FORMATS, simulate, type SimFormat } from '../src/simulate/index.js';

const MB = 1024 * 1024;

/** A realistic v2 tweet object, varied enough that the serialiser cannot cheat. */
function prebuilt(i: number): Record<string, unknown> {
  const id = String(1_900_000_000_000_000_000n + BigInt(i));
  return {
    id,
    text: `صباح الخير يا بغداد ${i} الجو اليوم مشمس https://t.co/abcdefgh${i % 100} #صباح_الخير`,
    author_id: String(1_000_000 + (i % 5000)),
    created_at: new Date(1_767_000_000_000 + i * 997).toISOString(),
    conversation_id: id,
    entities: {
      hashtags: [{ start: 60, end: 71, tag: 'صباح_الخير' }],
      urls: [{ start: 36, end: 59, url: 'https://t.co/abcdefgh', expanded_url: `https://news.example/a/${i}`, display_url: `news.example/a/${i}` }],
    },
    lang: 'ar',
    source: 'Twitter for Android',
    public_metrics: { retweet_count: i % 7, reply_count: 0, like_count: 0, quote_count: 0 },
    possibly_sensitive: false,
    reply_settings: 'everyone',
    edit_history_tweet_ids: [id],
  };
}

async function baseline(path: string, count: number): Promise<number> {
  const pool = Array.from({ length: 10_000 }, (_, i) => prebuilt(i));
  const out = createWriteStream(path, { highWaterMark: MB });
  const started = performance.now();
  let buf = '';
  for (let i = 0; i < count; i++) {
    buf += JSON.stringify(pool[i % pool.length]);
    buf += '\n';
    if (buf.length >= 1 << 16) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await finished(out);
  return count / ((performance.now() - started) / 1000);
}

interface Run {
  posts: number;
  seconds: number;
  cpuSeconds: number;
  /** The streaming part alone: from the first time slice to the end (setup excluded). */
  stream: { posts: number; seconds: number; cpuSeconds: number };
  bytes: number;
  peakRss: number;
  /** Live heap (after a full GC) at 25% and 95% of the run; 0 without `--expose-gc`. */
  liveAtQuarter: number;
  liveAtEnd: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
const live = (): number => {
  if (!gc) return 0;
  gc();
  return process.memoryUsage().heapUsed;
};
const cpuSeconds = (since?: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};

async function generate(dir: string, format: SimFormat, accounts: number, days: number, measureLive: boolean): Promise<Run> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  let peakRss = 0;
  let liveAtQuarter = -1;
  let liveAtEnd = -1;
  let first: { posts: number; at: number; cpu: number } | undefined;
  const truth = await simulate(dir, { accounts, days, format, seed: 'bench' }, (p) => {
    first ??= { posts: p.posts, at: performance.now(), cpu: cpuSeconds(cpu) };
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    if (!measureLive) return;
    // Two full collections per run: negligible against the run, and they show what is really kept.
    if (liveAtQuarter < 0 && p.done >= 0.25) liveAtQuarter = live();
    if (liveAtEnd < 0 && p.done >= 0.95) liveAtEnd = live();
  });
  const seconds = (performance.now() - started) / 1000;
  const total = cpuSeconds(cpu);
  const f = first ?? { posts: 0, at: started, cpu: 0 };
  let bytes = 0;
  for (const name of readdirSync(dir)) bytes += statSync(join(dir, name)).size;
  return {
    posts: truth.stats.posts, seconds, cpuSeconds: total,
    stream: { posts: truth.stats.posts - f.posts, seconds: (performance.now() - f.at) / 1000, cpuSeconds: total - f.cpu },
    bytes, peakRss, liveAtQuarter: Math.max(0, liveAtQuarter), liveAtEnd: Math.max(0, liveAtEnd),
  };
}

const per = (n: number, seconds: number): number => Math.round(n / Math.max(seconds, 1e-9));

export async function run(opts: { quick: boolean }): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'marsad-bench-sim-'));
  try {
    // The first run keeps its historical row; every format then gets a streaming row of its own.
    const runs: Array<[SimFormat, number, number]> = opts.quick ? [['x-v2', 10_000, 3]] : [['x-v2', 40_000, 5], ['jetstream', 20_000, 3]];
    const size: [number, number] = opts.quick ? [10_000, 3] : [40_000, 5];
    const rows: BenchRow[] = [];
    for (const [format, accounts, days] of runs) {
      const r = await generate(join(dir, format), format, accounts, days, true);
      const base = await baseline(join(dir, `${format}-baseline.jsonl`), r.posts);
      const rate = r.posts / r.seconds;
      rows.push({
        area: 'simulate',
        name: `generate ${format} (${accounts} accounts, ${days} days)`,
        value: Math.round(rate),
        unit: 'posts/s',
        baseline: { name: 'JSON.stringify + write of pre-built tweets', value: Math.round(base) },
        ratio: Math.round((rate / base) * 100) / 100,
        note: `${r.posts} posts in ${r.seconds.toFixed(1)} s wall (setup included), ${per(r.posts, r.cpuSeconds)} posts per CPU-second; target >= 200000`,
      });
      rows.push({
        area: 'simulate',
        name: `peak RSS ${format}`,
        value: Math.round(r.peakRss / MB),
        unit: 'MB',
        note: gc
          ? `live heap ${Math.round(r.liveAtQuarter / MB)} MB at 25% of the run, ${Math.round(r.liveAtEnd / MB)} MB at 95%: flat = memory does not grow with output`
          : 'run node with --expose-gc to measure the live heap',
      });
      rmSync(join(dir, format), { recursive: true, force: true });
    }
    for (const format of SIM_FORMATS) {
      const [accounts, days] = size;
      const r = await generate(join(dir, `stream-${format}`), format, accounts, days, false);
      const s = r.stream;
      rows.push({
        area: 'simulate',
        name: `stream ${format} per CPU-second (${accounts} accounts, ${days} days)`,
        value: per(s.posts, s.cpuSeconds),
        unit: 'posts/CPU-s',
        target: '>= 200000',
        note:
          `streaming part (setup of ${(r.seconds - s.seconds).toFixed(2)} s excluded): ${per(s.posts, s.seconds)} posts/s wall; ` +
          `whole run ${per(r.posts, r.cpuSeconds)} posts per CPU-second; ${Math.round(r.bytes / r.posts)} bytes per post written`,
      });
      rmSync(join(dir, `stream-${format}`), { recursive: true, force: true });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await run({ quick: process.argv.includes('--quick') });
  for (const r of rows) console.log(JSON.stringify(r));
}
