import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoordinationBatch } from '../../../src/detectors/coordination/batch.js';
import type { CoActionType, CoEdge, CoordinationOptions } from '../../../src/detectors/coordination/types.js';
import { postId, type Post } from '../../../src/model/index.js';
import { fixture } from '../../helpers/paths.js';
import { mkPost, qutPosts } from './qut.js';

const run = (posts: Post[], type: CoActionType, opts: Partial<CoordinationOptions> = {}): CoEdge[] => {
  const b = new CoordinationBatch([type], { viralGuard: false, ...opts });
  for (const p of posts) b.add(p);
  return b.run(type).toArray();
};
const nodes = (edges: CoEdge[]): number => new Set(edges.flatMap((e) => [e.source, e.target])).size;
const pairs = (edges: CoEdge[]): string[] => edges.map((e) => `${e.source.slice(2)}>${e.target.slice(2)}:${e.weight}`);

test('QUT co_retweet conformance: node counts on coretweet_test_input.csv', () => {
  const posts = qutPosts(fixture('coordination/coretweet_test_input.csv'));
  assert.equal(posts.length, 15);
  const cases: [number, number, boolean, number][] = [
    [1, 1, false, 2],
    [1, 1, true, 3],
    [1, 2, false, 0],
    [1, 2, true, 1],
    [60, 1, false, 6],
    [60, 1, true, 7],
  ];
  for (const [windowSec, minWeight, selfLoops, expected] of cases) {
    const edges = run(posts, 'co_retweet', { windowSec, minWeight, selfLoops });
    assert.equal(nodes(edges), expected, `window ${windowSec}, min weight ${minWeight}, loops ${selfLoops}`);
  }
  // The edges themselves at window 60: both directions, weights per distinct post.
  assert.deepEqual(pairs(run(posts, 'co_retweet', { windowSec: 60, selfLoops: true })), [
    'uid0>uid0:2',
    'uid0>uid1:2',
    'uid1>uid0:1',
    'uid10>uid10:2',
    'uid2>uid3:1',
    'uid3>uid2:1',
    'uid4>uid5:2',
    'uid5>uid4:2',
  ]);
});

test('window is inclusive: a gap of exactly w matches, w + 1 does not', () => {
  for (const [gap, expected] of [
    [60, 1],
    [61, 0],
  ] as const) {
    const posts = [mkPost('a', 1000, { repostOf: postId('x', 'r') }), mkPost('b', 1000 + gap, { repostOf: postId('x', 'r') })];
    assert.equal(run(posts, 'co_retweet', { windowSec: 60 }).length, expected * 2, `gap ${gap}`);
  }
});

test('co_tweet: lower-case, mentions removed, whitespace collapsed; reposts and empty texts excluded', () => {
  const posts = [
    mkPost('a', 0, { text: 'Join the  RAID now @alice' }),
    mkPost('b', 10, { text: '@bob join the raid\nnow' }),
    mkPost('c', 20, { text: 'join the raid now', repostOf: postId('x', 'z') }),
    mkPost('d', 30, { text: '@only' }),
    mkPost('e', 31, { text: '@mention' }),
    mkPost('f', 40, { text: 'join the raid now!' }),
  ];
  assert.deepEqual(pairs(run(posts, 'co_tweet')), ['a>b:1', 'b>a:1']);
});

test('co_similar_tweet: Jaccard of token sets >= threshold', () => {
  const base = 'the quick brown fox jumped over the lazy dog near the river bank today';
  const posts = [
    mkPost('a', 0, { text: base }),
    mkPost('b', 5, { text: `${base} again` }), // 12 of 13 tokens shared → 0.92
    mkPost('c', 9, { text: 'the quick brown fox sat quietly' }),
    mkPost('d', 500, { text: base }), // outside the window
  ];
  assert.deepEqual(pairs(run(posts, 'co_similar_tweet')), ['a>b:1', 'b>a:1']);
  assert.deepEqual(pairs(run(posts, 'co_similar_tweet', { similarityThreshold: 0.95 })), []);
});

