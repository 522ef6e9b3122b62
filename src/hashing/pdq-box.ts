/**
 * The Jarosz box filter of the PDQ reference (downscaling.cpp `box1DFloat`), in its exact float
 * arithmetic: a running sum kept in single precision (adds and subtracts rounded one by one), divided
 * by the number of samples currently in the window. The window is centred with `half = (w + 2) / 2`
 * (7 → 4, 8 → 5) and shrinks at both edges.
 *
 * `boxFilterRows` / `boxFilterCols` are the plain forms (the reference's loops, kept as the test
 * oracle). `jarosz64` is the fast path PDQ uses: the same recurrences, bit for bit, reorganised —
 * four rows filtered at once (four independent float chains keep the CPU busy instead of waiting on
 * one), the column filter swept row by row (memory in order), and the second pass computed only for
 * the 64 columns that decimation keeps. The fast path also multiplies by a reciprocal instead of
 * dividing: with float operands and window counts below 2^13, x · (1/n) in double rounds to the same
 * float as x / n (the exact quotient is never a float midpoint, and never within 2^-39 of one, while
 * the product is within 2^-52), and the tests compare both forms on random planes.
 */

function phases(length: number, window: number): [number, number, number, number] {
  const half = Math.trunc((window + 2) / 2);
  return [half - 1, window - half + 1, length - window, half - 1];
}

const fr = Math.fround;

/** One row: `len` values from input[inOff…] filtered into output[outOff…]. */
function boxRow(input: Float32Array, inOff: number, output: Float32Array, outOff: number, len: number, window: number): void {
  const [p1, p2, p3, p4] = phases(len, window);
  let sum = 0;
  let count = 0;
  let ri = inOff;
  let li = inOff;
  let oi = outOff;
  for (let i = 0; i < p1; i++, count++) sum = fr(sum + input[ri++]);
  for (let i = 0; i < p2; i++) {
    sum = fr(sum + input[ri++]);
    output[oi++] = sum / ++count;
  }
  for (let i = 0; i < p3; i++) {
    sum = fr(fr(sum + input[ri++]) - input[li++]);
    output[oi++] = sum / count;
  }
  for (let i = 0; i < p4; i++) {
    sum = fr(sum - input[li++]);
    output[oi++] = sum / --count;
  }
}

/** Four rows of `len` at once, input rows `stride` apart from inOff, output rows `stride` apart from outOff. */
function boxRow4(input: Float32Array, inOff: number, output: Float32Array, outOff: number, stride: number, len: number, window: number): void {
  const [p1, p2, p3, p4] = phases(len, window);
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let count = 0;
  let ri = inOff;
  let li = inOff;
  let oi = outOff;
  const b = stride, c = 2 * stride, d = 3 * stride;
  for (let i = 0; i < p1; i++, ri++, count++) {
    s0 = fr(s0 + input[ri]);
    s1 = fr(s1 + input[ri + b]);
    s2 = fr(s2 + input[ri + c]);
    s3 = fr(s3 + input[ri + d]);
  }
  for (let i = 0; i < p2; i++, ri++, oi++) {
    const inv = INV[++count];
    s0 = fr(s0 + input[ri]);
    s1 = fr(s1 + input[ri + b]);
    s2 = fr(s2 + input[ri + c]);
    s3 = fr(s3 + input[ri + d]);
    output[oi] = s0 * inv;
    output[oi + b] = s1 * inv;
    output[oi + c] = s2 * inv;
    output[oi + d] = s3 * inv;
  }
  const full = INV[count];
  for (let i = 0; i < p3; i++, ri++, li++, oi++) {
    s0 = fr(fr(s0 + input[ri]) - input[li]);
    s1 = fr(fr(s1 + input[ri + b]) - input[li + b]);
    s2 = fr(fr(s2 + input[ri + c]) - input[li + c]);
    s3 = fr(fr(s3 + input[ri + d]) - input[li + d]);
    output[oi] = s0 * full;
    output[oi + b] = s1 * full;
    output[oi + c] = s2 * full;
    output[oi + d] = s3 * full;
  }
  for (let i = 0; i < p4; i++, li++, oi++) {
    const inv = INV[--count];
    s0 = fr(s0 - input[li]);
    s1 = fr(s1 - input[li + b]);
    s2 = fr(s2 - input[li + c]);
    s3 = fr(s3 - input[li + d]);
    output[oi] = s0 * inv;
    output[oi + b] = s1 * inv;
    output[oi + c] = s2 * inv;
    output[oi + d] = s3 * inv;
  }
}

/**
 * boxRow4 for the second pass, where only the decimated columns are kept: the same running sums, but
 * a value is divided out and stored only at the kept columns `keep` (ascending, may repeat for narrow
 * images), into out[k * 4 + row] for kept column number k and row 0..3. Between kept columns the
 * loop only updates the sums.
 */
