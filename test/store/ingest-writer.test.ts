import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { accountId, postId, type Post } from '../../src/model/index.js';
import { openStore, SQLITE_DRIVER, type Store } from '../../src/store/db.js';
import { IngestWriter } from '../../src/store/ingest-writer.js';
import { ChunkPacker, unpackChunk } from '../../src/store/raw-chunks.js';
import { createHash } from 'node:crypto';
import { tempDir } from '../helpers/paths.js';

const tmp = tempDir();
let store: Store;
let writer: IngestWriter;
before(async () => {
  store = await openStore(join(tmp.dir, 'w.db'));
  writer = new IngestWriter(store.sqlite);
});
after(async () => {
  await store.close();
  tmp.cleanup();
});

const post = (over: Partial<Post> = {}): Post => ({
  id: postId('x', '100'),
  platform: 'x',
  authorId: accountId('x', '1'),
  createdAt: 1_000,
  text: 'first',
  hashtags: [],
  urls: [],
  mentions: [],
  media: [],
  ...over,
});

test('raw chunks give back each record byte for byte, with its sha256 and position', () => {
  const records = [Buffer.from('{"a":1}'), Buffer.from(''), Buffer.from('مرصد'), Buffer.alloc(70_000, 7)];
  const sha = (b: Buffer) => createHash('sha256').update(b).digest();
  const packer = new ChunkPacker();
  records.forEach((bytes, i) => packer.add({ sha256: sha(bytes), bytes, line: i + 1, offset: i * 10, ...(i === 2 ? { cursor: '1700000000000000' } : {}) }));
  const back = unpackChunk(packer.finish());
  assert.equal(back.length, 4);
  back.forEach((r, i) => {
    assert.deepEqual(r.bytes, records[i]);
    assert.equal(r.sha256, sha(records[i]!).toString('hex'));
    assert.deepEqual([r.line, r.offset, r.cursor], [i + 1, i * 10, i === 2 ? '1700000000000000' : undefined]);
  });
});

test('a chunk packer grows past its first buffer, and starts empty after each chunk', () => {
  const sha = (b: Buffer) => createHash('sha256').update(b).digest();
  const big = Array.from({ length: 40 }, (_, i) => Buffer.alloc(50_000, i)); // 2 MB: twice the first buffer
  const packer = new ChunkPacker();
  for (const bytes of big) packer.add({ sha256: sha(bytes), bytes, line: 1 });
  assert.equal(packer.count, 40);
  const first = unpackChunk(packer.finish());
  assert.deepEqual(first.map((r) => r.bytes), big);
  assert.equal(packer.count, 0);
  packer.add({ sha256: sha(big[0]!), bytes: big[0]!, offset: 5 });
  const second = unpackChunk(packer.finish());
  assert.deepEqual(second.map((r) => [r.bytes.length, r.offset, r.line]), [[50_000, 5, undefined]]);
});

test('a post is new once, then a duplicate; an edit keeps the old version in history', async () => {
  writer.begin();
  assert.equal(writer.writePost(post(), 1, 1), 'new');
  assert.equal(writer.writePost(post(), 1, 2), 'duplicate');
  assert.equal(writer.writePost(post({ text: 'second', editedAt: 2_000 }), 2, 3), 'edit');
  // The first version arriving again later is recognised from the history, not re-added.
  assert.equal(writer.writePost(post(), 1, 4), 'duplicate');
  // An older, unseen version arriving late goes to history without replacing the current text.
  assert.equal(writer.writePost(post({ text: 'zeroth', createdAt: 1_000, editedAt: 500 }), 3, 5), 'edit');
  writer.commit();
  const current = await store.db.selectFrom('posts').selectAll().where('id', '=', 'x:100').executeTakeFirstOrThrow();
  assert.equal(current.text, 'second');
  assert.equal(current.version, 3);
  const history = await store.db.selectFrom('post_versions').select(['version', 'text']).orderBy('version').execute();
  assert.deepEqual(history, [{ version: 1, text: 'first' }, { version: 2, text: 'zeroth' }]);
});

