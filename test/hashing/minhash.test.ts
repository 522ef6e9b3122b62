import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateJaccard, jaccard, minhashSignature } from '../../src/hashing/minhash.js';
import { LshIndex, candidateProbability, lshParams } from '../../src/hashing/lsh.js';

/** Sets {0..n-1} and {k..k+n-1} as strings: Jaccard (n-k)/(n+k). */
function shifted(n: number, k: number): [Set<string>, Set<string>] {
  const a = new Set<string>();
  const b = new Set<string>();
  for (let i = 0; i < n; i++) {
    a.add(`w${i} w${i + 1}`);
    b.add(`w${i + k} w${i + k + 1}`);
  }
  return [a, b];
}

test('jaccard is exact', () => {
  assert.equal(jaccard(new Set([1, 2, 3]), new Set([2, 3, 4])), 0.5);
  assert.equal(jaccard(new Set(), new Set()), 1);
  assert.equal(jaccard(new Set(['a']), new Set()), 0);
});

test('minhash is deterministic, seed-dependent and 128 values by default', () => {
  const s = ['alpha beta', 'beta gamma', 'gamma delta'];
  const a = minhashSignature(s);
  assert.equal(a.length, 128);
  assert.deepEqual(a, minhashSignature([...s].reverse()));
  assert.deepEqual(a, minhashSignature([...s, 'alpha beta']));
  assert.notDeepEqual(a, minhashSignature(s, 128, 7));
  assert.equal(minhashSignature(s, 64).length, 64);
});

test('estimateJaccard tracks the true Jaccard within sampling error', () => {
  for (const [n, k] of [[200, 0], [200, 20], [200, 67], [200, 200], [60, 10]] as const) {
    const [a, b] = shifted(n, k);
    const truth = jaccard(a, b);
    const est = estimateJaccard(minhashSignature(a, 512), minhashSignature(b, 512));
    // sd of the estimate is sqrt(J(1-J)/512) <= 0.023; allow 4 sd
    assert.ok(Math.abs(est - truth) < 0.09, `n=${n} k=${k}: est ${est} vs ${truth}`);
  }
  // Averaged over many seeds the estimator is unbiased to within 0.01.
  const [a, b] = shifted(100, 25); // J = 0.6
  let sum = 0;
  for (let seed = 1; seed <= 40; seed++) sum += estimateJaccard(minhashSignature(a, 128, seed), minhashSignature(b, 128, seed));
  assert.ok(Math.abs(sum / 40 - 0.6) < 0.015, `mean ${sum / 40}`);
});

test('lshParams keeps false negatives at the threshold low and false positives far below it low', () => {
  for (const t of [0.5, 0.7, 0.8, 0.9]) {
    const p = lshParams(t, 128);
    assert.ok(p.bands * p.rows <= 128);
    assert.ok(candidateProbability(t, p) >= 0.99, `t=${t} ${JSON.stringify(p)}`);
    assert.ok(candidateProbability(t / 3, p) < 0.2, `t=${t} ${JSON.stringify(p)}`);
  }
});

test('LshIndex finds near-duplicates, not unrelated sets, and supports remove and re-add', () => {
  const params = lshParams(0.8, 128);
  const index = new LshIndex<string>(params);
  const base = shifted(100, 0)[0];
  const near = shifted(100, 5)[1]; // J ≈ 0.90
  for (let doc = 0; doc < 300; doc++) {
    const s = new Set<string>();
    for (let i = 0; i < 50; i++) s.add(`d${doc} t${i}`);
    index.add(`other${doc}`, minhashSignature(s));
  }
  index.add('base', minhashSignature(base));
  assert.equal(index.size, 301);
  assert.deepEqual(index.query(minhashSignature(near)), ['base']);
  assert.deepEqual(index.query(minhashSignature(shifted(100, 60)[1])), []); // J = 0.25
  index.remove('base');
  assert.deepEqual(index.query(minhashSignature(near)), []);
  index.add('base2', minhashSignature(base));
  index.add('base2', minhashSignature(base)); // re-adding a key replaces it
  assert.deepEqual(index.query(minhashSignature(near)), ['base2']);
  assert.equal(index.size, 301);
  assert.throws(() => index.query(new Uint32Array(10)), RangeError);
});

test('LshIndex sweeps removed entries and reuses their ids', () => {
  const index = new LshIndex<number>({ bands: 16, rows: 4 });
  const sig = (n: number) => minhashSignature([`x${n}`, `y${n}`], 64);
  for (let i = 0; i < 3000; i++) index.add(i, sig(i));
  for (let i = 0; i < 2500; i++) index.remove(i);
  assert.equal(index.size, 500);
  for (let i = 0; i < 3000; i++) assert.deepEqual(index.query(sig(i)), i < 2500 ? [] : [i]);
  for (let i = 0; i < 2500; i++) index.add(i, sig(i));
  for (let i = 0; i < 3000; i += 7) assert.deepEqual(index.query(sig(i)), [i]);
});
