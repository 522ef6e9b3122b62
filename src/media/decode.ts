/**
 * Image decoding with sharp under a pixel limit. Decoding follows what the PDQ reference expects:
 * full resolution, the embedded ICC profile ignored (no colour conversion), alpha dropped, no EXIF
 * auto-rotation (sharp only rotates when asked), 8 bits per channel.
 */
import sharp from 'sharp';
import { MediaError } from './errors.js';

/** 50 Mpx: far above any real photo on social media, far below what exhausts memory. */
export const DEFAULT_MAX_PIXELS = 50_000_000;

export interface DecodedImage {
  /** Interleaved 8-bit samples, `channels` per pixel (1 = grey, 3 = RGB). */
  pixels: Uint8Array;
  width: number;
  height: number;
  channels: number;
  format: string;
}

export interface DecodeOptions {
  maxPixels?: number;
}

/** Decodes an image file or buffer; failures (bombs, corrupt data, unknown formats) are `MediaError`s. */
export async function decodeImage(input: string | Uint8Array, opts: DecodeOptions = {}): Promise<DecodedImage> {
  const maxPixels = opts.maxPixels ?? DEFAULT_MAX_PIXELS;
  const src = typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  let format = 'unknown';
  try {
    const image = sharp(src, { failOn: 'none', limitInputPixels: maxPixels, ignoreIcc: true, sequentialRead: true });
    const meta = await image.metadata();
    format = meta.format ?? 'unknown';
    // Dimensions in the header are checked before any pixel is decoded (sharp does too; this gives our code).
    if (meta.width !== undefined && meta.height !== undefined && meta.width * meta.height > maxPixels) {
      throw new MediaError('too_large', `image is ${meta.width}×${meta.height}, over the ${maxPixels}-pixel limit`);
    }
    // Grey stays one channel (sharp would otherwise expand it to sRGB): the PDQ reference hashes a
    // one-channel image's values directly.
    const grey = meta.space === 'b-w' || meta.space === 'grey16' || (meta.channels ?? 3) <= 2;
    const pipeline = grey ? image.removeAlpha().toColourspace('b-w') : image.removeAlpha();
    const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    return { pixels: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, channels: info.channels, format };
  } catch (err) {
    if (err instanceof MediaError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    if (/pixel limit/i.test(message)) throw new MediaError('too_large', message, { cause: err });
    if (/input file is missing/i.test(message)) throw new MediaError('fetch_failed', `no such file: ${String(input)}`, { cause: err });
    if (/unsupported image format/i.test(message)) throw new MediaError('unsupported_type', message, { cause: err });
    throw new MediaError('decode_failed', `cannot decode ${format} image: ${message}`, { cause: err });
  }
}
