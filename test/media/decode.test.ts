import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { fixture } from '../helpers/paths.js';
import { decodeImage, MediaError } from '../../src/media/index.js';

test('decodes at full resolution, drops alpha, keeps grey as one channel, no auto-rotation', async () => {
  const png = await decodeImage(fixture('pdq/images/c.png'));
  assert.deepEqual([png.width, png.height, png.channels, png.format], [1432, 812, 3, 'png']);
  const grey = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 90, g: 90, b: 90 } } }).toColourspace('b-w').png().toBuffer();
  const g = await decodeImage(new Uint8Array(grey));
  assert.equal(g.channels, 1);
  assert.equal(g.pixels[0], 90);
  // EXIF orientation 6 (rotate 90°) is ignored: width and height stay as stored.
  const oriented = await sharp({ create: { width: 60, height: 20, channels: 3, background: '#336699' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
  const o = await decodeImage(new Uint8Array(oriented));
  assert.deepEqual([o.width, o.height], [60, 20]);
});

/** A PNG whose header claims `width`×`height` (a valid IHDR with its CRC) in front of a tiny image's data. */
async function pngClaiming(width: number, height: number): Promise<Uint8Array> {
  const png = Buffer.from(await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png().toBuffer());
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return new Uint8Array(png);
}

test('a decompression bomb gives a typed error, not a crash', async () => {
  // 100000×100000 pixels claimed by a 100-byte file: refused from the header, before decoding.
  const bomb = await pngClaiming(100_000, 100_000);
  assert.ok(bomb.length < 200);
  await assert.rejects(decodeImage(bomb), (e: unknown) => e instanceof MediaError && e.code === 'too_large');
  // A real image over a (lowered) pixel limit is refused the same way.
  await assert.rejects(decodeImage(fixture('pdq/images/aaa-orig.jpg'), { maxPixels: 1_000_000 }), (e: unknown) => e instanceof MediaError && e.code === 'too_large');
  await assert.rejects(decodeImage(new Uint8Array(Buffer.from('not an image'))), (e: unknown) => e instanceof MediaError && e.code === 'unsupported_type');
  // A header that promises more rows than the data holds is decoded leniently (failOn: 'none', like a
  // truncated upload), not a crash.
  const lenient = await decodeImage(await pngClaiming(1000, 1000));
  assert.deepEqual([lenient.width, lenient.height, lenient.pixels.length], [1000, 1000, 3_000_000]);
});
