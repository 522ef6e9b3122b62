import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { accountId, postId, type Post } from '../../../src/model/index.js';

/** Posts from a QUT coordination-network-toolkit CSV (timestamps in epoch seconds). */
export function qutPosts(path: string): Post[] {
  const rows = parse(readFileSync(path, 'utf8'), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.map((r) => ({
    id: postId('x', r.message_id!),
    platform: 'x',
    authorId: accountId('x', r.user_id!),
    authorHandle: r.username,
    createdAt: Math.round(Number(r.timestamp) * 1000),
    text: r.message ?? '',
    hashtags: [],
    urls: r.urls ? r.urls.split(' ').filter(Boolean) : [],
    mentions: [],
    media: [],
    ...(r.repost_id ? { repostOf: postId('x', r.repost_id) } : {}),
    ...(r.reply_id ? { replyTo: postId('x', r.reply_id) } : {}),
  }));
}

let seq = 0;
/** A hand-built post: `at` in seconds; fields as given. */
export function mkPost(author: string, at: number, fields: Partial<Post> = {}): Post {
  seq++;
  return {
    id: postId('x', `p${String(seq).padStart(6, '0')}`),
    platform: 'x',
    authorId: accountId('x', author),
    createdAt: at * 1000,
    text: '',
    hashtags: [],
    urls: [],
    mentions: [],
    media: [],
    ...fields,
  };
}
