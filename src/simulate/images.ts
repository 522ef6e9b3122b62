/**
 * Synthetic images for `--images`: each release gets a poster (gradient, lantern shapes, text) drawn
 * as SVG and rendered by sharp, plus the edited copies the network spreads (re-encoded JPEG, cropped,
 * recoloured, resized, rotated) for hash matching to see through; network avatars and their slightly
 * changed versions for returning accounts; ordinary photos as negatives. Files go to `media/`, named
 * by their key; the same seed and machine give the same bytes (rendering text uses system fonts).
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Plan } from './plan.js';
import { Rng } from './rng.js';
import type { TruthImage } from './truth.js';
import { IMAGE_EDITS, type ImageEdit, type MediaLibrary, type SimMedia } from './types.js';

const ORGANIC_PHOTOS = 12;

/** CIDv1, raw codec, sha2-256, base32 (`bafkrei…`): the CID Bluesky gives a blob with these bytes. */
export function rawCid(bytes: Uint8Array): string {
  const digest = createHash('sha256').update(bytes).digest();
  const data = Buffer.concat([Buffer.from([0x01, 0x55, 0x12, 0x20]), digest]);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let out = 'b';
  let bits = 0;
  let value = 0;
  for (const byte of data) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

const hex = (rng: Rng): string => `#${rng.int(0, 0xffffff).toString(16).padStart(6, '0')}`;

function posterSvg(rng: Rng, caption: string, w: number, h: number): string {
  const shapes: string[] = [];
  for (let k = 0; k < 6; k++) {
    const x = rng.int(0, w);
    const y = rng.int(0, h);
    const r = rng.int(12, 90);
    shapes.push(k % 2 === 0 ? `<circle cx="${x}" cy="${y}" r="${r}" fill="${hex(rng)}" fill-opacity="0.7"/>` : `<rect x="${x}" y="${y}" width="${r * 2}" height="${r}" fill="${hex(rng)}" fill-opacity="0.6"/>`);
  }
  // A stylised lantern: body, cap and glow; distinctive, harmless.
  const cx = rng.int(w / 4, (3 * w) / 4);
  const lantern = `<rect x="${cx - 40}" y="${h / 2 - 60}" width="80" height="120" rx="12" fill="#9a9a9a" stroke="#333" stroke-width="6"/>
    <polygon points="${cx - 50},${h / 2 - 60} ${cx + 50},${h / 2 - 60} ${cx},${h / 2 - 110}" fill="#555"/>
    <circle cx="${cx}" cy="${h / 2}" r="26" fill="#ffd27a"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${hex(rng)}"/><stop offset="1" stop-color="${hex(rng)}"/></linearGradient></defs>
    <rect width="${w}" height="${h}" fill="url(#g)"/>${shapes.join('')}${caption ? lantern : ''}
    <text x="20" y="${h - 24}" font-family="DejaVu Sans, sans-serif" font-size="${Math.round(h / 12)}" fill="#fff">${caption}</text></svg>`;
}

async function edit(png: Buffer, e: ImageEdit, w: number, h: number): Promise<{ data: Buffer; ext: string; w: number; h: number }> {
  const img = sharp(png);
  switch (e) {
    case 'original':
      return { data: png, ext: 'png', w, h };
    case 'jpeg':
      return { data: await img.jpeg({ quality: 60 }).toBuffer(), ext: 'jpg', w, h };
    case 'crop': {
      const cw = Math.round(w * 0.85);
      const ch = Math.round(h * 0.85);
      return { data: await img.extract({ left: Math.round(w * 0.05), top: Math.round(h * 0.08), width: cw, height: ch }).png().toBuffer(), ext: 'png', w: cw, h: ch };
    }
    case 'recolor':
      return { data: await img.modulate({ hue: 40, saturation: 1.3, brightness: 1.05 }).png().toBuffer(), ext: 'png', w, h };
    case 'resize':
      return { data: await img.resize(Math.round(w / 2), Math.round(h / 2)).jpeg({ quality: 85 }).toBuffer(), ext: 'jpg', w: Math.round(w / 2), h: Math.round(h / 2) };
    case 'rotate':
      return { data: await img.rotate(90).png().toBuffer(), ext: 'png', w: h, h: w };
  }
}

export interface GeneratedMedia {
  library: MediaLibrary;
  images: TruthImage[];
}

/** Renders every image the plan needs into `dir/media/`, before any post is written. */
export async function generateImages(dir: string, seed: string, plan: Plan, avatarKeys: string[]): Promise<GeneratedMedia> {
  const rng = Rng.derive(seed, 'images');
  const mediaDir = join(dir, 'media');
  await mkdir(mediaDir, { recursive: true });
  const images: TruthImage[] = [];
  const byKey = new Map<string, SimMedia>();
  const save = async (key: string, data: Buffer, ext: string, w: number, h: number, meta: Omit<TruthImage, 'file' | 'sha256' | 'width' | 'height'>): Promise<SimMedia> => {
    const file = `${key}.${ext}`;
    await writeFile(join(mediaDir, file), data);
    const sha256 = createHash('sha256').update(data).digest('hex');
    const m: SimMedia = { key, file, width: w, height: h, mime: ext === 'png' ? 'image/png' : 'image/jpeg', sha256, cid: rawCid(data), size: data.length };
    byKey.set(key, m);
    images.push({ file, sha256, width: w, height: h, ...meta });
    return m;
  };

  for (const ep of plan.episodes) {
    if (ep.kind !== 'release') continue;
    const [w, h] = [640, 360];
    const png = await sharp(Buffer.from(posterSvg(rng, `WICK MEDIA No. ${ep.issue}`, w, h))).png().toBuffer();
    const source = `${ep.id}-original.png`;
    for (const e of IMAGE_EDITS) {
      const out = await edit(png, e, w, h);
      await save(`${ep.id}-${e}`, out.data, out.ext, out.w, out.h, e === 'original' ? { edit: e, use: 'release' } : { of: source, edit: e, use: 'release' });
    }
  }
  const bases = new Map<string, Buffer>();
  for (const key of [...new Set(avatarKeys)].sort()) {
    const [base] = key.split('-r') as [string];
    let png = bases.get(base);
    if (!png) {
      png = await sharp(Buffer.from(posterSvg(rng, '', 200, 200))).png().toBuffer();
      bases.set(base, png);
      if (key !== base) await save(base, png, 'png', 200, 200, { edit: 'original', use: 'avatar' });
    }
    if (key === base) await save(key, png, 'png', 200, 200, { edit: 'original', use: 'avatar' });
    else {
      // A returning account's avatar: the same picture, slightly brighter and re-cropped.
      const changed = await sharp(png).extract({ left: 6, top: 6, width: 188, height: 188 }).resize(200, 200).modulate({ brightness: 1.08 }).png().toBuffer();
      await save(key, changed, 'png', 200, 200, { of: `${base}.png`, edit: 'avatar-variant', use: 'avatar' });
    }
  }
  const organic: SimMedia[] = [];
  for (let k = 0; k < ORGANIC_PHOTOS; k++) {
    const jpg = await sharp(Buffer.from(posterSvg(rng, '', 480, 360))).jpeg({ quality: 80 }).toBuffer();
    organic.push(await save(`photo-${k + 1}`, jpg, 'jpg', 480, 360, { edit: 'original', use: 'organic' }));
  }
  return {
    images,
    library: {
      release: (id, e) => byKey.get(`${id}-${e}`),
      organic: (k) => organic[k],
      organicCount: organic.length,
      avatar: (key) => byKey.get(key),
    },
  };
}