function boxRow4Keep(input: Float32Array, inOff: number, stride: number, len: number, window: number, keep: Int32Array, out: Float32Array): void {
  const [p1, p2, p3, p4] = phases(len, window);
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let count = 0;
  let ri = inOff;
  let li = inOff;
  let oi = 0;
  let k = 0;
  const b = stride, c = 2 * stride, d = 3 * stride;
  const store = (inv: number) => {
    while (k < keep.length && keep[k] === oi) {
      out[k * 4] = s0 * inv;
      out[k * 4 + 1] = s1 * inv;
      out[k * 4 + 2] = s2 * inv;
      out[k * 4 + 3] = s3 * inv;
      k++;
    }
  };
  for (let i = 0; i < p1 + p2; i++, ri++) {
    s0 = fr(s0 + input[ri]);
    s1 = fr(s1 + input[ri + b]);
    s2 = fr(s2 + input[ri + c]);
    s3 = fr(s3 + input[ri + d]);
    if (++count > p1) store(INV[count]), oi++;
  }
  const end3 = oi + p3;
  const full = INV[count];
  while (oi < end3) {
    const stop = k < keep.length && keep[k] < end3 ? keep[k] : end3;
    for (; oi < stop; oi++, ri++, li++) {
      s0 = fr(fr(s0 + input[ri]) - input[li]);
      s1 = fr(fr(s1 + input[ri + b]) - input[li + b]);
      s2 = fr(fr(s2 + input[ri + c]) - input[li + c]);
      s3 = fr(fr(s3 + input[ri + d]) - input[li + d]);
    }
    if (oi === end3) break;
    s0 = fr(fr(s0 + input[ri]) - input[li]);
    s1 = fr(fr(s1 + input[ri + b]) - input[li + b]);
    s2 = fr(fr(s2 + input[ri + c]) - input[li + c]);
    s3 = fr(fr(s3 + input[ri + d]) - input[li + d]);
    ri++;
    li++;
    store(full);
    oi++;
  }
  for (let i = 0; i < p4; i++, li++, oi++) {
    count--;
    s0 = fr(s0 - input[li]);
    s1 = fr(s1 - input[li + b]);
    s2 = fr(s2 - input[li + c]);
    s3 = fr(s3 - input[li + d]);
    store(INV[count]);
  }
}

/** Box filter along each row of a rows×cols row-major plane (the reference's loop). */
export function boxFilterRows(input: Float32Array, output: Float32Array, rows: number, cols: number, window: number): void {
  for (let r = 0; r < rows; r++) boxRow(input, r * cols, output, r * cols, cols, window);
}

/** Box filter along each column (the reference's recurrence, swept row by row: one float sum per column). */
export function boxFilterCols(input: Float32Array, output: Float32Array, rows: number, cols: number, window: number): void {
  const [p1, p2, p3, p4] = phases(rows, window);
  const sums = new Float32Array(cols); // Float32Array: every update is rounded to float
  let ri = 0;
  let li = 0;
  let oi = 0;
  let count = 0;
  for (let i = 0; i < p1; i++, ri += cols, count++) {
    for (let c = 0; c < cols; c++) sums[c] += input[ri + c];
  }
  for (let i = 0; i < p2; i++, ri += cols, oi += cols) {
    count++;
    for (let c = 0; c < cols; c++) {
      sums[c] += input[ri + c];
      output[oi + c] = sums[c] / count; // read back: the stored (float) sum, not the expression's double
    }
  }
  for (let i = 0; i < p3; i++, ri += cols, li += cols, oi += cols) {
    for (let c = 0; c < cols; c++) {
      sums[c] += input[ri + c];
      sums[c] -= input[li + c];
      output[oi + c] = sums[c] / count;
    }
  }
  for (let i = 0; i < p4; i++, li += cols, oi += cols) {
    count--;
    for (let c = 0; c < cols; c++) {
      sums[c] -= input[li + c];
      output[oi + c] = sums[c] / count;
    }
  }
}

/** Column filter of the fast path: boxFilterCols's recurrence with reciprocals; `emit(r)` as soon as output row r is done. */
function boxCols(input: Float32Array, output: Float32Array, rows: number, cols: number, window: number, emit?: (row: number) => void): void {
  const [p1, p2, p3, p4] = phases(rows, window);
  const sums = new Float32Array(cols);
  let ri = 0;
  let li = 0;
  let oi = 0;
  let row = 0;
  let count = 0;
  for (let i = 0; i < p1; i++, ri += cols, count++) {
    for (let c = 0; c < cols; c++) sums[c] += input[ri + c];
  }
  for (let i = 0; i < p2; i++, ri += cols, oi += cols) {
    const inv = INV[++count];
    for (let c = 0; c < cols; c++) {
      const s = fr(sums[c] + input[ri + c]);
      sums[c] = s;
      output[oi + c] = s * inv;
    }
    emit?.(row++);
  }
  const full = INV[count];
  for (let i = 0; i < p3; i++, ri += cols, li += cols, oi += cols) {
    for (let c = 0; c < cols; c++) {
      const s = fr(fr(sums[c] + input[ri + c]) - input[li + c]);
      sums[c] = s;
      output[oi + c] = s * full;
    }
    emit?.(row++);
  }
  for (let i = 0; i < p4; i++, li += cols, oi += cols) {
    const inv = INV[--count];
    for (let c = 0; c < cols; c++) {
      const s = fr(sums[c] - input[li + c]);
      sums[c] = s;
      output[oi + c] = s * inv;
    }
    emit?.(row++);
  }
}

