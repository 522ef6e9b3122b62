import { createHash } from 'node:crypto';
import type { Json } from '../model/index.js';

/** JSON with sorted keys, so that the same entry always hashes the same. */
export function canonicalJson(value: Json | undefined): string {
  if (value === undefined || value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
    .join(',')}}`;
}

export interface AuditFields {
  seq: number;
  at: number;
  actor: string;
  action: string;
  subjectKind: string | null;
  subjectId: string | null;
  details: { [key: string]: Json };
}

export const GENESIS_HASH = '0'.repeat(64);

/** hash = sha256(prevHash ‖ canonical JSON of the entry): editing or removing any entry breaks every later hash. */
export function auditHash(prevHash: string, entry: AuditFields): string {
  const body = canonicalJson({
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    subjectKind: entry.subjectKind,
    subjectId: entry.subjectId,
    details: entry.details,
  });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

export interface ChainProblem {
  seq: number;
  problem: 'gap' | 'prev_hash' | 'hash';
}

/** Checks a chain in `seq` order; returns the first problem, or undefined when it is intact. */
export function verifyChain(entries: Iterable<AuditFields & { prevHash: string; hash: string }>): ChainProblem | undefined {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  for (const e of entries) {
    if (e.seq !== expectedSeq) return { seq: e.seq, problem: 'gap' };
    if (e.prevHash !== prev) return { seq: e.seq, problem: 'prev_hash' };
    if (auditHash(prev, e) !== e.hash) return { seq: e.seq, problem: 'hash' };
    prev = e.hash;
    expectedSeq += 1;
  }
  return undefined;
}
