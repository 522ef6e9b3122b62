import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EwmaBaseline, DEFAULT_BURST_OPTIONS, kleinbergStates } from '../../../src/detectors/trends/bursts.js';
import { HashtagTrends } from '../../../src/detectors/trends/hashtags.js';
import type { Post, Signal } from '../../../src/model/index.js';
import { mkPost } from '../coordination/qut.js';

const MIN = 60;
/** 3 hours of steady organic use (4–6 posts / 5 min), then one 5-minute bucket of `burst` posts. */
function series(tag: string, burstBy: (i: number) => string, burst = 60, born = false): Post[] {
  const posts: Post[] = [];
  if (!born) {
    for (let b = 0; b < 36; b++) for (let i = 0; i < 4 + (b % 3); i++) posts.push(mkPost(`org${(b * 7 + i) % 40}`, b * 5 * MIN + i * 40, { hashtags: [tag] }));
  }
  for (let i = 0; i < burst; i++) posts.push(mkPost(burstBy(i), 36 * 5 * MIN + i * 4, { hashtags: [tag] }));
  for (let i = 0; i < 5; i++) posts.push(mkPost(`org${i}`, 37 * 5 * MIN + i * 40, { hashtags: [tag] }));
  return posts;
}

function run(posts: Post[], flagged: Set<string>, campaigns = new Map<string, string>()): Signal[] {
  const t = new HashtagTrends({ bucketSec: 300, allowedLatenessSec: 0 }, campaigns);
  const out: Signal[] = [];
  for (const p of [...posts].sort((a, b) => a.createdAt - b.createdAt)) out.push(...t.onPost(p, { flagged }));
  out.push(...t.flush());
  return out;
}

const flagged = new Set(Array.from({ length: 30 }, (_, i) => `x:raider${i}`));
const campaigns = new Map([...flagged].map((a) => [a, 'campaign-1']));

test('a burst driven by flagged accounts in an organic hashtag is a hijack, on the tag and the campaign', () => {
  const signals = run(series('News', (i) => `raider${i % 30}`), flagged, campaigns);
  const kinds = signals.map((s) => `${s.detector}:${s.subject.kind}:${s.subject.id}`);
  assert.deepEqual(kinds, ['trends.burst:hashtag:news', 'trends.hijack:hashtag:news', 'trends.hijack:campaign:campaign-1']);
  const hijack = signals[1]!;
  assert.equal(hijack.evidence.count, 60);
  assert.equal(hijack.evidence.flaggedShare, 1);
  assert.equal(hijack.evidence.usualFlaggedShare, 0);
  assert.equal(hijack.evidence.bucketStart, 36 * 5 * MIN * 1000);
  assert.ok(hijack.score > 0.9);
});

test('an organic burst is a burst, not a hijack; a tag born in the burst is not hijacked', () => {
  const organic = run(series('sport', (i) => `fan${i}`), flagged);
  assert.deepEqual(organic.map((s) => s.detector), ['trends.burst']);
  const born = run(series('orgx', (i) => `raider${i % 30}`, 60, true), flagged, campaigns);
  assert.ok(!born.some((s) => s.detector === 'trends.hijack'));
});

test("a network's own tag stays its own after the public starts reposting it: a later raid is no hijack", () => {
  const posts: Post[] = [];
  // 3 hours of the network's own use, then 3 hours of the public picking the tag up, then a raid.
  for (let b = 0; b < 36; b++) for (let i = 0; i < 5; i++) posts.push(mkPost(`raider${(b + i) % 30}`, b * 5 * MIN + i * 40, { hashtags: ['ember'] }));
  for (let b = 36; b < 72; b++) for (let i = 0; i < 4; i++) posts.push(mkPost(`fan${(b * 4 + i) % 50}`, b * 5 * MIN + i * 40, { hashtags: ['ember'] }));
  for (let i = 0; i < 60; i++) posts.push(mkPost(`raider${i % 30}`, 72 * 5 * MIN + i * 4, { hashtags: ['ember'] }));
  const signals = run(posts, flagged, campaigns);
  const burst = signals.find((s) => s.detector === 'trends.burst');
  assert.ok(burst, 'the raid is a burst');
  assert.ok(Number(burst.evidence.usualFlaggedShare) > 0.5, String(burst.evidence.usualFlaggedShare));
  assert.ok(!signals.some((s) => s.detector === 'trends.hijack'));
});

test('no burst under steady traffic; late posts are dropped and counted', () => {
  const steady = series('calm', (i) => `org${i}`, 5);
  assert.deepEqual(run(steady, flagged), []);
  const t = new HashtagTrends({ allowedLatenessSec: 0 });
  t.onPost(mkPost('a', 10_000, { hashtags: ['x'] }));
  t.onPost(mkPost('a', 1, { hashtags: ['x'] }));
  assert.equal(t.stats().late, 1);
});

test('counts per bucket; snapshot / restore', () => {
  const t = new HashtagTrends({ bucketSec: 60, allowedLatenessSec: 0 });
  for (const at of [0, 10, 59, 60, 200]) t.onPost(mkPost('a', at, { hashtags: ['Tag', 'tag'] }));
  const copy = new HashtagTrends({ bucketSec: 60, allowedLatenessSec: 0 });
  copy.restore(JSON.parse(JSON.stringify(t.snapshot())));
  t.flush();
  copy.flush();
  assert.deepEqual(t.series('TAG'), [
    [0, 3],
    [60_000, 1],
    [180_000, 1],
  ]);
  assert.deepEqual(copy.series('tag'), t.series('tag'));
});

test('EWMA baseline: robust z; empty buckets decay it', () => {
  const b = new EwmaBaseline(DEFAULT_BURST_OPTIONS);
  for (let i = 0; i < 50; i++) b.update(10 + (i % 3));
  assert.ok(!b.isBurst(13));
  assert.ok(b.isBurst(40));
  const before = b.state.mean;
  b.decay(10);
  assert.ok(b.state.mean < before * 0.4);
});

test('Kleinberg two-state: the spike buckets are state 1', () => {
  const counts = [2, 3, 2, 2, 30, 35, 3, 2, 2, 3];
  const totals = counts.map(() => 100);
  assert.deepEqual(kleinbergStates(counts, totals), [0, 0, 0, 0, 1, 1, 0, 0, 0, 0]);
  assert.deepEqual(kleinbergStates([1, 1, 1, 1], [100, 100, 100, 100]), [0, 0, 0, 0]);
});
