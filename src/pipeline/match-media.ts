/**
 * Hashing a post's media for matching: the bytes come from a local file (Telegram export folders,
 * downloaded media — the path is relative to the source file's folder, or to `mediaRoot`) or, only
 * when asked, from the media URL through the safe fetcher. Every failure is a `MediaError` code the
 * caller counts; nothing here throws for one bad file.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { pdqHashImage } from '../hashing/types/pdq.js';
import { fetchMedia, readMediaFile, type FetchedMedia, type FetchOptions } from '../media/fetch.js';
import { MediaError, type MediaErrorCode } from '../media/errors.js';
import { sniff } from '../media/sniff.js';
import { readHead } from '../sources/sniff.js';
import type { Media } from '../model/index.js';
import type { HashedMedia } from './matcher.js';

export interface MediaHashOptions {
  /** Folder local media paths are relative to (default: the folder of the file the post came from). */
  mediaRoot?: string;
  /**
   * A folder of media downloaded beforehand, named by the last segment of their URL (how collection
   * scripts usually save them): a media URL whose file is there is read from disk, not fetched.
   */
  mediaMirror?: string;
  /** Fetch media by URL (off by default: a batch over an archive must not phone out unasked). */
  fetchMedia?: boolean;
  fetch?: FetchOptions;
  /** Pixel limit for decoding (decompression bombs). */
  maxPixels?: number;
}

/** `not_media`: audio, documents, link cards — nothing a media bank holds. */
export type Skip = 'no_file' | 'fetch_off' | 'not_media';
export type MediaOutcome = { ok: HashedMedia } | { skipped: Skip } | { error: MediaErrorCode; message: string };

/** Where a media item's bytes are, or why there is nothing to read. */
export function mediaLocation(media: Media, sourceDir: string | undefined, opts: MediaHashOptions): { path: string } | { url: string } | { skipped: Skip } | { error: MediaErrorCode; message: string } {
  if (media.kind === 'audio' || media.kind === 'link-card') return { skipped: 'not_media' };
  if (media.path) {
    const base = opts.mediaRoot ?? sourceDir;
    if (base === undefined) return { skipped: 'no_file' };
    const full = resolve(base, media.path);
    // Decoders keep paths relative and inside the export; check again, a store may hold older rows.
    const rel = relative(resolve(base), full);
    if (rel.startsWith('..') || isAbsolute(rel)) return { error: 'bad_url', message: `media path leaves ${base}: ${media.path}` };
    // Exports are often made without their media: a missing file is "not available", not a failure.
    if (existsSync(full)) return { path: full };
    return media.url && /^https?:\/\//i.test(media.url) && opts.fetchMedia ? { url: media.url } : { skipped: 'no_file' };
  }
  if (media.url && /^https?:\/\//i.test(media.url)) {
    const mirrored = opts.mediaMirror ? mirrorPath(opts.mediaMirror, media.url) : undefined;
    if (mirrored) return { path: mirrored };
    return opts.fetchMedia ? { url: media.url } : { skipped: 'fetch_off' };
  }
  return { skipped: 'no_file' };
}

/** The mirrored copy of a URL's file, if the mirror has one (names with path separators never match). */
function mirrorPath(mirror: string, url: string): string | undefined {
  let name: string;
  try {
    name = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
  } catch {
    return undefined;
  }
  if (!name || name === '.' || name === '..' || /[\\/\0]/.test(name)) return undefined;
  const full = resolve(mirror, name);
  return existsSync(full) ? full : undefined;
}

/** The hashes matching needs from bytes: SHA-256 and MD5 always, PDQ (all eight transforms) for images. */
export async function hashMediaBytes(index: number, fetched: FetchedMedia, maxPixels?: number): Promise<HashedMedia> {
  const out: HashedMedia = {
    index,
    sha256: createHash('sha256').update(fetched.bytes).digest('hex'),
    md5: createHash('md5').update(fetched.bytes).digest('hex'),
  };
  if (fetched.sniffed.kind === 'image') {
    const pdq = await pdqHashImage(fetched.bytes, maxPixels !== undefined ? { maxPixels } : {});
    Object.assign(out, { pdq: pdq.signal, pdqQuality: pdq.quality, dihedral: pdq.dihedral });
  }
  return out;
}

export async function hashMedia(media: Media, index: number, sourceDir: string | undefined, opts: MediaHashOptions = {}): Promise<MediaOutcome> {
  const where = mediaLocation(media, sourceDir, opts);
  if ('skipped' in where || 'error' in where) return where;
  try {
    if ('path' in where) {
      // Local videos can be far larger than the fetch limit: their file hashes are streamed instead.
      const kind = sniff(readHead(where.path, 64))?.kind;
      if (kind === 'video') return { ok: { index, ...(await streamFileHashes(where.path)) } };
      if (kind !== 'image') return { skipped: 'not_media' };
    }
    const fetched = 'path' in where ? await readMediaFile(where.path, opts.fetch) : await fetchMedia(where.url, opts.fetch);
    return { ok: await hashMediaBytes(index, fetched, opts.maxPixels) };
  } catch (err) {
    if (err instanceof MediaError) return { error: err.code, message: err.message };
    return { error: 'decode_failed', message: err instanceof Error ? err.message : String(err) };
  }
}

async function streamFileHashes(path: string): Promise<{ sha256: string; md5: string }> {
  const sha256 = createHash('sha256');
  const md5 = createHash('md5');
  for await (const chunk of createReadStream(path)) {
    sha256.update(chunk as Buffer);
    md5.update(chunk as Buffer);
  }
  return { sha256: sha256.digest('hex'), md5: md5.digest('hex') };
}

/** Runs `fn` over `items` with at most `limit` at a time, results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
