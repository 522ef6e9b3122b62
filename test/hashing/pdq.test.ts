import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import sharp, { type Sharp } from 'sharp';
import { fixture } from '../helpers/paths.js';
import { pdqHashImage } from '../../src/hashing/types/pdq.js';
import { pdqDistance, pdqFromHex, pdqToHex } from '../../src/hashing/pdq-hex.js';
import { DIHEDRAL, downsample64, jaroszWindow, lumaFromPixels, pdqFromLuma, pdqFromPixels, pdqFromPixelsWithDct, pdqOptions, pdqWasmAvailable } from '../../src/hashing/pdq.js';
import { boxFilterCols, boxFilterRows } from '../../src/hashing/pdq-box.js';
import { splitmix32 } from '../../src/hashing/hash32.js';
import { pdqType } from '../../src/hashing/types/pdq.js';

const rows = readFileSync(fixture('pdq/expected.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [file, hex, quality] = line.split(',');
    return { file, hex, quality: Number(quality) };
  });

const orig = fixture('pdq/images/aaa-orig.jpg');

test('PDQ reproduces every reference hash and quality bit for bit', async () => {
  assert.equal(rows.length, 15);
  for (const { file, hex, quality } of rows) {
    const h = await pdqHashImage(fixture('pdq/images', file));
    assert.equal(h.signal, hex, file);
    assert.equal(h.quality, quality, file);
  }
});

/** The reference's structure, literally: two passes of rows-then-columns over whole planes, then decimate. */
function plainDownsample(luma: Float32Array, w: number, h: number): Float32Array {
  const a = Float32Array.from(luma);
  const tmp = new Float32Array(a.length);
  for (let pass = 0; pass < 2; pass++) {
    boxFilterRows(a, tmp, h, w, jaroszWindow(w));
    boxFilterCols(tmp, a, h, w, jaroszWindow(h));
  }
  const out = new Float32Array(4096);
  for (let i = 0; i < 64; i++) {
    for (let j = 0; j < 64; j++) out[i * 64 + j] = a[Math.trunc(((i + 0.5) * h) / 64) * w + Math.trunc(((j + 0.5) * w) / 64)];
  }
  return out;
}

test('the fused fast downsampling equals the plain reference structure bit for bit', () => {
  const rand = splitmix32(99);
  for (const [w, h] of [[1600, 1004], [333, 517], [129, 130], [64, 65], [7, 300], [5, 5], [1000, 3]] as const) {
    const px = Uint8Array.from({ length: w * h * 3 }, () => rand() & 255);
    const luma = lumaFromPixels(px, w, h, 3);
    assert.deepEqual(downsample64(luma, w, h), plainDownsample(luma, w, h), `${w}×${h}`);
    if (w >= 5 && h >= 5) assert.deepEqual(pdqFromPixels(px, w, h, 3).hash, pdqFromLuma(luma, w, h).hash);
  }
});

test('the WebAssembly SIMD kernels give the same DCT, bit for bit, as the JavaScript path', () => {
  assert.equal(pdqWasmAvailable(), true, 'Node 20 has WebAssembly SIMD');
  const rand = splitmix32(5);
  for (const [w, h] of [[1600, 1004], [333, 517], [130, 129], [65, 64], [6, 301], [1000, 5], [257, 7]] as const) {
    const px = Uint8Array.from({ length: w * h * 3 }, () => rand() & 255);
    const viaWasm = pdqFromPixelsWithDct(px, w, h, 3);
    pdqOptions.wasm = false;
    try {
      const viaJs = pdqFromPixelsWithDct(px, w, h, 3);
      assert.deepEqual(viaWasm.dct, viaJs.dct, `${w}×${h}`);
      assert.equal(viaWasm.quality, viaJs.quality);
    } finally {
      pdqOptions.wasm = true;
    }
  }
});

test('hex round-trips and distances are popcounts', () => {
  const a = pdqFromHex(rows[0].hex);
  assert.equal(pdqToHex(a), rows[0].hex);
  assert.equal(pdqDistance(a, a), 0);
  assert.equal(pdqDistance(a, pdqFromHex(rows[1].hex)), 2);
  const inv = pdqFromHex(rows[0].hex).map((w) => ~w & 0xffff);
  assert.equal(pdqDistance(a, inv), 256);
  assert.throws(() => pdqFromHex('abc'), RangeError);
  assert.equal(jaroszWindow(1600), 13);
  assert.equal(jaroszWindow(128), 1);
});

