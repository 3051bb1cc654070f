import { describe, expect, it } from 'vitest';
import { keptColumns, selectColumns } from './pruning';

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
});
