/** Child process of the ingest bench: one ingest into a fresh store, figures as JSON on stdout. */
import { ingest } from '../src/pipeline/ingest.js';
import type { FormatName } from '../src/sources/types.js';
import { openStore } from '../src/store/db.js';

const [file, format, db] = process.argv.slice(2) as [string, FormatName, string];
const store = await openStore(db);
const summary = await ingest(store, [file], { format });
await store.close();
process.stdout.write(JSON.stringify({
  records: summary.records,
  posts: summary.posts,
  items: summary.posts + summary.duplicates,
  elapsedMs: summary.elapsedMs,
  maxRssMb: process.resourceUsage().maxRSS / 1024,
}));
