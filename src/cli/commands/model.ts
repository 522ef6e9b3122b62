import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import {
  crossValidate,
  DatasetError,
  DEFAULT_TRAIN_OPTIONS,
  evaluate,
  formatFromPath,
  formatMetrics,
  loadClassifier,
  parseDataset,
  train,
  trainOptions,
  type Classifier,
  type DataFormat,
  type Dataset,
  type TrainOptions,
} from '../../detectors/classify/index.js';
import { UserError } from '../exit.js';
import { parsePositiveInt, printJson } from '../options.js';
import { progressBar } from '../progress.js';
import { registerRegistryCommands } from './model-registry.js';

interface DataFlags {
  data: string;
  format?: DataFormat;
  textCol: string;
  labelCol: string;
  groupCol?: string;
  header?: boolean;
  newlineToken: string;
}

interface TrainFlags {
  C?: number;
  classWeight?: number;
  minDf?: number;
  hashBits?: number;
  charMin?: number;
  charMax?: number;
  charAcross?: number;
  wordNgrams?: number;
  seed?: number;
  calibration?: number;
  positive?: string;
}

const number = (name: string) => (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UserError(`${name} must be a number, got "${value}"`);
  return n;
};

function dataOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--data <file>', 'labelled data: .csv, .tsv or .jsonl')
    .option('--format <format>', 'csv | tsv | jsonl (default: from the file name)')
    .requiredOption('--text-col <col>', 'text column: a header name, JSON key or 0-based index')
    .requiredOption('--label-col <col>', 'label column: name or 0-based index')
    .option('--group-col <col>', 'group column (author, account): groups never straddle train and test')
    .option('--header', 'the first row names the columns (default when a column is given by name)')
    .option('--no-header', 'the first row is data')
    .option('--newline-token <s>', 'escape that stands for a newline inside a text', '<LF>');
}

function trainFlags(cmd: Command): Command {
  const d = DEFAULT_TRAIN_OPTIONS;
  return cmd
    .option('--C <n>', `inverse regularisation strength (default ${d.C})`, number('--C'))
    .option('--class-weight <p>', `class weight exponent: 1 balanced, 0 none (default ${d.classWeight})`, number('--class-weight'))
    .option('--min-df <n>', `keep n-grams seen in at least n texts (default ${d.minDf})`, parsePositiveInt('--min-df'))
    .option('--hash-bits <n>', `log2 of the hash buckets (default ${d.features.hashBits})`, parsePositiveInt('--hash-bits'))
    .option('--char-min <n>', `shortest character n-gram (default ${d.features.charMin})`, parsePositiveInt('--char-min'))
    .option('--char-max <n>', `longest character n-gram, 0 for none (default ${d.features.charMax})`, number('--char-max'))
    .option('--char-across <n>', `longest character n-gram crossing a word boundary, 0 for none (default ${d.features.charAcross})`, number('--char-across'))
    .option('--word-ngrams <n>', `0, 1, 2 or 3 (default ${d.features.wordNgrams})`, number('--word-ngrams'))
    .option('--seed <n>', `seed for splits and the solver (default ${d.seed})`, number('--seed'))
    .option('--calibration <f>', `share held out for Platt calibration, 0 for none (default ${d.calibrationFraction})`, number('--calibration'))
    .option('--positive <label>', 'binary tasks: the class whose probability is the score (default: the rarer)');
}

