import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fastCsvRows, type CsvRow } from '../../src/sources/csv-fast.js';
import { frameCsv, openFile } from '../../src/sources/framing.js';
import { readPostBatches } from '../../src/sources/qut-read.js';
import { readPosts } from '../../src/sources/read.js';
import type { Post } from '../../src/model/index.js';
import { fixture, tempDir } from '../helpers/paths.js';
import { rng } from './decoders/common.js';

const tmp = tempDir();
after(tmp.cleanup);
let files = 0;
const write = (text: string, name = `f${files++}.csv`): string => {
  const path = join(tmp.dir, name);
  writeFileSync(path, text);
  return path;
};

type Seen = { header: string[] | undefined; rows: [string[], number, number][] };
async function viaFramer(path: string): Promise<Seen> {
  const out: Seen = { header: undefined, rows: [] };
  for await (const batch of frameCsv(openFile(path), { onHeader: (h) => (out.header = h) })) {
    for (const r of batch) if (r.cells && !r.problem) out.rows.push([r.cells, r.line, r.offset]);
  }
  return out;
}
async function viaFast(path: string, chunk: number): Promise<Seen> {
  const out: Seen = { header: undefined, rows: [] };
  for await (const batch of fastCsvRows(path, (h) => (out.header = h), chunk)) out.rows.push(...batch.map((r: CsvRow) => [r.cells, r.line, r.offset] as [string[], number, number]));
  return out;
}

const SHAPES = [
  'a,b,c\n1,2,3\n4,,6\n',
  'a,b\n1,"two\nlines"\n2,"مرصد ""q"""\n3,x',
  '\uFEFFa,b\n1,2\n\n\n3,4\n\n',
  'a,b\r\n1,2\r\n\r\n3,"x, y"\r\n5,6',
  ' a , b \n 1 , 2 \n,\n"",""\n',
  'a,b\n1,"quoted ""inside"" and, comma"\nانضموا,"سطر\nثان"\n',
  // Irregular rows: the rest goes to csv-parse and must come out the same.
  'a,b\n1,2\n1,"x"y\n3,4\n',
  'a,b\n1,2\n1,x"y\n3,4\n',
  'a,b\n1,2\r3,4\n5,6\n',
  'a,b\r\n1,"x\r\ny"\r\n5,6\r\n',
  'a,b\n1,2\n3,"unterminated\n4,5\n',
  'a,b\r\n1,2\n3,4\r\n',
  '"a","b"\n1,2\n',
  'a,b',
  '',
];

test('fast CSV rows equal the csv-parse framer: cells, lines, byte offsets, at every chunk size', async () => {
  for (const text of SHAPES) {
    const path = write(text);
    const want = await viaFramer(path);
    for (const chunk of [1, 2, 3, 7, 64, 1 << 20]) {
      assert.deepEqual(await viaFast(path, chunk), want, `${JSON.stringify(text)} in chunks of ${chunk}`);
    }
  }
});

