// Greedy pruning of math.md §4: keep the columns whose norm reaches the threshold τ.
import { testError } from './metrics';

/** 0-based indices i with norms[i] ≥ tau, in increasing order. */
export function keptColumns(norms: ArrayLike<number>, tau: number): number[] {
  const kept: number[] = [];
  for (let i = 0; i < norms.length; i++) if (norms[i] >= tau) kept.push(i);
  return kept;
}

/** U[:, kept] as a new d×|kept| row-major matrix. */
export function selectColumns(U: Float64Array, d: number, k: number, kept: readonly number[]): Float64Array {
  const m = kept.length;
  for (const c of kept) {
    if (!Number.isInteger(c) || c < 0 || c >= k) throw new RangeError(`column index ${c} is outside 0..${k - 1}`);
  }
  const out = new Float64Array(d * m);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < m; j++) out[i * m + j] = U[i * k + kept[j]];
  }
  return out;
}

/**
 * 0-based indices of the r largest norms, in increasing index order (ties go to the lower
 * index). All of them when r ≥ the number of norms.
 */
export function largestColumns(norms: ArrayLike<number>, r: number): number[] {
  const order = Array.from({ length: norms.length }, (_, i) => i).sort((a, b) => norms[b] - norms[a] || a - b);
  return order.slice(0, Math.max(0, r)).sort((a, b) => a - b);
}

/**
 * ‖VVᵀ − M*‖_F for V = the r largest columns of U (d×k): what pruning to exactly r columns
 * would leave, whatever threshold achieves it. For the unregularized model this is the
 * paper's negative result in one number.
 */
export function testErrorOfLargestColumns(U: Float64Array, d: number, k: number, norms: ArrayLike<number>, r: number, Mstar: Float64Array): number {
  const kept = largestColumns(norms, r);
  return testError(selectColumns(U, d, k, kept), d, kept.length, Mstar);
}
