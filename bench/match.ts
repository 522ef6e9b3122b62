/**
 * Match bench: `matchStore` over a store of synthetic posts (text, links, inline PDQ hashes) against
 * banks of PDQ hashes, texts, URLs and domains, with planted near-copies to measure precision and
 * recall. Baseline in the same run: reading the same posts (`iteratePosts`) without matching.
 *
 *   npx tsx bench/match.ts [--quick]
 */
import { join } from 'node:path';
import { splitmix32 } from '../src/hashing/hash32.js';
import { loadMatcher, matchStore } from '../src/pipeline/match.js';
import { addEntries, createBank } from '../src/store/banks.js';
import { openStore } from '../src/store/db.js';
import { iteratePosts } from '../src/store/read.js';
import { listSignals } from '../src/store/signals.js';
import type { BankEntry } from '../src/hashing/banks/types.js';
import { tempDir } from '../test/helpers/paths.js';
import type { BenchRow } from './types.js';

const AREA = 'match';
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const WORDS = 'lantern brigade release night city river market bridge council school road water light harbour tower garden station winter summer story music bread train field'.split(' ');

export async function run(opts: { quick: boolean }): Promise<BenchRow[]> {
  const posts = opts.quick ? 20_000 : 100_000;
  const pdqEntries = opts.quick ? 20_000 : 100_000;
  const textEntries = opts.quick ? 5_000 : 20_000;
  const rnd = splitmix32(42);
  const hex64 = () => Array.from({ length: 8 }, () => rnd().toString(16).padStart(8, '0')).join('');
  const flipBits = (hex: string, n: number) => {
    const chars = hex.split('');
    for (let k = 0; k < n; k++) {
      const i = rnd() % 64;
      chars[i] = (parseInt(chars[i], 16) ^ (1 << (rnd() % 4))).toString(16);
    }
    return chars.join('');
  };
  const sentence = (n: number) => Array.from({ length: n }, () => WORDS[rnd() % WORDS.length] + (rnd() % 1000)).join(' ');

  const tmp = tempDir('marsad-bench-match-');
  const store = await openStore(join(tmp.dir, 'bench.db'));
  try {
    const bankPdq = Array.from({ length: pdqEntries }, hex64);
    const bankText = Array.from({ length: textEntries }, () => sentence(20));
    const entries: BankEntry[] = [
      ...bankPdq.map((signal) => ({ signalType: 'pdq', signal, labels: { tags: [] } })),
      ...bankText.map((signal) => ({ signalType: 'raw_text', signal, labels: { tags: [] } })),
      ...Array.from({ length: 2000 }, (_, i) => ({ signalType: 'url', signal: `https://release-${i}.example/r/${i}`, labels: { tags: [] } })),
    ];
    await createBank(store.db, { name: 'bench' });
    let t = performance.now();
    await addEntries(store.db, 'bench', entries);
    const importMs = performance.now() - t;

    // Posts: 1% carry a near-copy of a bank image, 1% a near-copy of a bank text (two words added),
    // 1% a bank URL with tracking; the rest are unrelated.
    const planted = new Set<string>();
    const insert = store.sqlite.prepare(`INSERT INTO posts (id, platform, author_id, created_at, text, hashtags, urls, mentions, media, ingested_at)
      VALUES (?, 'x', ?, ?, ?, '[]', ?, '[]', ?, 0)`);
    store.sqlite.transaction(() => {
      for (let i = 0; i < posts; i++) {
        const kind = i % 100;
        let text = sentence(18);
        let urls: string[] = [];
        let media: object[] = i % 5 === 0 ? [{ kind: 'image', pdq: hex64(), pdqQuality: 90 }] : [];
        if (kind === 1) media = [{ kind: 'image', pdq: flipBits(bankPdq[rnd() % bankPdq.length], 12), pdqQuality: 90 }];
        if (kind === 2) text = `${bankText[rnd() % bankText.length]} share now`;
        if (kind === 3) {
          const n = rnd() % 2000;
          urls = [`https://Release-${n}.example/r/${n}?utm_source=x`];
        }
        if (kind >= 1 && kind <= 3) planted.add(`x:${i}`);
        insert.run(`x:${i}`, `x:a${i % 5000}`, i * 1000, text, JSON.stringify(urls), JSON.stringify(media));
      }
    })();

    let c = cpuMs();
    let read = 0;
    for (const _ of iteratePosts(store)) read++;
    const readCpu = cpuMs() - c;

    t = performance.now();
    c = cpuMs();
    const matcher = await loadMatcher(store);
    const loadCpu = cpuMs() - c;
    const loadMs = performance.now() - t;

    c = cpuMs();
    const summary = await matchStore(store);
    const matchCpu = cpuMs() - c;

    const hits = new Set(listSignals(store, { detector: 'match' }).map((s) => s.subject.id));
    let tp = 0;
    for (const id of hits) if (planted.has(id)) tp++;
    const precision = hits.size ? tp / hits.size : 1;
    const recall = planted.size ? tp / planted.size : 1;
    const readRate = (read * 1000) / readCpu;
    const matchRate = (summary.posts * 1000) / matchCpu;
    return [
      { area: AREA, name: 'bank import (addEntries)', value: Math.round((entries.length * 1000) / importMs), unit: 'entries/s', note: `${entries.length} entries` },
      { area: AREA, name: 'matcher load (store → indexes)', value: Math.round((matcher.size * 1000) / loadCpu), unit: 'entries/CPU-s', note: `${Math.round(loadMs)} ms wall for ${matcher.size}` },
      {
        area: AREA,
        name: `matchStore ${posts} posts vs ${entries.length} entries`,
        value: Math.round(matchRate),
        unit: 'posts/CPU-s',
        baseline: { name: 'iteratePosts (read only)', value: Math.round(readRate) },
        ratio: Number((matchRate / readRate).toFixed(3)),
        note: `includes loading the banks; ${summary.matches} matches`,
      },
      { area: AREA, name: 'precision on planted near-copies', value: Number(precision.toFixed(4)), unit: 'ratio', note: `${tp}/${hits.size}` },
      { area: AREA, name: 'recall on planted near-copies', value: Number(recall.toFixed(4)), unit: 'ratio', note: `${tp}/${planted.size} (PDQ d=12, text +2 words, URL + utm)` },
    ];
  } finally {
    await store.close();
    tmp.cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await run({ quick: process.argv.includes('--quick') })) console.log(JSON.stringify(row));
}
