// The unregularized losses L(U) of math.md §2 and their gradients, one LossOperator per
// measurement model and implementation. All buffers are allocated in the constructor (or
// when a new k is first seen), never per call.
import { MEMORY_BUDGET_BYTES, formatBytes, gramFoldBytes } from './config';
import { addMatmulTransposed, addUpperGram, axpy, dot, matmul, matmulTransposed, outerGram, packedRowStart, scaleInPlace, transpose } from './linalg';
import type { HeldOutSet, LossOperator, OperatorChoice, OperatorKind, Problem } from './types';

const SQRT2 = Math.SQRT2;
const INV_SQRT2 = Math.SQRT1_2;

/** Flops of X = UUᵀ computed on its upper triangle (d(d+1)/2 dot products of length k). */
const outerGramFlops = (d: number, k: number): number => d * (d + 1) * k;
/** Flops of a d×d by d×k product. */
const squareTimesUFlops = (d: number, k: number): number => 2 * d * d * k;

/** A scratch buffer that grows to the largest length asked for and is reused afterwards. */
class GrowingBuffer {
  private data = new Float64Array(0);

  get(length: number): Float64Array {
    if (this.data.length < length) this.data = new Float64Array(length);
    return this.data;
  }
}

/** grad = scale · S U for S d×d and U d×k; `scratch` holds Uᵀ for the dot-product kernel. */
function scaledSquareTimesU(S: Float64Array, U: Float64Array, d: number, k: number, scale: number, grad: Float64Array, scratch: GrowingBuffer): void {
  matmul(S, U, d, d, k, grad, scratch.get(d * k));
  scaleInPlace(grad, scale, d * k);
}

/** Number of free entries of a symmetric d×d matrix, the length of svec. */
export const svecLength = (d: number): number => (d * (d + 1)) / 2;

/** Per-step flops: n residuals and n accumulations of d² each, then X = UUᵀ and (S + Sᵀ)U. */
const empiricalDirectFlops = (d: number, n: number, k: number): number =>
  4 * n * d * d + outerGramFlops(d, k) + squareTimesUFlops(d, k) + 2 * d * d + d * k;
/** Samples per block of the quadratic direct operator (bounds its scratch to O(block·(d + k))). */
const SAMPLE_BLOCK = 64;
/** Per-step flops: per sample Uᵀx_i (2dk), ‖z‖² (2k), its row of W (k) and its part of X_bᵀW (2dk); per block the adds into ∇L (dk). */
const quadraticDirectFlops = (d: number, n: number, k: number): number =>
  n * (4 * d * k + 3 * k + 2) + Math.ceil(n / SAMPLE_BLOCK) * d * k;
/** Per-step flops: the packed symmetric matvec (4 per stored entry), X = UUᵀ and S_sym U. */
const gramFlops = (d: number, k: number): number => {
  const m = svecLength(d);
  return 2 * m * (m + 1) + outerGramFlops(d, k) + squareTimesUFlops(d, k) + 6 * m + d * k;
};

/** Population loss L = ‖UUᵀ − M*‖_F², ∇L = 4 (UUᵀ − M*) U. */
export class PopulationOperator implements LossOperator {
  readonly kind: OperatorKind = 'population';
  readonly d: number;
  private readonly Mstar: Float64Array;
  private readonly E: Float64Array;
  /** Uᵀ, for the dot-product form of (UUᵀ − M*) U. */
  private readonly transposed = new GrowingBuffer();

  constructor(d: number, Mstar: Float64Array) {
    this.d = d;
    this.Mstar = Mstar;
    this.E = new Float64Array(d * d);
  }

  /** E = UUᵀ − M*; returns ‖E‖_F². */
  private residual(U: Float64Array, k: number): number {
    const { d, E, Mstar } = this;
    outerGram(U, d, k, E);
    const dd = d * d;
    let s0 = 0;
    let s1 = 0;
    let i = 0;
    for (; i + 1 < dd; i += 2) {
      const e0 = E[i] - Mstar[i];
      const e1 = E[i + 1] - Mstar[i + 1];
      E[i] = e0;
      E[i + 1] = e1;
      s0 += e0 * e0;
      s1 += e1 * e1;
    }
    for (; i < dd; i++) {
      const e = E[i] - Mstar[i];
      E[i] = e;
      s0 += e * e;
    }
    return s0 + s1;
  }

