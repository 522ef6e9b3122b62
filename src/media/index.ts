export * from './errors.js';
export * from './address.js';
export * from './sniff.js';
export * from './decode.js';
export * from './fetch.js';
