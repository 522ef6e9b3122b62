export * from './types.js';
export { featuresOf, normalizeMessage, tokenSet } from './features.js';
export { CoordinationBatch } from './batch.js';
export { CoordinationStream, type StreamOptions, type StreamState } from './stream.js';
export { detectCampaigns, campaignSignals, DEFAULT_CAMPAIGN_OPTIONS, type CampaignOptions } from './campaigns.js';
export { edgesCsv, toGraphml, toGexf, campaignsJson, xmlEscape } from './output.js';
