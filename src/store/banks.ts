/**
 * Hash banks in the store: create, list (with counts per signal type), enable/disable, delete; add and
 * remove entries, idempotent on (bank, signal type, signal). Written with Kysely only (no SQLite
 * specifics), so the same code runs on PostgreSQL and inside a caller's transaction.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import { BANK_FORMATS, detectBankFormat, serializeTcapJson, type BankFormat } from '../hashing/banks/index.js';
import { checkSignal, type BankEntry, type BankParseError } from '../hashing/banks/types.js';
import type { BankEntriesTable } from './schema/banks.js';
import type { Database } from './schema/index.js';

export interface Bank {
  id: number;
  name: string;
  description?: string;
  enabled: boolean;
  createdAt: number;
}

export interface BankSummary extends Bank {
  /** Live (not deleted) entries. */
  entries: number;
  /** Tombstones (TCAP `deleted`, or removed). */
  deleted: number;
  /** Live entries per signal type. */
  byType: Record<string, number>;
}

export interface StoredBankEntry extends BankEntry {
  id: number;
  bank: string;
  deleted: boolean;
}

export class BankError extends Error {
  constructor(
    message: string,
    readonly code: 'bank_not_found' | 'bank_exists' | 'bad_bank_name' | 'bad_signal' | 'unknown_format',
  ) {
    super(message);
    this.name = 'BankError';
  }
}

/** Names go on command lines and into evidence: letters, digits and `_ . : -`, no spaces. */
const NAME = /^[\p{L}\p{N}_.:-]{1,100}$/u;
/** Rows per INSERT: 12 parameters each stays far below every driver's parameter limit. */
const BATCH = 500;

type Db = Kysely<Database>;

/** Runs `fn` in a transaction, or in the caller's when `db` is one already (Kysely does not nest them). */
const inTransaction = <T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> => (db.isTransaction ? fn(db) : db.transaction().execute(fn));

export const signalKey = (signal: string): string => createHash('sha256').update(signal).digest('hex');

const toBank = (r: { id: number | bigint; name: string; description: string | null; enabled: number; created_at: number | bigint }): Bank => ({
  id: Number(r.id),
  name: r.name,
  ...(r.description !== null ? { description: r.description } : {}),
  enabled: Number(r.enabled) === 1,
  createdAt: Number(r.created_at),
});

