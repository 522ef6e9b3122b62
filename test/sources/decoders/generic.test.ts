import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { parseTime } from '../../../src/sources/decoders/common.js';
import { genericCsvDecoder, genericJsonlDecoder, KAGGLE_ISIS_MAPPING, mappingProblems } from '../../../src/sources/decoders/generic.js';
import type { DecodeContext, DecodeResult } from '../../../src/sources/types.js';
import type { Post } from '../../../src/model/index.js';
import { fixture } from '../../helpers/paths.js';
import { checkItems, decodeAll, fuzz, lines } from './common.js';

const csvPath = fixture('formats/generic/synthetic-kaggle-layout.csv');
const csvText = readFileSync(csvPath, 'utf8');
const all = parse(csvText, { bom: true, relax_column_count: true }) as string[][];
const header = all[0]!;
const jsonl = lines('formats/generic/synthetic-posts.jsonl');
const JSONL_MAP = {
  text: 'body', id: 'post_id', authorId: 'user.id', author: 'user.screen_name', time: 'ts', hashtags: 'tags', repostOf: 'shared',
  followers: 'user.followers', lang: 'lang',
};

function decodeCsv(ctx: DecodeContext = {}): DecodeResult[] {
  return all.slice(1).map((cells, i) => {
    const r = genericCsvDecoder.decodeRow!(cells, header, { text: cells.join(','), position: { source: csvPath, line: i + 2 } }, ctx);
    checkItems(r);
    return r;
  });
}
const posts = (rs: DecodeResult[]): Post[] => rs.flatMap((r) => r.items.flatMap((i) => (i.kind === 'post' ? [i.post] : [])));

test('sniff: the Kaggle layout is recognised; any other CSV or JSONL stays below 0.5 (needs --format and --map)', () => {
  assert.equal(genericCsvDecoder.sniff(csvText, 'tweets.csv'), 0.7);
  assert.equal(genericCsvDecoder.sniff('a,b,c\n1,2,3\n', 'x.csv'), 0.4);
  assert.equal(genericCsvDecoder.sniff('{"a":1}\n', 'x.csv'), 0);
  assert.equal(genericJsonlDecoder.sniff('{"a":1}\n', 'x.jsonl'), 0.2);
});

test('Kaggle layout without --map: posts and accounts with exact fields', () => {
  const results = decodeCsv();
  const [first] = results;
  assert.deepEqual(first!.problems, []);
  assert.deepEqual(first!.items, [
    {
      kind: 'account',
      account: {
        id: 'generic:@qamarbulletin', platform: 'generic', handle: 'QamarBulletin', displayName: 'Qamar Bulletin',
        bio: 'Synthetic account, invented for tests', location: 'Nowhere', followers: 1204, posts: 310,
        observedAt: Date.UTC(2015, 0, 6, 21, 7),
      },
    },
    {
      kind: 'post',
      post: {
        id: 'generic:sha256-4de015dcc96fa3f655e296bfef8ba8f4',
        platform: 'generic',
        authorId: 'generic:@qamarbulletin',
        authorHandle: 'QamarBulletin',
        createdAt: Date.UTC(2015, 0, 6, 21, 7),
        text: 'New issue of the moon bulletin #NewMoon https://example.org/issue?utm_source=tw',
        hashtags: ['NewMoon'],
        urls: ['https://example.org/issue'],
        mentions: [],
        media: [],
        source: { source: csvPath, line: 2 },
      },
    },
  ]);
  const ps = posts(results);
  assert.equal(ps[1]!.text, 'RT @NoorRelay: the crescent is visible tonight, say "hello" #القمر');
  assert.deepEqual([ps[1]!.mentions, ps[1]!.hashtags], [[{ handle: 'noorrelay' }], ['القمر']]);
  assert.equal(ps[2]!.text, 'two\nlines of text');
  assert.equal(ps[2]!.id, ps[3]!.id, 'an identical row derives the identical id: re-ingest adds nothing');
  assert.notEqual(ps[0]!.id, ps[1]!.id);
  assert.deepEqual(
    results.map((r) => r.problems.map((p) => p.reason)),
    [[], [], [], [], ['bad_time'], ['bad_number'], ['missing_field']],
  );
  const badCount = results[5]!.items[0]!;
  assert.ok(badCount.kind === 'account' && badCount.account.followers === undefined && badCount.account.posts === 7);
});

