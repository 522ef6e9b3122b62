import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { CoordinationBatch } from '../../detectors/coordination/batch.js';
import { detectCampaigns } from '../../detectors/coordination/campaigns.js';
import { campaignsJson, edgesCsv, toGexf, toGraphml, type EdgeRow } from '../../detectors/coordination/output.js';
import { CO_ACTION_TYPES, DEFAULT_OPTIONS, isCoActionType, type CoActionType } from '../../detectors/coordination/types.js';
import type { AccountId } from '../../model/ids.js';
import { loadFiles } from '../../pipeline/coordinate.js';
import { FORMATS, type FormatName } from '../../sources/types.js';
import { UserError } from '../exit.js';
import { parseMapping, printJson } from '../options.js';

interface Options {
  type: string;
  window: string;
  minWeight: string;
  selfLoops?: boolean;
  viralGuard: boolean;
  viralThreshold: string;
  similarity: string;
  messages: string;
  format?: string;
  map?: Record<string, string>;
  out?: string;
  json?: boolean;
}

const number = (name: string, value: string, min: number): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new UserError(`${name} must be a number >= ${min}, got "${value}"`);
  return n;
};

export function register(program: Command): void {
  program
    .command('coordination')
    .description('find coordinated behaviour (co-retweet, co-tweet, co-link…) and campaigns in posts')
    .argument('<input...>', 'input files (any format Marsad reads; QUT CSV included)')
    .option('--type <types>', `co-action types, comma-separated: ${CO_ACTION_TYPES.join(', ')}`, 'co_retweet,co_tweet,co_link,co_reply')
    .option('--window <seconds>', 'time window ± seconds (inclusive)', String(DEFAULT_OPTIONS.windowSec))
    .option('--min-weight <n>', 'minimum edge weight', '1')
    .option('--self-loops', 'keep edges from an account to itself')
    .option('--no-viral-guard', "raw QUT weights decide (no down-weighting of keys shared by crowds)")
    .option('--viral-threshold <accounts>', 'accounts per key and window before a key counts as crowded', String(DEFAULT_OPTIONS.viralThreshold))
    .option('--similarity <jaccard>', 'co_similar_tweet threshold', String(DEFAULT_OPTIONS.similarityThreshold))
    .option('--messages <n>', 'recent messages per node in GraphML/GEXF', '10')
    .option('--format <name>', 'input format (default: sniffed)')
    .option('--map <field=column,...>', 'column mapping for generic CSV/JSONL (and platform=x for QUT CSV)', (v: string, prev?: Record<string, string>) => parseMapping(v, prev))
    .option('--out <dir>', 'write edges.csv, network.graphml, network.gexf, campaigns.json here')
    .option('--json', 'print the summary as one JSON object')
    .addHelpText(
      'after',
      `
Edges follow QUT's coordination-network-toolkit: weight A→B = posts of A with at least one match among
B's posts within ±window seconds. edges.csv has QUT's columns (source,target,weight,edge_type) and raw
weights; with the viral guard on (default) only edges whose guarded weight reaches --min-weight are kept.

Examples:
  marsad coordination tweets.csv --type co_retweet --window 60 --min-weight 2 --out net/
  marsad coordination export.jsonl --type co_retweet,co_tweet,co_link,co_reply,co_hashtag --out net/ --json
  marsad coordination qut.csv --type co_similar_tweet --similarity 0.8 --no-viral-guard --out net/`,
    )
    .action(async (inputs: string[], options: Options) => {
      const types = options.type.split(',').map((t) => t.trim()).filter(Boolean);
      const bad = types.filter((t) => !isCoActionType(t));
      if (bad.length > 0 || types.length === 0) throw new UserError(`unknown co-action type: ${bad.join(', ') || '(none)'}; known: ${CO_ACTION_TYPES.join(', ')}`);
      for (const input of inputs) if (!existsSync(input)) throw new UserError(`no such file: ${input}`);
      const messages = number('--messages', options.messages, 0);
      const batch = new CoordinationBatch(types as CoActionType[], {
        windowSec: number('--window', options.window, 0),
        minWeight: number('--min-weight', options.minWeight, 0),
        selfLoops: options.selfLoops ?? false,
        viralGuard: options.viralGuard,
        viralThreshold: number('--viral-threshold', options.viralThreshold, 1),
        similarityThreshold: number('--similarity', options.similarity, 0),
        // Messages only feed the GraphML/GEXF nodes: not kept without --out.
        keepMessages: options.out ? messages : 0,
      });
      if (options.format && !(FORMATS as readonly string[]).includes(options.format)) {
        throw new UserError(`unknown format: ${options.format}; known: ${FORMATS.join(', ')}`);
      }
      const started = performance.now();
      const read = { ...(options.format ? { format: options.format as FormatName } : {}), ...(options.map ? { mapping: options.map } : {}) };
      await loadFiles(batch, inputs, read);
      const lists = (types as CoActionType[]).map((type) => batch.run(type));
      // The writers and the campaign graph need rows, not evidence: no object per edge with post ids.
      const edges: Iterable<EdgeRow> = { [Symbol.iterator]: function* () { for (const l of lists) yield* l.rows(); } };
      const perType: Record<string, { edges: number; nodes: number }> = {};
      const accounts = new Set<string>();
      for (const l of lists) {
        const nodes = new Set<string>();
        for (let i = 0; i < l.length; i++) nodes.add(l.source(i)).add(l.target(i));
        perType[l.type] = { edges: l.length, nodes: nodes.size };
        for (const a of nodes) accounts.add(a);
      }
      const campaigns = detectCampaigns(lists, { useGuardedWeight: options.viralGuard });
      if (options.out) {
        mkdirSync(options.out, { recursive: true });
        const nodes = batch.nodes(accounts as Set<AccountId>);
        writeFileSync(join(options.out, 'edges.csv'), edgesCsv(edges));
        writeFileSync(join(options.out, 'network.graphml'), toGraphml(edges, nodes, messages));
        writeFileSync(join(options.out, 'network.gexf'), toGexf(edges, nodes, messages));
        writeFileSync(join(options.out, 'campaigns.json'), campaignsJson(campaigns));
      }
      const summary = {
        posts: batch.size,
        span: batch.size ? batch.span() : null,
        types: perType,
        edges: lists.reduce((n, l) => n + l.length, 0),
        nodes: accounts.size,
        campaigns: campaigns.length,
        topCampaigns: campaigns.slice(0, 5).map((c) => ({ id: c.id, kind: c.kind, members: c.members.length, score: c.score, keys: c.keys.slice(0, 3) })),
        out: options.out ?? null,
        seconds: Math.round(performance.now() - started) / 1000,
      };
      if (options.json) printJson(summary);
      else {
        const lines = [
          `posts       ${summary.posts}`,
          ...Object.entries(perType).map(([t, s]) => `${t.padEnd(16)} ${s.edges} edges, ${s.nodes} accounts`),
          `campaigns   ${campaigns.length}`,
          ...summary.topCampaigns.map((c) => `  ${c.id}  ${c.kind}  ${c.members} members  score ${c.score}  ${c.keys.join('  ')}`),
          options.out ? `written to  ${options.out}` : 'no --out: nothing written',
          '',
        ];
        process.stdout.write(lines.join('\n'));
      }
    });
}
