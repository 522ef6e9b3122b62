import { sql, type CreateTableBuilder, type Kysely } from 'kysely';

/** The classifier registry (see schema/models.ts). Model files are JSON text; times bigint epoch ms. */
export async function up(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const withId = <T extends string>(table: CreateTableBuilder<T, never>) =>
    dialect === 'postgres'
      ? table.addColumn('id', 'bigserial', (c) => c.primaryKey())
      : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  await db.schema
    .createTable('models')
    .$call(withId)
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
