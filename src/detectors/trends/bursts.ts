/**
 * Burst scoring for a count series. Two models:
 * - `EwmaBaseline`: robust z-score of a bucket against an exponentially weighted baseline (mean and
 *   mean absolute deviation), online and O(1) per bucket; empty buckets decay it in closed form.
 * - `kleinbergStates`: Kleinberg's two-state automaton (2002, the batch "enumerating bursts" form) over
 *   (tag count, total count) per bucket, by Viterbi.
 */

export interface BurstOptions {
  /** EWMA smoothing per bucket (0–1): 0.1 ≈ a memory of ten buckets. */
  alpha: number;
  /** z at or above which a bucket is a burst. */
  zThreshold: number;
  /** A burst needs at least this many posts in the bucket. */
  minCount: number;
  /** Floor of the scale (posts), so a flat-zero history does not make every post a burst. */
  minScale: number;
}

export const DEFAULT_BURST_OPTIONS: BurstOptions = { alpha: 0.1, zThreshold: 4, minCount: 10, minScale: 1 };

export interface EwmaState {
  mean: number;
  mad: number;
  /** Buckets observed (empty ones included). */
  n: number;
}

export class EwmaBaseline {
  constructor(
    private readonly opts: BurstOptions,
    public state: EwmaState = { mean: 0, mad: 0, n: 0 },
  ) {}

  /** Account for `k` empty buckets since the last update (each is an observation of 0). */
  decay(k: number): void {
    const a = this.opts.alpha;
    for (let i = 0; i < Math.min(k, 500); i++) {
      this.state.mad = (1 - a) * this.state.mad + a * this.state.mean;
      this.state.mean = (1 - a) * this.state.mean;
    }
    if (k > 500) this.state = { mean: 0, mad: 0, n: this.state.n };
    this.state.n += k;
  }

  /** Robust z of `x` against the baseline (1.4826·MAD ≈ σ for normal noise). */
  z(x: number): number {
    const scale = Math.max(this.opts.minScale, 1.4826 * this.state.mad);
    return (x - this.state.mean) / scale;
  }

  isBurst(x: number): boolean {
    return x >= this.opts.minCount && this.z(x) >= this.opts.zThreshold;
  }

  /** Update with `x`, capped at the burst threshold so a burst does not become the new normal at once. */
  update(x: number): void {
    const a = this.opts.alpha;
    const scale = Math.max(this.opts.minScale, 1.4826 * this.state.mad);
    const capped = Math.min(x, this.state.mean + this.opts.zThreshold * scale);
    const v = this.state.n === 0 ? x : capped;
    this.state.mad = this.state.n === 0 ? 0 : (1 - a) * this.state.mad + a * Math.abs(v - this.state.mean);
    this.state.mean = this.state.n === 0 ? v : (1 - a) * this.state.mean + a * v;
    this.state.n++;
  }
}

/**
 * Kleinberg's two-state burst automaton over buckets: `counts[t]` posts with the tag among `totals[t]`
 * posts. State 0 emits at the overall rate p0, state 1 at s·p0; entering state 1 costs γ·ln(n).
 * Returns 0/1 per bucket (the minimum-cost state sequence).
 */
export function kleinbergStates(counts: readonly number[], totals: readonly number[], s = 2, gamma = 1): number[] {
  const n = counts.length;
  if (n === 0) return [];
  const r = counts.reduce((a, b) => a + b, 0);
  const d = totals.reduce((a, b) => a + b, 0);
  if (r === 0 || d === 0) return new Array<number>(n).fill(0);
  const p = [r / d, Math.min(0.9999, (s * r) / d)];
  const lnChoose = (k: number, m: number): number => lgamma(m + 1) - lgamma(k + 1) - lgamma(m - k + 1);
  const cost = (t: number, i: number): number => {
    const k = counts[t]!;
    const m = Math.max(totals[t]!, k);
    return -(lnChoose(k, m) + k * Math.log(p[i]!) + (m - k) * Math.log(1 - p[i]!));
  };
  const up = gamma * Math.log(n);
  let c = [cost(0, 0), cost(0, 1) + up];
  const back: number[][] = [];
  for (let t = 1; t < n; t++) {
    const from0 = [c[0]!, c[0]! + up];
    const from1 = [c[1]!, c[1]!];
    const prev = [from0[0]! <= from1[0]! ? 0 : 1, from0[1]! <= from1[1]! ? 0 : 1];
    back.push(prev);
    c = [Math.min(from0[0]!, from1[0]!) + cost(t, 0), Math.min(from0[1]!, from1[1]!) + cost(t, 1)];
  }
  const states = new Array<number>(n);
  states[n - 1] = c[0]! <= c[1]! ? 0 : 1;
  for (let t = n - 1; t > 0; t--) states[t - 1] = back[t - 1]![states[t]!]!;
  return states;
}

/** ln Γ(x) (Lanczos), for the binomial coefficients. */
function lgamma(x: number): number {
  const g = [676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  x -= 1;
  let a = 0.99999999999980993;
  const t = x + 7.5;
  for (let i = 0; i < 8; i++) a += g[i]! / (x + i + 1);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}
