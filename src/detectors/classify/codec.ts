/**
 * Compact, JSON-safe encodings for model arrays: sorted bucket ids as delta varints, small counts as
 * varints, weights as little-endian float32 — each then base64 (OSACT4's 97,000 columns: 0.78 MB,
 * about 8 bytes per column).
 */

export function encodeVarints(values: ArrayLike<number>, delta: boolean): string {
  const out = new Uint8Array(values.length * 5);
  let n = 0;
  let prev = 0;
  for (let i = 0; i < values.length; i++) {
    let v = delta ? values[i]! - prev : values[i]!;
    if (v < 0) throw new RangeError('varints are unsigned (deltas need ascending values)');
    prev = values[i]!;
    while (v >= 0x80) {
      out[n++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    out[n++] = v;
  }
  return Buffer.from(out.buffer, 0, n).toString('base64');
}

export function decodeVarints(base64: string, count: number, delta: boolean): Int32Array {
  const bytes = Buffer.from(base64, 'base64');
  const out = new Int32Array(count);
  let p = 0;
  let prev = 0;
  for (let i = 0; i < count; i++) {
    let v = 0;
    let shift = 0;
    for (;;) {
      if (p >= bytes.length) throw new RangeError('varint data ends early');
      const b = bytes[p++]!;
      v |= (b & 0x7f) << shift;
      if (b < 0x80) break;
      shift += 7;
    }
    out[i] = delta ? (prev += v) : v;
  }
  return out;
}

export function encodeFloat32(values: ArrayLike<number>): string {
  const f = Float32Array.from(values);
  const b = Buffer.from(f.buffer, f.byteOffset, f.byteLength);
  // Typed arrays are platform-endian; the file is little-endian everywhere.
  if (!isLittleEndian) b.swap32();
  return b.toString('base64');
}

export function decodeFloat32(base64: string, count: number): Float32Array {
  const b = Buffer.from(base64, 'base64');
  if (b.length !== count * 4) throw new RangeError(`expected ${count} float32 values, got ${b.length / 4}`);
  if (!isLittleEndian) b.swap32();
  const out = new Float32Array(count);
  new Uint8Array(out.buffer).set(b);
  return out;
}

const isLittleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
