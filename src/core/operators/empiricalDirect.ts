import { axpy, dot, outerGram } from '../linalg';
import type { LossOperator, OperatorKind } from '../types';
import { empiricalDirectFlops, GrowingBuffer, scaledSquareTimesU } from './shared';

/**
 * Empirical loss, direct: r_i = ⟨A_i, X⟩ − y_i with X = UUᵀ formed once, L = (1/n) Σ r_i²,
 * and ∇L = (2/n)(S + Sᵀ) U with S = Σ r_i A_i, which is (2/n) Σ r_i (A_i + A_iᵀ) U.
 */
export class EmpiricalDirectOperator implements LossOperator {
  readonly kind: OperatorKind = 'direct';
  readonly d: number;
  private readonly n: number;
  private readonly A: Float64Array;
  private readonly y: Float64Array;
  private readonly X: Float64Array;
  private readonly S: Float64Array;
  private readonly transposed = new GrowingBuffer();

  constructor(d: number, A: Float64Array, y: Float64Array) {
    this.d = d;
    this.n = y.length;
    this.A = A;
    this.y = y;
    this.X = new Float64Array(d * d);
    this.S = new Float64Array(d * d);
  }

  /**
   * X = UUᵀ, then Σ r_i² over all samples and, when accumulate is set, S = Σ r_i A_i.
   * Samples go four at a time: their residuals share the loads of X, and the four A_i
   * (still in cache from the residual pass) update S in one pass.
   */
  private passOverSamples(U: Float64Array, k: number, accumulate: boolean): number {
    const { d, n, A, y, X, S } = this;
    const dd = d * d;
    outerGram(U, d, k, X);
    if (accumulate) S.fill(0);
    let sum = 0;
    let i = 0;
    for (; i + 3 < n; i += 4) {
      const o0 = i * dd;
      const o1 = o0 + dd;
      const o2 = o1 + dd;
      const o3 = o2 + dd;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let e = 0; e < dd; e++) {
        const x = X[e];
        s0 += A[o0 + e] * x;
        s1 += A[o1 + e] * x;
        s2 += A[o2 + e] * x;
        s3 += A[o3 + e] * x;
      }
      const r0 = s0 - y[i];
      const r1 = s1 - y[i + 1];
      const r2 = s2 - y[i + 2];
      const r3 = s3 - y[i + 3];
      sum += r0 * r0 + r1 * r1 + (r2 * r2 + r3 * r3);
      if (accumulate) {
        for (let e = 0; e < dd; e++) S[e] += r0 * A[o0 + e] + r1 * A[o1 + e] + r2 * A[o2 + e] + r3 * A[o3 + e];
      }
    }
    for (; i < n; i++) {
      const r = dot(A, i * dd, X, 0, dd) - y[i];
      sum += r * r;
      if (accumulate) axpy(r, A, i * dd, S, 0, dd);
    }
    return sum;
  }

  value(U: Float64Array, k: number): number {
    return this.passOverSamples(U, k, false) / this.n;
  }

  valueAndGradient(U: Float64Array, k: number, grad: Float64Array): number {
    const { d, n, S } = this;
    const sum = this.passOverSamples(U, k, true);
    // Symmetrize S in place: S ← S + Sᵀ.
    for (let a = 0; a < d; a++) {
      S[a * d + a] *= 2;
      for (let b = a + 1; b < d; b++) {
        const s = S[a * d + b] + S[b * d + a];
        S[a * d + b] = s;
        S[b * d + a] = s;
      }
    }
    scaledSquareTimesU(S, U, d, k, 2 / n, grad, this.transposed);
    return sum / n;
  }

  flopsPerStep(k: number): number {
    return empiricalDirectFlops(this.d, this.n, k);
  }
}

