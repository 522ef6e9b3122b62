/** What `marsad simulate` takes, and the calibration every other module reads. */
export const SIM_FORMATS = ['x-v2', 'jetstream', 'mastodon', 'csv'] as const;
export type SimFormat = (typeof SIM_FORMATS)[number];

export interface SimOptions {
  /** Accounts alive at the start (organic + network + bots); returning accounts come on top. */
  accounts: number;
  days: number;
  seed: string;
  format: SimFormat;
  images: boolean;
  /** First instant of the simulated period (epoch ms, UTC). Fixed default: output must not depend on the clock. */
  start: number;
}

export const DEFAULT_OPTIONS: SimOptions = {
  accounts: 2000,
  days: 3,
  seed: 'marsad',
  format: 'x-v2',
  images: false,
  start: Date.UTC(2026, 0, 5),
};

/**
 * Calibration. Network figures follow Berger & Morgan's ISIS Twitter Census (a hyperactive core of
 * 500–2,000 among tens of thousands, about 1,000 followers on average, most profiles Arabic) and the
 * Kaggle "How ISIS Uses Twitter" set (10 of 112 accounts wrote half the tweets).
 */
export const CALIBRATION = {
  /** Organic posts per account per day: log-normal median and shape (heavy-tailed). */
  organicRateMedian: 0.8,
  organicRateSigma: 1.2,
  organicRateCap: 80,
  organicFollowersMedian: 120,
  organicFollowersSigma: 1.6,
  /**
   * Share of organic posts that are reposts / replies (viral and campaign reposts bring all posts to
   * about a third); share of originals carrying a link (reposts carry theirs: ~45% of all posts).
   */
  repostShare: 0.25,
  replyShare: 0.1,
  /** Links appear in ~45% of all posts; reposts carry their original's links, so originals need more. */
  linkShareOfOriginals: 0.5,
  hashtagShare: 0.25,
  /** Network share of all starting accounts, and the hyperactive core's share of the network. */
  networkShare: 0.04,
  coreShare: 0.04,
  /**
   * Share of members' own posts by the top 10/112 of them (the Zipf exponent is solved for it). Above
   * one half because campaign posts, spread over many members, dilute it to about a half overall.
   */
  networkTopShare: 0.7,
  networkMeanRate: 8,
  networkRateCap: 250,
  networkFollowersMedian: 600,
  networkFollowersSigma: 1.0,
  /** What network members post on their own: org messages, reposts of members, everyday text. */
  networkMessageShare: 0.55,
  networkRepostShare: 0.3,
  /** Share of the network suspended during the run, and of those, the share that comes back. */
  suspensionShare: 0.15,
  reentryShare: 0.6,
  /** Events per simulated day. */
  releasesPerDay: 2,
  raidsPerDay: 2,
  hijacksPerDay: 1,
  newsPerDay: 2,
  viralsPerDay: 1,
  /** Bot batches: one per this many accounts (at least 2), each of these sizes. */
  accountsPerBotBatch: 4000,
  botBatchMin: 12,
  botBatchMax: 40,
  /** Hours between a bot's reposts (fixed per batch, tiny jitter). */
  botPeriodHoursMin: 2,
  botPeriodHoursMax: 6,
};
