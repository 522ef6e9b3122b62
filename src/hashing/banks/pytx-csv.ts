/**
 * python-threatexchange's CSV (`threatexchange dataset -P --csv`): a header row naming the columns
 * `signal_type, signal_str, collab, category, tags` (pytx has written them in more than one order, so
 * columns are found by name); tags are space-separated. `collab` becomes the entry's source.
 */
import { checkSignal, csvLine, csvRows, emptyResult, splitTags, type BankEntry, type BankParseResult } from './types.js';

export const PYTX_CSV_COLUMNS = ['signal_type', 'signal_str', 'collab', 'category', 'tags'] as const;

export function parsePytxCsv(text: string): BankParseResult {
  const result = emptyResult();
  const rows = csvRows(text, result);
  if (!rows) return result;
  if (rows.length === 0) return result;
  const header = rows[0].map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  if (col('signal_type') < 0 || col('signal_str') < 0) {
    result.errors.push({ line: 1, message: 'header must name signal_type and signal_str' });
    return result;
  }
  rows.slice(1).forEach((row, i) => {
    const get = (name: string) => (col(name) >= 0 ? (row[col(name)] ?? '') : '');
    const checked = checkSignal(get('signal_type').trim(), get('signal_str'));
    if (typeof checked === 'string') return void result.errors.push({ line: i + 2, message: checked });
    const entry: BankEntry = { signalType: get('signal_type').trim(), signal: checked.signal, labels: { tags: splitTags(get('tags')) } };
    if (get('category')) entry.labels.category = get('category');
    if (get('collab')) entry.source = get('collab');
    result.entries.push(entry);
  });
  return result;
}

export function serializePytxCsv(entries: Iterable<BankEntry>): string {
  let out = csvLine([...PYTX_CSV_COLUMNS]);
  for (const e of entries) out += csvLine([e.signalType, e.signal, e.source ?? '', e.labels.category ?? '', e.labels.tags.join(' ')]);
  return out;
}
