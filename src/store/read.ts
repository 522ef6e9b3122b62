import type { Account, AccountId, Mention, Media, Platform, Post, PostId } from '../model/index.js';
import type { Store } from './db.js';
import type { AccountsTable } from './schema/accounts.js';
import type { PostsTable } from './schema/posts.js';

export type PostRow = Omit<PostsTable, 'version'> & { version: number };
export type StoredPost = Post & { deletedAt?: number; version: number };

const opt = <K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } =>
  (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

export function rowToPost(row: PostRow): StoredPost {
  return {
    id: row.id as PostId,
    platform: row.platform as Platform,
    authorId: row.author_id as AccountId,
    ...opt('authorHandle', row.author_handle),
    createdAt: Number(row.created_at),
    text: row.text,
    ...opt('lang', row.lang),
    hashtags: JSON.parse(row.hashtags) as string[],
    urls: JSON.parse(row.urls) as string[],
    mentions: JSON.parse(row.mentions) as Mention[],
    media: JSON.parse(row.media) as Media[],
    ...opt('repostOf', row.repost_of as PostId | null),
    ...opt('replyTo', row.reply_to as PostId | null),
    ...opt('quoteOf', row.quote_of as PostId | null),
    ...opt('conversationId', row.conversation_id),
    ...opt('client', row.client),
    ...opt('editedAt', row.edited_at === null ? null : Number(row.edited_at)),
    ...opt('deletedAt', row.deleted_at === null ? null : Number(row.deleted_at)),
    version: Number(row.version),
  };
}

export function rowToAccount(row: AccountsTable): Account {
  const bool = (v: number | null) => (v === null ? undefined : v === 1);
  return {
    id: row.id as AccountId,
    platform: row.platform as Platform,
    ...opt('handle', row.handle),
    ...opt('displayName', row.display_name),
    ...opt('bio', row.bio),
    ...opt('location', row.location),
    ...opt('url', row.url),
    ...opt('createdAt', row.created_at === null ? null : Number(row.created_at)),
    ...opt('followers', row.followers === null ? null : Number(row.followers)),
    ...opt('following', row.following === null ? null : Number(row.following)),
    ...opt('posts', row.posts === null ? null : Number(row.posts)),
    ...opt('avatarUrl', row.avatar_url),
    ...opt('defaultAvatar', bool(row.default_avatar)),
    ...opt('verified', bool(row.verified)),
    ...opt('protected', bool(row.protected)),
    ...opt('bot', bool(row.bot)),
    status: row.status as Account['status'],
    observedAt: Number(row.observed_at),
  };
}

/**
 * Streams posts in event-time order without loading them all (better-sqlite3's iterator). This is
 * how batch detectors and exports read the store.
 */
export function* iteratePosts(store: Store, options: { since?: number; until?: number } = {}): Generator<StoredPost> {
  const rows = store.sqlite
    .prepare('SELECT * FROM posts WHERE created_at >= ? AND created_at < ? ORDER BY created_at, id')
    .iterate(options.since ?? Number.MIN_SAFE_INTEGER, options.until ?? Number.MAX_SAFE_INTEGER) as IterableIterator<PostRow>;
  for (const row of rows) yield rowToPost(row);
}

export function* iterateAccounts(store: Store): Generator<Account> {
  const rows = store.sqlite.prepare('SELECT * FROM accounts ORDER BY id').iterate() as IterableIterator<AccountsTable>;
  for (const row of rows) yield rowToAccount(row);
}
