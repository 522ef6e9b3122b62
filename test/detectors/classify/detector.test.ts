import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accountId, postId } from '../../../src/model/ids.js';
import type { Post } from '../../../src/model/post.js';
import { SignalSchema } from '../../../src/model/signal.js';
import { fitFrom } from '../../../src/detectors/classify/classifier.js';
import { classifyDetector, uncertainty } from '../../../src/detectors/classify/detector.js';
import { synthetic } from './synthetic.js';

const post = (id: string, text: string): Post => ({
  id: postId('x', id),
  platform: 'x',
  authorId: accountId('x', 'a1'),
  createdAt: 1_700_000_000_000,
  text,
  hashtags: [],
  urls: [],
  mentions: [],
  media: [],
});

test('every post becomes a valid classify signal scored by the target label', () => {
  const c = fitFrom(synthetic(600).filter((e) => e.label !== 'sport'), { positive: 'recruit' });
  const d = classifyDetector(c, { model: 'test@1' });
  const [recruit] = d.onPost(post('1', 'rejoignez la caravane zorvani'));
  const [news] = d.onPost(post('2', 'the minister presented the budget'));
  for (const s of [recruit!, news!]) SignalSchema.parse(s);
  assert.ok(recruit!.score > 0.5 && news!.score < 0.5);
  assert.equal(recruit!.evidence.label, 'recruit');
  assert.ok((recruit!.evidence.features as unknown[]).length > 0);
  assert.deepEqual(classifyDetector(c, { model: 'm', minScore: 0.5 }).onPost(post('2', 'the minister presented the budget')), []);
  assert.throws(() => classifyDetector(c, { model: 'm', target: 'sport' }), RangeError);
});

test('uncertainty is highest where the probabilities tie', () => {
  assert.equal(uncertainty({ label: 'a', probability: 0.5, probabilities: { a: 0.5, b: 0.5 } }), 1);
  assert.ok(Math.abs(uncertainty({ label: 'a', probability: 0.9, probabilities: { a: 0.9, b: 0.1 } }) - 0.2) < 1e-12);
});