export async function createBank(db: Db, bank: { name: string; description?: string; enabled?: boolean }, now = Date.now()): Promise<Bank> {
  if (!NAME.test(bank.name)) throw new BankError(`bank names are 1–100 letters, digits or _ . : - (got ${JSON.stringify(bank.name)})`, 'bad_bank_name');
  if (await getBank(db, bank.name)) throw new BankError(`bank ${bank.name} exists`, 'bank_exists');
  const row = await db
    .insertInto('banks')
    .values({ name: bank.name, description: bank.description ?? null, enabled: bank.enabled === false ? 0 : 1, created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toBank(row);
}

export async function getBank(db: Db, name: string): Promise<Bank | undefined> {
  const row = await db.selectFrom('banks').selectAll().where('name', '=', name).executeTakeFirst();
  return row ? toBank(row) : undefined;
}

async function requireBank(db: Db, name: string): Promise<Bank> {
  const bank = await getBank(db, name);
  if (!bank) throw new BankError(`no bank named ${name} (see \`marsad bank list\`)`, 'bank_not_found');
  return bank;
}

export async function listBanks(db: Db): Promise<BankSummary[]> {
  const banks = (await db.selectFrom('banks').selectAll().orderBy('name').execute()).map(toBank);
  const counts = await db
    .selectFrom('bank_entries')
    .select(['bank_id', 'signal_type', 'deleted', (eb) => eb.fn.countAll<number | bigint | string>().as('n')])
    .groupBy(['bank_id', 'signal_type', 'deleted'])
    .execute();
  return banks.map((b) => {
    const summary: BankSummary = { ...b, entries: 0, deleted: 0, byType: {} };
    for (const c of counts) {
      if (Number(c.bank_id) !== b.id) continue;
      const n = Number(c.n);
      if (Number(c.deleted) === 1) summary.deleted += n;
      else {
        summary.entries += n;
        summary.byType[c.signal_type] = (summary.byType[c.signal_type] ?? 0) + n;
      }
    }
    return summary;
  });
}

/** Returns false when the bank does not exist. */
export async function setBankEnabled(db: Db, name: string, enabled: boolean): Promise<boolean> {
  const r = await db.updateTable('banks').set({ enabled: enabled ? 1 : 0 }).where('name', '=', name).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Deletes a bank and all its entries; returns how many entries went, or undefined if there was no such bank. */
export async function deleteBank(db: Db, name: string): Promise<number | undefined> {
  return inTransaction(db, async (tx) => {
    const bank = await getBank(tx, name);
    if (!bank) return undefined;
    const r = await tx.deleteFrom('bank_entries').where('bank_id', '=', bank.id).executeTakeFirst();
    await tx.deleteFrom('banks').where('id', '=', bank.id).execute();
    return Number(r.numDeletedRows);
  });
}

export interface AddResult {
  /** Entries new to the bank. */
  added: number;
  /** Entries the bank had already (their labels are updated, a tombstone is revived or set). */
  updated: number;
}

/**
 * Adds entries (or, with `deleted`, tombstones) to a bank. Signals are validated and normalised by
 * their signal type; an invalid one throws before anything is written. On a repeat, labels and
 * source given now replace the stored ones and those not given are kept.
 */
export async function addEntries(
  db: Db,
  bankName: string,
  entries: readonly BankEntry[],
  options: { deleted?: boolean; now?: number } = {},
): Promise<AddResult> {
  const now = options.now ?? Date.now();
  const rows = new Map<string, InsertRow>();
  for (const e of entries) {
    const checked = checkSignal(e.signalType, e.signal);
    if (typeof checked === 'string') throw new BankError(checked, 'bad_signal');
    const key = signalKey(checked.signal);
    // Within one call the last occurrence wins (PostgreSQL refuses to upsert a row twice in one statement).
    rows.set(`${e.signalType}\n${key}`, {
      bank_id: 0,
      signal_type: e.signalType,
      signal: checked.signal,
      signal_key: key,
      group_name: e.labels.group ?? null,
      content_type: e.labels.contentType ?? null,
      category: e.labels.category ?? null,
      tags: JSON.stringify(e.labels.tags),
      source: e.source ?? null,
      added_at: e.addedAt ?? null,
      deleted: options.deleted ? 1 : 0,
      updated_at: now,
    });
  }
  return inTransaction(db, async (tx) => {
    const bank = await requireBank(tx, bankName);
    const all = [...rows.values()].map((r) => ({ ...r, bank_id: bank.id }));
    const result: AddResult = { added: 0, updated: 0 };
    for (let i = 0; i < all.length; i += BATCH) {
      const batch = all.slice(i, i + BATCH);
      const existing = await tx
        .selectFrom('bank_entries')
        .select(['signal_type', 'signal_key'])
        .where('bank_id', '=', bank.id)
        .where('signal_key', 'in', batch.map((r) => r.signal_key))
        .execute();
      const had = new Set(existing.map((r) => `${r.signal_type}\n${r.signal_key}`));
      const n = batch.filter((r) => had.has(`${r.signal_type}\n${r.signal_key}`)).length;
      result.updated += n;
      result.added += batch.length - n;
      await insertBatch(tx, batch);
    }
    return result;
  });
}

function insertBatch(db: Db, rows: InsertRow[]) {
  return db
    .insertInto('bank_entries')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['bank_id', 'signal_key', 'signal_type']).doUpdateSet({
        group_name: sql`coalesce(excluded.group_name, bank_entries.group_name)`,
        content_type: sql`coalesce(excluded.content_type, bank_entries.content_type)`,
        category: sql`coalesce(excluded.category, bank_entries.category)`,
        tags: sql`case when excluded.tags = '[]' then bank_entries.tags else excluded.tags end`,
        source: sql`coalesce(excluded.source, bank_entries.source)`,
        added_at: sql`coalesce(excluded.added_at, bank_entries.added_at)`,
        deleted: sql`excluded.deleted`,
        updated_at: sql`excluded.updated_at`,
      }),
    )
    .execute();
}

/** A `bank_entries` row as written (the id is the database's). */
type InsertRow = Omit<BankEntriesTable, 'id'>;

/** Marks entries deleted (tombstones stay, for export and audit); returns how many live entries it hit. */
export async function removeEntries(db: Db, bankName: string, entries: readonly { signalType: string; signal: string }[], now = Date.now()): Promise<number> {
  return inTransaction(db, async (tx) => {
    const bank = await requireBank(tx, bankName);
    let removed = 0;
    for (const e of entries) {
      const checked = checkSignal(e.signalType, e.signal);
      if (typeof checked === 'string') continue; // an invalid signal cannot be in the bank
      const r = await tx
        .updateTable('bank_entries')
        .set({ deleted: 1, updated_at: now })
        .where('bank_id', '=', bank.id)
        .where('signal_type', '=', e.signalType)
        .where('signal_key', '=', signalKey(checked.signal))
        .where('deleted', '=', 0)
        .executeTakeFirst();
      removed += Number(r.numUpdatedRows);
    }
    return removed;
  });
}

type EntryRow = Selectable<BankEntriesTable>;

function toEntry(r: EntryRow, bank: string): StoredBankEntry {
  const entry: StoredBankEntry = {
    id: Number(r.id),
    bank,
    signalType: r.signal_type,
    signal: r.signal,
    labels: { tags: JSON.parse(r.tags) as string[] },
    deleted: Number(r.deleted) === 1,
  };
  if (r.group_name !== null) entry.labels.group = r.group_name;
  if (r.content_type !== null) entry.labels.contentType = r.content_type;
  if (r.category !== null) entry.labels.category = r.category;
  if (r.source !== null) entry.source = r.source;
  if (r.added_at !== null) entry.addedAt = Number(r.added_at);
  return entry;
}

/** A bank's entries in insertion order (tombstones only with `includeDeleted`). */
export async function listEntries(db: Db, bankName: string, options: { includeDeleted?: boolean } = {}): Promise<StoredBankEntry[]> {
  const bank = await requireBank(db, bankName);
  let q = db.selectFrom('bank_entries').selectAll().where('bank_id', '=', bank.id);
  if (!options.includeDeleted) q = q.where('deleted', '=', 0);
  return (await q.orderBy('id').execute()).map((r) => toEntry(r, bank.name));
}

/**
 * Live entries of the enabled banks (or of the named banks, enabled or not), in pages by id so that a
 * bank of millions never sits in one result set.
 */
export async function* iterateMatchEntries(db: Db, options: { banks?: readonly string[]; pageSize?: number } = {}): AsyncGenerator<StoredBankEntry> {
  let q = db.selectFrom('banks').select(['id', 'name']);
  q = options.banks ? q.where('name', 'in', options.banks.length > 0 ? [...options.banks] : ['']) : q.where('enabled', '=', 1);
  const banks = new Map((await q.execute()).map((b) => [Number(b.id), b.name]));
  if (banks.size === 0) return;
  const pageSize = options.pageSize ?? 10_000;
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('bank_entries')
      .selectAll()
      .where('bank_id', 'in', [...banks.keys()])
      .where('deleted', '=', 0)
      .where('id', '>', after)
      .orderBy('id')
      .limit(pageSize)
      .execute();
    for (const r of rows) yield toEntry(r, banks.get(Number(r.bank_id))!);
    if (rows.length < pageSize) return;
    after = Number(rows[rows.length - 1].id);
  }
}

