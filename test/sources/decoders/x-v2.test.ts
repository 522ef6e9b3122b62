import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Account, Post, Relation } from '../../../src/model/index.js';
import { xV2Decoder } from '../../../src/sources/decoders/x-v2.js';
import { canonicalUrl } from '../../../src/text/urls.js';
import type { DecodeResult } from '../../../src/sources/types.js';
import { fixture } from '../../helpers/paths.js';
import { checkItems, fuzz, lines } from './common.js';

const decodeFile = (name: string, now?: number): DecodeResult[] =>
  lines('formats/x-v2', name).map((r) => {
    const res = xV2Decoder.decode(r, now === undefined ? {} : { now });
    checkItems(res);
    return res;
  });
const posts = (rs: DecodeResult[]): Post[] => rs.flatMap((r) => r.items.flatMap((i) => (i.kind === 'post' ? [i.post] : [])));
const accounts = (rs: DecodeResult[]): Account[] => rs.flatMap((r) => r.items.flatMap((i) => (i.kind === 'account' ? [i.account] : [])));
const problems = (rs: DecodeResult[]) => rs.flatMap((r) => r.problems);
const one = (ps: Post[], id: string, editedAt?: number): Post => {
  const found = ps.filter((p) => p.id === id && p.editedAt === editedAt);
  assert.equal(found.length, 1, `exactly one version of ${id} edited at ${editedAt}`);
  return found[0];
};
const iso = (s: string): number => Date.parse(s);
/** Canonical form as the text module defines it: these tests check which link is chosen, not its rules. */
const c = (u: string): string => canonicalUrl(u) ?? assert.fail(`not a url: ${u}`);

test('a retweet takes its full text from includes.tweets and both posts and authors are kept', () => {
  const rs = decodeFile('two_tweets.jsonl');
  assert.deepEqual(problems(rs), []);
  const ps = posts(rs);
  assert.equal(ps.length, 2);
  const rt = one(ps, 'x:1394735776701816833');
  assert.equal(rt.authorId, 'x:1379899464345923590');
  assert.equal(rt.authorHandle, 'LachiVeronica');
  assert.equal(rt.createdAt, iso('2021-05-18T19:24:56.000Z'));
  assert.equal(rt.text, '#POIUYTREWQ'); // not the truncated "RT @bibaigna96: #POIUYTREWQ"
  assert.equal(rt.repostOf, 'x:1391677057810288641');
  assert.equal(rt.lang, undefined); // "und"
  assert.equal(rt.client, 'Twitter for Android');
  assert.deepEqual(rt.hashtags, ['POIUYTREWQ']);
  const original = one(ps, 'x:1391677057810288641');
  assert.equal(original.authorId, 'x:1380086327023169540');
  assert.equal(original.createdAt, iso('2021-05-10T08:50:41.000Z'));
  assert.equal(original.repostOf, undefined);
  const accs = accounts(rs);
  assert.deepEqual(accs.map((a) => a.id), ['x:1379899464345923590', 'x:1380086327023169540']);
  assert.deepEqual(accs[0], {
    id: 'x:1379899464345923590',
    platform: 'x',
    handle: 'LachiVeronica',
    displayName: 'Veronica Lachi',
    bio: '',
    url: '',
    createdAt: iso('2021-04-07T20:50:54.000Z'),
    followers: 0,
    following: 4,
    posts: 2,
    avatarUrl: 'https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png',
    defaultAvatar: true,
    verified: false,
    protected: false,
    observedAt: iso('2021-05-19T15:26:17+00:00'), // twarc's retrieved_at
  });
});

test('a tweet repeated in includes is emitted once, with its source position', () => {
  const rs = decodeFile('cotweet.jsonl');
  const ps = posts(rs);
  assert.equal(ps.length, 1);
  assert.equal(ps[0].id, 'x:1577318900085186562');
  assert.equal(ps[0].conversationId, 'x:1577318900085186562');
  assert.deepEqual(ps[0].source, { source: fixture('formats/x-v2/cotweet.jsonl'), line: 1 });
  const [acc] = accounts(rs);
  assert.equal(acc.url, 'https://jon.how/ard'); // the profile's t.co link expanded
  assert.equal(acc.defaultAvatar, false);
});

