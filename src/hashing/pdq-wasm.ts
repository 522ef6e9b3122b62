/**
 * The PDQ downsampling passes as WebAssembly SIMD kernels: four image rows (or four columns) per
 * f32x4 vector, in native single precision — the reference's float arithmetic, with no conversion
 * per operation as in JavaScript. Same recurrences, same operation order, so the same bits as the
 * JavaScript path (`jarosz64`), which stays as the fallback and the test oracle.
 *
 * Memory layout (bytes): luma tables, RGB pixels, a 4-row interleave buffer T, planes A and B
 * (row stride padded to a multiple of 4 floats), the column sums.
 */
import { assemble, F32, forRange, I32, op, V128, type Code } from './wasm-asm.js';

const TRG = 0; // 65536 f32: fr(0.299·R) + fr(0.587·G), indexed (R << 8) | G
const TB = 65536 * 4; // 256 f32: fr(0.114·B)
const DATA = TB + 256 * 4;

const { get, set, i32, add, sub, mul } = op;

/** luma4(pix, width, k, t): luma of k (1..4) RGB rows starting at pix, into T interleaved by row. */
function luma4(): Code {
  const [pix, width, k, t, j, q, p] = [0, 1, 2, 3, 4, 5, 6];
  return forRange(j, i32(0), get(width), forRange(q, i32(0), get(k), [
    ...get(pix), ...get(q), ...get(width), ...mul, ...get(j), ...add, ...i32(3), ...mul, ...add, ...set(p),
    ...get(t), ...get(j), ...i32(4), ...mul, ...get(q), ...add, ...i32(4), ...mul, ...add,
    ...get(p), ...op.load8(0), ...i32(8), ...op.shl, ...get(p), ...op.load8(1), ...op.or, ...i32(4), ...mul, ...op.f32load(TRG),
    ...get(p), ...op.load8(2), ...i32(4), ...mul, ...op.f32load(TB),
    ...op.f32add,
    ...op.f32store(0),
  ]));
}

/** gather4(b, stride, width, k, t): k rows of plane b (stride floats) into T interleaved by row. */
function gather4(): Code {
  const [b, stride, width, k, t, j, q] = [0, 1, 2, 3, 4, 5, 6];
  return forRange(j, i32(0), get(width), forRange(q, i32(0), get(k), [
    ...get(t), ...get(j), ...i32(4), ...mul, ...get(q), ...add, ...i32(4), ...mul, ...add,
    ...get(b), ...get(q), ...get(stride), ...mul, ...get(j), ...add, ...i32(4), ...mul, ...add, ...op.f32load(0),
    ...op.f32store(0),
  ]));
}

/** The reference's phase lengths: half = (w + 2) / 2; [half − 1, w − half + 1, len − w, half − 1]. */
function phases(len: number, window: number, half: number, p1: number, p2: number, p3: number, p4: number): Code {
  return [
    ...get(window), ...i32(2), ...add, ...i32(2), ...op.divS, ...set(half),
    ...get(half), ...i32(1), ...sub, ...set(p1),
    ...get(window), ...get(half), ...sub, ...i32(1), ...add, ...set(p2),
    ...get(len), ...get(window), ...sub, ...set(p3),
    ...get(p1), ...set(p4),
  ];
}

const splatCount = (count: number, cv: number): Code => [...get(count), ...op.f32fromI32, ...op.f32x4splat, ...set(cv)];
const bump = (local: number, by: Code): Code => [...get(local), ...by, ...add, ...set(local)];

