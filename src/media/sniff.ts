/**
 * Content sniffing by magic bytes: what a body really is, whatever its Content-Type says.
 */
export type MediaKind = 'image' | 'video' | 'document';

export interface Sniffed {
  mime: string;
  kind: MediaKind;
}

const ascii = (b: Uint8Array, at: number, s: string) => {
  if (b.length < at + s.length) return false;
  for (let i = 0; i < s.length; i++) if (b[at + i] !== s.charCodeAt(i)) return false;
  return true;
};

/** ISO base media (MP4, MOV, HEIF, AVIF): "ftyp" at offset 4, then the major brand. */
function isoBrand(b: Uint8Array): string | undefined {
  return ascii(b, 4, 'ftyp') && b.length >= 12 ? String.fromCharCode(...b.subarray(8, 12)) : undefined;
}

export function sniff(b: Uint8Array): Sniffed | undefined {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { mime: 'image/jpeg', kind: 'image' };
  if (ascii(b, 0, '\x89PNG\r\n\x1a\n')) return { mime: 'image/png', kind: 'image' };
  if (ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a')) return { mime: 'image/gif', kind: 'image' };
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return { mime: 'image/webp', kind: 'image' };
  if (ascii(b, 0, 'BM') && b.length >= 14) return { mime: 'image/bmp', kind: 'image' };
  if (ascii(b, 0, 'II*\0') || ascii(b, 0, 'MM\0*')) return { mime: 'image/tiff', kind: 'image' };
  const brand = isoBrand(b);
  if (brand !== undefined) {
    if (brand === 'avif' || brand === 'avis') return { mime: 'image/avif', kind: 'image' };
    if (['heic', 'heix', 'mif1', 'msf1', 'heim', 'heis'].includes(brand)) return { mime: 'image/heif', kind: 'image' };
    if (brand === 'qt  ') return { mime: 'video/quicktime', kind: 'video' };
    return { mime: 'video/mp4', kind: 'video' };
  }
  if (b.length >= 4 && b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return { mime: 'video/webm', kind: 'video' };
  if (ascii(b, 0, '%PDF-')) return { mime: 'application/pdf', kind: 'document' };
  return undefined;
}
