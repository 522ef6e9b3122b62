import type { Campaign, Signal } from '../model/index.js';
import type { Store } from './db.js';

/**
 * Signals and campaigns as detectors produce them. A detector run replaces its own earlier output
 * (`replaceDetectorOutput`), so re-running an analysis over the same store is idempotent.
 */
export function insertSignals(store: Store, signals: readonly Signal[], now = Date.now()): void {
  const insert = store.sqlite.prepare(
    'INSERT INTO signals (subject_kind, subject_id, detector, score, evidence, at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  store.sqlite.transaction(() => {
    for (const s of signals) insert.run(s.subject.kind, s.subject.id, s.detector, s.score, JSON.stringify(s.evidence), s.at, now);
  })();
}

export function insertCampaigns(store: Store, campaigns: readonly Campaign[], now = Date.now()): void {
  const insert = store.sqlite.prepare(`INSERT OR REPLACE INTO campaigns (id, kind, members, keys, start_at, end_at, score, edges,
    summary, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  store.sqlite.transaction(() => {
    for (const c of campaigns) {
      insert.run(c.id, c.kind, JSON.stringify(c.members), JSON.stringify(c.keys), c.start, c.end, c.score, JSON.stringify(c.edges),
        JSON.stringify(c.summary), now);
    }
  })();
}

/** Deletes the earlier output of detectors whose name starts with `prefix` (and their campaigns of `kinds`). */
export function clearDetectorOutput(store: Store, prefix: string, campaignKinds: readonly string[] = []): void {
  store.sqlite.transaction(() => {
    store.sqlite.prepare("DELETE FROM signals WHERE detector = ? OR detector LIKE ? || '.%'").run(prefix, prefix);
    for (const kind of campaignKinds) store.sqlite.prepare('DELETE FROM campaigns WHERE kind = ?').run(kind);
  })();
}

export interface StoredSignal extends Signal {
  id: number;
}

export function listSignals(store: Store, options: { detector?: string; subjectKind?: string; minScore?: number; limit?: number } = {}): StoredSignal[] {
  const rows = store.sqlite
    .prepare(`SELECT * FROM signals WHERE (? IS NULL OR detector = ? OR detector LIKE ? || '.%')
      AND (? IS NULL OR subject_kind = ?) AND score >= ? ORDER BY score DESC, id LIMIT ?`)
    .all(options.detector ?? null, options.detector ?? null, options.detector ?? null, options.subjectKind ?? null,
      options.subjectKind ?? null, options.minScore ?? 0, options.limit ?? 1_000_000) as {
    id: number; subject_kind: string; subject_id: string; detector: string; score: number; evidence: string; at: number;
  }[];
  return rows.map((r) => ({
    id: r.id,
    subject: { kind: r.subject_kind as Signal['subject']['kind'], id: r.subject_id },
    detector: r.detector,
    score: r.score,
    evidence: JSON.parse(r.evidence) as Signal['evidence'],
    at: Number(r.at),
  }));
}

export function listCampaigns(store: Store, kind?: string): Campaign[] {
  const rows = store.sqlite.prepare('SELECT * FROM campaigns WHERE (? IS NULL OR kind = ?) ORDER BY score DESC, id').all(kind ?? null, kind ?? null) as {
    id: string; kind: string; members: string; keys: string; start_at: number; end_at: number; score: number; edges: string; summary: string;
  }[];
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as Campaign['kind'],
    members: JSON.parse(r.members) as Campaign['members'],
    keys: JSON.parse(r.keys) as string[],
    start: Number(r.start_at),
    end: Number(r.end_at),
    score: r.score,
    edges: JSON.parse(r.edges) as Campaign['edges'],
    summary: JSON.parse(r.summary) as Campaign['summary'],
  }));
}
