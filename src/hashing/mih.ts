/**
 * Multi-index hashing (Norouzi, Punjani & Fleet 2012) for 256-bit PDQ hashes, exact for distance
 * <= 31. Each hash is cut into 16 slots of 16 bits, each slot with an inverted list.
 *
 * Why it is exact: if two hashes are within d, one of their eight 32-bit words differs in at most
 * R = floor(d / 8) bits (pigeonhole), and one 16-bit half of that word in at most floor(R / 2) bits. So
 * probing each slot's value and its neighbours within floor(R / 2) bits (1 for d = 31: 17 probes per
 * slot) reaches every match. Why it is fast: each list entry carries the other half of its 32-bit
 * word, so a candidate is kept only if the two halves together are within R bits of the query's
 * word — a check on data read in order, which drops ~99% of candidates before the full hash (a random
 * memory access) is read. Radii whose half-radius would exceed 2 fall back to brute force.
 *
 * Memory-lean: hashes live in one Uint32Array (8 words each), ids in an Int32Array, and each slot's
 * list in compressed-sparse-row form (65,537 offsets, then 6 bytes per item: item number and
 * partner half): about 135 bytes per hash in all. Items added since the last build sit in a small
 * "delta" that queries scan directly; a rebuild (synchronous, or in slices between queries) builds
 * fresh lists and swaps them in, so matching never waits for it. Removal marks items dead.
 */
import { popcount32 as popcount } from './hash32.js';
import { pdqFromHex } from './pdq-hex.js';

const SLOTS = 16;
const SLOT_VALUES = 65536;
const WORDS = 8;
/** Items scanned directly before a background rebuild is scheduled. */
const DELTA_LIMIT = 4096;

export interface MihMatch {
  id: number;
  distance: number;
}

interface Lists {
  /** Items [0, n) are in the lists. */
  n: number;
  offsets: Uint32Array[];
  items: Uint32Array[];
  /** The other 16-bit half of the same 32-bit word, per list entry. */
  partners: Uint16Array[];
}

/** Popcount of 16-bit values by table (64 KiB, stays in cache). */
const POP16 = Uint8Array.from({ length: 65536 }, (_, v) => {
  let c = 0;
  for (let x = v; x; x &= x - 1) c++;
  return c;
});

/** 16-bit masks with at most r bits set (r <= 2), and their bit counts. */
const MASKS = [0, 1, 2].map((r) => {
  const masks = [0];
  for (let a = 0; a < 16 && r >= 1; a++) masks.push(1 << a);
  for (let a = 0; a < 16 && r >= 2; a++) for (let b = a + 1; b < 16; b++) masks.push((1 << a) | (1 << b));
  return { masks: Int32Array.from(masks), bits: Uint8Array.from(masks, (m) => POP16[m]) };
});

const EMPTY_LISTS: Lists = { n: 0, offsets: [], items: [], partners: [] };


/** PDQ hex → 8 little-endian 32-bit words: word k holds 16-bit reference words 2k (low) and 2k+1 (high). */
export function pdqHexToWords(hex: string): Uint32Array {
  const w16 = pdqFromHex(hex);
  const out = new Uint32Array(WORDS);
  for (let k = 0; k < WORDS; k++) out[k] = (w16[2 * k] | (w16[2 * k + 1] << 16)) >>> 0;
  return out;
}

export class PdqMihIndex {
  private words: Uint32Array;
  private ids: Int32Array;
  private alive: Uint8Array;
  private count = 0;
  private live = 0;
  private lists: Lists = EMPTY_LISTS;
  private rebuilding: Promise<void> | undefined;
  /** Bumped by compaction: a background build over the old item numbering is then thrown away. */
  private generation = 0;
  /** When false, adds never schedule background rebuilds (bulk loading). */
  autoRebuild = true;

  constructor(capacity = 1024) {
    this.words = new Uint32Array(capacity * WORDS);
    this.ids = new Int32Array(capacity);
    this.alive = new Uint8Array(capacity);
  }

  /** An index over the given entries, lists built. */
  static build(entries: Iterable<{ id: number; signal: string }>): PdqMihIndex {
    const list = Array.isArray(entries) ? (entries as { id: number; signal: string }[]) : [...entries];
    const index = new PdqMihIndex(Math.max(16, list.length));
    for (const e of list) index.addWords(e.id, pdqHexToWords(e.signal), false);
    index.rebuild();
    return index;
  }

  /** An index over `ids.length` hashes given as 8 words each (the bulk path: no hex, no copies). */
  static fromWords(ids: Int32Array, words: Uint32Array): PdqMihIndex {
    if (words.length !== ids.length * WORDS) throw new RangeError('words must hold 8 values per id');
    const index = new PdqMihIndex(0);
    index.ids = ids;
    index.words = words;
    index.alive = new Uint8Array(ids.length).fill(1);
    index.count = index.live = ids.length;
    index.rebuild();
    return index;
  }

