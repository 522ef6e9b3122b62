/**
 * Ground truth of a simulated world, in the platform-qualified ids Marsad's decoders produce
 * (`x:<id>`, `bsky:<did>`, `bsky:<did>/<rkey>`, `mastodon:<instance>:<id>`), so `marsad evaluate` can
 * compare detector output with it directly. Per-post labels are large, so they are streamed to
 * `truth-posts.tsv` beside `truth.json` rather than kept in it.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';

export type TruthCampaignKind = 'raid' | 'hijack' | 'release' | 'amplification';

export interface TruthCampaign {
  id: string;
  kind: TruthCampaignKind;
  /** Accounts that posted in the campaign (for amplification: the bots). */
  members: string[];
  start: number;
  end: number;
  /** What the members shared, as `type:value`: `hashtag:…` (lower-cased), `url:…`, `text:…`, `post:…`, `image:…`. */
  keys: string[];
  /** Posts of the campaign. */
  posts: number;
}

export interface TruthReleaseCopy {
  post: string;
  author: string;
  at: number;
  kind: 'repost' | 'copy';
  url?: string;
  /** Image file (under `media/`) the copy carried, and the edit that made it. */
  image?: string;
  edit?: string;
}

export interface TruthRelease {
  id: string;
  campaign: string;
  post: string;
  author: string;
  at: number;
  url: string;
  text: string;
  image?: string;
  copies: TruthReleaseCopy[];
}

export interface TruthImage {
  file: string;
  sha256: string;
  width: number;
  height: number;
  /** The image this one was edited from, and how (`original` when it is the source itself). */
  of?: string;
  edit: string;
  /** What it is used for: a release, an avatar, an ordinary photo. */
  use: 'release' | 'avatar' | 'organic';
}

export interface TruthSuspension {
  account: string;
  handle: string;
  at: number;
}

export interface TruthReentry {
  old: string;
  new: string;
  oldHandle: string;
  newHandle: string;
  oldName: string;
  newName: string;
  suspendedAt: number;
  createdAt: number;
  /** Posts by other members introducing the new handle. */
  shoutouts: string[];
}

export interface TruthBotBatch {
  id: string;
  campaign: string;
  bots: string[];
  customers: string[];
  createdFrom: number;
  createdTo: number;
  intervalMs: number;
}

export interface TruthStats {
  posts: number;
  reposts: number;
  replies: number;
  withLinks: number;
  withHashtags: number;
  propaganda: number;
  byLang: Record<string, number>;
  /** Posts per network member, the concentration check ("top 10 of 112 wrote half"). */
  networkTopShare: number;
}

export interface Truth {
  version: 1;
  seed: string;
  format: string;
  platform: string;
  start: number;
  end: number;
  /** Files in the output folder and what they hold. */
  files: Record<string, string>;
  accounts: number;
  network: { members: string[]; core: string[] };
  campaigns: TruthCampaign[];
  releases: TruthRelease[];
  images: TruthImage[];
  suspensions: TruthSuspension[];
  reentries: TruthReentry[];
  botBatches: TruthBotBatch[];
  /** Organic posts that went viral: reposted by thousands of unrelated accounts (no campaign). */
  virals: Array<{ post: string; author: string; at: number; reposts: number }>;
  /** `truth-posts.tsv` columns: every post with its label. */
  postLabels: { file: string; columns: string[] };
  stats: TruthStats;
}

export const TRUTH_POST_COLUMNS = ['post', 'label', 'campaign', 'role', 'author'] as const;

export async function readTruth(path: string): Promise<Truth> {
  const truth = JSON.parse(await readFile(path, 'utf8')) as Truth;
  if (truth?.version !== 1 || !Array.isArray(truth.campaigns)) throw new Error(`${path}: not a Marsad truth file (version 1)`);
  return truth;
}

export interface TruthPostLabel {
  post: string;
  label: 'propaganda' | 'benign';
  campaign?: string;
  role: 'organic' | 'member' | 'bot';
  author: string;
}

/** Streams `truth-posts.tsv` (header first) without holding it in memory. */
export async function* readTruthPosts(path: string): AsyncGenerator<TruthPostLabel> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let first = true;
  for await (const line of lines) {
    if (first) {
      first = false;
      continue;
    }
    if (line === '') continue;
    const [post, label, campaign, role, author] = line.split('\t') as [string, TruthPostLabel['label'], string, TruthPostLabel['role'], string];
    yield campaign === '' ? { post, label, role, author } : { post, label, campaign, role, author };
  }
}
