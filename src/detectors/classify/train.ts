/**
 * Training: examples → a model file. Featurises every text once; then
 *  1. holds out `calibrationFraction` of the data (stratified, whole groups — an author or copies of a
 *     text never straddle the split), trains on the rest, scores the hold-out: those scores fit Platt
 *     scaling and give the held-out metrics stored in the model file;
 *  2. trains the final model on all the data, warm-started from the first, and applies that
 *     calibration to its scores — an approximation (the calibrated model saw 80% of the data; λ scales
 *     with 1/n, so both models' margins are alike), which saves training k models for cross-fitting.
 */
import type { Example } from './dataset.js';
import { splitFold, stratifiedGroupFolds } from './folds.js';
import { countTexts, fitColumns, toMatrix, type Columns, type Counts } from './matrix.js';
import { evaluate, type Metrics } from './metrics.js';
import { applyPlatt, fitPlatt, type Platt } from './calibrate.js';
import { encodeWeights, MODEL_FORMAT, MODEL_VERSION, type ModelFile, type TrainingInfo } from './modelfile.js';
import { normalizeForMatching } from '../../text/normalize.js';
import { rowScores, trainSag, type LinearModel } from './sag.js';
import type { TrainOptions } from './options.js';
import type { Json } from '../../model/signal.js';

export interface Task {
  labels: string[];
  /** Binary tasks: index of the positive class (score = its probability). */
  positive?: number;
  /** Class index per example. */
  y: Int32Array;
}

/** Label order (given, else sorted) and, for two classes, the positive one (given, else the rarer). */
export function taskOf(examples: readonly Example[], options: TrainOptions, labels?: string[]): Task {
  const counts = new Map<string, number>();
  for (const e of examples) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
  const order = labels ?? [...counts.keys()].sort();
  if (order.length < 2) throw new RangeError(`need at least two labels, found ${order.length}`);
  const index = new Map(order.map((l, i) => [l, i]));
  const y = Int32Array.from(examples, (e) => {
    const c = index.get(e.label);
    if (c === undefined) throw new RangeError(`unknown label "${e.label}"`);
    return c;
  });
  if (order.length !== 2) return { labels: order, y };
  const positive = options.positive !== undefined ? order.indexOf(options.positive) : (counts.get(order[1]!) ?? 0) <= (counts.get(order[0]!) ?? 0) ? 1 : 0;
  if (positive < 0) throw new RangeError(`positive label "${options.positive}" is not among ${order.join(', ')}`);
  return { labels: order, positive, y };
}

/** Groups for splitting: the example's group, else its normalised text (duplicates stay together). */
export const splitGroups = (examples: readonly Example[]): string[] =>
  examples.map((e) => (e.group !== undefined ? `g:${e.group}` : `t:${normalizeForMatching(e.text)}`));

export function classWeights(y: Int32Array, classes: number, power: number): Float64Array {
  const counts = new Array<number>(classes).fill(0);
  for (const c of y) counts[c]!++;
  const per = counts.map((n) => (n ? (y.length / (classes * n)) ** power : 0));
  return Float64Array.from(y, (c) => per[c]!);
}

export interface Fitted {
  columns: Columns;
  model: LinearModel;
}

/** Binary targets are 1 for the positive class, whatever its index. */
const targets = (task: Task, rows: Int32Array): Int32Array =>
  Int32Array.from(rows, (i) => (task.positive === undefined ? task.y[i]! : task.y[i] === task.positive ? 1 : 0));

/** Trains on `rows`; `warm` (a model of a subset) starts the solver near the optimum. */
export function fitRows(counts: Counts, task: Task, rows: Int32Array, o: TrainOptions, warm?: Fitted): Fitted {
  const columns = fitColumns(counts, o.features, o.minDf, rows);
  const X = toMatrix(counts, columns, o.features, rows);
  const y = targets(task, rows);
  const model = trainSag(X, y, task.labels.length, classWeights(y, task.labels.length, o.classWeight), {
    C: o.C,
    maxEpochs: o.maxEpochs,
    tol: o.tol,
    seed: o.seed,
    ...(warm ? { init: { weights: remap(warm, columns), bias: warm.model.bias } } : {}),
  });
  return { columns, model };
}

/**
 * Like `fitRows` from a cold start, but SAG's slow first epochs run on an evenly spaced quarter of the
 * rows (recursively), and each larger fit starts from the smaller one's weights: the optimum does not
 * depend on the start, and a near start converges in 2–3 epochs where a cold one took 10–17.
 */
export function fitProgressive(counts: Counts, task: Task, rows: Int32Array, o: TrainOptions): Fitted {
  if (rows.length < 4000) return fitRows(counts, task, rows, o);
  const quarter = rows.filter((_, r) => r % 4 === 0);
  return fitRows(counts, task, rows, o, fitProgressive(counts, task, quarter, o));
}

/** `from`'s weights laid out over other columns (0 where `from` has no such bucket). */
function remap(from: Fitted, columns: Columns): Float64Array {
  const k = from.model.k;
  const out = new Float64Array(columns.buckets.length * k);
  const a = from.columns.buckets;
  const b = columns.buckets;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i]! < b[j]!) i++;
    else if (a[i]! > b[j]!) j++;
    else {
      for (let c = 0; c < k; c++) out[j * k + c] = from.model.weights[i * k + c]!;
      i++;
      j++;
    }
  }
  return out;
}

