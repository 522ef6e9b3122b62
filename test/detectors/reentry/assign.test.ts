import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assignOneToOne, type AssignCandidate } from '../../../src/detectors/reentry/index.js';

const cands = (o: Record<string, Record<string, number>>) =>
  new Map(Object.entries(o).map(([n, l]) => [n, Object.entries(l).map(([old, logit]): AssignCandidate => ({ old, logit }))]));

describe('one-to-one assignment', () => {
  it('gives a contested old account to the stronger link; the other takes its next candidate', () => {
    const a = assignOneToOne(cands({ n1: { x: 6, y: 1 }, n2: { x: 4, y: 3 } }));
    assert.deepEqual([...a].sort(), [['n1', 'x'], ['n2', 'y']]);
  });

  it('maximises the total, where strongest-pair-first would not', () => {
    // Greedy takes n1→x (5) and leaves n2 with y (0.5): 5.5. Both look-alikes placed right: 4.9 + 4.95.
    const a = assignOneToOne(cands({ n1: { x: 5, y: 4.9 }, n2: { x: 4.95, y: 0.5 } }));
    assert.equal(a.get('n1'), 'y');
    assert.equal(a.get('n2'), 'x');
  });

  it('never assigns a link with log-odds ≤ 0 (unlinked is likelier)', () => {
    const a = assignOneToOne(cands({ n1: { x: 3 }, n2: { x: 2, y: -0.5 }, n3: { z: 0 } }));
    assert.deepEqual([...a], [['n1', 'x']]);
  });

  it('assigns each old account at most once, also in a component too large to solve exactly', () => {
    const big: Record<string, Record<string, number>> = {};
    for (let i = 0; i < 200; i++) big[`n${i}`] = { [`o${i % 120}`]: 1 + (i % 7), [`o${(i * 7) % 120}`]: 2 + (i % 3) };
    for (const input of [big, { n1: { x: 2, y: 2 }, n2: { x: 2, y: 2 }, n3: { x: 2, y: 2 } }]) {
      const a = assignOneToOne(cands(input));
      assert.equal(new Set(a.values()).size, a.size);
      for (const [n, o] of a) assert.ok((input[n]![o] ?? 0) > 0, `${n}→${o} is one of its candidates`);
    }
  });

  it('is deterministic whatever the input order', () => {
    const input = { n2: { x: 2, y: 2 }, n1: { y: 2, x: 2 }, n3: { x: 2, y: 2 } };
    const reversed = Object.fromEntries(Object.entries(input).reverse());
    assert.deepEqual([...assignOneToOne(cands(input))].sort(), [...assignOneToOne(cands(reversed))].sort());
  });
});
