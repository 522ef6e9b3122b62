/**
 * Text index: exact match on normalised text, plus near-duplicates by MinHash over word shingles
 * with LSH banding, every candidate verified with the true Jaccard similarity of the shingle sets.
 * Distance = 1 − Jaccard (0 for an exact match). Per entry it keeps only 32-bit shingle ids, a
 * 53-bit key of the normalised text and the LSH bucket entries — never the text.
 */
import { normalizeForMatching } from '../text/normalize.js';
import { LshIndex, lshParams } from './lsh.js';
import { jaccardSorted, minhashFromHashes } from './minhash.js';
import type { IndexMatch, QueryOptions, SignalIndex } from './signal-type.js';
import { DEFAULT_SHINGLE_SIZE, shingleIds, textKey } from './text-shingles.js';

export interface TextIndexOptions {
  /** Jaccard similarity at or above which two texts match (default 0.8). */
  threshold?: number;
  numPerm?: number;
  shingleSize?: number;
}

const MAGIC = 'TXTIDX01';

const list = (v: number | number[] | undefined): number[] => (v === undefined ? [] : typeof v === 'number' ? [v] : v);

function multiSet(map: Map<number, number | number[]>, key: number, item: number): void {
  const v = map.get(key);
  if (v === undefined) map.set(key, item);
  else if (typeof v === 'number') map.set(key, [v, item]);
  else v.push(item);
}

/**
 * 64 MinHash values: candidates are verified with the exact Jaccard anyway, so the signature only has
 * to find them; at threshold 0.8 the chosen banding (12 bands of 5) still misses under 1% of pairs at
 * exactly 0.8, at half the hashing cost of 128.
 */
export const TEXT_NUM_PERM = 64;

export class TextIndex implements SignalIndex {
  readonly signalType = 'raw_text' as const;
  readonly threshold: number;
  readonly numPerm: number;
  readonly shingleSize: number;
  private readonly lsh: LshIndex<number>;
  // Values are an item number, or an array when several items share the key (rare): no array per entry.
  private readonly exact = new Map<number, number | number[]>();
  private readonly itemsOf = new Map<number, number | number[]>();
  private ids: number[] = [];
  private keys: number[] = [];
  private starts: number[] = [0];
  private pool = new Uint32Array(1024);
  private poolLen = 0;
  private live = 0;

  constructor(opts: TextIndexOptions = {}) {
    this.threshold = opts.threshold ?? 0.8;
    this.numPerm = opts.numPerm ?? TEXT_NUM_PERM;
    this.shingleSize = opts.shingleSize ?? DEFAULT_SHINGLE_SIZE;
    this.lsh = new LshIndex<number>(lshParams(this.threshold, this.numPerm));
  }

  static build(entries: Iterable<{ id: number; signal: string }>, opts?: TextIndexOptions): TextIndex {
    const index = new TextIndex(opts);
    for (const e of entries) index.add(e.id, e.signal);
    return index;
  }

  get size(): number {
    return this.live;
  }

  add(id: number, text: string): void {
    const normalized = normalizeForMatching(text);
    if (normalized.trim() === '') return; // nothing to match on
    this.addItem(id, textKey(normalized), shingleIds(text, this.shingleSize));
  }

  remove(id: number): boolean {
    const items = this.itemsOf.get(id);
    if (items === undefined) return false;
    this.itemsOf.delete(id);
    for (const item of list(items)) {
      this.lsh.remove(item);
      const key = this.keys[item];
      const rest = list(this.exact.get(key)).filter((x) => x !== item);
      if (rest.length > 1) this.exact.set(key, rest);
      else if (rest.length === 1) this.exact.set(key, rest[0]);
      else this.exact.delete(key);
      this.ids[item] = -1;
      this.live--;
    }
    return true;
  }

