/**
 * The fingerprint index: cheap blocking so a new account is scored against a handful of removed
 * accounts, never against all of them. Blocking routes:
 *   - name keys of handle and display name (core, confusable skeleton, prefix, consonant key), in one
 *     key space so an Arabic display name meets its Latin transliteration in a handle;
 *   - MinHash-LSH of the bio and of the writing style (character 3-grams);
 *   - avatar: multi-index hashing over PDQ (exact within distance 31), the avatar URL otherwise;
 *   - shared neighbours (accounts that amplified or were amplified by both).
 * Keys shared by too many fingerprints (a common first name, a hub everyone reposts) are skipped: they
 * would not discriminate and would make a query cost grow with the index.
 */
import { LshIndex, lshParams, PdqMihIndex, pdqHexToWords } from '../../hashing/index.js';
import { SIG_PERM, type AccountPrint, type Fingerprint } from './fingerprint.js';
import { nameKeys } from './names.js';
import { coreName } from '../../text/index.js';

/** Buckets larger than this are not read at query time. */
export const MAX_BUCKET = 32;
/** At most this many candidates are scored per query (the ones with the most, and strongest, key hits). */
export const MAX_CANDIDATES = 24;
/** How much one hit on a key says: an exact name core beats a shared prefix or consonant skeleton. */
const KEY_WEIGHT: Record<string, number> = { c: 3, p6: 1, ph: 1, a: 3, n: 1 };
const ROUTE_WEIGHT: Record<'bio' | 'style' | 'avatar', number> = { bio: 2, style: 1, avatar: 3 };
const AVATAR_DISTANCE = 31;
/**
 * 21 bands × 3 rows: a bio kept or lightly edited (Jaccard ≥ 0.6) collides with ≥ 97% probability.
 * The 0.5 setting (32 × 2) also caught bios sharing a few common words (J 0.3: 95%), and walking
 * those unions — only to drop them as crowded — was 80% of a check's cost at 100k fingerprints.
 */
const BIO_LSH = lshParams(0.6, SIG_PERM);
const STYLE_LSH = lshParams(0.4, SIG_PERM);

export type BlockRoute = 'name' | 'bio' | 'style' | 'avatar' | 'neighbour';

export function printKeys(p: AccountPrint): { names: string[]; avatar: string[]; neighbours: string[] } {
  return {
    names: [...new Set([...nameKeys(p.stem), ...nameKeys(p.name)])],
    avatar: p.avatarUrl ? [`a:${p.avatarUrl}`] : [],
    neighbours: p.neighbours.map((n) => `n:${n}`),
  };
}

/** The display name and bio as shared-by-how-many keys (a name half the network uses identifies no one). */
export function identityKeys(p: AccountPrint): string[] {
  const keys: string[] = [];
  const name = p.name ? coreName(p.name) : '';
  if (name) keys.push(`name:${name}`);
  if (p.bio) keys.push(`bio:${p.bio}`);
  return keys;
}

export class FingerprintIndex {
  readonly prints: Fingerprint[] = [];
  private readonly byId = new Map<string, number>();
  private readonly buckets = new Map<string, number[]>();
  private readonly bio = new LshIndex<number>(BIO_LSH);
  private readonly style = new LshIndex<number>(STYLE_LSH);
  private readonly avatars = new PdqMihIndex();
  /** Document frequency of hashtags, domains and neighbours across fingerprints (for idf weights). */
  readonly df = new Map<string, number>();

  constructor() {
    this.avatars.autoRebuild = false; // pure and synchronous: rebuilt below, never in the background
  }

  get size(): number {
    return this.prints.length;
  }

  get(id: string): Fingerprint | undefined {
    const i = this.byId.get(id);
    return i === undefined ? undefined : this.prints[i];
  }

  /** Adds a fingerprint (a second removal of the same account replaces nothing: the first one stays). */
  add(fp: Fingerprint): void {
    if (this.byId.has(fp.id)) return;
    const i = this.prints.length;
    this.prints.push(fp);
    this.byId.set(fp.id, i);
    const k = printKeys(fp);
    for (const key of [...k.names, ...k.avatar, ...k.neighbours]) {
      const b = this.buckets.get(key);
      if (b) b.push(i);
      else this.buckets.set(key, [i]);
    }
    if (fp.bioSig) this.bio.add(i, fp.bioSig);
    if (fp.styleSig) this.style.add(i, fp.styleSig);
    if (fp.avatarPdq) {
      this.avatars.addWords(i, pdqHexToWords(fp.avatarPdq), false);
      if (this.avatars.pending > 4096) this.avatars.rebuild();
    }
    for (const x of [...fp.hashtags.map((h) => `#${h}`), ...fp.domains.map((d) => `d:${d}`), ...fp.neighbours, ...identityKeys(fp)]) {
      this.df.set(x, (this.df.get(x) ?? 0) + 1);
    }
  }

  /** Fingerprints worth scoring for a print, each with the routes that found it, best-covered first. */
  candidates(p: AccountPrint): Map<number, Set<BlockRoute>> {
    const found = new Map<number, { routes: Set<BlockRoute>; weight: number }>();
    const hit = (i: number, route: BlockRoute, weight: number) => {
      if (this.prints[i]!.id === p.id) return;
      const f = found.get(i);
      if (f) {
        f.routes.add(route);
        f.weight += weight;
      } else found.set(i, { routes: new Set([route]), weight });
    };
    const k = printKeys(p);
    const read = (keys: string[], route: BlockRoute) => {
      for (const key of keys) {
        const b = this.buckets.get(key);
        if (!b || b.length > MAX_BUCKET) continue;
        const w = KEY_WEIGHT[key.slice(0, key.indexOf(':'))] ?? 1;
        for (const i of b) hit(i, route, w);
      }
    };
    read(k.names, 'name');
    read(k.avatar, 'avatar');
    read(k.neighbours, 'neighbour');
    // A bio or style shared by a crowd (a slogan every member uses) is skipped like a crowded key.
    const lsh = (items: number[], route: 'bio' | 'style') => {
      if (items.length <= MAX_BUCKET) for (const i of items) hit(i, route, ROUTE_WEIGHT[route]);
    };
    if (p.bioSig) lsh(this.bio.query(p.bioSig), 'bio');
    if (p.styleSig) lsh(this.style.query(p.styleSig), 'style');
    if (p.avatarPdq && this.avatars.size > 0) {
      for (const m of this.avatars.queryWords(pdqHexToWords(p.avatarPdq), AVATAR_DISTANCE)) hit(m.id, 'avatar', ROUTE_WEIGHT.avatar);
    }
    const ranked = [...found].sort((a, b) => b[1].weight - a[1].weight || a[0] - b[0]).slice(0, MAX_CANDIDATES);
    return new Map(ranked.map(([i, f]) => [i, f.routes]));
  }
}