/** rows4(t, width, window, out, stride): box filter of the 4 interleaved rows in T into 4 rows of out. */
function rows4(): Code {
  const [t, width, window, out, stride] = [0, 1, 2, 3, 4];
  const [half, p1, p2, p3, p4, i, ri, li, oi, count, s4, sum, cv, quot] = [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18];
  const store4: Code = [
    ...get(sum), ...get(cv), ...op.f32x4div, ...set(quot),
    ...[0, 1, 2, 3].flatMap((q) => [...get(oi), ...get(s4), ...i32(q), ...mul, ...add, ...get(quot), ...op.f32x4extract(q), ...op.f32store(0)]),
    ...bump(oi, i32(4)),
  ];
  const addRight: Code = [...get(sum), ...get(ri), ...op.v128load(0), ...op.f32x4add, ...set(sum), ...bump(ri, i32(16))];
  const subLeft: Code = [...get(sum), ...get(li), ...op.v128load(0), ...op.f32x4sub, ...set(sum), ...bump(li, i32(16))];
  return [
    ...phases(width, window, half, p1, p2, p3, p4),
    ...get(stride), ...i32(4), ...mul, ...set(s4),
    ...get(t), ...set(ri), ...get(t), ...set(li), ...get(out), ...set(oi), ...i32(0), ...set(count),
    ...op.v128zero, ...set(sum),
    ...forRange(i, i32(0), get(p1), [...addRight, ...bump(count, i32(1))]),
    ...forRange(i, i32(0), get(p2), [...addRight, ...bump(count, i32(1)), ...splatCount(count, cv), ...store4]),
    ...splatCount(count, cv),
    ...forRange(i, i32(0), get(p3), [...addRight, ...subLeft, ...store4]),
    ...forRange(i, i32(0), get(p4), [...subLeft, ...bump(count, i32(-1)), ...splatCount(count, cv), ...store4]),
  ];
}

/** cols(in, out, rows, stride, window, sums): box filter down the columns, four columns per vector. */
function cols(): Code {
  const [inp, out, rows, stride, window, sums] = [0, 1, 2, 3, 4, 5];
  const [half, p1, p2, p3, p4, i, g, ri, li, oi, count, rowBytes, groups, a, s, cv] = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21];
  const at = (base: number): Code => [...get(base), ...get(a), ...add];
  const perGroup = (update: Code, write: boolean): Code =>
    forRange(g, i32(0), get(groups), [
      ...get(g), ...i32(16), ...mul, ...set(a),
      ...update, // leaves the new sum in s
      ...at(sums), ...get(s), ...op.v128store(0),
      ...(write ? [...at(oi), ...get(s), ...get(cv), ...op.f32x4div, ...op.v128store(0)] : []),
    ]);
  const sumPlus: Code = [...at(sums), ...op.v128load(0), ...at(ri), ...op.v128load(0), ...op.f32x4add];
  return [
    ...phases(rows, window, half, p1, p2, p3, p4),
    ...get(stride), ...i32(4), ...mul, ...set(rowBytes),
    ...get(stride), ...i32(4), ...op.divS, ...set(groups),
    ...forRange(g, i32(0), get(groups), [...get(sums), ...get(g), ...i32(16), ...mul, ...add, ...op.v128zero, ...op.v128store(0)]),
    ...get(inp), ...set(ri), ...get(inp), ...set(li), ...get(out), ...set(oi), ...i32(0), ...set(count),
    ...forRange(i, i32(0), get(p1), [...perGroup([...sumPlus, ...set(s)], false), ...bump(ri, get(rowBytes)), ...bump(count, i32(1))]),
    ...forRange(i, i32(0), get(p2), [
      ...bump(count, i32(1)), ...splatCount(count, cv),
      ...perGroup([...sumPlus, ...set(s)], true),
      ...bump(ri, get(rowBytes)), ...bump(oi, get(rowBytes)),
    ]),
    ...splatCount(count, cv),
    ...forRange(i, i32(0), get(p3), [
      ...perGroup([...sumPlus, ...at(li), ...op.v128load(0), ...op.f32x4sub, ...set(s)], true),
      ...bump(ri, get(rowBytes)), ...bump(li, get(rowBytes)), ...bump(oi, get(rowBytes)),
    ]),
    ...forRange(i, i32(0), get(p4), [
      ...bump(count, i32(-1)), ...splatCount(count, cv),
      ...perGroup([...at(sums), ...op.v128load(0), ...at(li), ...op.v128load(0), ...op.f32x4sub, ...set(s)], true),
      ...bump(li, get(rowBytes)), ...bump(oi, get(rowBytes)),
    ]),
  ];
}

