import { mulberry32 } from '../../../src/detectors/random.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoordinationBatch } from '../../../src/detectors/coordination/batch.js';
import { CoordinationStream } from '../../../src/detectors/coordination/stream.js';
import { CO_ACTION_TYPES, type CoordinationOptions } from '../../../src/detectors/coordination/types.js';
import { postId, type Post } from '../../../src/model/index.js';
import { fixture } from '../../helpers/paths.js';
import { mkPost, qutPosts } from './qut.js';

const rng = mulberry32;

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'omega', 'sigma', 'tau', 'rho', 'mu', 'nu'];
const PDQ = ['f'.repeat(64), '0'.repeat(6) + 'f'.repeat(58), '0'.repeat(64), 'a'.repeat(64)];

function randomPosts(seed: number, n: number): Post[] {
  const r = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  const posts: Post[] = [];
  for (let i = 0; i < n; i++) {
    const at = Math.floor(r() * 900);
    const words = Array.from({ length: 4 + Math.floor(r() * 3) }, () => pick(WORDS));
    posts.push(
      mkPost(`u${Math.floor(r() * 25)}`, at + (r() < 0.2 ? 0.5 : 0), {
        text: `${r() < 0.3 ? 'Alpha beta  gamma delta' : words.join(' ')} ${r() < 0.3 ? '@someone' : ''}`,
        ...(r() < 0.3 ? { repostOf: postId('x', `t${Math.floor(r() * 5)}`) } : {}),
        ...(r() < 0.2 ? { replyTo: postId('x', `t${Math.floor(r() * 4)}`) } : {}),
        urls: r() < 0.4 ? [`https://e.org/${Math.floor(r() * 4)}`, ...(r() < 0.3 ? ['https://e.org/x'] : [])] : [],
        hashtags: r() < 0.5 ? [pick(['Raid', 'raid', 'news', 'sport'])] : [],
        mentions: r() < 0.3 ? [{ handle: pick(['a', 'b', 'c']) }] : [],
        media: r() < 0.3 ? [{ kind: 'image', pdq: pick(PDQ), ...(r() < 0.3 ? { sha256: 'aa' } : {}) }] : [],
      }),
    );
  }
  return posts;
}

/** Event-time order, then local disorder of at most `lateness` seconds. */
function jitter(posts: Post[], seed: number, latenessSec: number): Post[] {
  const r = rng(seed);
  return [...posts]
    .map((p) => ({ p, k: p.createdAt + r() * latenessSec * 1000 }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.p);
}

const opts: Partial<CoordinationOptions> = { windowSec: 30, minWeight: 1, selfLoops: true, viralGuard: true, viralThreshold: 3, maxEvidence: 3, similarityThreshold: 0.6 };

test('streaming equals batch on random inputs, all types, out-of-order within the allowed lateness', () => {
  for (const seed of [1, 2, 3]) {
    const posts = randomPosts(seed, 400);
    const batch = new CoordinationBatch(CO_ACTION_TYPES, opts);
    for (const p of posts) batch.add(p);
    const stream = new CoordinationStream(CO_ACTION_TYPES, { ...opts, allowedLatenessSec: 20 });
    for (const p of jitter(posts, seed, 20)) stream.onPost(p);
    stream.flush();
    assert.equal(stream.stats().late, 0);
    for (const type of CO_ACTION_TYPES) {
      const expected = batch.run(type).toArray();
      assert.ok(expected.length > 0, `seed ${seed} ${type} has edges`);
      assert.deepEqual(stream.edges(type).toArray(), expected, `seed ${seed} ${type}`);
    }
  }
});

test('streaming equals batch on the QUT fixture', () => {
  const posts = qutPosts(fixture('coordination/coretweet_test_input.csv'));
  for (const windowSec of [1, 60]) {
    const o = { windowSec, selfLoops: true, viralGuard: false };
    const batch = new CoordinationBatch(['co_retweet'], o);
    for (const p of posts) batch.add(p);
    const stream = new CoordinationStream(['co_retweet'], { ...o, allowedLatenessSec: 300 });
    for (const p of posts) stream.onPost(p); // file order is not time order
    stream.flush();
    assert.deepEqual(stream.edges('co_retweet').toArray(), batch.run('co_retweet').toArray());
  }
});

test('memory is bounded by the window: old posts are evicted; too-late posts are counted and dropped', () => {
  const stream = new CoordinationStream(['co_retweet'], { windowSec: 10, allowedLatenessSec: 5 });
  for (let i = 0; i < 2000; i++) stream.onPost(mkPost(`u${i % 7}`, i, { repostOf: postId('x', `r${i % 3}`) }));
  // 2·window + lateness + 1 s of posts at one post per second.
  assert.ok(stream.stats().live <= 2 * 10 + 5 + 2, `live ${stream.stats().live}`);
  stream.onPost(mkPost('u1', 100, { repostOf: postId('x', 'r1') }));
  assert.equal(stream.stats().late, 1);
});

test('signals when an edge reaches the minimum weight, once', () => {
  const stream = new CoordinationStream(['co_retweet'], { windowSec: 10, minWeight: 2, allowedLatenessSec: 0, viralGuard: false });
  const signals = [];
  for (const [who, at, target] of [
    ['a', 0, 'r1'],
    ['b', 1, 'r1'],
    ['a', 50, 'r2'],
    ['b', 52, 'r2'],
    ['a', 100, 'r3'],
    ['b', 101, 'r3'],
  ] as const) {
    signals.push(...stream.onPost(mkPost(who, at, { repostOf: postId('x', target) })));
  }
  signals.push(...stream.flush());
  assert.deepEqual(
    signals.map((s) => `${s.subject.id}>${String(s.evidence.peer)}`),
    ['x:a>x:b', 'x:b>x:a'],
  );
  assert.equal(signals[0]!.detector, 'coordination.co_retweet');
});

test('snapshot / restore mid-stream gives the same result as an uninterrupted run', () => {
  const posts = jitter(randomPosts(7, 300), 7, 10);
  const o = { ...opts, allowedLatenessSec: 10 };
  const whole = new CoordinationStream(CO_ACTION_TYPES, o);
  for (const p of posts) whole.onPost(p);
  whole.flush();
  const first = new CoordinationStream(CO_ACTION_TYPES, o);
  for (const p of posts.slice(0, 150)) first.onPost(p);
  const state = JSON.parse(JSON.stringify(first.snapshot()));
  const second = new CoordinationStream(CO_ACTION_TYPES, o);
  second.restore(state);
  for (const p of posts.slice(150)) second.onPost(p);
  second.flush();
  for (const type of CO_ACTION_TYPES) assert.deepEqual(second.edges(type).toArray(), whole.edges(type).toArray(), type);
});

test('partition keys: one per co-action key', () => {
  const stream = new CoordinationStream(['co_retweet', 'co_hashtag']);
  assert.deepEqual(stream.partitionKeys(mkPost('a', 0, { hashtags: ['A', 'b'] })), ['co_hashtag:a', 'co_hashtag:b']);
});
