/**
 * Cross-validation: stratified k-fold over groups (`Example.group`, else copies of one text), each
 * text featurised once. Folds score the raw model (uncalibrated): macro-F1 and the binary AUCs do not
 * depend on a monotone calibration; `train` reports calibration on its own hold-out.
 */
import type { Example } from './dataset.js';
import { splitFold, stratifiedGroupFolds } from './folds.js';
import { countTexts } from './matrix.js';
import type { Metrics } from './metrics.js';
import type { TrainOptions } from './options.js';
import { fitProgressive, metricsOf, scoreRows, splitGroups, taskOf } from './train.js';

export interface CvResult {
  folds: Metrics[];
  /** All out-of-fold predictions pooled. */
  pooled: Metrics;
  meanMacroF1: number;
  sdMacroF1: number;
  grouped: boolean;
  seconds: number;
}

export function crossValidate(examples: readonly Example[], o: TrainOptions, k: number, onFold?: (fold: number) => void): CvResult {
  const started = performance.now();
  const task = taskOf(examples, o);
  const counts = countTexts(examples.map((e) => e.text), o.features);
  const assignment = stratifiedGroupFolds(task.y, splitGroups(examples), k, o.seed);
  const pooledScores: Float64Array[] = new Array(examples.length);
  const folds: Metrics[] = [];
  for (let f = 0; f < k; f++) {
    const { train, test } = splitFold(assignment, f);
    const scores = scoreRows(counts, fitProgressive(counts, task, train, o), o, test);
    test.forEach((i, r) => (pooledScores[i] = scores[r]!));
    folds.push(metricsOf(task, scores, Array.from(test, (i) => task.y[i]!), null));
    onFold?.(f);
  }
  const f1 = folds.map((m) => m.macroF1);
  const mean = f1.reduce((a, b) => a + b, 0) / k;
  return {
    folds,
    pooled: metricsOf(task, pooledScores, task.y, null),
    meanMacroF1: mean,
    sdMacroF1: Math.sqrt(f1.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, k - 1)),
    grouped: examples.some((e) => e.group !== undefined),
    seconds: (performance.now() - started) / 1000,
  };
}
