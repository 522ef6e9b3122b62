/**
 * PDQ hashes of account avatars, for the re-entry detector's avatar index: a returning account often
 * keeps its picture, re-cropped or recoloured, under a new URL. Avatars are read the way post media
 * are (a mirror folder of downloaded files, or fetched only when asked, through the safe fetcher); one
 * that cannot be read is left out, and the detector still compares its URL.
 */
import { PDQ_MIN_QUALITY } from '../hashing/pdq.js';
import type { Store } from '../store/db.js';
import { hashMedia, mapLimit, type MediaHashOptions } from './match-media.js';

export interface AvatarHashes {
  /** Avatar URL → PDQ (64 hex). */
  pdq: Map<string, string>;
  /** Distinct avatar URLs seen, hashed, and not hashed (no file, fetch off, unreadable, too flat). */
  urls: number;
  hashed: number;
  notHashed: Record<string, number>;
}

export async function hashAvatars(store: Store, opts: MediaHashOptions, concurrency = 4): Promise<AvatarHashes> {
  // Platform default pictures are shared by thousands of unrelated accounts: they identify no one.
  const urls = store.sqlite
    .prepare('SELECT DISTINCT avatar_url FROM accounts WHERE avatar_url IS NOT NULL AND coalesce(default_avatar, 0) = 0 ORDER BY avatar_url')
    .pluck()
    .all() as string[];
  const out: AvatarHashes = { pdq: new Map(), urls: urls.length, hashed: 0, notHashed: {} };
  // Remote pictures with neither a mirror nor fetching allowed: nothing to read, so do not try each.
  if (!opts.mediaMirror && !opts.fetchMedia) {
    if (urls.length > 0) out.notHashed.fetch_off = urls.length;
    return out;
  }
  const miss = (why: string) => (out.notHashed[why] = (out.notHashed[why] ?? 0) + 1);
  const outcomes = await mapLimit(urls, concurrency, (url) => hashMedia({ kind: 'image', url }, 0, undefined, opts));
  outcomes.forEach((o, i) => {
    if ('skipped' in o) return miss(o.skipped);
    if ('error' in o) return miss(o.error);
    // A flat or tiny picture hashes to noise that would link strangers.
    if (!o.ok.pdq || (o.ok.pdqQuality ?? 0) < PDQ_MIN_QUALITY) return miss('low_quality');
    out.pdq.set(urls[i]!, o.ok.pdq);
    out.hashed += 1;
  });
  return out;
}
