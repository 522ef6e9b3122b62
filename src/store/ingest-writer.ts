import type BetterSqlite3 from 'better-sqlite3';
import type { Account, AccountEvent, Post, PostId, Relation, SourcePosition } from '../model/index.js';
import { ChunkPacker, MAX_RECORDS_PER_CHUNK, RAW_CODEC, rawRef } from './raw-chunks.js';

/** What one write changed, so ingest can report new versus duplicate. */
export type WriteOutcome = 'new' | 'duplicate' | 'edit';

export interface CheckpointRow {
  source: string;
  format: string;
  headSha256: string;
  line: number;
  byteOffset: number;
  state: string;
  cursor: string | null;
  done: boolean;
}

const TRACKED_FIELDS = [
  ['handle', 'handle'],
  ['displayName', 'display_name'],
  ['bio', 'bio'],
  ['avatarUrl', 'avatar_url'],
  ['status', 'status'],
] as const;

/**
 * The same profile as last time, its observation time aside? Profile values are scalars, and a field
 * holding `undefined` counts as absent. (A field-by-field check: serialising every profile of every
 * twarc2 page to compare it cost 12% of an X v2 ingest.)
 */
function sameProfile(a: Account, b: Account): boolean {
  let fields = 0;
  for (const key in a) {
    const value = a[key as keyof Account];
    if (key === 'observedAt' || value === undefined) continue;
    if (value !== b[key as keyof Account]) return false;
    fields += 1;
  }
  for (const key in b) if (key !== 'observedAt' && b[key as keyof Account] !== undefined) fields -= 1;
  return fields === 0;
}

/** Most posts have no mentions or media: skip the serialiser for empty lists. */
const json = (v: readonly unknown[]): string => (v.length === 0 ? '[]' : JSON.stringify(v));
const flag = (v: boolean | undefined): number | null => (v === undefined ? null : v ? 1 : 0);

interface ExistingPost {
  text: string;
  hashtags: string;
  urls: string;
  media: string;
  created_at: number;
  edited_at: number | null;
  version: number;
  raw_ref: number | null;
}

type AccountRow = Record<string, string | number | null>;

/**
 * The hot insert path of ingest: prepared statements on the raw SQLite handle, used inside one
 * transaction per batch (`begin` … `commit`), with the checkpoint written in the same transaction.
 * Kysely serves everything else; here the per-row overhead of a query builder would dominate.
 */
export class IngestWriter {
  private readonly stmt;
  private readonly pendingRaw = new ChunkPacker();
  private pendingSource = '';
  private nextChunkId = 0;
  private inTransaction = false;
  /** Last profile written per account in this process: most repeats need no database read. */
  private readonly accountCache = new Map<string, Account>();

