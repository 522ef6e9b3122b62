/**
 * Account prints: what identifies an account, from its profile and its behaviour. A removed account's
 * print is its fingerprint (kept after suspension, takedown or deletion); a new account's print is
 * what it is compared with. Plain data; the MinHash signatures are what the blocking index stores.
 */
import type { AccountStatus } from '../../model/index.js';
import { minhashSignature } from '../../hashing/index.js';
import { minhashFromHashes } from '../../hashing/minhash.js';
import { topKey, type Activity } from './activity.js';
import { foldBio, handleStem, trigrams } from './names.js';
import { phoneticKey } from '../../text/index.js';

export const SIG_PERM = 64;
/** Fewer distinct style n-grams than this (a handful of short posts) say nothing about style. */
export const MIN_STYLE_GRAMS = 30;
const MAX_LIST = 200;

/** The profile half, as the store or a platform event gives it. Every field may be missing. */
export interface AccountIdentity {
  id: string;
  handle?: string;
  displayName?: string;
  bio?: string;
  avatarUrl?: string;
  /** PDQ hash (64 hex) of the avatar image, when the image was fetched and hashed. */
  avatarPdq?: string;
  /** Platform creation time (the adapter may derive it from a creation event). */
  createdAt?: number;
  firstSeenAt?: number;
}

export interface AccountPrint {
  id: string;
  handle: string;
  /** Handle without @, instance or Bluesky domain. */
  stem: string;
  /** Consonant key of the stem without its digits (`abu_omar33` and `abou_omar` share it). */
  stemKey: string;
  name: string;
  bio: string;
  bioSig?: Uint32Array;
  avatarUrl?: string;
  avatarPdq?: string;
  createdAt?: number;
  /** When collection first met the account (an upper bound on its creation). */
  firstSeenAt?: number;
  lang?: string;
  posts: number;
  firstPostAt?: number;
  lastPostAt?: number;
  hours: number[];
  styleSig?: Uint32Array;
  hashtags: string[];
  domains: string[];
  /** Accounts it acted on and accounts that acted on it. */
  neighbours: string[];
}

export interface Fingerprint extends AccountPrint {
  status: AccountStatus;
  removedAt: number;
}

export const REMOVED_STATUSES: ReadonlySet<string> = new Set(['suspended', 'takendown', 'deleted']);

const topKeys = (m: Map<string, number>): string[] =>
  [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_LIST).map(([k]) => k);

/**
 * The print of an account from its profile and (possibly empty) activity. `reuse` hands back a style
 * signature computed earlier (MinHash over thousands of n-grams is the one costly step here).
 */
export function buildPrint(identity: AccountIdentity, activity: Activity | undefined, reuse: { styleSig?: Uint32Array; bio?: { text: string; sig: Uint32Array } } = {}): AccountPrint {
  const styleSig = reuse.styleSig;
  const bio = foldBio(identity.bio);
  const stem = handleStem(identity.handle);
  const p: AccountPrint = {
    id: identity.id,
    handle: identity.handle ?? '',
    stem,
    stemKey: stem ? phoneticKey(stem.replace(/\d+/g, ' ')) : '',
    name: identity.displayName?.trim() ?? '',
    bio,
    posts: activity?.posts ?? 0,
    hours: activity ? [...activity.hours] : new Array<number>(24).fill(0),
    hashtags: activity ? topKeys(activity.hashtags) : [],
    domains: activity ? topKeys(activity.domains) : [],
    neighbours: activity ? [...new Set([...topKeys(activity.out), ...topKeys(activity.in)])].filter((n) => n !== identity.id) : [],
  };
  if (bio.length >= 4) p.bioSig = reuse.bio?.text === bio ? reuse.bio.sig : minhashSignature(trigrams(bio), SIG_PERM);
  if (identity.avatarUrl) p.avatarUrl = identity.avatarUrl;
  if (identity.avatarPdq) p.avatarPdq = identity.avatarPdq.toLowerCase();
  // Only a real creation time: first seen is when collection met the account, which for an old
  // account seen late says nothing about when it was made.
  if (identity.createdAt !== undefined) p.createdAt = identity.createdAt;
  if (identity.firstSeenAt !== undefined) p.firstSeenAt = identity.firstSeenAt;
  if (activity) {
    const lang = topKey(activity.langs);
    if (lang) p.lang = lang;
    if (activity.firstPostAt !== undefined) p.firstPostAt = activity.firstPostAt;
    if (activity.lastPostAt !== undefined) p.lastPostAt = activity.lastPostAt;
    if (styleSig) p.styleSig = styleSig;
    else if (activity.style.size >= MIN_STYLE_GRAMS) p.styleSig = minhashFromHashes([...activity.style], SIG_PERM);
  }
  return p;
}

export function buildFingerprint(identity: AccountIdentity, activity: Activity | undefined, status: AccountStatus, removedAt: number): Fingerprint {
  return { ...buildPrint(identity, activity), status, removedAt };
}
