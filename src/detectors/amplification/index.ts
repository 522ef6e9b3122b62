/** Bought amplification: per-account automation score and follower-market clusters. */
export * from './clusters.js';
export * from './evaluate.js';
export * from './features.js';
