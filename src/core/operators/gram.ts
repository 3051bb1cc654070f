import { addUpperGram, dot, outerGram, packedRowStart } from '../linalg';
import type { LossOperator, OperatorKind } from '../types';
import { gramFlops, GrowingBuffer, INV_SQRT2, scaledSquareTimesU, SQRT2, svecLength } from './shared';

/** Samples per block of the fold: G += VᵀV over B svec rows at a time. */
const FOLD_BLOCK = 64;

/**
 * Gram-folded loss (math.md §2). For symmetric X, ⟨A_i, X⟩ = v_iᵀ x with v_i = svec(A_i^sym)
 * and x = svec(X) (off-diagonal entries weighted by √2 so the inner products agree). So
 * L = (1/n)(xᵀGx − 2bᵀx + c) with G = Σ v_i v_iᵀ, b = Σ y_i v_i, c = Σ y_i². The gradient
 * Σ r_i v_i = Gx − b is svec of S_sym = Σ r_i A_i^sym, and ∇L = (4/n) S_sym U. A step costs
 * about m² + 2·d²·k multiply-adds (m = d(d+1)/2) whatever n is.
 * G is symmetric, so only its upper triangle is stored, row by row.
 */
export class GramOperator implements LossOperator {
  readonly kind: OperatorKind;
  readonly d: number;
  private readonly n: number;
  private readonly m: number;
  /** Packed upper triangle: row p holds G[p, p..m−1] starting at rowStart[p]. */
  private readonly G: Float64Array;
  private readonly rowStart: Int32Array;
  private readonly b: Float64Array;
  private readonly c: number;
  private readonly Xfull: Float64Array;
  private readonly x: Float64Array;
  private readonly g: Float64Array;
  private readonly S: Float64Array;
  private readonly transposed = new GrowingBuffer();

  /**
   * @param writeSvec writes svec(A_i^sym) of sample i into out[offset + p·stride] for p < m.
   * @param onProgress hears the fraction of the samples folded after each block.
   */
  constructor(
    kind: 'gram' | 'quadratic-gram',
    d: number,
    y: Float64Array,
    writeSvec: (i: number, out: Float64Array, offset: number, stride: number) => void,
    onProgress?: (fraction: number) => void,
  ) {
    this.kind = kind;
    this.d = d;
    this.n = y.length;
    const m = svecLength(d);
    this.m = m;
    this.rowStart = new Int32Array(m);
    for (let p = 0; p < m; p++) this.rowStart[p] = packedRowStart(p, m);
    this.G = new Float64Array((m * (m + 1)) / 2);
    this.b = new Float64Array(m);
    this.Xfull = new Float64Array(d * d);
    this.x = new Float64Array(m);
    this.g = new Float64Array(m);
    this.S = new Float64Array(d * d);
    let c = 0;
    for (let i = 0; i < this.n; i++) c += y[i] * y[i];
    this.c = c;
    this.fold(y, writeSvec, onProgress);
  }

  /**
   * Builds G and b in blocks: Vt (m×B) holds B svec rows as columns, then G += Vt Vtᵀ on
   * the packed upper triangle.
   */
  private fold(
    y: Float64Array,
    writeSvec: (i: number, out: Float64Array, offset: number, stride: number) => void,
    onProgress: ((fraction: number) => void) | undefined,
  ): void {
    const { m, n, G, b } = this;
    const B = FOLD_BLOCK;
    const Vt = new Float64Array(m * B);
    for (let start = 0; start < n; start += B) {
      const count = Math.min(B, n - start);
      // A short last block is zero-padded, so the tiles may always run over all B samples.
      if (count < B) Vt.fill(0);
      for (let t = 0; t < count; t++) writeSvec(start + t, Vt, t, B);
      for (let p = 0; p < m; p++) {
        let yv = 0;
        for (let t = 0; t < count; t++) yv += y[start + t] * Vt[p * B + t];
        b[p] += yv;
      }
      addUpperGram(Vt, m, B, G, true);
      onProgress?.((start + count) / n);
    }
  }

