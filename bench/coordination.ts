/**
 * Coordination bench: a synthetic stream (Zipf-distributed repost targets, texts, links, tags, media;
 * injected raids), written as QUT CSV and read back, through every co-action type, batch and streaming.
 * Baselines in the same run: a plain csv-parse of the same file, and a naive all-pairs join (what a SQL
 * self-join without a window index does) on a sample.
 *
 *   npx tsx bench/coordination.ts            # 1M posts
 *   npx tsx bench/coordination.ts --quick    # 100k posts
 *   MARSAD_BENCH_10M=1 npx tsx bench/coordination.ts   # also 10M posts, all types (minutes)
 */
import { mulberry32 as rng } from '../src/detectors/random.js';
import { createReadStream, mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { CoordinationBatch } from '../src/detectors/coordination/batch.js';
import { detectCampaigns } from '../src/detectors/coordination/campaigns.js';
import { featuresOf } from '../src/detectors/coordination/features.js';
import { CoordinationStream } from '../src/detectors/coordination/stream.js';
import { CO_ACTION_TYPES, DEFAULT_OPTIONS, type CoActionType } from '../src/detectors/coordination/types.js';
import { accountId, postId, type Post } from '../src/model/index.js';
import { fieldsFor, loadFiles } from '../src/pipeline/coordinate.js';
import { readPostBatches } from '../src/sources/qut-read.js';
import { readPosts } from '../src/sources/read.js';

import type { BenchRow } from './types.js';

const AREA = 'coordination';
const QUT4: CoActionType[] = ['co_retweet', 'co_tweet', 'co_link', 'co_reply'];


/** Zipf(s) sampler over 1..n by inverse CDF on a precomputed table. */
function zipf(n: number, s: number, r: () => number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / Math.pow(i + 1, s);
  return () => {
    const x = r() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const WORDS = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`);

/**
 * `n` posts over `days` days: 100k-ish accounts with Zipf activity; 40% reposts, 10% replies, the rest
 * originals with template texts (some lightly edited), links, tags, mentions and images; plus raids
 * of 30 accounts acting within 20 s, 5 rounds each. Rows in time order, as a collection would give.
 */
export function* simulate(n: number, seed = 1, days = 3): Generator<Post> {
  const r = rng(seed);
  const accounts = Math.max(1000, Math.floor(n / 10));
  const who = zipf(accounts, 0.8, r);
  const target = zipf(Math.max(100, n / 20), 1.1, r);
  const template = zipf(Math.max(100, n / 5), 1.05, r);
  const url = zipf(Math.max(100, n / 10), 1.1, r);
  const tag = zipf(5000, 1.1, r);
  const image = zipf(20000, 1.1, r);
  const span = days * 86400_000;
  const step = span / n;
  const raids = Math.max(2, Math.floor(n / 20000));
  let raidAt = 0;
  const raidEvery = Math.floor(n / (raids * 5));
  let id = 0;
  for (let i = 0; i < n; ) {
    const t = Math.floor(i * step);
    if (++raidAt >= raidEvery) {
      raidAt = 0;
      const ring = Math.floor(r() * raids);
      const key = `raid${ring}-${i}`;
      for (let m = 0; m < 30 && i < n; m++, i++) {
        const a = `raider${ring}_${m}`;
        yield post(id++, a, t + Math.floor(r() * 20_000), ring % 2 === 0 ? { repostOf: postId('x', key) } : { text: `join the campaign ${key} #raid${ring}`, hashtags: [`raid${ring}`], urls: [`https://example.org/${key}`] });
      }
      continue;
    }
    const a = `u${who()}`;
    const kind = r();
    if (kind < 0.4) yield post(id++, a, t, { repostOf: postId('x', `t${target()}`) });
    else {
      const tpl = template();
      const words = Array.from({ length: 12 }, (_, k) => WORDS[(tpl * 31 + k * 17) % WORDS.length]!);
      if (r() < 0.3) words[Math.floor(r() * 12)] = WORDS[Math.floor(r() * WORDS.length)]!;
      const tags = r() < 0.4 ? [`tag${tag()}`] : [];
      const mention = r() < 0.2 ? `m${Math.floor(r() * 1000)}` : undefined;
      const fields: Partial<Post> = {
        text: `${words.join(' ')}${tags.map((h) => ` #${h}`).join('')}${mention ? ` @${mention}` : ''}`,
        hashtags: tags,
        mentions: mention ? [{ handle: mention }] : [],
        urls: r() < 0.3 ? [`https://site${url() % 500}.example/p/${url()}`] : [],
      };
      if (kind < 0.5) fields.replyTo = postId('x', `t${target()}`);
      if (r() < 0.1) fields.media = [{ kind: 'image', pdq: pdqOf(image(), r) }];
      yield post(id++, a, t, fields);
    }
    i++;
  }
}

