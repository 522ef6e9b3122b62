import { dirname, join } from 'node:path';
import { evaluateAmplification } from '../detectors/amplification/evaluate.js';
import { evaluateReentry, toEvaluatedLinks } from '../detectors/reentry/evaluate.js';
import type { Truth } from '../simulate/truth.js';
import { analyzeAccounts } from './accounts.js';
import { readTruthPosts } from '../simulate/truth.js';
import type { Store } from '../store/db.js';
import { listCampaigns, listSignals } from '../store/signals.js';

export interface Score {
  precision: number;
  recall: number;
  f1: number;
  truePositives: number;
  predicted: number;
  actual: number;
  [extra: string]: number | Record<string, number>;
}

export function score(predicted: ReadonlySet<string>, actual: ReadonlySet<string>, extra: Record<string, number | Record<string, number>> = {}): Score {
  let tp = 0;
  for (const p of predicted) if (actual.has(p)) tp++;
  const precision = predicted.size === 0 ? 0 : tp / predicted.size;
  const recall = actual.size === 0 ? 0 : tp / actual.size;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const r = (x: number) => Math.round(x * 10_000) / 10_000;
  return { precision: r(precision), recall: r(recall), f1: r(f1), truePositives: tp, predicted: predicted.size, actual: actual.size, ...extra };
}

/** Evaluators by detector name. Each issue adds its own; a detector with no output is left out. */
export type Evaluator = (truth: Truth, store: Store, truthDir: string) => Promise<Score | undefined> | Score | undefined;

/**
 * Coordination: members of detected campaigns against members of the simulator's coordinated
 * campaigns. A detected member is correct if it took part in any truth campaign (raid, hijack,
 * release or bought amplification: all of them are coordinated behaviour); recall is over raid and
 * hijack members, the media raids the issue asks to find, and reported per kind.
 */
const coordination: Evaluator = (truth, store) => {
  const detected = listCampaigns(store).filter((c) => c.kind === 'coordination' || c.kind === 'raid');
  if (detected.length === 0) return undefined;
  const predicted = new Set(detected.flatMap((c) => c.members as string[]));
  const anyCampaign = new Set(truth.campaigns.flatMap((c) => c.members));
  const raids = new Set(truth.campaigns.filter((c) => c.kind === 'raid' || c.kind === 'hijack').flatMap((c) => c.members));
  let correct = 0;
  for (const p of predicted) if (anyCampaign.has(p)) correct++;
  const recallByKind: Record<string, number> = {};
  for (const kind of ['raid', 'hijack', 'release', 'amplification'] as const) {
    const members = new Set(truth.campaigns.filter((c) => c.kind === kind).flatMap((c) => c.members));
    if (members.size > 0) recallByKind[kind] = Math.round(([...members].filter((m) => predicted.has(m)).length / members.size) * 10_000) / 10_000;
  }
  const base = score(predicted, raids);
  const precision = predicted.size === 0 ? 0 : correct / predicted.size;
  const f1 = precision + base.recall === 0 ? 0 : (2 * precision * base.recall) / (precision + base.recall);
  return { ...base, precision: Math.round(precision * 10_000) / 10_000, f1: Math.round(f1 * 10_000) / 10_000, campaigns: detected.length, recallByKind };
};

/** Hijacks: hashtags flagged as hijacked against the hashtags the simulator's hijack raids stormed. */
const hijack: Evaluator = (truth, store) => {
  const signals = listSignals(store, { detector: 'trends.hijack', subjectKind: 'hashtag' });
  const actual = new Set(truth.campaigns.filter((c) => c.kind === 'hijack').flatMap((c) => c.keys.filter((k) => k.startsWith('hashtag:')).map((k) => k.slice(8))));
  // No trends output at all means the analysis did not run (not that it found nothing).
  if (signals.length === 0 && listSignals(store, { detector: 'trends', limit: 1 }).length === 0) return undefined;
  return score(new Set(signals.map((s) => s.subject.id.toLowerCase())), actual);
};

/**
 * Hash matching. Recall: the releases and their copies (reposts and edited copies) that were found.
 * Precision: matched posts that are the network's (labelled propaganda) — every post that carries a
 * release's text, link or image spreads it, also where the simulator did not list it as a copy.
 */
