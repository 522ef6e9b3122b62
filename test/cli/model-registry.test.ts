import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { reviewService } from '../../src/cases/review.js';
import { fitFrom } from '../../src/detectors/classify/index.js';
import { accountId, postId } from '../../src/model/index.js';
import { classifyStore } from '../../src/pipeline/classify.js';
import { openStore } from '../../src/store/db.js';
import { IngestWriter } from '../../src/store/ingest-writer.js';
import { listModels } from '../../src/store/models.js';
import { listSignals } from '../../src/store/signals.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { baseExamples, HARD, toTsv } from '../pipeline/classify-data.js';

const tmp = tempDir();
after(() => tmp.cleanup());

test('marsad model register | list | score | retrain | activate on a real store', async () => {
  const db = join(tmp.dir, 'm.db');
  const data = join(tmp.dir, 'base.tsv');
  const modelFile = join(tmp.dir, 'v1.json');
  writeFileSync(data, toTsv(baseExamples(240)));
  const store = await openStore(db);
  const writer = new IngestWriter(store.sqlite);
  writer.begin();
  HARD.forEach((h, i) =>
    writer.writePost({ id: postId('x', String(i + 1)), platform: 'x', authorId: accountId('x', 'a'), createdAt: i, text: h.text, hashtags: [], urls: [], mentions: [], media: [] }, null, 0),
  );
  writer.commit();
  await store.close();

  const cols = ['--text-col', 'text', '--label-col', 'label', '--group-col', 'account'];
  // Trained in-process: `model train` has its own tests, and every CLI run here costs a process start.
  writeFileSync(modelFile, JSON.stringify(fitFrom(baseExamples(240), { positive: 'propaganda' }).model));
  const reg = await runCli(['model', 'register', modelFile, '--task', 'propaganda', '--data', data, ...cols, '--db', db, '--json']);
  assert.equal(reg.code, 0, reg.stderr);
  assert.equal(JSON.parse(reg.stdout).version, 1);

  const score = await runCli(['model', 'score', '--db', db, '--json']);
  assert.equal(score.code, 0, score.stderr);
  const s = JSON.parse(score.stdout) as { signals: number; shadowSignals: number; activeVersion: number };
  assert.deepEqual([s.signals, s.shadowSignals, s.activeVersion], [HARD.length, 0, 1]);

  // Reviewers correct the model on every post; retrain learns from them (base data: recorded with v1).
  const reviewed = await openStore(db);
  const review = reviewService(reviewed);
  HARD.forEach((h, i) => review.decide(review.openCase({ kind: 'post', id: `x:${i + 1}` }, ['classify'], 0.5).id, 'analyst', 'violating', { label: h.label }));
  await reviewed.close();
  const retrain = await runCli(['model', 'retrain', '--task', 'propaganda', '--shadow', '--db', db, '--json']);
  assert.equal(retrain.code, 0, retrain.stderr);
  const r = JSON.parse(retrain.stdout) as { model: { version: number; status: string }; reviewLabels: number; baseData: string };
  assert.deepEqual([r.model.version, r.model.status, r.reviewLabels, r.baseData], [2, 'shadow', HARD.length, data]);

  // Independent runs, in parallel to keep the test fast.
  const [activated, unknown, noModel] = await Promise.all([
    runCli(['model', 'activate', 'propaganda', '2', '--db', db]),
    runCli(['model', 'activate', 'propaganda', '7', '--db', db]),
    runCli(['model', 'score', '--task', 'nothing', '--db', db]),
  ]);
  assert.equal(activated.stdout, 'propaganda v2 is active\n');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no model propaganda v7/);
  assert.equal(noModel.code, 2, 'no active model is a user error');
  assert.match(noModel.stderr, /no active model for task "nothing"/);

  // The new version, scored in-process, agrees with the reviewers.
  const check = await openStore(db);
  assert.deepEqual((await listModels(check.db)).map((m) => `${m.version}:${m.status}`), ['1:retired', '2:active']);
  await classifyStore(check);
  const scored = listSignals(check, { detector: 'classify' }).filter((x) => x.detector === 'classify');
  assert.equal(scored.length, HARD.length);
  for (const x of scored) assert.equal(x.evidence.label, HARD[Number(x.subject.id.slice(2)) - 1]!.label, x.subject.id);
  await check.close();
});
