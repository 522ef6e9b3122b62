import { test } from 'node:test';
import assert from 'node:assert/strict';
import { atUriToPostId, eventTime, jetstreamDecoder } from '../../../src/sources/decoders/jetstream.js';
import type { Decoded } from '../../../src/sources/types.js';
import { checkItems, decodeAll, fuzz, lines } from './common.js';

const golden = lines('formats/bluesky-jetstream/golden_v1.jsonl');
const synthetic = lines('formats/bluesky-jetstream/synthetic-events.jsonl');
const hostile = lines('formats/bluesky-jetstream/synthetic-hostile.jsonl');
const A = 'did:plc:synthqamar000000000000001';
const B = 'did:plc:synthnoor0000000000000002';
const T = 1767225600000; // 2026-01-01T00:00:00Z, time_us / 1000 of the first synthetic event

const only = (items: readonly Decoded[]): Decoded => {
  assert.equal(items.length, 1, JSON.stringify(items));
  return items[0]!;
};

test('golden_v1: every real event decodes without problems, into the right kinds', () => {
  const results = decodeAll(jetstreamDecoder, golden);
  for (const r of results) {
    assert.deepEqual(r.problems, []);
    checkItems(r);
  }
  assert.deepEqual(
    results.map((r) => r.items.map((i) => (i.kind === 'skipped' ? `skipped:${i.what}` : i.kind)).join(',')),
    [
      'skipped:app.bsky.feed.like',
      'post',
      'post',
      'relation',
      'account',
      'skipped:org.hypercerts.claim.activity',
      'skipped:place.stream.broadcast.origin',
      'skipped:identity-without-handle',
      'accountEvent',
      'relation',
    ],
  );
});

test('golden_v1: a real reply post, exact fields', () => {
  const item = only(jetstreamDecoder.decode(golden[1]!, {}).items);
  assert.equal(item.kind, 'post');
  assert.deepEqual(item.post, {
    id: 'bsky:did:plc:q235v55g5unth4zjjdpacfdr/3mmoojp4cd223',
    platform: 'bsky',
    authorId: 'bsky:did:plc:q235v55g5unth4zjjdpacfdr',
    createdAt: Date.parse('2026-05-25T14:23:28.757Z'),
    text: 'Try RSV for a good time !!',
    lang: 'en',
    hashtags: [],
    urls: [],
    mentions: [],
    media: [],
    replyTo: 'bsky:did:plc:j76trmiofvaxxpvx2vnb2vwf/3mmojbrjwbs26',
    conversationId: 'bsky:did:plc:j76trmiofvaxxpvx2vnb2vwf/3mmojbrjwbs26',
    source: golden[1]!.position,
  });
});

test('golden_v1: repost, follow, block, profile and account events', () => {
  const [, , repost, follow, profile, , , , account, block] = decodeAll(jetstreamDecoder, golden).map((r) => only(r.items));
  assert.ok(repost?.kind === 'post');
  assert.equal(repost.post.id, 'bsky:did:plc:eizxoqcsvvvarxeb3pjkblrp/3mmoojpbade2i');
  assert.equal(repost.post.repostOf, 'bsky:did:plc:hjloomm2tkve3pmfgbxegl3v/3mmood3a6hc25');
  assert.equal(repost.post.text, '');
  assert.equal(repost.post.createdAt, Date.parse('2026-05-25T14:23:27.388Z'));
  assert.ok(follow?.kind === 'relation');
  assert.deepEqual(follow.relation, {
    kind: 'follow',
    action: 'created',
    from: 'bsky:did:plc:mxwlsvdgs6tn75lq6jrr2vp7',
    to: 'bsky:did:plc:anc6s2kher6ltrhhglxrzxsa',
    recordKey: '3mmoojocxvr2s',
    at: Date.parse('2026-05-25T14:23:27.319Z'),
    platform: 'bsky',
    source: golden[3]!.position,
  });
  assert.ok(block?.kind === 'relation');
  assert.equal(block.relation.kind, 'block');
  assert.equal(block.relation.to, 'bsky:did:plc:pgsrzsvisagr7wfqasmu3cgf');
  assert.ok(profile?.kind === 'account');
  assert.equal(profile.account.displayName, 'Multiversal Lokis Unit🔞');
  assert.equal(
    profile.account.avatarUrl,
    'https://cdn.bsky.app/img/avatar/plain/did:plc:o6t5vwyr7ae73foww7bgye4r/bafkreieajxclqzwk2mczx7hxmoboqpuiveqlbm35gsda5xlaqfmlryu4ri@jpeg',
  );
  assert.equal(profile.account.observedAt, 1779719010689);
  assert.ok(account?.kind === 'accountEvent');
  assert.deepEqual(account.event, {
    accountId: 'bsky:did:plc:g4ut2w5755qxi3fe7mfs72p4',
    kind: 'status',
    at: 1779719010272,
    status: 'active',
    source: golden[8]!.position,
  });
});

