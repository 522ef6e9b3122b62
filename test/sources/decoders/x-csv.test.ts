import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Account, Post } from '../../../src/model/index.js';
import { parsePythonList, xCsvDecoder } from '../../../src/sources/decoders/x-csv.js';
import type { DecodeResult, RawRecord } from '../../../src/sources/types.js';
import { canonicalUrl } from '../../../src/text/urls.js';
import { fixture } from '../../helpers/paths.js';
import { checkItems, rng } from './common.js';

const FILE = fixture('formats/x-csv/synthetic-io-archive.csv');
const HASH = 'Z3JleUhlcm9uU3ludGhldGljSGFzaEZvclRlc3RzMDE=';

/** The file framed as the lead's CSV framer does: header, then each row as cells and as its raw text. */
function rows(): { header: string[]; records: { cells: string[]; record: RawRecord }[] } {
  const parsed = parse(readFileSync(FILE, 'utf8'), { raw: true, relax_column_count: true, info: true }) as unknown as {
    record: string[];
    raw: string;
    info: { lines: number };
  }[];
  const [head, ...rest] = parsed;
  return {
    header: head.record,
    records: rest.map((r) => ({ cells: r.record, record: { text: r.raw.replace(/\n$/, ''), position: { source: FILE, line: r.info.lines } } })),
  };
}

const { header, records } = rows();
const viaRow = records.map(({ cells, record }) => xCsvDecoder.decodeRow!(cells, header, record, {}));
const posts = (r: DecodeResult): Post[] => r.items.flatMap((i) => (i.kind === 'post' ? [i.post] : []));
const accounts = (r: DecodeResult): Account[] => r.items.flatMap((i) => (i.kind === 'account' ? [i.account] : []));

test('decode (parsing the raw row text) and decodeRow (cells from the framer) agree', () => {
  assert.equal(records.length, 9);
  records.forEach(({ record }, i) => assert.deepEqual(xCsvDecoder.decode(record, { header }), viaRow[i], `row ${i + 1}`));
  viaRow.forEach(checkItems);
});

test('an original tweet and its author profile', () => {
  const r = viaRow[0];
  assert.deepEqual(r.problems, []);
  const [p] = posts(r);
  assert.deepEqual(p, {
    id: 'x:950000000000000001',
    platform: 'x',
    authorId: 'x:2712345678',
    authorHandle: 'heron_desk',
    createdAt: Date.UTC(2018, 0, 13, 21, 22),
    text: 'نداء الدائرة الرمادية #مالك_الحزين https://t.co/AbCdEf1234',
    lang: 'ar',
    hashtags: ['مالك_الحزين'],
    urls: [canonicalUrl('https://example.org/heron/call?utm_source=tw&b=2&a=1')],
    mentions: [],
    media: [],
    client: 'Twitter Web Client',
    source: { source: FILE, line: 2 },
  });
  assert.deepEqual(accounts(r), [
    {
      id: 'x:2712345678',
      platform: 'x',
      handle: 'heron_desk',
      displayName: 'Grey Heron Desk',
      bio: 'Bulletins of the Grey Heron Circle',
      location: 'Dhaka, Bangladesh',
      url: 'https://example.org/heron',
      createdAt: Date.UTC(2016, 11, 4),
      followers: 1520,
      following: 33,
      observedAt: Date.UTC(2018, 0, 13, 21, 22),
    },
  ]);
});

test('a retweet by an anonymised (hashed) account', () => {
  const r = viaRow[1];
  assert.deepEqual(r.problems, []);
  const [p] = posts(r);
  assert.equal(p.authorId, `x:${HASH}`);
  assert.equal(p.authorHandle, undefined); // the hash is not a handle
  assert.equal(p.repostOf, 'x:950000000000000001');
  assert.deepEqual(p.hashtags, ['مالك_الحزين']); // from \u escapes
  assert.deepEqual(p.mentions, [{ id: 'x:2712345678' }]);
  const [a] = accounts(r);
  assert.deepEqual([a.handle, a.displayName, a.followers, a.following], [undefined, undefined, 4, 120]);
});

