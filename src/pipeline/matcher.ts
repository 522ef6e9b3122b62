/**
 * The pure half of matching posts against hash banks: `createMatcher(entries)` builds the indexes
 * (exact per type, MIH for PDQ, MinHash/LSH for text, canonical URL + domain for links) and returns
 * `(post, hashedMedia?) → Signal[]`, synchronous and free of I/O, so the same code runs in a batch
 * over the store (`matchStore` in ./match.ts) or inside a live stream.
 *
 * Decisions worth knowing:
 * - Reposts are matched like any post. The campaign's first instruction is to spread the releases, so
 *   a repost of a known release IS an act of spreading it; the evidence carries `repostOf` so that
 *   rules can weigh a share differently from an upload. The "RT @handle:" prefix old X exports put in
 *   front of the copied text is dropped before text matching so it does not dilute short texts.
 * - Scores: 1 for exact hashes and exact URLs; PDQ 1 − d/64 (0.52 at the match limit d = 31, so an
 *   exact image is always ranked above a distant one); text = the shingle Jaccard similarity (≥ 0.8
 *   by default); a URL matched only through a bank's domain entry 0.9 (same site, not the same page).
 * - PDQ hashes of quality below 50 are not matched (too little structure: flat or tiny images match
 *   everything). When we hash an image ourselves we query all eight rotations/flips and keep the
 *   closest; a hash the platform supplied (`media[].pdq`) is queried as is.
 * - One signal per (post, bank entry), the closest way it matched; at most `maxPerType` per post and
 *   signal type (a post that is near-duplicate of 500 bank texts needs the best ten, not 500).
 */
import { findDefanged } from '../text/urls.js';
import { PDQ_MATCH_DISTANCE, PDQ_MIN_QUALITY, type Dihedral } from '../hashing/pdq.js';
import type { BankLabels } from '../hashing/banks/types.js';
import { isSignalTypeName, SIGNAL_TYPES } from '../hashing/signal-types.js';
import type { SignalIndex, SignalTypeName } from '../hashing/signal-type.js';
import { TextIndex } from '../hashing/text-index.js';
import type { Json, Post, Signal } from '../model/index.js';

/** A bank entry as the matcher needs it (`StoredBankEntry` from the store fits). */
export interface MatchEntry {
  id: number;
  bank: string;
  signalType: string;
  signal: string;
  labels: BankLabels;
  source?: string;
}

export interface MatcherOptions {
  /** Jaccard similarity at or above which texts match (default 0.8). */
  textThreshold?: number;
  /** Largest PDQ Hamming distance that matches (default 31). */
  pdqMaxDistance?: number;
  /** PDQ hashes of lower quality are not matched (default 50). */
  pdqMinQuality?: number;
  /** Signals per post and signal type, closest first (default 10). */
  maxPerType?: number;
}

/** Hashes of one of the post's media computed by us (they override what the post carries). */
export interface HashedMedia {
  /** Index into `post.media`. */
  index: number;
  sha256?: string;
  md5?: string;
  pdq?: string;
  pdqQuality?: number;
  /** The hashes of the image's eight rotations/flips (`pdqHashImage().dihedral`). */
  dihedral?: Partial<Record<Dihedral, string>>;
}

export interface Hit {
  entry: MatchEntry;
  distance: number;
  /** Where on the post it matched: the text, a URL, or media (index, transform, quality). */
  where: { field: 'text' } | { field: 'url'; url: string } | { field: 'media'; media: number; transform?: Dihedral; quality?: number };
}

export interface Matcher {
  (post: Post, media?: readonly HashedMedia[]): Signal[];
  /** Entries whose signal matches `signal` (already valid for `type`), closest first. */
  lookup(type: SignalTypeName, signal: string): { entry: MatchEntry; distance: number }[];
  /** Every hit for a post, before they become signals. */
  hits(post: Post, media?: readonly HashedMedia[]): Hit[];
  /** Hits for one media file's hashes alone (`marsad match poster.jpg`). */
  mediaHits(hashes: HashedMedia): Hit[];
  /** Incremental updates: an index change never blocks matching. */
  add(entry: MatchEntry): void;
  remove(id: number): boolean;
  readonly size: number;
  readonly sizes: Partial<Record<SignalTypeName, number>>;
}

const RT_PREFIX = /^RT @[\p{L}\p{N}_]+:\s*/u;

