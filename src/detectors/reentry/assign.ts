/**
 * One-to-one assignment of new accounts to removed ones. A suspended account comes back as one new
 * account, and a new account replaces one old one; when look-alike members are removed together, two
 * new accounts often rank the same old account first. Scored alone, both links look right; together,
 * one of them is wrong.
 *
 * Each candidate's logit is (up to a constant) the log-likelihood ratio of "this pair is a re-entry",
 * so the most likely joint reading is the assignment with the largest sum of positive logits: a
 * maximum-weight bipartite matching. Pairs with a logit ≤ 0 are never worth assigning (leaving the new
 * account unlinked is likelier), so the graph holds only positive pairs and falls apart into small
 * components of look-alikes; each is solved exactly (Hungarian method), except a component too large
 * for that, which is assigned greedily, strongest pair first.
 *
 * The result does not hide anything: a candidate taken by another new account stays in the list, after
 * the free ones, marked with who took it and how strongly.
 */
export interface AssignCandidate {
  old: string;
  logit: number;
}

/** Beyond this many new accounts in one component, greedy instead of exact (O(n²·m) stays small). */
const MAX_EXACT = 150;

/**
 * For each new account (key), the old account assigned to it, or nothing. `candidates` lists each new
 * account's candidates; order does not matter. Deterministic: ties break on ids.
 */
export function assignOneToOne(candidates: ReadonlyMap<string, readonly AssignCandidate[]>): Map<string, string> {
  const out = new Map<string, string>();
  for (const comp of components(candidates)) {
    const pairs = comp.flatMap((n) => candidates.get(n)!.filter((c) => c.logit > 0).map((c) => ({ n, o: c.old, w: c.logit })));
    const olds = [...new Set(pairs.map((p) => p.o))].sort();
    const chosen = comp.length <= MAX_EXACT ? hungarian(comp, olds, pairs) : greedy(pairs);
    for (const [n, o] of chosen) out.set(n, o);
  }
  return out;
}

/** Connected components of new accounts joined by a shared positive candidate (sorted, for determinism). */
function components(candidates: ReadonlyMap<string, readonly AssignCandidate[]>): string[][] {
  const byOld = new Map<string, string[]>();
  const news = [...candidates.keys()].sort();
  for (const n of news) {
    for (const c of candidates.get(n)!) {
      if (c.logit <= 0) continue;
      const l = byOld.get(c.old);
      if (l) l.push(n);
      else byOld.set(c.old, [n]);
    }
  }
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const start of news) {
    if (seen.has(start) || !candidates.get(start)!.some((c) => c.logit > 0)) continue;
    const comp: string[] = [];
    const stack = [start];
    seen.add(start);
    while (stack.length > 0) {
      const n = stack.pop()!;
      comp.push(n);
      for (const c of candidates.get(n)!) {
        if (c.logit <= 0) continue;
        for (const m of byOld.get(c.old)!) if (!seen.has(m)) (seen.add(m), stack.push(m));
      }
    }
    out.push(comp.sort());
  }
  return out;
}

type Pair = { n: string; o: string; w: number };

function greedy(pairs: Pair[]): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<string>();
  const sorted = [...pairs].sort((a, b) => b.w - a.w || (a.n < b.n ? -1 : a.n > b.n ? 1 : a.o < b.o ? -1 : 1));
  for (const p of sorted) {
    if (out.has(p.n) || taken.has(p.o)) continue;
    out.set(p.n, p.o);
    taken.add(p.o);
  }
  return out;
}

/**
 * Maximum-weight matching of rows (new accounts) to columns (old accounts, then one "unlinked" column
 * per row with weight 0) by the Hungarian method on costs −w. Missing pairs cost a large constant, so
 * they are only ever "assigned" where the unlinked column would do the same.
 */
function hungarian(rows: string[], olds: string[], pairs: Pair[]): Map<string, string> {
  const n = rows.length;
  const m = olds.length + n;
  const BIG = 1e6;
  const rowOf = new Map(rows.map((r, i) => [r, i]));
  const colOf = new Map(olds.map((o, j) => [o, j]));
  const cost: Float64Array[] = rows.map(() => new Float64Array(m).fill(BIG));
  for (let i = 0; i < n; i++) cost[i]![olds.length + i] = 0;
  for (const p of pairs) {
    const i = rowOf.get(p.n)!;
    const j = colOf.get(p.o)!;
    cost[i]![j] = Math.min(cost[i]![j]!, -p.w);
  }
  // Classic O(n²·m) potentials formulation (rows ≤ columns), 1-based with a virtual column 0.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const match = new Int32Array(m + 1); // column → row (1-based), 0 = free
  const way = new Int32Array(m + 1);
  for (let i = 1; i <= n; i++) {
    match[0] = i;
    let j0 = 0;
    const minv = new Float64Array(m + 1).fill(Infinity);
    const used = new Uint8Array(m + 1);
    do {
      used[j0] = 1;
      const i0 = match[j0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = cost[i0 - 1]![j - 1]! - u[i0]! - v[j]!;
        if (cur < minv[j]!) (minv[j] = cur), (way[j] = j0);
        if (minv[j]! < delta) (delta = minv[j]!), (j1 = j);
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) (u[match[j]!] += delta), (v[j] -= delta);
        else minv[j] -= delta;
      }
      j0 = j1;
    } while (match[j0] !== 0);
    do {
      const j1 = way[j0]!;
      match[j0] = match[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const out = new Map<string, string>();
  for (let j = 1; j <= olds.length; j++) {
    const i = match[j]!;
    if (i > 0 && cost[i - 1]![j - 1]! < 0) out.set(rows[i - 1]!, olds[j - 1]!);
  }
  return out;
}