// ------------------------------------------------------------------------------- bank files

/** Format names as the CLI accepts them: the library's, plus the names the issue uses. */
export const BANK_FORMAT_ALIASES: Readonly<Record<string, BankFormat>> = {
  'pytx-csv': 'pytx-csv',
  'pytx-file': 'pytx-file',
  'pytx-signals': 'pytx-file',
  'hma-csv': 'hma-csv',
  'tcap-json': 'tcap-json',
  tcap: 'tcap-json',
};

/** What each format can carry (an entry it cannot is skipped on export, and counted). */
const CARRIES: Record<BankFormat, (e: BankEntry) => boolean> = {
  'pytx-csv': () => true,
  'pytx-file': (e) => !/[\r\n]/.test(e.signal),
  'hma-csv': (e) => e.signalType === 'pdq',
  'tcap-json': (e) => ['pdq', 'md5', 'video_md5', 'sha256'].includes(e.signalType),
};

export interface ImportResult extends AddResult {
  format: BankFormat;
  /** Tombstones written (TCAP `deleted` records); `added` and `updated` count live entries only. */
  deleted: number;
  errors: BankParseError[];
  /** The bank did not exist and was created. */
  created: boolean;
}

/**
 * Imports a bank file's text into a bank (created when missing). The format is sniffed when not
 * given; rows a format refuses come back as errors with their line, the rest is imported.
 */
export async function importBankText(
  db: Db,
  bankName: string,
  text: string,
  options: { format?: BankFormat; fileName?: string; now?: number } = {},
): Promise<ImportResult> {
  const format = options.format ?? detectBankFormat(text, options.fileName);
  if (!format) throw new BankError('cannot tell the bank file format: pass --format', 'unknown_format');
  const parsed = BANK_FORMATS[format].parse(text);
  return inTransaction(db, async (tx) => {
    const created = !(await getBank(tx, bankName));
    if (created) await createBank(tx, { name: bankName }, options.now);
    const live = await addEntries(tx, bankName, parsed.entries, { now: options.now });
    const dead = await addEntries(tx, bankName, parsed.deleted, { deleted: true, now: options.now });
    return { format, added: live.added, updated: live.updated, deleted: dead.added + dead.updated, errors: parsed.errors, created };
  });
}

/** Serialises a bank in a format; entries the format cannot carry are counted in `skipped`. */
export async function exportBankText(db: Db, bankName: string, format: BankFormat): Promise<{ text: string; written: number; skipped: number }> {
  const all = await listEntries(db, bankName, { includeDeleted: format === 'tcap-json' });
  const fits = all.filter(CARRIES[format]);
  const live = fits.filter((e) => !e.deleted);
  const text = format === 'tcap-json' ? serializeTcapJson(live, fits.filter((e) => e.deleted)) : BANK_FORMATS[format].serialize(live);
  return { text, written: fits.length, skipped: all.length - fits.length };
}