/** Raw scores of rows: the positive logit (binary) or class scores, one Float64Array per row. */
export function scoreRows(counts: Counts, fitted: Fitted, o: TrainOptions, rows: Int32Array): Float64Array[] {
  const X = toMatrix(counts, fitted.columns, o.features, rows);
  return Array.from({ length: X.rows }, (_, r) => {
    const out = new Float64Array(fitted.model.k);
    rowScores(X, r, fitted.model, out);
    return out;
  });
}

/** Decision and probabilities from raw scores; the decision is the class-weighted model's own. */
export function decide(task: Task, scores: Float64Array, calibration: Platt[] | null): { label: number; probabilities: Float64Array } {
  const K = task.labels.length;
  const probabilities = new Float64Array(K);
  if (task.positive !== undefined) {
    const p = calibration ? applyPlatt(calibration[0]!, scores[0]!) : 1 / (1 + Math.exp(-scores[0]!));
    probabilities[task.positive] = p;
    probabilities[1 - task.positive] = 1 - p;
    return { label: scores[0]! > 0 ? task.positive : 1 - task.positive, probabilities };
  }
  let best = 0;
  let sum = 0;
  const max = Math.max(...scores);
  for (let c = 0; c < K; c++) {
    if (scores[c]! > scores[best]!) best = c;
    sum += probabilities[c] = calibration ? applyPlatt(calibration[c]!, scores[c]!) : Math.exp(scores[c]! - max);
  }
  for (let c = 0; c < K; c++) probabilities[c] = sum > 0 ? probabilities[c]! / sum : 1 / K;
  return { label: best, probabilities };
}

export function fitCalibration(task: Task, scores: Float64Array[], truth: ArrayLike<number>): Platt[] {
  if (task.positive !== undefined) return [fitPlatt(scores.map((s) => s[0]!), Array.from(truth, (t) => t === task.positive))];
  return task.labels.map((_, c) => fitPlatt(scores.map((s) => s[c]!), Array.from(truth, (t) => t === c)));
}

export function metricsOf(task: Task, scores: Float64Array[], truth: ArrayLike<number>, calibration: Platt[] | null): Metrics {
  const decided = scores.map((s) => decide(task, s, calibration));
  return evaluate(task.labels, truth, decided.map((d) => d.label), decided.map((d) => d.probabilities), task.positive);
}

export interface TrainResult {
  model: ModelFile;
  holdout?: Metrics;
}

export function train(examples: readonly Example[], o: TrainOptions, info: Partial<TrainingInfo> = {}, labels?: string[]): TrainResult {
  const started = performance.now();
  const lap = (): number => {
    const now = performance.now();
    const seconds = (now - last) / 1000;
    last = now;
    return seconds;
  };
  let last = started;
  const task = taskOf(examples, o, labels);
  const counts = countTexts(examples.map((e) => e.text), o.features);
  const timings: Record<string, number> = { featurise: lap() };
  let calibration: Platt[] | null = null;
  let holdout: Metrics | undefined;
  let warm: Fitted | undefined;
  if (o.calibrationFraction > 0) {
    const folds = stratifiedGroupFolds(task.y, splitGroups(examples), Math.round(1 / o.calibrationFraction), o.seed);
    const { train: rest, test: held } = splitFold(folds, 0);
    const truth = Array.from(held, (i) => task.y[i]!);
    if (new Set(truth).size === task.labels.length) {
      timings.split = lap();
      warm = fitProgressive(counts, task, rest, o);
      timings.holdoutModel = lap();
      const scores = scoreRows(counts, warm, o, held);
      calibration = fitCalibration(task, scores, truth);
      holdout = metricsOf(task, scores, truth, calibration);
      timings.calibrate = lap();
    }
  }
  const all = Int32Array.from(examples, (_, i) => i);
  const { columns, model } = warm ? fitRows(counts, task, all, o, warm) : fitProgressive(counts, task, all, o);
  timings.finalModel = lap();
  const classCounts: Record<string, number> = {};
  for (const c of task.y) classCounts[task.labels[c]!] = (classCounts[task.labels[c]!] ?? 0) + 1;
  const file: ModelFile = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    createdAt: new Date().toISOString(),
    labels: task.labels,
    ...(task.positive !== undefined ? { positive: task.labels[task.positive] } : {}),
    options: o,
    training: { ...info, examples: examples.length, classCounts, seconds: (performance.now() - started) / 1000 },
    metrics: {
      ...(holdout ? { holdout: compactMetrics(holdout) } : {}),
      solver: { epochs: model.epochs, converged: model.converged, columns: columns.buckets.length, ...(warm ? { holdoutEpochs: warm.model.epochs } : {}) },
      seconds: timings,
    },
    calibration,
    weights: encodeWeights(columns, model.k, model.weights, model.bias),
  };
  return { model: file, ...(holdout ? { holdout } : {}) };
}

/** Metrics as plain JSON for the model file (NaN is not JSON). */
export function compactMetrics(m: Metrics): { [key: string]: Json } {
  return JSON.parse(JSON.stringify(m, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))) as { [key: string]: Json };
}
