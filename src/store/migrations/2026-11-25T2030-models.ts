import { sql, type Kysely } from 'kysely';
import { withId } from './columns.js';

/** The classifier registry (see schema/models.ts). Model files are JSON text; times bigint epoch ms. */
export async function up(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await db.schema
    .createTable('models')
    .$call(withId(dialect))
    .addColumn('task', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('metrics', 'text', (c) => c.notNull())
    .addColumn('training', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('models_task_version', ['task', 'version'])
    .execute();
  // One active model per task, whatever the code above does.
  await sql`CREATE UNIQUE INDEX models_one_active ON models (task) WHERE status = 'active'`.execute(db);
}
