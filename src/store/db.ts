import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type MigrationProvider } from 'kysely';
import { MIGRATIONS, type Dialect } from './migrations/index.js';
import type { Database } from './schema/index.js';

/**
 * The SQLite driver. better-sqlite3 12 is the last release that runs on Node 20, but on Node 24.19+ an
 * addon built the way it is aborts when a statement is garbage-collected (nodejs/node#65446);
 * better-sqlite3 13 (Node-API, prebuilt) does not, and needs Node 22+. Both are installed — 13 as the
 * optional `better-sqlite3-napi`, which npm skips on Node 20 — and each Node loads the one that works.
 */
const require = createRequire(import.meta.url);
function sqliteDriver(): { name: string; Driver: typeof BetterSqlite3 } {
  if (Number(process.versions.node.split('.')[0]) >= 22) {
    try {
      return { name: 'better-sqlite3-napi', Driver: require('better-sqlite3-napi') as typeof BetterSqlite3 };
    } catch {
      // Not installed (an install made under Node 20): the classic build serves.
    }
  }
  return { name: 'better-sqlite3', Driver: require('better-sqlite3') as typeof BetterSqlite3 };
}
const { name: driverName, Driver } = sqliteDriver();
/** Which driver this process loaded (package name as installed). */
export const SQLITE_DRIVER = driverName;

export interface Store {
  /** Typed queries (reads, admin, anything off the hot path). */
  db: Kysely<Database>;
  /** The raw SQLite handle, for prepared statements on the hot insert path. */
  sqlite: BetterSqlite3.Database;
  path: string;
  close(): Promise<void>;
}

export const DEFAULT_DB = 'marsad.db';

function migrationProvider(dialect: Dialect): MigrationProvider {
  return {
    getMigrations: async () =>
      Object.fromEntries(MIGRATIONS.map((m) => [m.name, { up: (db: Kysely<unknown>) => m.up(db, dialect) }])),
  };
}

export async function migrate(db: Kysely<Database>, dialect: Dialect): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Opens (creating if needed) the embedded store: one SQLite file in WAL mode, migrated to the latest
 * schema. `synchronous = NORMAL` in WAL keeps every committed transaction across a process kill
 * (only an OS crash can lose the last ones), which is what the ingest checkpoints rely on.
 */
export async function openStore(path: string = DEFAULT_DB): Promise<Store> {
  const sqlite = new Driver(path);
  // 8 KiB pages (for a new file; an existing one keeps its size): ingest is B-tree inserts at random
  // keys, and larger pages mean fewer splits and a shallower tree — ~10% less CPU per Jetstream event.
  sqlite.pragma('page_size = 8192');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  // Checkpoint at 64 MiB of WAL (8192 pages of 8 KiB), about the page cache's size. A larger WAL only
  // looked faster while its checkpoint was left to `close`: measured with the close included, 1M
  // Jetstream events cost less CPU at 64–128 MiB than at 256 or 512 MiB, or at 16 MiB.
  sqlite.pragma('wal_autocheckpoint = 8192');
  sqlite.pragma('mmap_size = 268435456');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrate(db, 'sqlite');
  return {
    db,
    sqlite,
    path,
    close: async () => {
      await db.destroy(); // closes the SQLite handle too
    },
  };
}

/**
 * Turns memory-mapped reads off on this connection until the returned function is called. Ingest
 * writes at random keys all over the indexes, and every page it touches through the map counts in the
 * process's RSS (up to `mmap_size`) without saving CPU. Measured on 4M Jetstream events: the same CPU,
 * peak RSS 441 → 238 MB, which is what 1M events need — memory flat in input size.
 */
export function pauseMmap(sqlite: BetterSqlite3.Database): () => void {
  const before = Number(sqlite.pragma('mmap_size', { simple: true }));
  sqlite.pragma('mmap_size = 0');
  return () => void sqlite.pragma(`mmap_size = ${before}`);
}
