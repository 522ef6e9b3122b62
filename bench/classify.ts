/**
 * Classifier bench: training time on OSACT4's 7,000 tweets and on 100,000 (the same tweets repeated
 * with light perturbation), prediction throughput on one core, model size, and OSACT4 dev quality —
 * each against a baseline measured in the same run (featurisation alone; a majority-class model).
 *
 *   npx tsx bench/classify.ts          # full run
 *   npx tsx bench/classify.ts --quick  # 20,000 instead of 100,000 texts, fewer predictions
 */
import type { BenchRow } from './types.js';
import { readFileSync } from 'node:fs';
import { repoRoot } from './paths.js';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { loadClassifier } from '../src/detectors/classify/classifier.js';
import { parseDataset, type Example } from '../src/detectors/classify/dataset.js';
import { Featurizer } from '../src/detectors/classify/features.js';
import { countTexts } from '../src/detectors/classify/matrix.js';
import { evaluate } from '../src/detectors/classify/metrics.js';
import { DEFAULT_TRAIN_OPTIONS, trainOptions } from '../src/detectors/classify/options.js';
import { rng } from '../src/detectors/classify/random.js';
import { train } from '../src/detectors/classify/train.js';


const root = repoRoot;
const osact = (split: 'train' | 'dev', labelCol: '1' | '2'): Example[] =>
  parseDataset(readFileSync(resolve(root, `test/fixtures/classify/osact4-${split}.tsv`), 'utf8'), { format: 'tsv', textCol: '0', labelCol }).examples;

const seconds = (fn: () => void): number => {
  const t = performance.now();
  fn();
  return (performance.now() - t) / 1000;
};

/** CPU seconds of this process (user + system) while `fn` runs: steadier than wall time on a shared machine. */
const cpuSeconds = (fn: () => void): number => {
  const c = process.cpuUsage();
  fn();
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1e6;
};

/** `n` texts: the originals, then copies with a swapped word pair, a changed letter, an added emoji or tag. */
function perturbed(examples: readonly Example[], n: number, seed: number): Example[] {
  const random = rng(seed);
  const extras = ['😂', '🔥', '👏', '#عاجل', '#الرياض', '!!', '😡', '💔'];
  const letters = 'ابتثجحخدذرزسشصضطظعغفقكلمنهوي';
  const out: Example[] = [...examples];
  while (out.length < n) {
    const e = examples[out.length % examples.length]!;
    const words = e.text.split(' ');
    const w = Math.floor(random() * words.length);
    if (words.length > 2 && random() < 0.5) [words[w], words[(w + 1) % words.length]] = [words[(w + 1) % words.length]!, words[w]!];
    const word = words[w]!;
    if (word.length > 2) {
      const at = Math.floor(random() * word.length);
      words[w] = word.slice(0, at) + letters[Math.floor(random() * letters.length)] + word.slice(at + 1);
    }
    words.push(extras[Math.floor(random() * extras.length)]!);
    out.push({ ...e, text: words.join(' ') });
  }
  return out;
}

