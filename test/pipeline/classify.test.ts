import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { reviewService } from '../../src/cases/review.js';
import { fitFrom } from '../../src/detectors/classify/index.js';
import { accountId, postId, SignalSchema, type Post } from '../../src/model/index.js';
import { classifyStore, createPostScorer, loadTaskModels, registerModelFile, retrainFromReviews, trainAndRegister } from '../../src/pipeline/classify.js';
import { openStore, type Store } from '../../src/store/db.js';
import { IngestWriter } from '../../src/store/ingest-writer.js';
import { activateModel, listModels, ModelRegistryError, retireModel } from '../../src/store/models.js';
import { listSignals } from '../../src/store/signals.js';
import { tempDir } from '../helpers/paths.js';
import { baseExamples, EASY, HARD, toTsv } from './classify-data.js';

const tmp = tempDir();
after(() => tmp.cleanup());

const post = (n: number, text: string, repostOf?: number): Post => ({
  id: postId('x', String(n)),
  platform: 'x',
  authorId: accountId('x', `a${n % 4}`),
  createdAt: 1_700_000_000_000 + n * 1000,
  text,
  hashtags: [],
  urls: [],
  mentions: [],
  media: [],
  ...(repostOf !== undefined ? { repostOf: postId('x', String(repostOf)) } : {}),
});

const POSTS = [...HARD, ...EASY].map((p, i) => ({ ...post(i + 1, p.text), label: p.label }));
// Post 100 reposts the first hard post (X writes "RT @handle: " before the text).
const REPOST = post(100, `RT @a1: ${HARD[0]!.text}`, 1);
const BASE = baseExamples(240);
const dataPath = join(tmp.dir, 'base.tsv');
const DATA = { path: dataPath, textCol: 'text', labelCol: 'label', groupCol: 'account' };
const base = fitFrom(BASE, { positive: 'propaganda' });

async function storeWithPosts(name: string): Promise<Store> {
  const store = await openStore(join(tmp.dir, name));
  const writer = new IngestWriter(store.sqlite);
  writer.begin();
  for (const p of [...POSTS, REPOST]) writer.writePost(p, null, 0);
  writer.commit();
  return store;
}

const scores = (store: Store, detector = 'classify'): Map<string, number> =>
  new Map(listSignals(store, { detector }).filter((s) => s.detector === detector).map((s) => [s.subject.id, s.score]));

before(() => writeFileSync(dataPath, toTsv(BASE)));

test('registry: versions per task, one active, shadows alongside, rollback by activation', async () => {
  const store = await storeWithPosts('registry.db');
  const v1 = await registerModelFile(store, 'propaganda', base.model, { data: DATA });
  const v2 = await registerModelFile(store, 'propaganda', base.model, { as: 'shadow' });
  const v3 = await registerModelFile(store, 'propaganda', base.model);
  const other = await registerModelFile(store, 'other-task', base.model);
  assert.deepEqual([v1.version, v2.version, v3.version, other.version], [1, 2, 3, 1]);
  const status = async (task = 'propaganda') => (await listModels(store.db, { task })).map((m) => `${m.version}:${m.status}`);
  assert.deepEqual(await status(), ['1:retired', '2:shadow', '3:active'], 'registering as active retires the previous active');
  assert.deepEqual(await status('other-task'), ['1:active'], 'tasks are independent');
  assert.equal(v1.training.data && (v1.training.data as { path: string }).path, dataPath);

  await activateModel(store.db, 'propaganda', 1);
  assert.deepEqual(await status(), ['1:active', '2:shadow', '3:retired']);
  await activateModel(store.db, 'propaganda', 2);
  assert.deepEqual(await status(), ['1:retired', '2:active', '3:retired'], 'a shadow can be promoted');
  await assert.rejects(activateModel(store.db, 'propaganda', 9), ModelRegistryError);
  // The database itself refuses a second active model of a task.
  assert.throws(() => store.sqlite.prepare("UPDATE models SET status = 'active' WHERE task = 'propaganda' AND version = 3").run(), /UNIQUE/);

  await retireModel(store.db, 'propaganda', 2);
  await assert.rejects(classifyStore(store), /no active model/);
  await assert.rejects(registerModelFile(store, 'propaganda', { format: 'not a model' }));
  await store.close();
});

