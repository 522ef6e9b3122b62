/**
 * A tiny WebAssembly assembler: just the instructions the PDQ kernels use, so the kernels can be
 * written in TypeScript without a toolchain. Code is arrays of bytes; helpers return byte arrays.
 */
export type Code = number[];

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;

export function uleb(n: number): Code {
  const out: Code = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): Code {
  const out: Code = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

const simd = (op: number, ...rest: number[]): Code => [0xfd, ...uleb(op), ...rest];
const memarg = (offset = 0): Code => [0, ...uleb(offset)];

export const op = {
  get: (i: number): Code => [0x20, ...uleb(i)],
  set: (i: number): Code => [0x21, ...uleb(i)],
  tee: (i: number): Code => [0x22, ...uleb(i)],
  i32: (n: number): Code => [0x41, ...sleb(n | 0)],
  add: [0x6a],
  sub: [0x6b],
  mul: [0x6c],
  divS: [0x6d],
  shl: [0x74],
  or: [0x72],
  geS: [0x4e],
  load8: (offset = 0): Code => [0x2d, ...memarg(offset)],
  f32load: (offset = 0): Code => [0x2a, ...memarg(offset)],
  f32store: (offset = 0): Code => [0x38, ...memarg(offset)],
  f32add: [0x92],
  f32fromI32: [0xb2],
  v128load: (offset = 0): Code => simd(0x00, ...memarg(offset)),
  v128store: (offset = 0): Code => simd(0x0b, ...memarg(offset)),
  v128zero: simd(0x0c, ...new Array(16).fill(0)),
  f32x4splat: simd(0x13),
  f32x4extract: (lane: number): Code => simd(0x1f, lane),
  f32x4add: simd(0xe4),
  f32x4sub: simd(0xe5),
  f32x4div: simd(0xe7),
};

/** for (i = from; i < limit; i++) body — `limit` is code that pushes the bound (evaluated every turn). */
export function forRange(i: number, from: Code, limit: Code, body: Code): Code {
  return [
    ...from, ...op.set(i),
    0x02, 0x40, // block
    0x03, 0x40, // loop
    ...op.get(i), ...limit, ...op.geS, 0x0d, 1, // br_if 1: leave the block
    ...body,
    ...op.get(i), ...op.i32(1), ...op.add, ...op.set(i),
    0x0c, 0, // br to loop
    0x0b, 0x0b, // end loop, end block
  ];
}

export interface WasmFunction {
  name: string;
  params: number[];
  locals: number[];
  body: Code;
}

function section(id: number, content: Code): Code {
  return [id, ...uleb(content.length), ...content];
}

const vec = (items: Code[]): Code => [...uleb(items.length), ...items.flat()];

/** A module exporting its memory as "memory" and each function by name. */
export function assemble(functions: WasmFunction[], minPages: number): Uint8Array {
  const types = functions.map((f) => [0x60, ...uleb(f.params.length), ...f.params, 0]);
  const funcs = functions.map((_, i) => uleb(i));
  const memory = vec([[0x00, ...uleb(minPages)]]);
  const name = (s: string) => [...uleb(s.length), ...new TextEncoder().encode(s)];
  const exports = vec([[...name('memory'), 0x02, 0], ...functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)])]);
  const bodies = functions.map((f) => {
    const locals = vec(f.locals.map((t) => [1, t]));
    const body = [...locals, ...f.body, 0x0b];
    return [...uleb(body.length), ...body];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(3, vec(funcs)),
    ...section(5, memory),
    ...section(7, exports),
    ...section(10, vec(bodies)),
  ]);
}
