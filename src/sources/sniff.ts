import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import type { Decoder } from './types.js';

export const SNIFF_BYTES = 64 * 1024;

export function readHead(path: string, bytes = SNIFF_BYTES): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const read = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

export interface SniffResult {
  decoder?: Decoder;
  /** Every decoder's score, best first, for the error message when nothing is sure. */
  scores: { format: string; score: number }[];
}

/** Binary files (images in a Telegram export…) are never records. */
function looksBinary(sample: Buffer): boolean {
  const n = Math.min(sample.length, 4096);
  for (let i = 0; i < n; i++) if (sample[i] === 0) return true;
  return false;
}

/**
 * Picks the decoder most sure of the sample. A score below 0.5, or two decoders equally sure, is not
 * a decision: the caller asks the user for `--format`.
 */
export function sniff(sample: Buffer, fileName: string, decoders: readonly Decoder[]): SniffResult {
  if (sample.length === 0 || looksBinary(sample)) return { scores: [] };
  const text = sample.toString('utf8').replace(/^\uFEFF/, '');
  const scores = decoders
    .map((d) => {
      let score = 0;
      try {
        score = d.sniff(text, basename(fileName));
      } catch {
        score = 0; // a sniffer must not decide for hostile input by crashing
      }
      return { decoder: d, format: d.format, score };
    })
    .sort((a, b) => b.score - a.score);
  const [best, second] = scores;
  const decided = best && best.score >= 0.5 && (!second || second.score < best.score);
  return {
    ...(decided ? { decoder: best.decoder } : {}),
    scores: scores.map(({ format, score }) => ({ format, score })),
  };
}
