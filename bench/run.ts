/**
 * `npm run bench [-- --quick] [-- area…]`: runs every area's benchmark and prints one stable table
 * (tab-separated, one row per figure, same columns every run) plus a JSON copy in .bench/.
 *
 * Each area runs in a fresh child process: a figure must not depend on what ran before it in the same
 * process (JIT state, heap size, caches). Measured: normalisation ran at half speed after the other
 * areas had run in the same process.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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
const childArea = args.find((a) => a.startsWith('--child='))?.slice('--child='.length);

if (childArea) {
  // Child: run one area, print its rows as JSON on the last line of stdout.
  const load = AREAS[childArea];
  if (!load) throw new Error(`unknown bench area ${childArea}`);
  const rows = await (await load()).run({ quick });
  process.stdout.write(`\n${JSON.stringify(rows)}\n`);
} else {
  const wanted = args.filter((a) => !a.startsWith('--'));
  const unknown = wanted.filter((a) => !(a in AREAS));
  if (unknown.length > 0) {
    process.stderr.write(`unknown bench area: ${unknown.join(', ')} (known: ${Object.keys(AREAS).join(', ')})\n`);
    process.exit(2);
  }
  const rows: BenchRow[] = [];
  const fmt = (n: number) => (Math.abs(n) >= 100 ? Math.round(n).toString() : n.toPrecision(3));
  const header = ['area', 'name', 'value', 'unit', 'baseline', 'baseline_value', 'ratio', 'target', 'note'];
  process.stdout.write(`${header.join('\t')}\n`);
  for (const area of Object.keys(AREAS)) {
    if (wanted.length > 0 && !wanted.includes(area)) continue;
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), `--child=${area}`, ...(quick ? ['--quick'] : [])], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const last = child.stdout.trimEnd().split('\n').at(-1) ?? '';
    let areaRows: BenchRow[];
    try {
      if (child.status !== 0) throw new Error(`exit ${child.status ?? child.signal}`);
      areaRows = JSON.parse(last) as BenchRow[];
    } catch (error) {
      process.stdout.write(`${area}\tERROR\t\t\t\t\t\t\t${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
      continue;
    }
    for (const row of areaRows) {
      rows.push(row);
      process.stdout.write(
        `${[row.area, row.name, fmt(row.value), row.unit, row.baseline?.name ?? '', row.baseline ? fmt(row.baseline.value) : '',
          row.ratio === undefined ? '' : row.ratio.toFixed(2), row.target ?? '', row.note ?? ''].join('\t')}\n`,
      );
    }
  }
  mkdirSync('.bench', { recursive: true });
  writeFileSync(`.bench/latest${quick ? '-quick' : ''}.json`, JSON.stringify({ at: new Date().toISOString(), node: process.version, rows }, null, 1));
}
