import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { htmlToText } from '../../../src/sources/decoders/common.js';
import { mastodonDecoder, mastodonDecoders, mastodonDocumentDecoder } from '../../../src/sources/decoders/mastodon.js';
import type { Decoded, DecodeResult, RawRecord } from '../../../src/sources/types.js';
import type { Post } from '../../../src/model/index.js';
import { fixture } from '../../helpers/paths.js';
import { checkItems, decodeAll, fuzz, lines } from './common.js';

const docPath = fixture('formats/mastodon/synthetic-statuses.json');
const doc = readFileSync(docPath, 'utf8');
const timeline = readFileSync(fixture('formats/mastodon/synthetic-timeline.json'), 'utf8');
const perLine = lines('formats/mastodon/synthetic-statuses.jsonl');
const stream = lines('formats/mastodon/synthetic-stream.jsonl');
const hostile = lines('formats/mastodon/synthetic-hostile.jsonl');

const posts = (r: DecodeResult): Post[] => r.items.flatMap((i) => (i.kind === 'post' ? [i.post] : []));
const kinds = (items: readonly Decoded[]): string => items.map((i) => (i.kind === 'skipped' ? `skipped:${i.what}` : i.kind)).join(',');

function splitDoc(): RawRecord[] {
  return [...mastodonDocumentDecoder.split!(doc, docPath)].map((r) => {
    assert.ok('text' in r, 'the document splits without problems');
    return r;
  });
}

test('sniff picks the line decoder for one-status-per-line and compact arrays, the document decoder for pretty arrays', () => {
  const best = (sample: string) => mastodonDecoders.map((d) => d.sniff(sample, 'statuses.json'));
  assert.deepEqual(best(doc), [0, 0.9]);
  assert.deepEqual(best(timeline), [0.9, 0]);
  assert.deepEqual(best(perLine.map((r) => r.text).join('\n')), [0.9, 0]);
  assert.deepEqual(best(stream.map((r) => r.text).join('\n')), [0.95, 0]);
  assert.deepEqual(best(readFileSync(fixture('formats/bluesky-jetstream/golden_v1.jsonl'), 'utf8')), [0, 0]);
});

test('a local status: HTML to text, tags as written, mentions qualified, links, media, card, reply, client', () => {
  const [first] = splitDoc();
  const res = mastodonDecoder.decode(first!, {});
  assert.deepEqual(res.problems, []);
  checkItems(res);
  assert.deepEqual(kinds(res.items), 'account,post');
  const [p] = posts(res);
  assert.deepEqual(p, {
    id: 'mastodon:qamar.example:113000000000000001',
    platform: 'mastodon',
    authorId: 'mastodon:layla@qamar.example',
    authorHandle: 'layla@qamar.example',
    createdAt: Date.parse('2026-01-01T10:00:00Z'),
    text: 'astronomy\n\nCrescent tonight #NewMoon @relay\n\nRead https://example.org/moon?utm_source=masto&page=2',
    lang: 'en',
    client: 'Synthetic Poster',
    hashtags: ['NewMoon', 'القمر'],
    urls: ['https://example.org/moon?page=2'],
    mentions: [{ id: 'mastodon:relay@noor.example', handle: 'relay@noor.example' }],
    media: [
      { kind: 'image', url: 'https://qamar.example/system/media_attachments/files/000/009/original/m.jpg', altText: 'a crescent', width: 640, height: 480 },
      { kind: 'gif', url: 'https://qamar.example/system/media_attachments/files/000/010/original/m.mp4' },
      { kind: 'link-card', url: 'https://example.org/moon?page=2' },
    ],
    replyTo: 'mastodon:qamar.example:112999999999999999',
    source: { source: docPath, cursor: '$[0]' },
  });
  const account = res.items[0]!;
  assert.ok(account.kind === 'account');
  assert.deepEqual(account.account, {
    id: 'mastodon:layla@qamar.example',
    platform: 'mastodon',
    handle: 'layla@qamar.example',
    displayName: 'Layla',
    bio: 'Moon watcher\nand & poet',
    url: 'https://qamar.example/@layla',
    createdAt: Date.parse('2025-03-01T00:00:00Z'),
    followers: 10,
    following: 2000,
    posts: 5,
    avatarUrl: 'https://qamar.example/system/accounts/avatars/000/001/original/a.png',
    defaultAvatar: false,
    bot: false,
    protected: false,
    observedAt: Date.parse('2026-01-01T10:00:00Z'),
  });
});

test('remote status, boost, quote and edit', () => {
  const [, remote, boost, quote] = splitDoc().map((r) => mastodonDecoder.decode(r, {}));
  const [r] = posts(remote!);
  assert.equal(r!.id, 'mastodon:noor.example:555', 'the id comes from the status uri, not the serving instance id');
  assert.equal(r!.lang, undefined);
  const account = remote!.items[0]!;
  assert.ok(account.kind === 'account');
  assert.deepEqual([account.account.defaultAvatar, account.account.bot], [true, true]);

  assert.equal(kinds(boost!.items), 'account,account,post,post');
  const [inner, wrapper] = posts(boost!);
  assert.equal(inner!.id, 'mastodon:qamar.example:113000000000000001');
  assert.deepEqual(
    { id: wrapper!.id, author: wrapper!.authorId, text: wrapper!.text, repostOf: wrapper!.repostOf, at: wrapper!.createdAt },
    { id: 'mastodon:noor.example:556', author: 'mastodon:relay@noor.example', text: '', repostOf: inner!.id, at: Date.parse('2026-01-01T10:00:06Z') },
  );

  const [quoted, quoting] = posts(quote!);
  assert.equal(quoted!.id, 'mastodon:noor.example:555');
  assert.equal(quoting!.quoteOf, 'mastodon:noor.example:555');
  assert.equal(quoting!.editedAt, Date.parse('2026-01-01T10:05:00Z'));
});