test('synthetic: facets use UTF-8 byte offsets (Arabic and emoji), images, reply', () => {
  const res = jetstreamDecoder.decode(synthetic[0]!, {});
  assert.deepEqual(res.problems, []);
  const item = only(res.items);
  assert.ok(item.kind === 'post');
  const p = item.post;
  assert.equal(p.id, `bsky:${A}/3synthpost001`);
  assert.equal(p.createdAt, T - 2000, 'createdAt two seconds before time_us is believed');
  assert.equal(p.lang, 'ar');
  assert.deepEqual(p.hashtags, ['القمر_الجديد']);
  assert.deepEqual(p.urls, ['https://example.org/a?id=7']);
  // The handle comes from the byte range: with UTF-16 offsets it would be a slice of Arabic text.
  assert.deepEqual(p.mentions, [{ id: `bsky:${B}`, handle: 'noor.example.social' }]);
  assert.equal(p.replyTo, `bsky:${B}/3synthparent1`);
  assert.equal(p.conversationId, `bsky:${B}/3synthroot001`);
  assert.deepEqual(p.media, [
    { kind: 'image', url: `https://cdn.bsky.app/img/feed_fullsize/plain/${A}/bafkreisynthimage0001@jpeg`, mimeType: 'image/jpeg', altText: 'صورة القمر', width: 1200, height: 800 },
    { kind: 'image', url: `https://cdn.bsky.app/img/feed_fullsize/plain/${A}/bafkreisynthlegacy002@jpeg`, mimeType: 'image/png' },
  ]);
});

