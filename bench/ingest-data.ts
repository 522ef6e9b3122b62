/**
 * Generators of realistic platform records for the ingest bench: the same shapes the real fixtures
 * have (twarc2 pages, v1.1 tweets, Jetstream events), with entities, reposts and users, written as
 * JSONL. Deterministic (a seeded generator), so figures compare across runs.
 */
import { mulberry32 as rng } from '../src/detectors/random.js';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';


const WORDS = ['news', 'today', 'city', 'match', 'team', 'weather', 'market', 'الأخبار', 'اليوم', 'المدينة', 'مباراة', 'الطقس', 'monde', 'heute'];
const TAGS = ['news', 'sport', 'weather', 'أخبار', 'رياضة', 'market', 'football'];

function sentence(r: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(r() * WORDS.length)]!);
  return out.join(' ');
}

const BASE_MS = Date.UTC(2026, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '.000Z');

function xUser(id: number) {
  return {
    id: String(1_000_000 + id),
    username: `user_${id}`,
    name: `User ${id}`,
    description: 'a bio with #tags',
    created_at: iso(BASE_MS - id * 86_400_000),
    profile_image_url: 'https://pbs.twimg.com/profile_images/1/a_normal.jpg',
    verified: false,
    protected: false,
    public_metrics: { followers_count: id % 1000, following_count: 100, tweet_count: 500, listed_count: 0 },
  };
}

/** A tweet's content depends on its number only, so a retweeted original is the same tweet every time. */
function xV2Tweet(n: number, users: number) {
  const r = rng(n + 1);
  const author = Math.floor(r() * users);
  const tag = TAGS[Math.floor(r() * TAGS.length)]!;
  const body = `${sentence(r, 8)} #${tag} https://t.co/abc${n}`;
  const tagStart = body.indexOf('#');
  const urlStart = body.indexOf('https://');
  return {
    id: String(1_700_000_000_000_000_000n + BigInt(n)),
    author_id: String(1_000_000 + author),
    created_at: iso(BASE_MS + n * 100),
    text: body,
    lang: 'en',
    conversation_id: String(1_700_000_000_000_000_000n + BigInt(n)),
    source: 'Twitter for Android',
    public_metrics: { retweet_count: 0, reply_count: 0, like_count: 0, quote_count: 0 },
    entities: {
      hashtags: [{ start: tagStart, end: tagStart + tag.length + 1, tag }],
      urls: [{ start: urlStart, end: body.length, url: `https://t.co/abc${n}`, expanded_url: `https://example.com/story/${n % 5000}?utm_source=x`, display_url: 'example.com/story' }],
    },
  };
}

