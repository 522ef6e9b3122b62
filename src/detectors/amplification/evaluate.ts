/**
 * Amplification evaluation against simulator truth (pure). Account level: the bots and customers the
 * campaigns name against the truth's bot batches; and the automation score (>= `threshold`) against
 * the truth's bots, when scores are given.
 */
import type { Campaign } from '../../model/index.js';
import type { Truth } from '../../simulate/truth.js';

export interface PrecisionRecall {
  precision: number;
  recall: number;
  f1: number;
  predicted: number;
  truth: number;
}

export interface AmplificationEvaluation extends PrecisionRecall {
  bots: PrecisionRecall;
  customers: PrecisionRecall;
  campaigns: number;
  batches: number;
  automation?: PrecisionRecall;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function precisionRecall(predicted: ReadonlySet<string>, expected: ReadonlySet<string>): PrecisionRecall {
  let hit = 0;
  for (const p of predicted) if (expected.has(p)) hit++;
  const precision = predicted.size > 0 ? hit / predicted.size : 0;
  const recall = expected.size > 0 ? hit / expected.size : 0;
  return {
    precision: round(precision), recall: round(recall), f1: round(precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0),
    predicted: predicted.size, truth: expected.size,
  };
}

const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((v): v is string => typeof v === 'string') : []);

export function evaluateAmplification(
  truth: Pick<Truth, 'botBatches'>,
  campaigns: readonly Campaign[],
  scores?: ReadonlyMap<string, number>,
  threshold = 0.5,
): AmplificationEvaluation {
  const amp = campaigns.filter((c) => c.kind === 'amplification');
  const trueBots = new Set(truth.botBatches.flatMap((b) => b.bots));
  const trueCustomers = new Set(truth.botBatches.flatMap((b) => b.customers));
  const predBots = new Set(amp.flatMap((c) => strings(c.summary.bots)));
  const predCustomers = new Set(amp.flatMap((c) => strings(c.summary.customers)));
  const all = precisionRecall(new Set([...predBots, ...predCustomers]), new Set([...trueBots, ...trueCustomers]));
  const out: AmplificationEvaluation = {
    ...all,
    bots: precisionRecall(predBots, trueBots),
    customers: precisionRecall(predCustomers, trueCustomers),
    campaigns: amp.length,
    batches: truth.botBatches.length,
  };
  if (scores) {
    const flagged = new Set([...scores].filter(([, s]) => s >= threshold).map(([id]) => id));
    out.automation = precisionRecall(flagged, trueBots);
  }
  return out;
}
