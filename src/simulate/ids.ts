/**
 * Native ids as each platform mints them, and the platform-qualified ids Marsad's decoders produce
 * from them (so `truth.json` speaks the decoders' language). X and Mastodon ids are snowflakes (time
 * in the high bits), Bluesky posts are keyed by a TID under the author's DID.
 */
import { token } from './rng.js';
import type { IdScheme } from './types.js';

const X_EPOCH = 1288834974657;
/** All simulated Mastodon accounts are local to this (reserved-name) instance; the capture is from it. */
export const MASTODON_INSTANCE = 'mastodon.sim.example';
const B32_SORT = '234567abcdefghijklmnopqrstuvwxyz';
const B32 = 'abcdefghijklmnopqrstuvwxyz234567';

const PAD = ['', '0', '00', '000', '0000', '00000', '000000'];
const pad6 = (n: number): string => {
  const s = `${n}`;
  return PAD[6 - s.length] + s;
};

/**
 * Decimal string of `high * mul + low` beyond 2^53, exactly, without BigInt (once per post): split
 * into base-10^6 limbs so every number turned into text is a small integer. Needs high, mul < 2^43.
 */
export function snowflake(high: number, mul: number, low: number): string {
  const a = Math.floor(high / 1e6);
  const b = high - a * 1e6;
  const lowPart = b * mul + low;
  const c = Math.floor(lowPart / 1e6);
  const d = lowPart - c * 1e6;
  const upper = a * mul + c;
  const e = Math.floor(upper / 1e6);
  const f = upper - e * 1e6;
  return e > 0 ? e + pad6(f) + pad6(d) : f > 0 ? f + pad6(d) : `${d}`;
}

/** A Bluesky TID: 64 bits = microseconds << 10 | clock id, base32-sortable, 13 characters. */
export function tid(timeUs: number, clockId: number): string {
  tidBytes(timeUs, clockId, TID_SCRATCH, 0);
  return String.fromCharCode.apply(null, TID_SCRATCH as unknown as number[]);
}
const TID_SCRATCH = new Uint8Array(13);

/** `tid(timeUs, clockId)` as ASCII codes in `out` from `at`. */
export function tidBytes(timeUs: number, clockId: number, out: Uint8Array, at: number): void {
  let v = timeUs;
  for (let i = 10; i >= 0; i--) {
    out[at + i] = B32_SORT.charCodeAt(v % 32);
    v = Math.floor(v / 32);
  }
  out[at + 11] = B32_SORT.charCodeAt((clockId >> 5) & 31);
  out[at + 12] = B32_SORT.charCodeAt(clockId & 31);
}

export const xIds: IdScheme = {
  platform: 'x',
  accountId: (i, created) => snowflake(Math.max(1, created - X_EPOCH), 4194304, i & 0x3fffff),
  postId: (t, n) => snowflake(t - X_EPOCH, 4194304, n & 0x3fffff),
  qualifiedAccount: (a) => `x:${a.id}`,
  qualifiedPost: (p) => `x:${p.id}`,
  handle: (base) => base,
};

export const bskyIds: IdScheme = {
  platform: 'bsky',
  accountId: (i) => `did:plc:${token(`did:${i}`, 24, B32)}`,
  postId: (t, n) => tid(t * 1000 + (n % 1000), Math.floor(n / 1000) % 1024),
  qualifiedAccount: (a) => `bsky:${a.id}`,
  qualifiedPost: (p) => `bsky:${p.author.id}/${p.id}`,
  handle: (base) => `${base.toLowerCase().replace(/_+/g, '-').replace(/^-|-$/g, '')}.bsky.social`,
};

export const mastodonIds: IdScheme = {
  platform: 'mastodon',
  accountId: (i, created) => snowflake(created, 65536, i & 0xffff),
  postId: (t, n) => snowflake(t, 65536, n & 0xffff),
  // Marsad names Mastodon accounts by `user@domain` (stable across instances), posts by their uri's host.
  qualifiedAccount: (a) => `mastodon:${a.handle.toLowerCase()}@${MASTODON_INSTANCE}`,
  qualifiedPost: (p) => `mastodon:${MASTODON_INSTANCE}:${p.id}`,
  handle: (base) => base,
};
