import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoordinationBatch } from '../../../src/detectors/coordination/batch.js';
import { campaignSignals, detectCampaigns, seededRng } from '../../../src/detectors/coordination/campaigns.js';
import { CampaignSchema, postId, type Post } from '../../../src/model/index.js';
import { mkPost } from './qut.js';

/** Two raid rings acting within seconds of their leader, drowned in organic reposts of popular posts. */
function world(): Post[] {
  const posts: Post[] = [];
  for (let round = 0; round < 6; round++) {
    const t0 = 10_000 + round * 7200;
    for (let i = 0; i < 8; i++) posts.push(mkPost(`ringA${i}`, t0 + i * 2, { repostOf: postId('x', `a-target${round}`) }));
    for (let i = 0; i < 5; i++) posts.push(mkPost(`ringB${i}`, t0 + 900 + i * 3, { text: `Rise up with #OrgX today ${round}`, hashtags: ['OrgX'] }));
  }
  // Organic virality: 2000 fans each repost 3 of 20 popular posts (skewed popularity), soon after
  // each was published: big crowds on the same keys within seconds, as a viral post draws.
  const r = seededRng(5);
  for (let f = 0; f < 2000; f++) {
    const picked = new Set<number>();
    while (picked.size < 3) picked.add(Math.floor(20 * r() * r()));
    for (const k of picked) posts.push(mkPost(`fan${f}`, k * 600 + Math.floor(-300 * Math.log(1 - r())), { repostOf: postId('x', `viral${k}`) }));
  }
  return posts;
}

function edgesOf(posts: Post[], viralGuard: boolean) {
  const b = new CoordinationBatch(['co_retweet', 'co_tweet'], { windowSec: 60, minWeight: 2, viralGuard, viralThreshold: 20 });
  for (const p of posts) b.add(p);
  return [...b.run('co_retweet'), ...b.run('co_tweet')];
}

test('campaigns: the two rings, their keys, span and leader; deterministic', () => {
  const campaigns = detectCampaigns(edgesOf(world(), true));
  assert.equal(campaigns.length, 2);
  const a = campaigns.find((c) => c.members[0] === 'x:ringA0')!;
  const b = campaigns.find((c) => c.members[0] === 'x:ringB0')!;
  assert.deepEqual(a.members, Array.from({ length: 8 }, (_, i) => `x:ringA${i}`));
  assert.equal(b.members.length, 5);
  assert.equal(a.kind, 'coordination'); // six rounds two hours apart: longer than a raid
  assert.ok(a.keys.includes('co_retweet:x:a-target0'));
  assert.ok(b.keys.some((k) => k.startsWith('co_tweet:rise up with #orgx today')));
  assert.equal((a.summary.leaders as { account: string }[])[0]!.account, 'x:ringA0');
  assert.equal(a.summary.volume, 8 * 7 * 6);
  assert.ok(a.score > 0.8, `score ${a.score}`);
  assert.equal(a.start, 10_000_000);
  assert.ok(a.edges.length > 0 && a.edges[0]!.examples.length > 0);
  CampaignSchema.parse(a);
  const brief = (cs: typeof campaigns) => cs.map((c) => [c.id, c.members, c.score, c.keys, c.start, c.end]);
  assert.deepEqual(brief(detectCampaigns(edgesOf(world(), true))), brief(campaigns));
  const signals = campaignSignals(campaigns);
  assert.equal(signals.filter((s) => s.subject.kind === 'campaign').length, 2);
});

test('without the viral guard the organic fans form campaigns too', () => {
  const campaigns = detectCampaigns(edgesOf(world(), false), { useGuardedWeight: false });
  assert.ok(campaigns.some((c) => c.members.some((m) => m.startsWith('x:fan'))));
});

test('a single burst is a raid', () => {
  const posts = Array.from({ length: 6 }, (_, i) => [
    mkPost(`r${i}`, 100 + i, { repostOf: postId('x', 't1') }),
    mkPost(`r${i}`, 200 + i, { repostOf: postId('x', 't2') }),
  ]).flat();
  const [c] = detectCampaigns(edgesOf(posts, true));
  assert.equal(c!.kind, 'raid');
  assert.equal(c!.members.length, 6);
});
