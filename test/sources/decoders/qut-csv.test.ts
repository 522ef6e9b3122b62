import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { qutCsvDecoder } from '../../../src/sources/decoders/qut-csv.js';
import type { DecodeContext, DecodeResult } from '../../../src/sources/types.js';
import type { Post } from '../../../src/model/index.js';
import { fixture } from '../../helpers/paths.js';
import { checkItems, fuzz } from './common.js';

/** Rows as the lead's CSV framer gives them: csv-parse cells (BOM stripped) plus the header. */
function rows(path: string): { header: string[]; cells: string[][] } {
  const all = parse(readFileSync(path, 'utf8'), { bom: true, relax_column_count: true }) as string[][];
  return { header: all[0]!, cells: all.slice(1) };
}
const conformancePath = fixture('coordination/coretweet_test_input.csv');
const syntheticPath = fixture('formats/qut/synthetic-qut.csv');

function decodeFile(path: string, ctx: DecodeContext = {}): DecodeResult[] {
  const { header, cells } = rows(path);
  return cells.map((c, i) => {
    const r = qutCsvDecoder.decodeRow!(c, header, { text: c.join(','), position: { source: path, line: i + 2 } }, ctx);
    checkItems(r);
    return r;
  });
}
const posts = (rs: DecodeResult[]): Post[] => rs.flatMap((r) => r.items.flatMap((i) => (i.kind === 'post' ? [i.post] : [])));

test('sniff: the QUT header (with its BOM) is recognised', () => {
  assert.equal(qutCsvDecoder.sniff(readFileSync(conformancePath, 'utf8'), 'coretweet_test_input.csv'), 0.98);
  assert.equal(qutCsvDecoder.sniff('"message_id","user_id","username","repost_id","reply_id","message","timestamp","urls"\n', 'a.csv'), 0.98);
  assert.equal(qutCsvDecoder.sniff('urls,timestamp,message,reply_id,repost_id,username,user_id,message_id\n', 'a.csv'), 0.9);
  assert.equal(qutCsvDecoder.sniff('tweetid,userid\n', 'a.csv'), 0);
});

test('the real QUT conformance input: 15 posts, repost targets and times as the toolkit reads them', () => {
  const results = decodeFile(conformancePath);
  assert.ok(results.every((r) => r.problems.length === 0));
  const ps = posts(results);
  assert.equal(ps.length, 15);
  assert.deepEqual(
    ps.map((p) => [p.id, p.authorId, p.repostOf, p.createdAt / 1000]),
    [
      ['generic:0', 'generic:uid0', 'generic:rtid0', 0], ['generic:1', 'generic:uid1', 'generic:rtid0', 59],
      ['generic:2', 'generic:uid2', 'generic:rtid1', 60], ['generic:3', 'generic:uid3', 'generic:rtid1', 70],
      ['generic:4', 'generic:uid2', 'generic:rtid2', 70], ['generic:5', 'generic:uid3', 'generic:rtid2', 131],
      ['generic:6', 'generic:uid4', 'generic:rtid3', 30], ['generic:7', 'generic:uid5', 'generic:rtid3', 89],
      ['generic:8', 'generic:uid4', 'generic:rtid4', 40], ['generic:9', 'generic:uid5', 'generic:rtid4', 41],
      ['generic:10', 'generic:uid10', 'generic:rtid5', 42], ['generic:11', 'generic:uid10', 'generic:rtid5', 52],
      ['generic:12', 'generic:uid11', 'generic:rtid6', 42], ['generic:13', 'generic:uid12', 'generic:rtid6', 300],
      ['generic:14', 'generic:uid0', 'generic:rtid0', 1],
    ],
  );
  assert.ok(ps.every((p) => p.urls.length === 0 && p.replyTo === undefined && p.authorHandle === p.authorId.replace('generic:uid', 'username')));
});

test('--map platform=x makes the ids X ids', () => {
  const [p] = posts(decodeFile(conformancePath, { mapping: { platform: 'x' } }));
  assert.deepEqual([p!.id, p!.platform, p!.authorId, p!.repostOf], ['x:0', 'x', 'x:uid0', 'x:rtid0']);
  const bad = decodeFile(conformancePath, { mapping: { platform: 'myspace' } })[0]!;
  assert.equal(bad.problems[0]!.reason, 'bad_mapping');
});

test('synthetic rows: urls from the column only (canonical), replies, quoted newline, ISO time, problems', () => {
  const results = decodeFile(syntheticPath);
  const [first, repost, reply, noHandle] = posts(results);
  assert.deepEqual(first, {
    id: 'generic:100',
    platform: 'generic',
    authorId: 'generic:u1',
    authorHandle: 'QamarBulletin',
    createdAt: 1767261600000,
    text: 'New issue out #NewMoon @NoorRelay https://example.org/ignored-in-text',
    hashtags: ['NewMoon'],
    urls: ['https://example.org/issue', 'https://example.net/b'],
    mentions: [{ handle: 'noorrelay' }],
    media: [],
    source: { source: syntheticPath, line: 2 },
  });
  assert.equal(repost!.repostOf, 'generic:100');
  assert.deepEqual([reply!.replyTo, reply!.text, reply!.hashtags, reply!.createdAt], ['generic:100', 'reply with a\nnewline and Arabic #القمر', ['القمر'], 1767261610500]);
  assert.deepEqual([noHandle!.createdAt, noHandle!.authorHandle], [Date.parse('2026-01-01T10:00:20Z'), undefined]);
  assert.deepEqual(
    results.map((r) => r.problems.map((p) => `${p.reason}:${p.detail}`)),
    [[], [], [], [], ['bad_time:timestamp: yesterday'], ['missing_field:message_id']],
  );
  assert.deepEqual(results[0]!.items[0], { kind: 'account', account: { id: 'generic:u1', platform: 'generic', handle: 'QamarBulletin', observedAt: 1767261600000 } });
});

test('decode (raw row text) equals decodeRow; the header row is skipped; a header missing columns is a problem', () => {
  const text = readFileSync(syntheticPath, 'utf8');
  const viaRows = decodeFile(syntheticPath)[0]!;
  const line = text.split('\n')[1]!;
  const viaText = qutCsvDecoder.decode({ text: line, position: { source: syntheticPath, line: 2 } }, {});
  assert.deepEqual(viaText, viaRows);
  assert.deepEqual(qutCsvDecoder.decode({ text: text.split('\n')[0]!, position: { source: 's' } }, {}).items, [{ kind: 'skipped', what: 'header' }]);
  assert.deepEqual(qutCsvDecoder.decodeRow!(['1'], ['message_id'], { text: '1', position: { source: 's' } }, {}).problems, [
    { reason: 'missing_column', detail: 'user_id,username,repost_id,reply_id,message,timestamp' },
  ]);
  assert.equal(qutCsvDecoder.decode({ text: '1,"unterminated', position: { source: 's' } }, {}).problems[0]!.reason, 'csv_syntax');
});

test('mutation fuzz: decode never throws', () => {
  const lines = readFileSync(syntheticPath, 'utf8').split('\n').slice(1).filter(Boolean).map((text, i) => ({ text, position: { source: 's', line: i + 2 } }));
  fuzz(qutCsvDecoder, lines, 1500);
});