test('a delete marks the post and is remembered for posts that arrive after it', async () => {
  writer.begin();
  assert.equal(writer.deletePost(postId('x', '100'), 9_000, null), 'new');
  assert.equal(writer.deletePost(postId('x', '100'), 9_000, null), 'duplicate');
  writer.deletePost(postId('x', '200'), 9_500, null);
  writer.writePost(post({ id: postId('x', '200'), text: 'late' }), null, 1);
  writer.commit();
  const rows = await store.db.selectFrom('posts').select(['id', 'deleted_at', 'text']).orderBy('id').execute();
  assert.deepEqual(rows.map((r) => [r.id, r.deleted_at]), [['x:100', 9_000], ['x:200', 9_500]]);
  assert.equal(rows[0]!.text, 'second', 'deleting never erases the content');
});

test('accounts keep the latest profile and a history of handle, name, bio, avatar and status', async () => {
  const id = accountId('x', '42');
  writer.begin();
  assert.equal(writer.writeAccount({ id, platform: 'x', handle: 'old_name', displayName: 'A', followers: 5, observedAt: 100 }), 'new');
  assert.equal(writer.writeAccount({ id, platform: 'x', handle: 'old_name', displayName: 'A', observedAt: 150 }), 'duplicate');
  assert.equal(writer.writeAccount({ id, platform: 'x', handle: 'new_name', bio: 'hello', observedAt: 200 }), 'edit');
  // An older snapshot never overwrites newer values, but may fill unknown ones.
  assert.equal(writer.writeAccount({ id, platform: 'x', handle: 'ancient', location: 'Mosul', observedAt: 50 }), 'edit');
  assert.equal(writer.writeAccountEvent({ accountId: id, kind: 'status', status: 'suspended', at: 300 }, null), 'new');
  assert.equal(writer.writeAccountEvent({ accountId: id, kind: 'status', status: 'suspended', at: 300 }, null), 'duplicate');
  writer.commit();
  const row = await store.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual([row.handle, row.display_name, row.bio, row.location, row.followers, row.status], ['new_name', 'A', 'hello', 'Mosul', 5, 'suspended']);
  const history = await store.db.selectFrom('account_history').select(['field', 'old_value', 'new_value']).where('account_id', '=', id).orderBy('observed_at').execute();
  assert.deepEqual(history, [
    { field: 'handle', old_value: 'old_name', new_value: 'new_name' },
    { field: 'bio', old_value: null, new_value: 'hello' },
    { field: 'status', old_value: 'active', new_value: 'suspended' },
  ]);
});

test('relations are idempotent and a removal keeps the creation', async () => {
  const from = accountId('bsky', 'did:plc:a');
  const to = accountId('bsky', 'did:plc:b');
  writer.begin();
  assert.equal(writer.writeRelation({ kind: 'follow', action: 'created', from, to, recordKey: 'k1', at: 1, platform: 'bsky' }, null), 'new');
  assert.equal(writer.writeRelation({ kind: 'follow', action: 'created', from, to, recordKey: 'k1', at: 1, platform: 'bsky' }, null), 'duplicate');
  assert.equal(writer.writeRelation({ kind: 'follow', action: 'removed', from, recordKey: 'k1', at: 2, platform: 'bsky' }, null), 'new');
  writer.commit();
  const rows = await store.db.selectFrom('relations').select(['action', 'to_id']).orderBy('at').execute();
  assert.deepEqual(rows, [{ action: 'created', to_id: to }, { action: 'removed', to_id: '' }]);
});

test('each Node loads the SQLite driver that works on it: 13 (Node-API) from Node 22, 12 on Node 20', () => {
  const major = Number(process.versions.node.split('.')[0]);
  assert.equal(SQLITE_DRIVER, major >= 22 ? 'better-sqlite3-napi' : 'better-sqlite3');
});
