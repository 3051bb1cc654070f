import { addMatmulTransposed, dot, matmulTransposed, transpose } from '../linalg';
import type { LossOperator, OperatorKind } from '../types';
import { GrowingBuffer, quadraticDirectFlops, SAMPLE_BLOCK } from './shared';

/**
 * Quadratic network, direct: z_i = Uᵀx_i, r_i = ‖z_i‖² − y_i, L = (1/n) Σ r_i²,
 * ∇L = (4/n) Σ r_i x_i z_iᵀ (= (4/n) Σ r_i x_i x_iᵀ U) at O(n·d·k) per step. Samples go in
 * blocks: Z = X_b U and the block's gradient X_bᵀ W (W = (4/n) diag(r) Z) run on the
 * dot-product kernel.
 */
export class QuadraticDirectOperator implements LossOperator {
  readonly kind: OperatorKind = 'quadratic-direct';
  readonly d: number;
  private readonly n: number;
  private readonly X: Float64Array;
  private readonly y: Float64Array;
  /** The block's inputs, as rows (block×d) and transposed (d×block). */
  private readonly block: Float64Array;
  private readonly blockT: Float64Array;
  private readonly transposed = new GrowingBuffer();
  private readonly projections = new GrowingBuffer();
  private readonly weighted = new GrowingBuffer();

  constructor(d: number, X: Float64Array, y: Float64Array) {
    this.d = d;
    this.n = y.length;
    this.X = X;
    this.y = y;
    this.block = new Float64Array(SAMPLE_BLOCK * d);
    this.blockT = new Float64Array(SAMPLE_BLOCK * d);
  }

  /** Σ r_i² over all samples; with grad, also writes ∇L into it. */
  private passOverSamples(U: Float64Array, k: number, grad: Float64Array | null): number {
    const { d, n, X, y, block, blockT } = this;
    const Ut = this.transposed.get(d * k);
    const Z = this.projections.get(SAMPLE_BLOCK * k);
    const W = this.weighted.get(SAMPLE_BLOCK * k);
    transpose(U, d, k, Ut);
    if (grad) grad.fill(0, 0, d * k);
    const scale = 4 / n;
    let sum = 0;
    for (let start = 0; start < n; start += SAMPLE_BLOCK) {
      const count = Math.min(SAMPLE_BLOCK, n - start);
      for (let t = 0; t < count; t++) {
        const from = (start + t) * d;
        for (let a = 0; a < d; a++) {
          const v = X[from + a];
          block[t * d + a] = v;
          blockT[a * count + t] = v;
        }
      }
      matmulTransposed(block, Ut, count, d, k, Z);
      for (let t = 0; t < count; t++) {
        const r = dot(Z, t * k, Z, t * k, k) - y[start + t];
        sum += r * r;
        if (grad) {
          const coefficient = scale * r;
          for (let c = 0; c < k; c++) W[c * count + t] = coefficient * Z[t * k + c];
        }
      }
      if (grad) addMatmulTransposed(blockT, W, d, count, k, grad);
    }
    return sum;
  }

  value(U: Float64Array, k: number): number {
    return this.passOverSamples(U, k, null) / this.n;
  }

  valueAndGradient(U: Float64Array, k: number, grad: Float64Array): number {
    return this.passOverSamples(U, k, grad) / this.n;
  }

  flopsPerStep(k: number): number {
    return quadraticDirectFlops(this.d, this.n, k);
  }
}
