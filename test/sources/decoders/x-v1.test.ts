import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Account, Post } from '../../../src/model/index.js';
import { xV1Decoder } from '../../../src/sources/decoders/x-v1.js';
import type { DecodeContext, DecodeResult } from '../../../src/sources/types.js';
import { canonicalUrl } from '../../../src/text/urls.js';
import { fixture } from '../../helpers/paths.js';
import { checkItems, fuzz, lines } from './common.js';

const decodeFile = (name: string, ctx: DecodeContext = {}): DecodeResult[] =>
  lines('formats/x-v1', name).map((r) => {
    const res = xV1Decoder.decode(r, ctx);
    checkItems(res);
    return res;
  });
const posts = (r: DecodeResult): Post[] => r.items.flatMap((i) => (i.kind === 'post' ? [i.post] : []));
const accounts = (r: DecodeResult): Account[] => r.items.flatMap((i) => (i.kind === 'account' ? [i.account] : []));
const v1 = (s: string): number => Date.parse(s); // Date.parse reads "Thu May 25 20:08:36 +0000 2017"
const c = (u: string): string => canonicalUrl(u) ?? assert.fail(u);

test('a photo tweet with an unexpected extra field decodes fully', () => {
  const [r] = decodeFile('original_format_additional_field.json');
  assert.deepEqual(r.problems, []);
  const [p] = posts(r);
  assert.deepEqual(
    { ...p, source: undefined },
    {
      id: 'x:867834809732677634',
      platform: 'x',
      authorId: 'x:815279070241955840',
      authorHandle: 'RobotPrincessFi',
      createdAt: v1('Thu May 25 20:08:36 +0000 2017'),
      text: "K) Let's try just one photo! \u{1f430} https://t.co/ubynnad49V",
      lang: 'en',
      hashtags: [],
      urls: [],
      mentions: [],
      media: [{ kind: 'image', url: 'https://pbs.twimg.com/media/DAsrG_tWsAEzeEy.jpg' }],
      client: 'Twitter Web Client',
      source: undefined,
    },
  );
  assert.deepEqual(p.source, { source: fixture('formats/x-v1/original_format_additional_field.json'), line: 1 });
  const [a] = accounts(r);
  assert.deepEqual(a, {
    id: 'x:815279070241955840',
    platform: 'x',
    handle: 'RobotPrincessFi',
    displayName: 'jk no',
    bio: 'Niche millennial content aggregator | Just messing with Twitter bots | github: https://github.com/fionapigott/fiona-bot',
    createdAt: v1('Sat Dec 31 19:30:52 +0000 2016'),
    followers: 2,
    following: 0,
    posts: 64,
    avatarUrl: 'https://pbs.twimg.com/profile_images/815279765259100161/RID37OuE_normal.jpg',
    defaultAvatar: false,
    verified: false,
    protected: false,
    observedAt: v1('Thu May 25 20:08:36 +0000 2017'),
  });
});

test('id_str wins over a numeric id that lost precision; a missing bio is just absent', () => {
  const [r] = decodeFile('original_format_missing_field.json');
  assert.deepEqual(r.problems, []);
  const [p] = posts(r);
  assert.equal(p.id, 'x:867468138991964160'); // the numeric id reads 867468138991964200
  assert.equal(p.authorId, 'x:815279070241955840');
  assert.equal(p.text, 'A) This is a regular old Tweet. \u{1f423}');
  assert.equal(accounts(r)[0].bio, undefined);
});

test('a quote whose quoted tweet has no user: the quote decodes, the quoted one is a missing_author problem', () => {
  const [r] = decodeFile('original_format_missing_quotetweet_field.json');
  const ps = posts(r);
  assert.equal(ps.length, 1);
  const [p] = ps;
  assert.equal(p.id, 'x:867479301360205824');
  assert.equal(p.quoteOf, 'x:861652051016663040');
  assert.ok(p.text.endsWith('\u00a0Magic! https://t.co/5PU0FLFRYz')); // extended_tweet.full_text, not the cut text
  assert.deepEqual(p.urls, [c('https://twitter.com/notFromShrek/status/861652051016663040')]); // no i/web/status self-link
  assert.deepEqual(r.problems, [
    { reason: 'missing_author', detail: 'tweet.quoted_status (tweet 861652051016663040): no user, the tweet cannot be attributed' },
  ]);
});

test('a tweet without a user cannot be attributed', () => {
  const [r] = decodeFile('original_format_missing_user.json');
  assert.deepEqual(r.items, []);
  assert.deepEqual(r.problems.map((p) => p.reason), ['missing_author']);
  assert.match(r.problems[0].detail ?? '', /867833721579122688/);
});

