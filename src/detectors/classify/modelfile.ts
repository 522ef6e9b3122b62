/**
 * The model file: plain JSON that says what was learned, from what, how well, and when — labels,
 * options, the training data's sha256 and size, held-out metrics, calibration, and the weights of the
 * columns seen in training (delta-varint bucket ids, varint document frequencies, float32 weights,
 * base64).
 */
import { z } from 'zod';
import { JsonSchema } from '../../model/signal.js';
import { decodeFloat32, decodeVarints, encodeFloat32, encodeVarints } from './codec.js';
import type { Columns } from './matrix.js';
import { TrainOptionsSchema } from './options.js';

export const MODEL_FORMAT = 'marsad.classifier';
/**
 * 2 added `charAcross` and word trigrams: a version-1 reader would silently drop those options and
 * compute other features, so it must refuse the file; version-1 files still load (no such options).
 */
export const MODEL_VERSION = 2;

export const PlattSchema = z.object({ a: z.number(), b: z.number() });

export const TrainingInfoSchema = z.object({
  examples: z.number().int(),
  classCounts: z.record(z.string(), z.number().int()),
  /** sha256 (hex) and size of the data file, when trained from one. */
  sha256: z.string().optional(),
  bytes: z.number().int().optional(),
  source: z.string().optional(),
  /** What the loader reported (duplicates, empty texts…). */
  report: z.record(z.string(), JsonSchema).optional(),
  seconds: z.number().optional(),
});
export type TrainingInfo = z.infer<typeof TrainingInfoSchema>;

export const ModelFileSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.union([z.literal(1), z.literal(MODEL_VERSION)]),
  createdAt: z.string(),
  labels: z.array(z.string()).min(2),
  /** Binary tasks: the class whose probability is the score. */
  positive: z.string().optional(),
  options: TrainOptionsSchema,
  training: TrainingInfoSchema,
  metrics: z.record(z.string(), JsonSchema),
  /** Per class (one for binary tasks), on the raw score; null: uncalibrated softmax/sigmoid. */
  calibration: z.array(PlattSchema).nullable(),
  weights: z.object({
    /** Score vectors per column: 1 for binary, else one per label. */
    k: z.number().int().min(1),
    columns: z.number().int().min(0),
    docs: z.number().int().min(1),
    buckets: z.string(),
    df: z.string(),
    values: z.string(),
    bias: z.array(z.number()),
  }),
});
export type ModelFile = z.infer<typeof ModelFileSchema>;

export interface DecodedWeights {
  columns: Columns;
  k: number;
  /** Column-major like training: `values[col * k + class]`. */
  values: Float32Array;
  bias: Float64Array;
}

export function encodeWeights(columns: Columns, k: number, values: ArrayLike<number>, bias: ArrayLike<number>): ModelFile['weights'] {
  return {
    k,
    columns: columns.buckets.length,
    docs: columns.docs,
    buckets: encodeVarints(columns.buckets, true),
    df: encodeVarints(columns.df, false),
    values: encodeFloat32(values),
    bias: Array.from(bias),
  };
}

export function decodeWeights(w: ModelFile['weights']): DecodedWeights {
  return {
    columns: { buckets: decodeVarints(w.buckets, w.columns, true), df: decodeVarints(w.df, w.columns, false), docs: w.docs },
    k: w.k,
    values: decodeFloat32(w.values, w.columns * w.k),
    bias: Float64Array.from(w.bias),
  };
}
