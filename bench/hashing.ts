/**
 * Hashing bench: PDQ decode vs hash on 1600×1004 JPEGs; MIH lookups against 1M (and, unless quick,
 * 10M) PDQ hashes, random and clustered, versus brute force in the same run; text near-duplicate
 * lookups against a bank of 1M texts with measured recall.
 *
 *   npx tsx bench/hashing.ts            # default run
 *   npx tsx bench/hashing.ts --quick    # smaller sizes, no 10M case
 */
import sharp from 'sharp';
import { fixture } from '../test/helpers/paths.js';
import { decodeImage } from '../src/media/decode.js';
import { pdqFromPixels } from '../src/hashing/pdq.js';
import { PdqMihIndex, type MihMatch } from '../src/hashing/mih.js';
import { splitmix32 } from '../src/hashing/hash32.js';
import { TextIndex } from '../src/hashing/text-index.js';
import { textSimilarity } from '../src/hashing/types/text.js';
import type { BenchRow } from './types.js';

const AREA = 'hashing';
const now = () => performance.now();
/** CPU ms of this process: on a shared machine, rates per CPU-second say more than wall-clock ones. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const perCpuS = (n: number, ms: number) => `${Math.round((n * 1000) / ms)}/s per CPU-second`;

// ---------------------------------------------------------------------------------------------- PDQ

async function syntheticJpegs(n: number): Promise<Buffer[]> {
  const base = fixture('pdq/images/aaa-orig.jpg'); // 1600×1004
  const out: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const img = sharp(base).modulate({ brightness: 0.8 + (i % 5) * 0.1, hue: (i * 37) % 360 });
    out.push(await (i % 2 ? img.flop() : img).jpeg({ quality: 80 + (i % 3) * 5 }).toBuffer());
  }
  return out;
}

async function pdqRows(quick: boolean): Promise<BenchRow[]> {
  // One libvips thread: decoding and hashing are both measured on one core.
  const threads = sharp.concurrency();
  sharp.concurrency(1);
  try {
    const jpegs = await syntheticJpegs(quick ? 4 : 10);
    const rounds = quick ? 2 : 3;
    for (const j of jpegs.slice(0, 2)) pdqFromPixels((await decodeImage(new Uint8Array(j))).pixels, 1600, 1004, 3); // warm up
    let decodeMs = 0;
    let hashMs = 0;
    let decodeCpu = 0;
    let hashCpu = 0;
    let n = 0;
    for (let r = 0; r < rounds; r++) {
      for (const j of jpegs) {
        let t = now();
        let c = cpuMs();
        const img = await decodeImage(new Uint8Array(j));
        decodeMs += now() - t;
        decodeCpu += cpuMs() - c;
        t = now();
        c = cpuMs();
        pdqFromPixels(img.pixels, img.width, img.height, img.channels);
        hashMs += now() - t;
        hashCpu += cpuMs() - c;
        n++;
      }
    }
    const decodePerS = (n * 1000) / decodeMs;
    const hashPerS = (n * 1000) / hashMs;
    return [
      { area: AREA, name: 'pdq decode 1600x1004 jpeg (sharp, 1 thread)', value: decodePerS, unit: 'images/s', note: perCpuS(n, decodeCpu) },
      {
        area: AREA,
        name: 'pdq hash 1600x1004 (decoded pixels)',
        value: hashPerS,
        unit: 'images/s',
        baseline: { name: 'decode', value: decodePerS },
        ratio: hashPerS / decodePerS,
        target: 'ratio >= 1',
        note: `${perCpuS(n, hashCpu)}; CPU-time ratio ${(decodeCpu / hashCpu).toFixed(2)}`,
      },
      { area: AREA, name: 'pdq decode+hash 1600x1004', value: (n * 1000) / (decodeMs + hashMs), unit: 'images/s' },
    ];
  } finally {
    sharp.concurrency(threads);
  }
}

// ---------------------------------------------------------------------------------------------- MIH

function flipBits(src: Uint32Array, at: number, out: Uint32Array, bits: number, rand: () => number): void {
  for (let k = 0; k < 8; k++) out[k] = src[at + k];
  for (let i = 0; i < bits; i++) {
    const b = rand() & 255;
    out[b >>> 5] ^= 1 << (b & 31);
  }
}

/** n hashes: random, or families of 20 near-duplicates (2..40 bits from their centre). */
function pdqDataset(n: number, clustered: boolean, seed: number): { ids: Int32Array; words: Uint32Array } {
  const rand = splitmix32(seed);
  const ids = new Int32Array(n);
  const words = new Uint32Array(n * 8);
  const centre = new Uint32Array(8);
  const tmp = new Uint32Array(8);
  for (let i = 0; i < n; i++) {
    ids[i] = i;
    if (!clustered) {
      for (let k = 0; k < 8; k++) words[i * 8 + k] = rand();
      continue;
    }
    if (i % 20 === 0) for (let k = 0; k < 8; k++) centre[k] = rand();
    flipBits(centre, 0, tmp, 2 + (rand() % 39), rand);
    words.set(tmp, i * 8);
  }
  return { ids, words };
}

