import { existsSync } from 'node:fs';
import { UserError } from '../exit.js';

/** Read-only commands must not silently create an empty store at a mistyped path. */
export function requireStore(path: string): void {
  if (!existsSync(path)) throw new UserError(`no store at ${path} (run \`marsad ingest\` first, or pass --db)`);
}
