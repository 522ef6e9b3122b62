import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BankEntry } from '../hashing/banks/types.js';
import { pdqHashImage } from '../hashing/types/pdq.js';
import { simulate } from '../simulate/index.js';
import type { Truth } from '../simulate/truth.js';
import { addEntries, createBank } from '../store/banks.js';
import { openStore, type Store } from '../store/db.js';
import { analyze, type AnalyzeReport } from './analyze.js';
import { evaluate, type Score } from './evaluate.js';
import { ingest, type IngestSummary } from './ingest.js';

export interface DemoOptions {
  /** Folder for the simulated world (kept, so the files can be looked at). */
  dir: string;
  /** The store the demo fills (replaced if it exists). */
  db: string;
  accounts?: number;
  days?: number;
  seed?: string;
  onStep?: (step: string) => void;
}

export interface DemoReport {
  world: { posts: number; accounts: number; campaigns: number; suspensions: number; reentries: number };
  ingest: IngestSummary;
  bank: { entries: number };
  analysis: AnalyzeReport;
  evaluation: Record<string, Score>;
  elapsedMs: number;
}

/**
 * The analyst's bank of known releases: the text, link and image of each release as the network's
 * media wing first published it. The copies the network spreads (edited text, other shorteners,
 * re-encoded and cropped images) are what matching must then find.
 */
async function releaseBank(truth: Truth, dir: string): Promise<BankEntry[]> {
  const entries: BankEntry[] = [];
  for (const release of truth.releases) {
    const labels = { group: 'grey-lantern', tags: [release.id] };
    entries.push({ signalType: 'raw_text', signal: release.text, labels: { ...labels, contentType: 'text' } });
    entries.push({ signalType: 'url', signal: release.url, labels: { ...labels, contentType: 'url' } });
    if (release.image && existsSync(join(dir, 'media', release.image))) {
      const { signal, quality } = await pdqHashImage(join(dir, 'media', release.image));
      if (quality >= 50) entries.push({ signalType: 'pdq', signal, labels: { ...labels, contentType: 'photo' } });
    }
  }
  return entries;
}

/**
 * Simulates a small world with a propaganda network in it, ingests it into the embedded store, loads
 * a bank of the network's known releases, runs every detector, and scores the findings against the
 * simulator's ground truth.
 */
export async function runDemo(options: DemoOptions): Promise<DemoReport> {
  const started = performance.now();
  const step = options.onStep ?? (() => {});
  step('simulating a world');
  const truth = await simulate(options.dir, {
    accounts: options.accounts ?? 1500,
    days: options.days ?? 3,
    seed: options.seed ?? 'marsad-demo',
    format: 'x-v2',
    images: true,
  });
  for (const suffix of ['', '-wal', '-shm']) rmSync(options.db + suffix, { force: true });
  const store: Store = await openStore(options.db);
  try {
    step('ingesting');
    const inputs = Object.keys(truth.files).filter((f) => f.endsWith('.jsonl')).map((f) => join(options.dir, f));
    const ingested = await ingest(store, inputs);

    step('loading the bank of known releases');
    await createBank(store.db, { name: 'known-releases', description: 'releases of the simulated network, as first published' });
    const added = await addEntries(store.db, 'known-releases', await releaseBank(truth, options.dir));

    // The classifier learns from another world (another seed): it is scored on posts it never saw.
    step('simulating a second world to train the classifier on');
    const trainingDir = join(options.dir, 'training-world');
    await simulate(trainingDir, { accounts: 800, days: 2, seed: `${options.seed ?? 'marsad-demo'}-training`, format: 'x-v2' });

    step('running the detectors');
    const analysis = await analyze(store, {
      labels: join(trainingDir, 'labels.tsv'),
      seed: options.seed ?? 'marsad-demo',
      mediaMirror: join(options.dir, 'media'),
    });

    step('scoring against the ground truth');
    const evaluation = await evaluate(truth, join(options.dir, 'truth.json'), store);
    return {
      world: {
        posts: truth.stats.posts,
        accounts: truth.accounts,
        campaigns: truth.campaigns.length,
        suspensions: truth.suspensions.length,
        reentries: truth.reentries.length,
      },
      ingest: ingested,
      bank: { entries: added.added },
      analysis,
      evaluation,
      elapsedMs: Math.round(performance.now() - started),
    };
  } finally {
    await store.close();
  }
}
