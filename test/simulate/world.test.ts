/**
 * A 2,000-account, 3-day world in X v2 format, read back with plain JSON parsing (independently of
 * the simulator's own statistics): shares of reposts, links and languages, activity concentration,
 * daily rhythm, entity offsets, and the consistency of the ground truth with what was written.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { ORGANIC_LANG_MIX } from '../../src/simulate/vocab/organic.js';
import { lines, makeWorld, postRows, type PostRow, type World } from './helpers.js';

interface Tweet {
  id: string;
  text: string;
  author_id: string;
  created_at: string;
  lang: string;
  referenced_tweets?: Array<{ type: string; id: string }>;
  entities?: {
    hashtags?: Array<{ start: number; end: number; tag: string }>;
    urls?: Array<{ start: number; end: number; url: string; expanded_url: string; media_key?: string }>;
    mentions?: Array<{ start: number; end: number; username: string }>;
  };
}
interface Page {
  data: Tweet[];
  includes: { users: Array<{ id: string; username: string }>; tweets?: Tweet[] };
}

let world: World;
let tweets: Tweet[];
let included: Map<string, Tweet>;
let rows: PostRow[];

before(async () => {
  world = await makeWorld({ accounts: 2000, days: 3, seed: 'stats' });
  tweets = [];
  included = new Map();
  for (const line of lines(join(world.dir, 'tweets.jsonl'))) {
    const page = JSON.parse(line) as Page;
    tweets.push(...page.data);
    for (const t of page.includes.tweets ?? []) included.set(t.id, t);
  }
  rows = postRows(world.dir);
});
after(() => world.cleanup());

const share = (n: number, d: number): number => n / d;
const isRetweet = (t: Tweet): boolean => t.referenced_tweets?.some((r) => r.type === 'retweeted') ?? false;

describe('simulated world: summary statistics', () => {
  it('writes every post once, in time order', () => {
    assert.equal(tweets.length, world.truth.stats.posts);
    assert.equal(new Set(tweets.map((t) => t.id)).size, tweets.length);
    assert.ok(tweets.length > 8000, `${tweets.length} posts`);
    for (let i = 1; i < tweets.length; i++) assert.ok(tweets[i - 1]!.created_at <= tweets[i]!.created_at);
  });

  it('about a third of posts are reposts and about 45% carry a link', () => {
    const reposts = tweets.filter(isRetweet);
    assert.ok(Math.abs(share(reposts.length, tweets.length) - 1 / 3) < 0.06, `reposts ${share(reposts.length, tweets.length)}`);
    const hasLink = (t: Tweet): boolean => {
      const source = isRetweet(t) ? included.get(t.referenced_tweets![0]!.id)! : t;
      return (source.entities?.urls ?? []).some((u) => u.media_key === undefined);
    };
    const links = tweets.filter(hasLink).length;
    assert.ok(Math.abs(share(links, tweets.length) - 0.45) < 0.06, `links ${share(links, tweets.length)}`);
  });

  it('organic originals follow the language mix, with Arabic the majority overall', () => {
    const organic = new Set(rows.filter((r) => r.role === 'organic').map((r) => r.post));
    const originals = tweets.filter((t) => !isRetweet(t) && organic.has(`x:${t.id}`));
    for (const [lang, expected] of Object.entries(ORGANIC_LANG_MIX)) {
      const got = share(originals.filter((t) => t.lang === lang).length, originals.length);
      assert.ok(Math.abs(got - expected) < 0.04, `${lang}: ${got} vs ${expected}`);
    }
    assert.ok(share(tweets.filter((t) => t.lang === 'ar').length, tweets.length) > 0.5);
  });

  it('the network is concentrated: the top 10/112 of members write about half its posts', () => {
    const counts = new Map<string, number>();
    for (const r of rows) if (r.role === 'member') counts.set(r.author, (counts.get(r.author) ?? 0) + 1);
    const sorted = [...counts.values()].sort((a, b) => b - a);
    const k = Math.round((sorted.length * 10) / 112);
    const top = share(sorted.slice(0, k).reduce((a, b) => a + b, 0), sorted.reduce((a, b) => a + b, 0));
    assert.ok(top > 0.38 && top < 0.65, `top share ${top}`);
    assert.ok(Math.abs(top - world.truth.stats.networkTopShare) < 1e-9);
  });

  it('activity and followers are heavy-tailed', () => {
    const perAuthor = new Map<string, number>();
    for (const t of tweets) perAuthor.set(t.author_id, (perAuthor.get(t.author_id) ?? 0) + 1);
    const sorted = [...perAuthor.values()].sort((a, b) => b - a);
    const top1 = sorted.slice(0, Math.ceil(sorted.length / 100)).reduce((a, b) => a + b, 0);
    assert.ok(top1 / tweets.length > 0.08, `top 1% of authors wrote ${top1 / tweets.length}`);
  });

  it('people sleep: Arabic organic posting at 03–05 local time is far below 18–21', () => {
    const organic = new Set(rows.filter((r) => r.role === 'organic').map((r) => r.post));
    const byHour = new Array<number>(24).fill(0);
    for (const t of tweets) if (t.lang === 'ar' && organic.has(`x:${t.id}`)) byHour[(new Date(t.created_at).getUTCHours() + 3) % 24]!++;
    const night = byHour[3]! + byHour[4]! + byHour[5]!;
    const evening = byHour[18]! + byHour[19]! + byHour[20]!;
    assert.ok(night * 3 < evening, `night ${night}, evening ${evening}`);
  });

  it('entity offsets point at the text they name (UTF-16)', () => {
    let checked = 0;
    for (const t of [...tweets, ...included.values()]) {
      for (const h of t.entities?.hashtags ?? []) assert.equal(t.text.slice(h.start, h.end), `#${h.tag}`);
      for (const m of t.entities?.mentions ?? []) assert.equal(t.text.slice(m.start, m.end), `@${m.username}`);
      for (const u of t.entities?.urls ?? []) assert.equal(t.text.slice(u.start, u.end), u.url);
      checked++;
    }
    assert.ok(checked > 1000);
  });

  it('retweets are "RT @handle: …" cut to 140 characters, with the full original included', () => {
    const rts = tweets.filter(isRetweet);
    assert.ok(rts.length > 100);
    for (const rt of rts) {
      assert.ok(rt.text.startsWith('RT @') && rt.text.length <= 140, rt.text);
      assert.ok(included.has(rt.referenced_tweets![0]!.id));
    }
  });
});

describe('simulated world: ground truth', () => {
  it('labels every post, and network messages are propaganda', () => {
    assert.equal(rows.length, tweets.length);
    const propaganda = rows.filter((r) => r.label === 'propaganda');
    assert.ok(propaganda.length > 500);
    assert.ok(propaganda.every((r) => r.role !== 'organic' || r.campaign === ''), 'organic accounts only repost propaganda outside campaigns');
    const labels = lines(join(world.dir, 'labels.tsv'));
    assert.equal(labels[0], 'text\tlabel\taccount');
    assert.equal(labels.length - 1, tweets.filter((t) => !isRetweet(t)).length);
  });

  it('every campaign member posted in that campaign, within its time span', () => {
    const byCampaign = new Map<string, Set<string>>();
    for (const r of rows) if (r.campaign) (byCampaign.get(r.campaign) ?? byCampaign.set(r.campaign, new Set()).get(r.campaign)!).add(r.author);
    const kinds = new Set(world.truth.campaigns.map((c) => c.kind));
    for (const k of ['raid', 'hijack', 'release', 'amplification']) assert.ok(kinds.has(k as never), `campaign kind ${k}`);
    for (const c of world.truth.campaigns) {
      assert.deepEqual([...(byCampaign.get(c.id) ?? [])].sort(), c.members, c.id);
      assert.ok(c.start <= c.end && c.keys.length > 0, c.id);
    }
    const raid = world.truth.campaigns.find((c) => c.kind === 'raid')!;
    assert.ok(raid.members.length >= 12 && raid.end - raid.start < 31 * 60_000, 'a raid is dozens of accounts within minutes');
  });

  it('releases list their copies, which exist as posts of the release campaign', () => {
    const byPost = new Map(rows.map((r) => [r.post, r]));
    assert.ok(world.truth.releases.length >= 3);
    for (const r of world.truth.releases) {
      assert.equal(byPost.get(r.post)?.campaign, r.id);
      assert.ok(r.copies.length > 5);
      for (const c of r.copies) {
        assert.equal(byPost.get(c.post)?.campaign, r.id);
        assert.ok(c.at >= r.at);
      }
      assert.ok(r.copies.some((c) => c.kind === 'copy' && c.url !== r.url), 'some copies use another shortener');
    }
  });

  it('suspensions are in compliance.jsonl; returning accounts appear after them under a handle variant', () => {
    const compliance = lines(join(world.dir, 'compliance.jsonl')).map((l) => JSON.parse(l) as { id: string; reason: string; redacted_at: string });
    assert.deepEqual(compliance.map((c) => `x:${c.id}`).sort(), world.truth.suspensions.map((s) => s.account).sort());
    assert.ok(world.truth.reentries.length >= 2);
    const firstPost = new Map<string, number>();
    for (const t of tweets) if (!firstPost.has(`x:${t.author_id}`)) firstPost.set(`x:${t.author_id}`, Date.parse(t.created_at));
    const byPost = new Map(rows.map((r) => [r.post, r]));
    for (const r of world.truth.reentries) {
      assert.ok(r.createdAt > r.suspendedAt);
      assert.ok(firstPost.has(r.new), `returning account ${r.new} posted`);
      assert.ok(firstPost.get(r.new)! >= r.createdAt);
      assert.notEqual(r.newHandle, r.oldHandle);
      assert.ok(r.shoutouts.every((p) => byPost.get(p)?.label === 'propaganda'));
    }
  });

  it('bot batches repost their customers at regular intervals', () => {
    for (const b of world.truth.botBatches) {
      assert.ok(b.createdTo - b.createdFrom < 2 * 3_600_000, 'created together');
      const times = new Map<string, number[]>();
      const bots = new Set(b.bots);
      for (const t of tweets) if (bots.has(`x:${t.author_id}`)) (times.get(t.author_id) ?? times.set(t.author_id, []).get(t.author_id)!).push(Date.parse(t.created_at));
      assert.ok(times.size > b.bots.length / 2, `${times.size} of ${b.bots.length} bots posted`);
      for (const ts of times.values()) {
        const gaps = ts.slice(1).map((t, i) => t - ts[i]!);
        // Gaps are whole multiples of the period (a bot skips a tick when there is nothing new).
        for (const g of gaps) assert.ok(Math.abs(g / b.intervalMs - Math.round(g / b.intervalMs)) < 0.15, `gap ${g} vs ${b.intervalMs}`);
      }
    }
  });

  it('viral posts are reposted by hundreds of unrelated organic accounts', () => {
    assert.ok(world.truth.virals.length >= 2);
    for (const v of world.truth.virals) assert.ok(v.reposts >= 150, `${v.reposts} reposts`);
  });
});
