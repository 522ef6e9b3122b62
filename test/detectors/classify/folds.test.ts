import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stratifiedGroupFolds } from '../../../src/detectors/classify/folds.js';
import { LABELS, synthetic } from './synthetic.js';

test('grouped folds never split a group and keep classes spread', () => {
  const examples = synthetic(900, 1, 60);
  const y = examples.map((e) => LABELS.indexOf(e.label));
  const groups = examples.map((e) => e.group!);
  const folds = stratifiedGroupFolds(y, groups, 5, 9);
  const foldOf = new Map<string, number>();
  groups.forEach((g, i) => {
    if (foldOf.has(g)) assert.equal(foldOf.get(g), folds[i], `group ${g} split`);
    foldOf.set(g, folds[i]!);
  });
  for (let f = 0; f < 5; f++) {
    const inFold = y.filter((_, i) => folds[i] === f);
    assert.ok(inFold.length > 900 / 5 / 2, `fold ${f} has ${inFold.length}`);
    for (let c = 0; c < LABELS.length; c++) assert.ok(inFold.includes(c), `fold ${f} lacks class ${c}`);
  }
  assert.deepEqual(stratifiedGroupFolds(y, groups, 5, 9), folds);
  assert.throws(() => stratifiedGroupFolds([0, 1], ['a', 'a'], 2, 1), RangeError);
});
