import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SseParser, SseTooLarge, type SseEvent } from '../../../src/sources/live/sse.js';

const parseAll = (chunks: string[]): SseEvent[] => {
  const p = new SseParser();
  return chunks.flatMap((c) => p.push(c));
};

const STREAM =
  '\uFEFF:)\r\n' +
  ':thump\r\n' +
  'event: update\r\ndata: {"id":"1"}\r\n\r\n' +
  ':thump\n' +
  'event:delete\ndata:2\n\n' +
  'data: first line\rdata:  second line keeps one space\r\r' +
  'event: ignored-without-data\n\n' +
  'id: 7\nevent: status.update\ndata\ndata: x\nretry: 2500\nunknown: field\n\n' +
  'event: trailing\ndata: never dispatched';

const EXPECTED: SseEvent[] = [
  { event: 'update', data: '{"id":"1"}' },
  { event: 'delete', data: '2' },
  { event: 'message', data: 'first line\n second line keeps one space' },
  { event: 'status.update', data: '\nx', id: '7' },
];

describe('SseParser', () => {
  it('parses events, comments, multi-line data, CRLF / LF / CR endings and a BOM', () => {
    assert.deepEqual(parseAll([STREAM]), EXPECTED);
  });

  it('gives the same events whatever the chunking, including a CRLF split in two', () => {
    assert.deepEqual(parseAll([...STREAM]), EXPECTED); // one character at a time
    for (let size = 2; size < 40; size += 3) {
      const chunks: string[] = [];
      for (let i = 0; i < STREAM.length; i += size) chunks.push(STREAM.slice(i, i + size));
      assert.deepEqual(parseAll(chunks), EXPECTED, `chunk size ${size}`);
    }
    // CR at the end of one chunk, LF at the start of the next: one line break, not a blank line.
    assert.deepEqual(parseAll(['data: a\r', '\ndata: b\r\n', '\r\n']), [{ event: 'message', data: 'a\nb' }]);
  });

  it('keeps the retry hint', () => {
    const p = new SseParser();
    p.push(STREAM);
    assert.equal(p.retryMs, 2500);
  });

  it('refuses an event beyond the size guard, whether in one line or many', () => {
    assert.throws(() => new SseParser(100).push(`data: ${'x'.repeat(200)}`), SseTooLarge);
    const p = new SseParser(100);
    assert.throws(() => {
      for (let i = 0; i < 50; i++) p.push('data: 0123456789\n');
    }, SseTooLarge);
  });
});
