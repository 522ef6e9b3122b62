import type { Kysely } from 'kysely';
import { withId } from './columns.js';

/** Hash banks and their entries (see schema/banks.ts). Booleans are integers 0/1, times bigint epoch ms. */
export async function up(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {

  await db.schema
    .createTable('banks')
    .$call(withId(dialect))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text')
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('bank_entries')
    .$call(withId(dialect))
    .addColumn('bank_id', 'bigint', (c) => c.notNull().references('banks.id').onDelete('cascade'))
    .addColumn('signal_type', 'text', (c) => c.notNull())
    .addColumn('signal', 'text', (c) => c.notNull())
    .addColumn('signal_key', 'text', (c) => c.notNull())
    .addColumn('group_name', 'text')
    .addColumn('content_type', 'text')
    .addColumn('category', 'text')
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('source', 'text')
    .addColumn('added_at', 'bigint')
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // signal_key before signal_type: an import looks up a batch of keys with `signal_key IN (…)`.
  await db.schema
    .createIndex('bank_entries_unique')
    .on('bank_entries')
    .columns(['bank_id', 'signal_key', 'signal_type'])
    .unique()
    .execute();
}
