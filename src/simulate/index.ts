/**
 * `simulate(options)`: builds the population and the plan, renders images if asked, then streams the
 * world slice by slice into the chosen platform format, `labels.tsv` and `truth-posts.tsv`, and ends
 * with `truth.json`. Deterministic in the options; memory does not grow with the number of posts.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildPopulation, HandleRegistry } from './accounts.js';
import { JetstreamWriter } from './formats/jetstream.js';
import { MastodonWriter } from './formats/mastodon.js';
import { IoCsvWriter } from './formats/csv.js';
import { XV2Writer } from './formats/xv2.js';
import type { FormatWriter, WriterContext } from './formats/common.js';
import { bskyIds, mastodonIds, xIds } from './ids.js';
import { DEFAULT_OPTIONS, type SimFormat, type SimOptions } from './params.js';
import { makePlan } from './plan.js';
import { Sidecars } from './sidecars.js';
import { TRUTH_POST_COLUMNS, type Truth, type TruthImage } from './truth.js';
import { NO_MEDIA, type IdScheme, type SimPost } from './types.js';
import { World } from './world.js';

export type { SimOptions, SimFormat } from './params.js';
export { SIM_FORMATS, DEFAULT_OPTIONS } from './params.js';
export { readTruth, readTruthPosts, type Truth } from './truth.js';

export const idsFor = (format: SimFormat): IdScheme => (format === 'jetstream' ? bskyIds : format === 'mastodon' ? mastodonIds : xIds);

function writerFor(format: SimFormat, ctx: WriterContext): FormatWriter {
  if (format === 'jetstream') return new JetstreamWriter(ctx);
  if (format === 'mastodon') return new MastodonWriter(ctx);
  if (format === 'csv') return new IoCsvWriter(ctx);
  return new XV2Writer(ctx);
}

export interface SimProgress {
  posts: number;
  /** Fraction of simulated time done. */
  done: number;
}

export async function simulate(out: string, options: Partial<SimOptions> = {}, onProgress?: (p: SimProgress) => void): Promise<Truth> {
  const opts: SimOptions = { ...DEFAULT_OPTIONS, ...options };
  await mkdir(out, { recursive: true });
  const ids = idsFor(opts.format);
  const handles = new HandleRegistry();
  const pop = buildPopulation(opts, ids, handles);
  const plan = makePlan(opts, pop, ids, handles);
  let images: TruthImage[] = [];
  let media = NO_MEDIA;
  if (opts.images) {
    const avatars = pop.network.map((a) => a.avatar);
    // sharp loads only when images are asked for: a plain run starts faster.
    const { generateImages } = await import('./images.js');
    ({ library: media, images } = await generateImages(out, opts.seed, plan, avatars));
  }
  const world = new World(opts, pop, plan, ids, media);
  const writer = writerFor(opts.format, { dir: out, ids, media, accounts: pop.accounts.length, end: world.end });
  const sidecars = new Sidecars(out, ids, pop.accounts.length);
  const span = world.end - opts.start;
  for (const slice of world.slices()) {
    for (const e of slice) {
      writer.write(e);
      if (e.type === 'post') sidecars.post(e);
    }
    await Promise.all([writer.ready(), sidecars.ready()]);
    if (onProgress && slice.length > 0) onProgress({ posts: sidecars.stats.posts, done: (slice[slice.length - 1]!.t - opts.start) / span });
  }
  await writer.close();
  const stats = await sidecars.close();

  const q = (a: SimPost['author']): string => ids.qualifiedAccount(a);
  const truth: Truth = {
    version: 1,
    seed: opts.seed,
    format: opts.format,
    platform: ids.platform,
    start: opts.start,
    end: world.end,
    files: {
      ...writer.files,
      'labels.tsv': 'text \\t label (propaganda|benign) \\t account, one line per original post (reposts excluded)',
      'truth-posts.tsv': `every post: ${TRUTH_POST_COLUMNS.join(', ')}`,
      ...(opts.images ? { 'media/': 'generated images; a media URL ends with the file name' } : {}),
    },
    accounts: pop.accounts.length,
    network: { members: pop.network.map(q), core: pop.network.filter((a) => a.core).map(q) },
    campaigns: world.campaigns.finish(),
    releases: world.campaigns.releases,
    images,
    suspensions: plan.suspensions.map((s) => ({ account: q(s.account), handle: ids.handle(s.account.handle), at: s.t })),
    reentries: world.campaigns.reentries,
    botBatches: plan.batches.map((b) => ({
      id: b.id,
      campaign: b.id,
      bots: b.bots.map(q),
      customers: b.customers.map(q),
      createdFrom: Math.min(...b.bots.map((a) => a.created)),
      createdTo: Math.max(...b.bots.map((a) => a.created)),
      intervalMs: b.period,
    })),
    virals: world.campaigns.virals,
    postLabels: { file: 'truth-posts.tsv', columns: [...TRUTH_POST_COLUMNS] },
    stats,
  };
  await writeFile(join(out, 'truth.json'), `${JSON.stringify(truth, null, 1)}\n`);
  return truth;
}
