import type { CreateTableBuilder } from 'kysely';
import type { Dialect } from './index.js';

/** An auto-numbered `id` primary key in each dialect's own spelling. */
export const withId =
  (dialect: Dialect) =>
  <T extends string>(table: CreateTableBuilder<T, never>) =>
    dialect === 'postgres'
      ? table.addColumn('id', 'bigserial', (c) => c.primaryKey())
      : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

/** Binary columns: `blob` in SQLite, `bytea` in PostgreSQL. */
export const blobType = (dialect: Dialect) => (dialect === 'postgres' ? 'bytea' : 'blob');