test('an edited tweet keeps the first id; the later version carries editedAt', () => {
  const ps = posts(decodeFile('edited.jsonl'));
  assert.equal(ps.length, 2);
  const first = one(ps, 'x:1576994746135764992');
  assert.equal(first.createdAt, iso('2022-10-03T17:57:01.000Z'));
  assert.equal(first.lang, 'en');
  assert.deepEqual(first.urls, []); // the i/web/status "show more" link and the photo link are self-links
  assert.deepEqual(first.media, [{ kind: 'image' }]); // media key 3_… without includes.media
  const edit = one(ps, 'x:1576994746135764992', iso('2022-10-03T17:57:11.000Z'));
  assert.equal(edit.createdAt, first.createdAt);
  assert.equal(edit.text, 'hey :) https://t.co/rnwEIoNuqd');
  assert.equal(edit.lang, undefined); // "qst" is not a language
  assert.equal(edit.conversationId, 'x:1576994746135764992');
});

test('references to any version of an edited tweet resolve to its first id', () => {
  const rs = decodeFile('quoted_edit.jsonl');
  const reply = one(posts(rs), 'x:1576995594388000768');
  assert.equal(reply.quoteOf, 'x:1576994746135764992');
  assert.equal(reply.replyTo, 'x:1576994746135764992'); // replied to version 1576994789110992896
  assert.deepEqual(reply.mentions, [{ id: 'x:337119125', handle: 'wongmjane' }]);
  assert.deepEqual(reply.urls, [c('https://twitter.com/wongmjane/status/1576994746135764992')]);
  assert.equal(posts(rs).length, 3);
  assert.deepEqual(accounts(rs).map((a) => [a.id, a.verified]), [['x:1494167419413094401', false], ['x:337119125', true]]);
});

test('media: the best video variant; the pic.twitter.com link is not a url', () => {
  const [p] = posts(decodeFile('media_tweet.jsonl'));
  assert.equal(p.authorId, 'x:495430242');
  assert.deepEqual(p.urls, []);
  assert.deepEqual(p.media, [
    {
      kind: 'video',
      url: 'https://video.twimg.com/ext_tw_video/1558552952549277696/pu/vid/1280x720/WiZrNZKT2lMzK5zA.mp4?tag=12',
      mimeType: 'video/mp4',
      width: 1280,
      height: 720,
    },
  ]);
});

test('urls are expanded and canonical, mentions carry ids, replies point at their parent', () => {
  const many = posts(decodeFile('many_urls.jsonl'));
  const reply = one(many, 'x:1610692575752601600');
  assert.deepEqual(reply.urls, [c('https://uiadrian.gumroad.com/l/web-design-guide/?offer_code=twk0uc9f7')]);
  assert.equal(reply.replyTo, 'x:1610623087061471232');
  const rs = decodeFile('mentions_tweet.jsonl');
  const rt = one(posts(rs), 'x:1589681856941002753');
  assert.equal(rt.repostOf, 'x:1589671906718134272');
  assert.ok(rt.text.startsWith('Looking for gaming mutuals') && rt.text.endsWith('https://t.co/nyzCbH5jW2'));
  assert.deepEqual(rt.hashtags, ['Xbox', 'PlayStation', 'gaming']);
  assert.equal(rt.mentions.length, 8);
  assert.deepEqual(rt.mentions[0], { id: 'x:24742040', handle: 'xbox' });
});

test('verified users keep their flag', () => {
  const rs = decodeFile('verified_type.jsonl');
  const [acc] = accounts(rs);
  assert.equal(acc.id, 'x:2244994945');
  assert.equal(acc.verified, true);
  assert.equal(acc.url, 'https://developer.twitter.com/en/community');
  assert.equal(posts(rs)[0].authorHandle, 'TwitterDev');
});

