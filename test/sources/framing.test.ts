import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { frameCsv, frameLines, type FramedRecord } from '../../src/sources/framing.js';

async function collect(gen: AsyncGenerator<FramedRecord[]>): Promise<FramedRecord[]> {
  const out: FramedRecord[] = [];
  for await (const batch of gen) out.push(...batch);
  return out;
}

/** Feeds the bytes in small pieces so that records straddle chunk boundaries. */
const chunked = (text: string, size = 3) => {
  const bytes = Buffer.from(text, 'utf8');
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
  return Readable.from(pieces);
};

test('lines: byte offsets and line numbers survive multi-byte text, CRLF, blank lines and chunking', async () => {
  const text = '{"a":"مرصد"}\r\n\n{"b":2}\n{"c":3}';
  const records = await collect(frameLines(chunked(text)));
  assert.deepEqual(records.map((r) => r.text), ['{"a":"مرصد"}', '{"b":2}', '{"c":3}']);
  assert.deepEqual(records.map((r) => r.line), [1, 3, 4]);
  const bytes = Buffer.from(text, 'utf8');
  for (const r of records) assert.equal(bytes.subarray(r.offset, r.offset + r.bytes.length).toString('utf8'), r.text);
  assert.equal(records[2]!.end, bytes.length, 'a last line without newline ends at end of input');
});

test('lines: resuming at a record end yields exactly the remaining records', async () => {
  const text = 'one\ntwo\nthree\n';
  const all = await collect(frameLines(chunked(text)));
  const first = all[0]!;
  const rest = await collect(frameLines(chunked(text.slice(first.end)), { offset: first.end, line: first.endLine }));
  assert.deepEqual(rest.map((r) => [r.text, r.line, r.offset]), all.slice(1).map((r) => [r.text, r.line, r.offset]));
});

test('lines: an over-long line becomes a problem record and framing continues', async () => {
  const text = `short\n${'x'.repeat(100)}\nafter\n`;
  const records = await collect(frameLines(chunked(text, 7), { offset: 0, line: 1 }, 50));
  assert.deepEqual(records.map((r) => r.problem?.reason ?? r.text), ['short', 'record_too_large', 'after']);
  assert.equal(records[2]!.line, 3);
  assert.equal(records[2]!.offset, 6 + 101);
});

test('csv: header once, quoted newlines, offsets usable for resume', async () => {
  const text = 'id,text\n1,"two\nlines"\n2,"مرصد ""q"""\n';
  let header: string[] = [];
  const records = await collect(frameCsv(chunked(text), { onHeader: (h) => (header = h) }));
  assert.deepEqual(header, ['id', 'text']);
  assert.deepEqual(records.map((r) => r.cells), [['1', 'two\nlines'], ['2', 'مرصد "q"']]);
  assert.deepEqual(records.map((r) => r.line), [2, 4]);
  const second = records[1]!;
  const resumed = await collect(frameCsv(chunked(Buffer.from(text).subarray(records[0]!.end).toString()), {
    start: { offset: records[0]!.end, line: records[0]!.endLine },
    header,
  }));
  assert.deepEqual(resumed.map((r) => [r.cells, r.offset, r.line]), [[second.cells, second.offset, second.line]]);
});
