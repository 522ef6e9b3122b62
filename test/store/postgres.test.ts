/**
 * The schema is written once, for SQLite and PostgreSQL alike (DESIGN: "the same schema able to run on
 * PostgreSQL later"). This applies every migration to a real PostgreSQL server and round-trips rows
 * through the dialect-specific types (bigint times, blobs, auto-numbered ids). It needs a server:
 * `MARSAD_TEST_PG` is a connection string (`.ci/run` starts one); without it the test is skipped and
 * says so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { migrate } from '../../src/store/db.js';
import type { Database } from '../../src/store/schema/index.js';

const url = process.env.MARSAD_TEST_PG;

test('every migration applies to PostgreSQL, and rows round-trip through its types', { skip: url ? false : 'MARSAD_TEST_PG is not set (no PostgreSQL server)' }, async () => {
  const schema = `marsad_test_${process.pid}`;
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const pool = new pg.Pool({ connectionString: url, max: 2, options: `-c search_path=${schema}` });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrate(db, 'postgres');
    await migrate(db, 'postgres'); // idempotent: nothing left to apply

    const tables = await sql<{ table_name: string }>`SELECT table_name FROM information_schema.tables WHERE table_schema = ${schema}`.execute(db);
    const names = new Set(tables.rows.map((r) => r.table_name));
    for (const t of ['posts', 'post_versions', 'accounts', 'account_history', 'account_events', 'relations', 'raw_chunks', 'dead_letters', 'checkpoints', 'signals', 'campaigns']) {
      assert.ok(names.has(t), `table ${t} exists`);
    }

    const at = Date.UTC(2026, 10, 25); // beyond 2^31: needs bigint
    await db.insertInto('posts').values({
      id: 'x:1', platform: 'x', author_id: 'x:a', created_at: at, text: 'مرصد', hashtags: '[]', urls: '[]', mentions: '[]',
      media: '[]', ingested_at: at,
    }).execute();
    const post = await db.selectFrom('posts').select(['id', 'created_at', 'text', 'version']).executeTakeFirstOrThrow();
    assert.deepEqual([post.id, Number(post.created_at), post.text, post.version], ['x:1', at, 'مرصد', 1]);

    const raw = Buffer.from([0, 1, 2, 255]);
    const first = await db.insertInto('raw_chunks').values({ codec: 'deflate-raw-1/v1', source: 's', count: 1, data: raw }).returning('id').executeTakeFirstOrThrow();
    const second = await db.insertInto('raw_chunks').values({ codec: 'deflate-raw-1/v1', source: 's', count: 1, data: raw }).returning('id').executeTakeFirstOrThrow();
    assert.equal(Number(second.id), Number(first.id) + 1);
    const chunk = await db.selectFrom('raw_chunks').select('data').where('id', '=', first.id).executeTakeFirstOrThrow();
    assert.deepEqual(Buffer.from(chunk.data as Uint8Array), raw);

    // The unique expression index keeps account events idempotent there too.
    const event = { account_id: 'bsky:did:plc:a', kind: 'status', at, status: 'suspended' };
    await db.insertInto('account_events').values(event).execute();
    await assert.rejects(db.insertInto('account_events').values(event).execute(), /duplicate key/);
  } finally {
    await db.destroy();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
});
