import { randomUUID } from 'node:crypto';
import type { Json, Subject } from '../model/index.js';
import type { Store } from '../store/db.js';
import type { CasesTable } from '../store/schema/cases.js';
import { auditHash, GENESIS_HASH, verifyChain, type AuditFields, type ChainProblem } from './audit.js';

export type Verdict = 'violating' | 'not_violating' | 'needs_escalation' | 'unsure';
export const VERDICTS: readonly Verdict[] = ['violating', 'not_violating', 'needs_escalation', 'unsure'];

export interface CaseView {
  id: string;
  subject: Subject;
  status: string;
  priority: number;
  reasons: string[];
  openedAt: number;
  updatedAt: number;
  /** For post subjects with a classifier score: |p − 0.5|, small = the model is unsure. */
  uncertainty?: number;
}

export interface LabelledPost {
  postId: string;
  text: string;
  label: string;
  author: string;
  decidedAt: number;
}

/** A `cases` row, with the classifier's uncertainty when the queue asks for it. */
type CaseRow = CasesTable & { uncertainty?: number | null };

const view = (r: CaseRow): CaseView => ({
  id: r.id,
  subject: { kind: r.subject_kind as Subject['kind'], id: r.subject_id },
  status: r.status,
  priority: r.priority,
  reasons: JSON.parse(r.reasons) as string[],
  openedAt: Number(r.opened_at),
  updatedAt: Number(r.updated_at),
  ...(r.uncertainty === null || r.uncertainty === undefined ? {} : { uncertainty: r.uncertainty }),
});

/**
 * The review queue: cases, decisions, and the audit chain every change is written to in the same
 * transaction. Built from a store (`reviewService(store)`), like Ozone's services, so it can run
 * inside a caller's transaction.
 */
export class ReviewService {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  private audit(actor: string, action: string, subject: Subject | undefined, details: { [key: string]: Json }): void {
    const last = this.store.sqlite.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    const entry: AuditFields = {
      seq: (last ? Number(last.seq) : 0) + 1,
      at: this.now(),
      actor,
      action,
      subjectKind: subject?.kind ?? null,
      subjectId: subject?.id ?? null,
      details,
    };
    const prevHash = last?.hash ?? GENESIS_HASH;
    this.store.sqlite
      .prepare('INSERT INTO audit (seq, at, actor, action, subject_kind, subject_id, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(entry.seq, entry.at, actor, action, entry.subjectKind, entry.subjectId, JSON.stringify(details), prevHash, auditHash(prevHash, entry));
  }

