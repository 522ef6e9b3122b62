import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { accountId, postId } from '../../src/model/index.js';
import { reviewService } from '../../src/cases/review.js';
import { openStore } from '../../src/store/db.js';
import { IngestWriter } from '../../src/store/ingest-writer.js';
import { insertSignals } from '../../src/store/signals.js';
import { tempDir } from '../helpers/paths.js';

const tmp = tempDir();
after(() => tmp.cleanup());

test('cases: one open case per subject, decisions become labels, uncertain posts first, a tamper-evident audit chain', async () => {
  const store = await openStore(join(tmp.dir, 'cases.db'));
  const writer = new IngestWriter(store.sqlite);
  writer.begin();
  for (const n of [1, 2, 3]) {
    writer.writePost({ id: postId('x', String(n)), platform: 'x', authorId: accountId('x', 'a'), createdAt: n, text: `synthetic post ${n}`, hashtags: [], urls: [], mentions: [], media: [] }, null, 0);
  }
  writer.commit();
  // Classifier scores: post 2 is the one the model is least sure of.
  insertSignals(store, [1, 2, 3].map((n) => ({ subject: { kind: 'post' as const, id: `x:${n}` }, detector: 'classify', score: [0.95, 0.52, 0.1][n - 1]!, evidence: {}, at: n })));

  let clock = 1000;
  const review = reviewService(store, () => clock++);
  const first = review.openCase({ kind: 'post', id: 'x:1' }, ['match.pdq'], 0.9);
  const again = review.openCase({ kind: 'post', id: 'x:1' }, ['classify'], 0.5);
  assert.equal(again.id, first.id, 'a subject has one open case');
  assert.deepEqual(again.reasons, ['match.pdq', 'classify']);

  const opened = review.openUncertainCases(5);
  assert.deepEqual(opened.map((c) => c.subject.id), ['x:2', 'x:3'], 'unreviewed posts, least certain first');
  assert.deepEqual(review.queue({ order: 'uncertainty' }).map((c) => c.subject.id), ['x:2', 'x:3', 'x:1']);
  assert.deepEqual(review.queue().map((c) => c.subject.id)[0], 'x:1', 'by priority, the hash match comes first');

  review.decide(first.id, 'analyst-1', 'violating', { label: 'propaganda' });
  review.decide(opened[0]!.id, 'analyst-1', 'not_violating', { label: 'benign', note: 'news report' });
  assert.deepEqual(review.labelledPosts().map((l) => [l.postId, l.label]), [['x:1', 'propaganda'], ['x:2', 'benign']]);
  assert.equal(review.getCase(first.id)?.status, 'decided');

  assert.equal(review.verifyAudit(), undefined, 'the chain is intact');
  store.sqlite.prepare("UPDATE audit SET details = replace(details, 'propaganda', 'benign') WHERE action = 'case.decide'").run();
  assert.deepEqual(review.verifyAudit(), { seq: 4, problem: 'hash' }, 'an edited entry is detected');
  await store.close();
});
