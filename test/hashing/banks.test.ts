import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fixture } from '../helpers/paths.js';
import {
  BANK_FORMATS,
  detectBankFormat,
  parseHmaCsv,
  parsePytxCsv,
  parsePytxFile,
  parseTcapJson,
  serializeHmaCsv,
  serializePytxCsv,
  serializePytxFile,
  serializeTcapJson,
  type BankFormat,
} from '../../src/hashing/banks/index.js';

const read = (name: string) => readFileSync(fixture('banks', name), 'utf8');

test('pytx CSV: parses, normalises, refuses bad rows with their line, round-trips', () => {
  const r = parsePytxCsv(read('synthetic-pytx.csv'));
  assert.equal(r.entries.length, 7);
  assert.deepEqual(r.errors.map((e) => e.line), [9, 10]);
  assert.match(r.errors[1].message, /unsupported signal type "text_tlsh"/);
  const logo = r.entries[1];
  assert.equal(logo.signal, 'e64cc9d91c623882f8d1f1d9a398e78c9f199b3bd83924f2b7e11e0bf861b064'); // lower-cased
  assert.deepEqual(logo.labels, { tags: ['logo', 'nlb'], category: 'POSITIVE_CLASS' });
  assert.equal(logo.source, 'Lantern Releases');
  assert.equal(r.entries[2].labels.tags.length, 0);
  const text = r.entries.find((e) => e.signalType === 'raw_text')!;
  assert.equal(text.signal, 'The Northern Lantern Brigade calls every supporter to share release 42, "The Long Night", today');
  const url = r.entries.find((e) => e.signalType === 'url')!;
  assert.equal(url.signal, 'https://media.lantern-brigade.example/release/42'); // tracking parameter dropped
  const again = parsePytxCsv(serializePytxCsv(r.entries));
  assert.deepEqual(again, { entries: r.entries, deleted: [], errors: [] });
  // Columns are found by name, in any order.
  const reordered = 'collab,signal_type,signal_str,category,tags\nc1,md5,5D41402ABC4B2A76B9719D911017C592,POSITIVE_CLASS,a b\n';
  assert.deepEqual(parsePytxCsv(reordered).entries, [
    { signalType: 'md5', signal: '5d41402abc4b2a76b9719d911017c592', labels: { tags: ['a', 'b'], category: 'POSITIVE_CLASS' }, source: 'c1' },
  ]);
  assert.equal(parsePytxCsv('a,b\n1,2\n').errors.length, 1);
});

test('pytx local file: type and signal split at the first space; round-trips', () => {
  const r = parsePytxFile(read('synthetic-pytx-signals.txt'));
  assert.equal(r.entries.length, 6);
  assert.deepEqual(r.errors.map((e) => e.line), [8]);
  assert.equal(r.entries[4].signal, 'Share the Lantern release 42 with every group you are in before midnight');
  assert.deepEqual(parsePytxFile(serializePytxFile(r.entries)), { entries: r.entries, deleted: [], errors: [] });
  assert.equal(parsePytxFile('f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22\n', 'pdq').entries.length, 1);
  assert.throws(() => serializePytxFile([{ signalType: 'raw_text', signal: 'two\nlines', labels: { tags: [] } }]), RangeError);
});

test('legacy HMA CSV: descriptor id as source, ThreatExchange times, no header written; round-trips', () => {
  const r = parseHmaCsv(read('synthetic-hma-legacy.csv'));
  assert.equal(r.entries.length, 4);
  assert.deepEqual(r.errors.map((e) => e.line), [5]);
  assert.deepEqual(r.entries[0], {
    signalType: 'pdq',
    signal: 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22',
    labels: { tags: ['nlb', 'release_poster'] },
    source: '3057172434321789',
    addedAt: Date.UTC(2021, 2, 4, 5, 6, 7),
  });
  assert.equal(r.entries[3].addedAt, undefined); // pytx's "mine"
  const text = serializeHmaCsv(r.entries);
  assert.ok(text.startsWith('f8f8f0ce'), 'no header line');
  assert.match(text, /,2021-03-04T05:06:07\+0000,nlb release_poster\n/);
  assert.deepEqual(parseHmaCsv(text), { entries: r.entries, deleted: [], errors: [] });
  assert.equal(parseHmaCsv('hash,first_descriptor_id,added_on,tags\n' + text).entries.length, 4);
});

test('TCAP hash list: algorithm → signal type, ideology → group, deleted records apart; round-trips', () => {
  const r = parseTcapJson(read('synthetic-tcap-hash-list.json'));
  assert.deepEqual(r.entries.map((e) => e.signalType), ['video_md5', 'pdq', 'pdq', 'sha256']);
  assert.deepEqual(r.deleted.map((e) => [e.signalType, e.source]), [['md5', 'tcap:2823']]);
  assert.deepEqual(r.errors.map((e) => e.line), [6, 7]);
  assert.match(r.errors[0].message, /SHA512/);
  assert.deepEqual(r.entries[2], {
    signalType: 'pdq',
    signal: 'e64cc9d91c623882f8d1f1d9a398e78c9f199b3bd83924f2b7e11e0bf861b064',
    labels: { tags: [], group: 'islamist', contentType: 'gif' },
    source: 'tcap:2821',
    addedAt: Date.UTC(2025, 2, 5, 12, 30, 0, 125),
  });
  const again = parseTcapJson(serializeTcapJson(r.entries, r.deleted));
  assert.deepEqual(again, { entries: r.entries, deleted: r.deleted, errors: [] });
  // A bare array (the older file download) parses too; entries without a TCAP id get fresh ones.
  const bare = JSON.parse(serializeTcapJson([{ ...r.entries[1], source: undefined }, r.entries[2]])).results;
  assert.deepEqual(bare.map((x: { id: number }) => x.id), [1, 2821]);
  assert.equal(parseTcapJson(JSON.stringify(bare)).entries.length, 2);
  assert.throws(() => serializeTcapJson([{ signalType: 'url', signal: 'https://a.example/', labels: { tags: [] } }]), RangeError);
  assert.equal(parseTcapJson('{"nope":1}').errors.length, 1);
  assert.equal(parseTcapJson('not json').errors.length, 1);
});

test('every format round-trips its own output and is recognised by detection', () => {
  const files: Record<BankFormat, string> = {
    'pytx-csv': 'synthetic-pytx.csv',
    'pytx-file': 'synthetic-pytx-signals.txt',
    'hma-csv': 'synthetic-hma-legacy.csv',
    'tcap-json': 'synthetic-tcap-hash-list.json',
  };
  for (const [format, file] of Object.entries(files) as [BankFormat, string][]) {
    const text = read(file);
    assert.equal(detectBankFormat(text, file), format, file);
    const f = BANK_FORMATS[format];
    const first = f.parse(text);
    const written = f.serialize(first.entries);
    assert.equal(detectBankFormat(written), format, `${format} output`);
    assert.deepEqual(f.parse(written).entries, first.entries, format);
    assert.equal(f.serialize(f.parse(written).entries), written, `${format} is stable`);
  }
});