function pdqOf(img: number, r: () => number): string {
  const h = rng(img + 7);
  const bytes = Buffer.alloc(32);
  for (let i = 0; i < 32; i++) bytes[i] = Math.floor(h() * 256);
  for (let k = 0; k < 6; k++) bytes[Math.floor(r() * 32)]! ^= 1 << Math.floor(r() * 8); // re-encoding noise
  return bytes.toString('hex');
}

function post(id: number, author: string, t: number, fields: Partial<Post>): Post {
  return { id: postId('x', String(id)), platform: 'x', authorId: accountId('x', author), authorHandle: author, createdAt: t, text: '', hashtags: [], urls: [], mentions: [], media: [], ...fields };
}

const csvCell = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

async function writeQutCsv(path: string, posts: Iterable<Post>): Promise<void> {
  const out = createWriteStream(path);
  out.write('message_id,user_id,username,repost_id,reply_id,message,timestamp,urls\n');
  let chunk: string[] = [];
  const strip = (s: string): string => s.slice(s.indexOf(':') + 1);
  for (const p of posts) {
    chunk.push([strip(p.id), strip(p.authorId), p.authorHandle ?? '', p.repostOf ? strip(p.repostOf) : '', p.replyTo ? strip(p.replyTo) : '', csvCell(p.text), (p.createdAt / 1000).toFixed(3), p.urls.join(' ')].join(','));
    if (chunk.length === 10000) {
      if (!out.write(`${chunk.join('\n')}\n`)) await once(out, 'drain');
      chunk = [];
    }
  }
  out.end(chunk.length ? `${chunk.join('\n')}\n` : '');
  await once(out, 'finish');
}

async function plainParse(path: string): Promise<number> {
  let rows = 0;
  for await (const _ of createReadStream(path).pipe(parse({ bom: true })) as AsyncIterable<string[]>) rows++;
  return rows;
}

const peakMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);
const rssMb = (): number => Math.round(process.memoryUsage().rss / 1048576);
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const secs = (t0: number): number => Math.round(performance.now() - t0) / 1000;

/** The naive join: every pair of posts compared on key and time (a self-join without a window index). */
function naive(posts: Post[], type: CoActionType): number {
  const keys = posts.map((p) => new Set(featuresOf(p, type, DEFAULT_OPTIONS).map((f) => f.key)));
  const W = DEFAULT_OPTIONS.windowSec * 1000;
  const edges = new Map<string, Set<number>>();
  for (let i = 0; i < posts.length; i++) {
    if (keys[i]!.size === 0) continue;
    for (let j = 0; j < posts.length; j++) {
      if (i === j || Math.abs(posts[i]!.createdAt - posts[j]!.createdAt) > W) continue;
      if (![...keys[i]!].some((k) => keys[j]!.has(k))) continue;
      const e = `${posts[i]!.authorId}>${posts[j]!.authorId}`;
      if (!edges.has(e)) edges.set(e, new Set());
      edges.get(e)!.add(i);
    }
  }
  return edges.size;
}

/** Wall and CPU seconds of `fn`. */
async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T; wall: number; cpu: number }> {
  gc();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const c = process.cpuUsage(c0);
  return { value, wall: secs(t0), cpu: Math.round((c.user + c.system) / 1000) / 1000 };
}

async function fourTypes(load: (batch: CoordinationBatch) => Promise<void>): Promise<string> {
  const batch = new CoordinationBatch(QUT4, { windowSec: 60, minWeight: 1 });
  await load(batch);
  return QUT4.map((type) => `${type} ${batch.run(type).length}`).join(', ');
}

