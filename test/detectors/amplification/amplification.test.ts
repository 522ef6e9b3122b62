import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addPostStats, automationScore, AUTOMATION_FEATURES, cohorts, emptyStats, entropy, evaluateAmplification, marketClusters, profilePattern, shape,
  type Action, type ClusterAccount,
} from '../../../src/detectors/amplification/index.js';
import { post, T0 } from '../reentry/helpers.js';

const MIN = 60_000;
const DAY = 86_400_000;

describe('automation score', () => {
  const botStats = () => {
    const s = emptyStats();
    for (let i = 0; i < 40; i++) addPostStats(s, post('x:bot', T0 + i * 180 * MIN + (i % 2) * 1000, '', { repostOf: `x:t${i}` as never, client: 'AutoPoster API' }));
    return s;
  };
  const humanStats = () => {
    const s = emptyStats();
    const gaps = [5, 300, 20, 900, 60, 2, 1500, 45, 600, 10, 240, 30];
    let t = T0;
    for (const g of gaps) addPostStats(s, post('x:h', (t += g * MIN), `thoughts about the day number ${t}`, { client: 'Twitter for iPhone' }));
    return s;
  };

  it('scores a machine-regular, default-profile reposter high, with every feature visible', () => {
    const s = automationScore({ handle: 'gain89594248', createdAt: T0 - 5 * DAY, followers: 3, following: 300, defaultAvatar: true }, botStats(), T0 + 5 * DAY);
    assert.ok(s.score > 0.99, String(s.score));
    assert.deepEqual(Object.keys(s.features), [...AUTOMATION_FEATURES]);
    assert.ok(s.features.regularity.value > 0.9);
    assert.equal(s.features.repostShare.value, 1);
    assert.equal(s.features.client.value, 1);
    const sum = Object.values(s.features).reduce((a, f) => a + f.contribution, 0);
    assert.ok(Math.abs(s.logit - (sum - 6)) < 0.01);
  });

  it('scores an irregular long-standing human low', () => {
    const s = automationScore({ handle: 'sophie_reads', bio: 'books', createdAt: T0 - 3000 * DAY, followers: 400, following: 300 }, humanStats(), T0);
    assert.ok(s.score < 0.05, String(s.score));
    assert.equal(s.features.regularity.value, 0);
  });

  it('missing fields score 0, never NaN', () => {
    const s = automationScore({}, undefined, T0);
    for (const f of Object.values(s.features)) assert.ok(Number.isFinite(f.value));
    assert.equal(s.features.young.raw, null);
    assert.ok(s.score < 0.05);
  });

  it('counts duplicate texts', () => {
    const st = emptyStats();
    for (let i = 0; i < 6; i++) addPostStats(st, post('x:d', T0 + i * MIN, i % 2 ? 'BUY followers now' : 'buy  followers NOW'));
    assert.equal(st.duplicates, 5);
    assert.equal(automationScore({}, st, T0).features.duplicateShare.value, 0.833);
  });

  it('handle entropy and shapes', () => {
    assert.equal(entropy('aaaa'), 0);
    assert.ok(entropy('xk3j9q2wz') > 3);
    assert.equal(shape('gain89594248'), 'a4d8');
    assert.equal(shape('@abu_example2.bsky.social'), 'a3_a7d1');
  });
});

describe('follower-market clusters', () => {
  const bots = (stem: string, n: number, created: number): ClusterAccount[] =>
    Array.from({ length: n }, (_, i) => ({ id: `x:${stem}${i}`, handle: `${stem}${10_000_000 + i * 7}`, displayName: `${stem}${100 + i}`, defaultAvatar: true, createdAt: created + i * 40_000 }));
  const humans: ClusterAccount[] = Array.from({ length: 30 }, (_, i) => ({ id: `x:h${i}`, handle: `person${i}`, bio: 'hi', createdAt: T0 - i * 97 * DAY }));
  // Two batches with one seller's pattern, created in the same hour, each serving its own customers.
  const a = bots('gain', 12, T0 - 3 * DAY);
  const b = bots('gain', 10, T0 - 3 * DAY + 600_000).map((x, i) => ({ ...x, id: `x:gainB${i}` }));
  const actions: Action[] = [];
  a.forEach((bot, i) => {
    actions.push({ actor: bot.id, target: 'x:cust1', at: T0 + i * 1000, kind: 'follow' }, { actor: bot.id, target: 'x:cust2', at: T0 + i * 2000, kind: 'repost' });
  });
  b.forEach((bot, i) => actions.push({ actor: bot.id, target: 'x:cust3', at: T0 + i * 1000, kind: 'repost' }));
  // Crowd trap: ordinary accounts all reposting one viral post.
  humans.forEach((h, i) => actions.push({ actor: h.id, target: 'x:viral', at: T0 + i * 1000, kind: 'repost' }));

  it('groups by profile pattern and creation time', () => {
    const cs = cohorts([...a, ...b, ...humans]);
    assert.equal(cs.length, 1);
    assert.equal(cs[0]!.length, 22);
    assert.equal(profilePattern(a[0]!), 'a4d8|a4d3|default|nobio');
  });

  it('splits one cohort by the customers each batch serves, and ignores crowds', () => {
    const automation = (id: string) => (id.startsWith('x:gain') ? 0.9 : 0.05);
    const campaigns = marketClusters(cohorts([...a, ...b, ...humans]), actions, automation);
    assert.equal(campaigns.length, 2);
    const [c1, c2] = [...campaigns].sort((x, y) => (x.id < y.id ? -1 : 1));
    assert.deepEqual(c1!.summary.customers, ['x:cust1', 'x:cust2']);
    assert.equal((c1!.summary.bots as string[]).length, 12);
    assert.deepEqual(c2!.summary.customers, ['x:cust3']);
    assert.equal(c1!.kind, 'amplification');
    assert.ok(c1!.members.includes('x:cust1' as never));
    assert.ok(c1!.edges.length > 0);
    const ev = evaluateAmplification({ botBatches: [
      { id: 'b1', campaign: 'b1', bots: a.map((x) => x.id), customers: ['x:cust1', 'x:cust2'], createdFrom: 0, createdTo: 0, intervalMs: 0 },
      { id: 'b2', campaign: 'b2', bots: b.map((x) => x.id), customers: ['x:cust3'], createdFrom: 0, createdTo: 0, intervalMs: 0 },
    ] }, campaigns);
    assert.equal(ev.precision, 1);
    assert.equal(ev.recall, 1);
  });

  it('needs automated-looking members: the same actions by human-looking accounts make no campaign', () => {
    assert.equal(marketClusters(cohorts([...a, ...b]), actions, () => 0.1).length, 0);
  });
});