  constructor(private readonly sqlite: BetterSqlite3.Database) {
    const s = (sql: string) => sqlite.prepare(sql);
    this.stmt = {
      maxChunkId: s('SELECT coalesce(max(id), 0) FROM raw_chunks').pluck(),
      insertChunk: s('INSERT INTO raw_chunks (id, codec, source, count, data) VALUES (?, ?, ?, ?, ?)'),
      // Positional parameters: binding an object by name costs ~2 µs a row at firehose rates.
      insertPost: s(`INSERT INTO posts (id, platform, author_id, author_handle, created_at, text, lang, hashtags, urls,
        mentions, media, repost_of, reply_to, quote_of, conversation_id, client, edited_at, raw_ref, ingested_at,
        deleted_at, version)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
        (SELECT at FROM post_deletions WHERE post_id = ?), 1)
        ON CONFLICT (id) DO NOTHING`),
      getPost: s('SELECT text, hashtags, urls, media, created_at, edited_at, version, raw_ref FROM posts WHERE id = ?'),
      versionExists: s(
        'SELECT 1 FROM post_versions WHERE post_id = ? AND text = ? AND hashtags = ? AND urls = ? AND media = ?',
      ).pluck(),
      insertVersion: s(`INSERT INTO post_versions (post_id, version, edited_at, text, hashtags, urls, media, raw_ref,
        superseded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      replacePostContent: s(`UPDATE posts SET text = @text, lang = @lang, hashtags = @hashtags, urls = @urls,
        mentions = @mentions, media = @media, edited_at = @edited_at, raw_ref = @raw_ref,
        version = version + 1 WHERE id = @id`),
      bumpVersion: s('UPDATE posts SET version = version + 1 WHERE id = ?'),
      insertDeletion: s('INSERT OR IGNORE INTO post_deletions (post_id, at, raw_ref) VALUES (?, ?, ?)'),
      markDeleted: s('UPDATE posts SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL'),
      getAccount: s('SELECT * FROM accounts WHERE id = ?'),
      insertAccount: s(`INSERT INTO accounts (id, platform, handle, display_name, bio, location, url, created_at,
        followers, following, posts, avatar_url, default_avatar, verified, protected, bot, status, observed_at,
        first_seen_at) VALUES (@id, @platform, @handle, @display_name, @bio, @location, @url, @created_at,
        @followers, @following, @posts, @avatar_url, @default_avatar, @verified, @protected, @bot, @status,
        @observed_at, @observed_at)`),
      insertHistory: s(
        'INSERT INTO account_history (account_id, field, old_value, new_value, observed_at) VALUES (?, ?, ?, ?, ?)',
      ),
      insertEvent: s(`INSERT OR IGNORE INTO account_events (account_id, kind, at, status, detail, handle, raw_ref)
        VALUES (?, ?, ?, ?, ?, ?, ?)`),
      insertRelation: s(`INSERT OR IGNORE INTO relations (kind, action, from_id, to_id, record_key, at, platform,
        raw_ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      insertDeadLetter: s(`INSERT OR IGNORE INTO dead_letters (source, format, line, byte_offset, cursor, reason,
        detail, raw, raw_sha256, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      upsertCheckpoint: s(`INSERT INTO checkpoints (source, format, head_sha256, line, byte_offset, state, cursor,
        done, updated_at) VALUES (@source, @format, @headSha256, @line, @byteOffset, @state, @cursor, @done, @now)
        ON CONFLICT (source) DO UPDATE SET format = excluded.format, head_sha256 = excluded.head_sha256,
        line = excluded.line, byte_offset = excluded.byte_offset, state = excluded.state,
        cursor = excluded.cursor, done = excluded.done, updated_at = excluded.updated_at`),
      getCheckpoint: s('SELECT * FROM checkpoints WHERE source = ?'),
      latestStatusEvent: s("SELECT max(at) FROM account_events WHERE account_id = ? AND kind = 'status' AND status IS NOT NULL").pluck(),
    };
  }

  /**
   * Takes the write lock at once (IMMEDIATE), so the chunk ids this writer hands out before the
   * chunk is written cannot be taken by another writer.
   */
  begin(): void {
    if (this.inTransaction) return;
    this.sqlite.exec('BEGIN IMMEDIATE');
    this.inTransaction = true;
    this.nextChunkId = Number(this.stmt.maxChunkId.get()) + 1;
  }

  /** Flushes the raw chunk and commits everything since `begin`, checkpoint included. */
  commit(checkpoint?: CheckpointRow): void {
    if (!this.inTransaction) this.begin();
    this.flushRaw();
    if (checkpoint) this.writeCheckpoint(checkpoint);
    this.sqlite.exec('COMMIT');
    this.inTransaction = false;
  }

  rollback(): void {
    if (!this.inTransaction) return;
    this.sqlite.exec('ROLLBACK');
    this.inTransaction = false;
    this.pendingRaw.clear();
    this.accountCache.clear();
  }

  /** The reference the next kept raw record will have: rows written for it point there. */
  nextRawRef(source: string): number {
    if (this.pendingRaw.count >= MAX_RECORDS_PER_CHUNK || (this.pendingRaw.count > 0 && source !== this.pendingSource)) {
      this.flushRaw();
    }
    return rawRef(this.nextChunkId, this.pendingRaw.count);
  }

  /** Keeps a record as evidence; returns its reference (equal to `nextRawRef` just before). */
  addRaw(sha256: Buffer, bytes: Uint8Array, position: SourcePosition): number {
    const ref = this.nextRawRef(position.source);
    this.pendingSource = position.source;
    this.pendingRaw.add({ sha256, bytes, line: position.line, offset: position.offset, cursor: position.cursor });
    return ref;
  }

  private flushRaw(): void {
    if (this.pendingRaw.count === 0) return;
    const count = this.pendingRaw.count;
    this.stmt.insertChunk.run(this.nextChunkId, RAW_CODEC, this.pendingSource, count, this.pendingRaw.finish());
    this.nextChunkId += 1;
  }

  writePost(post: Post, rawRef: number | null, now: number): WriteOutcome {
    const hashtags = json(post.hashtags);
    const urls = json(post.urls);
    const media = json(post.media);
    const inserted = this.stmt.insertPost.run(post.id, post.platform, post.authorId, post.authorHandle ?? null,
      post.createdAt, post.text, post.lang ?? null, hashtags, urls, json(post.mentions), media, post.repostOf ?? null,
      post.replyTo ?? null, post.quoteOf ?? null, post.conversationId ?? null, post.client ?? null,
      post.editedAt ?? null, rawRef, now, post.id);
    if (inserted.changes === 1) return 'new';
    return this.reconcilePost(post, { text: post.text, hashtags, urls, media }, rawRef, now);
  }

  /** A post already stored: the same content is a duplicate; other content is a version (edit history). */
  private reconcilePost(post: Post, content: { text: string; hashtags: string; urls: string; media: string }, rawRef: number | null, now: number): WriteOutcome {
    const row = {
      id: post.id,
      ...content,
      lang: post.lang ?? null,
      mentions: json(post.mentions),
      edited_at: post.editedAt ?? null,
      raw_ref: rawRef,
    };
    const existing = this.stmt.getPost.get(post.id) as ExistingPost;
    const sameAs = (v: { text: string; hashtags: string; urls: string; media: string }) =>
      v.text === row.text && v.hashtags === row.hashtags && v.urls === row.urls && v.media === row.media;
    if (sameAs(existing)) return 'duplicate';
    if (this.stmt.versionExists.get(post.id, row.text, row.hashtags, row.urls, row.media) !== undefined) return 'duplicate';

    // A different version of a known post: the newer one becomes current, the other goes to history.
    const existingTime = existing.edited_at ?? existing.created_at;
    const incomingTime = post.editedAt ?? post.createdAt;
    if (incomingTime >= existingTime) {
      this.stmt.insertVersion.run(post.id, existing.version, existing.edited_at, existing.text, existing.hashtags,
        existing.urls, existing.media, existing.raw_ref, now);
      this.stmt.replacePostContent.run(row);
    } else {
      this.stmt.insertVersion.run(post.id, existing.version, row.edited_at, row.text, row.hashtags, row.urls,
        row.media, rawRef, now);
      this.stmt.bumpVersion.run(post.id);
    }
    return 'edit';
  }

  /** Marks a post deleted (never erases it); remembers the delete if the post is not here yet. */
  deletePost(postId: PostId, at: number, rawRef: number | null): WriteOutcome {
    const fresh = this.stmt.insertDeletion.run(postId, at, rawRef).changes === 1;
    this.stmt.markDeleted.run(at, postId);
    return fresh ? 'new' : 'duplicate';
  }

  /**
   * Upserts the latest observed profile. Fields the record does not carry keep their old value; each
   * change of a tracked field (handle, name, bio, avatar, status) is written to the history. An
   * observation older than the stored one only fills fields that were unknown.
   */
  writeAccount(account: Account): WriteOutcome {
    // Most records repeat their author's profile unchanged (every v1.1 tweet carries its user): an
    // identical profile is a duplicate without touching the database. `observed_at` is therefore the
    // time of the snapshot that last changed something, not of the latest identical one.
    const last = this.accountCache.get(account.id);
    if (last !== undefined && sameProfile(last, account)) return 'duplicate';
    if (this.accountCache.size > 100_000) this.accountCache.clear();
    this.accountCache.set(account.id, account);
    const existing = this.stmt.getAccount.get(account.id) as AccountRow | undefined;
    const incoming: AccountRow = {
      id: account.id,
      platform: account.platform,
      handle: account.handle ?? null,
      display_name: account.displayName ?? null,
      bio: account.bio ?? null,
      location: account.location ?? null,
      url: account.url ?? null,
      created_at: account.createdAt ?? null,
      followers: account.followers ?? null,
      following: account.following ?? null,
      posts: account.posts ?? null,
      avatar_url: account.avatarUrl ?? null,
      default_avatar: flag(account.defaultAvatar),
      verified: flag(account.verified),
      protected: flag(account.protected),
      bot: flag(account.bot),
      status: account.status ?? null,
      observed_at: account.observedAt,
    };
    if (!existing) {
      this.stmt.insertAccount.run({ ...incoming, status: incoming.status ?? 'active' });
      return 'new';
    }
    const newer = account.observedAt >= (existing.observed_at as number);
    const updates: AccountRow = {};
    for (const [column, value] of Object.entries(incoming)) {
      if (column === 'id' || column === 'observed_at' || value === null) continue;
      if (existing[column] === value) continue;
      if (newer || existing[column] === null) updates[column] = value;
    }
    for (const [, column] of TRACKED_FIELDS) {
      if (column in updates) {
        this.stmt.insertHistory.run(account.id, column, existing[column] ?? null, updates[column], account.observedAt);
      }
    }
    const changed = Object.keys(updates).length > 0;
    if (newer) updates.observed_at = account.observedAt;
    if (Object.keys(updates).length > 0) this.updateAccount(account.id, updates);
    return changed ? 'edit' : 'duplicate';
  }

  private readonly updateStatements = new Map<string, BetterSqlite3.Statement>();
  private updateAccount(id: string, updates: AccountRow): void {
    const columns = Object.keys(updates).sort();
    const key = columns.join(',');
    let stmt = this.updateStatements.get(key);
    if (!stmt) {
      // Column names come from our own row shape above, never from input.
      stmt = this.sqlite.prepare(`UPDATE accounts SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`);
      this.updateStatements.set(key, stmt);
    }
    stmt.run({ ...updates, id });
  }

  writeAccountEvent(event: AccountEvent, rawRef: number | null): WriteOutcome {
    const inserted = this.stmt.insertEvent.run(event.accountId, event.kind, event.at, event.status ?? null,
      event.detail ?? null, event.handle ?? null, rawRef).changes === 1;
    if (!inserted) return 'duplicate';
    // The event also updates the account's current state (and so its history). A status event is
    // authoritative at its own time, even when a profile snapshot was observed later: snapshots do not
    // carry a status (X user objects never say "suspended").
    const platform = event.accountId.slice(0, event.accountId.indexOf(':')) as Account['platform'];
    if (event.kind === 'handle' && event.handle) this.writeAccount({ id: event.accountId, platform, observedAt: event.at, handle: event.handle });
    if (event.kind === 'status' && event.status) {
      const latest = this.stmt.latestStatusEvent.get(event.accountId) as number | null;
      const existing = this.stmt.getAccount.get(event.accountId) as AccountRow | undefined;
      if (!existing) this.writeAccount({ id: event.accountId, platform, observedAt: event.at, status: event.status });
      else if ((latest === null || event.at >= latest) && existing.status !== event.status) {
        this.stmt.insertHistory.run(event.accountId, 'status', existing.status, event.status, event.at);
        this.updateAccount(event.accountId, { status: event.status });
        this.accountCache.delete(event.accountId);
      }
    }
    return 'new';
  }

  writeRelation(relation: Relation, rawRef: number | null): WriteOutcome {
    const inserted = this.stmt.insertRelation.run(relation.kind, relation.action, relation.from, relation.to ?? '',
      relation.recordKey ?? '', relation.at, relation.platform, rawRef).changes === 1;
    return inserted ? 'new' : 'duplicate';
  }

  writeDeadLetter(letter: {
    position: SourcePosition;
    format: string | null;
    reason: string;
    detail?: string;
    raw: Uint8Array;
    rawSha256: string;
    at: number;
  }): void {
    const p = letter.position;
    this.stmt.insertDeadLetter.run(p.source, letter.format, p.line ?? null, p.offset ?? null, p.cursor ?? null,
      letter.reason, letter.detail ?? null, letter.raw, letter.rawSha256, letter.at);
  }

  private writeCheckpoint(c: CheckpointRow): void {
    this.stmt.upsertCheckpoint.run({ ...c, cursor: c.cursor, done: c.done ? 1 : 0, now: Date.now() });
  }

  readCheckpoint(source: string): CheckpointRow | undefined {
    const row = this.stmt.getCheckpoint.get(source) as
      | { source: string; format: string; head_sha256: string; line: number; byte_offset: number; state: string; cursor: string | null; done: number }
      | undefined;
    if (!row) return undefined;
    return {
      source: row.source,
      format: row.format,
      headSha256: row.head_sha256,
      line: row.line,
      byteOffset: row.byte_offset,
      state: row.state,
      cursor: row.cursor,
      done: row.done === 1,
    };
  }
}
