/**
 * PDQ (Meta, 2017): a 256-bit perceptual image hash, implemented from the published algorithm so that it
 * reproduces the reference C++ bit for bit. The reference computes in IEEE single precision; here every
 * intermediate lands in a Float32Array or goes through Math.fround, which gives the same results
 * because one double-precision operation on two floats, rounded once to float, equals the float
 * operation (+ − × ÷ are correctly rounded and double has more than 2×24+2 bits).
 *
 * Pipeline: luma (0.299R + 0.587G + 0.114B) → two passes of a Jarosz box filter along rows then
 * columns with window ceil(dim/128) → decimate to 64×64 at cell centres → quality from neighbour
 * gradients → DCT coefficients (1..16)×(1..16) (no DC row or column) → one bit per coefficient:
 * greater than the median. Dihedral variants come from sign changes and transposition of the DCT.
 *
 * The blur passes dominate the cost; RGB images run them in WebAssembly SIMD (`pdq-wasm.ts`, native
 * f32), anything else in JavaScript (`pdq-box.ts`); tests check both give identical bits.
 */
import { finishKept, jarosz64, jaroszWindow, keptColumns } from './pdq-box.js';
import { jaroszKeptColumnsWasm, wasmKernelsReady } from './pdq-wasm.js';

export { jaroszWindow };

const fr = Math.fround;

/** 16 words of 16 bits; word i holds DCT row i, bit j its column j (the reference's `Hash256.w`). */
export type PdqWords = Uint16Array;

export interface PdqResult {
  hash: PdqWords;
  quality: number;
}

export const PDQ_MATCH_DISTANCE = 31;
export const PDQ_MIN_QUALITY = 50;
const MIN_HASHABLE_DIM = 5;

const LUMA_R = fr(0.299);
const LUMA_G = fr(0.587);
const LUMA_B = fr(0.114);
// Luma contributions of each channel value, as the reference's float products.
const TABLE_B = Float32Array.from({ length: 256 }, (_, v) => fr(LUMA_B * v));
/** fr(R·0.299 + G·0.587) for every (R, G): one lookup instead of two products and a rounding. */
const TABLE_RG = ((): Float32Array => {
  const t = new Float32Array(65536);
  for (let r = 0; r < 256; r++) for (let g = 0; g < 256; g++) t[(r << 8) | g] = fr(LUMA_R * r) + fr(LUMA_G * g);
  return t;
})();

/** Row i of the 16×64 DCT-II basis without the DC row, rounded to float like the reference's table. */
const DCT = ((): Float32Array => {
  const d = new Float32Array(16 * 64);
  const scale = fr(Math.sqrt(2 / 64));
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 64; j++) d[i * 64 + j] = scale * Math.cos((Math.PI / 2 / 64) * (i + 1) * (2 * j + 1));
  }
  return d;
})();

/**
 * Writes luma rows [r, r+k) of interleaved 8-bit pixels into `out`: 1 channel = grey, taken as is (as the
 * reference does for one-channel images); 3 = RGB. Other channel counts are refused: drop alpha first.
 */
function lumaRows(pixels: Uint8Array, width: number, channels: number): (r: number, k: number, out: Float32Array) => void {
  if (channels === 1) return (r, k, out) => out.set(pixels.subarray(r * width, (r + k) * width));
  if (channels !== 3) throw new RangeError(`PDQ needs 1 (grey) or 3 (RGB) channels, got ${channels}`);
  return (r, k, out) => {
    const n = k * width;
    for (let i = 0, p = r * width * 3; i < n; i++, p += 3) out[i] = TABLE_RG[(pixels[p] << 8) | pixels[p + 1]] + TABLE_B[pixels[p + 2]];
  };
}

/** Float luma plane of interleaved 8-bit pixels (1 or 3 channels). */
export function lumaFromPixels(pixels: Uint8Array, width: number, height: number, channels: number): Float32Array {
  if (pixels.length < width * height * channels) throw new RangeError(`pixel buffer too short: ${pixels.length} < ${width * height * channels}`);
  const luma = new Float32Array(width * height);
  lumaRows(pixels, width, channels)(0, height, luma);
  return luma;
}

/** Blur (two Jarosz passes) and decimate a luma plane to 64×64 (a 64×64 plane is taken as is). */
export function downsample64(luma: Float32Array, width: number, height: number): Float32Array {
  if (width === 64 && height === 64) return Float32Array.from(luma);
  return jarosz64((r, k, out) => out.set(luma.subarray(r * width, (r + k) * width)), width, height);
}

/** The reference's heuristic: quantised neighbour gradients of the 64×64 image, summed, / 90, capped at 100. */
export function pdqQuality(b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < 63; i++) {
    for (let j = 0; j < 64; j++) sum += Math.abs(Math.trunc(fr(fr(fr(b[i * 64 + j] - b[(i + 1) * 64 + j]) * 100) / 255)));
  }
  for (let i = 0; i < 64; i++) {
    for (let j = 0; j < 63; j++) sum += Math.abs(Math.trunc(fr(fr(fr(b[i * 64 + j] - b[i * 64 + j + 1]) * 100) / 255)));
  }
  return Math.min(100, Math.trunc(sum / 90));
}

/** B = D·A·Dᵀ for the 16 lowest non-DC frequencies, accumulated in float in the reference's order. */
export function dct64To16(a: Float32Array): Float32Array {
  const t = new Float32Array(16 * 64);
  for (let i = 0; i < 16; i++) {
    const di = i * 64;
    for (let j = 0; j < 64; j++) {
      let s = 0;
      for (let k = 0; k < 64; k++) s = fr(s + fr(DCT[di + k] * a[k * 64 + j]));
      t[di + j] = s;
    }
  }
  const b = new Float32Array(256);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      let s = 0;
      for (let k = 0; k < 64; k++) s = fr(s + fr(t[i * 64 + k] * DCT[j * 64 + k]));
      b[i * 16 + j] = s;
    }
  }
  return b;
}

