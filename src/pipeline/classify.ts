/**
 * The classifier in the pipeline: the registry's active model of a task scores every post into
 * `classify` signals (what rules and the review queue act on), each shadow model into
 * `classify.shadow` signals (compared, never acted on); review decisions become training labels
 * (`retrainFromReviews`).
 *
 * Reposts: a repost carries its original's text, so the text is scored once and every repost gets a
 * signal with the original's score (evidence `repostOf`): rules and truth are per post, and a repost
 * of propaganda is propaganda spread. The scorer remembers the last `cacheSize` scored texts by the
 * id of the post that wrote them; a repost whose original is not in the store is scored on its own
 * text (X's "RT @handle: " prefix removed), and one with no text (a Bluesky repost record) is skipped.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { reviewService } from '../cases/review.js';
import {
  formatFromPath, loadClassifier, parseDataset, train, trainOptions, uncertainty,
  type Classifier, type DataFormat, type Example, type ModelFile, type Prediction, type TrainOptions,
} from '../detectors/classify/index.js';
import type { Json, Signal } from '../model/index.js';
import type { Store } from '../store/db.js';
import { activeAndShadows, registerModel, ModelRegistryError, type ModelStatus, type ModelSummary } from '../store/models.js';
import { insertSignals } from '../store/signals.js';
import { normalizeForMatching } from '../text/normalize.js';

export const DEFAULT_TASK = 'propaganda';
export const DEFAULT_TARGET = 'propaganda';

export interface LoadedModel {
  task: string;
  version: number;
  status: ModelStatus;
  classifier: Classifier;
}

export interface TaskModels {
  active?: LoadedModel;
  shadows: LoadedModel[];
}

/** The active model and the shadows of `task`, ready to predict. */
export async function loadTaskModels(store: Store, task = DEFAULT_TASK): Promise<TaskModels> {
  const { active, shadows } = await activeAndShadows(store.db, task);
  const load = (m: NonNullable<typeof active>): LoadedModel => ({ task, version: m.version, status: m.status, classifier: loadClassifier(m.model) });
  return { ...(active ? { active: load(active) } : {}), shadows: shadows.map(load) };
}

/** Where a model's training data lives, recorded so that `retrainFromReviews` can find it again. */
export interface DataSpec {
  path: string;
  textCol: string;
  labelCol: string;
  groupCol?: string;
  format?: DataFormat;
}

