import type { Decoder, FormatName } from '../types.js';
import { jetstreamDecoder } from './jetstream.js';
import { xCsvDecoder } from './x-csv.js';
import { xV1Decoder } from './x-v1.js';
import { xV2Decoder } from './x-v2.js';

/** Every decoder. Sniffing picks the most confident; ties ask the user for --format. */
export const DECODERS: readonly Decoder[] = [xV2Decoder, xV1Decoder, xCsvDecoder, jetstreamDecoder];

export function decoderFor(format: FormatName): Decoder | undefined {
  return DECODERS.find((d) => d.format === format);
}
