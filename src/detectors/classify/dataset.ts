/**
 * Labelled examples from CSV, TSV or JSONL text. Pure: the caller reads the file. Columns are names
 * (a header row, or JSON keys) or 0-based indexes. Reports what it could not use instead of failing
 * on it: empty texts, missing labels, duplicate texts (and duplicates whose labels disagree).
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { normalizeForMatching } from '../../text/normalize.js';

export type DataFormat = 'csv' | 'tsv' | 'jsonl';

export interface Example {
  text: string;
  label: string;
  /** Author, account or thread: examples of a group stay in one fold. */
  group?: string;
}

export interface DatasetOptions {
  format: DataFormat;
  textCol: string;
  /** Absent for unlabelled input (prediction). */
  labelCol?: string;
  groupCol?: string;
  /** Whether the first row names the columns; default: yes when any column is given by name. */
  header?: boolean;
  /** Escape that stands for a newline inside a text (OSACT4 writes `<LF>`); '' for none. */
  newlineToken?: string;
}

export interface DatasetReport {
  rows: number;
  used: number;
  emptyText: number;
  missingLabel: number;
  /** Examples whose normalised text appeared earlier in the file. */
  duplicates: number;
  /** Of those, how many carry a different label than the first copy. */
  conflictingDuplicates: number;
  classCounts: Record<string, number>;
  groups?: number;
}

export interface Dataset {
  examples: Example[];
  report: DatasetReport;
}

export function formatFromPath(path: string): DataFormat | undefined {
  const m = /\.(csv|tsv|tab|jsonl|ndjson)$/i.exec(path);
  if (!m) return undefined;
  const ext = m[1]!.toLowerCase();
  return ext === 'tab' ? 'tsv' : ext === 'ndjson' ? 'jsonl' : (ext as DataFormat);
}

const isIndex = (col: string): boolean => /^\d+$/.test(col);

type Row = (col: string) => unknown;

function rows(content: string, o: DatasetOptions): Row[] {
  const cols = [o.textCol, o.labelCol, o.groupCol].filter((c): c is string => c !== undefined);
  if (o.format === 'jsonl') {
    return content.split(/\r?\n/).flatMap((line, i) => {
      if (!line.trim()) return [];
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new DatasetError(`line ${i + 1}: not JSON`);
      }
      if (Array.isArray(value)) return [(c: string) => (isIndex(c) ? value[Number(c)] : undefined)];
      if (value && typeof value === 'object') return [(c: string) => (value as Record<string, unknown>)[c]];
      throw new DatasetError(`line ${i + 1}: expected a JSON object or array`);
    });
  }
  // TSV has no quoting (a quote is just a character in a tweet); CSV follows RFC 4180.
  const table: string[][] =
    o.format === 'tsv'
      ? content.split(/\r?\n/).filter((l) => l.length > 0).map((l) => l.split('\t'))
      : (parseCsv(content, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][]);
  const header = o.header ?? cols.some((c) => !isIndex(c));
  if (!header) return table.map((r) => (c: string) => (isIndex(c) ? r[Number(c)] : missing(c)));
  const names = (table[0] ?? []).map((h, i) => (i === 0 ? h.replace(/^\ufeff/, '') : h).trim());
  const at = (c: string): number => {
    const i = names.indexOf(c);
    if (i >= 0) return i;
    if (isIndex(c)) return Number(c);
    throw new DatasetError(`no column "${c}" (columns: ${names.join(', ')})`);
  };
  const index = new Map(cols.map((c) => [c, at(c)]));
  return table.slice(1).map((r) => (c: string) => r[index.get(c)!]);
}

function missing(c: string): never {
  throw new DatasetError(`column "${c}" is a name, but the file has no header row`);
}

export class DatasetError extends Error {}

export function parseDataset(content: string, options: DatasetOptions): Dataset {
  const token = options.newlineToken ?? '<LF>';
  const examples: Example[] = [];
  const report: DatasetReport = { rows: 0, used: 0, emptyText: 0, missingLabel: 0, duplicates: 0, conflictingDuplicates: 0, classCounts: {} };
  const firstLabel = new Map<string, string>();
  const groups = new Set<string>();
  for (const row of rows(content, options)) {
    report.rows++;
    const rawText = row(options.textCol);
    let text = rawText === undefined || rawText === null ? '' : String(rawText);
    if (token) text = text.replaceAll(token, '\n');
    if (!text.trim()) {
      report.emptyText++;
      continue;
    }
    let label = '';
    if (options.labelCol !== undefined) {
      const raw = row(options.labelCol);
      label = raw === undefined || raw === null ? '' : String(raw).trim();
      if (!label) {
        report.missingLabel++;
        continue;
      }
    }
    const key = normalizeForMatching(text);
    const first = firstLabel.get(key);
    if (first !== undefined) {
      report.duplicates++;
      if (first !== label) report.conflictingDuplicates++;
    } else firstLabel.set(key, label);
    const example: Example = { text, label };
    if (options.groupCol !== undefined) {
      const g = row(options.groupCol);
      example.group = g === undefined || g === null ? '' : String(g);
      groups.add(example.group);
    }
    examples.push(example);
    report.used++;
    if (options.labelCol !== undefined) report.classCounts[label] = (report.classCounts[label] ?? 0) + 1;
  }
  if (options.groupCol !== undefined) report.groups = groups.size;
  return { examples, report };
}
