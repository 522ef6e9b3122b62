import type { Generated } from 'kysely';

/** Hash banks: named lists of known content (PDQ, file hashes, URLs, texts) that posts are matched against. */
export interface BanksTable {
  id: Generated<number>;
  name: string;
  description: string | null;
  /** 1 = matched against, 0 = kept but ignored by matching. */
  enabled: number;
  created_at: number;
}

/**
 * One signal in a bank. Unique on (bank, signal type, signal key): importing the same list twice adds
 * nothing. `signal_key` is the SHA-256 of the signal, because a `raw_text` signal can be longer than a
 * PostgreSQL btree index entry may be. Entries are never erased by a list: a TCAP `deleted` record (or
 * `removeEntries`) sets `deleted`, so the tombstone survives an export and matching skips it.
 */
export interface BankEntriesTable {
  id: Generated<number>;
  bank_id: number;
  signal_type: string;
  signal: string;
  signal_key: string;
  /** Labels: the organisation / ideology, the kind of file, the pytx opinion category, tags (JSON array). */
  group_name: string | null;
  content_type: string | null;
  category: string | null;
  tags: string;
  /** Where the entry came from: a pytx collaboration, a ThreatExchange descriptor, `tcap:<id>`. */
  source: string | null;
  /** When the source says it was added (epoch ms), if it says. */
  added_at: number | null;
  deleted: number;
  /** When this store last wrote the entry. */
  updated_at: number;
}