test('scoring writes classify and classify.shadow signals for every post, reposts scored once, idempotently', async () => {
  const store = await storeWithPosts('score.db');
  await registerModelFile(store, 'propaganda', base.model);
  await registerModelFile(store, 'propaganda', fitFrom(BASE, { positive: 'propaganda', C: 1 }).model, { as: 'shadow' });
  const summary = await classifyStore(store);
  assert.equal(summary.posts, POSTS.length + 1);
  assert.equal(summary.signals, POSTS.length + 1);
  assert.equal(summary.shadowSignals, POSTS.length + 1);
  assert.equal(summary.textsScored, POSTS.length, 'the repost reused its original\'s score');
  const signals = listSignals(store, { detector: 'classify' });
  for (const s of signals) SignalSchema.parse(s);
  const active = signals.find((s) => s.detector === 'classify' && s.subject.id === 'x:6')!;
  assert.equal(active.evidence.task, 'propaganda');
  assert.equal(active.evidence.version, 1);
  assert.equal(active.evidence.label, 'propaganda');
  assert.equal(active.score, (active.evidence.probabilities as Record<string, number>).propaganda);
  assert.ok((active.evidence.features as { ngrams: string[] }[]).some((f) => f.ngrams.some((g) => /oath|vanguard|brothers|pledge/.test(g))), 'explained by its n-grams');
  const shadow = signals.find((s) => s.detector === 'classify.shadow' && s.subject.id === 'x:6')!;
  assert.equal(shadow.evidence.version, 2);
  const repost = signals.find((s) => s.detector === 'classify' && s.subject.id === 'x:100')!;
  assert.equal(repost.evidence.repostOf, 'x:1');
  assert.equal(repost.score, scores(store).get('x:1'));

  await classifyStore(store);
  assert.equal(listSignals(store, { detector: 'classify' }).length, signals.length, 'a second run replaces the first');
  await store.close();
});

test('the post scorer falls back to a repost\'s own text when the original is unknown', async () => {
  const store = await storeWithPosts('scorer.db');
  await registerModelFile(store, 'propaganda', base.model);
  const scorer = createPostScorer(await loadTaskModels(store));
  const [s] = scorer.score(post(7, 'RT @z: zorvani caravan glory banner now', 999));
  assert.ok(s!.score > 0.5 && s!.evidence.repostOf === 'x:999');
  assert.deepEqual(scorer.score(post(8, '', 998)), [], 'an empty repost of an unknown post has nothing to score');
  assert.equal(scorer.scored, 1);
  await store.close();
});

test('retraining from review decisions moves the model\'s predictions on those posts to the reviewers\' labels', async () => {
  const store = await storeWithPosts('retrain.db');
  const v1 = await trainAndRegister(store, DATA); // as `marsad analyze` does with the simulator's labels.tsv
  assert.equal((v1.training.data as { path: string }).path, dataPath);
  await classifyStore(store);
  const before = scores(store);
  const predicted = (s: Map<string, number>, id: string) => ((s.get(id) ?? NaN) >= 0.5 ? 'propaganda' : 'benign');
  const wrong = POSTS.filter((p) => predicted(before, p.id) !== p.label);
  assert.deepEqual(wrong.map((p) => p.text), HARD.map((h) => h.text), 'the base model gets exactly the hard posts wrong');

  const review = reviewService(store);
  for (const p of wrong) {
    const c = review.openCase({ kind: 'post', id: p.id }, ['classify'], 0.5);
    review.decide(c.id, 'analyst-1', p.label === 'propaganda' ? 'violating' : 'not_violating', { label: p.label });
  }
  // A label from another task's vocabulary is left out, not learnt as a new class.
  const odd = review.openCase({ kind: 'post', id: POSTS[6]!.id }, ['x'], 0.1);
  review.decide(odd.id, 'analyst-2', 'not_violating', { label: 'offensive' });

  const r = await retrainFromReviews(store); // base data: the file recorded with v1
  assert.equal(r.baseData, dataPath);
  assert.equal(r.reviewLabels, HARD.length);
  assert.equal(r.ignoredReviewLabels, 1);
  assert.equal(r.examples, BASE.length + HARD.length * 3);
  assert.equal(r.model.version, 2);
  assert.equal(r.model.training.reviewLabels, HARD.length);

  await classifyStore(store);
  const after = scores(store);
  for (const p of POSTS) assert.equal(predicted(after, p.id), p.label, `${p.text}: ${before.get(p.id)} → ${after.get(p.id)}`);
  assert.equal(predicted(after, 'x:100'), 'propaganda', 'the repost follows its original');
  assert.equal(listSignals(store, { detector: 'classify' })[0]!.evidence.version, 2);

  // Without base data (none given, none recorded that exists) it learns from the review labels alone.
  await registerModelFile(store, 'propaganda', base.model);
  const alone = await retrainFromReviews(store, { as: 'shadow', reviewWeight: 1 });
  assert.equal(alone.baseData, null);
  assert.equal(alone.examples, HARD.length);
  assert.equal(alone.model.status, 'shadow');
  await store.close();
});

test('uncertainty sampling: after scoring, the review queue opens cases for the posts nearest 0.5', async () => {
  const store = await storeWithPosts('uncertain.db');
  await registerModelFile(store, 'propaganda', base.model);
  await classifyStore(store);
  const s = [...scores(store)].map(([id, score]) => ({ id, u: Math.abs(score - 0.5) }));
  const opened = reviewService(store).openUncertainCases(3).map((c) => c.subject.id);
  assert.equal(opened.length, 3);
  const picked = s.filter((x) => opened.includes(x.id));
  const rest = s.filter((x) => !opened.includes(x.id));
  assert.ok(Math.max(...picked.map((x) => x.u)) <= Math.min(...rest.map((x) => x.u)), 'no unpicked post is less certain');
  await store.close();
});
