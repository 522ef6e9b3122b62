export { EwmaBaseline, kleinbergStates, DEFAULT_BURST_OPTIONS, type BurstOptions, type EwmaState } from './bursts.js';
export { HashtagTrends, DEFAULT_TREND_OPTIONS, type TrendOptions, type TrendState } from './hashtags.js';