function options(f: TrainFlags): TrainOptions {
  try {
    return trainOptions({
      C: f.C,
      classWeight: f.classWeight,
      minDf: f.minDf,
      seed: f.seed,
      calibrationFraction: f.calibration,
      positive: f.positive,
      features: { hashBits: f.hashBits, charMin: f.charMin, charMax: f.charMax, charAcross: f.charAcross, wordNgrams: f.wordNgrams },
    });
  } catch (error) {
    throw new UserError(`bad training option: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function load(f: DataFlags): { dataset: Dataset; bytes: Buffer } {
  const format = f.format ?? formatFromPath(f.data);
  if (!format || !['csv', 'tsv', 'jsonl'].includes(format)) throw new UserError(`cannot tell the format of ${f.data}: pass --format csv|tsv|jsonl`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(f.data);
  } catch (error) {
    throw new UserError(`cannot read ${f.data}: ${(error as Error).message}`);
  }
  try {
    const dataset = parseDataset(bytes.toString('utf8'), {
      format,
      textCol: f.textCol,
      labelCol: f.labelCol,
      ...(f.groupCol !== undefined ? { groupCol: f.groupCol } : {}),
      ...(f.header !== undefined ? { header: f.header } : {}),
      newlineToken: f.newlineToken,
    });
    if (!dataset.examples.length) throw new UserError(`${f.data}: no usable examples`);
    return { dataset, bytes };
  } catch (error) {
    if (error instanceof DatasetError) throw new UserError(`${f.data}: ${error.message}`);
    throw error;
  }
}

function readModel(path: string): Classifier {
  try {
    return loadClassifier(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    throw new UserError(`cannot load model ${path}: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`);
  }
}

const summary = (d: Dataset): string => {
  const r = d.report;
  return `${r.used} examples of ${r.rows} rows (${Object.entries(r.classCounts).map(([l, n]) => `${l} ${n}`).join(', ')}); ${r.emptyText} empty, ${r.missingLabel} without label, ${r.duplicates} duplicates (${r.conflictingDuplicates} with another label)${r.groups !== undefined ? `, ${r.groups} groups` : ''}`;
};

const EXAMPLES = `
Examples:
  marsad model train --data test/fixtures/classify/osact4-train.tsv --text-col 0 --label-col 1 --out off.json
  marsad model eval --model off.json --data test/fixtures/classify/osact4-dev.tsv --text-col 0 --label-col 1
  marsad model cv --data posts.csv --text-col text --label-col label --group-col author --folds 5 --json
  echo 'some post' | marsad model predict --model off.json -`;

export function register(program: Command): void {
  const model = program
    .command('model')
    .description('train, evaluate and apply a text classifier (hashed n-grams + logistic regression)')
    .addHelpText('after', EXAMPLES);

  trainFlags(dataOptions(model.command('train').description('train a model on labelled data and write the model file')))
    .requiredOption('--out <file>', 'model file to write (JSON)')
    .option('--json', 'print the training summary as one JSON object')
    .addHelpText('after', `
The model file records the labels, options, the data's sha256 and size, the metrics on a held-out
share (--calibration, used to calibrate probabilities), and the weights.
${EXAMPLES}`)
    .action((f: DataFlags & TrainFlags & { out: string; json?: boolean }) => {
      const o = options(f);
      const { dataset, bytes } = load(f);
      let result;
      try {
        result = train(dataset.examples, o, {
          sha256: createHash('sha256').update(bytes).digest('hex'),
          bytes: bytes.length,
          source: basename(f.data),
          report: { ...dataset.report },
        });
      } catch (error) {
        if (error instanceof RangeError) throw new UserError(error.message);
        throw error;
      }
      const text = JSON.stringify(result.model);
      writeFileSync(f.out, text);
      const out = { out: f.out, bytes: Buffer.byteLength(text), data: dataset.report, seconds: result.model.training.seconds, metrics: result.model.metrics };
      if (f.json) return printJson(out);
      process.stdout.write(`data     ${summary(dataset)}\n`);
      if (result.holdout) process.stdout.write(`\nheld-out ${o.calibrationFraction * 100}% (model trained on the rest):\n${formatMetrics(result.holdout)}`);
      process.stdout.write(`\nwrote ${f.out} (${(out.bytes / 1e6).toFixed(2)} MB) in ${out.seconds?.toFixed(1)} s\n`);
    });

  dataOptions(model.command('eval').description('score a model on labelled data'))
    .requiredOption('--model <file>', 'model file')
    .option('--json', 'print one JSON object (macroF1, accuracy, auc, prAuc, perClass, confusion…)')
    .addHelpText('after', EXAMPLES)
    .action((f: DataFlags & { model: string; json?: boolean }) => {
      const classifier = readModel(f.model);
      const { dataset } = load(f);
      const index = new Map(classifier.labels.map((l, i) => [l, i]));
      const known = dataset.examples.filter((e) => index.has(e.label));
      const unknownLabels = dataset.examples.length - known.length;
      if (!known.length) throw new UserError(`no example has one of the model's labels (${classifier.labels.join(', ')})`);
      const results = known.map((e) => classifier.classify(e.text));
      const positive = classifier.model.positive !== undefined ? index.get(classifier.model.positive) : undefined;
      const m = evaluate([...classifier.labels], known.map((e) => index.get(e.label)!), results.map((r) => r.label), results.map((r) => r.probabilities), positive);
      if (f.json) return printJson({ ...m, unknownLabels, data: dataset.report });
      process.stdout.write(`data     ${summary(dataset)}${unknownLabels ? `; ${unknownLabels} with labels the model does not know (skipped)` : ''}\n\n${formatMetrics(m)}`);
    });

  trainFlags(dataOptions(model.command('cv').description('k-fold cross-validation (grouped by --group-col, else by identical text)')))
    .option('--folds <k>', 'number of folds', parsePositiveInt('--folds'), 5)
    .option('--json', 'print one JSON object (meanMacroF1, sdMacroF1, pooled metrics, folds)')
    .addHelpText('after', EXAMPLES)
    .action((f: DataFlags & TrainFlags & { folds: number; json?: boolean }) => {
      const o = options(f);
      const { dataset } = load(f);
      if (f.folds < 2) throw new UserError('--folds must be at least 2');
      const bar = progressBar('cv', 'folds', !f.json && process.stderr.isTTY === true);
      let r;
      try {
        r = crossValidate(dataset.examples, o, f.folds, (done) => bar.update(done + 1, f.folds));
      } catch (error) {
        if (error instanceof RangeError) throw new UserError(error.message);
        throw error;
      } finally {
        bar.stop();
      }
      if (f.json) return printJson({ ...r, macroF1: r.meanMacroF1, data: dataset.report });
      process.stdout.write(
        `data     ${summary(dataset)}\n${f.folds} folds${r.grouped ? ' grouped by ' + f.groupCol : ' (identical texts kept together)'}: ` +
          `macro-F1 ${r.meanMacroF1.toFixed(4)} ± ${r.sdMacroF1.toFixed(4)} (${r.folds.map((m) => m.macroF1.toFixed(3)).join(' ')}) in ${r.seconds.toFixed(1)} s\n\n` +
          `pooled out-of-fold predictions:\n${formatMetrics(r.pooled)}`,
      );
    });

  model
    .command('predict')
    .description('classify texts, one per input line; prints one JSON line each: label, probability, explanation')
    .requiredOption('--model <file>', 'model file')
    .argument('[input]', 'file of texts, one per line, or - for standard input', '-')
    .option('--explain <n>', 'number of top features to explain each prediction with (0: none)', number('--explain'), 5)
    .option('--newline-token <s>', 'escape that stands for a newline inside a text', '<LF>')
    .addHelpText('after', `
Each output line: {"label","probability","probabilities","score"?,"explanation":[{"ngrams":[{"kind","text"}],"contribution"}]}.
"score" (binary models) is the calibrated probability of the positive class.
${EXAMPLES}`)
    .action(async (input: string, f: { model: string; explain: number; newlineToken: string }) => {
      const classifier = readModel(f.model);
      if (input !== '-' && !existsSync(input)) throw new UserError(`cannot read ${input}: no such file`);
      const stream = input === '-' ? process.stdin : createReadStream(input);
      const lines = createInterface({ input: stream, crlfDelay: Infinity });
      const out: string[] = [];
      for await (const line of lines) {
        const text = f.newlineToken ? line.replaceAll(f.newlineToken, '\n') : line;
        out.push(JSON.stringify(classifier.predict(text, { explain: Math.max(0, Math.floor(f.explain)) })));
        if (out.length >= 1000) process.stdout.write(out.splice(0).join('\n') + '\n');
      }
      if (out.length) process.stdout.write(out.join('\n') + '\n');
    });

  registerRegistryCommands(model);
}
