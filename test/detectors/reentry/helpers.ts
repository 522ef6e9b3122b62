import type { AccountId, Post, PostId } from '../../../src/model/index.js';

export const HOUR = 3_600_000;
export const T0 = Date.UTC(2026, 0, 5);

let n = 0;
/** A post with defaults; ids are sequential so tests stay deterministic. */
export function post(author: string, at: number, text: string, extra: Partial<Post> = {}): Post {
  n++;
  return {
    id: `x:${author.replace(/\W/g, '')}-${n}` as PostId, platform: 'x', authorId: author as AccountId, createdAt: at, text,
    hashtags: [], urls: [], mentions: [], media: [], ...extra,
  };
}