  /** x = svec(UUᵀ), g = G x (symmetric packed matvec); returns xᵀGx. */
  private quadraticForm(U: Float64Array, k: number): number {
    const { d, m, G, rowStart, Xfull, x, g } = this;
    outerGram(U, d, k, Xfull);
    let p = 0;
    for (let a = 0; a < d; a++) {
      x[p++] = Xfull[a * d + a];
      for (let bcol = a + 1; bcol < d; bcol++) x[p++] = SQRT2 * Xfull[a * d + bcol];
    }
    // Each stored G[r, q] (q > r) adds to both g[r] and g[q]; two rows at a time share the
    // loads of x[q] and g[q].
    g.fill(0);
    let r = 0;
    for (; r + 1 < m; r += 2) {
      const rowA = rowStart[r] - r;
      const rowB = rowStart[r + 1] - (r + 1);
      const xa = x[r];
      const xb = x[r + 1];
      const gab = G[rowA + r + 1];
      let accA = G[rowA + r] * xa + gab * xb;
      let accB = gab * xa + G[rowB + r + 1] * xb;
      let accA1 = 0;
      let accB1 = 0;
      let q = r + 2;
      for (; q + 1 < m; q += 2) {
        const a0 = G[rowA + q];
        const a1 = G[rowA + q + 1];
        const b0 = G[rowB + q];
        const b1 = G[rowB + q + 1];
        const x0 = x[q];
        const x1 = x[q + 1];
        accA += a0 * x0;
        accA1 += a1 * x1;
        accB += b0 * x0;
        accB1 += b1 * x1;
        g[q] += a0 * xa + b0 * xb;
        g[q + 1] += a1 * xa + b1 * xb;
      }
      if (q < m) {
        const a0 = G[rowA + q];
        const b0 = G[rowB + q];
        accA += a0 * x[q];
        accB += b0 * x[q];
        g[q] += a0 * xa + b0 * xb;
      }
      g[r] += accA + accA1;
      g[r + 1] += accB + accB1;
    }
    if (r < m) g[r] += G[rowStart[r]] * x[r];
    return dot(x, 0, g, 0, m);
  }

  value(U: Float64Array, k: number): number {
    return this.lossFrom(this.quadraticForm(U, k));
  }

  /**
   * (xᵀGx − 2bᵀx + c)/n. The three terms are each about mean(y²) and cancel near a perfect
   * fit, where rounding could leave a tiny negative number; L is a sum of squares, so it is
   * clamped at 0 (log-scale plots and rate fits would break on a negative loss).
   */
  private lossFrom(quadratic: number): number {
    return Math.max(0, (quadratic - 2 * dot(this.b, 0, this.x, 0, this.m) + this.c) / this.n);
  }

  valueAndGradient(U: Float64Array, k: number, grad: Float64Array): number {
    const { d, n, b, g, S } = this;
    const loss = this.lossFrom(this.quadraticForm(U, k));
    let p = 0;
    for (let a = 0; a < d; a++) {
      S[a * d + a] = g[p] - b[p];
      p++;
      for (let col = a + 1; col < d; col++) {
        const s = (g[p] - b[p]) * INV_SQRT2;
        S[a * d + col] = s;
        S[col * d + a] = s;
        p++;
      }
    }
    scaledSquareTimesU(S, U, d, k, 4 / n, grad, this.transposed);
    return loss;
  }

  flopsPerStep(k: number): number {
    return gramFlops(this.d, k);
  }
}

/** svec(A_i^sym): diagonal A_aa, off-diagonal (A_ab + A_ba)/√2. */
export function empiricalSvec(A: Float64Array, d: number) {
  const dd = d * d;
  return (i: number, out: Float64Array, offset: number, stride: number): void => {
    const base = i * dd;
    let at = offset;
    for (let a = 0; a < d; a++) {
      const ra = base + a * d;
      out[at] = A[ra + a];
      at += stride;
      for (let col = a + 1; col < d; col++) {
        out[at] = (A[ra + col] + A[base + col * d + a]) * INV_SQRT2;
        at += stride;
      }
    }
  };
}

/** svec(x_i x_iᵀ): diagonal x_a², off-diagonal √2 x_a x_b. */
export function quadraticSvec(X: Float64Array, d: number) {
  return (i: number, out: Float64Array, offset: number, stride: number): void => {
    const base = i * d;
    let at = offset;
    for (let a = 0; a < d; a++) {
      const xa = X[base + a];
      out[at] = xa * xa;
      at += stride;
      const scaled = SQRT2 * xa;
      for (let col = a + 1; col < d; col++) {
        out[at] = scaled * X[base + col];
        at += stride;
      }
    }
  };
}
