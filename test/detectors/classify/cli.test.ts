import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/paths.js';
import { synthetic } from './synthetic.js';

let dir: string;
let cleanup: () => void;
const csvField = (s: string): string => `"${s.replaceAll('"', '""')}"`;

before(() => {
  ({ dir, cleanup } = tempDir());
  // A binary task in CSV with a header, an author column, and one empty text.
  const rows = synthetic(300, 5).filter((e) => e.label !== 'sport');
  const lines = ['id,author,text,label', ...rows.map((e, i) => `${i},${e.group},${csvField(e.text)},${e.label}`), '999,u1,,news'];
  writeFileSync(join(dir, 'data.csv'), lines.join('\n') + '\n');
});
after(() => cleanup());

test('model train → eval --json → predict → cv on a CSV with an author column', async () => {
  const data = join(dir, 'data.csv');
  const out = join(dir, 'model.json');
  const trained = await runCli(['model', 'train', '--data', data, '--text-col', 'text', '--label-col', 'label', '--group-col', 'author', '--out', out, '--json']);
  assert.equal(trained.code, 0, trained.stderr);
  const summary = JSON.parse(trained.stdout) as { data: { emptyText: number; used: number } };
  assert.equal(summary.data.emptyText, 1);
  const model = JSON.parse(readFileSync(out, 'utf8')) as { labels: string[]; positive: string; training: { sha256: string; bytes: number; examples: number }; createdAt: string; options: object; metrics: { holdout: { macroF1: number } } };
  assert.deepEqual(model.labels, ['news', 'recruit']);
  assert.equal(model.training.sha256, createHash('sha256').update(readFileSync(data)).digest('hex'));
  assert.equal(model.training.bytes, readFileSync(data).length);
  assert.ok(!Number.isNaN(Date.parse(model.createdAt)));
  assert.ok(model.metrics.holdout.macroF1 > 0.8);

  const evaluated = await runCli(['model', 'eval', '--model', out, '--data', data, '--text-col', 'text', '--label-col', 'label', '--json']);
  assert.equal(evaluated.code, 0, evaluated.stderr);
  const m = JSON.parse(evaluated.stdout) as { macroF1: number; accuracy: number; auc: number; prAuc: number; confusion: number[][] };
  assert.ok(m.macroF1 > 0.9 && m.accuracy > 0.9 && m.auc > 0.9 && m.prAuc > 0.9, evaluated.stdout);
  assert.equal(m.confusion.flat().reduce((a, b) => a + b, 0), summary.data.used);

  const predicted = await runCli(['model', 'predict', '--model', out, '--explain', '2', '-'], { input: 'join the zorvani caravan brothers\nthe minister presented the budget report\n' });
  assert.equal(predicted.code, 0, predicted.stderr);
  const lines = predicted.stdout.trim().split('\n').map((l) => JSON.parse(l) as { label: string; probability: number; explanation: unknown[] });
  assert.deepEqual(lines.map((l) => l.label), ['recruit', 'news']);
  for (const l of lines) {
    assert.ok(l.probability > 0.5 && l.probability < 1);
    assert.equal(l.explanation.length, 2);
  }

  const cv = await runCli(['model', 'cv', '--data', data, '--text-col', 'text', '--label-col', 'label', '--group-col', 'author', '--folds', '3', '--json']);
  assert.equal(cv.code, 0, cv.stderr);
  const r = JSON.parse(cv.stdout) as { macroF1: number; grouped: boolean; folds: unknown[] };
  assert.ok(r.grouped && r.folds.length === 3 && r.macroF1 > 0.8, cv.stdout.slice(0, 300));
});

test('bad input is a usage error with a message', async () => {
  const r = await runCli(['model', 'train', '--data', join(dir, 'data.csv'), '--text-col', 'body', '--label-col', 'label', '--out', join(dir, 'x.json')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no column "body"/);
});
