// The quadratic network's direct step (math.md §2): Z = X U, r_i = ‖z_i‖² − y_i, W = (4/n) diag(r) Z.
import { gemm64 } from './gemm';

/**
 * Quadratic direct, for samples [from, to) of Z = X U (n×k): r_i = ‖z_i‖² − y_i (summed in
 * order) into r, and row i of W = scale · r_i z_i.
 */
function quadraticRows64(Z: usize, y: usize, r: usize, W: usize, k: i32, scale: f64, from: i32, to: i32): void {
  const stride = <usize>k << 3;
  for (let i = from; i < to; i++) {
    const z = Z + <usize>i * stride;
    let s: f64 = 0;
    for (let c = 0; c < k; c++) {
      const v = load<f64>(z + (<usize>c << 3));
      s = s + v * v;
    }
    const ri = s - load<f64>(y + (<usize>i << 3));
    store<f64>(r + (<usize>i << 3), ri);
    const coefficient = scale * ri;
    const w = W + <usize>i * stride;
    for (let c = 0; c < k; c++) store<f64>(w + (<usize>c << 3), coefficient * load<f64>(z + (<usize>c << 3)));
  }
}

/**
 * Samples [from, to) of a block: their rows of Z = X U (X block×d, U d×k packed by packB64 in
 * Up, Ap the gemm scratch of the block's rows), their residuals and their rows of W. Rows are
 * independent, so threads may take disjoint ranges (from on a multiple of the gemm's tile rows).
 */
export function quadraticSamples64(X: usize, Up: usize, Ap: usize, Z: usize, y: usize, r: usize, W: usize, d: i32, k: i32, scale: f64, from: i32, to: i32): void {
  gemm64(X, d, Up, Ap, Z, k, k, d, 1, 0, from, to);
  quadraticRows64(Z, y, r, W, k, scale, from, to);
}
