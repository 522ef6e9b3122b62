/**
 * Child process of the ingest bench: one ingest into a fresh store, figures as JSON on stdout. The time
 * runs until the store is closed, so a WAL checkpoint left for `close` is paid for here.
 */
import { ingest } from '../src/pipeline/ingest.js';
import type { FormatName } from '../src/sources/types.js';
import { openStore } from '../src/store/db.js';

const [file, format, db] = process.argv.slice(2) as [string, FormatName, string];
const store = await openStore(db);
const started = performance.now();
const cpuBefore = process.cpuUsage();
const summary = await ingest(store, [file], { format });
await store.close();
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(JSON.stringify({
  records: summary.records,
  posts: summary.posts,
  items: summary.posts + summary.duplicates,
  elapsedMs: performance.now() - started,
  cpuMs: (cpu.user + cpu.system) / 1000,
  maxRssMb: process.resourceUsage().maxRSS / 1024,
}));