/** 1/n for window counts (windows are ceil(dim / 128); 8192 covers a million pixels a side). */
const INV = Float64Array.from({ length: 8193 }, (_, n) => 1 / n);

/** The reference's `computeJaroszFilterWindowSize(dim, 64)`: ceil(dim / 128). */
export function jaroszWindow(dim: number): number {
  return Math.floor((dim + 2 * 64 - 1) / (2 * 64));
}

/** The columns decimation keeps: cell centres, as the reference computes them. */
export function keptColumns(width: number): Int32Array {
  return Int32Array.from({ length: 64 }, (_, k) => Math.trunc(((k + 0.5) * width) / 64));
}

let scratch = new Float32Array(0);
/** Scratch planes are reused between calls (hashing is synchronous), up to 16 Mpx. */
function scratchPlane(n: number): Float32Array {
  if (scratch.length >= n) return scratch;
  const plane = new Float32Array(n);
  if (n <= 16_000_000) scratch = plane;
  return plane;
}

/**
 * Two Jarosz passes (rows then columns, twice) and decimation to 64×64 at cell centres, exactly as
 * the reference computes them. `fillRows(r, k, out)` writes k luma rows starting at row r into `out`.
 */
export function jarosz64(fillRows: (r: number, k: number, out: Float32Array) => void, width: number, height: number): Float32Array {
  const wRows = jaroszWindow(width);
  const wCols = jaroszWindow(height);
  const keepCols = keptColumns(width);
  const n = width * height;
  const plane = scratchPlane(2 * n + 8 * width);
  const a = plane.subarray(0, n); // pass 1 along rows
  const b = plane.subarray(n, 2 * n); // pass 1 along columns
  const rows4 = plane.subarray(2 * n, 2 * n + 4 * width);
  const out4 = plane.subarray(2 * n + 4 * width, 2 * n + 8 * width);

  // Pass 1, rows: luma rows four at a time straight into the filter.
  for (let r = 0; r < height; r += 4) {
    const k = Math.min(4, height - r);
    fillRows(r, k, rows4);
    if (k === 4) boxRow4(rows4, 0, a, r * width, width, width, wRows);
    else for (let i = 0; i < k; i++) boxRow(rows4, i * width, a, (r + i) * width, width, wRows);
  }
  // Pass 1, columns; each finished row goes through pass 2 along rows at once, keeping 64 columns.
  const kept = new Float32Array(height * 64);
  let pending = 0;
  const keep4 = new Float32Array(64 * 4);
  const flush = (last: number) => {
    const first = last - pending + 1;
    if (pending === 4) {
      boxRow4Keep(b, first * width, width, width, wRows, keepCols, keep4);
      for (let i = 0; i < 4; i++) for (let k = 0; k < 64; k++) kept[(first + i) * 64 + k] = keep4[k * 4 + i];
    } else {
      for (let i = 0; i < pending; i++) boxRow(b, (first + i) * width, out4, i * width, width, wRows);
      for (let i = 0; i < pending; i++) for (let k = 0; k < 64; k++) kept[(first + i) * 64 + k] = out4[i * width + keepCols[k]];
    }
    pending = 0;
  };
  if (Math.max(wRows, wCols) >= INV.length) throw new RangeError(`image too large for PDQ: ${width}×${height}`);
  boxCols(a, b, height, width, wCols, (row) => {
    if (++pending === 4 || row === height - 1) flush(row);
  });
  return finishKept(kept, height, wCols);
}

/** Pass 2 along columns on the 64 kept columns (height × 64), then the 64 kept rows. */
export function finishKept(kept: Float32Array, height: number, wCols: number): Float32Array {
  const filtered = new Float32Array(height * 64);
  boxCols(kept, filtered, height, 64, wCols);
  const out = new Float32Array(64 * 64);
  for (let oi = 0; oi < 64; oi++) {
    const ii = Math.trunc(((oi + 0.5) * height) / 64);
    out.set(filtered.subarray(ii * 64, ii * 64 + 64), oi * 64);
  }
  return out;
}
