export * from './normalize.js';
export * from './skeleton.js';
export * from './tokens.js';
export * from './urls.js';
export * from './entities.js';
export * from './lang.js';
export { dominantScript, langWords, type Script } from './lang-features.js';
export * from './names.js';
export * from './translit.js';