const match: Evaluator = async (truth, store, truthDir) => {
  const signals = listSignals(store, { detector: 'match', subjectKind: 'post' });
  if (signals.length === 0) return undefined;
  const matched = new Set(signals.map((s) => s.subject.id));
  const copies = new Set(truth.releases.flatMap((r) => [r.post, ...r.copies.map((c) => c.post)]));
  let network = 0;
  for await (const label of readTruthPosts(join(truthDir, truth.postLabels.file))) {
    if (matched.has(label.post) && label.label === 'propaganda') network++;
  }
  const byType: Record<string, number> = {};
  for (const s of signals) byType[s.detector] = (byType[s.detector] ?? 0) + 1;
  const base = score(matched, copies, { signalsByType: byType });
  const precision = matched.size === 0 ? 0 : network / matched.size;
  const f1 = precision + base.recall === 0 ? 0 : (2 * precision * base.recall) / (precision + base.recall);
  return { ...base, precision: Math.round(precision * 10_000) / 10_000, f1: Math.round(f1 * 10_000) / 10_000 };
};

/** The classifier: posts scored >= 0.5 as propaganda against the per-post labels. */
const classify: Evaluator = async (truth, store, truthDir) => {
  // Only the active model: shadow models (`classify.shadow`) are scored but not acted on.
  const signals = listSignals(store, { detector: 'classify', subjectKind: 'post' }).filter((s) => s.detector === 'classify');
  if (signals.length === 0) return undefined;
  const scored = new Map(signals.map((s) => [s.subject.id, s.score]));
  const predicted = new Set<string>();
  const actual = new Set<string>();
  for await (const label of readTruthPosts(join(truthDir, truth.postLabels.file))) {
    const p = scored.get(label.post);
    if (p === undefined) continue;
    if (p >= 0.5) predicted.add(label.post);
    if (label.label === 'propaganda') actual.add(label.post);
  }
  return score(predicted, actual, { scoredPosts: scored.size });
};

/**
 * Re-entry and amplification. The ranked candidates behind each link are not all kept as signals, so
 * the (deterministic) account analysis is run again here; its signals in the store are the same.
 */
let accountsCache: { store: Store; result: ReturnType<typeof analyzeAccounts> } | undefined;
const accountsOf = (store: Store) => {
  if (accountsCache?.store !== store) accountsCache = { store, result: analyzeAccounts(store) };
  return accountsCache.result;
};

const reentry: Evaluator = (truth, store) => {
  if (listSignals(store, { detector: 'reentry', limit: 1 }).length === 0 && truth.reentries.length === 0) return undefined;
  const e = evaluateReentry(truth, toEvaluatedLinks(accountsOf(store).reentry.links));
  const base = score(new Set(), new Set());
  return {
    ...base,
    precision: e.precision,
    recall: e.recall,
    f1: e.f1,
    truePositives: e.correctAt1,
    predicted: e.flagged,
    actual: e.truth,
    precisionAt1: e.precisionAt1,
    recallAtK: e.recallAtK,
    ...(e.medianDelayMs !== null ? { medianDelayMs: e.medianDelayMs } : {}),
  };
};

const amplification: Evaluator = (truth, store) => {
  if (truth.botBatches.length === 0 && listCampaigns(store, 'amplification').length === 0) return undefined;
  const result = accountsOf(store);
  const scores = new Map([...result.amplification.scores].map(([id, s]) => [id, s.score]));
  const e = evaluateAmplification(truth, result.amplification.campaigns, scores);
  const plain = (pr: object) => ({ ...pr }) as Record<string, number>;
  return {
    ...score(new Set(), new Set()),
    precision: e.precision,
    recall: e.recall,
    f1: e.f1,
    campaigns: e.campaigns,
    bots: plain(e.bots),
    customers: plain(e.customers),
    ...(e.automation ? { automation: plain(e.automation) } : {}),
  };
};

export const EVALUATORS: Record<string, Evaluator> = { coordination, hijack, match, classify, reentry, amplification };

export async function evaluate(truth: Truth, truthPath: string, store: Store): Promise<Record<string, Score>> {
  const out: Record<string, Score> = {};
  for (const [name, evaluator] of Object.entries(EVALUATORS)) {
    const result = await evaluator(truth, store, dirname(truthPath));
    if (result) out[name] = result;
  }
  return out;
}