test('stream: retweets of extended tweets, REST full_text, quotes, numeric-only ids, edits', () => {
  const rs = decodeFile('synthetic-stream.jsonl', { now: 1_700_000_000_000 });
  const [rt, original] = posts(rs[0]);
  assert.equal(rt.id, 'x:1610000000000000100');
  assert.equal(rt.repostOf, 'x:1610000000000000001');
  assert.equal(original.id, 'x:1610000000000000001');
  assert.equal(rt.text, original.text);
  assert.ok(original.text.endsWith('#مالك_الحزين #HeronCall https://t.co/Lnk0000001 https://t.co/Vid0000001'));
  assert.deepEqual(rt.hashtags, ['مالك_الحزين', 'HeronCall']);
  assert.deepEqual(rt.urls, [c('https://example.org/heron/call?utm_campaign=x&id=7')]); // unwound over bit.ly
  assert.deepEqual(original.media, [
    { kind: 'video', url: 'https://video.twimg.com/heron/1280x720.mp4', mimeType: 'video/mp4', altText: 'a heron takes off', width: 1280, height: 720 },
  ]);
  assert.equal(original.client, 'Heron Scheduler');
  assert.equal(rt.client, 'Twitter for Android');
  const [amp, desk] = accounts(rs[0]);
  assert.equal(amp.defaultAvatar, true);
  assert.equal(desk.url, 'https://example.org/heron');
  assert.equal(desk.observedAt, rt.createdAt); // profiles dated by the record, not the original's time

  const [reply] = posts(rs[1]);
  assert.equal(reply.text, '@heron_desk @HeronAmp01 yes, #heroncall and #HeronCall again https://t.co/Echo000001');
  assert.equal(reply.replyTo, 'x:1610000000000000001');
  assert.deepEqual(reply.hashtags, ['heroncall', 'HeronCall']);
  assert.deepEqual(reply.mentions, [{ id: 'x:2712345678', handle: 'heron_desk' }, { id: 'x:2712345001', handle: 'heronamp01' }]);
  assert.deepEqual(reply.urls, [c('https://Example.NET/echo?utm_source=a#top')]);

  const [quote, quoted] = posts(rs[2]);
  assert.equal(quote.quoteOf, quoted.id);
  assert.equal(quote.createdAt, Date.UTC(2023, 0, 3, 8, 0, 0)); // +0100 offset applied

  const [big] = posts(rs[3]); // ids only as numbers above 2^53: read exactly from the raw text
  assert.equal(big.id, 'x:1610000000000000401');
  assert.equal(big.authorId, 'x:1610000000000000999');
  assert.equal(big.replyTo, 'x:1610000000000000001');
  assert.deepEqual(big.mentions, [{ id: 'x:1610000000000000777', handle: 'big_mention' }]);

  const [edit] = posts(rs[4]);
  assert.equal(edit.id, 'x:1610000000000000500');
  assert.equal(edit.editedAt, Date.UTC(2023, 0, 3, 11, 5, 0));
  assert.equal(edit.createdAt, 1672688887000); // from the first version's snowflake id
});

test('stream control messages and broken records', () => {
  const rs = decodeFile('synthetic-stream.jsonl', { now: 1_700_000_000_000 });
  assert.deepEqual(rs[5].items, [{ kind: 'postDeleted', postId: 'x:1610000000000000001', at: 1672700000000 }]);
  assert.deepEqual(rs[6].items, [{ kind: 'skipped', what: 'x-v1.limit' }]);
  assert.deepEqual(rs[7].items, [{ kind: 'skipped', what: 'x-v1.status_withheld' }]);
  assert.deepEqual(rs[8].items, [
    {
      kind: 'accountEvent',
      event: { accountId: 'x:2712345999', kind: 'status', at: 1_700_000_000_000, detail: 'withheld_in:DE', source: { source: fixture('formats/x-v1/synthetic-stream.jsonl'), line: 9 } },
    },
  ]);
  const reasons = rs.slice(9).map((r) => r.problems.map((p) => p.reason));
  assert.deepEqual(reasons, [['stream_error'], ['bad_time'], ['schema', 'schema'], ['missing_author'], ['schema'], ['invalid_json']]);
  assert.equal(rs[9].problems[0].detail, 'disconnect 7 (heron-stream): admin logout');
  assert.ok(rs.slice(9).every((r) => r.items.length === 0));
  // Without an ingest time a withheld notice cannot be dated.
  const [noTime] = decodeFile('synthetic-stream.jsonl').slice(8, 9);
  assert.deepEqual(noTime.problems.map((p) => p.reason), ['missing_time']);
});

test('sniffing: v1.1 payloads score high, v2 pages and CSV do not', () => {
  const sample = (p: string) => readFileSync(fixture('formats', p), 'utf8').slice(0, 65536);
  assert.equal(xV1Decoder.sniff(sample('x-v1/original_format_additional_field.json'), 'a.json'), 0.95);
  assert.equal(xV1Decoder.sniff(sample('x-v1/synthetic-stream.jsonl'), 'a.jsonl'), 0.95);
  assert.ok(xV1Decoder.sniff(sample('x-v1/original_format_missing_user.json'), 'a.json') >= 0.8);
  assert.equal(xV1Decoder.sniff(sample('x-v1/original_format_additional_field.json').slice(0, 3000), 'a.json'), 0.8);
  assert.equal(xV1Decoder.sniff(sample('x-v2/two_tweets.jsonl'), 'a.jsonl'), 0);
  assert.equal(xV1Decoder.sniff(sample('bluesky-jetstream/golden_v1.jsonl'), 'a.jsonl'), 0);
});

test('fuzz: mutated v1.1 payloads never throw and always yield schema-valid items', () => {
  const records = [
    ...['original_format_additional_field.json', 'original_format_missing_field.json', 'original_format_missing_quotetweet_field.json'].flatMap((f) =>
      lines('formats/x-v1', f),
    ),
    ...lines('formats/x-v1', 'synthetic-stream.jsonl'),
  ];
  const withProblems = fuzz(xV1Decoder, records, 1500, { now: 1_700_000_000_000 }, 11);
  assert.ok(withProblems > 300, `the fuzzer reached the error paths (${withProblems})`);
});
