import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingest } from '../../src/pipeline/ingest.js';
import { ingestLive } from '../../src/pipeline/ingest-live.js';
import { createJetstreamConnector } from '../../src/sources/live/jetstream.js';
import { openStore, type Store } from '../../src/store/db.js';
import { fixture, tempDir } from '../helpers/paths.js';
import { startJetstreamReplay } from '../helpers/replay-server.js';

const tmp = tempDir();
after(() => tmp.cleanup());

const lines = readFileSync(fixture('formats/bluesky-jetstream/golden_v1.jsonl'), 'utf8').split('\n').filter((l) => l.trim());

const postIds = async (store: Store) => (await store.db.selectFrom('posts').select('id').orderBy('id').execute()).map((r) => r.id);

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 250; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('a live Jetstream feed with a dropped connection stores what a file ingest of the same events stores, and resumes from its cursor', async () => {
  const reference = await openStore(join(tmp.dir, 'file.db'));
  const file = join(tmp.dir, 'events.jsonl');
  (await import('node:fs')).writeFileSync(file, lines.join('\n'));
  await ingest(reference, [file]);
  const expected = await postIds(reference);
  await reference.close();
  assert.ok(expected.length > 0);

  const server = await startJetstreamReplay({ lines, dropAfter: [4] });
  const store = await openStore(join(tmp.dir, 'live.db'));
  const source = `jetstream:${server.url}`;
  const controller = new AbortController();
  const connector = createJetstreamConnector({ url: server.url, backoff: { initialMs: 5, maxMs: 20 }, pingIntervalMs: 0 });
  const running = ingestLive(store, connector, { source, signal: controller.signal, batchSize: 3, flushMs: 10 });
  await until(async () => (await postIds(store)).length === expected.length, 'all posts');
  controller.abort();
  const summary = await running;
  assert.ok(server.connections.length >= 2, 'the client reconnected after the drop');
  assert.deepEqual(await postIds(store), expected);
  assert.ok(summary.records >= lines.length - 1);

  const checkpoint = await store.db.selectFrom('checkpoints').selectAll().where('source', '=', source).executeTakeFirstOrThrow();
  const lastTime = Math.max(...lines.map((l) => (JSON.parse(l) as { time_us: number }).time_us));
  assert.equal(checkpoint.cursor, String(lastTime), 'the cursor of the last committed event is saved');

  // A restart asks the server for the saved cursor (rewound a little) and stores nothing twice.
  const restart = new AbortController();
  const again = ingestLive(store, createJetstreamConnector({ url: server.url, pingIntervalMs: 0 }), { source, signal: restart.signal, flushMs: 10 });
  await until(async () => server.connections.length >= 3, 'the reconnect');
  const asked = Number(server.connections.at(-1)!.query.get('cursor'));
  assert.equal(asked, lastTime - 5_000_000);
  await new Promise((r) => setTimeout(r, 100));
  restart.abort();
  const second = await again;
  assert.equal(second.posts, 0);
  await store.close();
  await server.close();
});