const format = (r: BenchRow): string => {
  const base = r.baseline ? `  vs ${r.baseline.name} ${r.baseline.value}${r.unit} (×${r.ratio})` : '';
  return `${r.name.padEnd(46)} ${String(r.value).padStart(8)} ${r.unit}${base}${r.note ? `  — ${r.note}` : ''}`;
};

export async function run(opts: { quick: boolean; progress?: boolean }): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const push = rows.push.bind(rows);
  rows.push = (...r: BenchRow[]): number => {
    if (opts.progress) for (const x of r) console.log(format(x));
    return push(...r);
  };
  const n = opts.quick ? 100_000 : 1_000_000;
  const label = opts.quick ? '100k' : '1M';
  const dir = mkdtempSync(join(tmpdir(), 'marsad-bench-coord-'));
  const ratio = (a: number, b: number): number => Math.round((a / b) * 100) / 100;
  try {
    const csv = join(dir, 'posts.csv');
    await writeQutCsv(csv, simulate(n));

    // Baseline: csv-parse alone over the same file.
    const parsed = await timed(() => plainParse(csv));
    rows.push({ area: AREA, name: `csv-parse only, ${label} rows`, value: parsed.wall, unit: 's', note: `cpu ${parsed.cpu} s; ${parsed.value} rows` });

    // The target: read the CSV + co_retweet, co_tweet, co_link, co_reply (batch), posts not kept,
    // through exactly what `marsad coordination posts.csv` runs (pipeline `loadFiles`: the sniffed
    // qut-csv decoder's fast reader).
    const product = await timed(() => fourTypes((batch) => loadFiles(batch, [csv])));
    rows.push({
      area: AREA,
      name: `read CSV + 4 QUT types, ${label} posts`,
      value: product.wall,
      unit: 's',
      baseline: { name: 'csv-parse only', value: parsed.wall },
      ratio: ratio(product.wall, parsed.wall),
      ...(opts.quick ? {} : { target: '<= 4 s' }),
      note: `cpu ${product.cpu} s; edges ${product.value}; peak RSS ${peakMb()} MB`,
    });
    // Its parts: reading alone (the product reader, the fields the 4 types need), and the general
    // reader (csv-parse framing, every field decoded) for comparison.
    const readOnly = await timed(async () => {
      let n = 0;
      for await (const posts of readPostBatches([csv], { fields: fieldsFor(QUT4) })) n += posts.length;
      return n;
    });
    rows.push({ area: AREA, name: `read CSV only (product reader), ${label} rows`, value: readOnly.wall, unit: 's', baseline: { name: 'csv-parse only', value: parsed.wall }, ratio: ratio(readOnly.wall, parsed.wall), note: `cpu ${readOnly.cpu} s; ${readOnly.value} posts` });
    const full = await timed(() => fourTypes(async (batch) => {
      for await (const p of readPosts([csv], { format: 'qut-csv' })) batch.add(p);
    }));
    rows.push({ area: AREA, name: `same via sources/read (qut-csv decoder)`, value: full.wall, unit: 's', baseline: { name: 'product path', value: product.wall }, ratio: ratio(full.wall, product.wall), note: `cpu ${full.cpu} s` });

    // What the CLI adds without --out: campaigns over the edges of the four types (after the rows
    // above: its graph leaves a big heap behind, which slows what runs next).
    const withCampaigns = await timed(async () => {
      const batch = new CoordinationBatch(QUT4, { windowSec: 60, minWeight: 1 });
      await loadFiles(batch, [csv]);
      return detectCampaigns(QUT4.map((type) => batch.run(type))).length;
    });
    rows.push({ area: AREA, name: `read CSV + 4 QUT types + campaigns, ${label} posts`, value: withCampaigns.wall, unit: 's', baseline: { name: 'without campaigns', value: product.wall }, ratio: ratio(withCampaigns.wall, product.wall), note: `cpu ${withCampaigns.cpu} s; ${withCampaigns.value} campaigns; peak RSS ${peakMb()} MB` });
    const posts: Post[] = [];
    for await (const batch of readPostBatches([csv], { mapping: { platform: 'x' }, fields: { entities: false, urls: true } })) posts.push(...batch);
    // Restore images, tags and mentions (the CSV has no media column; entities were not read).
    for (const p of simulate(n)) {
      const q = posts[Number(p.id.slice(2))];
      if (q) {
        q.media = p.media;
        q.hashtags = p.hashtags;
        q.mentions = p.mentions;
      }
    }

    // Each type alone (features + run), batch.
    for (const type of CO_ACTION_TYPES) {
      const before = rssMb();
      const r = await timed(() => {
        const b = new CoordinationBatch([type], { windowSec: 60 });
        for (const p of posts) b.add(p);
        return b.run(type).length;
      });
      rows.push({
        area: AREA,
        name: `${type} batch, ${label} posts`,
        value: r.wall,
        unit: 's',
        ...(type === 'co_similar_tweet' && !opts.quick ? { target: '<= 30 s' } : {}),
        note: `cpu ${r.cpu} s; ${r.value} edges; RSS +${rssMb() - before} MB, peak ${peakMb()} MB`,
      });
    }

    // Streaming versus batch, the four QUT types together, same posts in memory.
    let maxLive = 0;
    const streamed = await timed(() => {
      const stream = new CoordinationStream(QUT4, { windowSec: 60, allowedLatenessSec: 30 });
      for (let i = 0; i < posts.length; i++) {
        stream.onPost(posts[i]!);
        if ((i & 4095) === 0) maxLive = Math.max(maxLive, stream.stats().live);
      }
      stream.flush();
      return QUT4.map((t) => stream.edges(t).length).join('/');
    });
    const batched = await timed(() => fourTypes(async (batch) => posts.forEach((p) => batch.add(p))));
    rows.push({ area: AREA, name: `4 QUT types streaming, ${label} posts`, value: streamed.wall, unit: 's', baseline: { name: 'batch', value: batched.wall }, ratio: ratio(streamed.wall, batched.wall), note: `cpu ${streamed.cpu} s; edges ${streamed.value}; max live posts ${maxLive}; peak RSS ${peakMb()} MB` });

    // Naive all-pairs on a sample.
    const sample = posts.slice(0, opts.quick ? 5_000 : 20_000);
    const naiveR = await timed(() => naive(sample, 'co_retweet'));
    const ours = await timed(() => {
      const b = new CoordinationBatch(['co_retweet'], { windowSec: 60, viralGuard: false, selfLoops: true });
      for (const p of sample) b.add(p);
      return b.run('co_retweet').length;
    });
    rows.push({ area: AREA, name: `co_retweet on ${sample.length} posts`, value: ours.wall, unit: 's', baseline: { name: 'naive all-pairs', value: naiveR.wall }, ratio: Math.round((ours.wall / naiveR.wall) * 1000) / 1000, note: `edges ${ours.value} (naive ${naiveR.value})` });
    posts.length = 0;

    if (!opts.quick && process.env.MARSAD_BENCH_10M === '1') rows.push(await tenMillionInChild());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** 10M posts, all types: the run and its peak RSS. */
async function tenMillion(): Promise<BenchRow> {
  const per: string[] = [];
  const big = await timed(() => {
    const b = new CoordinationBatch(CO_ACTION_TYPES, { windowSec: 60 });
    for (const p of simulate(10_000_000, 2, 30)) b.add(p);
    for (const type of CO_ACTION_TYPES) {
      const t1 = performance.now();
      per.push(`${type} ${b.run(type).length} edges ${secs(t1)} s`);
    }
  });
  return { area: AREA, name: '10M posts, all types (batch), peak RSS', value: peakMb(), unit: 'MB', target: '<= 4096', note: `${big.wall} s wall, cpu ${big.cpu} s; ${per.join('; ')}` };
}

const CHILD_FLAG = '--ten-million-child';

/**
 * The 10M run in a fresh process: a process's peak RSS never comes down, so measured after the 1M
 * rows (posts in memory, streaming state) it would count their heap too.
 */
async function tenMillionInChild(): Promise<BenchRow> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), CHILD_FLAG], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const [code] = (await once(child, 'close')) as [number];
  if (code !== 0) throw new Error(`10M child exited with ${code}`);
  return JSON.parse(out.trim().split('\n').pop()!) as BenchRow;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes(CHILD_FLAG)) console.log(JSON.stringify(await tenMillion()));
  else await run({ quick: process.argv.includes('--quick'), progress: true });
}
