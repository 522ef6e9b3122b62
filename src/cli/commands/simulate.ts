import type { Command } from 'commander';
import { UserError } from '../exit.js';
import { parsePositiveInt, printJson } from '../options.js';
import { progressBar } from '../progress.js';
import { DEFAULT_OPTIONS, SIM_FORMATS, simulate, type SimFormat } from '../../simulate/index.js';

interface SimulateFlags {
  out: string;
  accounts: number;
  days: number;
  seed: string;
  format: string;
  images?: boolean;
  start?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('simulate')
    .description('write a synthetic social network with a propaganda network in it, and its ground truth')
    .requiredOption('--out <dir>', 'output folder (created if missing)')
    .option('--accounts <n>', 'accounts at the start', parsePositiveInt('--accounts'), DEFAULT_OPTIONS.accounts)
    .option('--days <n>', 'simulated days', parsePositiveInt('--days'), DEFAULT_OPTIONS.days)
    .option('--seed <s>', 'random seed: the same seed writes the same bytes', DEFAULT_OPTIONS.seed)
    .option('--format <f>', `platform format: ${SIM_FORMATS.join(', ')}`, DEFAULT_OPTIONS.format)
    .option('--images', 'render release images, their edited copies, avatars and photos into <out>/media')
    .option('--start <date>', 'first simulated instant (ISO date, UTC)', new Date(DEFAULT_OPTIONS.start).toISOString().slice(0, 10))
    .option('--json', 'print the summary as one JSON object')
    .addHelpText(
      'after',
      `
Writes, in <out>:
  tweets.jsonl + compliance.jsonl   (x-v2: twarc2 pages; suspensions as X batch-compliance results)
  jetstream.jsonl                   (jetstream: commits, identity and account events)
  mastodon.jsonl                    (mastodon: streaming "update" events)
  tweets.csv + compliance.jsonl     (csv: X information-operations archive columns)
  truth.json, truth-posts.tsv       ground truth: campaigns, releases, re-entries, bot batches; per-post labels
  labels.tsv                        text, label (propaganda|benign), account: for the classifier

The network belongs to an invented, harmless organisation (the "Order of the Grey Lantern").

Examples:
  marsad simulate --out world
  marsad simulate --out big --accounts 100000 --days 30 --seed 7
  marsad simulate --out bsky --format jetstream --images --json`,
    )
    .action(async (flags: SimulateFlags) => {
      if (!(SIM_FORMATS as readonly string[]).includes(flags.format)) {
        throw new UserError(`--format must be one of ${SIM_FORMATS.join(', ')}, got "${flags.format}"`);
      }
      const start = Date.parse(flags.start ?? '');
      if (Number.isNaN(start)) throw new UserError(`--start must be a date such as 2026-01-05, got "${flags.start}"`);
      const bar = progressBar('simulate', 'posts', !flags.json && process.stderr.isTTY === true);
      const started = performance.now();
      const truth = await simulate(
        flags.out,
        { accounts: flags.accounts, days: flags.days, seed: flags.seed, format: flags.format as SimFormat, images: flags.images === true, start },
        (p) => bar.update(Math.round(p.done * 1000), 1000, { count: p.posts, detail: `${p.posts} posts` }),
      );
      bar.stop();
      const seconds = (performance.now() - started) / 1000;
      const summary = {
        out: flags.out,
        format: truth.format,
        accounts: truth.accounts,
        posts: truth.stats.posts,
        campaigns: truth.campaigns.length,
        releases: truth.releases.length,
        suspensions: truth.suspensions.length,
        reentries: truth.reentries.length,
        botBatches: truth.botBatches.length,
        images: truth.images.length,
        files: Object.keys(truth.files),
        seconds: Math.round(seconds * 100) / 100,
      };
      if (flags.json) printJson(summary);
      else {
        process.stdout.write(
          `${summary.posts} posts by ${summary.accounts} accounts in ${summary.seconds} s → ${flags.out}\n` +
            `${summary.campaigns} campaigns (${summary.releases} releases), ${summary.suspensions} suspensions, ` +
            `${summary.reentries} re-entries, ${summary.botBatches} bot batches, ${summary.images} images\n` +
            `files: ${summary.files.join(', ')}, truth.json\n`,
        );
      }
    });
}
