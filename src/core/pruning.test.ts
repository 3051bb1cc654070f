import { describe, expect, it } from 'vitest';
import { testError } from './metrics';
import { keptColumns, largestColumns, selectColumns, testErrorOfLargestColumns } from './pruning';

describe('pruning', () => {
  it('keeps the 0-based indices with norm ≥ τ, τ itself included', () => {
    expect(keptColumns([0.5, 0.01, 0.2, 0.1999, 0.9], 0.2)).toEqual([0, 2, 4]);
    expect(keptColumns([0.1, 0.1], 1)).toEqual([]);
    expect(keptColumns(new Float64Array([3, 0]), 0)).toEqual([0, 1]);
  });

  it('selects those columns of a row-major d×k matrix', () => {
    // 2×3: rows [1 2 3], [4 5 6]
    const U = new Float64Array([1, 2, 3, 4, 5, 6]);
    expect(Array.from(selectColumns(U, 2, 3, [0, 2]))).toEqual([1, 3, 4, 6]);
    expect(Array.from(selectColumns(U, 2, 3, [1]))).toEqual([2, 5]);
    expect(selectColumns(U, 2, 3, []).length).toBe(0);
    expect(() => selectColumns(U, 2, 3, [3])).toThrow(/outside 0..2/);
  });

  it('finds the r largest columns in index order, ties to the lower index', () => {
    expect(largestColumns([0.5, 0.01, 0.2, 0.9], 2)).toEqual([0, 3]);
    expect(largestColumns([1, 1, 1], 2)).toEqual([0, 1]);
    expect(largestColumns([0.3, 0.1], 5)).toEqual([0, 1]);
    expect(largestColumns([0.3, 0.1], 0)).toEqual([]);
  });

  it('measures the test error of keeping only the r largest columns', () => {
    // d = 2, k = 3: columns (1, 0), (0, 0.1), (0, 2); M* = diag(1, 4) is matched by columns 0 and 2.
    const U = new Float64Array([1, 0, 0, 0, 0.1, 2]);
    const norms = [1, 0.1, 2];
    const Mstar = new Float64Array([1, 0, 0, 4]);
    expect(testErrorOfLargestColumns(U, 2, 3, norms, 2, Mstar)).toBe(0);
    // Keeping only column 2 loses the (1, 1) entry: error 1. The whole U is off by 0.1² there.
    expect(testErrorOfLargestColumns(U, 2, 3, norms, 1, Mstar)).toBeCloseTo(1, 15);
    expect(testErrorOfLargestColumns(U, 2, 3, norms, 3, Mstar)).toBeCloseTo(testError(U, 2, 3, Mstar), 15);
    expect(testError(U, 2, 3, Mstar)).toBeCloseTo(0.01, 15);
  });
});
