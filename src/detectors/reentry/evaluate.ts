/**
 * Re-entry evaluation against simulator truth (pure; `marsad evaluate` reads the files and calls it).
 *
 * - flagged: new accounts whose best link scored at least `threshold` (the ones that got a signal);
 * - precisionAt1: share of flagged accounts whose top-ranked old account is the true predecessor
 *   (a flag on an account that is no re-entry at all counts as wrong);
 * - recall: share of true re-entries flagged with the right predecessor on top;
 * - precision: the same as precisionAt1, under the key `marsad evaluate` prints for every detector;
 * - medianDelayMs: event time from the new account's first post to its signal (negative when the
 *   profile, its creation event and shout-outs were enough before it posted).
 */
import type { Truth } from '../../simulate/truth.js';
import { DEFAULT_REENTRY_OPTIONS, type ReentryLink } from './linker.js';

export interface EvaluatedLink {
  newAccount: string;
  /** Old account ids, best first. */
  ranked: string[];
  score: number;
  signalAt?: number;
  firstPostAt?: number;
}

export interface ReentryEvaluation {
  truth: number;
  flagged: number;
  correctAt1: number;
  precisionAt1: number;
  recall: number;
  f1: number;
  /** Share of true re-entries whose predecessor is anywhere among the ranked candidates. */
  recallAtK: number;
  precision: number;
  medianDelayMs: number | null;
  missed: string[];
  wrong: string[];
}

/** The linker's output in the form `evaluateReentry` takes. */
export function toEvaluatedLinks(links: readonly ReentryLink[]): EvaluatedLink[] {
  return links.map((l) => ({
    newAccount: l.newAccount,
    ranked: l.candidates.map((c) => c.old.id),
    score: l.candidates[0]?.score.score ?? 0,
    ...(l.signalAt !== undefined ? { signalAt: l.signalAt } : {}),
    ...(l.firstPostAt !== undefined ? { firstPostAt: l.firstPostAt } : {}),
  }));
}

export function evaluateReentry(truth: Pick<Truth, 'reentries'>, links: readonly EvaluatedLink[], threshold = DEFAULT_REENTRY_OPTIONS.threshold): ReentryEvaluation {
  const expected = new Map(truth.reentries.map((r) => [r.new, r.old]));
  const byNew = new Map(links.map((l) => [l.newAccount, l]));
  const flagged = links.filter((l) => l.score >= threshold && l.ranked.length > 0);
  const wrong: string[] = [];
  const delays: number[] = [];
  let correct = 0;
  for (const l of flagged) {
    if (expected.get(l.newAccount) === l.ranked[0]) {
      correct++;
      if (l.signalAt !== undefined && l.firstPostAt !== undefined) delays.push(l.signalAt - l.firstPostAt);
    } else wrong.push(l.newAccount);
  }
  let inTopK = 0;
  const missed: string[] = [];
  for (const [n, o] of expected) {
    const l = byNew.get(n);
    if (l?.ranked.includes(o)) inTopK++;
    if (!l || l.score < threshold || l.ranked[0] !== o) missed.push(n);
  }
  const precisionAt1 = flagged.length > 0 ? correct / flagged.length : 0;
  const recall = expected.size > 0 ? correct / expected.size : 0;
  delays.sort((a, b) => a - b);
  return {
    truth: expected.size,
    flagged: flagged.length,
    correctAt1: correct,
    precisionAt1: round(precisionAt1),
    recall: round(recall),
    f1: round(precisionAt1 + recall > 0 ? (2 * precisionAt1 * recall) / (precisionAt1 + recall) : 0),
    recallAtK: round(expected.size > 0 ? inTopK / expected.size : 0),
    precision: round(precisionAt1),
    medianDelayMs: delays.length > 0 ? delays[Math.floor((delays.length - 1) / 2)]! : null,
    missed: missed.sort(),
    wrong: wrong.sort(),
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
