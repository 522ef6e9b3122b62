/**
 * The classifier at run time: a model file (plain JSON, `classifier.model`) expanded into dense
 * bucket-indexed arrays so that scoring a post is one pass over its n-grams with no lookups but array
 * reads. `fitFrom` trains; `loadClassifier` restores; both give the same predictions.
 */
import type { Example } from './dataset.js';
import { Featurizer, tfValue, type FeatureName } from './features.js';
import { blockScales, columnIdf } from './matrix.js';
import { decodeWeights, ModelFileSchema, type ModelFile, type TrainingInfo } from './modelfile.js';
import { trainOptions, type TrainOptions } from './options.js';
import { decide, train, type Task } from './train.js';

export interface ExplanationItem {
  /** The n-grams of this post behind the feature (several when hashing put them in one bucket). */
  ngrams: FeatureName[];
  /** How much the feature moved the score towards the predicted label (logit units). */
  contribution: number;
}

export interface Prediction {
  label: string;
  /** Calibrated probability of `label`. */
  probability: number;
  probabilities: Record<string, number>;
  /** Binary tasks: calibrated probability of the positive class (what a signal's score is). */
  score?: number;
  explanation?: ExplanationItem[];
}

export interface Classifier {
  /** Plain JSON: `JSON.stringify(classifier.model)` is the model file. */
  readonly model: ModelFile;
  readonly labels: readonly string[];
  predict(text: string, options?: { explain?: number }): Prediction;
  /** Predicted class index and probabilities in `labels` order, without the record (evaluation). */
  classify(text: string): { label: number; probabilities: Float64Array };
}

export function loadClassifier(input: unknown): Classifier {
  const model = ModelFileSchema.parse(input);
  const o = model.options;
  const { columns, k, values, bias } = decodeWeights(model.weights);
  // Per bucket, side by side (one cache line per n-gram): its idf, then its k weights.
  const stride = k + 1;
  const size = 1 << o.features.hashBits;
  const table = new Float32Array(size * stride);
  const { idf: colIdf, defaultIdf } = columnIdf(columns, o.features);
  for (let b = 0; b < size; b++) table[b * stride] = defaultIdf;
  columns.buckets.forEach((b, c) => {
    table[b * stride] = colIdf[c]!;
    for (let j = 0; j < k; j++) table[b * stride + 1 + j] = values[c * k + j]!;
  });
  const task: Task = {
    labels: model.labels,
    y: new Int32Array(0),
    ...(model.positive !== undefined ? { positive: model.labels.indexOf(model.positive) } : {}),
  };
  const featurizer = new Featurizer(o.features);
  const scores = new Float64Array(k);
  const charScores = new Float64Array(k);
  const wordScores = new Float64Array(k);
  /** The last text's factor per block (characters, words): x = tf·idf·scale. */
  const scale = new Float64Array(2);
  const half = 1 << (o.features.hashBits - 1);

  /** Scores the text into `scores`; returns 0 when the text has no features. */
  const score = (text: string): number => {
    featurizer.count(text);
    const { buckets, counts, size: n } = featurizer;
    charScores.fill(0);
    wordScores.fill(0);
    let charSq = 0;
    let wordSq = 0;
    const sublinear = o.features.sublinearTf;
    if (k === 1) {
      // Two classes (the common case): scalars only.
      let charDot = 0;
      let wordDot = 0;
      for (let t = 0; t < n; t++) {
        const b = buckets[t]!;
        const at = b * 2;
        const count = counts[t]!;
        const v = (count === 1 ? 1 : tfValue(count, sublinear)) * table[at]!;
        if (b < half) {
          charSq += v * v;
          charDot += v * table[at + 1]!;
        } else {
          wordSq += v * v;
          wordDot += v * table[at + 1]!;
        }
      }
      charScores[0] = charDot;
      wordScores[0] = wordDot;
    } else {
      for (let t = 0; t < n; t++) {
        const b = buckets[t]!;
        const at = b * stride;
        const v = tfValue(counts[t]!, sublinear) * table[at]!;
        const into = b < half ? charScores : wordScores;
        if (b < half) charSq += v * v;
        else wordSq += v * v;
        for (let j = 0; j < k; j++) into[j] += v * table[at + 1 + j]!;
      }
    }
    const [cs, ws] = blockScales(charSq, wordSq, o.features.wordWeight);
    scale[0] = cs;
    scale[1] = ws;
    for (let j = 0; j < k; j++) scores[j] = charScores[j]! * cs + wordScores[j]! * ws + bias[j]!;
    return cs + ws;
  };

  const classify = (text: string): { label: number; probabilities: Float64Array } => {
    score(text);
    return decide(task, scores, model.calibration);
  };

  const explain = (label: number, top: number): ExplanationItem[] => {
    const { buckets, counts, size: n } = featurizer;
    const items: ExplanationItem[] = [];
    for (let t = 0; t < n; t++) {
      const b = buckets[t]!;
      const at = b * stride;
      const x = tfValue(counts[t]!, o.features.sublinearTf) * table[at]! * scale[b < half ? 0 : 1]!;
      let w: number;
      if (k === 1) w = label === task.positive ? table[at + 1]! : -table[at + 1]!;
      else {
        // Towards `label` and away from the average class: what moves its softmax share.
        let mean = 0;
        for (let j = 0; j < k; j++) mean += table[at + 1 + j]! / k;
        w = table[at + 1 + label]! - mean;
      }
      const contribution = x * w;
      if (contribution > 0) items.push({ ngrams: featurizer.names!.get(b) ?? [], contribution });
    }
    return items.sort((a, b) => b.contribution - a.contribution).slice(0, top);
  };

  const predict = (text: string, options: { explain?: number } = {}): Prediction => {
    const top = options.explain ?? 0;
    featurizer.names = top > 0 ? new Map() : null;
    const nonEmpty = score(text) > 0;
    const { label, probabilities } = decide(task, scores, model.calibration);
    const prediction: Prediction = {
      label: model.labels[label]!,
      probability: probabilities[label]!,
      probabilities: Object.fromEntries(model.labels.map((l, c) => [l, probabilities[c]!])),
    };
    if (task.positive !== undefined) prediction.score = probabilities[task.positive]!;
    if (top > 0) prediction.explanation = nonEmpty ? explain(label, top) : [];
    featurizer.names = null;
    return prediction;
  };

  return { model, labels: model.labels, predict, classify };
}

/** Trains a classifier from examples (`options` override the defaults; see options.ts). */
export function fitFrom(
  examples: readonly Example[],
  options: Parameters<typeof trainOptions>[0] | TrainOptions = {},
  info: Partial<TrainingInfo> = {},
): Classifier {
  return loadClassifier(train(examples, trainOptions(options), info).model);
}
