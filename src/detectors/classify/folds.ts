/**
 * Stratified group k-fold: every example of a group (an author, or copies of one text) lands in the
 * same fold, so evaluation never scores a model on an account's style it trained on, while the folds
 * keep class proportions as even as the groups allow. Greedy, as scikit-learn's StratifiedGroupKFold:
 * groups in seeded random order, the most class-skewed first, each to the fold where it evens out the
 * class spread most (ties: the smallest fold).
 */
import { rng, shuffle } from './random.js';

export function stratifiedGroupFolds(labels: ArrayLike<number>, groups: readonly string[], k: number, seed: number): Int32Array {
  const classes = Math.max(0, ...Array.from(labels)) + 1;
  const members = new Map<string, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const g = groups[i]!;
    let list = members.get(g);
    if (!list) members.set(g, (list = []));
    list.push(i);
  }
  if (members.size < k) throw new RangeError(`${members.size} groups cannot make ${k} folds`);
  const totals = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) totals[labels[i]!]!++;
  const entries = shuffle([...members.values()], rng(seed)).map((idx) => {
    const counts = new Array<number>(classes).fill(0);
    for (const i of idx) counts[labels[i]!]!++;
    return { idx, counts, spread: std(counts) };
  });
  entries.sort((a, b) => b.spread - a.spread); // stable: the shuffle breaks ties
  // Class shares per fold, with their sums and sums of squares over folds per class, so that trying
  // a group in a fold costs O(classes) and allocates nothing.
  const share = new Float64Array(k * classes);
  const sum = new Float64Array(classes);
  const sumSq = new Float64Array(classes);
  const sizes = new Array<number>(k).fill(0);
  const fold = new Int32Array(labels.length);
  for (const e of entries) {
    let best = 0;
    let bestEval = Infinity;
    for (let f = 0; f < k; f++) {
      let value = 0;
      for (let c = 0; c < classes; c++) {
        if (!totals[c]) continue;
        const x = share[f * classes + c]!;
        const d = e.counts[c]! / totals[c]!;
        const s1 = sum[c]! + d;
        const s2 = sumSq[c]! - x * x + (x + d) * (x + d);
        value += Math.sqrt(Math.max(0, s2 / k - (s1 / k) ** 2));
      }
      value /= classes;
      if (value < bestEval - 1e-12 || (Math.abs(value - bestEval) <= 1e-12 && sizes[f]! < sizes[best]!)) {
        best = f;
        bestEval = value;
      }
    }
    for (let c = 0; c < classes; c++) {
      if (!totals[c]) continue;
      const x = share[best * classes + c]!;
      const d = e.counts[c]! / totals[c]!;
      share[best * classes + c] = x + d;
      sum[c] += d;
      sumSq[c] += (x + d) * (x + d) - x * x;
    }
    sizes[best]! += e.idx.length;
    for (const i of e.idx) fold[i] = best;
  }
  return fold;
}

function std(values: readonly number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
}

/** Row indexes of fold `f` (test) and of all other folds (train). */
export function splitFold(folds: Int32Array, f: number): { train: Int32Array; test: Int32Array } {
  const train: number[] = [];
  const test: number[] = [];
  folds.forEach((g, i) => (g === f ? test : train).push(i));
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}
