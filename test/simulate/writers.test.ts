/**
 * The writers assemble JSON and CSV from bytes instead of `JSON.stringify`: these tests feed them posts
 * whose text has what escaping must handle (quotes, backslashes, newlines, tabs, HTML, emoji, Arabic)
 * and check what the platforms' own parsers read back against the object path (`renderX`, byte
 * lengths). Synthetic text only, in the invented organisation's style.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { IoCsvWriter } from '../../src/simulate/formats/csv.js';
import type { FormatWriter, WriterContext } from '../../src/simulate/formats/common.js';
import { displayUrl } from '../../src/simulate/formats/common.js';
import { JetstreamWriter } from '../../src/simulate/formats/jetstream.js';
import { MastodonWriter } from '../../src/simulate/formats/mastodon.js';
import { XV2Writer } from '../../src/simulate/formats/xv2.js';
import { renderX } from '../../src/simulate/formats/x-render.js';
import { bskyIds, mastodonIds, xIds } from '../../src/simulate/ids.js';
import { code, codeBytes, token, tokenBytes } from '../../src/simulate/rng.js';
import { tid, tidBytes } from '../../src/simulate/ids.js';
import { Bytes } from '../../src/simulate/sink.js';
import { NO_MEDIA, type IdScheme, type Seg, type SimAccount, type SimPost } from '../../src/simulate/types.js';
import { tempDir } from '../helpers/paths.js';

const dirs: Array<() => void> = [];
after(() => dirs.forEach((c) => c()));

const T0 = Date.UTC(2026, 0, 5, 12);

function account(i: number, ids: IdScheme, handle: string): SimAccount {
  return {
    i, id: ids.accountId(i, T0 - 86_400_000 * (i + 3)), role: 'organic', core: false, handle, name: `Lantern "Voice" ${i}`,
    bio: 'line one\nline two, with <b>tags</b> & a \\ backslash', lang: 'en', tz: 0, created: T0 - 86_400_000 * (i + 3),
    followers: 10 + i, following: 5, rate: 1, avatar: '', bornAt: -Infinity, suspendedAt: Infinity, posts: i,
    customer: false, lastPost: undefined, predecessor: undefined, botBatch: undefined,
  };
}

/** Awkward pieces: every character class the fast paths treat specially. */
function awkwardSegs(who: SimAccount): Seg[] {
  return [
    { k: 't', s: 'Say "lantern" \\ now,\tthen\nwait <b>&</b> 🕯️ — ' },
    { k: 'tag', s: 'مصباح_"قديم"' },
    { k: 't', s: ' النور قادم ' },
    { k: 'url', url: 'https://lantern.example/r/ab"c?x=1&y=<2>' },
    { k: 't', s: ' ' },
    { k: 'mention', who },
    { k: 't', s: ' end\r\n' },
  ];
}

function world(ids: IdScheme): { posts: SimPost[]; accounts: number } {
  const a = account(0, ids, 'lantern_voice');
  const b = account(1, ids, 'second_voice');
  let n = 0;
  const post = (author: SimAccount, segs: Seg[], extra: Partial<SimPost> = {}): SimPost => ({
    type: 'post', n: n++, id: '', t: T0 + n * 1000, author, segs, lang: 'en', media: [], label: 'benign', client: 'Twitter Web App',
    reposts: 0, repostOf: undefined, replyTo: undefined, campaign: undefined, render: undefined, ...extra,
  });
  const original = post(a, awkwardSegs(b));
  original.reposts = 2;
  const plain = post(b, [{ k: 't', s: 'no entities here' }]);
  const reply = post(b, [{ k: 'mention', who: a }, { k: 't', s: ' "quoted" reply' }], { replyTo: original });
  const repost = post(b, [], { repostOf: original });
  const posts = [original, plain, reply, repost];
  for (const p of posts) p.id = ids.postId(p.t, p.n, p.author);
  return { posts, accounts: 2 };
}

async function run(make: (ctx: WriterContext) => FormatWriter, ids: IdScheme, file: string): Promise<{ lines: string[]; posts: SimPost[] }> {
  const { dir, cleanup } = tempDir('marsad-writers-');
  dirs.push(cleanup);
  const { posts, accounts } = world(ids);
  const w = make({ dir, ids, media: NO_MEDIA, accounts, end: T0 + 86_400_000 });
  for (const p of posts) w.write(p);
  await w.close();
  return { lines: readFileSync(join(dir, file), 'utf8').split('\n').filter((l) => l !== ''), posts };
}