test('hostile cells: bidi controls, quotes and newlines, Python lists with both quotes', () => {
  const r = viaRow[2];
  assert.deepEqual(r.problems, []);
  const [p] = posts(r);
  assert.equal(p.text, 'He said "join the circle"\nand then, again: "join"');
  assert.equal(p.createdAt, Date.UTC(2018, 0, 14, 8, 5, 9));
  assert.equal(p.lang, undefined); // und
  assert.equal(p.replyTo, 'x:950000000000000001');
  assert.equal(p.quoteOf, 'x:950000000000000001');
  assert.equal(p.repostOf, undefined);
  assert.deepEqual(p.hashtags, ["it's", 'both \'single\' and "double"', 'café', 'Heron']);
  assert.deepEqual(p.urls, [canonicalUrl('HTTP://Example.ORG:80/a#frag')]); // "not a url" dropped
  assert.deepEqual(p.mentions, [{ id: 'x:2712345678' }, { id: `x:${HASH}` }]);
  const [a] = accounts(r);
  assert.equal(a.displayName, '\u202eNORэH\u202c \u2067Circle\u2069'); // kept as written
  assert.equal(a.bio, 'line one\nline "two", with comma');
  assert.equal(a.followers, 0);
});

test('broken rows become precise problems; partly broken rows keep what is sound', () => {
  const reasons = viaRow.slice(3).map((r) => r.problems.map((p) => p.reason));
  assert.deepEqual(reasons, [['bad_time'], ['schema'], ['missing_author'], ['lossy_id'], ['schema'], ['schema']]);
  assert.equal(viaRow[3].problems[0].detail, 'tweet 950000000000000303: tweet_time "2018-02-31 10:00" is not YYYY-MM-DD HH:MM');
  assert.equal(viaRow[4].problems[0].detail, 'tweetid "9.5e+17" is not a digit string (precision lost?)');
  assert.equal(viaRow[8].problems[0].detail, 'row has 5 cells, the header has 31');
  for (const i of [3, 4, 5, 8]) assert.deepEqual(viaRow[i].items, []);
  const [lossy] = posts(viaRow[6]);
  assert.equal(lossy.id, 'x:950000000000000606');
  assert.equal(lossy.replyTo, undefined); // dropped, not guessed
  const [brokenList] = posts(viaRow[7]);
  assert.deepEqual(brokenList.hashtags, []);
  assert.match(viaRow[7].problems[0].detail ?? '', /hashtags "\['unterminated" is not a Python list/);
});

test('without a header, decode cannot map columns', () => {
  assert.deepEqual(xCsvDecoder.decode(records[0].record, {}).problems.map((p) => p.reason), ['schema']);
  assert.deepEqual(xCsvDecoder.decode({ text: '"unterminated', position: { source: 'x' } }, { header }).problems.map((p) => p.reason), ['invalid_csv']);
});

test('Python list literals', () => {
  assert.deepEqual(parsePythonList('[]'), []);
  assert.deepEqual(parsePythonList(''), []);
  assert.deepEqual(parsePythonList("['a', 'b']"), ['a', 'b']);
  assert.deepEqual(parsePythonList('["it\'s", \'x\\\'y\']'), ["it's", "x'y"]);
  assert.deepEqual(parsePythonList("['\\u0627\\U0001F426\\x41\\n\\\\']"), ['\u0627\u{1F426}A\n\\']);
  assert.deepEqual(parsePythonList('[123, 456, None]'), ['123', '456']);
  assert.deepEqual(parsePythonList("['a',]"), ['a']);
  assert.deepEqual(parsePythonList("['\\q']"), ['\\q']);
  for (const bad of ["['a'", "['a' 'b']", 'nope', "['\\u00zz']", "['\\U00110000']", '[', "['a]"]) {
    assert.equal(parsePythonList(bad), undefined, bad);
  }
});

test('sniffing the archive header', () => {
  const sample = readFileSync(FILE, 'utf8').slice(0, 65536);
  assert.equal(xCsvDecoder.sniff(sample, 'ioa_tweets.csv'), 0.95);
  assert.equal(xCsvDecoder.sniff(`\uFEFF${sample}`, 'ioa_tweets.csv'), 0.95);
  assert.equal(xCsvDecoder.sniff(readFileSync(fixture('coordination/coretweet_test_input.csv'), 'utf8'), 'c.csv'), 0);
  assert.equal(xCsvDecoder.sniff('{"data": []}\n', 'x.jsonl'), 0);
});

test('fuzz: mutated rows never throw and yield schema-valid items', () => {
  const r = rng(5);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const hostile = ['', 'None', '[', "['", '1e400', '-1', '\u202e', 'True', '9'.repeat(30), '2018-13-45 99:99', "['a', 1, None]", '"'];
  let problems = 0;
  for (let k = 0; k < 1500; k++) {
    const base = pick(records.slice(0, 3));
    const cells = [...base.cells];
    for (let m = 0; m < 3; m++) cells[Math.floor(r() * cells.length)] = pick(hostile);
    if (r() < 0.1) cells.pop();
    const res = xCsvDecoder.decodeRow!(cells, header, base.record, {});
    checkItems(res);
    if (res.problems.length > 0) problems++;
  }
  assert.ok(problems > 300, `the fuzzer reached the error paths (${problems})`);
});