export async function run(opts: { quick: boolean }): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const trainOff = osact('train', '1');
  const o = trainOptions();

  // Training, 7,000 texts; baseline: featurising them (the floor any training pays).
  const featurise7k = seconds(() => countTexts(trainOff.map((e) => e.text), o.features));
  let model = train(trainOff, o).model; // warm-up run: JIT, normaliser tables
  let train7k = 0;
  const cpu7k = cpuSeconds(() => (train7k = seconds(() => (model = train(trainOff, o).model))));
  rows.push({
    area: 'classify',
    name: 'train 7,000 OSACT4 texts (incl. calibration hold-out model)',
    value: train7k,
    unit: 's',
    baseline: { name: 'featurise the same texts', value: featurise7k },
    ratio: train7k / featurise7k,
    note: `target <= 3 s; CPU ${cpu7k.toFixed(2)} s; phases ${JSON.stringify(model.metrics.seconds, (_, v: unknown) => (typeof v === 'number' ? +v.toFixed(2) : v))}`,
  });

  // Training at scale.
  const big = perturbed(trainOff, opts.quick ? 20_000 : 100_000, 11);
  const featuriseBig = seconds(() => countTexts(big.map((e) => e.text), o.features));
  let bigModel = model;
  let trainBig = 0;
  const cpuBig = cpuSeconds(() => (trainBig = seconds(() => (bigModel = train(big, o).model))));
  rows.push({
    area: 'classify',
    name: `train ${big.length.toLocaleString('en')} texts (OSACT4, perturbed copies)`,
    value: trainBig,
    unit: 's',
    baseline: { name: 'featurise the same texts', value: featuriseBig },
    ratio: trainBig / featuriseBig,
    note: `${opts.quick ? '' : 'target <= 30 s; '}CPU ${cpuBig.toFixed(2)} s; phases ${JSON.stringify(bigModel.metrics.seconds, (_, v: unknown) => (typeof v === 'number' ? +v.toFixed(2) : v))}; solver ${JSON.stringify(bigModel.metrics.solver)}`,
  });

  // Prediction throughput, one core; baseline: featurisation alone.
  const classifier = loadClassifier(model);
  const devOff = osact('dev', '1');
  const texts = devOff.map((e) => e.text);
  const reps = opts.quick ? 10 : 60;
  // Warm up for 0.3 CPU-seconds: process CPU time also counts the JIT compiler's threads, which would
  // otherwise be charged to whichever model is measured first.
  const warm = (c: { classify(text: string): unknown }) => {
    const until = process.cpuUsage().user / 1e6 + 0.3;
    while (process.cpuUsage().user / 1e6 < until) for (const t of texts) c.classify(t);
  };
  warm(classifier);
  // "One core": throughput per CPU second (time this process actually ran); wall time in the note,
  // since on a shared machine it also counts time spent waiting for a core.
  let predictWall = 0;
  const predictCpu = cpuSeconds(() => {
    predictWall = seconds(() => {
      for (let r = 0; r < reps; r++) for (const t of texts) classifier.classify(t);
    });
  });
  const featurizer = new Featurizer(o.features);
  const featureCpu = cpuSeconds(() => {
    for (let r = 0; r < reps; r++) for (const t of texts) featurizer.count(t);
  });
  const n = reps * texts.length;
  // The same measurement for the previous defaults (within-word n-grams only): the price of charAcross.
  const withinOnly = loadClassifier(train(trainOff, trainOptions({ features: { charAcross: 0 }, C: 20 })).model);
  warm(withinOnly);
  const withinCpu = cpuSeconds(() => {
    for (let r = 0; r < reps; r++) for (const t of texts) withinOnly.classify(t);
  });
  rows.push({
    area: 'classify',
    name: 'predict (OSACT4 dev tweets, per CPU second)',
    value: Math.round(n / predictCpu),
    unit: 'posts/s',
    baseline: { name: 'featurise only', value: Math.round(n / featureCpu) },
    ratio: featureCpu / predictCpu,
    note: `target >= 50,000 posts/s; wall ${Math.round(n / predictWall)} posts/s; without n-grams across words (charAcross 0) ${Math.round(n / withinCpu)} posts/s`,
  });
  const explainS = seconds(() => {
    for (const t of texts) classifier.predict(t, { explain: 5 });
  });
  rows.push({ area: 'classify', name: 'predict with 5-feature explanation', value: Math.round(texts.length / explainS), unit: 'posts/s' });

  // Model size against the data it was trained on.
  const bytes = Buffer.byteLength(JSON.stringify(model));
  rows.push({
    area: 'classify',
    name: 'model file (7,000 texts)',
    value: bytes / 1e6,
    unit: 'MB',
    baseline: { name: 'training TSV', value: readFileSync(resolve(root, 'test/fixtures/classify/osact4-train.tsv')).length / 1e6 },
    ratio: bytes / readFileSync(resolve(root, 'test/fixtures/classify/osact4-train.tsv')).length,
    note: `${model.weights.columns.toLocaleString('en')} columns`,
  });

  // Quality, train → dev, against always predicting the majority class.
  for (const [task, col] of [['OFF', '1'], ['HS', '2']] as const) {
    const c = task === 'OFF' ? classifier : loadClassifier(train(osact('train', col), o).model);
    const dev = task === 'OFF' ? devOff : osact('dev', col);
    const index = new Map(c.labels.map((l, i) => [l, i]));
    const results = dev.map((e) => c.classify(e.text));
    const truth = dev.map((e) => index.get(e.label)!);
    const positive = index.get(c.model.positive!)!;
    const m = evaluate([...c.labels], truth, results.map((r) => r.label), results.map((r) => r.probabilities), positive);
    const majority = evaluate([...c.labels], truth, truth.map(() => 1 - positive), truth.map(() => [0.5, 0.5]), positive);
    rows.push({
      area: 'classify',
      name: `OSACT4 ${task} dev macro-F1`,
      value: m.macroF1,
      unit: 'F1',
      baseline: { name: 'majority class', value: majority.macroF1 },
      ratio: m.macroF1 / majority.macroF1,
      note: `accuracy ${m.accuracy.toFixed(4)}, ROC AUC ${m.auc!.toFixed(4)}, PR AUC ${m.prAuc!.toFixed(4)}`,
    });
  }
  return rows;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rows = await run({ quick: process.argv.includes('--quick') });
  for (const r of rows) {
    const base = r.baseline ? `  | ${r.baseline.name}: ${+r.baseline.value.toFixed(4)} (ratio ${r.ratio!.toFixed(2)})` : '';
    console.log(`${r.name.padEnd(62)} ${String(+r.value.toFixed(4)).padStart(10)} ${r.unit}${base}${r.note ? `  — ${r.note}` : ''}`);
  }
  console.log(`options: ${JSON.stringify(DEFAULT_TRAIN_OPTIONS)}`);
}
