import { existsSync } from 'node:fs';
import { openStore, type Store } from '../../store/db.js';
import { UserError } from '../exit.js';

/** Read-only commands must not silently create an empty store at a mistyped path. */
export function requireStore(path: string): void {
  if (!existsSync(path)) throw new UserError(`no store at ${path} (run \`marsad ingest\` first, or pass --db)`);
}

/**
 * Opens the store (an existing one unless `create`), runs `fn`, and closes it. `userError` turns a
 * command's own expected errors (an unknown bank, a missing model) into user errors: a message and
 * exit code 2, not a stack trace.
 */
export async function withStore<T>(
  db: string,
  fn: (store: Store) => T | Promise<T>,
  options: { create?: boolean; userError?: (error: unknown) => UserError | undefined } = {},
): Promise<T> {
  if (!options.create) requireStore(db);
  const store = await openStore(db);
  try {
    return await fn(store);
  } catch (error) {
    throw options.userError?.(error) ?? error;
  } finally {
    await store.close();
  }
}