test('an explicit mapping overrides the preset; platform=x; dmy dates; missing columns are reported', () => {
  const withX = posts(decodeCsv({ mapping: { ...KAGGLE_ISIS_MAPPING, platform: 'x' } }));
  assert.equal(withX[0]!.authorId, 'x:@qamarbulletin');
  assert.ok(withX[0]!.id.startsWith('x:sha256-'));
  const dmy = posts(decodeCsv({ mapping: { platform: 'generic', dateOrder: 'dmy' } }));
  assert.equal(dmy[0]!.createdAt, Date.UTC(2015, 5, 1, 21, 7), '1/6/2015 read day-first is 1 June');
  const missing = decodeCsv({ mapping: { text: 'tweets', author: 'username', time: 'posted_at' } })[0]!;
  assert.deepEqual(missing.problems, [{ reason: 'mapping_column_missing', detail: 'time=posted_at' }]);
  assert.deepEqual(mappingProblems({ txt: 'tweets', author: 'username' }, header), ['unknown field txt', 'text is required', 'time is required']);
  assert.deepEqual(mappingProblems(KAGGLE_ISIS_MAPPING, header), []);
  const noMap = genericCsvDecoder.decodeRow!(['a'], ['col'], { text: 'a', position: { source: 's' } }, {});
  assert.equal(noMap.problems[0]!.reason, 'no_mapping');
});

test('generic JSONL with dotted paths: ids, reposts, list cells, time formats, problems', () => {
  const results = decodeAll(genericJsonlDecoder, jsonl, { mapping: JSONL_MAP });
  results.forEach(checkItems);
  const [p1, p2, p4] = posts(results);
  assert.deepEqual(
    { id: p1!.id, author: p1!.authorId, handle: p1!.authorHandle, tags: p1!.hashtags, lang: p1!.lang, at: p1!.createdAt },
    { id: 'generic:p1', author: 'generic:u1', handle: 'QamarBulletin', tags: ['NewMoon', 'crescent'], lang: 'en', at: 1767261600000 },
  );
  assert.deepEqual([p2!.repostOf, p2!.createdAt], ['generic:p1', Date.parse('2026-01-01T10:00:05Z')]);
  assert.deepEqual([p4!.hashtags, p4!.createdAt], [['moon', 'القمر'], 1767261600123]);
  const followers = results[3]!.items[0]!;
  assert.ok(followers.kind === 'account' && followers.account.followers === 1_000_000);
  assert.deepEqual(
    results.map((r) => r.problems.map((p) => p.reason)),
    [[], [], ['missing_field'], [], ['not_an_object'], ['invalid_json']],
  );
  assert.equal(genericJsonlDecoder.decode(jsonl[0]!, {}).problems[0]!.reason, 'no_mapping');
});

test('time formats', () => {
  const cases: [string, number | undefined][] = [
    ['1/6/2015 21:07', Date.UTC(2015, 0, 6, 21, 7)],
    ['12/31/2015 11:59:30 PM', Date.UTC(2015, 11, 31, 23, 59, 30)],
    ['1/6/2015', Date.UTC(2015, 0, 6)],
    ['2015-01-06 21:07', Date.UTC(2015, 0, 6, 21, 7)],
    ['2015-01-06T21:07:05+02:00', Date.UTC(2015, 0, 6, 19, 7, 5)],
    ['1420578420', Date.UTC(2015, 0, 6, 21, 7)],
    ['1420578420000', Date.UTC(2015, 0, 6, 21, 7)],
    ['Tue Jan 06 21:07:00 +0000 2015', Date.UTC(2015, 0, 6, 21, 7)],
    ['2/30/2015 10:00', undefined],
    ['13/13/2015', undefined],
    ['next tuesday', undefined],
    ['', undefined],
    ['99999999999999999999', undefined],
  ];
  for (const [s, want] of cases) assert.equal(parseTime(s), want, s);
});

test('mutation fuzz: decode never throws', () => {
  fuzz(genericJsonlDecoder, jsonl.slice(0, 4), 1500, { mapping: JSONL_MAP });
  const rows = csvText.split('\n').slice(1, 3).map((text, i) => ({ text, position: { source: csvPath, line: i + 2 } }));
  fuzz(genericCsvDecoder, rows, 1000, { header });
});
