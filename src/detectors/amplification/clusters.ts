/**
 * Follower-market clusters: accounts created close together with the same profile pattern (a seller's
 * batch) that repost or follow the same customers. Three cheap steps, none quadratic in accounts:
 *   1. cohorts: group accounts by profile pattern, split each group where creation times are more
 *      than `createdGapMs` apart;
 *   2. customers: within a cohort of at least `minBots`, the accounts that at least `customerShare` of
 *      the cohort reposted or followed;
 *   3. a campaign when the cohort's acting members look automated on average (`minAutomation`) —
 *      crowds of ordinary accounts reposting one viral post share a target, not a machine.
 * Customers and bots both become members of a campaign of kind `amplification`.
 */
import type { AccountId, Campaign, EvidenceEdge } from '../../model/index.js';

export interface ClusterAccount {
  id: string;
  handle?: string;
  displayName?: string;
  bio?: string;
  defaultAvatar?: boolean;
  /** Creation time, else when first seen. */
  createdAt?: number;
}

export interface Action {
  actor: string;
  target: string;
  at: number;
  kind: 'repost' | 'follow';
}

export interface ClusterOptions {
  createdGapMs: number;
  minBots: number;
  customerShare: number;
  minAutomation: number;
  /** Actions on one customer closer than this count as synchronised. */
  windowMs: number;
}

export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = { createdGapMs: 6 * 3_600_000, minBots: 5, customerShare: 0.5, minAutomation: 0.5, windowMs: 3_600_000 };

/** Shape of a string: runs of letters and digits by length (`gain89594248` → `a4d8`). */
export function shape(s: string | undefined): string {
  if (!s) return '-';
  return s.replace(/^@/, '').split(/[@.]/)[0]!.replace(/\p{L}+|\p{N}+|[^\p{L}\p{N}]+/gu, (run) =>
    /\p{L}/u.test(run) ? `a${[...run].length}` : /\p{N}/u.test(run) ? `d${[...run].length}` : '_',
  );
}

/** The profile pattern a seller's batch shares: handle and name shapes, default avatar, empty bio. */
export function profilePattern(a: ClusterAccount): string {
  return `${shape(a.handle)}|${shape(a.displayName)}|${a.defaultAvatar ? 'default' : 'avatar'}|${a.bio?.trim() ? 'bio' : 'nobio'}`;
}

/** Cohorts of accounts with one profile pattern created within `createdGapMs` of each other. */
export function cohorts(accounts: readonly ClusterAccount[], opts: ClusterOptions = DEFAULT_CLUSTER_OPTIONS): ClusterAccount[][] {
  const byPattern = new Map<string, ClusterAccount[]>();
  for (const a of accounts) {
    if (a.createdAt === undefined) continue;
    const k = profilePattern(a);
    const g = byPattern.get(k);
    if (g) g.push(a);
    else byPattern.set(k, [a]);
  }
  const out: ClusterAccount[][] = [];
  for (const group of byPattern.values()) {
    if (group.length < opts.minBots) continue;
    group.sort((x, y) => x.createdAt! - y.createdAt! || (x.id < y.id ? -1 : 1));
    let cur: ClusterAccount[] = [];
    for (const a of group) {
      if (cur.length > 0 && a.createdAt! - cur[cur.length - 1]!.createdAt! > opts.createdGapMs) {
        if (cur.length >= opts.minBots) out.push(cur);
        cur = [];
      }
      cur.push(a);
    }
    if (cur.length >= opts.minBots) out.push(cur);
  }
  return out;
}

/**
 * Campaigns from cohorts and the actions of their members. `automation` gives each account's
 * automation score (0–1).
 */
export function marketClusters(
  cohortList: readonly ClusterAccount[][],
  actions: readonly Action[],
  automation: (id: string) => number,
  opts: ClusterOptions = DEFAULT_CLUSTER_OPTIONS,
): Campaign[] {
  const cohortOf = new Map<string, number>();
  cohortList.forEach((c, i) => c.forEach((a) => cohortOf.set(a.id, i)));
  const byCohort = new Map<number, Action[]>();
  for (const x of actions) {
    const c = cohortOf.get(x.actor);
    if (c === undefined || x.actor === x.target) continue;
    const l = byCohort.get(c);
    if (l) l.push(x);
    else byCohort.set(c, [x]);
  }
  const campaigns: Campaign[] = [];
  for (const [ci, acts] of [...byCohort].sort((a, b) => a[0] - b[0])) {
    const cohort = cohortList[ci]!;
    for (const group of customerGroups(cohort, acts, opts)) {
      const c = campaignOf(cohort, group.customers, acts, group.actorsOf, automation, opts);
      if (c) campaigns.push(c);
    }
  }
  return campaigns;
}

/**
 * Customers of a cohort, grouped by who serves them: one seller's batches can share a profile pattern
 * and a creation hour, but each batch works for its own customers. Targets reached by enough of the
 * cohort are joined when their audiences overlap (Jaccard >= 0.5).
 */