/** Validates a model file and registers it as the next version of `task`. */
export async function registerModelFile(
  store: Store,
  task: string,
  model: unknown,
  options: { as?: 'active' | 'shadow'; data?: DataSpec; training?: { [key: string]: Json }; now?: number } = {},
): Promise<ModelSummary> {
  const file = loadClassifier(model).model;
  const data = options.data ? dataRecord(options.data, file) : null;
  return registerModel(store.db, {
    task,
    model: file,
    metrics: file.metrics,
    training: { examples: file.training.examples, classCounts: file.training.classCounts, data, ...options.training },
    as: options.as ?? 'active',
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
}

function dataRecord(d: DataSpec, file?: ModelFile): { [key: string]: Json } {
  const path = resolve(d.path);
  const record: { [key: string]: Json } = { path, textCol: d.textCol, labelCol: d.labelCol };
  if (d.groupCol !== undefined) record.groupCol = d.groupCol;
  if (d.format !== undefined) record.format = d.format;
  if (file?.training.sha256 !== undefined) record.sha256 = file.training.sha256;
  return record;
}

/**
 * Trains a model on a labelled file and registers it (the data recorded for retraining): what
 * `marsad analyze` does with the simulator's `labels.tsv` when a task has no model yet. The target
 * label (default `propaganda`) is the positive class when the data has it.
 */
export async function trainAndRegister(
  store: Store,
  data: DataSpec,
  options: { task?: string; target?: string; as?: 'active' | 'shadow'; trainOptions?: Parameters<typeof trainOptions>[0] } = {},
): Promise<ModelSummary> {
  const { examples, sha256, bytes } = readData(data);
  const target = options.target ?? DEFAULT_TARGET;
  const positive = examples.some((e) => e.label === target) ? { positive: target } : {};
  const { model } = train(examples, trainOptions({ ...positive, ...options.trainOptions }), { sha256, bytes, source: basename(data.path) });
  return registerModelFile(store, options.task ?? DEFAULT_TASK, model, { as: options.as ?? 'active', data });
}

// ------------------------------------------------------------------------------------------- scoring

/** What the scorer needs of a post (a `Post` will do). */
export type ScoredPost = { id: string; createdAt: number; text: string; repostOf?: string | undefined };

export interface ScorerOptions {
  /** The label whose probability is the score (default `propaganda`, else the model's positive label). */
  target?: string;
  /** Explanation n-grams in the evidence (default 5). */
  explain?: number;
  /** Texts remembered for reposts (default 20,000). */
  cacheSize?: number;
}

export interface PostScorer {
  /** `classify` from the active model, `classify.shadow` from each shadow; `originalText`: a repost's original. */
  score(post: ScoredPost, originalText?: string): Signal[];
  /** Texts run through the models so far (a repost answered from the cache is not one). */
  readonly scored: number;
}

interface Scored {
  detector: string;
  score: number;
  evidence: { [key: string]: Json };
}

const RT_PREFIX = /^RT @[\w.-]+:\s*/;

export function targetOf(classifier: Classifier, target?: string): string {
  const chosen = target ?? (classifier.labels.includes(DEFAULT_TARGET) ? DEFAULT_TARGET : classifier.model.positive);
  if (chosen === undefined || !classifier.labels.includes(chosen)) {
    throw new ModelRegistryError(`target label "${chosen ?? ''}" is not among the model's labels (${classifier.labels.join(', ')})`, 'bad_task');
  }
  return chosen;
}

function evidenceOf(m: LoadedModel, target: string, p: Prediction): { [key: string]: Json } {
  return {
    task: m.task,
    version: m.version,
    model: `${m.task}@v${m.version}`,
    target,
    label: p.label,
    probabilities: p.probabilities,
    uncertainty: uncertainty(p),
    features: (p.explanation ?? []).map((e) => ({ ngrams: e.ngrams.map((g) => `${g.kind}:${g.text}`), contribution: e.contribution })),
  };
}

/** A per-post scorer for streams and batches; pure apart from its bounded cache. */
export function createPostScorer(models: TaskModels, options: ScorerOptions = {}): PostScorer {
  const all = [...(models.active ? [{ m: models.active, detector: 'classify' }] : []), ...models.shadows.map((m) => ({ m, detector: 'classify.shadow' }))];
  const targets = all.map(({ m }) => targetOf(m.classifier, options.target));
  const explain = options.explain ?? 5;
  const cacheSize = options.cacheSize ?? 20_000;
  const cache = new Map<string, Scored[]>();
  let scored = 0;
  const run = (text: string): Scored[] => {
    scored++;
    return all.map(({ m, detector }, i) => {
      const p = m.classifier.predict(text, { explain });
      return { detector, score: p.probabilities[targets[i]!]!, evidence: evidenceOf(m, targets[i]!, p) };
    });
  };
  const remember = (key: string, value: Scored[]): void => {
    if (cache.size >= cacheSize) cache.delete(cache.keys().next().value!);
    cache.set(key, value);
  };
  return {
    get scored() {
      return scored;
    },
    score(post: ScoredPost, originalText?: string): Signal[] {
      let results: Scored[] | undefined;
      if (post.repostOf === undefined) {
        results = run(post.text);
        remember(post.id, results);
      } else {
        results = cache.get(post.repostOf);
        if (!results) {
          const text = originalText ?? post.text.replace(RT_PREFIX, '');
          if (!text.trim()) return [];
          results = run(text);
          remember(post.repostOf, results);
        }
      }
      const via: { [key: string]: Json } = post.repostOf !== undefined ? { repostOf: post.repostOf } : {};
      return results.map((r) => ({ subject: { kind: 'post' as const, id: post.id }, detector: r.detector, score: r.score, evidence: { ...r.evidence, ...via }, at: post.createdAt }));
    },
  };
}

export interface ClassifySummary {
  task: string;
  target: string;
  activeVersion: number;
  shadowVersions: number[];
  posts: number;
  /** `classify` signals written (posts minus reposts with nothing to score). */
  signals: number;
  shadowSignals: number;
  reposts: number;
  /** Texts run through the models: below `posts` by the reposts answered from the cache. */
  textsScored: number;
  elapsedMs: number;
}

const PAGE = 1000;

/**
 * Scores every post of the store with the task's active and shadow models, replacing the task's
 * earlier `classify` / `classify.shadow` signals in one transaction (idempotent; other tasks' signals
 * stay). Synchronous inside: pages are read and signals written on the one SQLite connection.
 */
export async function classifyStore(
  store: Store,
  options: { task?: string; onProgress?: (done: number, total: number) => void } & ScorerOptions = {},
): Promise<ClassifySummary> {
  const started = performance.now();
  const task = options.task ?? DEFAULT_TASK;
  const models = await loadTaskModels(store, task);
  if (!models.active) throw new ModelRegistryError(`no active model for task "${task}" (register one: marsad model register)`, 'no_active_model');
  const target = targetOf(models.active.classifier, options.target);
  const scorer = createPostScorer(models, { ...options, target });
  const db = store.sqlite;
  const total = (db.prepare('SELECT count(*) AS n FROM posts').get() as { n: number }).n;
  const select = `SELECT p.id, p.created_at, p.text, p.repost_of, o.text AS original_text FROM posts p LEFT JOIN posts o ON o.id = p.repost_of`;
  const first = db.prepare(`${select} ORDER BY p.created_at, p.id LIMIT ?`);
  const next = db.prepare(`${select} WHERE p.created_at > ? OR (p.created_at = ? AND p.id > ?) ORDER BY p.created_at, p.id LIMIT ?`);
  type Row = { id: string; created_at: number; text: string; repost_of: string | null; original_text: string | null };
  const summary: ClassifySummary = {
    task, target, activeVersion: models.active.version, shadowVersions: models.shadows.map((m) => m.version),
    posts: 0, signals: 0, shadowSignals: 0, reposts: 0, textsScored: 0, elapsedMs: 0,
  };
  db.transaction(() => {
    db.prepare(`DELETE FROM signals WHERE detector IN ('classify', 'classify.shadow') AND coalesce(json_extract(evidence, '$.task'), ?) = ?`).run(task, task);
    const now = Date.now();
    let rows = first.all(PAGE) as Row[];
    while (rows.length > 0) {
      const signals = rows.flatMap((r) => {
        if (r.repost_of !== null) summary.reposts++;
        const post = { id: r.id, createdAt: Number(r.created_at), text: r.text, ...(r.repost_of !== null ? { repostOf: r.repost_of } : {}) };
        return scorer.score(post, r.original_text ?? undefined);
      });
      insertSignals(store, signals, now);
      for (const s of signals) s.detector === 'classify' ? summary.signals++ : summary.shadowSignals++;
      summary.posts += rows.length;
      options.onProgress?.(summary.posts, total);
      if (rows.length < PAGE) break;
      const last = rows[rows.length - 1]!;
      rows = next.all(last.created_at, last.created_at, last.id, PAGE) as Row[];
    }
  })();
  summary.textsScored = scorer.scored;
  summary.elapsedMs = performance.now() - started;
  return summary;
}

// ------------------------------------------------------------------------------------------ retraining

export interface RetrainOptions {
  task?: string;
  /** Base training data; default: the active model's recorded data file, if it still exists. */
  baseData?: DataSpec;
  as?: 'active' | 'shadow';
  /** Copies of each review label in the training set (default 3; `train` has no per-example weights). */
  reviewWeight?: number;
  /** Training options; default: the active model's own (so features and target stay the same). */
  trainOptions?: Parameters<typeof trainOptions>[0];
  now?: number;
}

export interface RetrainSummary {
  model: ModelSummary;
  baseExamples: number;
  /** Where the base examples came from (null: review labels only). */
  baseData: string | null;
  reviewLabels: number;
  /** Base examples whose text a reviewer labelled (the reviewer's label replaces them). */
  overridden: number;
  /** Review labels not among the task's labels (another task's vocabulary), left out. */
  ignoredReviewLabels: number;
  examples: number;
  notes: string[];
}

function readData(spec: DataSpec): { examples: Example[]; sha256: string; bytes: number } {
  const format = spec.format ?? formatFromPath(spec.path);
  if (!format) throw new ModelRegistryError(`cannot tell the format of ${spec.path} (csv, tsv or jsonl)`, 'bad_data');
  const bytes = readFileSync(spec.path);
  const { examples } = parseDataset(bytes.toString('utf8'), {
    format, textCol: spec.textCol, labelCol: spec.labelCol, ...(spec.groupCol !== undefined ? { groupCol: spec.groupCol } : {}),
  });
  return { examples, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
}

/** The data file recorded with a model, if it still exists, and the sha256 it had then. */
function recordedData(training: { [key: string]: Json } | undefined): { spec: DataSpec; sha256?: string } | undefined {
  const d = training?.data;
  if (!d || typeof d !== 'object' || Array.isArray(d)) return undefined;
  const { path, textCol, labelCol, groupCol, format, sha256 } = d;
  if (typeof path !== 'string' || typeof textCol !== 'string' || typeof labelCol !== 'string' || !existsSync(path)) return undefined;
  const spec = { path, textCol, labelCol, ...(typeof groupCol === 'string' ? { groupCol } : {}), ...(typeof format === 'string' ? { format: format as DataFormat } : {}) };
  return { spec, ...(typeof sha256 === 'string' ? { sha256 } : {}) };
}

/**
 * Trains the next version of a task from base data plus the reviewers' labels and registers it.
 * Review labels: the latest labelled decision per post; a repost is labelled with its original's
 * text; a review label replaces any base example with the same normalised text; each is counted
 * `reviewWeight` times. Without base data (given or recorded) it learns from review labels alone.
 */
export async function retrainFromReviews(store: Store, options: RetrainOptions = {}): Promise<RetrainSummary> {
  const task = options.task ?? DEFAULT_TASK;
  const weight = Math.max(1, Math.floor(options.reviewWeight ?? 3));
  const notes: string[] = [];
  const current = (await activeAndShadows(store.db, task)).active;
  const currentFile = current ? loadClassifier(current.model).model : undefined;

  const recorded = options.baseData ? undefined : recordedData(current?.training);
  const spec = options.baseData ?? recorded?.spec;
  const base = spec ? readData(spec) : undefined;
  if (!spec) notes.push(current ? `v${current.version} records no training data file that still exists: learning from review labels only` : 'no base data: learning from review labels only');
  if (recorded) notes.push(`base data: ${recorded.spec.path}, recorded with v${current!.version}`);
  if (recorded?.sha256 !== undefined && recorded.sha256 !== base!.sha256) notes.push(`${recorded.spec.path} changed since v${current!.version} was trained`);

  const known = new Set([...(currentFile?.labels ?? []), ...(base?.examples.map((e) => e.label) ?? [])]);
  const useGroups = base?.examples.some((e) => e.group !== undefined) ?? false;
  const originalText = store.sqlite.prepare('SELECT o.text FROM posts p JOIN posts o ON o.id = p.repost_of WHERE p.id = ?');
  const reviewed = new Map<string, Example>();
  let ignored = 0;
  for (const l of reviewService(store).labelledPosts()) {
    if (known.size > 0 && !known.has(l.label)) {
      ignored++;
      continue;
    }
    const text = (originalText.get(l.postId) as { text: string } | undefined)?.text ?? l.text.replace(RT_PREFIX, '');
    if (!text.trim()) continue;
    // Ordered by decision time: a later decision on the same text wins.
    reviewed.set(normalizeForMatching(text), { text, label: l.label, ...(useGroups ? { group: l.author } : {}) });
  }
  if (reviewed.size === 0) notes.push('no labelled review decisions yet: the new version learns from the base data only');
  const kept = (base?.examples ?? []).filter((e) => !reviewed.has(normalizeForMatching(e.text)));
  const examples = [...kept, ...[...reviewed.values()].flatMap((e) => Array.from({ length: weight }, () => e))];
  const present = new Set(examples.map((e) => e.label));
  if (present.size < 2) throw new ModelRegistryError(`retraining needs examples of at least two labels, found ${[...present].join(', ') || 'none'}`, 'bad_data');

  const o: TrainOptions = { ...(options.trainOptions ? trainOptions(options.trainOptions) : (currentFile?.options ?? trainOptions())) };
  if (o.positive !== undefined && !present.has(o.positive)) delete o.positive;
  const labels = [...(currentFile?.labels.filter((l) => present.has(l)) ?? []), ...[...present].filter((l) => !currentFile?.labels.includes(l)).sort()];
  const { model } = train(examples, o, {
    ...(base && spec ? { sha256: base.sha256, bytes: base.bytes, source: basename(spec.path) } : {}),
    report: { reviewLabels: reviewed.size, reviewWeight: weight },
  }, labels);

  const registered = await registerModelFile(store, task, model, {
    as: options.as ?? 'active',
    ...(spec ? { data: spec } : {}),
    training: { reviewLabels: reviewed.size, reviewWeight: weight, overridden: (base?.examples.length ?? 0) - kept.length, basedOn: current?.version ?? null },
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
  return {
    model: registered,
    baseExamples: kept.length,
    baseData: spec ? resolve(spec.path) : null,
    reviewLabels: reviewed.size,
    overridden: (base?.examples.length ?? 0) - kept.length,
    ignoredReviewLabels: ignored,
    examples: examples.length,
    notes,
  };
}