  get size(): number {
    return this.live;
  }

  /** Items not yet in the lists (scanned directly by queries). */
  get pending(): number {
    return this.count - this.lists.n;
  }

  add(id: number, hex: string): void {
    this.addWords(id, pdqHexToWords(hex));
  }

  addWords(id: number, w: Uint32Array, schedule = true): void {
    if (!Number.isInteger(id) || id < 0 || id > 0x7fffffff) throw new RangeError(`id must be a 31-bit integer: ${id}`);
    if (this.count === this.ids.length) this.grow();
    this.words.set(w.subarray(0, WORDS), this.count * WORDS);
    this.ids[this.count] = id;
    this.alive[this.count] = 1;
    this.count++;
    this.live++;
    if (schedule && this.autoRebuild && this.pending > Math.max(DELTA_LIMIT, this.lists.n >>> 6) && !this.rebuilding) {
      void this.rebuildInBackground();
    }
  }

  /** Marks every item with this id dead (a linear scan: bank removals are rare). */
  remove(id: number): boolean {
    let found = false;
    for (let i = 0; i < this.count; i++) {
      if (this.ids[i] === id && this.alive[i] === 1) {
        this.alive[i] = 0;
        this.live--;
        found = true;
      }
    }
    return found;
  }

  /** Every live entry within `maxDistance` (default 31) of the hash, closest first. */
  query(hex: string, maxDistance = 31): MihMatch[] {
    return this.queryWords(pdqHexToWords(hex), maxDistance);
  }

  queryWords(q: Uint32Array, maxDistance = 31): MihMatch[] {
    const found: MihMatch[] = [];
    const wordRadius = Math.floor(maxDistance / WORDS);
    const halfRadius = Math.floor(wordRadius / 2);
    if (halfRadius > 2 || maxDistance < 0) {
      this.scan(q, maxDistance, 0, this.count, found);
    } else {
      const seen = new Set<number>();
      const { offsets, items, partners } = this.lists;
      const words = this.words;
      const alive = this.alive;
      const { masks, bits } = MASKS[halfRadius];
      for (let s = 0; s < SLOTS && this.lists.n > 0; s++) {
        const word = q[s >>> 1];
        const value = (word >>> ((s & 1) << 4)) & 0xffff;
        const partner = (word >>> (((s & 1) ^ 1) << 4)) & 0xffff;
        const off = offsets[s];
        const its = items[s];
        const pts = partners[s];
        for (let m = 0; m < masks.length; m++) {
          const v = value ^ masks[m];
          const budget = wordRadius - bits[m];
          const end = off[v + 1];
          for (let p = off[v]; p < end; p++) {
            if (POP16[pts[p] ^ partner] > budget) continue;
            const item = its[p];
            const o = item * WORDS;
            let d = 0;
            for (let k = 0; k < WORDS && d <= maxDistance; k++) d += popcount(q[k] ^ words[o + k]);
            if (d > maxDistance || alive[item] === 0 || seen.has(item)) continue;
            seen.add(item);
            found.push({ id: this.ids[item], distance: d });
          }
        }
      }
      this.scan(q, maxDistance, this.lists.n, this.count, found);
    }
    return found.sort((a, b) => a.distance - b.distance || a.id - b.id);
  }

  /** Brute force over items [from, to): the exact baseline the lists must agree with. */
  scan(q: Uint32Array, maxDistance: number, from = 0, to = this.count, found: MihMatch[] = []): MihMatch[] {
    const words = this.words;
    for (let item = from; item < to; item++) {
      if (this.alive[item] === 0) continue;
      const o = item * WORDS;
      let d = 0;
      for (let k = 0; k < WORDS && d <= maxDistance; k++) d += popcount(q[k] ^ words[o + k]);
      if (d <= maxDistance) found.push({ id: this.ids[item], distance: d });
    }
    return found;
  }

  /** Rebuilds the lists now (compacting dead items first when they are more than the live ones). */
  rebuild(): void {
    if (this.count - this.live > this.live) this.compact();
    const steps = this.buildSteps();
    while (!steps.next().done);
  }

  /**
   * Rebuilds the lists in slices, yielding to the event loop between them; queries keep using the old
   * lists plus the delta until the new lists are swapped in. Resolves when done.
   */
  rebuildInBackground(): Promise<void> {
    if (this.rebuilding) return this.rebuilding;
    this.rebuilding = (async () => {
      try {
        const steps = this.buildSteps();
        while (!steps.next().done) await new Promise<void>((r) => setImmediate(r));
      } finally {
        this.rebuilding = undefined;
      }
    })();
    return this.rebuilding;
  }