test('hostile HTML: scripts dropped, escaped tags stay text, bad references replaced, unclosed tags removed', () => {
  const last = splitDoc()[4]!;
  const [p] = posts(mastodonDecoder.decode(last, {}));
  assert.equal(p!.text, 'safe <b>literal</b> \u202etxt.exe \ufffd\ufffd ok\nlineunclosed');
  assert.deepEqual(p!.urls, [], 'the unclosed <a> never became a link');
  assert.equal(htmlToText('<p>a</p>\n<p>b<br>c</p><SCRIPT>x</SCRIPT><style>y'), 'a\n\nb\nc');
  assert.equal(htmlToText('&amp;lt; &#128512; &#x110000; &unknown;'), '&lt; 😀 \ufffd &unknown;');
});

test('the same statuses one per line, or as a compact array on one line, decode the same', () => {
  const fromDoc = splitDoc().flatMap((r) => posts(mastodonDecoder.decode(r, {})).map((p) => ({ ...p, source: undefined })));
  const fromLines = decodeAll(mastodonDecoder, perLine).flatMap((r) => posts(r).map((p) => ({ ...p, source: undefined })));
  assert.deepEqual(fromLines, fromDoc);
  const compact = mastodonDecoder.decode({ text: timeline.trim(), position: { source: 't', line: 1 } }, {});
  assert.deepEqual(posts(compact).map((p) => p.id), ['mastodon:qamar.example:113000000000000001', 'mastodon:noor.example:555']);
});

test('streaming events: update, status.update, delete (with the instance), others skipped', () => {
  const ctx = { mapping: { instance: 'Qamar.example' }, now: 1_767_300_000_000 };
  const results = decodeAll(mastodonDecoder, stream, ctx);
  assert.deepEqual(results.map((r) => kinds(r.items)), [
    'account,post',
    'account,account,post,post',
    'postDeleted',
    'skipped:event:notification',
    'skipped:event:filters_changed',
    '',
    '',
  ]);
  assert.deepEqual(results[2]!.items[0], { kind: 'postDeleted', postId: 'mastodon:qamar.example:113000000000000004', at: ctx.now });
  assert.deepEqual(results.map((r) => r.problems.map((p) => p.reason)), [[], [], [], [], [], ['invalid_json'], ['missing_field']]);
  const edited = posts(results[1]!)[1]!;
  assert.equal(edited.editedAt, Date.parse('2026-01-01T10:05:00Z'));
  // Without a known instance a delete cannot name a post: a precise problem, no guess.
  const noInstance = mastodonDecoder.decode(stream[2]!, {});
  assert.deepEqual(noInstance.problems.map((p) => p.reason), ['unknown_instance']);
  // The connector may tag each line with its instance instead.
  const tagged = mastodonDecoder.decode({ text: '{"instance":"noor.example","event":"delete","payload":"77"}', position: stream[2]!.position }, { now: 1 });
  assert.deepEqual(tagged.items, [{ kind: 'postDeleted', postId: 'mastodon:noor.example:77', at: 1 }]);
});

test('hostile records: precise problems, never a throw', () => {
  const results = decodeAll(mastodonDecoder, hostile);
  assert.deepEqual(
    results.map((r) => r.problems.map((p) => (p.reason === 'invalid_json' ? p.reason : `${p.reason}:${p.detail ?? ''}`))),
    [
      ['bad_time:created_at: not a date'],
      ['missing_field:account'],
      ['missing_field:account.acct (with a known domain)'],
      ['missing_field:uri (https) or id with a known instance'],
      ['not_an_object:'],
      ['invalid_json'],
      ['wrong_type:tags is not an array'],
    ],
  );
  const [p] = posts(results[6]!);
  assert.deepEqual([p!.hashtags, p!.mentions, p!.media], [['tag'], [], [{ kind: 'file' }]]);
  // With the serving instance known, a status whose uri is a legacy tag: URI falls back to its id.
  const legacy = mastodonDecoder.decode(hostile[3]!, { mapping: { instance: 'qamar.example' } });
  assert.equal(posts(legacy)[0]!.id, 'mastodon:qamar.example:10');
});

test('a broken document yields one positioned problem', () => {
  const out = [...mastodonDocumentDecoder.split!('[{"id":"1",', 'broken.json')];
  assert.equal(out.length, 1);
  assert.ok(!('text' in out[0]!) && out[0]!.reason === 'invalid_json');
});

test('mutation fuzz: decode never throws and always yields schema-valid items', () => {
  const records = [...perLine, ...stream];
  const withProblems = fuzz(mastodonDecoder, records, 2000, { mapping: { instance: 'qamar.example' }, now: 1 });
  assert.ok(withProblems > 200, `the fuzzer reached the error paths (${withProblems})`);
});
