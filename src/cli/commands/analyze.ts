import type { Command } from 'commander';
import { analyze, ANALYSES, type AnalysisName } from '../../pipeline/analyze.js';
import { evaluate } from '../../pipeline/evaluate.js';
import { readTruth } from '../../simulate/truth.js';
import { DEFAULT_DB, openStore } from '../../store/db.js';
import { UserError } from '../exit.js';
import { printJson } from '../options.js';
import { requireStore } from './store-option.js';

export function register(program: Command): void {
  program
    .command('analyze')
    .description('run the detectors over the store (known content, classifier, coordination, trends, accounts)')
    .option('--db <file>', 'SQLite store', DEFAULT_DB)
    .option('--only <list>', `comma-separated subset of: ${ANALYSES.join(', ')}`)
    .option('--no-viral-guard', 'coordination on raw QUT weights (no down-weighting of crowded keys)')
    .option('--media-root <dir>', 'folder relative media paths are resolved against')
    .option('--media-mirror <dir>', 'folder of downloaded media named by the last segment of their URL')
    .option('--fetch-media', 'fetch remote media over HTTP(S) (private addresses are always refused)')
    .option('--json', 'print the report as one JSON object')
    .addHelpText('after', '\nEach analysis replaces its previous output, so re-running is safe.\n\nExamples:\n  marsad analyze\n  marsad analyze --only coordination --no-viral-guard --json')
    .action(async (o: { db: string; only?: string; viralGuard: boolean; mediaRoot?: string; mediaMirror?: string; fetchMedia?: boolean; json?: boolean }) => {
      requireStore(o.db);
      const only = o.only?.split(',').map((s) => s.trim()) as AnalysisName[] | undefined;
      const unknown = only?.filter((n) => !(ANALYSES as readonly string[]).includes(n)) ?? [];
      if (unknown.length > 0) throw new UserError(`unknown analysis: ${unknown.join(', ')} (known: ${ANALYSES.join(', ')})`);
      const store = await openStore(o.db);
      try {
        const report = await analyze(store, {
          ...(only ? { only } : {}),
          noViralGuard: !o.viralGuard,
          ...(o.mediaRoot ? { mediaRoot: o.mediaRoot } : {}),
          ...(o.mediaMirror ? { mediaMirror: o.mediaMirror } : {}),
          ...(o.fetchMedia ? { fetchMedia: true } : {}),
          onStep: (name) => !o.json && process.stderr.write(`… ${name}\n`),
        });
        if (o.json) printJson(report);
        else process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } finally {
        await store.close();
      }
    });

  program
    .command('evaluate')
    .description("score the detectors' output in the store against a simulator's ground truth")
    .requiredOption('--truth <file>', 'truth.json written by marsad simulate')
    .option('--db <file>', 'SQLite store', DEFAULT_DB)
    .option('--json', 'one JSON object keyed by detector, each with precision, recall and f1')
    .addHelpText('after', '\nExample:\n  marsad simulate --out world && marsad ingest world/tweets.jsonl world/compliance.jsonl && marsad analyze && marsad evaluate --truth world/truth.json')
    .action(async (o: { truth: string; db: string; json?: boolean }) => {
      requireStore(o.db);
      let truth;
      try {
        truth = await readTruth(o.truth);
      } catch (error) {
        throw new UserError(`cannot read ${o.truth}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const store = await openStore(o.db);
      try {
        const scores = await evaluate(truth, o.truth, store);
        if (o.json) return printJson(scores);
        for (const [name, s] of Object.entries(scores)) {
          process.stdout.write(`${name.padEnd(14)} precision ${s.precision.toFixed(3)}  recall ${s.recall.toFixed(3)}  f1 ${s.f1.toFixed(3)}\n`);
        }
        if (Object.keys(scores).length === 0) process.stdout.write('no detector output in the store yet: run marsad analyze\n');
      } finally {
        await store.close();
      }
    });
}
