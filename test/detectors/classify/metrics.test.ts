import assert from 'node:assert/strict';
import { test } from 'node:test';
import { averagePrecision, evaluate, rocAuc } from '../../../src/detectors/classify/metrics.js';

test('ROC AUC is the Mann-Whitney statistic with ties counted half', () => {
  assert.equal(rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]), 0.75);
  assert.equal(rocAuc([0.5, 0.5], [true, false]), 0.5);
  assert.equal(rocAuc([1, 2, 3], [false, true, true]), 1);
  assert.ok(Number.isNaN(rocAuc([1, 2], [true, true])));
});

test('average precision matches the step-wise definition', () => {
  // Ranked: 0.8 (pos), 0.4 (neg), 0.35 (pos), 0.1 (neg): AP = 0.5·1 + 0.5·(2/3).
  assert.ok(Math.abs(averagePrecision([0.1, 0.4, 0.35, 0.8], [false, false, true, true]) - (0.5 + 1 / 3)) < 1e-12);
});

test('per-class scores, macro-F1 and confusion', () => {
  const m = evaluate(['a', 'b'], [0, 0, 0, 1, 1], [0, 0, 1, 1, 0], [[0.9, 0.1], [0.8, 0.2], [0.4, 0.6], [0.3, 0.7], [0.6, 0.4]], 1);
  assert.deepEqual(m.confusion, [[2, 1], [1, 1]]);
  assert.equal(m.accuracy, 3 / 5);
  assert.ok(Math.abs(m.perClass[0]!.f1 - 2 / 3) < 1e-12);
  assert.ok(Math.abs(m.perClass[1]!.f1 - 0.5) < 1e-12);
  assert.ok(Math.abs(m.macroF1 - (2 / 3 + 0.5) / 2) < 1e-12);
  assert.equal(m.positive, 'b');
  // Positives score 0.7 and 0.4; negatives 0.1, 0.2, 0.6: 5 of 6 pairs ordered.
  assert.ok(Math.abs(m.auc! - 5 / 6) < 1e-12);
});

test('Brier score: 0 for certain and right, 2 for certain and wrong', () => {
  assert.equal(evaluate(['a', 'b'], [0, 1], [0, 1], [[1, 0], [0, 1]]).brier, 0);
  assert.equal(evaluate(['a', 'b'], [0, 1], [1, 0], [[0, 1], [1, 0]]).brier, 2);
});