  value(U: Float64Array, k: number): number {
    return this.residual(U, k);
  }

  valueAndGradient(U: Float64Array, k: number, grad: Float64Array): number {
    const loss = this.residual(U, k);
    scaledSquareTimesU(this.E, U, this.d, k, 4, grad, this.transposed);
    return loss;
  }

  flopsPerStep(k: number): number {
    const d = this.d;
    return outerGramFlops(d, k) + 3 * d * d + squareTimesUFlops(d, k) + d * k;
  }
}

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
   */
  constructor(
    kind: 'gram' | 'quadratic-gram',
    d: number,
    y: Float64Array,
    writeSvec: (i: number, out: Float64Array, offset: number, stride: number) => void,
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
    this.fold(y, writeSvec);
  }

  /**
   * Builds G and b in blocks: Vt (m×B) holds B svec rows as columns, then G += Vt Vtᵀ on
   * the packed upper triangle.
   */
  private fold(y: Float64Array, writeSvec: (i: number, out: Float64Array, offset: number, stride: number) => void): void {
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
function empiricalSvec(A: Float64Array, d: number) {
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
function quadraticSvec(X: Float64Array, d: number) {
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

function directFlops(problem: Problem, k: number): number {
  const { d, n } = problem;
  return problem.model === 'quadratic' ? quadraticDirectFlops(d, n, k) : empiricalDirectFlops(d, n, k);
}

/**
 * The loss operator of a problem. The population model has one implementation. For the
 * empirical and quadratic models, 'auto' takes the Gram fold when one step of it costs fewer
 * flops than a direct step (roughly n > d²/8 for empirical sensing) and its packed Gram
 * matrix fits MEMORY_BUDGET_BYTES; otherwise the direct operator. The fold's one-time cost
 * (n·m²/2 multiply-adds, about d²/16 direct steps) is not weighed.
 */
export function createOperator(problem: Problem, choice: OperatorChoice, k: number): LossOperator {
  const { d } = problem;
  if (problem.model === 'population') {
    if (!problem.Mstar) throw new Error('the population model needs M*; supply "Mstar" in the problem file');
    return new PopulationOperator(d, problem.Mstar);
  }
  const y = problem.y;
  if (!y) throw new Error(`the ${problem.model} model needs measurements y`);
  const inputs = problem.model === 'empirical' ? problem.A : problem.X;
  if (!inputs) throw new Error(`the ${problem.model} model needs ${problem.model === 'empirical' ? 'sensing matrices A' : 'inputs X'}`);
  const fits = gramFoldBytes(d) <= MEMORY_BUDGET_BYTES;
  if (choice === 'gram' && !fits) {
    throw new Error(
      `the Gram fold for d = ${d} needs ${formatBytes(gramFoldBytes(d))}, over the ${formatBytes(MEMORY_BUDGET_BYTES)} budget; use operator "direct" or "auto"`,
    );
  }
  const useGram = choice === 'gram' || (choice === 'auto' && fits && gramFlops(d, k) < directFlops(problem, k));
  if (problem.model === 'empirical') {
    return useGram ? new GramOperator('gram', d, y, empiricalSvec(inputs, d)) : new EmpiricalDirectOperator(d, inputs, y);
  }
  return useGram ? new GramOperator('quadratic-gram', d, y, quadraticSvec(inputs, d)) : new QuadraticDirectOperator(d, inputs, y);
}

/**
 * The held-out loss L_test(U) of a problem's held-out set as a direct operator (value() only
 * is used, at checkpoints), or null without one. Direct, not Gram: n_test is small and the
 * loss is read once per checkpoint, so a fold would cost more than it saves.
 */
export function createHeldOutOperator(d: number, heldOut: HeldOutSet | null): LossOperator | null {
  if (!heldOut) return null;
  return heldOut.A !== null ? new EmpiricalDirectOperator(d, heldOut.A, heldOut.y) : new QuadraticDirectOperator(d, heldOut.X, heldOut.y);
}