test('the filtered stream: single-object data, quotes with photos, and a cut line as invalid_json', () => {
  const rs = decodeFile('streaming_output_with_error.jsonl');
  assert.equal(rs.length, 8);
  const ps = posts(rs);
  assert.equal(ps.length, 11);
  const quote = one(ps, 'x:1377650090978992134');
  assert.equal(quote.quoteOf, 'x:1377640162566496258');
  assert.deepEqual(quote.urls, [c('https://twitter.com/Manie_DS/status/1377640162566496258')]);
  assert.deepEqual(quote.media, [{ kind: 'image', url: 'https://pbs.twimg.com/media/Ex5ldKwXEAEnEnI.jpg', width: 500, height: 500 }]);
  assert.deepEqual(one(ps, 'x:1377650387579248643').hashtags, ['DogsofTwitter', 'dogs']);
  assert.deepEqual(one(ps, 'x:1377650277642338305').urls, [c('https://www.instagram.com/p/CNIQbqSrZRL/')]);
  assert.deepEqual(problems(rs.slice(0, 7)), []);
  assert.equal(rs[7].items.length, 0);
  assert.equal(rs[7].problems.length, 1);
  assert.equal(rs[7].problems[0].reason, 'invalid_json');
});

test('flattened tweets (twarc2 flatten): embedded originals, authors, note tweets, media', () => {
  const rs = decodeFile('synthetic-flattened.jsonl');
  assert.deepEqual(problems(rs), []);
  const ps = posts(rs);
  const rt = one(ps, 'x:1610000000000000100');
  const original = one(posts(rs.slice(0, 1)), 'x:1610000000000000001'); // line 2 embeds it again
  assert.equal(rt.repostOf, original.id);
  assert.equal(rt.text, original.text);
  assert.ok(rt.text.includes('#HeronCall https://t.co/Lnk0000001'));
  assert.deepEqual(rt.hashtags, ['مالك_الحزين', 'HeronCall']);
  assert.deepEqual(rt.urls, [c('https://example.org/heron/call?utm_source=twitter&id=7')]); // unwound_url over bit.ly
  assert.deepEqual(original.media, [
    { kind: 'image', url: 'https://pbs.twimg.com/media/HeronPoster1.jpg', altText: 'a grey heron on a banner', width: 1200, height: 675 },
  ]);
  assert.equal(original.client, 'Heron Scheduler');
  const reply = one(ps, 'x:1610000000000000200');
  assert.equal(reply.replyTo, 'x:1610000000000000001');
  assert.equal(reply.quoteOf, 'x:1610000000000000001');
  assert.ok(reply.text.endsWith('See https://example.net/echo') && reply.text.length > 280); // note_tweet
  assert.deepEqual(reply.urls, [c('https://example.net/echo')]);
  assert.deepEqual(reply.mentions, [{ id: 'x:2712345678', handle: 'heron_desk' }]); // id from the embedded user
  const lonely = one(ps, 'x:1610000000000000300');
  assert.equal(lonely.authorHandle, undefined);
  assert.equal(lonely.replyTo, 'x:1609999999999999999');
  const video = one(ps, 'x:1610000000000000400');
  assert.deepEqual(video.urls, []);
  assert.deepEqual(video.media.map((m) => [m.kind, m.url]), [
    ['video', 'https://video.twimg.com/heron/1280x720.mp4'],
    ['gif', 'https://video.twimg.com/tweet_video/heron.mp4'],
  ]);
  const accs = accounts(rs);
  const echo = accs.find((a) => a.id === 'x:2712345999');
  assert.equal(echo?.displayName, '\u202eNORэH\u202c Echo'); // kept byte for byte; text/ normalises
  assert.equal(echo?.protected, true);
  assert.ok(accs.every((a) => a.observedAt === iso('2023-01-05T12:00:00Z')));
  assert.ok(!accs.some((a) => a.id === 'x:2712345002')); // `author: {}` is no profile
});

