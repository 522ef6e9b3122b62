import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DatasetError, formatFromPath, parseDataset } from '../../../src/detectors/classify/dataset.js';
import { fixture } from '../../helpers/paths.js';

test('OSACT4 TSV: no header, <LF> escapes, all rows used', () => {
  const { examples, report } = parseDataset(readFileSync(fixture('classify/osact4-dev.tsv'), 'utf8'), { format: 'tsv', textCol: '0', labelCol: '2' });
  assert.equal(report.rows, 1000);
  assert.equal(report.used, 1000);
  assert.deepEqual(report.classCounts, { NOT_HS: 956, HS: 44 });
  assert.ok(examples.some((e) => e.text.includes('\n')));
  assert.ok(!examples.some((e) => e.text.includes('<LF>')));
});

test('CSV with a header, quoted commas and newlines, groups, empties and duplicates', () => {
  const csv = [
    'id,author,text,label',
    '1,u1,"hello, world",a',
    '2,u2,"two\nlines",b',
    '3,u1,,a',
    '4,u3,HELLO  world,b',
    '5,u3,"hello, world",a',
    '6,u2,no label,',
  ].join('\n');
  const { examples, report } = parseDataset(csv, { format: 'csv', textCol: 'text', labelCol: 'label', groupCol: 'author' });
  assert.equal(report.rows, 6);
  assert.equal(report.emptyText, 1);
  assert.equal(report.missingLabel, 1);
  assert.equal(report.duplicates, 1); // row 5 repeats row 1 exactly
  assert.equal(report.conflictingDuplicates, 0);
  assert.equal(report.groups, 3);
  assert.deepEqual(examples.map((e) => e.group), ['u1', 'u2', 'u3', 'u3']);
  assert.equal(examples[1]!.text, 'two\nlines');
});

test('JSONL by key; a duplicate with another label is reported as conflicting', () => {
  const jsonl = '{"t":"same text","y":"x"}\n\n{"t":"Same   TEXT","y":"z"}\n{"t":"other","y":"x"}\n';
  const { report } = parseDataset(jsonl, { format: 'jsonl', textCol: 't', labelCol: 'y' });
  assert.equal(report.used, 3);
  assert.equal(report.duplicates, 1);
  assert.equal(report.conflictingDuplicates, 1);
});

test('bad columns and formats are named', () => {
  assert.throws(() => parseDataset('a,b\n1,2\n', { format: 'csv', textCol: 'text', labelCol: 'b' }), DatasetError);
  assert.throws(() => parseDataset('{not json}\n', { format: 'jsonl', textCol: 't' }), /line 1/);
  assert.throws(() => parseDataset('x\ty\n', { format: 'tsv', textCol: 'text', header: false }), /no header/);
  assert.equal(formatFromPath('a/b.TSV'), 'tsv');
  assert.equal(formatFromPath('x.ndjson'), 'jsonl');
  assert.equal(formatFromPath('x.txt'), undefined);
});
