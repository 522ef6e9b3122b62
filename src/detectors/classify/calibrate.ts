/**
 * Platt scaling: P(class | score) = 1 / (1 + exp(A·score + B)), fitted by Newton's method on held-out
 * scores with Platt's smoothed targets ((N₊+1)/(N₊+2), 1/(N₋+2)) so that a small hold-out cannot
 * produce 0 or 1. The algorithm follows Lin, Lin & Weng, "A note on Platt's probabilistic outputs for
 * support vector machines" (Machine Learning, 2007).
 */
export interface Platt {
  a: number;
  b: number;
}

export function fitPlatt(scores: ArrayLike<number>, positive: ArrayLike<boolean>): Platt {
  const n = scores.length;
  let nPos = 0;
  for (let i = 0; i < n; i++) if (positive[i]) nPos++;
  const nNeg = n - nPos;
  const hi = (nPos + 1) / (nPos + 2);
  const lo = 1 / (nNeg + 2);
  const target = (i: number): number => (positive[i] ? hi : lo);
  let a = 0;
  let b = Math.log((nNeg + 1) / (nPos + 1));
  const f = (A: number, B: number): number => {
    let v = 0;
    for (let i = 0; i < n; i++) {
      const z = scores[i]! * A + B;
      const t = target(i);
      v += z >= 0 ? t * z + Math.log1p(Math.exp(-z)) : (t - 1) * z + Math.log1p(Math.exp(z));
    }
    return v;
  };
  let fval = f(a, b);
  for (let iter = 0; iter < 100; iter++) {
    let h11 = 1e-12;
    let h22 = 1e-12;
    let h21 = 0;
    let g1 = 0;
    let g2 = 0;
    for (let i = 0; i < n; i++) {
      const z = scores[i]! * a + b;
      const p = z >= 0 ? Math.exp(-z) / (1 + Math.exp(-z)) : 1 / (1 + Math.exp(z));
      const q = 1 - p;
      const d2 = p * q;
      h11 += scores[i]! * scores[i]! * d2;
      h22 += d2;
      h21 += scores[i]! * d2;
      const d1 = target(i) - p;
      g1 += scores[i]! * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < 1e-5 && Math.abs(g2) < 1e-5) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det;
    const dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    while (step >= 1e-10) {
      const na = a + step * dA;
      const nb = b + step * dB;
      const nf = f(na, nb);
      if (nf < fval + 1e-4 * step * gd) {
        a = na;
        b = nb;
        fval = nf;
        break;
      }
      step /= 2;
    }
    if (step < 1e-10) break;
  }
  return { a, b };
}

export const applyPlatt = (p: Platt, score: number): number => 1 / (1 + Math.exp(p.a * score + p.b));
