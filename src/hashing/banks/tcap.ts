/**
 * Tech Against Terrorism's TCAP hash list (JSON). The v2 API pages look like
 * `{ count, next, previous, checkpoint, results: [record…] }`; the older file download is a bare
 * array of records. A record (as python-threatexchange's TAT client models it):
 * `{ id, hash_digest, algorithm: "MD5" | "PDQ" | "SHA256" | "SHA512" | "TMK", ideology: "islamist" |
 * "far-right", file_type: "mp4" | "jpg" …, deleted, created_on: "2025-03-03 23:05:22,587", updated_on:
 * epoch seconds }`. MD5 of a video file maps to pytx's `video_md5`; SHA512 and TMK have no signal type
 * here and come back as errors.
 */
import { checkSignal, emptyResult, type BankEntry, type BankParseResult } from './types.js';

export interface TcapRecord {
  id: number;
  hash_digest: string;
  algorithm: string;
  ideology: string;
  file_type: string;
  deleted: boolean;
  created_on?: string;
  updated_on?: number;
}

export interface TcapPage {
  count: number;
  next: string | null;
  previous: string | null;
  checkpoint: string | null;
  results: TcapRecord[];
}

const VIDEO_TYPES = new Set(['mp4', 'mov', 'avi', 'mkv', 'webm', 'wmv', 'flv', 'm4v', '3gp', 'mpeg', 'mpg', 'ts']);

function signalTypeOf(algorithm: string, fileType: string): string | undefined {
  switch (algorithm.toUpperCase()) {
    case 'PDQ':
      return 'pdq';
    case 'MD5':
      return VIDEO_TYPES.has(fileType.toLowerCase()) ? 'video_md5' : 'md5';
    case 'SHA256':
      return 'sha256';
    default:
      return undefined;
  }
}

const ALGORITHM: Record<string, string> = { pdq: 'PDQ', md5: 'MD5', video_md5: 'MD5', sha256: 'SHA256' };

/** "2025-03-03 23:05:22,587" (UTC) → epoch ms. */
export function parseTcapTime(s: string): number | undefined {
  const m = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(?:[,.](\d{1,6}))?/.exec(s.trim());
  if (!m) return undefined;
  const t = Date.parse(`${m[1]}T${m[2]}.${(m[3] ?? '0').padEnd(3, '0').slice(0, 3)}Z`);
  return Number.isNaN(t) ? undefined : t;
}

export function formatTcapTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('.', ',').replace(/Z$/, '');
}

export function parseTcapJson(text: string): BankParseResult {
  const result = emptyResult();
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    result.errors.push({ line: 1, message: `not JSON: ${(err as Error).message}` });
    return result;
  }
  const records = Array.isArray(doc) ? doc : (doc as { results?: unknown })?.results;
  if (!Array.isArray(records)) {
    result.errors.push({ line: 1, message: 'expected an array of records or an object with "results"' });
    return result;
  }
  records.forEach((r: Partial<TcapRecord> | null, i) => {
    const line = i + 1;
    if (typeof r !== 'object' || r === null || typeof r.hash_digest !== 'string' || typeof r.algorithm !== 'string') {
      return void result.errors.push({ line, message: 'record needs hash_digest and algorithm' });
    }
    const fileType = typeof r.file_type === 'string' ? r.file_type : '';
    const type = signalTypeOf(r.algorithm, fileType);
    if (!type) return void result.errors.push({ line, message: `unsupported algorithm ${JSON.stringify(r.algorithm)}` });
    const checked = checkSignal(type, r.hash_digest);
    if (typeof checked === 'string') return void result.errors.push({ line, message: checked });
    const entry: BankEntry = { signalType: type, signal: checked.signal, labels: { tags: [] } };
    if (typeof r.ideology === 'string' && r.ideology) entry.labels.group = r.ideology;
    if (fileType) entry.labels.contentType = fileType;
    if (typeof r.id === 'number') entry.source = `tcap:${r.id}`;
    const created = typeof r.created_on === 'string' ? parseTcapTime(r.created_on) : undefined;
    const at = created ?? (typeof r.updated_on === 'number' ? Math.round(r.updated_on * 1000) : undefined);
    if (at !== undefined) entry.addedAt = at;
    (r.deleted === true ? result.deleted : result.entries).push(entry);
  });
  return result;
}

/** One v2-style page holding every entry (and deletions, flagged). Types TCAP has no algorithm for are refused. */
export function serializeTcapJson(entries: Iterable<BankEntry>, deleted: Iterable<BankEntry> = []): string {
  const results: TcapRecord[] = [];
  let nextId = 1;
  const used = new Set<number>();
  const all = [...[...entries].map((e) => [e, false] as const), ...[...deleted].map((e) => [e, true] as const)];
  for (const [e] of all) {
    const m = /^tcap:(\d+)$/.exec(e.source ?? '');
    if (m) used.add(Number(m[1]));
  }
  for (const [e, isDeleted] of all) {
    const algorithm = ALGORITHM[e.signalType];
    if (!algorithm) throw new RangeError(`TCAP hash lists cannot carry ${e.signalType} signals`);
    const m = /^tcap:(\d+)$/.exec(e.source ?? '');
    let id = m ? Number(m[1]) : 0;
    if (!m) {
      while (used.has(nextId)) nextId++;
      id = nextId;
      used.add(id);
    }
    const record: TcapRecord = {
      id,
      hash_digest: e.signal,
      algorithm,
      ideology: e.labels.group ?? '',
      file_type: e.labels.contentType ?? '',
      deleted: isDeleted,
    };
    if (e.addedAt !== undefined) {
      record.created_on = formatTcapTime(e.addedAt);
      record.updated_on = e.addedAt / 1000;
    }
    results.push(record);
  }
  const page: TcapPage = { count: results.length, next: null, previous: null, checkpoint: null, results };
  return JSON.stringify(page, null, 2) + '\n';
}
