import type { Command } from 'commander';
import { DEFAULT_DB, openStore } from '../../store/db.js';
import { storeStats, type StoreStats } from '../../store/stats.js';
import { printJson } from '../options.js';
import { requireStore } from './store-option.js';

export function register(program: Command): void {
  program
    .command('stats')
    .description('summarise what the store holds')
    .option('--db <file>', 'SQLite store', DEFAULT_DB)
    .option('--json', 'print one JSON object')
    .addHelpText('after', '\nExamples:\n  marsad stats\n  marsad stats --db study.db --json | jq .deadLettersByReason')
    .action(async (options: { db: string; json?: boolean }) => {
      requireStore(options.db);
      const store = await openStore(options.db);
      try {
        const stats = await storeStats(store);
        if (options.json) printJson(stats);
        else process.stdout.write(formatStats(stats));
      } finally {
        await store.close();
      }
    });
}

const pairs = (r: Record<string, number>) => Object.entries(r).map(([k, n]) => `${k}: ${n}`).join(', ') || '—';

function formatStats(s: StoreStats): string {
  return [
    `posts          ${s.posts}  (${pairs(s.postsByPlatform)}); ${s.reposts} reposts, ${s.replies} replies, ${s.editedPosts} edited, ${s.deletedPosts} deleted`,
    `time span      ${s.firstPostAt ?? '—'} → ${s.lastPostAt ?? '—'}`,
    `accounts       ${s.accounts}  (${pairs(s.accountsByStatus)}); ${s.accountEvents} status/handle events`,
    `relations      ${pairs(s.relations)}`,
    `raw evidence   ${s.rawRecords} records, ${(s.rawBytesCompressed / 1e6).toFixed(2)} MB compressed`,
    `dead letters   ${s.deadLetters}  (${pairs(s.deadLettersByReason)})`,
    `top hashtags   ${s.topHashtags.map((t) => `#${t.tag} ${t.posts}`).join(', ') || '—'}`,
    '',
  ].join('\n');
}