test('fast CSV rows equal the framer on random QUT-shaped files (quotes, newlines, Arabic, blank lines)', async () => {
  const r = rng(7);
  const pieces = ['w', 'انضموا', 'x,y', 'say "hi"', 'two\nlines', ' ', '', '#tag', '@who', 'https://example.org/a?b=1'];
  for (let f = 0; f < 12; f++) {
    const crlf = f % 3 === 2;
    const nl = crlf ? '\r\n' : '\n';
    const lines = ['message_id,user_id,username,repost_id,reply_id,message,timestamp,urls'];
    for (let i = 0; i < 200; i++) {
      const text = Array.from({ length: 1 + Math.floor(r() * 4) }, () => pieces[Math.floor(r() * pieces.length)]).join(' ');
      const quoted = /[",\n]/.test(text) || r() < 0.2 ? `"${text.replace(/"/g, '""')}"` : text;
      lines.push([i, `u${Math.floor(r() * 20)}`, 'name', r() < 0.4 ? `t${Math.floor(r() * 5)}` : '', '', crlf ? quoted.replace(/\n/g, ' ') : quoted, (1000 + i).toFixed(3), ''].join(','));
      if (r() < 0.05) lines.push('');
    }
    const path = write(lines.join(nl) + (r() < 0.5 ? nl : ''));
    const want = await viaFramer(path);
    assert.equal(want.rows.length, 200);
    for (const chunk of [5, 997, 1 << 20]) assert.deepEqual(await viaFast(path, chunk), want);
  }
});

async function batched(paths: string[], options: Parameters<typeof readPostBatches>[1] = {}): Promise<Post[]> {
  const out: Post[] = [];
  for await (const batch of readPostBatches(paths, options)) out.push(...batch);
  return out;
}
async function general(paths: string[], mapping?: Record<string, string>): Promise<Post[]> {
  const out: Post[] = [];
  for await (const p of readPosts(paths, mapping ? { mapping } : {})) out.push(p);
  return out;
}

test('QUT posts through the fast reader equal readPosts (qut-csv decoder), hostile rows included', async () => {
  const conformance = fixture('coordination/coretweet_test_input.csv');
  const synthetic = fixture('formats/qut/synthetic-qut.csv');
  for (const paths of [[conformance], [synthetic], [conformance, synthetic]]) {
    assert.deepEqual(await batched(paths), await general(paths));
    assert.deepEqual(await batched(paths, { mapping: { platform: 'x' } }), await general(paths, { platform: 'x' }));
  }
  assert.equal((await batched([conformance])).length, 15);
  // The header repeated (concatenated files), a row with an irregular quote mid-file, CRLF.
  const header = 'message_id,user_id,username,repost_id,reply_id,message,timestamp,urls';
  const hostile = write([header, '1,u1,a,,,"hello #Tag @Who",100,https://Example.org/x?utm_source=y', header, '2,u2,b,1,,plain,101,', '3,u3,c,,1,bad "quote" inside,102,', '4,u4,,,,"after",103,'].join('\r\n'));
  const posts = await batched([hostile]);
  assert.deepEqual(posts, await general([hostile]));
  assert.deepEqual(posts.map((p) => p.id), ['generic:1', 'generic:2', 'generic:3', 'generic:4']);
  assert.deepEqual(posts[0]!.urls, ['https://example.org/x']);
});

test('fields: co-retweet runs skip entities and URLs; other formats pass through readPosts', async () => {
  const synthetic = fixture('formats/qut/synthetic-qut.csv');
  const full = await batched([synthetic]);
  const lean = await batched([synthetic], { fields: { entities: false, urls: false } });
  assert.deepEqual(lean.map((p) => [p.id, p.authorId, p.createdAt, p.text, p.repostOf, p.replyTo]), full.map((p) => [p.id, p.authorId, p.createdAt, p.text, p.repostOf, p.replyTo]));
  assert.ok(full.some((p) => p.hashtags.length > 0 && p.urls.length > 0));
  assert.ok(lean.every((p) => p.hashtags.length === 0 && p.mentions.length === 0 && p.urls.length === 0));
  const jsonl = write('{"id":"1","author":"a","text":"hi #x","created_at":"2026-01-01T00:00:00Z"}\n', 'posts.jsonl');
  assert.deepEqual(await batched([jsonl], { format: 'generic-jsonl', mapping: { id: 'id', authorId: 'author', text: 'text', createdAt: 'created_at' } }), await (async () => {
    const out: Post[] = [];
    for await (const p of readPosts([jsonl], { format: 'generic-jsonl', mapping: { id: 'id', authorId: 'author', text: 'text', createdAt: 'created_at' } })) out.push(p);
    return out;
  })());
});

test('an unterminated quote swallowing the rest of the file: csv-parse decides, as the framer does', async () => {
  const rows = ['a,b', '1,2', '3,"never closed'];
  for (let i = 0; i < 3000; i++) rows.push(`${i},filler text that the open quote swallows`);
  const path = write(`${rows.join('\n')}\n`);
  assert.deepEqual(await viaFast(path, 256), await viaFramer(path));
});
