/**
 * Matching in the pipeline: every post in the store — its text, its links and its media — against
 * the enabled hash banks. `matchStore` is the batch driver the analysis runs; the per-post work is
 * the pure matcher (./matcher.ts), so a live stream can call `createMatcher(entries)(post)` instead.
 *
 * Media: hashes the post already carries (`media[].sha256/md5/pdq`) are used as they are; media with
 * a local `path` are read and hashed (relative to the folder of the file the post was ingested from,
 * found through the post's raw record, or to `mediaRoot`); media only known by URL are fetched when
 * `fetchMedia` is set. Re-running replaces the earlier `match.*` signals in one transaction.
 */
import { dirname } from 'node:path';
import { iterateMatchEntries } from '../store/banks.js';
import type { Store } from '../store/db.js';
import { splitRawRef } from '../store/raw-chunks.js';
import { rowToPost, type PostRow, type StoredPost } from '../store/read.js';
import { clearDetectorOutput, insertSignals } from '../store/signals.js';
import type { Signal } from '../model/index.js';
import { hashMedia, mapLimit, type MediaHashOptions } from './match-media.js';
import { createMatcher, type HashedMedia, type MatchEntry, type Matcher, type MatcherOptions } from './matcher.js';

export { createMatcher, hitToSignal, matchScore, type HashedMedia, type Hit, type MatchEntry, type Matcher, type MatcherOptions } from './matcher.js';
export { hashMedia, hashMediaBytes, type MediaHashOptions } from './match-media.js';

