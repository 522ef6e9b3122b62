/**
 * The legacy HMA / pytx "simple" state CSV: rows `hash, first_descriptor_id, added_on, tags` with no
 * header (pytx's loader reads every row as data, so we write none; a header line is tolerated on
 * input). The hash is PDQ unless told otherwise; added_on is a ThreatExchange time
 * ("2021-03-04T05:06:07+0000"); tags are space-separated. The descriptor id becomes the source.
 */
import { checkSignal, csvLine, csvRows, emptyResult, splitTags, type BankEntry, type BankParseResult } from './types.js';

export const HMA_CSV_COLUMNS = ['hash', 'first_descriptor_id', 'added_on', 'tags'] as const;

/** ThreatExchange time → epoch ms (undefined when it is not a time, e.g. pytx's "mine"). */
export function parseTeTime(s: string): number | undefined {
  const t = Date.parse(s.trim().replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isNaN(t) ? undefined : t;
}

export function formatTeTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

export function parseHmaCsv(text: string, signalType = 'pdq'): BankParseResult {
  const result = emptyResult();
  const rows = csvRows(text, result);
  if (!rows) return result;
  rows.forEach((row, i) => {
    if (i === 0 && row[0]?.trim().toLowerCase() === 'hash') return;
    const [hash = '', descriptor = '', addedOn = '', tags = ''] = row;
    const checked = checkSignal(signalType, hash);
    if (typeof checked === 'string') return void result.errors.push({ line: i + 1, message: checked });
    const entry: BankEntry = { signalType, signal: checked.signal, labels: { tags: splitTags(tags) } };
    if (descriptor.trim()) entry.source = descriptor.trim();
    const at = parseTeTime(addedOn);
    if (at !== undefined) entry.addedAt = at;
    result.entries.push(entry);
  });
  return result;
}

export function serializeHmaCsv(entries: Iterable<BankEntry>): string {
  let out = '';
  for (const e of entries) {
    const descriptor = /^\d+$/.test(e.source ?? '') ? e.source! : '0';
    out += csvLine([e.signal, descriptor, e.addedAt !== undefined ? formatTeTime(e.addedAt) : '', e.labels.tags.join(' ')]);
  }
  return out;
}