function mihRowsFor(n: number, clustered: boolean, quick: boolean): BenchRow[] {
  const label = `${n >= 1e6 ? `${n / 1e6}M` : n} ${clustered ? 'clustered' : 'random'}`;
  const rssBefore = process.memoryUsage().rss;
  let t = now();
  const { ids, words } = pdqDataset(n, clustered, n + (clustered ? 1 : 0));
  const index = PdqMihIndex.fromWords(ids, words);
  const buildS = (now() - t) / 1000;
  const rss = process.memoryUsage().rss;
  // Queries: stored hashes with 0..31 bits flipped (so there is always a match) — the hard case for
  // MIH, since matches sit in many slots — and fresh random hashes (the common "no match" case).
  const rand = splitmix32(7);
  const nq = quick ? 2000 : 5000;
  const queries: Uint32Array[] = [];
  for (let i = 0; i < nq; i++) {
    const q = new Uint32Array(8);
    if (i % 2 === 0) flipBits(words, (rand() % n) * 8, q, rand() % 32, rand);
    else for (let k = 0; k < 8; k++) q[k] = rand();
    queries.push(q);
  }
  let found = 0;
  t = now();
  const c = cpuMs();
  for (const q of queries) found += index.queryWords(q, 31).length;
  const mihPerS = (nq * 1000) / (now() - t);
  const mihCpu = perCpuS(nq, cpuMs() - c);
  // Brute force over the same index, on a sample of the same queries; results must agree.
  const nb = Math.max(3, Math.round(4e6 / n));
  const key = (ms: MihMatch[]) => ms.map((m) => m.id).sort((a, b) => a - b).join(',');
  t = now();
  const slow = queries.slice(0, nb).map((q) => index.scan(q, 31));
  const brutePerS = (nb * 1000) / (now() - t);
  queries.slice(0, nb).forEach((q, i) => {
    if (key(index.queryWords(q, 31)) !== key(slow[i])) throw new Error(`MIH and brute force disagree (${label}, query ${i})`);
  });
  return [
    {
      area: AREA,
      name: `mih lookups d<=31, ${label}`,
      value: mihPerS,
      unit: 'lookups/s',
      baseline: { name: 'brute force', value: brutePerS },
      ratio: mihPerS / brutePerS,
      target: n <= 1e6 ? '>= 10000, ratio >= 20' : undefined,
      note: `${mihCpu}; ${(found / nq).toFixed(1)} matches/query; build ${buildS.toFixed(1)} s`,
    },
    ...(n >= 1e7
      ? [{ area: AREA, name: `mih rss ${label}`, value: rss / 2 ** 20, unit: 'MiB', target: '<= 2048', note: `+${((rss - rssBefore) / 2 ** 20).toFixed(0)} MiB for the index` }]
      : []),
  ];
}

// --------------------------------------------------------------------------------------------- text

const SYLLABLES = ['ka', 'lo', 'mir', 'ta', 'sun', 'de', 'ra', 'vo', 'lin', 'tor', 'ba', 'es', 'qu', 'ni', 'zar', 'pe'];

