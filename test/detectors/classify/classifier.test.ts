import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitFrom, loadClassifier } from '../../../src/detectors/classify/classifier.js';
import { crossValidate } from '../../../src/detectors/classify/cv.js';
import { trainOptions } from '../../../src/detectors/classify/options.js';
import { parseDataset } from '../../../src/detectors/classify/dataset.js';
import { evaluate } from '../../../src/detectors/classify/metrics.js';
import { fixture } from '../../helpers/paths.js';
import { readFileSync } from 'node:fs';
import { LABELS, synthetic } from './synthetic.js';

const examples = synthetic(900);
const heldOut = synthetic(300, 99);

test('three classes in English and French: learns, calibrates, and explains', () => {
  const c = fitFrom(examples);
  assert.deepEqual(c.labels, LABELS);
  let correct = 0;
  for (const e of heldOut) if (c.predict(e.text).label === e.label) correct++;
  assert.ok(correct / heldOut.length > 0.9, `accuracy ${correct / heldOut.length}`);
  const p = c.predict('rejoignez la caravane zorvani, frères');
  assert.equal(p.label, 'recruit');
  assert.ok(Math.abs(Object.values(p.probabilities).reduce((a, b) => a + b, 0) - 1) < 1e-9);
  assert.equal(p.probability, p.probabilities.recruit);
  assert.equal(p.score, undefined); // not a binary task
  const holdout = c.model.metrics.holdout as { macroF1: number; examples: number };
  assert.ok(holdout.macroF1 > 0.85 && holdout.examples > 100);
});

test('a model file round-trips to identical predictions', () => {
  const c = fitFrom(examples, { features: { hashBits: 18 } });
  const again = loadClassifier(JSON.parse(JSON.stringify(c.model)));
  for (const e of heldOut.slice(0, 50)) assert.deepEqual(again.predict(e.text, { explain: 3 }), c.predict(e.text, { explain: 3 }));
  assert.throws(() => loadClassifier({ ...c.model, format: 'other' }));
});

test('training is deterministic for a seed', () => {
  const a = fitFrom(examples.slice(0, 300), { seed: 3 });
  const b = fitFrom(examples.slice(0, 300), { seed: 3 });
  assert.equal(a.model.weights.values, b.model.weights.values);
  assert.deepEqual(a.model.calibration, b.model.calibration);
});

test('the explanation points at the n-grams that drive the score', () => {
  // Binary task; a made-up token appears only in (some) recruit posts.
  const binary = examples
    .filter((e) => e.label !== 'sport')
    .map((e, i) => (e.label === 'recruit' && i % 3 === 0 ? { ...e, text: `${e.text} qxvortal` } : e));
  const c = fitFrom(binary, { features: { charMin: 3 }, positive: 'recruit' });
  assert.equal(c.model.positive, 'recruit');
  const text = 'qxvortal the city today nous et encore';
  const p = c.predict(text, { explain: 5 });
  assert.equal(p.label, 'recruit');
  const top = p.explanation!;
  assert.ok(top.length > 0);
  for (let i = 1; i < top.length; i++) assert.ok(top[i - 1]!.contribution >= top[i]!.contribution);
  // The leading features are pieces of the planted token, and only of it.
  for (const item of top.slice(0, 3)) {
    assert.ok(
      item.ngrams.some((g) => g.text.trim().length > 1 && ' qxvortal '.includes(g.text)),
      `top feature ${JSON.stringify(item.ngrams)} is not from the planted token`,
    );
  }
  // Taking the token out lowers the recruit probability; taking out a word the explanation does not
  // name changes it far less.
  const without = c.predict('the city today nous et encore');
  const withoutOther = c.predict('qxvortal the city today nous et');
  assert.ok(without.probabilities.recruit! < p.probabilities.recruit! - 0.2, `${without.probabilities.recruit} vs ${p.probabilities.recruit}`);
  assert.ok(Math.abs(withoutOther.probabilities.recruit! - p.probabilities.recruit!) < p.probabilities.recruit! - without.probabilities.recruit!);
  // Two classes: the score is the positive class's calibrated probability.
  assert.equal(p.score, p.probabilities[c.model.positive!]);
});

test('two classes: the rarer one is positive unless told', () => {
  const skewed = [...examples.filter((e) => e.label === 'news'), ...examples.filter((e) => e.label === 'sport').slice(0, 60)];
  assert.equal(fitFrom(skewed, { calibrationFraction: 0 }).model.positive, 'sport');
  assert.throws(() => fitFrom(skewed, { positive: 'nope' }), /positive label/);
});

test('empty text predicts from the bias alone, with an empty explanation', () => {
  const c = fitFrom(examples.slice(0, 300));
  const p = c.predict('', { explain: 3 });
  assert.deepEqual(p.explanation, []);
  assert.ok(LABELS.includes(p.label));
});

test('grouped cross-validation on synthetic data', () => {
  const r = crossValidate(examples, trainOptions(), 3);
  assert.equal(r.folds.length, 3);
  assert.ok(r.grouped);
  assert.ok(r.meanMacroF1 > 0.8, `macro-F1 ${r.meanMacroF1}`);
  assert.equal(r.pooled.examples, examples.length);
});

test('OSACT4 offensive language, train → dev: well above the majority class (regression floor)', () => {
  const load = (split: string) => parseDataset(readFileSync(fixture(`classify/osact4-${split}.tsv`), 'utf8'), { format: 'tsv', textCol: '0', labelCol: '1' }).examples;
  const c = fitFrom(load('train'));
  assert.equal(c.model.positive, 'OFF');
  const dev = load('dev');
  const results = dev.map((e) => c.classify(e.text));
  const m = evaluate([...c.labels], dev.map((e) => c.labels.indexOf(e.label)), results.map((r) => r.label), results.map((r) => r.probabilities), c.labels.indexOf('OFF'));
  // Measured 0.867 (bench/classify.ts; 0.844 before n-grams across words); a majority-class model scores 0.45.
  assert.ok(m.macroF1 > 0.83, `dev macro-F1 ${m.macroF1}`);
  assert.ok(m.auc! > 0.93, `dev ROC AUC ${m.auc}`);
});