test('synthetic: external card, quote with media, video, forged time, edit, deletes', () => {
  const items = decodeAll(jetstreamDecoder, synthetic).map((r) => {
    assert.deepEqual(r.problems, []);
    checkItems(r);
    return r.items;
  });
  const ext = only(items[1]!);
  assert.ok(ext.kind === 'post');
  assert.deepEqual(ext.post.urls, ['https://example.org/bulletin']);
  assert.deepEqual(ext.post.media, [{ kind: 'link-card', url: 'https://example.org/bulletin' }]);

  const quote = only(items[2]!);
  assert.ok(quote.kind === 'post');
  assert.equal(quote.post.quoteOf, `bsky:${A}/3synthpost001`);
  assert.deepEqual(quote.post.media.map((m) => m.url), [`https://cdn.bsky.app/img/feed_fullsize/plain/${B}/bafkreisynthimage0003@jpeg`]);

  const video = only(items[3]!);
  assert.ok(video.kind === 'post');
  assert.deepEqual(video.post.media, [
    { kind: 'video', url: `https://video.bsky.app/watch/${encodeURIComponent(B)}/bafkreisynthvideo0004/playlist.m3u8`, mimeType: 'video/mp4', altText: 'a short clip', width: 16, height: 9 },
  ]);

  const forged = only(items[4]!);
  assert.ok(forged.kind === 'post');
  assert.equal(forged.post.createdAt, T + 4000, 'a createdAt in 2010 is not believed: time_us is used');
  assert.equal(forged.post.quoteOf, `bsky:${B}/3synthpost003`);

  const edit = only(items[5]!);
  assert.ok(edit.kind === 'post');
  assert.equal(edit.post.id, `bsky:${A}/3synthpost002`);
  assert.equal(edit.post.text, 'Read the moon bulletin (edited)');
  assert.equal(edit.post.createdAt, T + 500);
  assert.equal(edit.post.editedAt, T + 5000);

  assert.deepEqual(only(items[6]!), { kind: 'postDeleted', postId: `bsky:${A}/3synthpost005`, at: T + 6000 });
  const repost = only(items[7]!);
  assert.ok(repost.kind === 'post');
  assert.equal(repost.post.repostOf, `bsky:${A}/3synthpost001`);
  assert.deepEqual(only(items[8]!), { kind: 'postDeleted', postId: `bsky:${B}/3synthrepost1`, at: T + 8000 });
  const unfollow = only(items[9]!);
  assert.ok(unfollow.kind === 'relation');
  assert.deepEqual(
    { action: unfollow.relation.action, recordKey: unfollow.relation.recordKey, to: unfollow.relation.to },
    { action: 'removed', recordKey: '3synthfollow1', to: undefined },
  );

  const takedown = only(items[10]!);
  assert.ok(takedown.kind === 'accountEvent');
  assert.deepEqual([takedown.event.status, takedown.event.at], ['takendown', T + 10_000]);
  const throttled = only(items[11]!);
  assert.ok(throttled.kind === 'accountEvent');
  assert.deepEqual([throttled.event.status, throttled.event.detail], [undefined, 'throttled']);

  const [handleEvent, handleAccount] = items[12]!;
  assert.deepEqual(handleEvent, { kind: 'accountEvent', event: { accountId: `bsky:${A}`, kind: 'handle', at: T + 12_000, handle: 'qamar-news.example.social', source: synthetic[12]!.position } });
  assert.deepEqual(handleAccount, { kind: 'account', account: { id: `bsky:${A}`, platform: 'bsky', handle: 'qamar-news.example.social', observedAt: T + 12_000 } });
});

test('hostile records give precise problems, never a throw', () => {
  const results = decodeAll(jetstreamDecoder, hostile);
  const reasons = results.map((r) => r.problems.map((p) => p.reason + (p.detail && !p.detail.includes(' at ') && p.reason !== 'invalid_json' ? `:${p.detail}` : '')));
  assert.deepEqual(reasons, [
    ['invalid_json'],
    ['not_an_object'],
    ['missing_field:did (a DID string)'],
    ['missing_field:time_us (positive number)'],
    ['unknown_kind:bogus'],
    ['wrong_type:record.text is not a string'],
    ['facet_out_of_range:byteStart=0 byteEnd=999 length=16', 'facet_splits_utf8:byteStart=1 byteEnd=4'],
    ['bad_reference:repost subject.uri is not an at:// post URI'],
    ['bad_reference:app.bsky.graph.follow subject is not a DID'],
    [],
  ]);
  // Bad facet ranges lose only the handle; the post and its other facets stay.
  const facetPost = only(results[6]!.items);
  assert.ok(facetPost.kind === 'post');
  assert.deepEqual(facetPost.post.hashtags, ['بدر']);
  assert.deepEqual(facetPost.post.mentions, [{ id: `bsky:${B}` }]);
  // Bidi controls do not extend a URL; a CID that is a path is not turned into a media URL.
  const bidi = only(results[9]!.items);
  assert.ok(bidi.kind === 'post');
  assert.deepEqual(bidi.post.urls, ['https://example.org/']);
  assert.deepEqual(bidi.post.media, [{ kind: 'image' }]);
});

test('a huge text is cut with a problem; the post is kept', () => {
  const text = 'قمر '.repeat(50_000);
  const line = JSON.stringify({ did: A, time_us: T * 1000, kind: 'commit', commit: { operation: 'create', collection: 'app.bsky.feed.post', rkey: '3big', record: { text, createdAt: new Date(T).toISOString() } } });
  const res = jetstreamDecoder.decode({ text: line, position: { source: 'big', line: 1 } }, {});
  assert.deepEqual(res.problems, [{ reason: 'text_truncated', detail: '200000 characters, kept 100000' }]);
  const p = only(res.items);
  assert.ok(p.kind === 'post' && p.post.text.length === 100_000 && p.post.createdAt === T);
});

