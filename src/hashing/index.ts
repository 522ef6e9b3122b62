/** Hashing: signal types, their indexes (exact, MIH for PDQ, LSH for text) and bank file formats. */
export * from './signal-type.js';
export * from './signal-types.js';
export { ExactIndex } from './exact-index.js';
export { PdqMihIndex, pdqHexToWords, type MihMatch } from './mih.js';
export { TextIndex, type TextIndexOptions } from './text-index.js';
export { UrlIndex, canonicalHost, hostChain, urlKey } from './types/url.js';
export { PdqIndex, pdqHashImage, type PdqFileHash } from './types/pdq.js';
export { textSimilarity, TEXT_MATCH_THRESHOLD } from './types/text.js';
export { PDQ_MATCH_DISTANCE, PDQ_MIN_QUALITY, DIHEDRAL, type Dihedral, type PdqWords } from './pdq.js';
export { pdqDistance, pdqFromHex, pdqToHex, isPdqHex } from './pdq-hex.js';
export { minhashSignature, estimateJaccard, jaccard } from './minhash.js';
export { LshIndex, lshParams } from './lsh.js';
export * as banks from './banks/index.js';