function customerGroups(cohort: readonly ClusterAccount[], acts: readonly Action[], opts: ClusterOptions) {
  const members = new Set(cohort.map((a) => a.id));
  const actorsOf = new Map<string, Set<string>>();
  for (const x of acts) {
    if (members.has(x.target)) continue; // a batch following itself is not a customer
    const s = actorsOf.get(x.target);
    if (s) s.add(x.actor);
    else actorsOf.set(x.target, new Set([x.actor]));
  }
  const targets = [...actorsOf].filter(([, s]) => s.size >= opts.minBots).map(([t]) => t).sort();
  const parent = new Map(targets.map((t) => [t, t]));
  const find = (t: string): string => {
    let r = t;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(t, r);
    return r;
  };
  for (let i = 0; i < targets.length; i++) {
    for (let j = i + 1; j < targets.length; j++) {
      const a = actorsOf.get(targets[i]!)!;
      const b = actorsOf.get(targets[j]!)!;
      let inter = 0;
      for (const x of a) if (b.has(x)) inter++;
      if (inter / (a.size + b.size - inter) >= 0.5) parent.set(find(targets[j]!), find(targets[i]!));
    }
  }
  const groups = new Map<string, string[]>();
  for (const t of targets) {
    const r = find(t);
    const g = groups.get(r);
    if (g) g.push(t);
    else groups.set(r, [t]);
  }
  return [...groups.values()].map((customers) => ({ customers, actorsOf }));
}

function campaignOf(
  cohort: readonly ClusterAccount[],
  candidates: readonly string[],
  acts: readonly Action[],
  actorsOf: ReadonlyMap<string, ReadonlySet<string>>,
  automation: (id: string) => number,
  opts: ClusterOptions,
): Campaign | undefined {
  const served = new Set<string>();
  for (const c of candidates) for (const a of actorsOf.get(c)!) served.add(a);
  // A customer is served by a large share of the batch that serves this group.
  const need = Math.max(3, Math.ceil(opts.customerShare * served.size));
  const customers = candidates.filter((c) => actorsOf.get(c)!.size >= need);
  if (customers.length === 0) return undefined;
  const customerSet = new Set(customers);
  const onCustomers = acts.filter((x) => customerSet.has(x.target)).sort((a, b) => a.at - b.at || (a.actor < b.actor ? -1 : a.actor > b.actor ? 1 : 0));
  const bots = [...new Set(onCustomers.map((x) => x.actor))].sort();
  if (bots.length < opts.minBots) return undefined;
  const meanAutomation = bots.reduce((s, b) => s + automation(b), 0) / bots.length;
  if (meanAutomation < opts.minAutomation) return undefined;
  const botSet = new Set(bots);
  const created = cohort.filter((a) => botSet.has(a.id)).map((a) => a.createdAt!);
  const share = Math.min(...customers.map((c) => actorsOf.get(c)!.size)) / bots.length;
  const pattern = profilePattern(cohort[0]!);
  return {
    id: `amplification:${customers[0]}:${Math.min(...created)}`,
    kind: 'amplification',
    members: [...bots, ...customers] as AccountId[],
    keys: [...customers.map((c) => `customer:${c}`), `profile:${pattern}`],
    start: onCustomers[0]!.at,
    end: onCustomers[onCustomers.length - 1]!.at,
    score: Math.round(Math.min(1, meanAutomation * (0.5 + 0.5 * share)) * 1000) / 1000,
    edges: edgesOf(onCustomers),
    summary: {
      bots,
      customers,
      profilePattern: pattern,
      cohortSize: cohort.length,
      createdFrom: Math.min(...created),
      createdTo: Math.max(...created),
      meanAutomation: Math.round(meanAutomation * 1000) / 1000,
      customerShare: Math.round(share * 1000) / 1000,
      synchronisedShare: Math.round(synchronisedShare(onCustomers, opts.windowMs) * 1000) / 1000,
      actions: onCustomers.length,
    },
  };
}

/** Share of actions on a customer that another cohort member's action on it falls within `windowMs` of. */
function synchronisedShare(acts: readonly Action[], windowMs: number): number {
  const byTarget = new Map<string, number[]>();
  for (const x of acts) {
    const l = byTarget.get(x.target);
    if (l) l.push(x.at);
    else byTarget.set(x.target, [x.at]);
  }
  let close = 0;
  for (const times of byTarget.values()) {
    for (let i = 0; i < times.length; i++) {
      if ((i > 0 && times[i]! - times[i - 1]! <= windowMs) || (i + 1 < times.length && times[i + 1]! - times[i]! <= windowMs)) close++;
    }
  }
  return acts.length > 0 ? close / acts.length : 0;
}

function edgesOf(acts: readonly Action[]): EvidenceEdge[] {
  const m = new Map<string, { source: string; target: string; type: string; weight: number; examples: number[] }>();
  for (const x of acts) {
    const k = `${x.actor}\u0000${x.target}\u0000${x.kind}`;
    const e = m.get(k);
    if (e) {
      e.weight++;
      if (e.examples.length < 3) e.examples.push(x.at);
    } else m.set(k, { source: x.actor, target: x.target, type: x.kind, weight: 1, examples: [x.at] });
  }
  return [...m.values()].map((e) => ({ ...e, source: e.source as AccountId, target: e.target as AccountId }));
}
