import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyPlatt, fitPlatt } from '../../../src/detectors/classify/calibrate.js';
import { rng } from '../../../src/detectors/classify/random.js';

test('Platt scaling recovers the sigmoid that generated the labels', () => {
  const random = rng(3);
  const scores: number[] = [];
  const labels: boolean[] = [];
  for (let i = 0; i < 20000; i++) {
    const s = random() * 6 - 3;
    scores.push(s);
    labels.push(random() < 1 / (1 + Math.exp(-(2 * s - 1))));
  }
  const p = fitPlatt(scores, labels);
  assert.ok(Math.abs(p.a + 2) < 0.15, `a = ${p.a}`);
  assert.ok(Math.abs(p.b - 1) < 0.15, `b = ${p.b}`);
  assert.ok(applyPlatt(p, 3) > 0.9 && applyPlatt(p, -3) < 0.05);
});

test('a separable hold-out stays short of 0 and 1 (Platt targets)', () => {
  const p = fitPlatt([-2, -1, 1, 2], [false, false, true, true]);
  assert.ok(applyPlatt(p, 2) < 1 && applyPlatt(p, -2) > 0);
  assert.ok(applyPlatt(p, 2) > 0.5 && applyPlatt(p, -2) < 0.5);
});
