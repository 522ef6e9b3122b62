import { existsSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { ingest, IngestError, type IngestSummary } from '../../pipeline/ingest.js';
import { FORMATS, type FormatName } from '../../sources/types.js';
import { DEFAULT_DB, openStore } from '../../store/db.js';
import { EXIT, UserError } from '../exit.js';
import { parseMapping, parsePositiveInt, printJson } from '../options.js';
import { progressBar } from '../progress.js';

interface IngestCliOptions {
  db: string;
  format: FormatName | 'auto';
  map?: Record<string, string>;
  json?: boolean;
  batchSize?: number;
}

export function register(program: Command): void {
  program
    .command('ingest')
    .description('read platform data (files, folders or - for stdin) into the store; nothing is lost')
    .argument('<inputs...>', 'files, folders or - (standard input)')
    .option('--db <file>', 'SQLite store', DEFAULT_DB)
    .addOption(new Option('--format <format>', 'input format (default: sniffed per file)').choices(['auto', ...FORMATS]).default('auto'))
    .option('--map <pairs>', 'generic CSV/JSONL column mapping, e.g. text=tweets,author=username,time=time', parseMapping)
    .option('--batch-size <n>', 'records per transaction and checkpoint', parsePositiveInt('--batch-size'))
    .option('--json', 'print the summary as one JSON object')
    .addHelpText(
      'after',
      `
Examples:
  marsad ingest tweets.jsonl                      twarc2 output, format sniffed
  marsad ingest archive/ --db study.db            every file in a folder
  marsad ingest export/result.json                a Telegram Desktop export
  marsad ingest isis.csv --format generic-csv --map text=tweets,author=username,time=time
  zcat jetstream.jsonl.gz | marsad ingest - --format jetstream --json

Undecodable records go to the dead-letter table with source, position, reason and raw bytes.
Re-running an ingest adds nothing (idempotent); an interrupted ingest resumes from its checkpoint.
Exit codes: 0 all records decoded, 3 done but some records were dead-lettered, 2 bad usage or unknown format.`,
    )
    .action(async (inputs: string[], options: IngestCliOptions) => {
      for (const input of inputs) if (input !== '-' && !existsSync(input)) throw new UserError(`no such file or folder: ${input}`);
      const store = await openStore(options.db);
      const bar = progressBar('ingest', 'records', !options.json && process.stderr.isTTY === true);
      let summary: IngestSummary;
      try {
        summary = await ingest(store, inputs, {
          ...(options.format !== 'auto' ? { format: options.format } : {}),
          ...(options.map ? { mapping: options.map } : {}),
          ...(options.batchSize ? { batchSize: options.batchSize } : {}),
          ...(process.env.MARSAD_TEST_STALL_AFTER_BATCHES
            ? { stallAfterBatches: Number(process.env.MARSAD_TEST_STALL_AFTER_BATCHES) }
            : {}),
          onProgress: (p) => bar.update(p.bytesDone, p.bytesTotal, { count: p.records, detail: `${p.records} records` }),
        });
      } catch (error) {
        if (error instanceof IngestError) throw new UserError(error.message, error.code);
        throw error;
      } finally {
        bar.stop();
        await store.close();
      }
      const unrecognised = summary.files.filter((f) => f.skipped);
      if (options.json) printJson(summary);
      else process.stdout.write(formatSummary(summary));
      if (unrecognised.length > 0 && unrecognised.length === summary.files.length) {
        throw new UserError(`could not tell the format of ${unrecognised.map((f) => f.source).join(', ')}: use --format (one of ${FORMATS.join(', ')})`);
      }
      if (summary.deadLetters > 0) process.exitCode = EXIT.partial;
    });
}

export function formatSummary(s: IngestSummary): string {
  const lines = [
    `records      ${s.records}  (${(s.bytes / 1e6).toFixed(1)} MB in ${(s.elapsedMs / 1000).toFixed(1)} s, ${Math.round(s.records / Math.max(s.elapsedMs / 1000, 1e-3))} records/s)`,
    `posts        ${s.posts} new, ${s.edits} edits, ${s.deletions} deletions`,
    `accounts     ${s.accounts} new, ${s.accountUpdates} updated, ${s.accountEvents} status/handle events`,
    `relations    ${s.relations}`,
    `duplicates   ${s.duplicates}`,
    `dead letters ${s.deadLetters}${Object.keys(s.deadLettersByReason).length ? '  ' + Object.entries(s.deadLettersByReason).map(([r, n]) => `${r}: ${n}`).join(', ') : ''}`,
  ];
  if (Object.keys(s.skipped).length > 0) lines.push(`skipped      ${Object.entries(s.skipped).map(([w, n]) => `${w}: ${n}`).join(', ')}`);
  for (const f of s.files) {
    const note = f.skipped ? `not read: ${f.skipped}` : `${f.format}, ${f.records} records, ${f.deadLetters} dead letters${f.resumedFrom ? `, resumed at line ${f.resumedFrom.line}` : ''}`;
    lines.push(`  ${f.source}: ${note}`);
  }
  return lines.join('\n') + '\n';
}
