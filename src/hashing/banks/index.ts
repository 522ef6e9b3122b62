/** Bank file formats of the ecosystem: parse and serialize, by format name. */
import { parseHmaCsv, serializeHmaCsv } from './hma-csv.js';
import { parsePytxCsv, serializePytxCsv } from './pytx-csv.js';
import { parsePytxFile, serializePytxFile } from './pytx-file.js';
import { parseTcapJson, serializeTcapJson } from './tcap.js';
import type { BankEntry, BankParseResult } from './types.js';

export * from './types.js';
export { parseHmaCsv, serializeHmaCsv, parsePytxCsv, serializePytxCsv, parsePytxFile, serializePytxFile, parseTcapJson, serializeTcapJson };

export type BankFormat = 'pytx-csv' | 'pytx-file' | 'hma-csv' | 'tcap-json';

export const BANK_FORMATS: Record<BankFormat, { parse(text: string): BankParseResult; serialize(entries: BankEntry[]): string; description: string }> = {
  'pytx-csv': { parse: parsePytxCsv, serialize: serializePytxCsv, description: 'python-threatexchange CSV: signal_type,signal_str,collab,category,tags' },
  'pytx-file': { parse: (t) => parsePytxFile(t), serialize: serializePytxFile, description: 'python-threatexchange local file: "<signal_type> <signal>" per line' },
  'hma-csv': { parse: (t) => parseHmaCsv(t), serialize: serializeHmaCsv, description: 'legacy HMA CSV: hash,first_descriptor_id,added_on,tags (PDQ)' },
  'tcap-json': { parse: parseTcapJson, serialize: (e) => serializeTcapJson(e), description: 'Tech Against Terrorism TCAP hash list JSON' },
};

/** Guesses the format from a file's first bytes (and name): for `bank import` without --format. */
export function detectBankFormat(text: string, fileName = ''): BankFormat | undefined {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('{') || head.startsWith('[')) return 'tcap-json';
  const first = head.split(/\r?\n/, 1)[0] ?? '';
  if (/^signal_type,|,signal_type,|signal_str/.test(first)) return 'pytx-csv';
  if (/^(hash,first_descriptor_id|[0-9a-f]{64},)/i.test(first)) return 'hma-csv';
  if (/^[a-z_0-9]+ \S/.test(first)) return 'pytx-file';
  if (fileName.endsWith('.json')) return 'tcap-json';
  return undefined;
}