test('tiny images hash to zero with quality 0; channel counts other than 1 and 3 are refused', () => {
  assert.deepEqual(pdqFromPixels(new Uint8Array(4 * 4 * 3), 4, 4, 3).quality, 0);
  assert.throws(() => pdqFromPixels(new Uint8Array(64 * 64 * 4), 64, 64, 4), RangeError);
});

test('each of the eight dihedral variants matches the correspondingly transformed image', async () => {
  const base = await pdqHashImage(orig);
  assert.equal(base.dihedral.original, base.signal);
  // sharp's rotate() turns clockwise; the reference's rotate90 is anticlockwise. flip() mirrors top to
  // bottom (the reference's flipX), flop() left to right (flipY).
  const ops: Record<string, (s: Sharp) => Sharp> = {
    rotate90: (s) => s.rotate(270),
    rotate180: (s) => s.rotate(180),
    rotate270: (s) => s.rotate(90),
    flipX: (s) => s.flip(),
    flipY: (s) => s.flop(),
    flipPlus1: (s) => s.rotate(90).flip(),
    flipMinus1: (s) => s.rotate(90).flop(),
  };
  for (const [name, op] of Object.entries(ops)) {
    const h = await pdqHashImage(await op(sharp(orig)).png().toBuffer());
    const byVariant = DIHEDRAL.map((t) => pdqType.compare(h.signal, base.dihedral[t]).distance);
    const best = DIHEDRAL[byVariant.indexOf(Math.min(...byVariant))];
    assert.equal(best, name, `${name}: ${byVariant.join(',')}`);
    assert.ok(Math.min(...byVariant) <= 10, `${name}: ${byVariant.join(',')}`);
    assert.ok(!pdqType.compare(h.signal, base.signal).match, `${name} must not match the untransformed hash`);
  }
});

/** Synthetic images that share nothing with the fixture photo. */
async function unrelatedImages(): Promise<Buffer[]> {
  const out: Buffer[] = [];
  const w = 640;
  const h = 400;
  for (let k = 0; k < 6; k++) {
    const px = Buffer.alloc(w * h * 3);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = (y * w + x) * 3;
        const v = Math.sin((x * (k + 1)) / 37 + (y * (6 - k)) / 53) * Math.cos((x - y * k) / 91);
        px[i] = 128 + 127 * v;
        px[i + 1] = (x * (k + 2) + y) & 255;
        px[i + 2] = (y * 3 + k * 40) & 255;
      }
    }
    out.push(await sharp(px, { raw: { width: w, height: h, channels: 3 } }).jpeg().toBuffer());
  }
  return out;
}

test('an edited copy of a bank image matches through the index; unrelated images do not', async () => {
  const bankImage = await pdqHashImage(orig);
  const index = pdqType.createIndex([{ id: 1, signal: bankImage.signal }, { id: 2, signal: rows.find((r) => r.file === 'c.png')!.hex }]);
  const meta = await sharp(orig).metadata();
  const edits: Record<string, Promise<Buffer>> = {
    resize: sharp(orig).resize(800).jpeg({ quality: 85 }).toBuffer(),
    reencode: sharp(orig).jpeg({ quality: 40 }).toBuffer(),
    crop: sharp(orig)
      .extract({ left: 24, top: 15, width: meta.width! - 48, height: meta.height! - 30 })
      .jpeg()
      .toBuffer(),
    rotate90: sharp(orig).rotate(90).jpeg().toBuffer(),
    'resize+reencode+rotate': sharp(orig).resize(640).rotate(270).webp({ quality: 70 }).toBuffer(),
  };
  for (const [name, buffer] of Object.entries(edits)) {
    const edited = await pdqHashImage(await buffer);
    assert.ok(edited.quality >= 50, `${name}: quality ${edited.quality}`);
    const hits = DIHEDRAL.flatMap((t) => index.query(edited.dihedral[t]));
    assert.ok(hits.some((m) => m.id === 1), `${name} should match the bank image`);
    assert.ok(!hits.some((m) => m.id === 2), `${name} must not match c.png`);
  }
  for (const [k, img] of (await unrelatedImages()).entries()) {
    const h = await pdqHashImage(img);
    const hits = DIHEDRAL.flatMap((t) => index.query(h.dihedral[t]));
    assert.deepEqual(hits, [], `unrelated image ${k} matched ${JSON.stringify(hits)}`);
  }
});
