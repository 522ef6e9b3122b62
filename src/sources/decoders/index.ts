import type { Decoder, FormatName } from '../types.js';

/** Every decoder, in the order sniffing breaks no ties (ties ask the user). */
export const DECODERS: readonly Decoder[] = [];

export function decoderFor(format: FormatName): Decoder | undefined {
  return DECODERS.find((d) => d.format === format);
}
