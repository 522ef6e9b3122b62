/**
 * python-threatexchange's local file format (`LocalFileSignalExchangeAPI`): one `<signal_type> <signal>`
 * per line, split at the first space, so a raw_text signal keeps its own spaces. Signals cannot
 * contain line breaks in this format: the serializer refuses them rather than corrupt the file.
 */
import { checkSignal, emptyResult, type BankEntry, type BankParseResult } from './types.js';

export function parsePytxFile(text: string, defaultType?: string): BankParseResult {
  const result = emptyResult();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    let type = defaultType;
    let signal = line;
    if (type === undefined) {
      const space = line.indexOf(' ');
      if (space < 0) return void result.errors.push({ line: i + 1, message: 'expected "<signal_type> <signal>"' });
      type = line.slice(0, space);
      signal = line.slice(space + 1).trim();
    }
    const checked = checkSignal(type, signal);
    if (typeof checked === 'string') return void result.errors.push({ line: i + 1, message: checked });
    result.entries.push({ signalType: type, signal: checked.signal, labels: { tags: [] } });
  });
  return result;
}

export function serializePytxFile(entries: Iterable<BankEntry>): string {
  let out = '';
  for (const e of entries) {
    if (/[\r\n]/.test(e.signal)) throw new RangeError(`a ${e.signalType} signal with a line break cannot be written in the pytx file format`);
    out += `${e.signalType} ${e.signal}\n`;
  }
  return out;
}
