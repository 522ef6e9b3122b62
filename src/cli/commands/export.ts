import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Option, type Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { DEFAULT_DB, openStore } from '../../store/db.js';
import { iterateAccounts, iteratePosts, type StoredPost } from '../../store/read.js';
import type { Account } from '../../model/index.js';
import { requireStore } from './store-option.js';

const POST_COLUMNS = ['id', 'platform', 'author_id', 'author_handle', 'created_at', 'text', 'lang', 'hashtags', 'urls', 'mentions', 'media', 'repost_of', 'reply_to', 'quote_of', 'edited_at', 'deleted_at', 'version'];
const ACCOUNT_COLUMNS = ['id', 'platform', 'handle', 'display_name', 'bio', 'created_at', 'followers', 'following', 'posts', 'avatar_url', 'status', 'observed_at'];

const iso = (ms: number | undefined) => (ms === undefined ? '' : new Date(ms).toISOString());

function postCells(p: StoredPost): (string | number)[] {
  return [p.id, p.platform, p.authorId, p.authorHandle ?? '', iso(p.createdAt), p.text, p.lang ?? '', p.hashtags.join(' '), p.urls.join(' '),
    p.mentions.map((m) => m.handle ?? m.id ?? '').join(' '), p.media.map((m) => m.url ?? m.path ?? '').join(' '), p.repostOf ?? '',
    p.replyTo ?? '', p.quoteOf ?? '', iso(p.editedAt), iso(p.deletedAt), p.version];
}

function accountCells(a: Account): (string | number)[] {
  return [a.id, a.platform, a.handle ?? '', a.displayName ?? '', a.bio ?? '', iso(a.createdAt), a.followers ?? '', a.following ?? '', a.posts ?? '',
    a.avatarUrl ?? '', a.status ?? '', iso(a.observedAt)];
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

export function register(program: Command): void {
  program
    .command('export')
    .description('write posts or accounts from the store as JSONL or CSV (streamed)')
    .option('--db <file>', 'SQLite store', DEFAULT_DB)
    .addOption(new Option('--format <format>', 'output format').choices(['jsonl', 'csv']).default('jsonl'))
    .addOption(new Option('--what <what>', 'what to export').choices(['posts', 'accounts']).default('posts'))
    .option('--out <file>', 'output file (default: standard output)')
    .addHelpText('after', '\nExamples:\n  marsad export --format csv --out posts.csv\n  marsad export --what accounts --format jsonl | head')
    .action(async (options: { db: string; format: 'jsonl' | 'csv'; what: 'posts' | 'accounts'; out?: string }) => {
      requireStore(options.db);
      const store = await openStore(options.db);
      const out: Writable = options.out ? createWriteStream(options.out) : process.stdout;
      try {
        const rows = options.what === 'posts' ? iteratePosts(store) : iterateAccounts(store);
        const cells = (row: StoredPost | Account) => (options.what === 'posts' ? postCells(row as StoredPost) : accountCells(row as Account));
        if (options.format === 'csv') await write(out, stringify([options.what === 'posts' ? POST_COLUMNS : ACCOUNT_COLUMNS]));
        let buffer = '';
        for (const row of rows) {
          buffer += options.format === 'csv' ? stringify([cells(row)]) : `${JSON.stringify(row)}\n`;
          if (buffer.length > 1 << 16) {
            await write(out, buffer);
            buffer = '';
          }
        }
        await write(out, buffer);
      } finally {
        if (options.out) {
          out.end();
          await once(out, 'finish');
        }
        await store.close();
      }
    });
}
