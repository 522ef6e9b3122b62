import { mulberry32 } from '../random.js';
import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import type { Campaign, EvidenceEdge } from '../../model/campaign.js';
import type { AccountId } from '../../model/ids.js';
import type { Json, Signal } from '../../model/signal.js';
import { CoEdgeList } from './match.js';
import { FloatColumn, hash53, IntColumn, MAX_ACCOUNTS, NumberInterner } from './tables.js';
import type { CoEdge } from './types.js';

// A CommonJS module typed as an ES default export: under NodeNext the default import is the function.
const louvain = louvainModule as unknown as (typeof louvainModule)['default'];

export interface CampaignOptions {
  /** Seed of Louvain's random order: the same edges give the same campaigns. */
  seed: number;
  resolution: number;
  /** Communities smaller than this are not campaigns. */
  minMembers: number;
  /** …nor communities scoring below this (a big sparse crowd that only shares popular keys). */
  minScore: number;
  /** Weight used for communities: the viral-guarded one (default) or QUT's raw count. */
  useGuardedWeight: boolean;
  /** A campaign whose shared actions all fall within this many seconds is a `raid`. */
  raidMaxSpanSec: number;
  /** Evidence edges kept per campaign (heaviest first). */
  maxEdges: number;
  maxKeys: number;
}

export const DEFAULT_CAMPAIGN_OPTIONS: CampaignOptions = {
  seed: 42,
  resolution: 1,
  minMembers: 3,
  minScore: 0.05,
  useGuardedWeight: true,
  raidMaxSpanSec: 6 * 3600,
  maxEdges: 25,
  maxKeys: 50,
};

/** A seeded rng for Louvain (same edges → same communities). */
export const seededRng = mulberry32;

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Campaigns: Louvain communities of the coordination graph (all co-action types together, undirected,
 * weights summed). Each carries its members, the keys they shared, its time span, volume (counted
 * co-actions), leaders (who acted first most often), a score and the heaviest evidence edges.
 *
 * Score = density × (1 − e^(−mean weight / 3)): a clique whose members co-acted many times → ~1; a
 * sparse ring of single coincidences → ~0.
 */
export function detectCampaigns(edges: CampaignEdges, options: Partial<CampaignOptions> = {}): Campaign[] {
  const opts = { ...DEFAULT_CAMPAIGN_OPTIONS, ...options };
  const w = (e: CoEdge): number => (opts.useGuardedWeight ? e.guardedWeight : e.weight);
  // Pass 1: the graph (insertion order = input order, so the same input gives the same communities).
  // Nodes and undirected pairs are interned first and added to the graph once each: a graph update
  // per directed edge cost most of a million-post run.
  const nodeIndex = new Map<string, number>();
  const nodes: string[] = [];
  const node = (id: string): number => {
    let i = nodeIndex.get(id);
    if (i === undefined) nodeIndex.set(id, (i = nodes.push(id) - 1));
    return i;
  };
  // Undirected pairs in typed columns (a million-post run has millions): no object per pair.
  const pairIndex = new NumberInterner(1024);
  const pairU = new IntColumn();
  const pairV = new IntColumn();
  const pairW = new FloatColumn();
  walk(edges, (source, target, weight, guarded) => {
    const x = opts.useGuardedWeight ? guarded : weight;
    if (source === target || !(x > 0)) return false;
    const u = node(source);
    const v = node(target);
    const at = pairIndex.intern(Math.min(u, v) * MAX_ACCOUNTS + Math.max(u, v));
    if (at === pairU.length) {
      pairU.push(u);
      pairV.push(v);
      pairW.push(x);
    } else pairW.data[at] += x;
    return false;
  });
  if (nodes.length === 0) return [];
  const graph = new UndirectedGraph({ allowSelfLoops: false });
  for (const id of nodes) graph.addNode(id);
  for (let i = 0; i < pairU.length; i++) graph.addEdge(nodes[pairU.data[i]]!, nodes[pairV.data[i]]!, { weight: pairW.data[i] });
  const community = louvain(graph, { getEdgeWeight: 'weight', rng: seededRng(opts.seed), resolution: opts.resolution });

  const groups = new Map<number, AccountId[]>();
  for (const id of nodes) {
    const c = community[id]!;
    if (!groups.has(c)) groups.set(c, []);
    groups.get(c)!.push(id as AccountId);
  }
  for (const [c, members] of groups) if (members.length < opts.minMembers) groups.delete(c);
  // Pass 2: keep only the edges inside a campaign, with their evidence (built only for those).
  const byCommunity = new Map<number, CoEdge[]>();
  walk(
    edges,
    (source, target, weight, guarded) => {
      if (source === target || !((opts.useGuardedWeight ? guarded : weight) > 0)) return false;
      const c = community[source]!;
      return c === community[target] && groups.has(c);
    },
    (e) => {
      const c = community[e.source]!;
      if (!byCommunity.has(c)) byCommunity.set(c, []);
      byCommunity.get(c)!.push(e);
    },
  );

  const campaigns: Campaign[] = [];
  for (const [c, members] of groups) {
    const campaign = describe(members.sort(), byCommunity.get(c) ?? [], opts, w);
    if (campaign.score >= opts.minScore) campaigns.push(campaign);
  }
  return campaigns.sort((a, b) => b.score - a.score || b.members.length - a.members.length || (a.id < b.id ? -1 : 1));
}

