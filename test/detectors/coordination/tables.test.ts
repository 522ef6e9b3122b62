import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exactKeyHashes, featuresOf, normalizedMessageHash, normalizeMessage } from '../../../src/detectors/coordination/features.js';
import { PostIdColumn } from '../../../src/detectors/coordination/ids.js';
import { MatchLog, type EdgeSource } from '../../../src/detectors/coordination/matches.js';
import { EdgeTable, edgeTableFromJson, edgeTableToJson, hash53 } from '../../../src/detectors/coordination/tables.js';
import { DEFAULT_OPTIONS, type CoActionType } from '../../../src/detectors/coordination/types.js';
import type { PostId } from '../../../src/model/index.js';
import { rng } from '../../sources/decoders/common.js';
import { mkPost } from './qut.js';

test('post id column: ids round-trip and compare in string order without building strings', () => {
  const r = rng(3);
  const ids: string[] = ['x:0', 'x:9', 'x:10', 'x:100', 'x:1', 'x:099', 'generic:5', 'bsky:did:plc:abc/3k', 'x:', 'x:123456789012345', 'x:1234567890123456', 'x:12a'];
  for (let i = 0; i < 400; i++) {
    const digits = String(Math.floor(r() * 10 ** (1 + Math.floor(r() * 14))));
    ids.push(`${['x', 'generic', 'telegram:chat'][Math.floor(r() * 3)]}:${digits}`);
  }
  const col = new PostIdColumn();
  for (const id of ids) col.push(id as PostId);
  col.shrink();
  col.push('x:7' as PostId); // pushing after shrink grows again
  ids.push('x:7');
  assert.deepEqual(ids.map((_, i) => col.get(i)), ids);
  for (let i = 0; i < ids.length; i++) {
    for (let j = 0; j < ids.length; j += 7) {
      const want = ids[i]! < ids[j]! ? -1 : ids[i]! > ids[j]! ? 1 : 0;
      assert.equal(col.compare(i, j), want, `${ids[i]} vs ${ids[j]}`);
    }
  }
});

test('co_tweet key hash in one pass equals hash53 of the normalised message; other keys as featuresOf', () => {
  const r = rng(5);
  const alphabet = ['a', 'B', ' ', '  ', '\t', '\n', '@', '@x', '.', 'RT', 'Hello', 'z9', '\r\n', '\v'];
  for (let i = 0; i < 3000; i++) {
    const text = Array.from({ length: Math.floor(r() * 12) }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
    const norm = normalizeMessage(text);
    assert.equal(normalizedMessageHash(text), norm ? hash53(norm) : -1, JSON.stringify(text));
  }
  assert.equal(normalizedMessageHash('انضموا الآن'), undefined);
  assert.equal(normalizedMessageHash('Straße'), undefined);
  const types: CoActionType[] = ['co_retweet', 'co_tweet', 'co_link', 'co_reply', 'co_hashtag', 'co_mention'];
  const out: number[] = [];
  for (let i = 0; i < 500; i++) {
    const post = mkPost('a', i, {
      text: ['Hello  @you World', 'انضموا #الحملة', '', 'İstanbul Ünal', '@only'][i % 5]!,
      urls: [[], ['https://a.example/1'], ['https://a.example/1', 'https://b.example/2', 'https://a.example/1'], ['']][i % 4]!,
      hashtags: i % 3 ? ['Tag', 'TAG', 'other'] : [],
      mentions: i % 2 ? [{ handle: 'Who' }] : [],
      ...(i % 7 === 0 ? { repostOf: 'x:1' as PostId } : {}),
      ...(i % 5 === 1 ? { replyTo: 'x:2' as PostId } : {}),
    });
    for (const type of types) {
      const n = exactKeyHashes(post, type, out);
      assert.deepEqual(out.slice(0, n), featuresOf(post, type, DEFAULT_OPTIONS).map((f) => hash53(f.key)), `${type} ${i}`);
    }
  }
  assert.equal(exactKeyHashes(mkPost('a', 1, { text: 'x' }), 'co_similar_tweet', out), -1);
});

function snapshot(t: EdgeSource): unknown[] {
  return Array.from({ length: t.size }, (_, e) => ({
    src: t.src(e), dst: t.dst(e), weight: t.weight(e), guarded: t.guarded(e), srcLed: t.srcLed(e), dstLed: t.dstLed(e),
    gapSum: t.gapSum(e), firstAt: t.firstAt(e), lastAt: t.lastAt(e),
    pairs: Array.from({ length: Math.min(t.weight(e), t.maxEvidence) }, (_, n) => t.pair(e, n)),
  }));
}

test('match log (batch) and edge table (streaming) hold the same edges for the same matches', () => {
  const r = rng(9);
  const posts = 3000;
  const A = Int32Array.from({ length: posts }, () => Math.floor(r() * 40));
  const T = Float64Array.from({ length: posts }, (_, i) => i * 100 + Math.floor(r() * 3));
  const log = new MatchLog(3);
  const table = new EdgeTable(3);
  for (let p = 0; p < posts; p++) {
    for (let k = 0; k < 4; k++) {
      const q = Math.floor(r() * posts);
      const c = [1, 0.5, 50 / 51, 50 / 77][Math.floor(r() * 4)]!;
      const key = Math.floor(r() * 100);
      log.add(A[p]!, A[q]!, p, T[p]!, q, T[q]!, c, key);
      table.add(A[p]!, A[q]!, p, T[p]!, q, T[q]!, c, key);
    }
  }
  // Rank accounts in reverse: the log's edges come out in (rank source, rank target) order.
  const rank = Int32Array.from({ length: 40 }, (_, a) => 39 - a);
  log.seal(A, T, rank, 40);
  const byPair = (x: unknown[]) => [...(x as { src: number; dst: number }[])].sort((a, b) => a.src - b.src || a.dst - b.dst);
  const fromLog = snapshot(log);
  assert.ok(table.size > 1000 && (fromLog as { weight: number }[]).some((e) => e.weight > 3));
  assert.deepEqual(byPair(fromLog), byPair(snapshot(table)));
  const order = (fromLog as { src: number; dst: number }[]).map((e) => [rank[e.src]!, rank[e.dst]!]);
  assert.deepEqual(order, [...order].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!));
  // Snapshots keep their JSON form: one array per column, evidence padded per edge.
  const json = edgeTableToJson(table);
  assert.equal(json.evidence!.length, table.size * 9);
  assert.deepEqual(snapshot(edgeTableFromJson(JSON.parse(JSON.stringify(json)))), snapshot(table));
});