/** One bit per coefficient: strictly greater than the median (the 128th smallest, as Torben's method gives). */
export function dctToBits(dct: Float32Array): PdqWords {
  const sorted = Float32Array.from(dct).sort();
  const median = sorted[127];
  const w = new Uint16Array(16);
  for (let i = 0; i < 16; i++) {
    let word = 0;
    for (let j = 0; j < 16; j++) if (dct[i * 16 + j] > median) word |= 1 << j;
    w[i] = word;
  }
  return w;
}

function fromSmall(small: Float32Array): PdqResult & { dct: Float32Array } {
  const quality = pdqQuality(small);
  const dct = dct64To16(small);
  return { hash: dctToBits(dct), quality, dct };
}

const tooSmall = (width: number, height: number) => width < MIN_HASHABLE_DIM || height < MIN_HASHABLE_DIM;
const EMPTY = (): PdqResult & { dct: Float32Array } => ({ hash: new Uint16Array(16), quality: 0, dct: new Float32Array(256) });

/** PDQ hash, quality and DCT (for the dihedral variants) of a luma plane. */
export function pdqFromLuma(luma: Float32Array, width: number, height: number): PdqResult & { dct: Float32Array } {
  return tooSmall(width, height) ? EMPTY() : fromSmall(downsample64(luma, width, height));
}

/** PDQ hash, quality and DCT of interleaved 8-bit pixels (1 or 3 channels), without a luma plane. */
export function pdqFromPixelsWithDct(pixels: Uint8Array, width: number, height: number, channels: number): PdqResult & { dct: Float32Array } {
  if (pixels.length < width * height * channels) throw new RangeError(`pixel buffer too short: ${pixels.length} < ${width * height * channels}`);
  const fill = lumaRows(pixels, width, channels);
  if (tooSmall(width, height)) return EMPTY();
  if (width === 64 && height === 64) return pdqFromLuma(lumaFromPixels(pixels, width, height, channels), width, height);
  return fromSmall(downsamplePixels64(pixels, width, height, channels, fill));
}

/** Whether RGB images go through the WebAssembly SIMD kernels (tests switch it off to compare). */
export const pdqOptions = { wasm: true };

/** True when the WebAssembly SIMD kernels are available in this runtime. */
export const pdqWasmAvailable = (): boolean => wasmKernelsReady(TABLE_RG, TABLE_B);

function downsamplePixels64(pixels: Uint8Array, width: number, height: number, channels: number, fill: ReturnType<typeof lumaRows>): Float32Array {
  if (pdqOptions.wasm && channels === 3) {
    const wCols = jaroszWindow(height);
    const kept = jaroszKeptColumnsWasm(pixels, width, height, jaroszWindow(width), wCols, keptColumns(width), TABLE_RG, TABLE_B);
    if (kept) return finishKept(kept, height, wCols);
  }
  return jarosz64(fill, width, height);
}

/** PDQ hash and quality of interleaved 8-bit pixels (1 or 3 channels). */
export function pdqFromPixels(pixels: Uint8Array, width: number, height: number, channels: number): PdqResult {
  const { hash, quality } = pdqFromPixelsWithDct(pixels, width, height, channels);
  return { hash, quality };
}

/** The eight dihedral transforms, named as in the reference. */
export const DIHEDRAL = ['original', 'rotate90', 'rotate180', 'rotate270', 'flipX', 'flipY', 'flipPlus1', 'flipMinus1'] as const;
export type Dihedral = (typeof DIHEDRAL)[number];

/**
 * How each transform acts on the DCT coefficients: optional transposition and a sign that depends on
 * the parity of the row index i and column index j (cosine basis functions are even or odd about the
 * centre), exactly the reference's dct16OriginalTo* functions.
 */
const TRANSFORMS: Record<Dihedral, { transpose: boolean; negate: (i: number, j: number) => boolean }> = {
  original: { transpose: false, negate: () => false },
  rotate90: { transpose: true, negate: (_i, j) => (j & 1) === 0 },
  rotate180: { transpose: false, negate: (i, j) => ((i + j) & 1) === 1 },
  rotate270: { transpose: true, negate: (i) => (i & 1) === 0 },
  flipX: { transpose: false, negate: (i) => (i & 1) === 0 },
  flipY: { transpose: false, negate: (_i, j) => (j & 1) === 0 },
  flipPlus1: { transpose: true, negate: () => false },
  flipMinus1: { transpose: true, negate: (i, j) => ((i + j) & 1) === 1 },
};

/** The DCT of the transformed image, derived from the original's DCT without re-hashing pixels. */
export function transformDct(dct: Float32Array, t: Dihedral): Float32Array {
  const { transpose, negate } = TRANSFORMS[t];
  const out = new Float32Array(256);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      const v = negate(i, j) ? -dct[i * 16 + j] : dct[i * 16 + j];
      out[transpose ? j * 16 + i : i * 16 + j] = v;
    }
  }
  return out;
}

/** The hashes of all eight dihedral transforms of an image, from its DCT (as `pdqFromLuma` returns it). */
export function dihedralHashes(dct: Float32Array): Record<Dihedral, PdqWords> {
  const out = {} as Record<Dihedral, PdqWords>;
  for (const t of DIHEDRAL) out[t] = dctToBits(transformDct(dct, t));
  return out;
}
