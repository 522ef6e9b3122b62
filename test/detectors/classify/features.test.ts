import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitFrom, loadClassifier } from '../../../src/detectors/classify/classifier.js';
import { Featurizer, type FeatureName } from '../../../src/detectors/classify/features.js';
import { trainOptions, type FeatureOptions } from '../../../src/detectors/classify/options.js';
import { synthetic } from './synthetic.js';

/** The n-grams of `text` by kind, as sorted strings. */
function ngrams(text: string, features: Partial<FeatureOptions>): Map<string, string[]> {
  const f = new Featurizer(trainOptions({ features: { hashBits: 22, ...features } }).features);
  f.names = new Map();
  f.count(text);
  const byKind = new Map<string, string[]>();
  for (const list of f.names.values() as Iterable<FeatureName[]>) {
    for (const n of list) byKind.set(n.kind, [...(byKind.get(n.kind) ?? []), n.text]);
  }
  for (const list of byKind.values()) list.sort();
  return byKind;
}

test('n-grams across word boundaries: exactly those with a space inside, up to charAcross long', () => {
  const text = 'ab cd  e';
  const within = ngrams(text, { charAcross: 0, charMin: 1, charMax: 3 }).get('char')!;
  assert.ok(within.includes(' ab') && within.includes('e ') && within.includes('cd '));
  assert.ok(within.every((g) => !/\S \S/.test(g)), 'no within-word n-gram crosses a boundary');
  const both = ngrams(text, { charAcross: 4, charMin: 1, charMax: 3 }).get('char')!;
  const across = both.filter((g) => !within.includes(g));
  // One pass yields the within-word n-grams unchanged, plus the boundary-spanning ones (white space
  // runs read as one space; none end on a space).
  assert.deepEqual(both.filter((g) => within.includes(g)), within);
  assert.deepEqual(across, ['ab c', 'b c', 'b cd', 'cd e', 'd e']);
});

test('word trigrams when wordNgrams is 3', () => {
  assert.deepEqual(ngrams('one two three four', { wordNgrams: 3 }).get('trigram'), ['one two three', 'two three four']);
  assert.equal(ngrams('one two three four', { wordNgrams: 2 }).get('trigram'), undefined);
});

test('a format-1 model file (no charAcross) still loads and predicts as it did', () => {
  const examples = synthetic(300);
  const c = fitFrom(examples, { features: { hashBits: 16, charAcross: 0 } });
  assert.equal(c.model.version, 2);
  const { charAcross, ...features } = c.model.options.features;
  assert.equal(charAcross, 0);
  const v1 = loadClassifier({ ...c.model, version: 1, options: { ...c.model.options, features } });
  assert.equal(v1.model.options.features.charAcross, 0);
  for (const e of examples.slice(0, 30)) assert.deepEqual(v1.predict(e.text, { explain: 3 }), c.predict(e.text, { explain: 3 }));
  assert.throws(() => loadClassifier({ ...c.model, version: 3 }));
});
