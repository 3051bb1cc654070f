// The float32 population step around gemm32: E = UUᵀ − M* in float32, its squared norm summed
// in float64 (d² terms would lose digits in float32).

/**
 * On the upper triangle of the d×d float32 matrices X and M: X ← X − M there, returning
 * ‖X − M‖_F² of the symmetric whole in float64, in order (the diagonal once, each other entry twice).
 */
export function residualUpper32(X: usize, M: usize, d: i32): f64 {
  let total: f64 = 0;
  for (let r = 0; r < d; r++) {
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
    total += <f64>diagonal * <f64>diagonal + 2 * offDiagonal;
  }
  return total;
}