describe('format writers escape what they write', () => {
  it('x-v2: text and entities equal the object rendering, offsets in UTF-16 units', async () => {
    const { lines, posts } = await run((c) => new XV2Writer(c), xIds, 'tweets.jsonl');
    assert.equal(lines.length, 1);
    const page = JSON.parse(lines[0]!) as { data: Array<Record<string, unknown>>; includes: { users: Array<Record<string, unknown>>; tweets: unknown[] } };
    assert.equal(page.data.length, 4);
    const r = renderX(posts[0]!);
    assert.equal(page.data[0]!.text, r.text);
    assert.deepEqual(page.data[0]!.entities, r.entities);
    for (const h of r.entities.hashtags!) assert.equal(r.text.slice(h.start, h.end), `#${h.tag}`);
    assert.equal(page.data[1]!.entities, undefined);
    assert.deepEqual(page.data[2]!.referenced_tweets, [{ type: 'replied_to', id: posts[0]!.id }]);
    assert.match(page.data[3]!.text as string, /^RT @lantern_voice: Say "lantern"/);
    assert.equal((page.data[0]!.public_metrics as { retweet_count: number }).retweet_count, 2);
    assert.deepEqual(page.includes.users.map((u) => u.description), [posts[0]!.author.bio, posts[1]!.author.bio]);
    assert.equal(page.includes.tweets.length, 1);
  });

  it('jetstream: facets index the UTF-8 bytes of the decoded text', async () => {
    const { lines } = await run((c) => new JetstreamWriter(c), bskyIds, 'jetstream.jsonl');
    const commits = lines.map((l) => JSON.parse(l) as { kind: string; commit?: { collection: string; record: Record<string, unknown> } });
    const post = commits.find((c) => c.commit?.collection === 'app.bsky.feed.post')!.commit!.record as {
      text: string;
      facets: Array<{ index: { byteStart: number; byteEnd: number }; features: Array<Record<string, string>> }>;
    };
    const bytes = Buffer.from(post.text);
    const pieces = post.facets.map((f) => bytes.subarray(f.index.byteStart, f.index.byteEnd).toString());
    assert.deepEqual(pieces, ['#مصباح_"قديم"', displayUrl('https://lantern.example/r/ab"c?x=1&y=<2>'), '@second-voice.bsky.social']);
    assert.equal(post.facets[1]!.features[0]!.uri, 'https://lantern.example/r/ab"c?x=1&y=<2>');
    assert.ok(post.text.startsWith('Say "lantern" \\ now,\tthen\nwait'));
    assert.equal(commits.filter((c) => c.commit?.collection === 'app.bsky.feed.repost').length, 1);
  });

  it('mastodon: the payload is a JSON string of a status whose HTML is escaped', async () => {
    const { lines, posts } = await run((c) => new MastodonWriter(c), mastodonIds, 'mastodon.jsonl');
    const statuses = lines.map((l) => JSON.parse((JSON.parse(l) as { payload: string }).payload) as Record<string, unknown>);
    const content = statuses[0]!.content as string;
    assert.ok(content.startsWith('<p>Say &quot;lantern&quot; \\ now,\tthen\nwait &lt;b&gt;&amp;&lt;/b&gt;'), content);
    assert.ok(content.includes('href="https://lantern.example/r/ab&quot;c?x=1&amp;y=&lt;2&gt;"'), content);
    assert.equal((statuses[0]!.account as { note: string }).note, '<p>line one\nline two, with &lt;b&gt;tags&lt;/b&gt; &amp; a \\ backslash</p>');
    assert.deepEqual((statuses[0]!.tags as Array<{ name: string }>).map((t) => t.name), ['مصباح_"قديم"']);
    assert.deepEqual((statuses[2]!.mentions as Array<{ id: string }>).map((m) => m.id), [posts[0]!.author.id]);
    const reblog = statuses[3]!.reblog as Record<string, unknown>;
    assert.equal(reblog.content, content);
    assert.equal(statuses[3]!.url, null);
  });

  it('csv: quoted cells read back as the tweet text', async () => {
    const { lines, posts } = await run((c) => new IoCsvWriter(c), xIds, 'tweets.csv');
    const rows = parse(lines.join('\n'), { columns: true }) as Array<Record<string, string>>;
    assert.equal(rows.length, 4);
    assert.equal(rows[0]!.tweet_text, renderX(posts[0]!).text);
    assert.equal(rows[0]!.user_profile_description, posts[0]!.author.bio);
    assert.equal(rows[3]!.is_retweet, 'True');
    assert.equal(rows[3]!.retweet_tweetid, posts[0]!.id);
    assert.equal(rows[2]!.in_reply_to_tweetid, posts[0]!.id);
  });
});

describe('byte writers', () => {
  it('write integers, padded digits, ASCII and JSON strings as the string functions do', () => {
    const b = new Bytes(4);
    for (const n of [0, 7, 10, 99, 100, 65_535, 1_767_571_200_000_123]) {
      b.reset();
      b.int(n);
      assert.equal(b.toString(), String(n));
    }
    b.reset();
    b.pad(7, 3);
    b.pad(42, 2);
    assert.equal(b.toString(), '00742');
    for (const s of ['plain', 'q"uote', 'back\\slash', 'new\nline', 'ctl\u0001', 'عربي "x"', '🕯️', 'lone \ud800']) {
      b.reset();
      b.json(s);
      assert.equal(b.toString(), JSON.stringify(s));
    }
    b.reset();
    b.ascii('x'.repeat(100));
    b.ascii('short');
    assert.equal(b.length, 105);
  });

  it('codes, tokens and TIDs as bytes equal their strings', () => {
    const out = Buffer.alloc(80);
    codeBytes(12345, 6, 10, out, 3);
    assert.equal(out.toString('latin1', 3, 13), code(12345, 6, 10));
    tokenBytes('post:did:plc:x/abc', 52, 'abcdefghijklmnopqrstuvwxyz234567', out, 0);
    assert.equal(out.toString('latin1', 0, 52), token('post:did:plc:x/abc', 52, 'abcdefghijklmnopqrstuvwxyz234567'));
    tidBytes(1_767_571_200_000_123, 517, out, 0);
    assert.equal(out.toString('latin1', 0, 13), tid(1_767_571_200_000_123, 517));
  });
});
