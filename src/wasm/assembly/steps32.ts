// The float32 population step around gemm32: E = UUᵀ − M* in float32, its squared norm summed
// in float64 (d² terms would lose digits in float32).

/**
 * On the upper triangle of the d×d float32 matrices X and M, rows [from, to): X ← X − M
 * there, and rowSums[r] (float64) = row r's share of ‖X − M‖_F² of the symmetric whole, in
 * order (its diagonal entry once, each entry right of it twice). The caller adds the rows in order.
 */
export function residualRows32(X: usize, M: usize, d: i32, rowSums: usize, from: i32, to: i32): void {
  for (let r = from; r < to; r++) {
    const rowStart = <usize>r * <usize>d;
    const diagonalAt = (rowStart + <usize>r) << 2;
    const diagonal = load<f32>(X + diagonalAt) - load<f32>(M + diagonalAt);
    store<f32>(X + diagonalAt, diagonal);
    let offDiagonal: f64 = 0;
    for (let c = r + 1; c < d; c++) {
      const o = (rowStart + <usize>c) << 2;
      const e = load<f32>(X + o) - load<f32>(M + o);
      store<f32>(X + o, e);
      offDiagonal += <f64>e * <f64>e;
    }
    store<f64>(rowSums + (<usize>r << 3), <f64>diagonal * <f64>diagonal + 2 * offDiagonal);
  }
}

/**
 * Below this magnitude an entry of U goes into float32 as zero: a product of two such entries
 * would be a float32 subnormal (under 2⁻¹²⁶), which the CPU computes a hundred times slower,
 * and the pruned columns of a float32 run shrink past it within a thousand steps.
 */
// @ts-ignore: decorator
@inline const FLUSH_BELOW: f64 = 1.0842021724855044e-19; // 2⁻⁶³

/** Two float64 lanes in float32 (the low half of the result), |x| < 2⁻⁶³ as zero; andnot of "below the limit" keeps NaN and infinities, so a diverging run still shows them. */
// @ts-ignore: decorator
@inline export function demotePairFlushed(x: v128): v128 {
  return f32x4.demote_f64x2_zero(v128.andnot(x, f64x2.lt(f64x2.abs(x), f64x2.splat(FLUSH_BELOW))));
}

// @ts-ignore: decorator
@inline export function demoteFlushed(x: f64): f32 {
  return abs(x) < FLUSH_BELOW ? 0 : <f32>x;
}

/** dst (float32) = src (float64), `count` entries, with |x| < 2⁻⁶³ written as zero (NaN stays NaN). */
export function demoteFlushed32(src: usize, dst: usize, count: i32): void {
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const s = src + (<usize>i << 3);
    v128.store(dst + (<usize>i << 2), v128.shuffle<i64>(demotePairFlushed(v128.load(s)), demotePairFlushed(v128.load(s, 16)), 0, 2));
  }
  for (; i < count; i++) store<f32>(dst + (<usize>i << 2), demoteFlushed(load<f64>(src + (<usize>i << 3))));
}
