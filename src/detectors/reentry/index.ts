/** Ban evasion: fingerprints of removed accounts, blocking, link scoring, shout-outs, evaluation. */
export * from './activity.js';
export * from './assign.js';
export * from './blocking.js';
export * from './lookalikes.js';
export * from './evaluate.js';
export * from './fingerprint.js';
export * from './linker.js';
export * from './names.js';
export * from './score.js';
export * from './shoutout.js';
