import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { telegramDecoder } from '../../../src/sources/decoders/telegram.js';
import type { DecodeResult, RawRecord } from '../../../src/sources/types.js';
import type { Post } from '../../../src/model/index.js';
import { fixture } from '../../helpers/paths.js';
import { checkItems, fuzz } from './common.js';

const channelPath = fixture('formats/telegram/synthetic-channel/result.json');
const fullPath = fixture('formats/telegram/synthetic-full/result.json');
const B = Date.parse('2026-01-01T10:00:00Z');

function split(path: string): RawRecord[] {
  return [...telegramDecoder.split!(readFileSync(path, 'utf8'), path)].map((r) => {
    assert.ok('text' in r);
    return r;
  });
}
const channel = split(channelPath);
const full = split(fullPath);
const decode = (r: RawRecord): DecodeResult => {
  const res = telegramDecoder.decode(r, { baseDir: '/unused' });
  checkItems(res);
  return res;
};
const post = (r: DecodeResult): Post => {
  const p = r.items.find((i) => i.kind === 'post');
  assert.ok(p?.kind === 'post', JSON.stringify(r));
  return p.post;
};

test('sniff: exports win by content, result.json alone is a hint', () => {
  assert.equal(telegramDecoder.sniff(readFileSync(channelPath, 'utf8'), channelPath), 0.95);
  assert.equal(telegramDecoder.sniff(readFileSync(fullPath, 'utf8').slice(0, 600), 'export.json'), 0.95);
  assert.equal(telegramDecoder.sniff('{"foo": 1}', '/tmp/x/result.json'), 0.55);
  assert.equal(telegramDecoder.sniff('{"foo": 1}', 'other.json'), 0);
  assert.equal(telegramDecoder.sniff('[{"id":"1"}]', 'result.json'), 0);
});

test('split: one record per message with its chat and JSON path', () => {
  assert.equal(channel.length, 11);
  assert.deepEqual(channel[1]!.position, { source: channelPath, cursor: '$.messages[1]' });
  assert.deepEqual(
    full.map((r) => r.position.cursor),
    ['$.chats.list[0].messages[0]', '$.chats.list[0].messages[1]', '$.chats.list[0].messages[2]', '$.chats.list[0].messages[3]', '$.chats.list[1].messages[0]', '$.left_chats.list[0].messages[0]'],
  );
  const wrapped = JSON.parse(channel[1]!.text) as { chat: unknown; message: { id: number } };
  assert.deepEqual(wrapped.chat, { id: 1777000001, name: 'Qamar Bulletin', type: 'public_channel' });
  assert.equal(wrapped.message.id, 2);
});

test('a channel post: text entities, canonical link, photo path, author', () => {
  const res = decode(channel[1]!);
  assert.deepEqual(res.problems, []);
  assert.deepEqual(res.items[0], { kind: 'account', account: { id: 'telegram:channel1777000001', platform: 'telegram', displayName: 'Qamar Bulletin', observedAt: B } });
  assert.deepEqual(post(res), {
    id: 'telegram:1777000001:2',
    platform: 'telegram',
    authorId: 'telegram:channel1777000001',
    createdAt: B,
    text: 'New issue out #القمر https://example.org/issue?utm_medium=tg',
    hashtags: ['القمر'],
    urls: ['https://example.org/issue'],
    mentions: [],
    media: [{ kind: 'image', path: 'photos/photo_2@01-01-2026_10-00-00.jpg', width: 800, height: 600 }],
    source: { source: channelPath, cursor: '$.messages[1]' },
  });
});

test('text as a mixed array: text_link href, mention, mention_name, formatting is not a hashtag; reply; edit', () => {
  const p = post(decode(channel[2]!));
  assert.equal(p.text, 'Read this with @NoorRelay and Layla #not_a_tag');
  assert.deepEqual(p.hashtags, [], 'bold "#not_a_tag" is not marked as a hashtag by Telegram');
  assert.deepEqual(p.urls, ['https://example.net/r']);
  assert.deepEqual(p.mentions, [{ handle: 'noorrelay' }, { id: 'telegram:user5550001' }]);
  assert.equal(p.replyTo, 'telegram:1777000001:2');
  assert.equal(p.editedAt, B + 300_000);
});

