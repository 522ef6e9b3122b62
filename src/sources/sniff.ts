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

function score(sample: Buffer, fileName: string, decoders: readonly Decoder[]): { decoder: Decoder; score: number }[] {
  if (sample.length === 0 || looksBinary(sample)) return [];
  const text = sample.toString('utf8').replace(/^\uFEFF/, '');
  return decoders
    .map((decoder) => {
      let score = 0;
      try {
        score = decoder.sniff(text, basename(fileName));
      } catch {
        score = 0; // a sniffer must not decide for hostile input by crashing
      }
      return { decoder, score };
    })
    .sort((a, b) => b.score - a.score);
}

/**
 * Picks the decoder most sure of the sample. A score below 0.5, or two decoders equally sure, is not
 * a decision: the caller asks the user for `--format`.
 */
export function sniff(sample: Buffer, fileName: string, decoders: readonly Decoder[]): SniffResult {
  const scores = score(sample, fileName, decoders);
  const [best, second] = scores;
  const decided = best && best.score >= 0.5 && (!second || second.score < best.score);
  return {
    ...(decided ? { decoder: best.decoder } : {}),
    scores: scores.map(({ decoder, score }) => ({ format: decoder.format, score })),
  };
}

/**
 * The decoder for a file: sniffed among all decoders, or among the framings of a forced format
 * (`--format mastodon` still has to tell a JSONL stream capture from a REST array).
 */
export function chooseDecoder(sample: Buffer, fileName: string, decoders: readonly Decoder[], format?: string): Decoder | undefined {
  if (!format) return sniff(sample, fileName, decoders).decoder;
  const candidates = decoders.filter((d) => d.format === format);
  const [best] = score(sample, fileName, candidates);
  return best && best.score > 0 ? best.decoder : candidates[0];
}
