import type { Store } from '../store/db.js';
import { listModels } from '../store/models.js';
import { analyzeAccounts, writeAccountsOutput } from './accounts.js';
import { hashAvatars } from './avatars.js';
import { classifyStore, DEFAULT_TASK, trainAndRegister, type ClassifySummary } from './classify.js';
import { coordinateStore, type CoordinateReport } from './coordinate.js';
import { matchStore, type MatchSummary } from './match.js';

export const ANALYSES = ['match', 'classify', 'coordination', 'accounts'] as const;
export type AnalysisName = (typeof ANALYSES)[number];

export interface AnalyzeOptions {
  /** Only these analyses (default: all). */
  only?: readonly AnalysisName[];
  /** Coordination without the viral-key guard (QUT's raw weights). */
  noViralGuard?: boolean;
  /** Media: folder that relative media paths are resolved against; fetching remote media (off by default). */
  mediaRoot?: string;
  mediaMirror?: string;
  fetchMedia?: boolean;
  /** Labelled texts (`text\tlabel\taccount`) to train the classifier on when no model is active. */
  labels?: string;
  seed?: string;
  onStep?: (name: AnalysisName) => void;
}

export interface AnalyzeReport {
  match?: MatchSummary;
  classify?: ClassifySummary | { skipped: string };
  coordination?: CoordinateReport;
  accounts?: { avatarsHashed: number; reentryLinks: number; reentrySignals: number; amplificationCampaigns: number; amplificationSignals: number; elapsedMs: number };
  elapsedMs: number;
}

/**
 * Runs the detectors over everything in the store, each replacing its previous output: known
 * content (banks), the classifier, coordination with campaigns, bursts and hijacks, ban evasion and
 * bought amplification. Order matters where one feeds
 * another: hijacks need the coordinated accounts.
 */
export async function analyze(store: Store, options: AnalyzeOptions = {}): Promise<AnalyzeReport> {
  const started = performance.now();
  const wanted = (name: AnalysisName) => !options.only || options.only.includes(name);
  const report: AnalyzeReport = { elapsedMs: 0 };
  const media = {
    ...(options.mediaRoot ? { mediaRoot: options.mediaRoot } : {}),
    ...(options.mediaMirror ? { mediaMirror: options.mediaMirror } : {}),
    ...(options.fetchMedia ? { fetchMedia: true } : {}),
  };
  if (wanted('match')) {
    options.onStep?.('match');
    report.match = await matchStore(store, media);
  }
  if (wanted('classify')) {
    options.onStep?.('classify');
    const active = await listModels(store.db, { task: DEFAULT_TASK, status: 'active' });
    if (active.length === 0 && options.labels) {
      await trainAndRegister(store, { path: options.labels, textCol: 'text', labelCol: 'label', groupCol: 'account' });
    }
    report.classify =
      active.length > 0 || options.labels
        ? await classifyStore(store)
        : { skipped: `no active ${DEFAULT_TASK} model (train one: marsad model train … && marsad model register …)` };
  }
  if (wanted('coordination')) {
    options.onStep?.('coordination');
    report.coordination = coordinateStore(store, { viralGuard: !options.noViralGuard });
  }
  if (wanted('accounts')) {
    options.onStep?.('accounts');
    const t0 = performance.now();
    const avatars = await hashAvatars(store, media);
    const accounts = analyzeAccounts(store, { avatarPdq: avatars.pdq });
    writeAccountsOutput(store, [...accounts.reentry.signals, ...accounts.amplification.signals], accounts.amplification.campaigns);
    report.accounts = {
      avatarsHashed: avatars.hashed,
      reentryLinks: accounts.reentry.links.length,
      reentrySignals: accounts.reentry.signals.length,
      amplificationCampaigns: accounts.amplification.campaigns.length,
      amplificationSignals: accounts.amplification.signals.length,
      elapsedMs: Math.round(performance.now() - t0),
    };
  }
  report.elapsedMs = Math.round(performance.now() - started);
  return report;
}