test('co_link, co_reply, co_hashtag, co_mention: shared keys; multi-key posts count once per account', () => {
  const u1 = 'https://example.org/a';
  const u2 = 'https://example.org/b';
  const links = [mkPost('a', 0, { urls: [u1, u2] }), mkPost('b', 1, { urls: [u2, u1] }), mkPost('c', 2, { urls: [] }), mkPost('d', 3, { urls: [] })];
  assert.deepEqual(pairs(run(links, 'co_link')), ['a>b:1', 'b>a:1']);
  const replies = [mkPost('a', 0, { replyTo: postId('x', '9') }), mkPost('b', 30, { replyTo: postId('x', '9') }), mkPost('c', 30, { replyTo: postId('x', '8') })];
  assert.deepEqual(pairs(run(replies, 'co_reply')), ['a>b:1', 'b>a:1']);
  const tags = [mkPost('a', 0, { hashtags: ['Raid', 'x'] }), mkPost('b', 2, { hashtags: ['raid'] }), mkPost('c', 3, { hashtags: ['raid'], repostOf: postId('x', '1') })];
  assert.deepEqual(pairs(run(tags, 'co_hashtag')), ['a>b:1', 'b>a:1']);
  const mentions = [mkPost('a', 0, { mentions: [{ handle: 'Target' }] }), mkPost('b', 2, { mentions: [{ handle: 'target' }] })];
  assert.deepEqual(pairs(run(mentions, 'co_mention')), ['a>b:1', 'b>a:1']);
});

test('co_media: same sha256, or PDQ within Hamming 31', () => {
  const pdq = 'f'.repeat(64);
  const near = '0'.repeat(7) + 'f'.repeat(57); // 28 bits differ
  const far = '0'.repeat(8) + 'f'.repeat(56); // 32 bits differ
  const posts = [
    mkPost('a', 0, { media: [{ kind: 'image', pdq }] }),
    mkPost('b', 1, { media: [{ kind: 'image', pdq: near }] }),
    mkPost('c', 2, { media: [{ kind: 'image', pdq: far }] }),
    mkPost('d', 3, { media: [{ kind: 'image', sha256: 'AB' }] }),
    mkPost('e', 4, { media: [{ kind: 'image', sha256: 'ab' }] }),
    mkPost('f', 5, { media: [{ kind: 'image', pdq: near, pdqQuality: 10 }] }),
  ];
  assert.deepEqual(pairs(run(posts, 'co_media')), ['a>b:1', 'b>a:1', 'b>c:1', 'c>b:1', 'd>e:1', 'e>d:1']);
});

test('evidence: nearest pairs, gaps, who led', () => {
  const r = { repostOf: postId('x', 'r') };
  const posts = [mkPost('lead', 0, r), mkPost('follow', 3, r), mkPost('lead', 100, r), mkPost('follow', 102, r), mkPost('follow', 104, r)];
  const ab = run(posts, 'co_retweet', { windowSec: 10 }).find((e) => e.source === 'x:lead');
  assert.equal(ab!.weight, 2);
  assert.equal(ab!.sourceLed, 2);
  assert.equal(ab!.targetLed, 0);
  assert.deepEqual(ab!.pairs.map((p) => p.gapMs), [3000, 2000]);
  assert.equal(ab!.pairs[0]!.key, 'co_retweet:x:r');
  assert.equal(ab!.meanAbsGapMs, 2500);
});

test('viral guard: a key crowded by many accounts is down-weighted; raw weight kept', () => {
  const posts: Post[] = [];
  for (let i = 0; i < 200; i++) posts.push(mkPost(`fan${i}`, i * 0.1, { repostOf: postId('x', 'viral') }));
  for (let i = 0; i < 5; i++) posts.push(mkPost(`raid${i}`, 1000 + i, { repostOf: postId('x', 'raid') }));
  const guarded = run(posts, 'co_retweet', { viralGuard: true, viralThreshold: 50, minWeight: 1 });
  assert.ok(guarded.every((e) => e.source.startsWith('x:raid')), 'only the raid survives');
  assert.equal(guarded.length, 20);
  const raw = run(posts, 'co_retweet', { viralGuard: false });
  assert.equal(raw.length, 200 * 199 + 20);
  const fan = run(posts, 'co_retweet', { viralGuard: true, minWeight: 0 }).find((e) => e.source === 'x:fan0')!;
  assert.equal(fan.weight, 1);
  assert.equal(fan.guardedWeight, 0.25);
});