// The compile target's libraries carry no WebAssembly types: the little used here, declared locally.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}
const WA = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

interface Kernels {
  memory: WasmMemory;
  luma4(pix: number, width: number, k: number, t: number): void;
  gather4(b: number, stride: number, width: number, k: number, t: number): void;
  rows4(t: number, width: number, window: number, out: number, stride: number): void;
  cols(inp: number, out: number, rows: number, stride: number, window: number, sums: number): void;
}

let kernels: Kernels | null | undefined;

function load(tableRG: Float32Array, tableB: Float32Array): Kernels | null {
  if (!WA) return null;
  try {
    const bytes = assemble(
      [
        { name: 'luma4', params: [I32, I32, I32, I32], locals: [I32, I32, I32], body: luma4() },
        { name: 'gather4', params: [I32, I32, I32, I32, I32], locals: [I32, I32], body: gather4() },
        { name: 'rows4', params: [I32, I32, I32, I32, I32], locals: [...new Array(11).fill(I32), V128, V128, V128], body: rows4() },
        { name: 'cols', params: [I32, I32, I32, I32, I32, I32], locals: [...new Array(14).fill(I32), V128, V128], body: cols() },
      ],
      Math.ceil(DATA / 65536),
    );
    const instance = new WA.Instance(new WA.Module(bytes));
    const k = instance.exports as unknown as Kernels;
    new Float32Array(k.memory.buffer, TRG, 65536).set(tableRG);
    new Float32Array(k.memory.buffer, TB, 256).set(tableB);
    return k;
  } catch {
    return null; // no WebAssembly SIMD here: the JavaScript path does the work
  }
}

/** Whether the kernels compiled here (loading them on first use). */
export function wasmKernelsReady(tableRG: Float32Array, tableB: Float32Array): boolean {
  if (kernels === undefined) kernels = load(tableRG, tableB);
  return kernels !== null;
}

/** Images above this many pixels take the JavaScript path (WebAssembly memory never shrinks). */
export const WASM_MAX_PIXELS = 12_000_000;

const align16 = (n: number) => (n + 15) & ~15;

/**
 * Both Jarosz passes over an RGB image, returning the second pass's 64 kept columns for every row
 * (height × 64, row-major) — or undefined when WebAssembly SIMD is unavailable or the image too big.
 */
export function jaroszKeptColumnsWasm(
  pixels: Uint8Array, width: number, height: number, wRows: number, wCols: number, keepCols: Int32Array,
  tableRG: Float32Array, tableB: Float32Array,
): Float32Array | undefined {
  if (width * height > WASM_MAX_PIXELS) return undefined;
  if (!wasmKernelsReady(tableRG, tableB)) return undefined;
  const k = kernels!;
  const stride = (width + 3) & ~3;
  const pix = DATA;
  const t = align16(pix + width * height * 3);
  const a = align16(t + width * 16);
  const plane = (height + 3) * stride * 4;
  const b = a + plane;
  const sums = b + plane;
  const need = sums + stride * 4;
  if (need > k.memory.buffer.byteLength) k.memory.grow(Math.ceil((need - k.memory.buffer.byteLength) / 65536));
  new Uint8Array(k.memory.buffer, pix, width * height * 3).set(pixels.subarray(0, width * height * 3));
  for (let r = 0; r < height; r += 4) {
    const n = Math.min(4, height - r);
    k.luma4(pix + r * width * 3, width, n, t);
    k.rows4(t, width, wRows, a + r * stride * 4, stride);
  }
  k.cols(a, b, height, stride, wCols, sums);
  for (let r = 0; r < height; r += 4) {
    const n = Math.min(4, height - r);
    k.gather4(b + r * stride * 4, stride, width, n, t);
    k.rows4(t, width, wRows, a + r * stride * 4, stride);
  }
  const f = new Float32Array(k.memory.buffer, a, height * stride);
  const kept = new Float32Array(height * 64);
  for (let r = 0; r < height; r++) for (let c = 0; c < 64; c++) kept[r * 64 + c] = f[r * stride + keepCols[c]];
  return kept;
}