/**
 * What a post *says*, for text matching: without the "RT @x:" prefix, links, @mentions and
 * #hashtags. Copies of a release add their own links (every share gets a new t.co), a hashtag of the
 * day and a word or two ("exclusive", "spread it"); those must not push a copy under the similarity
 * threshold. Links and hashtags are matched by their own signal types.
 */
export function textForMatching(text: string): string {
  return text
    .replace(RT_PREFIX, '')
    .replace(/\b(?:https?|hxxps?):\/\/\S+/gi, ' ')
    .replace(/(^|[^\p{L}\p{N}_])[@#＃][\p{L}\p{M}\p{N}_.]+/gu, '$1 ')
    .replace(/\s+/g, ' ')
    .trim();
}
const HOST_MATCH_SCORE = 0.9;

/** Score of a match from its distance (see the module comment). */
export function matchScore(type: string, distance: number): number {
  switch (type) {
    case 'pdq':
      return Math.max(0, 1 - distance / 64);
    case 'raw_text':
      return Math.max(0, 1 - distance);
    case 'url':
      return distance === 0 ? 1 : HOST_MATCH_SCORE;
    default:
      return distance === 0 ? 1 : 0;
  }
}

export function createMatcher(entries: Iterable<MatchEntry> = [], options: MatcherOptions = {}): Matcher {
  const pdqMax = options.pdqMaxDistance ?? PDQ_MATCH_DISTANCE;
  const minQuality = options.pdqMinQuality ?? PDQ_MIN_QUALITY;
  const maxPerType = options.maxPerType ?? 10;
  const indexes = new Map<SignalTypeName, SignalIndex>();
  const byId = new Map<number, MatchEntry>();

  const createIndex = (type: SignalTypeName, list: { id: number; signal: string }[] = []): SignalIndex =>
    type === 'raw_text' ? TextIndex.build(list, { threshold: options.textThreshold ?? 0.8 }) : SIGNAL_TYPES[type].createIndex(list);

  const add = (entry: MatchEntry): void => {
    if (!isSignalTypeName(entry.signalType)) return; // a type we cannot match (e.g. text_tlsh) stays in the bank only
    if (byId.has(entry.id)) remove(entry.id);
    let index = indexes.get(entry.signalType);
    if (!index) indexes.set(entry.signalType, (index = createIndex(entry.signalType)));
    index.add(entry.id, entry.signal);
    byId.set(entry.id, entry);
  };
  const remove = (id: number): boolean => {
    const entry = byId.get(id);
    if (!entry) return false;
    byId.delete(id);
    return indexes.get(entry.signalType as SignalTypeName)?.remove(id) ?? false;
  };
  // The initial entries are built in bulk: the MIH index's lists are built once instead of
  // growing through its incremental "delta" (which queries scan linearly until a rebuild).
  for (const e of entries) if (isSignalTypeName(e.signalType)) byId.set(e.id, e); // a repeated id: the last wins
  const initial = new Map<SignalTypeName, MatchEntry[]>();
  for (const e of byId.values()) {
    const list = initial.get(e.signalType as SignalTypeName) ?? [];
    list.push(e);
    initial.set(e.signalType as SignalTypeName, list);
  }
  for (const [type, list] of initial) indexes.set(type, createIndex(type, list));

  const lookup = (type: SignalTypeName, signal: string): { entry: MatchEntry; distance: number }[] => {
    const index = indexes.get(type);
    if (!index || index.size === 0) return [];
    const found = index.query(signal, type === 'pdq' ? { maxDistance: pdqMax } : {});
    return found.flatMap((m) => {
      const entry = byId.get(m.id);
      return entry ? [{ entry, distance: m.distance }] : [];
    });
  };

  type Offer = (found: { entry: MatchEntry; distance: number }[], where: Hit['where']) => void;

  /** Looks up one media item's hashes: sha256, md5 (as md5 and video_md5), PDQ (every transform given). */
  const offerMedia = (offer: Offer, i: number, h: Omit<HashedMedia, 'index'>): void => {
    if (h.sha256) offer(lookup('sha256', h.sha256.toLowerCase()), { field: 'media', media: i });
    // An MD5 of the bytes is the same whichever list calls it a video.
    if (h.md5) for (const t of ['md5', 'video_md5'] as const) offer(lookup(t, h.md5.toLowerCase()), { field: 'media', media: i });
    const { pdq, pdqQuality: quality } = h;
    if (!pdq || (quality !== undefined && quality < minQuality) || !indexes.has('pdq') || !SIGNAL_TYPES.pdq.validate(pdq).ok) return;
    const variants: [Dihedral, string][] = h.dihedral ? (Object.entries(h.dihedral) as [Dihedral, string][]) : [['original', pdq]];
    for (const [transform, hex] of variants) {
      offer(lookup('pdq', hex.toLowerCase()), { field: 'media', media: i, ...(transform !== 'original' ? { transform } : {}), ...(quality !== undefined ? { quality } : {}) });
    }
  };

  const collect = (fill: (offer: Offer) => void): Hit[] => {
    const best = new Map<number, Hit>();
    fill((found, where) => {
      for (const { entry, distance } of found) {
        const prev = best.get(entry.id);
        if (!prev || distance < prev.distance) best.set(entry.id, { entry, distance, where });
      }
    });
    const byType = new Map<string, Hit[]>();
    for (const hit of best.values()) {
      const list = byType.get(hit.entry.signalType) ?? [];
      list.push(hit);
      byType.set(hit.entry.signalType, list);
    }
    return [...byType.values()].flatMap((list) => list.sort((a, b) => a.distance - b.distance || a.entry.id - b.entry.id).slice(0, maxPerType));
  };

  const hits = (post: Post, hashed: readonly HashedMedia[] = []): Hit[] =>
    collect((offer) => {
      const text = textForMatching(post.text);
      if (text.trim() !== '' && indexes.has('raw_text')) offer(lookup('raw_text', text), { field: 'text' });
      if (indexes.has('url')) {
        const urls = new Set(post.urls);
        for (const d of findDefanged(post.text)) urls.add(d.url);
        for (const url of urls) offer(lookup('url', url), { field: 'url', url });
      }
      post.media.forEach((m, i) => {
        const h = hashed.find((x) => x.index === i);
        // Our own hashes win over the platform's; a PDQ's quality goes with the PDQ it belongs to.
        const pdq = h?.pdq !== undefined ? { pdq: h.pdq, pdqQuality: h.pdqQuality, dihedral: h.dihedral } : { pdq: m.pdq, pdqQuality: m.pdqQuality };
        offerMedia(offer, i, { sha256: h?.sha256 ?? m.sha256, md5: h?.md5 ?? m.md5, ...pdq });
      });
    });

  const mediaHits = (hashes: HashedMedia): Hit[] => collect((offer) => offerMedia(offer, hashes.index, hashes));

  const matcher = ((post: Post, hashed?: readonly HashedMedia[]) => hits(post, hashed).map((h) => hitToSignal(post, h))) as Matcher;
  Object.defineProperties(matcher, {
    size: { get: () => byId.size },
    sizes: { get: () => Object.fromEntries([...indexes].map(([t, ix]) => [t, ix.size])) },
  });
  return Object.assign(matcher, { lookup, hits, mediaHits, add, remove });
}

/** Long bank texts are cut in evidence: the entry id leads to the full text. */
const EVIDENCE_TEXT = 500;

/**
 * Evidence keys: `bank`, `entryId`, `signalType`, `signal` (the bank's value), `distance`, `field`
 * (text | url | media), and per type `similarity` (text), `media` (index) / `quality` / `transform`
 * (images), `url` (the post's link); the entry's
 * labels (`group`, `contentType`, `category`, `tags`) and `source`; `repostOf` for shares.
 */
export function hitToSignal(post: Post, hit: Hit): Signal {
  const { entry, distance, where } = hit;
  const evidence: Record<string, Json> = {
    bank: entry.bank,
    entryId: entry.id,
    signalType: entry.signalType,
    signal: entry.signal.length > EVIDENCE_TEXT ? `${entry.signal.slice(0, EVIDENCE_TEXT)}…` : entry.signal,
    distance,
  };
  if (entry.signalType === 'raw_text') evidence.similarity = 1 - distance;
  for (const [k, v] of Object.entries(where)) evidence[k] = v as Json;
  if (entry.labels.group) evidence.group = entry.labels.group;
  if (entry.labels.contentType) evidence.contentType = entry.labels.contentType;
  if (entry.labels.category) evidence.category = entry.labels.category;
  if (entry.labels.tags.length > 0) evidence.tags = entry.labels.tags;
  if (entry.source) evidence.source = entry.source;
  if (post.repostOf) evidence.repostOf = post.repostOf;
  return {
    subject: { kind: 'post', id: post.id },
    detector: `match.${entry.signalType}`,
    score: matchScore(entry.signalType, distance),
    evidence,
    at: post.createdAt,
  };
}
