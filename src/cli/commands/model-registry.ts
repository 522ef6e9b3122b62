/**
 * `marsad model register | list | activate | retire | score | retrain`: the model registry of a store,
 * scoring its posts, and retraining from review decisions (see pipeline/classify.ts).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { DatasetError, type DataFormat } from '../../detectors/classify/index.js';
import {
  classifyStore, DEFAULT_TASK, registerModelFile, retrainFromReviews, type DataSpec,
} from '../../pipeline/classify.js';
import { DEFAULT_DB, type Store } from '../../store/db.js';
import { activateModel, listModels, ModelRegistryError, retireModel, type ModelSummary } from '../../store/models.js';
import { UserError } from '../exit.js';
import { parsePositiveInt, printJson } from '../options.js';
import { progressBar } from '../progress.js';
import { withStore } from './store-option.js';

const EXAMPLES = `
Examples:
  marsad model train --data labels.tsv --text-col text --label-col label --group-col account --out v1.json
  marsad model register v1.json --task propaganda --data labels.tsv --text-col text --label-col label
  marsad model score --task propaganda            scores every post: classify / classify.shadow signals
  marsad cases …                                  reviewers decide, with labels
  marsad model retrain --task propaganda --shadow  learns from the decisions; compare, then:
  marsad model activate propaganda 2
  marsad model list --json`;

/** Registry and data errors are the user's to fix: a message and exit code 2. */
function modelError(error: unknown): UserError | undefined {
  if (error instanceof ModelRegistryError) return new UserError(error.message, error.code);
  if (error instanceof DatasetError || error instanceof RangeError) return new UserError(error.message);
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new UserError((error as Error).message);
  return undefined;
}

/** The store for a model command, with its errors translated. */
const withModelStore = <T>(db: string, fn: (store: Store) => Promise<T>, create = false): Promise<T> =>
  withStore(db, fn, { create, userError: modelError });

interface DataFlags {
  data?: string;
  textCol?: string;
  labelCol?: string;
  groupCol?: string;
  format?: DataFormat;
}

function dataFlags(cmd: Command, what: string): Command {
  return cmd
    .option('--data <file>', what)
    .option('--text-col <col>', 'text column of --data (name or 0-based index)')
    .option('--label-col <col>', 'label column of --data')
    .option('--group-col <col>', 'group column of --data (author, account)')
    .option('--format <format>', 'csv | tsv | jsonl (default: from the file name)');
}

function dataSpec(f: DataFlags): DataSpec | undefined {
  if (f.data === undefined) return undefined;
  if (f.textCol === undefined || f.labelCol === undefined) throw new UserError('--data needs --text-col and --label-col');
  return { path: f.data, textCol: f.textCol, labelCol: f.labelCol, ...(f.groupCol !== undefined ? { groupCol: f.groupCol } : {}), ...(f.format ? { format: f.format } : {}) };
}

const version = (value: string): number => parsePositiveInt('version')(value);

const line = (m: ModelSummary): string => {
  const holdout = m.metrics.holdout as { macroF1?: number } | undefined;
  const f1 = typeof holdout?.macroF1 === 'number' ? `held-out macro-F1 ${holdout.macroF1.toFixed(3)}` : '';
  const reviews = typeof m.training.reviewLabels === 'number' ? `, ${m.training.reviewLabels} review labels` : '';
  return `${m.task.padEnd(16)} v${String(m.version).padEnd(4)} ${m.status.padEnd(8)} ${new Date(m.createdAt).toISOString()}  ${m.training.examples ?? '?'} examples${reviews}  ${f1}`;
};

