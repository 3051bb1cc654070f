// Greedy pruning of math.md §4: keep the columns whose norm reaches the threshold τ.

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