  /** Resolves once no background rebuild is running. */
  async idle(): Promise<void> {
    while (this.rebuilding) await this.rebuilding;
  }

  /** Counting sort of items [0, n) by each slot's value; yields after each slice of work. */
  private *buildSteps(): Generator<void, void, void> {
    const n = this.count;
    const generation = this.generation;
    // Removals during a background build only flip the live flags; the lists follow this snapshot and
    // queries check the live flags, so both stay consistent.
    const alive = this.alive.slice(0, n);
    let liveItems = 0;
    for (let i = 0; i < n; i++) liveItems += alive[i];
    const lists: Lists = { n, offsets: [], items: [], partners: [] };
    const SLICE = 1 << 20;
    for (let s = 0; s < SLOTS; s++) {
      const word = s >>> 1;
      const shift = (s & 1) << 4;
      const partnerShift = shift ^ 16;
      const off = new Uint32Array(SLOT_VALUES + 1);
      for (let start = 0; start < n; start += SLICE) {
        const words = this.words;
        for (let i = start, end = Math.min(n, start + SLICE); i < end; i++) {
          if (alive[i] === 1) off[((words[i * WORDS + word] >>> shift) & 0xffff) + 1]++;
        }
        yield;
      }
      for (let v = 0; v < SLOT_VALUES; v++) off[v + 1] += off[v];
      const cursor = off.slice(0, SLOT_VALUES);
      const its = new Uint32Array(liveItems);
      const pts = new Uint16Array(liveItems);
      for (let start = 0; start < n; start += SLICE) {
        const words = this.words;
        for (let i = start, end = Math.min(n, start + SLICE); i < end; i++) {
          if (alive[i] === 0) continue;
          const w = words[i * WORDS + word];
          const at = cursor[(w >>> shift) & 0xffff]++;
          its[at] = i;
          pts[at] = (w >>> partnerShift) & 0xffff;
        }
        yield;
      }
      lists.offsets.push(off);
      lists.items.push(its);
      lists.partners.push(pts);
    }
    if (generation === this.generation) this.lists = lists;
  }

  /** Drops dead items from storage (synchronous; invalidates the lists, so only `rebuild` calls it). */
  private compact(): void {
    let w = 0;
    for (let i = 0; i < this.count; i++) {
      if (this.alive[i] === 0) continue;
      if (w !== i) {
        this.words.copyWithin(w * WORDS, i * WORDS, (i + 1) * WORDS);
        this.ids[w] = this.ids[i];
        this.alive[w] = 1;
      }
      w++;
    }
    this.alive.fill(0, w, this.count);
    this.generation++;
    this.count = w;
    this.lists = EMPTY_LISTS;
  }

  private grow(): void {
    const cap = Math.max(16, Math.ceil(this.ids.length * 1.5));
    const words = new Uint32Array(cap * WORDS);
    words.set(this.words);
    const ids = new Int32Array(cap);
    ids.set(this.ids);
    const alive = new Uint8Array(cap);
    alive.set(this.alive);
    this.words = words;
    this.ids = ids;
    this.alive = alive;
  }

  /** Binary form: "PDQMIH01", u32 count, then ids (i32) and words (u32), little-endian; live items only. */
  serialize(): Uint8Array {
    const n = this.live;
    const out = new Uint8Array(12 + n * 4 + n * WORDS * 4);
    const view = new DataView(out.buffer);
    out.set(new TextEncoder().encode('PDQMIH01'), 0);
    view.setUint32(8, n, true);
    let j = 0;
    for (let i = 0; i < this.count; i++) {
      if (this.alive[i] === 0) continue;
      view.setInt32(12 + j * 4, this.ids[i], true);
      for (let k = 0; k < WORDS; k++) view.setUint32(12 + n * 4 + (j * WORDS + k) * 4, this.words[i * WORDS + k], true);
      j++;
    }
    return out;
  }

  static deserialize(bytes: Uint8Array): PdqMihIndex {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== 'PDQMIH01') throw new RangeError('not a serialised PDQ MIH index');
    const n = view.getUint32(8, true);
    if (bytes.length !== 12 + n * 36) throw new RangeError('truncated PDQ MIH index');
    const ids = new Int32Array(n);
    const words = new Uint32Array(n * WORDS);
    for (let i = 0; i < n; i++) ids[i] = view.getInt32(12 + i * 4, true);
    for (let i = 0; i < n * WORDS; i++) words[i] = view.getUint32(12 + n * 4 + i * 4, true);
    return PdqMihIndex.fromWords(ids, words);
  }
}
