export * from './urls.js';
export * from './entities.js';
