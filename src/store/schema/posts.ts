import type { Generated } from 'kysely';

/** The latest version of every post. JSON-valued columns hold arrays as text (portable). */
export interface PostsTable {
  id: string;
  platform: string;
  author_id: string;
  author_handle: string | null;
  created_at: number;
  text: string;
  lang: string | null;
  hashtags: string;
  urls: string;
  mentions: string;
  media: string;
  repost_of: string | null;
  reply_to: string | null;
  quote_of: string | null;
  conversation_id: string | null;
  client: string | null;
  edited_at: number | null;
  /** Set by a platform delete; the post itself is never erased. */
  deleted_at: number | null;
  /** 1 for the first version seen; incremented by each edit. */
  version: Generated<number>;
  /** The raw record that carried this version (see store/raw-chunks.ts). */
  raw_ref: number | null;
  ingested_at: number;
}

/** Earlier versions of edited posts: an edit never overwrites evidence. */
export interface PostVersionsTable {
  post_id: string;
  version: number;
  edited_at: number | null;
  text: string;
  hashtags: string;
  urls: string;
  media: string;
  raw_ref: number | null;
  superseded_at: number;
}

export interface PostDeletionsTable {
  post_id: string;
  at: number;
  raw_ref: number | null;
}
