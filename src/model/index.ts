export * from './ids.js';
export * from './source.js';
export * from './post.js';
export * from './account.js';
export * from './signal.js';
export * from './campaign.js';
export * from './case.js';