test('followers and following pages give accounts and follow relations', () => {
  const rs = decodeFile('synthetic-users.jsonl');
  assert.deepEqual(problems(rs), []);
  const rel = rs.flatMap((r) => r.items.flatMap((i) => (i.kind === 'relation' ? [i.relation] : [])));
  const pairs = (xs: Relation[]) => xs.map((r) => [r.kind, r.action, r.from, r.to, r.at]);
  assert.deepEqual(pairs(rel), [
    ['follow', 'created', 'x:2712345001', 'x:2712345678', iso('2023-03-01T10:00:00Z')],
    ['follow', 'created', 'x:2712345999', 'x:2712345678', iso('2023-03-01T10:00:00Z')],
    ['follow', 'created', 'x:2712345999', 'x:2712345678', iso('2023-03-01T10:05:00Z')],
  ]);
  assert.deepEqual(accounts(rs).map((a) => a.handle), ['HeronAmp01', 'heron_echo', 'heron_desk']);
});

test('stream errors, hostile and malformed lines become precise problems', () => {
  const rs = decodeFile('synthetic-errors.jsonl');
  const reasons = rs.map((r) => r.problems.map((p) => p.reason));
  assert.deepEqual(reasons, [
    ['stream_error'],
    [], // a page with partial errors (a missing original) still decodes
    ['schema'],
    ['schema'],
    ['schema'],
    ['missing_author'],
    ['bad_time'],
    ['stream_error'],
    ['invalid_json'],
    ['schema'],
    ['schema', 'schema', 'missing_time'],
    [],
  ]);
  assert.match(rs[0].problems[0].detail ?? '', /operational-disconnect: UpstreamOperationalDisconnect: This stream has been disconnected/);
  assert.match(rs[7].problems[0].detail ?? '', /^ConnectionException: This stream is currently at the maximum/);
  assert.equal(rs[3].problems[0].detail, 'data: expected an array or an object, got string');
  assert.equal(rs[4].problems[0].detail, 'data[0].id: expected a string of digits, got number');
  const orphan = one(posts([rs[1]]), 'x:1610000000000000500');
  assert.equal(orphan.repostOf, 'x:1610000000000000009');
  assert.equal(orphan.text, 'RT @heron_desk: a retweet whose original is gone'); // all there is
  assert.equal(posts([rs[9]]).length, 1); // includes of the wrong type: the tweet itself still decodes
  assert.deepEqual(posts([rs[11]])[0].hashtags, ['ok']);
});

test('sniffing: twarc2 files score high, other formats do not', () => {
  const sample = (name: string) => readFileSync(fixture('formats', name), 'utf8').slice(0, 65536);
  for (const f of ['two_tweets.jsonl', 'streaming_output_with_error.jsonl', 'synthetic-flattened.jsonl', 'synthetic-users.jsonl']) {
    assert.ok(xV2Decoder.sniff(sample(`x-v2/${f}`), f) >= 0.9, f);
  }
  // One page longer than the sample: judged by its start.
  assert.equal(xV2Decoder.sniff(sample('x-v2/many_urls.jsonl').slice(0, 4000), 'many_urls.jsonl'), 0.8);
  assert.equal(xV2Decoder.sniff(sample('x-v1/original_format_missing_field.json'), 'x.json'), 0);
  assert.equal(xV2Decoder.sniff(sample('bluesky-jetstream/golden_v1.jsonl'), 'x.jsonl'), 0);
  assert.equal(xV2Decoder.sniff('tweetid,userid\n1,2\n', 'x.csv'), 0);
});

test('fuzz: mutated twarc2 lines never throw and always yield schema-valid items', () => {
  const records = ['two_tweets', 'edited', 'quoted_edit', 'media_tweet', 'streaming_output_with_error', 'synthetic-flattened', 'synthetic-users'].flatMap(
    (f) => lines('formats/x-v2', `${f}.jsonl`),
  );
  const withProblems = fuzz(xV2Decoder, records, 1500, {}, 7);
  assert.ok(withProblems > 300, `the fuzzer reached the error paths (${withProblems} mutants with problems)`);
});
