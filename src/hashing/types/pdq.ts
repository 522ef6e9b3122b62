/**
 * The `pdq` signal type: 64-hex PDQ hashes, a match at Hamming distance <= 31, an MIH index.
 * Hashes with quality < 50 are too weak to match on: `hashFile` reports the quality and callers
 * (the match detector) skip weak ones.
 */
import { decodeImage, type DecodeOptions } from '../../media/decode.js';
import { PdqMihIndex } from '../mih.js';
import { DIHEDRAL, dihedralHashes, pdqFromPixelsWithDct, PDQ_MATCH_DISTANCE, type Dihedral } from '../pdq.js';
import { isPdqHex, pdqDistance, pdqFromHex, pdqToHex } from '../pdq-hex.js';
import type { IndexMatch, QueryOptions, SignalIndex, SignalTypeDescriptor } from '../signal-type.js';

export interface PdqFileHash {
  signal: string;
  quality: number;
  width: number;
  height: number;
  /** Hashes of the eight rotations/flips (the reference's names), for matching transformed copies. */
  dihedral: Record<Dihedral, string>;
}

/** Decodes an image file or buffer and hashes it (original plus the eight dihedral variants). */
export async function pdqHashImage(input: string | Uint8Array, opts: DecodeOptions = {}): Promise<PdqFileHash> {
  const img = await decodeImage(input, opts);
  const { hash, quality, dct } = pdqFromPixelsWithDct(img.pixels, img.width, img.height, img.channels);
  const variants = dihedralHashes(dct);
  const dihedral = {} as Record<Dihedral, string>;
  for (const t of DIHEDRAL) dihedral[t] = pdqToHex(variants[t]);
  return { signal: pdqToHex(hash), quality, width: img.width, height: img.height, dihedral };
}

/** SignalIndex over the MIH index. */
export class PdqIndex implements SignalIndex {
  readonly signalType = 'pdq' as const;
  constructor(readonly mih: PdqMihIndex = new PdqMihIndex()) {}

  get size(): number {
    return this.mih.size;
  }
  add(id: number, signal: string): void {
    this.mih.add(id, signal);
  }
  remove(id: number): boolean {
    return this.mih.remove(id);
  }
  query(signal: string, opts: QueryOptions = {}): IndexMatch[] {
    return this.mih.query(signal, opts.maxDistance ?? PDQ_MATCH_DISTANCE);
  }
  serialize(): Uint8Array {
    return this.mih.serialize();
  }
}

export const pdqType: SignalTypeDescriptor = {
  name: 'pdq',
  contentTypes: ['photo'],
  validate(signal) {
    const s = signal.trim().toLowerCase();
    return isPdqHex(s) ? { ok: true, signal: s } : { ok: false, error: 'expected 64 hex characters' };
  },
  async hashFile(path) {
    const { signal, quality } = await pdqHashImage(path);
    return { signal, quality };
  },
  compare(a, b) {
    const distance = pdqDistance(pdqFromHex(a), pdqFromHex(b));
    return { match: distance <= PDQ_MATCH_DISTANCE, distance };
  },
  createIndex: (entries = []) => new PdqIndex(PdqMihIndex.build(entries)),
  deserializeIndex: (bytes) => new PdqIndex(PdqMihIndex.deserialize(bytes)),
  examples: [
    { signal: 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22', content: 'test/fixtures/pdq/images/aaa-orig.jpg' },
    { signal: 'f8f8f0cee0f4a84f06370a2a038f63f0b36e26d596621e1d33e6b39c4e9c9b22', content: 'test/fixtures/pdq/images/blur-a-little.jpg' },
    { signal: 'e64cc9d91c623882f8d1f1d9a398e78c9f199b3bd83924f2b7e11e0bf861b064', content: 'test/fixtures/pdq/images/c.png' },
  ],
};
