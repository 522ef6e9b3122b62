/** PDQ hash text form and distances. Hex is 64 characters, word 15 first (the reference's format). */
import { popcount32 } from './hash32.js';
import type { PdqWords } from './pdq.js';

const PDQ_HEX = /^[0-9a-f]{64}$/i;

export function isPdqHex(s: string): boolean {
  return PDQ_HEX.test(s);
}

export function pdqToHex(w: PdqWords): string {
  let s = '';
  for (let i = 15; i >= 0; i--) s += w[i].toString(16).padStart(4, '0');
  return s;
}

export function pdqFromHex(hex: string): PdqWords {
  if (!PDQ_HEX.test(hex)) throw new RangeError(`not a PDQ hash (64 hex characters): ${JSON.stringify(hex)}`);
  const w = new Uint16Array(16);
  for (let i = 0; i < 16; i++) w[15 - i] = parseInt(hex.slice(i * 4, i * 4 + 4), 16);
  return w;
}

/** Hamming distance of two PDQ hashes, as 8 popcounts of 32-bit words. */
export function pdqDistance(a: PdqWords, b: PdqWords): number {
  let d = 0;
  for (let i = 0; i < 16; i += 2) d += popcount32(((a[i] ^ b[i]) | ((a[i + 1] ^ b[i + 1]) << 16)) >>> 0);
  return d;
}
