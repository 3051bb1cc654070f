// The float32 population step around gemm32: E = UUᵀ − M* in float32, its squared norm summed
// in float64 (d² terms would lose digits in float32).

/** dst (cols×rows) = srcᵀ for src rows×cols, float32. */
export function transpose32(src: usize, rows: i32, cols: i32, dst: usize): void {
  for (let i = 0; i < rows; i++) {
    const s = src + ((<usize>i * <usize>cols) << 2);
    for (let c = 0; c < cols; c++) store<f32>(dst + ((<usize>c * <usize>rows + <usize>i) << 2), load<f32>(s + (<usize>c << 2)));
  }
}

/** Copies the upper triangle of the d×d float32 matrix X onto its lower triangle. */
export function mirrorUpper32(X: usize, d: i32): void {
  for (let r = 1; r < d; r++) {
    const row = X + ((<usize>r * <usize>d) << 2);
    for (let c = 0; c < r; c++) store<f32>(row + (<usize>c << 2), load<f32>(X + ((<usize>c * <usize>d + <usize>r) << 2)));
  }
}

/** X ← X − M* over `count` float32 entries; returns Σ (X − M*)² in float64, in order. */
export function residual32(X: usize, M: usize, count: i32): f64 {
  let s: f64 = 0;
  for (let i = 0; i < count; i++) {
    const o = <usize>i << 2;
    const e = load<f32>(X + o) - load<f32>(M + o);
    store<f32>(X + o, e);
    s += <f64>e * <f64>e;
  }
  return s;
}
