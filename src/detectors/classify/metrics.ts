/** Classification metrics: per-class precision/recall/F1, macro-F1, confusion, ROC AUC and PR AUC. */

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Metrics {
  examples: number;
  accuracy: number;
  macroF1: number;
  perClass: ClassMetrics[];
  /** confusion[true][predicted], in `labels` order. */
  confusion: number[][];
  labels: string[];
  /** Binary tasks: ROC AUC and average precision (PR AUC) of the positive class. */
  positive?: string;
  auc?: number;
  prAuc?: number;
  /** Any number of classes: mean one-vs-rest ROC AUC over classes present. */
  macroAuc?: number;
  /** Brier score, Σ_c (p_c − [y = c])² averaged over examples: 0 perfect; checks calibration. */
  brier: number;
}

/**
 * @param truth, predicted class indexes into `labels`
 * @param probabilities one row of class probabilities per example
 * @param positive index of the positive class for binary AUCs
 */
export function evaluate(labels: string[], truth: ArrayLike<number>, predicted: ArrayLike<number>, probabilities: ArrayLike<number>[], positive?: number): Metrics {
  const K = labels.length;
  const n = truth.length;
  const confusion = labels.map(() => new Array<number>(K).fill(0));
  let correct = 0;
  for (let i = 0; i < n; i++) {
    confusion[truth[i]!]![predicted[i]!]!++;
    if (truth[i] === predicted[i]) correct++;
  }
  const perClass = labels.map((label, c) => {
    const tp = confusion[c]![c]!;
    const support = confusion[c]!.reduce((a, b) => a + b, 0);
    const predictedC = confusion.reduce((a, row) => a + row[c]!, 0);
    const precision = predictedC ? tp / predictedC : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
  const present = perClass.filter((c) => c.support > 0);
  let brier = 0;
  for (let i = 0; i < n; i++) for (let c = 0; c < K; c++) brier += (probabilities[i]![c]! - (truth[i] === c ? 1 : 0)) ** 2;
  const metrics: Metrics = {
    examples: n,
    accuracy: n ? correct / n : 0,
    macroF1: present.length ? present.reduce((a, c) => a + c.f1, 0) / present.length : 0,
    perClass,
    confusion,
    labels,
    brier: n ? brier / n : 0,
  };
  const aucs: number[] = [];
  for (let c = 0; c < K; c++) {
    const scores = probabilities.map((p) => p[c]!);
    const isC = Array.from(truth, (t) => t === c);
    const auc = rocAuc(scores, isC);
    if (!Number.isNaN(auc)) aucs.push(auc);
  }
  if (aucs.length) metrics.macroAuc = aucs.reduce((a, b) => a + b, 0) / aucs.length;
  if (K === 2 && positive !== undefined) {
    const scores = probabilities.map((p) => p[positive]!);
    const isPos = Array.from(truth, (t) => t === positive);
    metrics.positive = labels[positive];
    metrics.auc = rocAuc(scores, isPos);
    metrics.prAuc = averagePrecision(scores, isPos);
  }
  return metrics;
}

/** ROC AUC as the Mann–Whitney statistic, ties counted half. NaN when one class is absent. */
export function rocAuc(scores: readonly number[], positive: readonly boolean[]): number {
  const order = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && scores[order[j]!] === scores[order[i]!]) j++;
    const meanRank = (i + 1 + j) / 2; // ranks i+1..j share their mean
    for (let q = i; q < j; q++) if (positive[order[q]!]) {
      pos++;
      rankSum += meanRank;
    }
    i = j;
  }
  const neg = order.length - pos;
  if (!pos || !neg) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Average precision (the step-wise PR AUC, as scikit-learn computes it); tied scores form one step. */
export function averagePrecision(scores: readonly number[], positive: readonly boolean[]): number {
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const totalPos = positive.filter(Boolean).length;
  if (!totalPos) return NaN;
  let tp = 0;
  let seen = 0;
  let prevRecall = 0;
  let ap = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && scores[order[j]!] === scores[order[i]!]) j++;
    for (let q = i; q < j; q++) if (positive[order[q]!]) tp++;
    seen = j;
    const recall = tp / totalPos;
    ap += (recall - prevRecall) * (tp / seen);
    prevRecall = recall;
    i = j;
  }
  return ap;
}
