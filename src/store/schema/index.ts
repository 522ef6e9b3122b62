import type { AccountEventsTable, AccountHistoryTable, AccountsTable } from './accounts.js';
import type { BankEntriesTable, BanksTable } from './banks.js';
import type { AuditTable, CasesTable, DecisionsTable } from './cases.js';
import type { CheckpointsTable, IngestRunsTable } from './checkpoints.js';
import type { DeadLettersTable } from './dead-letters.js';
import type { ModelsTable } from './models.js';
import type { PostDeletionsTable, PostVersionsTable, PostsTable } from './posts.js';
import type { RawChunksTable } from './raw.js';
import type { RelationsTable } from './relations.js';
import type { CampaignsTable, SignalsTable } from './signals.js';

export interface Database {
  posts: PostsTable;
  post_versions: PostVersionsTable;
  post_deletions: PostDeletionsTable;
  accounts: AccountsTable;
  account_history: AccountHistoryTable;
  account_events: AccountEventsTable;
  relations: RelationsTable;
  raw_chunks: RawChunksTable;
  dead_letters: DeadLettersTable;
  checkpoints: CheckpointsTable;
  ingest_runs: IngestRunsTable;
  signals: SignalsTable;
  campaigns: CampaignsTable;
  cases: CasesTable;
  decisions: DecisionsTable;
  audit: AuditTable;
  banks: BanksTable;
  bank_entries: BankEntriesTable;
  models: ModelsTable;
}