async function writeLines(path: string, count: number, line: (i: number) => string): Promise<void> {
  const out = createWriteStream(path);
  let buffer = '';
  for (let i = 0; i < count; i++) {
    buffer += line(i) + '\n';
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

/** twarc2 pages of 100 tweets; a third are retweets whose originals travel in includes.tweets. */
export async function writeXV2(path: string, posts: number, seed = 1): Promise<void> {
  const r = rng(seed);
  const users = Math.max(100, posts / 20);
  const perPage = 100;
  await writeLines(path, Math.ceil(posts / perPage), (page) => {
    const data = [];
    const included = [];
    const authors = new Set<number>();
    for (let i = 0; i < perPage; i++) {
      const n = page * perPage + i;
      const tweet = xV2Tweet(n, users) as ReturnType<typeof xV2Tweet> & { referenced_tweets?: { type: string; id: string }[] };
      authors.add(Number(tweet.author_id) - 1_000_000);
      if (n % 3 === 0 && n > 0) {
        let m = n - 1 - Math.floor(r() * Math.min(n, 1000));
        if (m % 3 === 0 && m > 0) m -= 1; // originals are never retweets themselves
        const original = xV2Tweet(m, users);
        tweet.text = `RT @user_${Number(original.author_id) - 1_000_000}: ${original.text.slice(0, 100)}`;
        tweet.referenced_tweets = [{ type: 'retweeted', id: original.id }];
        included.push(original);
      }
      data.push(tweet);
    }
    return JSON.stringify({
      data,
      includes: { users: [...authors].map(xUser), tweets: included },
      meta: { result_count: data.length },
      __twarc: { url: 'https://api.twitter.com/2/tweets/search/all', version: '2.14.0', retrieved_at: iso(BASE_MS) },
    });
  });
}

const V1_DATE = (ms: number) => {
  const d = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`;
};

/** One v1.1 tweet per line, with its user and entities; a third are retweets. */
export async function writeXV1(path: string, posts: number, seed = 2): Promise<void> {
  const users = Math.max(100, posts / 20);
  const tweet = (n: number): Record<string, unknown> => {
    const r = rng(seed * 1_000_003 + n);
    const author = Math.floor(r() * users);
    const tag = TAGS[Math.floor(r() * TAGS.length)]!;
    const text = `${sentence(r, 8)} #${tag}`;
    return {
      created_at: V1_DATE(BASE_MS + n * 100),
      id: 1_700_000_000_000_000_000 + n,
      id_str: String(1_700_000_000_000_000_000n + BigInt(n)),
      text,
      source: '<a href="http://twitter.com/download/android" rel="nofollow">Twitter for Android</a>',
      truncated: false,
      lang: 'en',
      user: {
        id: 1_000_000 + author,
        id_str: String(1_000_000 + author),
        screen_name: `user_${author}`,
        name: `User ${author}`,
        description: 'bio',
        followers_count: author % 1000,
        friends_count: 100,
        statuses_count: 500,
        created_at: V1_DATE(BASE_MS - author * 86_400_000),
        default_profile_image: false,
        profile_image_url_https: 'https://pbs.twimg.com/profile_images/1/a_normal.jpg',
      },
      entities: {
        hashtags: [{ text: tag, indices: [text.indexOf('#'), text.length] }],
        urls: [],
        user_mentions: [],
        symbols: [],
      },
    };
  };
  await writeLines(path, posts, (n) => {
    const t = tweet(n);
    if (n % 3 === 0 && n > 0) {
      const original = tweet(n - 1);
      t.retweeted_status = original;
      t.text = `RT @${(original.user as { screen_name: string }).screen_name}: ${String(original.text).slice(0, 100)}`;
    }
    return JSON.stringify(t);
  });
}

/**
 * Jetstream events in the firehose's own proportions (Bluesky's public daily counts, 2024–25: likes
 * are about 60% of commits, posts and reposts about 12% each, follows about 15%): posts with facets,
 * reposts, follows, and likes (counted, not kept).
 */
export async function writeJetstream(path: string, events: number, seed = 3): Promise<void> {
  const r = rng(seed);
  const users = Math.max(100, events / 20);
  const did = (i: number) => `did:plc:bench${i.toString(36).padStart(8, '0')}`;
  await writeLines(path, events, (n) => {
    const author = did(Math.floor(r() * users));
    const timeUs = (BASE_MS + n * 10) * 1000;
    const rkey = `3l${n.toString(36).padStart(11, '0')}`;
    const kind = r();
    const base = { did: author, time_us: timeUs, kind: 'commit' };
    if (kind < 0.12) {
      const tag = TAGS[Math.floor(r() * TAGS.length)]!;
      const text = `${sentence(r, 8)} #${tag}`;
      const byteStart = Buffer.byteLength(text.slice(0, text.indexOf('#')));
      return JSON.stringify({
        ...base,
        commit: {
          rev: rkey, operation: 'create', collection: 'app.bsky.feed.post', rkey, cid: `bafy${n}`,
          record: {
            $type: 'app.bsky.feed.post', createdAt: new Date(timeUs / 1000).toISOString(), langs: ['en'], text,
            facets: [{ index: { byteStart, byteEnd: Buffer.byteLength(text) }, features: [{ $type: 'app.bsky.richtext.facet#tag', tag }] }],
          },
        },
      });
    }
    if (kind < 0.25) {
      const subject = `at://${did(Math.floor(r() * users))}/app.bsky.feed.post/3l${Math.floor(r() * n).toString(36).padStart(11, '0')}`;
      return JSON.stringify({ ...base, commit: { rev: rkey, operation: 'create', collection: 'app.bsky.feed.repost', rkey, cid: `bafy${n}`,
        record: { $type: 'app.bsky.feed.repost', createdAt: new Date(timeUs / 1000).toISOString(), subject: { uri: subject, cid: 'bafyx' } } } });
    }
    if (kind < 0.40) {
      return JSON.stringify({ ...base, commit: { rev: rkey, operation: 'create', collection: 'app.bsky.graph.follow', rkey, cid: `bafy${n}`,
        record: { $type: 'app.bsky.graph.follow', createdAt: new Date(timeUs / 1000).toISOString(), subject: did(Math.floor(r() * users)) } } });
    }
    return JSON.stringify({ ...base, commit: { rev: rkey, operation: 'create', collection: 'app.bsky.feed.like', rkey, cid: `bafy${n}`,
      record: { $type: 'app.bsky.feed.like', createdAt: new Date(timeUs / 1000).toISOString(), subject: { uri: `at://${author}/app.bsky.feed.post/x`, cid: 'bafyx' } } } });
  });
}
