import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoordinationBatch } from '../../../src/detectors/coordination/batch.js';
import { normalizeMessage, tokenSet } from '../../../src/detectors/coordination/features.js';
import { sortedJaccard } from '../../../src/detectors/coordination/near.js';
import { jaccard } from '../../../src/hashing/minhash.js';
import type { Post } from '../../../src/model/index.js';
import { mkPost } from './qut.js';

test("tokens and normalisation as QUT's similarity.py (its own test cases)", () => {
  assert.equal(tokenSet('hello').join(' '), 'hello');
  assert.equal(tokenSet('The quick brown fox jumped over the lazy dog.').join(' '), '. brown dog fox jumped lazy over quick the');
  assert.equal(tokenSet('').join(' '), '');
  assert.equal(normalizeMessage('RT @user: Hello   World\n@x'), 'rt hello world');
  assert.deepEqual(tokenSet('انضموا إلى #الحملة الآن @حساب'), ['#', 'إلى', 'الآن', 'الحملة', 'انضموا']);
});

test('sorted-merge Jaccard equals the hashing helper on sets', () => {
  const a = tokenSet('a b c d e f');
  const b = tokenSet('d e f g h');
  assert.equal(sortedJaccard(a, b), jaccard(new Set(a), new Set(b)));
});

test('co_similar_tweet through LSH finds the same edges as exact all-pairs on random texts', () => {
  let seed = 11;
  const r = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const vocab = Array.from({ length: 40 }, (_, i) => `w${i}`);
  const bases = Array.from({ length: 8 }, () => Array.from({ length: 12 }, () => vocab[Math.floor(r() * 40)]!));
  const posts: Post[] = [];
  for (let i = 0; i < 600; i++) {
    const words = [...bases[Math.floor(r() * 8)]!];
    for (let k = 0; k < 3; k++) if (r() < 0.4) words[Math.floor(r() * 12)] = vocab[Math.floor(r() * 40)]!;
    posts.push(mkPost(`u${Math.floor(r() * 60)}`, Math.floor(r() * 3000), { text: words.join(' ') }));
  }
  const threshold = 0.7;
  const W = 60_000;
  const exact = new Map<string, Set<string>>();
  const toks = posts.map((p) => tokenSet(p.text));
  posts.forEach((p, i) =>
    posts.forEach((q, j) => {
      if (i === j || p.authorId === q.authorId || Math.abs(p.createdAt - q.createdAt) > W || sortedJaccard(toks[i]!, toks[j]!) < threshold) return;
      const e = `${p.authorId}>${q.authorId}`;
      if (!exact.has(e)) exact.set(e, new Set());
      exact.get(e)!.add(p.id);
    }),
  );
  const b = new CoordinationBatch(['co_similar_tweet'], { similarityThreshold: threshold, viralGuard: false });
  for (const p of posts) b.add(p);
  const got = new Map(b.run('co_similar_tweet').toArray().map((e) => [`${e.source}>${e.target}`, e.weight]));
  assert.ok(exact.size > 200, `exact edges ${exact.size}`);
  let missed = 0;
  for (const [e, ps] of exact) if (got.get(e) !== ps.size) missed++;
  assert.ok(missed / exact.size <= 0.02, `missed ${missed} of ${exact.size}`);
  for (const e of got.keys()) assert.ok(exact.has(e), `spurious ${e}`);
});
