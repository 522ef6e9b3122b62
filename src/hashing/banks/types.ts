/**
 * Bank entries as the file formats of the ecosystem carry them, in one typed shape. Parsers are pure
 * (text in, entries out) and never throw on bad rows: those come back as errors with their line, so an
 * import can report them as dead letters and keep the rest.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { signalType } from '../signal-types.js';

export interface BankLabels {
  /** The organisation / ideology the content belongs to (TCAP `ideology`). */
  group?: string;
  /** What kind of file it was (TCAP `file_type`: mp4, jpg…). */
  contentType?: string;
  /** pytx opinion category: POSITIVE_CLASS, INVESTIGATION_SEED, FALSE_POSITIVE… */
  category?: string;
  tags: string[];
}

export interface BankEntry {
  /** pytx signal type name: pdq, md5, sha256, video_md5, url, raw_text. */
  signalType: string;
  /** The signal, normalised by its signal type's `validate`. */
  signal: string;
  labels: BankLabels;
  /** Where it came from: a pytx collaboration, a ThreatExchange descriptor id, `tcap:<id>`. */
  source?: string;
  /** When it was added (epoch ms). */
  addedAt?: number;
}

export interface BankParseError {
  /** 1-based line (or, for JSON, 1-based record) number. */
  line: number;
  message: string;
}

export interface BankParseResult {
  entries: BankEntry[];
  /** Entries the source marks as deleted (TCAP `deleted: true`): remove them from the bank. */
  deleted: BankEntry[];
  errors: BankParseError[];
}

export function emptyResult(): BankParseResult {
  return { entries: [], deleted: [], errors: [] };
}

/** The rows of a CSV bank file; unparseable CSV is one error on line 1 of `result`. */
export function csvRows(text: string, result: BankParseResult): string[][] | undefined {
  try {
    return parseCsv(text, { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
  } catch (err) {
    result.errors.push({ line: 1, message: `not CSV: ${(err as Error).message}` });
    return undefined;
  }
}

/** Validates and normalises a (type, signal) pair; a string is the error. */
export function checkSignal(type: string, signal: string): string | { signal: string } {
  const t = signalType(type);
  if (!t) return `unsupported signal type ${JSON.stringify(type)}`;
  const v = t.validate(signal);
  return v.ok ? { signal: v.signal } : `${type}: ${v.error}`;
}

/** Space-separated tags, as pytx and the legacy HMA CSV write them. */
export function splitTags(s: string | undefined): string[] {
  return (s ?? '').split(/\s+/).filter(Boolean);
}

/** RFC 4180 field quoting. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(fields: string[]): string {
  return fields.map(csvField).join(',') + '\n';
}
