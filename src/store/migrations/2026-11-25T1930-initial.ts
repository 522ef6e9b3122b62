import { sql, type Kysely } from 'kysely';
import { blobType, withId } from './columns.js';

/**
 * The first schema. Written with Kysely's schema builder in types both SQLite and PostgreSQL accept
 * (`bigint` for epoch-ms times, `text` for JSON), blobs named per dialect.
 */
export async function up(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const blob = blobType(dialect);

  await db.schema
    .createTable('posts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('author_handle', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('lang', 'text')
    .addColumn('hashtags', 'text', (c) => c.notNull())
    .addColumn('urls', 'text', (c) => c.notNull())
    .addColumn('mentions', 'text', (c) => c.notNull())
    .addColumn('media', 'text', (c) => c.notNull())
    .addColumn('repost_of', 'text')
    .addColumn('reply_to', 'text')
    .addColumn('quote_of', 'text')
    .addColumn('conversation_id', 'text')
    .addColumn('client', 'text')
    .addColumn('edited_at', 'bigint')
    .addColumn('deleted_at', 'bigint')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('raw_ref', 'bigint')
    .addColumn('ingested_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('posts_author').on('posts').columns(['author_id', 'created_at']).execute();
  await db.schema.createIndex('posts_time').on('posts').column('created_at').execute();
  // Partial: most posts are not reposts, and they should not pay for this index.
  await db.schema.createIndex('posts_repost_of').on('posts').column('repost_of').where(sql.ref('repost_of'), 'is not', null).execute();

  await db.schema
    .createTable('post_versions')
    .addColumn('post_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('edited_at', 'bigint')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('hashtags', 'text', (c) => c.notNull())
    .addColumn('urls', 'text', (c) => c.notNull())
    .addColumn('media', 'text', (c) => c.notNull())
    .addColumn('raw_ref', 'bigint')
    .addColumn('superseded_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('post_versions_pk', ['post_id', 'version'])
    .execute();

  // A platform delete may arrive before (or without) the post it deletes: keep it as a tombstone.
  await db.schema
    .createTable('post_deletions')
    .addColumn('post_id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('raw_ref', 'bigint')
    .execute();

  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('handle', 'text')
    .addColumn('display_name', 'text')
    .addColumn('bio', 'text')
    .addColumn('location', 'text')
    .addColumn('url', 'text')
    .addColumn('created_at', 'bigint')
    .addColumn('followers', 'bigint')
    .addColumn('following', 'bigint')
    .addColumn('posts', 'bigint')
    .addColumn('avatar_url', 'text')
    .addColumn('default_avatar', 'integer')
    .addColumn('verified', 'integer')
    .addColumn('protected', 'integer')
    .addColumn('bot', 'integer')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('observed_at', 'bigint', (c) => c.notNull())
    .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('accounts_handle').on('accounts').column('handle').execute();

  await db.schema
    .createTable('account_history')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .addColumn('observed_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('account_history_account').on('account_history').columns(['account_id', 'observed_at']).execute();

  await db.schema
    .createTable('account_events')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text')
    .addColumn('detail', 'text')
    .addColumn('handle', 'text')
    .addColumn('raw_ref', 'bigint')
    .execute();
  // Idempotency: the same announcement seen twice is one event.
  await sql`CREATE UNIQUE INDEX account_events_unique ON account_events (account_id, kind, at, coalesce(status, ''), coalesce(handle, ''))`.execute(db);

  await db.schema
    .createTable('relations')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_id', 'text', (c) => c.notNull())
    .addColumn('to_id', 'text', (c) => c.notNull())
    .addColumn('record_key', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('raw_ref', 'bigint')
    .addPrimaryKeyConstraint('relations_pk', ['kind', 'action', 'from_id', 'to_id', 'record_key', 'at'])
    // One B-tree instead of a rowid table plus its key index: relations are written at firehose rate.
    .$call((t) => (dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t))
    .execute();
  await db.schema.createIndex('relations_to').on('relations').columns(['to_id', 'kind']).execute();

  await db.schema
    .createTable('raw_chunks')
    .$call(withId(dialect))
    .addColumn('codec', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('data', blob, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('dead_letters')
    .$call(withId(dialect))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('format', 'text')
    .addColumn('line', 'bigint')
    .addColumn('byte_offset', 'bigint')
    .addColumn('cursor', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('raw', blob, (c) => c.notNull())
    .addColumn('raw_sha256', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  // Re-ingesting a file must not add its dead letters twice.
  await sql`CREATE UNIQUE INDEX dead_letters_unique ON dead_letters (source, coalesce(byte_offset, -1), coalesce(cursor, ''), raw_sha256, reason)`.execute(db);
  await db.schema.createIndex('dead_letters_reason').on('dead_letters').column('reason').execute();

  await db.schema
    .createTable('checkpoints')
    .addColumn('source', 'text', (c) => c.primaryKey())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('head_sha256', 'text', (c) => c.notNull())
    .addColumn('line', 'bigint', (c) => c.notNull())
    .addColumn('byte_offset', 'bigint', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('cursor', 'text')
    .addColumn('done', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('ingest_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addColumn('summary', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('signals')
    .$call(withId(dialect))
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('detector', 'text', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('signals_subject').on('signals').columns(['subject_kind', 'subject_id']).execute();
  await db.schema.createIndex('signals_detector').on('signals').columns(['detector', 'score']).execute();

  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('members', 'text', (c) => c.notNull())
    .addColumn('keys', 'text', (c) => c.notNull())
    .addColumn('start_at', 'bigint', (c) => c.notNull())
    .addColumn('end_at', 'bigint', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('edges', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}
