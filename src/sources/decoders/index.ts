import type { Decoder, FormatName } from '../types.js';
import { genericCsvDecoder, genericJsonlDecoder } from './generic.js';
import { jetstreamDecoder } from './jetstream.js';
import { mastodonDecoders } from './mastodon.js';
import { qutCsvDecoder } from './qut-csv.js';
import { telegramDecoder } from './telegram.js';
import { xComplianceDecoder } from './x-compliance.js';
import { xCsvDecoder } from './x-csv.js';
import { xV1Decoder } from './x-v1.js';
import { xV2Decoder } from './x-v2.js';

/** Every decoder. Sniffing picks the most confident; ties ask the user for --format. */
export const DECODERS: readonly Decoder[] = [
  xV2Decoder,
  xV1Decoder,
  xCsvDecoder,
  xComplianceDecoder,
  jetstreamDecoder,
  ...mastodonDecoders,
  telegramDecoder,
  qutCsvDecoder,
  genericCsvDecoder,
  genericJsonlDecoder,
];

/** The decoders of a format: one, or several framings of it (Mastodon lines and REST documents). */
export const decodersFor = (format: FormatName): Decoder[] => DECODERS.filter((d) => d.format === format);
