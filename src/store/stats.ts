import { sql } from 'kysely';
import type { Store } from './db.js';

export interface StoreStats {
  posts: number;
  postsByPlatform: Record<string, number>;
  reposts: number;
  replies: number;
  deletedPosts: number;
  editedPosts: number;
  accounts: number;
  accountsByStatus: Record<string, number>;
  accountEvents: number;
  relations: Record<string, number>;
  rawRecords: number;
  rawBytesCompressed: number;
  deadLetters: number;
  deadLettersByReason: Record<string, number>;
  firstPostAt: string | null;
  lastPostAt: string | null;
  topHashtags: { tag: string; posts: number }[];
}

const toRecord = (rows: { key: string | null; n: number | string | bigint }[]): Record<string, number> =>
  Object.fromEntries(rows.map((r) => [r.key ?? 'unknown', Number(r.n)]));

export async function storeStats(store: Store, topHashtags = 10): Promise<StoreStats> {
  const { db } = store;
  const count = async (table: 'posts' | 'accounts' | 'account_events' | 'dead_letters') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  const posts = await db
    .selectFrom('posts')
    .select((eb) => [
      eb.fn.count<number>('repost_of').as('reposts'),
      eb.fn.count<number>('reply_to').as('replies'),
      eb.fn.count<number>('deleted_at').as('deleted'),
      eb.fn.min('created_at').as('first'),
      eb.fn.max('created_at').as('last'),
      sql<number>`sum(case when version > 1 then 1 else 0 end)`.as('edited'),
    ])
    .executeTakeFirstOrThrow();
  const byPlatform = await db.selectFrom('posts').select(['platform as key', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('platform').execute();
  const byStatus = await db.selectFrom('accounts').select(['status as key', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  const relations = await db
    .selectFrom('relations')
    .select([sql<string>`kind || ' ' || action`.as('key'), (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['kind', 'action'])
    .execute();
  const reasons = await db.selectFrom('dead_letters').select(['reason as key', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('reason').execute();
  const raw = await db
    .selectFrom('raw_chunks')
    .select([sql<number>`coalesce(sum(length(data)), 0)`.as('bytes'), sql<number>`coalesce(sum(count), 0)`.as('records')])
    .executeTakeFirstOrThrow();
  // Hashtags are stored as JSON arrays; SQLite's json_each unnests them (case-folded for counting).
  const tags = await sql<{ tag: string; posts: number }>`
    SELECT lower(j.value) AS tag, count(*) AS posts FROM posts, json_each(posts.hashtags) AS j
    GROUP BY lower(j.value) ORDER BY posts DESC, tag LIMIT ${topHashtags}`.execute(db);

  const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());
  return {
    posts: await count('posts'),
    postsByPlatform: toRecord(byPlatform),
    reposts: Number(posts.reposts),
    replies: Number(posts.replies),
    deletedPosts: Number(posts.deleted),
    editedPosts: Number(posts.edited ?? 0),
    accounts: await count('accounts'),
    accountsByStatus: toRecord(byStatus),
    accountEvents: await count('account_events'),
    relations: toRecord(relations),
    rawRecords: Number(raw.records),
    rawBytesCompressed: Number(raw.bytes),
    deadLetters: await count('dead_letters'),
    deadLettersByReason: toRecord(reasons),
    firstPostAt: iso(posts.first as number | null),
    lastPostAt: iso(posts.last as number | null),
    topHashtags: tags.rows.map((r) => ({ tag: r.tag, posts: Number(r.posts) })),
  };
}