export interface MatchPostsOptions extends MediaHashOptions {
  /** Hash media found in local files / at URLs (default true; URLs also need `fetchMedia`). */
  hashMedia?: boolean;
  /** Media hashed at once (default 4: file reads and sharp decodes overlap with PDQ in JS). */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface MatchStoreOptions extends MatcherOptions, MatchPostsOptions {
  /** Match against these banks (enabled or not) instead of the enabled ones. */
  banks?: readonly string[];
}

export interface MediaStats {
  hashed: number;
  /** Media with nothing to read: no local file, or a URL while fetching is off. */
  skipped: number;
  failed: number;
  /** Failures by `MediaError` code (too_large, decode_failed, blocked_address…). */
  errors: Record<string, number>;
}

export interface MatchSummary {
  /** Posts examined. */
  posts: number;
  /** Signals written (one per post and bank entry). */
  matches: number;
  /** Posts with at least one match. */
  postsMatched: number;
  byType: Record<string, number>;
  /** Bank entries the matcher held. */
  entries: number;
  media: MediaStats;
  elapsedMs: number;
}

const PAGE = 500;

/** Loads the live entries of the enabled (or named) banks into a matcher. */
export async function loadMatcher(store: Store, options: MatcherOptions & { banks?: readonly string[] } = {}): Promise<Matcher> {
  const entries: MatchEntry[] = [];
  for await (const entry of iterateMatchEntries(store.db, options.banks ? { banks: options.banks } : {})) entries.push(entry);
  return createMatcher(entries, options);
}

/**
 * Posts in event-time order, a page at a time, with the folder of the file each came from. Pages
 * (not one open cursor) because media hashing awaits between posts, and better-sqlite3 refuses other
 * statements on a connection while an iterator is open.
 */
export function* postPages(store: Store, pageSize = PAGE): Generator<{ post: StoredPost; sourceDir: string | undefined }[]> {
  const first = store.sqlite.prepare('SELECT * FROM posts ORDER BY created_at, id LIMIT ?');
  const next = store.sqlite.prepare('SELECT * FROM posts WHERE created_at > ? OR (created_at = ? AND id > ?) ORDER BY created_at, id LIMIT ?');
  const chunkSource = store.sqlite.prepare('SELECT source FROM raw_chunks WHERE id = ?');
  const dirs = new Map<number, string | undefined>();
  const sourceDir = (rawRef: number | null): string | undefined => {
    if (rawRef === null) return undefined;
    const { chunkId } = splitRawRef(Number(rawRef));
    if (!dirs.has(chunkId)) {
      const source = (chunkSource.get(chunkId) as { source: string } | undefined)?.source;
      dirs.set(chunkId, source && source !== 'stdin' && !/^[a-z]+:\/\//i.test(source) ? dirname(source) : undefined);
    }
    return dirs.get(chunkId);
  };
  let rows = first.all(pageSize) as PostRow[];
  while (rows.length > 0) {
    yield rows.map((row) => ({ post: rowToPost(row), sourceDir: sourceDir(row.raw_ref) }));
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1];
    rows = next.all(last.created_at, last.created_at, last.id, pageSize) as PostRow[];
  }
}

/**
 * Matches every post of `store` with `matcher`, hashing media on the way; calls `onPost` with each
 * post's signals (also when there are none). Writes nothing.
 */
export async function matchPosts(
  store: Store,
  matcher: Matcher,
  options: MatchPostsOptions,
  onPost: (post: StoredPost, signals: Signal[]) => void,
): Promise<{ posts: number; media: MediaStats }> {
  const media: MediaStats = { hashed: 0, skipped: 0, failed: 0, errors: {} };
  const total = countPosts(store);
  const wantsMedia = options.hashMedia !== false && hasMediaEntries(matcher);
  let posts = 0;
  for (const page of postPages(store)) {
    const jobs = wantsMedia ? page.flatMap(({ post, sourceDir }, p) => post.media.map((m, index) => ({ p, m, index, sourceDir }))) : [];
    const outcomes = await mapLimit(jobs, options.concurrency ?? 4, (j) => hashMedia(j.m, j.index, j.sourceDir, options));
    const hashed: HashedMedia[][] = page.map(() => []);
    outcomes.forEach((o, k) => {
      if ('ok' in o) {
        media.hashed++;
        hashed[jobs[k].p].push(o.ok);
      } else if ('skipped' in o) media.skipped++;
      else {
        media.failed++;
        media.errors[o.error] = (media.errors[o.error] ?? 0) + 1;
      }
    });
    page.forEach(({ post }, p) => onPost(post, matcher(post, hashed[p])));
    posts += page.length;
    options.onProgress?.(posts, total);
  }
  return { posts, media };
}

const countPosts = (store: Store): number => Number((store.sqlite.prepare('SELECT count(*) AS n FROM posts').get() as { n: number }).n);

/** Reading and decoding media is the expensive part: skip it when no bank could match media. */
function hasMediaEntries(matcher: Matcher): boolean {
  const s = matcher.sizes;
  return (s.pdq ?? 0) + (s.md5 ?? 0) + (s.sha256 ?? 0) + (s.video_md5 ?? 0) > 0;
}

/**
 * Matches the whole store against the enabled banks and replaces the earlier `match.*` signals (also
 * when no bank is enabled: the output always reflects the current banks).
 */
export async function matchStore(store: Store, options: MatchStoreOptions = {}): Promise<MatchSummary> {
  const started = performance.now();
  const matcher = await loadMatcher(store, options);
  const signals: Signal[] = [];
  let postsMatched = 0;
  const { posts, media } =
    matcher.size === 0
      ? { posts: countPosts(store), media: { hashed: 0, skipped: 0, failed: 0, errors: {} } }
      : await matchPosts(store, matcher, options, (_post, found) => {
          if (found.length > 0) postsMatched++;
          for (const s of found) signals.push(s);
        });
  store.sqlite.transaction(() => {
    clearDetectorOutput(store, 'match');
    insertSignals(store, signals);
  })();
  const byType: Record<string, number> = {};
  for (const s of signals) byType[s.detector.slice('match.'.length)] = (byType[s.detector.slice('match.'.length)] ?? 0) + 1;
  return { posts, matches: signals.length, postsMatched, byType, entries: matcher.size, media, elapsedMs: Math.round(performance.now() - started) };
}
