import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countTexts, fitColumns, toMatrix } from '../../../src/detectors/classify/matrix.js';
import { trainOptions } from '../../../src/detectors/classify/options.js';
import { objective, trainSag } from '../../../src/detectors/classify/sag.js';
import { classWeights } from '../../../src/detectors/classify/train.js';
import { LABELS, synthetic } from './synthetic.js';

const o = trainOptions();

function data(classes: number) {
  const examples = synthetic(600).filter((e) => LABELS.indexOf(e.label) < classes);
  const counts = countTexts(examples.map((e) => e.text), o.features);
  const X = toMatrix(counts, fitColumns(counts, o.features, 1), o.features);
  const y = Int32Array.from(examples, (e) => LABELS.indexOf(e.label));
  return { X, y, w: classWeights(y, classes, 1) };
}

for (const classes of [2, 3]) {
  test(`SAG reaches the optimum of the regularised objective (${classes} classes)`, () => {
    const { X, y, w } = data(classes);
    const m = trainSag(X, y, classes, w, { C: 1, maxEpochs: 300, tol: 1e-7, seed: 1 });
    const at = objective(X, y, w, m, 1);
    assert.ok(at.gradMax < 1e-5, `gradient ${at.gradMax} after ${m.epochs} epochs`);
    // Any perturbation of the optimum is worse.
    const moved = { ...m, weights: m.weights.map((v, j) => v + (j % 7 === 0 ? 0.05 : 0)) };
    assert.ok(objective(X, y, w, moved, 1).value > at.value);
  });
}

test('SAG is deterministic for a seed, and the seed matters only within tolerance', () => {
  const { X, y, w } = data(3);
  const a = trainSag(X, y, 3, w, { C: 10, maxEpochs: 20, tol: 1e-3, seed: 5 });
  const b = trainSag(X, y, 3, w, { C: 10, maxEpochs: 20, tol: 1e-3, seed: 5 });
  assert.deepEqual(a.weights, b.weights);
  assert.deepEqual(a.bias, b.bias);
  const c = trainSag(X, y, 3, w, { C: 10, maxEpochs: 20, tol: 1e-3, seed: 6 });
  assert.notDeepEqual(a.weights, c.weights);
});
