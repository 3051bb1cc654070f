// Shared by the kernels: mode flags and how a row of a (possibly packed) matrix is addressed.

export const UPPER: i32 = 1;
export const PACKED: i32 = 2;
export const ACCUMULATE: i32 = 4;
/** A is symmetric (m×m, K = m) and only its upper triangle is stored. */
export const SYMMETRIC_A: i32 = 8;

/**
 * Byte address (elements of type T) of entry (row, 0) of C: row-major with stride ldc, or, when packed, of a packed
 * upper triangle whose row `row` starts at row·ldc − row(row−1)/2 (only columns ≥ row exist).
 */
// @ts-ignore: decorator
@inline export function rowPointer<T>(C: usize, ldc: i32, row: i32, packed: bool): usize {
  const r = <usize>row;
  const start = packed ? r * <usize>ldc - ((r * (r - 1)) >> 1) - r : r * <usize>ldc;
  return C + start * sizeof<T>();
}