test('forwards become mentions of the origin (never a fake repostOf); video file; via bot; missing files', () => {
  const byName = post(decode(channel[3]!));
  assert.deepEqual(byName.mentions, [{ handle: 'noor relay' }]);
  assert.deepEqual(byName.hashtags, ['نور'], 'a plain-string text is searched for hashtags');
  assert.equal(byName.repostOf, undefined);
  const byId = post(decode(channel[4]!));
  assert.deepEqual(byId.mentions, [{ id: 'telegram:channel1888000002' }]);
  assert.deepEqual(byId.media, [{ kind: 'video', path: 'video_files/clip.mp4', mimeType: 'video/mp4', width: 1280, height: 720 }]);
  assert.equal(byId.client, '@synthbot');
  const anonymous = post(decode(channel[5]!));
  assert.equal(anonymous.authorId, 'telegram:channel1777000001', 'a channel post without from_id is the channel’s');
  assert.deepEqual(anonymous.media, [{ kind: 'gif', mimeType: 'video/mp4' }], 'a file not included has no path');
});

test('hostile messages: escaping paths, missing time, wrong types, unknown types', () => {
  const results = channel.slice(6).map(decode);
  assert.deepEqual(
    results.map((r) => r.problems.map((p) => `${p.reason}:${p.detail ?? ''}`)),
    [
      ['unsafe_media_path:../../../etc/passwd'],
      ['bad_time:date_unixtime / date'],
      ['wrong_type:text is neither a string nor an array'],
      ['unknown_message_type:mystery'],
      ['not_an_object:message'],
    ],
  );
  assert.deepEqual(post(results[0]!).media, [{ kind: 'image' }], 'the post stays, without the path');
  assert.deepEqual(decode(channel[0]!).items, [{ kind: 'skipped', what: 'service' }]);
});

test('full export: chats and left chats, replies within a chat, cross-chat replies left out', () => {
  const results = full.map(decode);
  assert.ok(results.every((r) => r.problems.length === 0));
  const posts = results.flatMap((r) => r.items.flatMap((i) => (i.kind === 'post' ? [i.post] : [])));
  assert.deepEqual(
    posts.map((p) => [p.id, p.authorId, p.replyTo ?? null]),
    [
      ['telegram:1999000003:100', 'telegram:user5550001', null],
      ['telegram:1999000003:101', 'telegram:user5550002', 'telegram:1999000003:100'],
      ['telegram:1999000003:103', 'telegram:user5550002', null],
      ['telegram:5550001:1', 'telegram:user5550001', null],
      ['telegram:1999000004:50', 'telegram:user5550001', null],
    ],
  );
  // decode also accepts a whole small export and gives the same posts.
  const whole = telegramDecoder.decode({ text: readFileSync(fullPath, 'utf8'), position: { source: fullPath } }, {});
  assert.deepEqual(whole.items.filter((i) => i.kind === 'post').map((i) => (i.kind === 'post' ? i.post.id : '')), posts.map((p) => p.id));
});

test('broken documents: one positioned problem', () => {
  const [bad] = [...telegramDecoder.split!('{"name":"x","messages":[{"id":1,', 'r.json')];
  assert.ok(bad && !('text' in bad) && bad.reason === 'invalid_json');
  const [other] = [...telegramDecoder.split!('{"data":[]}', 'r.json')];
  assert.ok(other && !('text' in other) && other.reason === 'not_a_telegram_export');
});

test('mutation fuzz: decode never throws and always yields schema-valid items', () => {
  const withProblems = fuzz(telegramDecoder, [...channel.slice(1, 6), ...full], 2000);
  assert.ok(withProblems > 200, `the fuzzer reached the error paths (${withProblems})`);
});