/** Edges as objects, or the engines' edge lists (walked without building an object per edge). */
export type CampaignEdges = Iterable<CoEdge> | readonly CoEdgeList[];

/** Calls `visit` per edge; the edges it accepts are built and handed to `keep`. */
function walk(edges: CampaignEdges, visit: (source: string, target: string, weight: number, guarded: number) => boolean, keep?: (e: CoEdge) => void): void {
  if (Array.isArray(edges) && edges.every((l) => l instanceof CoEdgeList)) {
    for (const list of edges as readonly CoEdgeList[]) {
      for (let i = 0; i < list.length; i++) if (visit(list.source(i), list.target(i), list.weight(i), list.guardedWeight(i))) keep?.(list.get(i));
    }
    return;
  }
  for (const e of edges as Iterable<CoEdge>) if (visit(e.source, e.target, e.weight, e.guardedWeight)) keep?.(e);
}

function describe(members: AccountId[], internal: CoEdge[], opts: CampaignOptions, w: (e: CoEdge) => number): Campaign {
  const keyCount = new Map<string, number>();
  const types: Record<string, number> = {};
  const led = new Map<string, { first: number; total: number }>();
  let start = Infinity;
  let end = -Infinity;
  let volume = 0;
  let weightSum = 0;
  const pairs = new Set<string>();
  for (const e of internal) {
    for (const p of e.pairs) keyCount.set(p.key, (keyCount.get(p.key) ?? 0) + 1);
    types[e.type] = (types[e.type] ?? 0) + e.weight;
    const l = led.get(e.source) ?? { first: 0, total: 0 };
    l.first += e.sourceLed;
    l.total += e.weight;
    led.set(e.source, l);
    start = Math.min(start, e.firstAt);
    end = Math.max(end, e.lastAt);
    volume += e.weight;
    weightSum += w(e);
    pairs.add(e.source < e.target ? `${e.source}\n${e.target}` : `${e.target}\n${e.source}`);
  }
  const n = members.length;
  const density = (2 * pairs.size) / (n * (n - 1));
  const meanWeight = internal.length ? weightSum / internal.length : 0;
  const leaders = [...led]
    .map(([id, l]) => ({ id, share: l.first / l.total, first: l.first }))
    .filter((l) => l.first > 0)
    .sort((a, b) => b.share - a.share || b.first - a.first || (a.id < b.id ? -1 : 1))
    .slice(0, 3);
  const evidence: EvidenceEdge[] = [...internal]
    .sort((a, b) => w(b) - w(a) || (a.source < b.source ? -1 : 1))
    .slice(0, opts.maxEdges)
    .map((e) => ({
      source: e.source,
      target: e.target,
      type: e.type,
      weight: w(e),
      examples: e.pairs.map((p) => ({ source: p.source, target: p.target, gapMs: p.gapMs, key: p.key })),
    }));
  const span = Number.isFinite(start) ? end - start : 0;
  return {
    id: `campaign-${hash53(members.join('\n')).toString(36)}`,
    kind: span <= opts.raidMaxSpanSec * 1000 ? 'raid' : 'coordination',
    members,
    keys: [...keyCount]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, opts.maxKeys)
      .map(([k]) => k),
    start: Number.isFinite(start) ? start : 0,
    end: Number.isFinite(end) ? end : 0,
    score: round3(density * (1 - Math.exp(-meanWeight / 3))),
    edges: evidence,
    summary: {
      size: n,
      volume,
      density: round3(density),
      meanWeight: round3(meanWeight),
      types,
      leaders: leaders.map((l) => ({ account: l.id, ledShare: round3(l.share), led: l.first })) as Json,
    },
  };
}

/** One signal per campaign (subject `campaign`) and one per member (subject `account`). */
export function campaignSignals(campaigns: readonly Campaign[]): Signal[] {
  return campaigns.flatMap((c) => [
    {
      subject: { kind: 'campaign', id: c.id },
      detector: 'coordination.campaign',
      score: c.score,
      evidence: { kind: c.kind, members: c.members.length, keys: c.keys.slice(0, 10) },
      at: c.end,
    },
    ...c.members.map(
      (m): Signal => ({
        subject: { kind: 'account', id: m },
        detector: 'coordination.campaign',
        score: c.score,
        evidence: { campaign: c.id, kind: c.kind },
        at: c.end,
      }),
    ),
  ]);
}