export function registerRegistryCommands(model: Command): void {
  dataFlags(model.command('register').description('add a model file to the store\'s registry (as the active model of its task, or a shadow)'), 'the data it was trained on, recorded for `model retrain`')
    .argument('<model>', 'model file written by `marsad model train`')
    .option('--task <task>', 'task the model serves', DEFAULT_TASK)
    .option('--shadow', 'score it alongside the active model without acting on it')
    .option('--db <file>', 'SQLite store (created if missing)', DEFAULT_DB)
    .option('--json', 'print the registered version as JSON')
    .addHelpText('after', EXAMPLES)
    .action(async (file: string, f: DataFlags & { task: string; shadow?: boolean; db: string; json?: boolean }) => {
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        throw new UserError(`cannot read model ${file}: ${(error as Error).message}`);
      }
      const data = dataSpec(f);
      const m = await withModelStore(f.db, async (s) => {
        try {
          return await registerModelFile(s, f.task, json, { as: f.shadow ? 'shadow' : 'active', ...(data ? { data } : {}) });
        } catch (error) {
          if (error instanceof ModelRegistryError) throw error;
          throw new UserError(`${file} is not a model file: ${(error as Error).message.slice(0, 300)}`);
        }
      }, true);
      if (f.json) return printJson(m);
      process.stdout.write(`registered ${m.task} v${m.version} as ${m.status}\n`);
    });

  model
    .command('list')
    .description('models in the registry, per task and version')
    .option('--task <task>', 'only this task')
    .option('--db <file>', 'SQLite store', DEFAULT_DB)
    .option('--json', 'print a JSON array')
    .addHelpText('after', EXAMPLES)
    .action(async (f: { task?: string; db: string; json?: boolean }) => {
      const models = await withModelStore(f.db, (s) => listModels(s.db, f.task !== undefined ? { task: f.task } : {}));
      if (f.json) return printJson(models);
      process.stdout.write(models.length ? models.map(line).join('\n') + '\n' : 'no models (add one with `marsad model register`)\n');
    });

  for (const [name, description, fn] of [
    ['activate', 'make a version the active model of its task (the previous active one is retired)', activateModel],
    ['retire', 'retire a version (retiring the active one leaves the task unscored)', retireModel],
  ] as const) {
    model
      .command(name)
      .description(description)
      .argument('<task>', 'task')
      .argument('<version>', 'version number', version)
      .option('--db <file>', 'SQLite store', DEFAULT_DB)
      .option('--json', 'print the model summary as JSON')
      .addHelpText('after', EXAMPLES)
      .action(async (task: string, v: number, f: { db: string; json?: boolean }) => {
        const m = await withModelStore(f.db, (s) => fn(s.db, task, v));
        if (f.json) return printJson(m);
        process.stdout.write(`${m.task} v${m.version} is ${m.status}\n`);
      });
  }

  model
    .command('score')
    .description('score every post with the task\'s active model (classify signals) and its shadows (classify.shadow)')
    .option('--task <task>', 'task', DEFAULT_TASK)
    .option('--target <label>', 'label whose probability is the score (default: propaganda, else the model\'s positive label)')
    .option('--db <file>', 'SQLite store', DEFAULT_DB)
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', `
Replaces the task's earlier classify signals, so running it again is safe.
${EXAMPLES}`)
    .action(async (f: { task: string; target?: string; db: string; json?: boolean }) => {
      const bar = progressBar('classify', 'posts', !f.json && process.stderr.isTTY === true);
      const r = await withModelStore(f.db, (s) =>
        classifyStore(s, { task: f.task, ...(f.target !== undefined ? { target: f.target } : {}), onProgress: (d, t) => bar.update(d, t) }),
      ).finally(() => bar.stop());
      if (f.json) return printJson(r);
      process.stdout.write(
        `${r.task} v${r.activeVersion}${r.shadowVersions.length ? ` (shadows v${r.shadowVersions.join(', v')})` : ''}: ${r.posts} posts, ` +
          `${r.signals} classify signals, ${r.shadowSignals} shadow signals, ${r.textsScored} texts scored (${r.reposts} reposts) in ${(r.elapsedMs / 1000).toFixed(1)} s\n`,
      );
    });

  dataFlags(model.command('retrain').description('train the next version of a task from base data plus the reviewers\' labels'), 'base training data (default: the file recorded with the active model, if it still exists)')
    .option('--task <task>', 'task', DEFAULT_TASK)
    .option('--shadow', 'register the new version as a shadow instead of activating it')
    .option('--review-weight <n>', 'copies of each review label in the training set', parsePositiveInt('--review-weight'), 3)
    .option('--db <file>', 'SQLite store', DEFAULT_DB)
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', `
Review labels: the latest labelled decision per post (a repost counts with its original's text). A
review label replaces a base example with the same text; labels the task does not know are left out.
Without base data the model learns from the review labels alone. Training options are the active
model's own.
${EXAMPLES}`)
    .action(async (f: DataFlags & { task: string; shadow?: boolean; reviewWeight: number; db: string; json?: boolean }) => {
      const baseData = dataSpec(f);
      const r = await withModelStore(f.db, (s) =>
        retrainFromReviews(s, { task: f.task, as: f.shadow ? 'shadow' : 'active', reviewWeight: f.reviewWeight, ...(baseData ? { baseData } : {}) }),
      );
      if (f.json) return printJson(r);
      for (const note of r.notes) process.stderr.write(`note: ${note}\n`);
      process.stdout.write(
        `${r.model.task} v${r.model.version} (${r.model.status}): ${r.baseExamples} base examples, ${r.reviewLabels} review labels ×${f.reviewWeight}` +
          ` (${r.overridden} base examples overridden, ${r.ignoredReviewLabels} labels of other tasks left out)\n`,
      );
    });
}
