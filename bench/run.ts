/**
 * `npm run bench [-- --quick] [-- area…]`: runs every area's benchmark and prints one stable table
 * (tab-separated, one row per figure, same columns every run) plus a JSON copy in .bench/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { BenchModule, BenchRow } from './types.js';

const AREAS: Record<string, () => Promise<{ run: BenchModule }>> = {
  accounts: () => import('./accounts.js'),
  ingest: () => import('./ingest.js'),
  classify: () => import('./classify.js'),
  coordination: () => import('./coordination.js'),
  hashing: () => import('./hashing.js'),
  live: () => import('./live.js'),
  match: () => import('./match.js'),
  simulate: () => import('./simulate.js'),
  text: () => import('./text.js'),
};

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const wanted = args.filter((a) => !a.startsWith('--'));
const rows: BenchRow[] = [];

const fmt = (n: number) => (Math.abs(n) >= 100 ? Math.round(n).toString() : n.toPrecision(3));
const header = ['area', 'name', 'value', 'unit', 'baseline', 'baseline_value', 'ratio', 'target', 'note'];
process.stdout.write(`${header.join('\t')}\n`);
for (const [area, load] of Object.entries(AREAS)) {
  if (wanted.length > 0 && !wanted.includes(area)) continue;
  try {
    const { run } = await load();
    for (const row of await run({ quick })) {
      rows.push(row);
      process.stdout.write(
        `${[row.area, row.name, fmt(row.value), row.unit, row.baseline?.name ?? '', row.baseline ? fmt(row.baseline.value) : '',
          row.ratio === undefined ? '' : row.ratio.toFixed(2), row.target ?? '', row.note ?? ''].join('\t')}\n`,
      );
    }
  } catch (error) {
    process.stdout.write(`${area}\tERROR\t\t\t\t\t\t\t${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
mkdirSync('.bench', { recursive: true });
writeFileSync(`.bench/latest${quick ? '-quick' : ''}.json`, JSON.stringify({ at: new Date().toISOString(), node: process.version, rows }, null, 1));
