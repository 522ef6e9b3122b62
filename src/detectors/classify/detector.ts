/**
 * The classifier as a stream operator: every post is scored, every score is a `classify` signal
 * (stateless, so no partition keys and nothing to snapshot). Evidence carries the model, the label,
 * the probabilities and the n-grams that drove the score, for the reviewer and the audit trail.
 */
import type { Post } from '../../model/post.js';
import type { Json, Signal } from '../../model/signal.js';
import type { DetectorOperator } from '../types.js';
import type { Classifier, Prediction } from './classifier.js';

export interface ClassifyDetectorOptions {
  /** Model name/version for the evidence (a registry id later). */
  model: string;
  /** The label whose probability is the signal's score; default the model's positive label. */
  target?: string;
  /** Emit only scores at or above this (default 0: every post, as the review queue's uncertainty sampling needs). */
  minScore?: number;
  /** Number of explanation features in the evidence (default 5). */
  explain?: number;
}

/** 1 − (top probability − second): 1 when the model cannot tell, 0 when it is sure (uncertainty sampling). */
export function uncertainty(p: Prediction): number {
  const [first = 0, second = 0] = Object.values(p.probabilities).sort((a, b) => b - a);
  return 1 - (first - second);
}

export function classifyDetector(classifier: Classifier, o: ClassifyDetectorOptions): DetectorOperator<null> {
  const target = o.target ?? classifier.model.positive;
  if (target === undefined || !classifier.labels.includes(target)) {
    throw new RangeError(`classify detector needs a target label among ${classifier.labels.join(', ')}`);
  }
  return {
    name: 'classify',
    partitionKeys: () => [],
    onPost(post: Post): Signal[] {
      const p = classifier.predict(post.text, { explain: o.explain ?? 5 });
      const score = p.probabilities[target]!;
      if (score < (o.minScore ?? 0)) return [];
      const evidence: Record<string, Json> = {
        model: o.model,
        target,
        label: p.label,
        probabilities: p.probabilities,
        uncertainty: uncertainty(p),
        features: (p.explanation ?? []).map((e) => ({ ngrams: e.ngrams.map((g) => `${g.kind}:${g.text}`), contribution: e.contribution })),
      };
      return [{ subject: { kind: 'post', id: post.id }, detector: 'classify', score, evidence, at: post.createdAt }];
    },
    onTick: () => [],
    snapshot: () => null,
    restore: () => {},
  };
}
