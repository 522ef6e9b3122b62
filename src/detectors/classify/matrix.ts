/**
 * Texts → a compressed sparse row matrix over the training columns. Fitting chooses the columns (the
 * buckets seen in at least `minDf` training texts) and their idf; transforming reuses both. Values are
 * tf (sublinear) × idf, L2-normalised over *all* of a text's buckets, seen or not, so that training
 * and prediction compute exactly the same vector.
 */
import { Featurizer, tfValue, type FeatureOptions } from './features.js';

export interface Matrix {
  rows: number;
  cols: number;
  offsets: Int32Array;
  col: Int32Array;
  val: Float32Array;
}

/** The fitted vocabulary: which bucket each column is, in ascending order, and its document frequency. */
export interface Columns {
  buckets: Int32Array;
  df: Int32Array;
  /** Number of training texts. */
  docs: number;
}

/** Float32 like the model file, so that a reloaded model computes the same vectors bit for bit. */
export const idfOf = (docs: number, df: number): number => Math.fround(Math.log((1 + docs) / (1 + df)) + 1);

/** Column idf, and the idf of buckets outside the columns (that of a feature seen once). */
export function columnIdf(columns: Columns, options: FeatureOptions): { idf: Float32Array; defaultIdf: number } {
  if (!options.idf) return { idf: new Float32Array(columns.buckets.length).fill(1), defaultIdf: 1 };
  return { idf: Float32Array.from(columns.df, (d) => idfOf(columns.docs, d)), defaultIdf: idfOf(columns.docs, 1) };
}

/** Signed hashed counts of many texts, CSR: computed once, then fitted and transformed by subsets. */
export interface Counts {
  offsets: Int32Array;
  bucket: Int32Array;
  count: Float32Array;
}

export function countTexts(texts: readonly string[], options: FeatureOptions): Counts {
  const f = new Featurizer(options);
  const offsets = new Int32Array(texts.length + 1);
  let bucket = new Int32Array(Math.max(1024, texts.length * 256));
  let count = new Float32Array(bucket.length);
  let nnz = 0;
  for (let i = 0; i < texts.length; i++) {
    f.count(texts[i]!);
    if (nnz + f.size > bucket.length) {
      const cap = Math.max(bucket.length * 2, nnz + f.size);
      const b2 = new Int32Array(cap);
      b2.set(bucket.subarray(0, nnz));
      const c2 = new Float32Array(cap);
      c2.set(count.subarray(0, nnz));
      bucket = b2;
      count = c2;
    }
    bucket.set(f.buckets.subarray(0, f.size), nnz);
    count.set(f.counts.subarray(0, f.size), nnz);
    nnz += f.size;
    offsets[i + 1] = nnz;
  }
  return { offsets, bucket: bucket.subarray(0, nnz), count: count.subarray(0, nnz) };
}

/**
 * Character n-grams outnumber words about fifteen to one; one norm over both would let their count
 * decide the words' weight. Each block (lower half of the buckets: characters; upper: words and tags) is L2-normalised on its
 * own, the word block weighted by `wordWeight`, and the whole scaled back to unit length — scikit-learn's
 * FeatureUnion of two tf-idf vectorisers, in one hashed space. Returns the factors for each block.
 */
export function blockScales(charSq: number, wordSq: number, wordWeight: number): [number, number] {
  const c = charSq > 0 ? 1 : 0;
  const w = wordSq > 0 ? wordWeight : 0;
  const total = Math.sqrt(c * c + w * w);
  if (total === 0) return [0, 0];
  return [c ? 1 / Math.sqrt(charSq) / total : 0, w ? w / Math.sqrt(wordSq) / total : 0];
}

const allRows = (counts: Counts): Int32Array => Int32Array.from({ length: counts.offsets.length - 1 }, (_, i) => i);

/** Columns from the given rows (default all): buckets in at least `minDf` of them. */
export function fitColumns(counts: Counts, options: FeatureOptions, minDf: number, rows: Int32Array = allRows(counts)): Columns {
  const df = new Int32Array(1 << options.hashBits);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]!;
    for (let q = counts.offsets[i]!; q < counts.offsets[i + 1]!; q++) if (counts.count[q] !== 0) df[counts.bucket[q]!]++;
  }
  let kept = 0;
  for (let b = 0; b < df.length; b++) if (df[b]! >= minDf) kept++;
  const columns: Columns = { buckets: new Int32Array(kept), df: new Int32Array(kept), docs: rows.length };
  for (let b = 0, c = 0; b < df.length; b++) {
    if (df[b]! < minDf) continue;
    columns.buckets[c] = b;
    columns.df[c++] = df[b]!;
  }
  return columns;
}

/** The matrix of the given rows (default all) over fitted columns. */
export function toMatrix(counts: Counts, columns: Columns, options: FeatureOptions, rows: Int32Array = allRows(counts)): Matrix {
  const colOf = new Int32Array(1 << options.hashBits).fill(-1);
  columns.buckets.forEach((b, c) => (colOf[b] = c));
  const { idf, defaultIdf } = columnIdf(columns, options);
  let total = 0;
  for (let r = 0; r < rows.length; r++) total += counts.offsets[rows[r]! + 1]! - counts.offsets[rows[r]!]!;
  const offsets = new Int32Array(rows.length + 1);
  const col = new Int32Array(total);
  const val = new Float32Array(total);
  let nnz = 0;
  const half = 1 << (options.hashBits - 1);
  // Buckets are sorted, so columns from `firstWord` on are the word block.
  let firstWord = columns.buckets.findIndex((b) => b >= half);
  if (firstWord < 0) firstWord = columns.buckets.length;
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]!;
    let charSq = 0;
    let wordSq = 0;
    const start = nnz;
    for (let q = counts.offsets[i]!; q < counts.offsets[i + 1]!; q++) {
      const b = counts.bucket[q]!;
      const c = colOf[b]!;
      const v = tfValue(counts.count[q]!, options.sublinearTf) * (c >= 0 ? idf[c]! : defaultIdf);
      if (b < half) charSq += v * v;
      else wordSq += v * v;
      if (c >= 0 && v !== 0) {
        col[nnz] = c;
        val[nnz++] = v;
      }
    }
    const [charScale, wordScale] = blockScales(charSq, wordSq, options.wordWeight);
    for (let q = start; q < nnz; q++) val[q] *= col[q]! < firstWord ? charScale : wordScale;
    offsets[r + 1] = nnz;
  }
  return { rows: rows.length, cols: columns.buckets.length, offsets, col: col.slice(0, nnz), val: val.slice(0, nnz) };
}