  /** Entries whose text equals (distance 0) or is a near-duplicate of `text`, closest first. */
  query(text: string, opts: QueryOptions = {}): IndexMatch[] {
    const minJaccard = 1 - (opts.maxDistance ?? 1 - this.threshold);
    const normalized = normalizeForMatching(text);
    const best = new Map<number, number>();
    for (const item of list(this.exact.get(textKey(normalized)))) best.set(item, 0);
    const sh = shingleIds(text, this.shingleSize);
    if (sh.length > 0) {
      for (const item of this.lsh.query(minhashFromHashes(sh, this.numPerm))) {
        if (best.has(item)) continue;
        const j = jaccardSorted(sh, this.pool.subarray(this.starts[item], this.starts[item + 1]));
        if (j >= minJaccard) best.set(item, 1 - j);
      }
    }
    const out: IndexMatch[] = [];
    for (const [item, distance] of best) out.push({ id: this.ids[item], distance });
    return out.sort((a, b) => a.distance - b.distance || a.id - b.id);
  }

  /** Brute force: the exact Jaccard against every entry (the baseline the LSH path is measured against). */
  scan(text: string, opts: QueryOptions = {}): IndexMatch[] {
    const minJaccard = 1 - (opts.maxDistance ?? 1 - this.threshold);
    const sh = shingleIds(text, this.shingleSize);
    const out: IndexMatch[] = [];
    for (let item = 0; item < this.ids.length; item++) {
      if (this.ids[item] < 0) continue;
      const j = jaccardSorted(sh, this.pool.subarray(this.starts[item], this.starts[item + 1]));
      if (j >= minJaccard) out.push({ id: this.ids[item], distance: 1 - j });
    }
    return out.sort((a, b) => a.distance - b.distance || a.id - b.id);
  }

  /**
   * Binary: "TXTIDX01", u32 header length, JSON header (options, counts), then per live entry its id
   * (f64), text key (f64), shingle count (u32) and shingle ids (u32), little-endian. Signatures are
   * recomputed on load.
   */
  serialize(): Uint8Array {
    const live: number[] = [];
    for (let item = 0; item < this.ids.length; item++) if (this.ids[item] >= 0) live.push(item);
    const header = new TextEncoder().encode(
      JSON.stringify({ threshold: this.threshold, numPerm: this.numPerm, shingleSize: this.shingleSize, count: live.length }),
    );
    let size = 12 + header.length;
    for (const item of live) size += 20 + 4 * (this.starts[item + 1] - this.starts[item]);
    const out = new Uint8Array(size);
    const view = new DataView(out.buffer);
    out.set(new TextEncoder().encode(MAGIC), 0);
    view.setUint32(8, header.length, true);
    out.set(header, 12);
    let p = 12 + header.length;
    for (const item of live) {
      const sh = this.pool.subarray(this.starts[item], this.starts[item + 1]);
      view.setFloat64(p, this.ids[item], true);
      view.setFloat64(p + 8, this.keys[item], true);
      view.setUint32(p + 16, sh.length, true);
      p += 20;
      for (let i = 0; i < sh.length; i++, p += 4) view.setUint32(p, sh[i], true);
    }
    return out;
  }

  static deserialize(bytes: Uint8Array): TextIndex {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) throw new RangeError('not a serialised text index');
    const headerLength = view.getUint32(8, true);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))) as TextIndexOptions & { count: number };
    const index = new TextIndex(header);
    let p = 12 + headerLength;
    for (let n = 0; n < header.count; n++) {
      if (p + 20 > bytes.length) throw new RangeError('truncated text index');
      const id = view.getFloat64(p, true);
      const key = view.getFloat64(p + 8, true);
      const len = view.getUint32(p + 16, true);
      p += 20;
      if (p + 4 * len > bytes.length) throw new RangeError('truncated text index');
      const sh = new Uint32Array(len);
      for (let i = 0; i < len; i++, p += 4) sh[i] = view.getUint32(p, true);
      index.addItem(id, key, sh);
    }
    return index;
  }

  private addItem(id: number, key: number, sh: Uint32Array): void {
    const item = this.ids.length;
    this.ids.push(id);
    this.keys.push(key);
    if (this.poolLen + sh.length > this.pool.length) {
      const pool = new Uint32Array(Math.max(this.poolLen + sh.length, this.pool.length * 2));
      pool.set(this.pool.subarray(0, this.poolLen));
      this.pool = pool;
    }
    this.pool.set(sh, this.poolLen);
    this.poolLen += sh.length;
    this.starts.push(this.poolLen);
    multiSet(this.exact, key, item);
    multiSet(this.itemsOf, id, item);
    if (sh.length > 0) this.lsh.add(item, minhashFromHashes(sh, this.numPerm));
    this.live++;
  }
}