test('event time: claimed createdAt is believed only near time_us', () => {
  const seen = Date.parse('2026-01-01T12:00:00Z');
  assert.equal(eventTime('2026-01-01T11:59:00Z', seen), seen - 60_000);
  assert.equal(eventTime('2026-01-01T10:00:00Z', seen), seen, 'two hours back: not believed');
  assert.equal(eventTime('2026-01-01T10:00:00Z', seen, true), seen - 7_200_000, 'an edit of an older post');
  assert.equal(eventTime('2026-01-01T12:10:00Z', seen, true), seen, 'future: never believed');
  assert.equal(eventTime('yesterday', seen), seen);
  assert.equal(eventTime('2026-01-01T11:59:59.123456Z', seen), seen - 877, 'microsecond fractions');
});

test('at:// URIs to post ids', () => {
  assert.equal(atUriToPostId('at://did:plc:abc/app.bsky.feed.post/3k'), 'bsky:did:plc:abc/3k');
  assert.equal(atUriToPostId('at://did:plc:abc/app.bsky.feed.generator/3k'), undefined);
  assert.equal(atUriToPostId('at://alice.example/app.bsky.feed.post/3k'), undefined);
  assert.equal(atUriToPostId(42), undefined);
});

test('sniff: Jetstream lines win, other JSON does not', () => {
  assert.ok(jetstreamDecoder.sniff(golden.map((r) => r.text).join('\n'), 'x.jsonl') >= 0.9);
  assert.equal(jetstreamDecoder.sniff('{"data":[{"id":"1","text":"hi"}],"includes":{}}', 'x.jsonl'), 0);
  assert.equal(jetstreamDecoder.sniff('message_id,user_id\n', 'a.csv'), 0);
});

test('mutation fuzz: decode never throws and always yields schema-valid items', () => {
  const withProblems = fuzz(jetstreamDecoder, [...golden, ...synthetic], 3000);
  assert.ok(withProblems > 300, `the fuzzer reached the error paths (${withProblems} mutants with problems)`);
});

test('events of skipped collections are decided by their envelope; anything doubtful still goes through the parser', () => {
  const like = (did: string, tail: string) =>
    ({ text: `{"did":"${did}","time_us":1767225600000000,"kind":"commit","commit":{"rev":"3l","operation":"create","collection":"app.bsky.feed.like","rkey":"3l"${tail}`, position: { source: 't', line: 1 } });
  const kinds = (r: { items: readonly Decoded[]; problems: readonly { reason: string }[] }) =>
    [...r.items.map((i) => (i.kind === 'skipped' ? `skipped:${i.what}` : i.kind)), ...r.problems.map((p) => `problem:${p.reason}`)].join(',');

  assert.equal(kinds(jetstreamDecoder.decode(like(A, ',"record":{}}}'), {})), 'skipped:app.bsky.feed.like');
  // Malformed after the envelope: not kept either way, so it is counted as skipped (the documented trade).
  assert.equal(kinds(jetstreamDecoder.decode(like(A, ',"record":{]}}'), {})), 'skipped:app.bsky.feed.like');
  // Cut off (no closing brace), a bad DID, another key order, a kept collection: the parser decides.
  assert.equal(kinds(jetstreamDecoder.decode(like(A, ',"record":{'), {})), 'problem:invalid_json');
  assert.equal(kinds(jetstreamDecoder.decode(like('did:plc:"x', ',"record":{}}}'), {})), 'problem:invalid_json');
  assert.equal(kinds(jetstreamDecoder.decode(like('not-a-did', ',"record":{}}}'), {})), 'problem:missing_field');
  const reordered = { text: `{"time_us":1767225600000000,"did":"${A}","kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.like","rkey":"3l","record":{}}}`, position: { source: 't', line: 1 } };
  assert.equal(kinds(jetstreamDecoder.decode(reordered, {})), 'skipped:app.bsky.feed.like');
  const follow = like(A, ',"record":{"subject":"x"}}}');
  follow.text = follow.text.replace('app.bsky.feed.like', 'app.bsky.graph.follow');
  assert.equal(kinds(jetstreamDecoder.decode(follow, {})), 'problem:bad_reference');
});
