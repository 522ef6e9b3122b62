import { Option, type Command } from 'commander';
import { ingestLive } from '../../pipeline/ingest-live.js';
import { createJetstreamConnector } from '../../sources/live/jetstream.js';
import { createMastodonConnector, MASTODON_STREAMS, type MastodonStream } from '../../sources/live/mastodon.js';
import type { LiveConnector } from '../../sources/types.js';
import { DEFAULT_DB, openStore } from '../../store/db.js';
import { printJson } from '../options.js';
import { formatSummary } from './ingest.js';

const list = (value: string) => value.split(',').map((s) => s.trim()).filter(Boolean);

/** Runs a live source into the store until interrupted (Ctrl-C / SIGTERM), resuming from its saved cursor. */
async function watch(source: string, connector: LiveConnector, options: { db: string; json?: boolean }): Promise<void> {
  const store = await openStore(options.db);
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const summary = await ingestLive(store, connector, {
      source,
      signal: controller.signal,
      onCommit: (s, cursor) => {
        if (!options.json) process.stderr.write(`\r${s.records} records, ${s.posts} new posts, ${s.deadLetters} dead letters, cursor ${cursor ?? '-'}   `);
      },
    });
    if (options.json) printJson(summary);
    else process.stdout.write(`\n${formatSummary(summary)}`);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await store.close();
  }
}

export function register(program: Command): void {
  const command = program.command('watch').description('ingest a live stream (Bluesky Jetstream, Mastodon streaming) until interrupted');

  command
    .command('jetstream')
    .description('Bluesky Jetstream over WebSocket; resumes from the saved cursor after a restart')
    .option('--url <url>', 'subscribe endpoint', 'wss://jetstream2.us-east.bsky.network/subscribe')
    .option('--collections <list>', 'wanted collections (comma-separated, prefixes like app.bsky.graph.* allowed)', list)
    .option('--dids <list>', 'wanted repositories (comma-separated DIDs)', list)
    .option('--db <file>', 'SQLite store', DEFAULT_DB)
    .option('--json', 'print the final summary as JSON')
    .addHelpText('after', '\nExamples:\n  marsad watch jetstream --collections app.bsky.feed.post,app.bsky.feed.repost,app.bsky.graph.*\n  marsad watch jetstream --url ws://127.0.0.1:6008/subscribe --db live.db')
    .action(async (o: { url: string; collections?: string[]; dids?: string[]; db: string; json?: boolean }) => {
      const connector = createJetstreamConnector({
        url: o.url,
        ...(o.collections ? { wantedCollections: o.collections } : {}),
        ...(o.dids ? { wantedDids: o.dids } : {}),
      });
      await watch(`jetstream:${o.url}`, connector, o);
    });

  command
    .command('mastodon')
    .description('Mastodon streaming API (server-sent events); fills gaps from the REST timeline on reconnect')
    .requiredOption('--instance <url>', 'the instance, e.g. https://example.social')
    .addOption(new Option('--stream <stream>', 'which stream').choices([...MASTODON_STREAMS]).default('public'))
    .option('--tag <tag>', 'hashtag for hashtag streams (without #)')
    .option('--list <id>', 'list id for list streams')
    .option('--token <token>', 'access token (or set MASTODON_TOKEN)')
    .option('--db <file>', 'SQLite store', DEFAULT_DB)
    .option('--json', 'print the final summary as JSON')
    .addHelpText('after', '\nExamples:\n  MASTODON_TOKEN=… marsad watch mastodon --instance https://example.social --stream hashtag --tag news')
    .action(async (o: { instance: string; stream: MastodonStream; tag?: string; list?: string; token?: string; db: string; json?: boolean }) => {
      const token = o.token ?? process.env.MASTODON_TOKEN;
      const connector = createMastodonConnector({
        baseUrl: o.instance,
        stream: o.stream,
        ...(o.tag ? { tag: o.tag } : {}),
        ...(o.list ? { list: o.list } : {}),
        ...(token ? { accessToken: token } : {}),
      });
      await watch(`mastodon:${o.instance}/${o.stream}${o.tag ? `/${o.tag}` : ''}`, connector, o);
    });
}