function vocabulary(n: number, rand: () => number): string[] {
  const words = new Set<string>();
  while (words.size < n) {
    let w = '';
    for (let s = 1 + (rand() % 3); s >= 0; s--) w += SYLLABLES[rand() % SYLLABLES.length];
    words.add(w);
  }
  return [...words];
}

/** Zipf-like pick: low ranks are common. */
const pick = (vocab: string[], rand: () => number) => vocab[Math.floor(vocab.length * ((rand() / 2 ** 32) ** 3))];

function textRows(quick: boolean): BenchRow[] {
  const rand = splitmix32(42);
  const vocab = vocabulary(20000, rand);
  const n = quick ? 100_000 : 1_000_000;
  const texts: string[] = [];
  for (let i = 0; i < n; i++) {
    const len = 12 + (rand() % 28);
    const words: string[] = [];
    for (let k = 0; k < len; k++) words.push(pick(vocab, rand));
    texts.push(words.join(' '));
  }
  let t = now();
  const index = new TextIndex();
  for (let i = 0; i < n; i++) index.add(i, texts[i]);
  const buildS = (now() - t) / 1000;
  // Edited copies: a word replaced, a hashtag added, case and punctuation changed.
  const queries: { text: string; source: number; near: boolean }[] = [];
  const nq = quick ? 4000 : 20000;
  for (let i = 0; i < nq; i++) {
    const source = rand() % n;
    const words = texts[source].split(' ');
    if (i % 4 === 3) {
      queries.push({ text: words.map(() => pick(vocab, rand)).join(' '), source, near: false });
      continue;
    }
    words[rand() % words.length] = pick(vocab, rand);
    if (i % 2) words.push('#' + pick(vocab, rand));
    const text = (i % 3 ? words.join(' ').toUpperCase() : words.join(', ')) + '!';
    queries.push({ text, source, near: textSimilarity(texts[source], text) >= 0.8 });
  }
  let hits = 0;
  let truth = 0;
  t = now();
  const c = cpuMs();
  const results = queries.map((q) => index.query(q.text));
  const perS = (nq * 1000) / (now() - t);
  const cpuNote = perCpuS(nq, cpuMs() - c);
  queries.forEach((q, i) => {
    if (!q.near) return;
    truth++;
    if (results[i].some((m) => m.id === q.source)) hits++;
  });
  // Baseline: the exact Jaccard against every entry (no LSH), on a few of the same queries.
  const nb = 5;
  t = now();
  for (const q of queries.slice(0, nb)) index.scan(q.text);
  const brutePerS = (nb * 1000) / (now() - t);
  return [
    {
      area: AREA,
      name: `text near-duplicate lookups, ${n / 1e6}M bank`,
      value: perS,
      unit: 'lookups/s',
      baseline: { name: 'exact jaccard scan', value: brutePerS },
      ratio: perS / brutePerS,
      target: '>= 20000',
      note: `${cpuNote}; build ${buildS.toFixed(1)} s (${Math.round(n / buildS)}/s)`,
    },
    { area: AREA, name: `text near-duplicate recall (J >= 0.8), ${n / 1e6}M bank`, value: hits / truth, unit: 'recall', target: '>= 0.95', note: `${truth} true near-duplicates` },
  ];
}

const PARTS = {
  pdq: (quick: boolean) => pdqRows(quick),
  mih: async (quick: boolean) => [
    ...mihRowsFor(1_000_000, false, quick),
    ...mihRowsFor(1_000_000, true, quick),
    ...(quick ? [] : mihRowsFor(10_000_000, false, quick)),
  ],
  text: async (quick: boolean) => textRows(quick),
};

export async function run(opts: { quick: boolean; only?: string[] }): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const [name, part] of Object.entries(PARTS)) if (!opts.only || opts.only.includes(name)) rows.push(...(await part(opts.quick)));
  return rows;
}

// Direct run: `npx tsx bench/hashing.ts [--quick] [pdq|mih|text…]`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  for (const row of await run({ quick: process.argv.includes('--quick'), ...(only.length ? { only } : {}) })) console.log(JSON.stringify(row));
}
