import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { runDemo, type DemoReport } from '../../pipeline/demo.js';
import { openStore } from '../../store/db.js';
import { listCampaigns, listSignals } from '../../store/signals.js';
import { parsePositiveInt, printJson } from '../options.js';
import { terminalSafe } from '../safe-text.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** What was found, with its evidence: the part of the demo a person reads. */
async function findings(db: string): Promise<string[]> {
  const store = await openStore(db);
  try {
    const lines: string[] = [];
    const campaigns = listCampaigns(store);
    lines.push(`Campaigns: ${campaigns.length} found`);
    for (const c of campaigns.slice(0, 4)) {
      const span = `${new Date(c.start).toISOString().slice(0, 16)} → ${new Date(c.end).toISOString().slice(11, 16)}`;
      lines.push(`  ${c.id}  ${c.kind}, ${c.members.length} accounts, score ${c.score.toFixed(2)}, ${span}`);
      lines.push(`    shared: ${c.keys.slice(0, 3).map((k) => terminalSafe(k, 60)).join('  ')}`);
      const hijacked = c.summary.hijackedHashtags;
      if (Array.isArray(hijacked)) lines.push(`    hijacked hashtags: ${hijacked.map((h) => terminalSafe(`#${String(h)}`, 40)).join(' ')}`);
      const edge = c.edges[0];
      const example = edge?.examples[0] as { gapMs?: number; key?: string } | undefined;
      if (edge && example) lines.push(`    evidence: ${edge.source} and ${edge.target} ${edge.type.replace('co_', 'co-')} ${edge.weight}×, e.g. ${Math.abs(example.gapMs ?? 0) / 1000}s apart`);
    }
    const matches = listSignals(store, { detector: 'match', limit: 1_000_000 });
    const byType = new Map<string, number>();
    for (const m of matches) byType.set(m.detector, (byType.get(m.detector) ?? 0) + 1);
    const posts = new Set(matches.map((m) => m.subject.id)).size;
    lines.push(`Known releases matched: ${posts} posts (${[...byType].map(([t, n]) => `${t.replace('match.', '')} ${n}`).join(', ')} matches)`);
    const pdq = matches.find((m) => m.detector === 'match.pdq' && Number(m.evidence.distance) > 0);
    if (pdq) lines.push(`  e.g. ${pdq.subject.id}: image at PDQ distance ${String(pdq.evidence.distance)} from bank entry ${String(pdq.evidence.entryId)} (${String(pdq.evidence.bank)})`);
    const hijacks = listSignals(store, { detector: 'trends.hijack', subjectKind: 'hashtag' });
    const bursts = listSignals(store, { detector: 'trends.burst' });
    const hijacked = [...new Set(hijacks.map((h) => h.subject.id))];
    lines.push(`Hashtag bursts: ${bursts.length}; hijacked hashtags: ${hijacked.map((h) => terminalSafe(`#${h}`, 40)).join(' ') || 'none'}`);
    const reentries = listSignals(store, { detector: 'reentry', limit: 3 });
    lines.push(`Returns after suspension: ${listSignals(store, { detector: 'reentry' }).length} new accounts linked to a removed one`);
    for (const r of reentries) {
      const old = r.evidence.old as { handle?: string; id?: string } | undefined;
      const features = r.evidence.features as Record<string, { contribution: number; detail?: string }> | undefined;
      const top = Object.entries(features ?? {})
        .filter(([, f]) => f.contribution > 0)
        .sort((a, b) => b[1].contribution - a[1].contribution)
        .slice(0, 3)
        .map(([k, f]) => (f.detail ? `${k} (${terminalSafe(f.detail, 40)})` : k));
      lines.push(`  ${r.subject.id} ← ${terminalSafe(`@${old?.handle ?? '?'}`, 40)} ${old?.id ?? ''}, score ${r.score.toFixed(2)}: ${top.join(', ')}`);
    }
    for (const name of ['amplification', 'classify']) {
      const signals = listSignals(store, { detector: name, limit: 5 });
      if (signals.length > 0) lines.push(`${name}: top ${signals.map((s) => `${s.subject.id} (${s.score.toFixed(2)})`).join(', ')}`);
    }
    return lines;
  } finally {
    await store.close();
  }
}

function scores(report: DemoReport): string[] {
  const rows = Object.entries(report.evaluation).map(
    ([name, s]) => `  ${name.padEnd(14)} precision ${pct(s.precision).padStart(6)}  recall ${pct(s.recall).padStart(6)}  F1 ${pct(s.f1).padStart(6)}`,
  );
  return ['Against the ground truth:', ...rows];
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('simulate a small world with a propaganda network, ingest it, run every detector, score the findings')
    .option('--db <file>', 'store the demo fills (replaced)', 'marsad-demo.db')
    .option('--dir <dir>', 'folder for the simulated world', 'marsad-demo')
    .option('--accounts <n>', 'accounts in the world', parsePositiveInt('--accounts'), 1500)
    .option('--days <n>', 'days simulated', parsePositiveInt('--days'), 3)
    .option('--seed <seed>', 'simulation seed', 'marsad-demo')
    .option('--json', 'print the report as one JSON object')
    .addHelpText('after', '\nExamples:\n  marsad demo\n  marsad demo --accounts 5000 --days 7 --json')
    .action(async (o: { db: string; dir: string; accounts: number; days: number; seed: string; json?: boolean }) => {
      const say = (s: string) => !o.json && process.stderr.write(`… ${s}\n`);
      const report = await runDemo({ dir: resolve(o.dir), db: o.db, accounts: o.accounts, days: o.days, seed: o.seed, onStep: say });
      if (o.json) return printJson(report);
      const w = report.world;
      const out = [
        '',
        `Marsad demo — a simulated world of ${w.accounts} accounts and ${w.posts} posts with a propaganda network in it`,
        `(${w.campaigns} campaigns, ${w.suspensions} suspensions, ${w.reentries} returns under new names), ingested into ${o.db}.`,
        '',
        ...(await findings(o.db)),
        '',
        ...scores(report),
        '',
        `Done in ${(report.elapsedMs / 1000).toFixed(1)} s. Explore: npx marsad stats --db ${o.db}; the world is in ${join(o.dir)}/.`,
        '',
      ];
      process.stdout.write(out.join('\n'));
    });
}
