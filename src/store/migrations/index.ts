import type { Kysely } from 'kysely';
import * as initial from './2026-11-25T1930-initial.js';
import * as banks from './2026-11-25T2000-banks.js';
import * as cases from './2026-11-25T2010-cases.js';
import * as models from './2026-11-25T2030-models.js';

export type Dialect = 'sqlite' | 'postgres';
export interface Migration {
  name: string;
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

/** In order. Names are timestamps so that branches merge without renumbering. */
export const MIGRATIONS: Migration[] = [
  { name: '2026-11-25T1930-initial', up: initial.up },
  { name: '2026-11-25T2000-banks', up: banks.up },
  { name: '2026-11-25T2010-cases', up: cases.up },
  { name: '2026-11-25T2030-models', up: models.up },
];
