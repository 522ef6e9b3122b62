/**
 * Text-layer throughput on tweet-length posts (one core, main thread, per CPU-second of this process):
 * real Arabic tweets (OSACT4)
 * mixed with held-out UDHR chunks in ten languages and Sorani/Persian sentences. Baselines run over
 * the same texts in the same process: NFKC + toLowerCase for normalisation, that plus a white-space
 * split for tokenisation, `new URL()` for URL canonicalisation.
 *
 *   npx tsx bench/text.ts [--quick]
 */
import { repoRoot } from './paths.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalUrl } from '../src/text/urls.js';
import { detectLanguage } from '../src/text/lang.js';
import { nameSimilarity } from '../src/text/names.js';
import { normalize, normalizeForMatching } from '../src/text/normalize.js';
import { tokenize, wordTokens } from '../src/text/tokens.js';
import type { BenchOptions, BenchRow } from './types.js';

const ROOT = `${repoRoot}/`;

function corpus(): string[] {
  const rows = (f: string) => readFileSync(join(ROOT, 'test/fixtures', f), 'utf8').split('\n').filter(Boolean);
  const arabic = rows('classify/osact4-train.tsv').map((l) => l.split('\t')[0]!.replace(/<LF>/g, '\n'));
  const others = rows('text/lang-eval.tsv').slice(1).map((l) => l.split('\t')[2]!);
  const gold = rows('text/sources/sorani-gec-gold-eval.tsv').map((l) => l.split('\t')[1]!);
  // Interleave so that every timing window sees the same mix of scripts.
  const mixed: string[] = [];
  const rest = [...others, ...gold];
  for (let i = 0; i < arabic.length; i++) {
    mixed.push(arabic[i]!);
    if (i % 4 === 0) mixed.push(rest[(i / 4) % rest.length]!);
  }
  return mixed;
}

/** Process CPU seconds: the machine is shared, and wall time would charge us for other processes. */
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Items per CPU-second, best of three windows of `ms` milliseconds of CPU time each. */
function rate(items: readonly string[], fn: (s: string) => unknown, ms: number): number {
  let sink = 0;
  // Warm up for 0.3 CPU-seconds: process CPU time also counts the JIT compiler's threads, so a short
  // warm-up charges the first function measured with its own optimisation.
  for (const until = cpuSeconds() + 0.3; cpuSeconds() < until; ) {
    for (let i = 0; i < 500; i++) sink ^= fn(items[i % items.length]!) === undefined ? 1 : 0;
  }
  let best = 0;
  for (let round = 0; round < 3; round++) {
    let n = 0;
    const start = cpuSeconds();
    let now = start;
    while (now - start < ms / 1000) {
      for (let i = 0; i < 500; i++) {
        // Use every result (its length), so that the optimiser cannot drop a call whose value is unused.
        const r = fn(items[(n + i) % items.length]!);
        sink += typeof r === 'string' || Array.isArray(r) ? r.length : r === undefined ? 0 : 1;
      }
      n += 500;
      now = cpuSeconds();
    }
    best = Math.max(best, n / (now - start));
  }
  if (sink === -1) console.log(sink); // keep the sum alive
  return Math.round(best);
}

function row(name: string, value: number, unit: string, extra: { baseline?: { name: string; value: number }; target?: string; note?: string } = {}): BenchRow {
  const { baseline, target, note } = extra;
  return {
    area: 'text',
    name,
    value,
    unit,
    ...(baseline ? { baseline, ratio: Math.round((value / baseline.value) * 100) / 100 } : {}),
    ...(target ? { target } : {}),
    ...(note ? { note } : {}),
  };
}

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const ms = opts.quick ? 120 : 600; // CPU milliseconds per window (three windows per measurement)
  const posts = corpus();
  const avg = Math.round(posts.reduce((a, p) => a + p.length, 0) / posts.length);
  const note = `${posts.length} posts, mean ${avg} UTF-16 units (Arabic tweets + 10 languages)`;
  const nfkcLower = rate(posts, (s) => s.normalize('NFKC').toLowerCase(), ms);
  const nfkcSplit = rate(posts, (s) => s.normalize('NFKC').toLowerCase().split(/\s+/u), ms);
  const urls = posts.flatMap((p) => p.match(/https?:\/\/\S+/g) ?? []).concat(
    ['https://Example.com/a?utm_source=x&b=2&a=1#top', 'https://twitter.com/u/status/1?s=20', 'https://youtu.be/dQw4w9WgXcQ?si=x'],
  );
  const names: [string, string][] = [
    ['abu_example', 'abu_example2'],
    ['محمد_علي', 'Mohammed_Ali'],
    ['news.agency', 'news_agency_new'],
    ['john_smith', 'jane_doe'],
  ];
  const pairs = names.map(([a, b]) => `${a}\u0000${b}`);
  const unit = 'posts/cpu-s';
  const nfkc = { name: 'NFKC+toLowerCase', value: nfkcLower };
  const nfkcWords = { name: 'NFKC+toLowerCase+split', value: nfkcSplit };
  return [
    row('normalizeForMatching', rate(posts, normalizeForMatching, ms), unit, { baseline: nfkc, target: '>= 1000000', note }),
    row('normalize (with control report)', rate(posts, (s) => normalize(s), ms), unit, { baseline: nfkc }),
    row('normalise+tokenise (wordTokens)', rate(posts, wordTokens, ms), unit, { baseline: nfkcWords, target: '>= 500000' }),
    row('tokenize (typed tokens, offsets)', rate(posts, tokenize, ms), unit, { baseline: nfkcWords }),
    row('detectLanguage', rate(posts, (s) => detectLanguage(s), ms), unit),
    row('canonicalUrl', rate(urls, canonicalUrl, ms), 'urls/cpu-s', { baseline: { name: 'new URL()', value: rate(urls, (u) => new URL(u), ms) } }),
    row('nameSimilarity', rate(pairs, (p) => nameSimilarity(...(p.split('\u0000') as [string, string])), ms), 'pairs/cpu-s'),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await run({ quick: process.argv.includes('--quick') })) {
    const base = r.baseline ? `  vs ${r.baseline.name} ${r.baseline.value.toLocaleString('en')} (×${r.ratio})` : '';
    const target = r.target ? `  target ${r.target}` : '';
    console.log(`${r.name.padEnd(36)} ${r.value.toLocaleString('en').padStart(12)} ${r.unit}${base}${target}${r.note ? `  [${r.note}]` : ''}`);
  }
}
