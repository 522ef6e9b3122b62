/** What every format writer shares: the writer contract and the synthetic media host. */
import type { Bytes } from '../sink.js';
import type { IdScheme, MediaLibrary, SimAccount, SimEvent, SimMedia } from '../types.js';

export interface FormatWriter {
  /** Output files (relative to the output folder) and what they hold. */
  readonly files: Record<string, string>;
  write(e: SimEvent): void;
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface WriterContext {
  dir: string;
  ids: IdScheme;
  media: MediaLibrary;
  /** Number of accounts (array size for per-account flags). */
  accounts: number;
  /** End of the simulated period: the "retrieved at" time of the capture. */
  end: number;
}

/**
 * Every synthetic image and avatar is served from this reserved name, so nothing real is ever fetched;
 * the last path segment is the file name under the output's `media/` folder.
 */
export const MEDIA_HOST = 'https://media.sim.example';

const DAY = 86_400_000;
const P2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const P3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
let isoDay = -1;
let isoPrefix = '';
let isoPrefixBytes = Buffer.alloc(0);

function isoDayOf(t: number): number {
  const day = Math.floor(t / DAY);
  if (day !== isoDay) {
    isoDay = day;
    isoPrefix = new Date(day * DAY).toISOString().slice(0, 11);
    isoPrefixBytes = Buffer.from(isoPrefix);
  }
  return day;
}

/** The time of day of `t` (after `isoDayOf`), in module state: no object per call on the hot path. */
let hh = 0;
let mm = 0;
let ss = 0;
let msec = 0;
function clockOf(t: number): void {
  let r = t - isoDayOf(t) * DAY;
  hh = Math.floor(r / 3_600_000);
  r -= hh * 3_600_000;
  mm = Math.floor(r / 60_000);
  r -= mm * 60_000;
  ss = Math.floor(r / 1000);
  msec = r - ss * 1000;
}

/** `Date#toISOString` for times after 1970, without a Date per call (every record has a few times). */
export function iso(t: number): string {
  clockOf(t);
  return `${isoPrefix}${P2[hh]}:${P2[mm]}:${P2[ss]}.${P3[msec]}Z`;
}

/** `iso(t)` written as bytes, without building the string. */
export function putIso(b: Bytes, t: number): void {
  clockOf(t);
  b.raw(isoPrefixBytes);
  b.pad(hh, 2);
  b.byte(0x3a);
  b.pad(mm, 2);
  b.byte(0x3a);
  b.pad(ss, 2);
  b.byte(0x2e);
  b.pad(msec, 3);
  b.byte(0x5a);
}

/** `YYYY-MM-DD HH:MM` (the IO archive's tweet_time), written as bytes. */
export function putMinute(b: Bytes, t: number): void {
  clockOf(t);
  b.rawRange(isoPrefixBytes, 0, 10);
  b.byte(0x20);
  b.pad(hh, 2);
  b.byte(0x3a);
  b.pad(mm, 2);
}

export const mediaUrl = (m: SimMedia): string => `${MEDIA_HOST}/media/${m.file ?? `${m.key}.jpg`}`;

/** Avatar URL, or undefined for the platform's default image. */
export function avatarUrl(a: SimAccount, media: MediaLibrary): string | undefined {
  if (a.avatar === '') return undefined;
  const file = media.avatar(a.avatar)?.file;
  return `${MEDIA_HOST}/avatars/${file ?? `${a.avatar}.jpg`}`;
}

export const COMPLIANCE_FILE =
  'X API v2 batch-compliance results for users, one per line: {"id","action":"delete","created_at","redacted_at","reason":"suspended"}';

/**
 * A suspension as X's batch-compliance job reports a user (`created_at`: the account's creation,
 * `redacted_at`: when it was suspended). X tweet pages cannot carry account status, hence a second file.
 */
export function complianceLine(a: SimAccount, at: number, reason: string): string {
  return JSON.stringify({ id: a.id, action: 'delete', created_at: iso(a.created), redacted_at: iso(at), reason });
}

/** How clients show a long link: no scheme, cut with an ellipsis. */
export function displayUrl(url: string): string {
  // Same as url.replace(/^https?:\/\//, ''), without a regex per link.
  const bare = url.startsWith('https://') ? url.slice(8) : url.startsWith('http://') ? url.slice(7) : url;
  return bare.length > 30 ? `${bare.slice(0, 27)}...` : bare;
}