  /** Opens a case for a subject, or raises the priority and adds reasons of the case already open. */
  openCase(subject: Subject, reasons: string[], priority: number, actor = 'marsad'): CaseView {
    return this.store.sqlite.transaction(() => {
      const existing = this.store.sqlite
        .prepare("SELECT * FROM cases WHERE subject_kind = ? AND subject_id = ? AND status IN ('open', 'in_review')")
        .get(subject.kind, subject.id) as CaseRow | undefined;
      const now = this.now();
      if (existing) {
        const merged = [...new Set([...(JSON.parse(existing.reasons) as string[]), ...reasons])];
        const newPriority = Math.max(existing.priority, priority);
        this.store.sqlite.prepare('UPDATE cases SET reasons = ?, priority = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(merged), newPriority, now, existing.id);
        return view({ ...existing, reasons: JSON.stringify(merged), priority: newPriority, updated_at: now });
      }
      const row: CaseRow = { id: randomUUID(), subject_kind: subject.kind, subject_id: subject.id, status: 'open', priority, reasons: JSON.stringify(reasons), opened_at: now, updated_at: now };
      this.store.sqlite
        .prepare('INSERT INTO cases (id, subject_kind, subject_id, status, priority, reasons, opened_at, updated_at) VALUES (@id, @subject_kind, @subject_id, @status, @priority, @reasons, @opened_at, @updated_at)')
        .run(row);
      this.audit(actor, 'case.open', subject, { case: row.id, reasons, priority });
      return view(row);
    })();
  }

  getCase(id: string): CaseView | undefined {
    const row = this.store.sqlite.prepare('SELECT * FROM cases WHERE id = ?').get(id) as CaseRow | undefined;
    return row ? view(row) : undefined;
  }

  /**
   * Open cases, most urgent first; or, with `order: 'uncertainty'`, the post cases the classifier is
   * least sure of first (uncertainty sampling: the labels that teach the model most).
   */
  queue(options: { limit?: number; order?: 'priority' | 'uncertainty' } = {}): CaseView[] {
    const uncertainty = `(SELECT min(abs(s.score - 0.5)) FROM signals s WHERE s.detector = 'classify' AND s.subject_kind = 'post' AND s.subject_id = cases.subject_id)`;
    const order = options.order === 'uncertainty' ? 'uncertainty IS NULL, uncertainty ASC, priority DESC' : 'priority DESC, opened_at ASC';
    const rows = this.store.sqlite
      .prepare(`SELECT cases.*, ${uncertainty} AS uncertainty FROM cases WHERE status IN ('open', 'in_review') ORDER BY ${order}, id LIMIT ?`)
      .all(options.limit ?? 50) as CaseRow[];
    return rows.map(view);
  }

  /** Opens cases for the `limit` posts the classifier is least sure of that nobody has reviewed. */
  openUncertainCases(limit: number, actor = 'marsad'): CaseView[] {
    const rows = this.store.sqlite
      .prepare(`SELECT subject_id, min(abs(score - 0.5)) AS u FROM signals WHERE detector = 'classify' AND subject_kind = 'post'
        AND subject_id NOT IN (SELECT subject_id FROM cases WHERE subject_kind = 'post')
        -- A repost carries its original's score: review the original once, not every share of it.
        AND subject_id NOT IN (SELECT id FROM posts WHERE repost_of IS NOT NULL) GROUP BY subject_id ORDER BY u ASC, subject_id LIMIT ?`)
      .all(limit) as { subject_id: string; u: number }[];
    return rows.map((r) => this.openCase({ kind: 'post', id: r.subject_id }, ['classify.uncertain'], 0.5 - r.u, actor));
  }

  /** Records a decision; a label (e.g. `propaganda` / `benign`) becomes training data for the classifier. */
  decide(caseId: string, reviewer: string, verdict: Verdict, options: { label?: string; note?: string } = {}): CaseView {
    return this.store.sqlite.transaction(() => {
      const row = this.store.sqlite.prepare('SELECT * FROM cases WHERE id = ?').get(caseId) as CaseRow | undefined;
      if (!row) throw new Error(`no case ${caseId}`);
      const now = this.now();
      this.store.sqlite
        .prepare('INSERT INTO decisions (case_id, reviewer, verdict, label, note, at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(caseId, reviewer, verdict, options.label ?? null, options.note ?? null, now);
      const status = verdict === 'needs_escalation' || verdict === 'unsure' ? 'in_review' : 'decided';
      this.store.sqlite.prepare('UPDATE cases SET status = ?, updated_at = ? WHERE id = ?').run(status, now, caseId);
      const subject = { kind: row.subject_kind as Subject['kind'], id: row.subject_id };
      this.audit(reviewer, 'case.decide', subject, { case: caseId, verdict, label: options.label ?? null, note: options.note ?? null });
      return view({ ...row, status, updated_at: now });
    })();
  }

  /** The latest labelled decision per post, with the post's text: what `marsad model retrain` learns from. */
  labelledPosts(): LabelledPost[] {
    const rows = this.store.sqlite
      .prepare(`SELECT p.id AS postId, p.text AS text, d.label AS label, p.author_id AS author, d.at AS decidedAt
        FROM decisions d JOIN cases c ON c.id = d.case_id JOIN posts p ON p.id = c.subject_id
        WHERE c.subject_kind = 'post' AND d.label IS NOT NULL
          AND d.at = (SELECT max(d2.at) FROM decisions d2 WHERE d2.case_id = d.case_id AND d2.label IS NOT NULL)
        ORDER BY d.at, p.id`)
      .all() as LabelledPost[];
    return rows.map((r) => ({ ...r, decidedAt: Number(r.decidedAt) }));
  }

  verifyAudit(): ChainProblem | undefined {
    const rows = this.store.sqlite.prepare('SELECT * FROM audit ORDER BY seq').iterate() as IterableIterator<{
      seq: number; at: number; actor: string; action: string; subject_kind: string | null; subject_id: string | null; details: string; prev_hash: string; hash: string;
    }>;
    return verifyChain(
      (function* () {
        for (const r of rows) {
          yield {
            seq: Number(r.seq), at: Number(r.at), actor: r.actor, action: r.action, subjectKind: r.subject_kind, subjectId: r.subject_id,
            details: JSON.parse(r.details) as { [key: string]: Json }, prevHash: r.prev_hash, hash: r.hash,
          };
        }
      })(),
    );
  }
}

export const reviewService = (store: Store, now?: () => number): ReviewService => new ReviewService(store, now);
